/**
 * Random small tables for the property tests of issue 3: quasi-identifiers with random
 * hierarchies, a categorical sensitive column `s`, an integer sensitive column `y` (both with
 * missing cells), a row id `rid` (insensitive, to follow rows through a release) and random
 * l-diversity / t-closeness requirements.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';
import { at, type ModelSpec } from './oracle.js';

/** One drawn quasi-identifier: its domain, how its hierarchy groups, how tall it is. */
export interface QiDraw {
  kind: 'categorical' | 'integer';
  /** Distinct values (level 0). */
  domain: string[];
  height: number;
  /** For each level ≥ 1 below the top: the group of each label of the level below. */
  grouping: number[][];
  /** Number of groups per level (mod the labels below). */
  groupCounts: number[];
  /** The top level is one root. */
  singleRoot: boolean;
  /**
   * The last domain value is '' (a missing cell, held as null in the table): case B10's rule that
   * a missing quasi-identifier value is a value of its own until generalised.
   */
  missing: boolean;
}

export const qiDrawArb = (maxHeight: number): fc.Arbitrary<QiDraw> =>
  fc
    .record({
      kind: fc.constantFrom<'categorical' | 'integer'>('categorical', 'integer'),
      size: fc.integer({ min: 1, max: 5 }),
      height: fc.integer({ min: 1, max: maxHeight }),
      grouping: fc.array(fc.array(fc.nat({ max: 9 }), { minLength: 6, maxLength: 6 }), {
        minLength: 3,
        maxLength: 3,
      }),
      groupCounts: fc.array(fc.nat({ max: 9 }), { minLength: 3, maxLength: 3 }),
      singleRoot: fc.integer({ min: 0, max: 3 }).map((x) => x > 0),
      missing: fc.integer({ min: 0, max: 3 }).map((x) => x === 0),
    })
    .map((r) => ({
      kind: r.kind,
      domain: Array.from({ length: r.size }, (_, i) =>
        r.missing && i === r.size - 1 ? '' : r.kind === 'integer' ? String(10 * i - 7) : `v${i}`,
      ),
      height: r.height,
      grouping: r.grouping,
      groupCounts: r.groupCounts,
      singleRoot: r.singleRoot,
      missing: r.missing,
    }));

/**
 * The materialised rows `[value, level1, …, top]` of a drawn hierarchy. Labels above level 0 are
 * `<name>:<level>.<group>` (or `root` at a single top), so a label names exactly one node.
 */
export function hierarchyRows(q: QiDraw, name: string, root: string): string[][] {
  const paths = q.domain.map((v) => [v]);
  let below: string[] = [...q.domain];
  for (let l = 1; l < q.height; l++) {
    const parent = new Map<string, string>();
    if (l === q.height - 1 && q.singleRoot) {
      for (const label of below) parent.set(label, root);
    } else {
      const groups = 1 + (at(q.groupCounts, l - 1) % below.length);
      const grouping = at(q.grouping, l - 1);
      below.forEach((label, t) => {
        parent.set(label, `${name}:${l}.${at(grouping, t % grouping.length) % groups}`);
      });
    }
    for (const path of paths) path.push(parent.get(at(path, l - 1)) as string);
    below = [...new Set(parent.values())];
  }
  return paths;
}

/** Sensitive cells: mostly a few values, sometimes missing. */
const sArb = fc.constantFrom<string | null>('a', 'a', 'b', 'b', 'c', 'd', '', null, 'NA');
const yArb = fc.constantFrom<number | null>(1, 1, 2, 3, 3, 5, 8, null);

/** A random sensitive model on `s` or `y`. */
export const modelArb: fc.Arbitrary<ModelSpec> = fc.oneof(
  fc.record({
    model: fc.constant('l-diversity' as const),
    column: fc.constantFrom('s', 'y'),
    variant: fc.constantFrom('distinct' as const),
    l: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({
    model: fc.constant('l-diversity' as const),
    column: fc.constantFrom('s', 'y'),
    variant: fc.constantFrom('entropy' as const),
    l: fc.constantFrom(1, 1.5, 2, 2.5, 3),
  }),
  fc.record({
    model: fc.constant('l-diversity' as const),
    column: fc.constantFrom('s', 'y'),
    variant: fc.constantFrom('recursive' as const),
    l: fc.integer({ min: 2, max: 3 }),
    c: fc.constantFrom(0.5, 1, 2, 3, 4),
  }),
  fc
    .record({
      column: fc.constantFrom('s', 'y'),
      t: fc.constantFrom(0, 0.1, 0.2, 0.3, 0.5, 0.8, 1),
      distance: fc.constantFrom<'equal' | 'ordered' | undefined>('equal', 'ordered', undefined),
    })
    .map((r): ModelSpec => {
      // The ordered distance is asked for only on the numeric column.
      const distance = r.column === 's' && r.distance === 'ordered' ? 'equal' : r.distance;
      return distance === undefined
        ? { model: 't-closeness', column: r.column, t: r.t }
        : { model: 't-closeness', column: r.column, t: r.t, distance };
    }),
);

/**
 * t-closeness on `s` with the hierarchical distance (named, or the default when `s` has a
 * hierarchy); {@link fitModels} turns it into the equal distance when `s` has none.
 */
export const hierarchicalModelArb: fc.Arbitrary<ModelSpec> = fc
  .record({
    t: fc.constantFrom(0, 0.1, 0.2, 0.3, 0.5, 0.8),
    named: fc.boolean(),
  })
  .map((r): ModelSpec =>
    r.named
      ? { model: 't-closeness', column: 's', t: r.t, distance: 'hierarchical' }
      : { model: 't-closeness', column: 's', t: r.t },
  );

/** The hierarchies `s` may have (single root, so the tree height is the row length − 1). */
export const S_TREES: readonly (readonly (readonly string[])[])[] = [
  // H = 2: {a, b} and {c, d}.
  [
    ['a', 'ab', '*'],
    ['b', 'ab', '*'],
    ['c', 'cd', '*'],
    ['d', 'cd', '*'],
  ],
  // H = 3, with single-child nodes: a and b alone below ab, c and d together.
  [
    ['a', 'a1', 'ab', '*'],
    ['b', 'b1', 'ab', '*'],
    ['c', 'c1', 'cd', '*'],
    ['d', 'c1', 'cd', '*'],
  ],
  // H = 3, unbalanced: a apart from {b, c, d}.
  [
    ['a', 'a1', 'a2', '*'],
    ['b', 'b1', 'bcd', '*'],
    ['c', 'cd', 'bcd', '*'],
    ['d', 'cd', 'bcd', '*'],
  ],
];

/** Models fitted to a table: the hierarchical distance only when `s` has a hierarchy. */
export function fitModels(models: readonly ModelSpec[], sTree: number): ModelSpec[] {
  return models.map((m) =>
    m.model === 't-closeness' && m.column === 's' && sTree === 0 && m.distance === 'hierarchical'
      ? { ...m, distance: 'equal' }
      : m,
  );
}

/** One random table with its quasi-identifiers and sensitive columns. */
export interface TableDraw {
  qis: QiDraw[];
  /** cells[i][j]: index (mod domain size) of row i's value of QI j. */
  cells: number[][];
  s: (string | null)[];
  y: (number | null)[];
  /** 0: `s` has no hierarchy; i > 0: it has `S_TREES[i − 1]`. */
  sTree: number;
}

export const tableArb = (
  minQis: number,
  maxQis: number,
  maxHeight: number,
  maxRows: number,
): fc.Arbitrary<TableDraw> =>
  fc
    .record({
      qis: fc.array(qiDrawArb(maxHeight), { minLength: minQis, maxLength: maxQis }),
      cells: fc.array(
        fc.array(
          fc.oneof(
            { weight: 3, arbitrary: fc.nat({ max: 1 }) },
            { weight: 1, arbitrary: fc.nat({ max: 5 }) },
          ),
          { minLength: 3, maxLength: 3 },
        ),
        { minLength: 4, maxLength: maxRows, size: 'max' },
      ),
      s: fc.array(sArb, { minLength: maxRows, maxLength: maxRows }),
      y: fc.array(yArb, { minLength: maxRows, maxLength: maxRows }),
      sTree: fc.integer({ min: 0, max: S_TREES.length }),
    })
    .map((r) => ({
      qis: r.qis,
      cells: r.cells,
      s: r.s.slice(0, r.cells.length),
      y: r.y.slice(0, r.cells.length),
      sTree: r.sTree,
    }));

/** A drawn table made concrete: the Dataset and what the oracles need. */
export interface BuiltTable {
  n: number;
  dataset: Dataset;
  qiNames: string[];
  /** Hierarchy rows of each QI. */
  hierarchies: string[][][];
  /** Each QI's value in each row, as text. */
  qiValues: string[][];
  /** The sensitive columns' cells, by name, as the oracles read them (the token `NA` as null). */
  sensitive: Record<string, readonly unknown[]>;
  /** The sensitive columns' cells as in the table (releases pass them through unchanged). */
  raw: Record<string, readonly unknown[]>;
  numeric: Record<string, boolean>;
  /** The sensitive columns' hierarchy rows, when they have one. */
  trees: Record<string, readonly (readonly string[])[]>;
}

/**
 * Builds the Dataset: QIs `q0…` (with their hierarchy, root label `root`), `s`, `y`, `rid` and an
 * identifier `pid` (removed by every method).
 */
export function buildTable(draw: TableDraw, root = 'ANY'): BuiltTable {
  const n = draw.cells.length;
  const data: Record<string, unknown[]> = {};
  const columns: ColumnSpec[] = [];
  const qiNames: string[] = [];
  const hierarchies: string[][][] = [];
  const qiValues: string[][] = [];
  data.pid = draw.cells.map((_, i) => `P${i}`);
  columns.push({ name: 'pid', type: 'categorical', role: 'identifier' });
  draw.qis.forEach((q, j) => {
    const name = `q${j}`;
    const rows = hierarchyRows(q, name, root);
    const texts = draw.cells.map((row) => at(q.domain, at(row, j) % q.domain.length));
    qiNames.push(name);
    hierarchies.push(rows);
    qiValues.push(texts);
    // A missing cell is null, or (categorical, every other row) the empty string.
    data[name] = texts.map((v, i) =>
      v === ''
        ? q.kind === 'integer' || i % 2 === 0
          ? null
          : ''
        : q.kind === 'integer'
          ? Number(v)
          : v,
    );
    columns.push({
      name,
      type: q.kind,
      role: 'quasi-identifier',
      hierarchy: new Hierarchy(rows, { attribute: name }),
    });
  });
  data.s = draw.s;
  data.y = draw.y;
  data.rid = draw.cells.map((_, i) => i);
  // `s` declares the token NA as missing (as the CSV reader's missing-value tokens do).
  const sTree = S_TREES[draw.sTree - 1];
  columns.push({
    name: 's',
    type: 'categorical',
    role: 'sensitive',
    missing: ['NA'],
    ...(sTree === undefined ? {} : { hierarchy: new Hierarchy(sTree, { attribute: 's' }) }),
  });
  columns.push({ name: 'y', type: 'integer', role: 'sensitive' });
  columns.push({ name: 'rid', type: 'integer', role: 'insensitive' });
  return {
    n,
    dataset: { table: aq.table(data), columns },
    qiNames,
    hierarchies,
    qiValues,
    sensitive: { s: draw.s.map((v) => (v === 'NA' ? null : v)), y: draw.y },
    raw: { s: draw.s, y: draw.y },
    numeric: { s: false, y: true },
    trees: sTree === undefined ? {} : { s: sTree },
  };
}
