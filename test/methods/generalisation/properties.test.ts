/**
 * Property tests for optimal full-domain generalisation (`methods/generalisation/optimal.ts`).
 *
 * Every expected value is computed independently by a brute-force oracle over the whole
 * generalisation lattice (`brute/lattice.ts`), from the definitions of k-anonymity with a
 * record-suppression limit and of the five information-loss metrics. Nothing here reads or reuses
 * the implementation's internals.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optimalGeneralisation } from '../../../methods/generalisation/optimal.js';
import type { OptimalGeneralisationOptions } from '../../../methods/generalisation/optimal.js';
import { DatanonymeError } from '../../../src/errors.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset, Release } from '../../../src/types.js';
import {
  BruteLattice,
  METRICS,
  bruteOptimum,
  close,
  dominates,
  type Metric,
  type NodeEvaluation,
} from './brute/lattice.js';

const RUNS = 200;

// ---------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------

/** How one quasi-identifier and its hierarchy are drawn. */
interface QiDraw {
  kind: 'categorical' | 'integer' | 'decimal';
  /** Every value of the hierarchy (level 0); the data uses only the first `used` of them. */
  domain: (string | number)[];
  used: number;
  height: number;
  /** When true (and height ≥ 2), the top level is a single root label. */
  singleRoot: boolean;
  /** For level l ≥ 1: how many groups (mod the number of labels below) … */
  groupCounts: number[];
  /** … and which group each label of level l − 1 joins (mod the number of groups). */
  grouping: number[][];
  /** When true, a group is named after its first member, so labels recur across levels. */
  reuseLabels: boolean;
}

/** One complete random case. */
interface Scenario {
  qis: QiDraw[];
  /** cells[i][j]: index (mod used) into QI j's domain for row i. */
  cells: number[][];
  k: number;
  limit: number;
  omitLimit: boolean;
  metric: Metric | undefined;
  drop: boolean | undefined;
  token: string | undefined;
  numeric: number[] | null;
  text: string[] | null;
  identifier: boolean;
  /** Sort keys giving the column order. */
  order: number[];
}

const categoricalDomain = fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,3}$/), {
  minLength: 1,
  maxLength: 7,
});
const integerDomain = fc.uniqueArray(fc.integer({ min: -20, max: 130 }), {
  minLength: 1,
  maxLength: 7,
});

const qiArb: fc.Arbitrary<QiDraw> = fc
  .record({
    kind: fc.constantFrom<'categorical' | 'integer' | 'decimal'>(
      'categorical',
      'integer',
      'decimal',
    ),
    categorical: categoricalDomain,
    integer: integerDomain,
    used: fc.integer({ min: 1, max: 7 }),
    height: fc.integer({ min: 1, max: 4 }),
    singleRoot: fc.integer({ min: 0, max: 4 }).map((x) => x > 0),
    groupCounts: fc.array(fc.nat({ max: 20 }), { minLength: 3, maxLength: 3 }),
    reuseLabels: fc.boolean(),
    grouping: fc.array(fc.array(fc.nat({ max: 20 }), { minLength: 7, maxLength: 7 }), {
      minLength: 3,
      maxLength: 3,
    }),
  })
  .map((r) => ({
    kind: r.kind,
    domain:
      r.kind === 'categorical'
        ? r.categorical
        : r.kind === 'integer'
          ? r.integer
          : r.integer.map((x) => x / 4),
    used: r.used,
    height: r.height,
    singleRoot: r.singleRoot,
    groupCounts: r.groupCounts,
    grouping: r.grouping,
    reuseLabels: r.reuseLabels,
  }));

const limitArb = fc.oneof(
  fc.constantFrom(0, 0.05, 0.1, 0.3),
  fc.integer({ min: 0, max: 1000 }).map((x) => x / 1000),
  fc.integer({ min: 0, max: 300 }).map((x) => x / 1000),
  fc.double({ min: 0, max: 1, noNaN: true }),
);

const numericCell = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc
    .double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })
    .filter((x) => !Object.is(x, -0)),
);

/** Skewed: mostly one of two common values, sometimes any value (outliers worth suppressing). */
const cellArb = fc.oneof(
  { weight: 3, arbitrary: fc.nat({ max: 1 }) },
  { weight: 2, arbitrary: fc.nat({ max: 1000 }) },
);

const MAX_ROWS = 40;

/**
 * Drawn without `chain` so that every part shrinks on its own: rows are drawn with 4 cells and
 * cut to the number of QIs, the extra columns with 40 values and cut to the number of rows, and
 * k is folded into 1..n.
 */
const scenarioArb: fc.Arbitrary<Scenario> = fc
  .record({
    qis: fc.array(qiArb, { minLength: 1, maxLength: 4 }),
    cells: fc.array(fc.array(cellArb, { minLength: 4, maxLength: 4 }), {
      minLength: 1,
      maxLength: MAX_ROWS,
      size: 'max',
    }),
    k: fc.oneof(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: MAX_ROWS })),
    limit: limitArb,
    omitLimit: fc.boolean(),
    metric: fc.constantFrom<Metric | undefined>(undefined, ...METRICS),
    drop: fc.constantFrom<boolean | undefined>(undefined, false, true),
    token: fc.constantFrom<string | undefined>(undefined, '<S>', 'SUPP'),
    numeric: fc.option(fc.array(numericCell, { minLength: MAX_ROWS, maxLength: MAX_ROWS })),
    text: fc.option(
      fc.array(fc.constantFrom('flu', 'asthma', 'diabetes', 'migraine', ''), {
        minLength: MAX_ROWS,
        maxLength: MAX_ROWS,
      }),
    ),
    identifier: fc.boolean(),
    order: fc.array(fc.nat({ max: 100 }), { minLength: 7, maxLength: 7 }),
  })
  .map((r) => {
    const n = r.cells.length;
    return {
      ...r,
      cells: r.cells.map((row) => row.slice(0, r.qis.length)),
      k: ((r.k - 1) % n) + 1,
      numeric: r.numeric === null ? null : r.numeric.slice(0, n),
      text: r.text === null ? null : r.text.slice(0, n),
    };
  });

// ---------------------------------------------------------------------------------------------
// Building a case: the Dataset for the implementation, the oracle for the checks
// ---------------------------------------------------------------------------------------------

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`test: index ${i} out of range (${xs.length})`);
  return x;
}

/** Materialised hierarchy rows for a drawn QI: a tree built by grouping labels level by level. */
function hierarchyRows(q: QiDraw, name: string, rootLabel: string): string[][] {
  const values = q.domain.map(String);
  const paths = values.map((v) => [v]);
  let level: string[] = values; // the distinct labels of the level below
  for (let l = 1; l < q.height; l++) {
    const parent = new Map<string, string>();
    if (l === q.height - 1 && q.singleRoot) {
      for (const label of level) parent.set(label, rootLabel);
    } else {
      const groups = 1 + (at(q.groupCounts, l - 1) % level.length);
      const grouping = at(q.grouping, l - 1);
      const names = new Map<number, string>();
      level.forEach((label, t) => {
        const g = at(grouping, t % grouping.length) % groups;
        if (!names.has(g)) names.set(g, q.reuseLabels ? label : `${name}:${l}.${g}`);
        parent.set(label, names.get(g) ?? '');
      });
    }
    for (const path of paths) {
      const below = at(path, l - 1);
      const p = parent.get(below);
      if (p === undefined) throw new Error('test: broken grouping');
      path.push(p);
    }
    level = [...new Set(parent.values())];
  }
  return paths;
}

interface Case {
  scenario: Scenario;
  n: number;
  dataset: Dataset;
  options: OptimalGeneralisationOptions;
  qiNames: string[];
  /** The suppression token in effect. */
  token: string;
  limit: number;
  metric: Metric;
  drop: boolean;
  oracle: BruteLattice;
  all: NodeEvaluation[];
  /** Names and original arrays of the non-QI, non-identifier columns. */
  passthrough: { name: string; values: unknown[] }[];
  identifierNames: string[];
  columnOrder: string[];
}

function buildCase(s: Scenario): Case {
  const n = s.cells.length;
  const token = s.token ?? '*';
  const rootLabel = token === '*' ? 'ANY' : '*';
  const columns: { spec: ColumnSpec; values: unknown[]; key: number }[] = [];
  const qiNames: string[] = [];
  const bruteQis = s.qis.map((q, j) => {
    const name = `q${j}`;
    qiNames.push(name);
    const rows = hierarchyRows(q, name, rootLabel);
    const used = Math.min(q.used, q.domain.length);
    const values = s.cells.map((row) => at(q.domain, at(row, j) % used));
    columns.push({
      spec: {
        name,
        type: q.kind,
        role: 'quasi-identifier',
        hierarchy: new Hierarchy(rows, { attribute: name }),
      },
      values,
      key: at(s.order, j),
    });
    return { name, hierarchy: rows, values: values.map(String) };
  });
  const passthrough: { name: string; values: unknown[] }[] = [];
  if (s.numeric !== null) {
    columns.push({
      spec: { name: 'num', type: 'decimal', role: 'insensitive' },
      values: s.numeric,
      key: at(s.order, 4),
    });
    passthrough.push({ name: 'num', values: s.numeric });
  }
  if (s.text !== null) {
    columns.push({
      spec: { name: 'txt', type: 'categorical', role: 'sensitive' },
      values: s.text,
      key: at(s.order, 5),
    });
    passthrough.push({ name: 'txt', values: s.text });
  }
  const identifierNames: string[] = [];
  if (s.identifier) {
    columns.push({
      spec: { name: 'pid', type: 'categorical', role: 'identifier' },
      values: s.cells.map((_, i) => `P${1000 + i}`),
      key: at(s.order, 6),
    });
    identifierNames.push('pid');
  }
  columns.sort((a, b) => a.key - b.key || a.spec.name.localeCompare(b.spec.name));
  const tableData: Record<string, unknown[]> = {};
  for (const c of columns) tableData[c.spec.name] = c.values;
  const dataset: Dataset = {
    table: aq.table(tableData),
    columns: columns.map((c) => c.spec),
  };
  const limit = s.limit;
  const options: OptimalGeneralisationOptions = { k: s.k };
  if (!(s.omitLimit && s.limit === 0)) options.suppressionLimit = s.limit;
  if (s.metric !== undefined) options.metric = s.metric;
  if (s.drop !== undefined) options.dropSuppressed = s.drop;
  if (s.token !== undefined) options.suppressionToken = s.token;
  const oracle = new BruteLattice(bruteQis, n);
  return {
    scenario: s,
    n,
    dataset,
    options,
    qiNames,
    token,
    limit,
    metric: s.metric ?? 'loss',
    drop: s.drop ?? false,
    oracle,
    all: oracle.evaluateAll(s.k, limit),
    passthrough,
    identifierNames,
    columnOrder: columns.map((c) => c.spec.name),
  };
}

function satisfiable(c: Case): boolean {
  return c.all.some((e) => e.satisfies);
}

/** The chosen node, read from `details.transformation`, checked for shape. */
function chosenNode(c: Case, release: Release): number[] {
  const t = release.details.transformation as Record<string, unknown> | undefined;
  expect(t).toBeTypeOf('object');
  expect(Object.keys(t ?? {}).sort()).toEqual([...c.qiNames].sort());
  return c.qiNames.map((name, j) => {
    const level = (t ?? {})[name];
    expect(Number.isInteger(level)).toBe(true);
    const l = level as number;
    expect(l).toBeGreaterThanOrEqual(0);
    expect(l).toBeLessThan(at(c.oracle.heights, j));
    return l;
  });
}

function evaluationOf(c: Case, node: readonly number[]): NodeEvaluation {
  const e = c.all.find((x) => x.node.every((l, j) => l === at(node, j)));
  if (e === undefined) throw new Error(`node ${JSON.stringify(node)} is not in the lattice`);
  return e;
}

function column(release: Release, name: string): unknown[] {
  return Array.from(release.table.array(name) as ArrayLike<unknown>);
}

/** For each released row, the index of the input row it comes from. */
function sourceRows(c: Case, suppressed: readonly boolean[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < c.n; i++) if (!(c.drop && at(suppressed, i))) out.push(i);
  return out;
}

const property = (
  name: string,
  seed: number,
  check: (c: Case) => void,
  wanted: (c: Case) => boolean = satisfiable,
): void => {
  it(name, () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const c = buildCase(s);
        fc.pre(wanted(c));
        check(c);
      }),
      { numRuns: RUNS, seed },
    );
  });
};

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('optimalGeneralisation — properties against a brute-force lattice search', () => {
  property('1. the release is k-anonymous within the suppression limit', 0x5eed01, (c) => {
    const release = optimalGeneralisation(c.dataset, c.options);
    const cells = c.qiNames.map((q) => column(release, q));
    const rowsOut = release.table.numRows();
    const classes = new Map<string, number>();
    let tokenRows = 0;
    for (let r = 0; r < rowsOut; r++) {
      const tuple = cells.map((col) => at(col, r));
      if (tuple.every((v) => v === c.token)) {
        tokenRows++;
        continue;
      }
      const key = JSON.stringify(tuple);
      classes.set(key, (classes.get(key) ?? 0) + 1);
    }
    const suppressed = c.drop ? c.n - rowsOut + tokenRows : tokenRows;
    expect(suppressed).toBeLessThanOrEqual(Math.floor(c.limit * c.n + 1e-9));
    const sizes = [...classes.values()];
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(c.scenario.k);
    expect(release.details.classes).toBe(sizes.length);
    const minClassSize = release.details.minClassSize;
    if (sizes.length > 0) {
      expect(minClassSize).toBe(Math.min(...sizes));
      expect(Number.isInteger(minClassSize)).toBe(true);
    } else if (typeof minClassSize === 'number') {
      // Everything suppressed: no class is left; the value is unspecified but must be an integer.
      expect(Number.isInteger(minClassSize)).toBe(true);
    }
  });

  property(
    '2. each QI cell is the ancestor at the chosen level, or the token on a suppressed row',
    0x5eed02,
    (c) => {
      const release = optimalGeneralisation(c.dataset, c.options);
      const node = chosenNode(c, release);
      const e = evaluationOf(c, node);
      const sources = sourceRows(c, e.suppressed);
      expect(release.table.numRows()).toBe(sources.length);
      c.qiNames.forEach((q, j) => {
        const cells = column(release, q);
        sources.forEach((i, r) => {
          const cell = at(cells, r);
          if (at(e.suppressed, i)) {
            expect(cell).toBe(c.token);
          } else {
            expect(cell).toBeTypeOf('string');
            // The original value (as text) or one of its ancestors …
            const ancestors = Array.from({ length: at(c.oracle.heights, j) }, (_, l) =>
              c.oracle.label(j, i, l),
            );
            expect(ancestors).toContain(cell);
            // … specifically the one at the chosen level.
            expect(cell).toBe(c.oracle.label(j, i, at(node, j)));
          }
        });
      });
    },
  );

  property(
    '3. other columns pass through unchanged, identifiers are removed, accounting adds up',
    0x5eed03,
    (c) => {
      const release = optimalGeneralisation(c.dataset, c.options);
      const node = chosenNode(c, release);
      const e = evaluationOf(c, node);
      const sources = sourceRows(c, e.suppressed);
      expect(release.table.columnNames()).toEqual(
        c.columnOrder.filter((name) => !c.identifierNames.includes(name)),
      );
      for (const name of c.identifierNames) {
        expect(release.table.columnNames()).not.toContain(name);
        expect(release.columns.map((spec) => spec.name)).not.toContain(name);
      }
      for (const { name, values } of c.passthrough) {
        const out = column(release, name);
        const expected = sources.map((i) => at(values, i));
        expect(out).toEqual(expected);
        expect(out.map((v) => typeof v)).toEqual(expected.map((v) => typeof v));
      }
      const rowsOut = release.table.numRows();
      expect(release.accounting).toEqual({
        rowsIn: c.n,
        rowsOut,
        suppressedRows: e.suppressedCount,
        suppressedCells: e.suppressedCount * c.qiNames.length,
      });
      expect(release.accounting.rowsIn).toBe(
        release.accounting.rowsOut + (c.drop ? release.accounting.suppressedRows : 0),
      );
    },
  );

  property(
    '4. the chosen node is optimal for the metric and all five losses match',
    0x5eed04,
    (c) => {
      const release = optimalGeneralisation(c.dataset, c.options);
      const node = chosenNode(c, release);
      const e = evaluationOf(c, node);
      expect(e.satisfies).toBe(true);
      const best = bruteOptimum(c.all, c.metric);
      expect(best).toBeDefined();
      const reported = release.details.informationLoss as Record<string, unknown>;
      const chosenValue = reported[c.metric];
      expect(chosenValue).toBeTypeOf('number');
      const bestNode = c.all.find(
        (x) => x.satisfies && close(x.metrics[c.metric], best ?? NaN),
      )?.node;
      const where =
        `metric ${c.metric}: chosen node ${JSON.stringify(node)} reports ${String(chosenValue)} ` +
        `(brute force at that node: ${e.metrics[c.metric]}); brute-force optimum ${String(best)} ` +
        `at ${JSON.stringify(bestNode)}`;
      expect(close(chosenValue as number, best ?? NaN), where).toBe(true);
      expect(close(e.metrics[c.metric], best ?? NaN), where).toBe(true);
      for (const metric of METRICS) {
        const value = reported[metric];
        expect(value, `informationLoss.${metric}`).toBeTypeOf('number');
        expect(
          close(value as number, e.metrics[metric]),
          `informationLoss.${metric} at node ${JSON.stringify(node)}: reported ${String(value)}, ` +
            `brute force ${e.metrics[metric]}`,
        ).toBe(true);
      }
      expect(release.details.latticeSize).toBe(c.oracle.size());
      const checked = release.details.nodesChecked;
      expect(Number.isInteger(checked)).toBe(true);
      expect(checked as number).toBeGreaterThanOrEqual(1);
      expect(checked as number).toBeLessThanOrEqual(c.oracle.size());
    },
  );

  property('5. every node above the chosen one also satisfies', 0x5eed05, (c) => {
    const release = optimalGeneralisation(c.dataset, c.options);
    const node = chosenNode(c, release);
    expect(evaluationOf(c, node).satisfies).toBe(true);
    for (const e of c.all) {
      if (dominates(e.node, node)) {
        expect(
          e.satisfies,
          `node ${JSON.stringify(e.node)} ≥ ${JSON.stringify(node)} does not satisfy`,
        ).toBe(true);
      }
    }
  });

  property('6. two runs give identical releases', 0x5eed06, (c) => {
    const a = optimalGeneralisation(c.dataset, c.options);
    const b = optimalGeneralisation(c.dataset, c.options);
    expect(b.table.columnNames()).toEqual(a.table.columnNames());
    for (const name of a.table.columnNames()) expect(column(b, name)).toEqual(column(a, name));
    expect(b.accounting).toEqual(a.accounting);
    expect(b.details.transformation).toEqual(a.details.transformation);
    expect(b.details.informationLoss).toEqual(a.details.informationLoss);
  });

  property(
    '7. when no node satisfies k within the limit, it throws IMPOSSIBLE',
    0x5eed07,
    (c) => {
      let caught: unknown;
      try {
        optimalGeneralisation(c.dataset, c.options);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(DatanonymeError);
      expect((caught as DatanonymeError).code).toBe('IMPOSSIBLE');
    },
    (c) => !satisfiable(c),
  );
});

// ---------------------------------------------------------------------------------------------
// Examples
// ---------------------------------------------------------------------------------------------

function b07(): Dataset {
  const age = new Hierarchy(
    [
      ['34', '[30,40[', '<50', '*'],
      ['45', '[40,50[', '<50', '*'],
      ['66', '[60,70[', '>=50', '*'],
      ['70', '[70,80[', '>=50', '*'],
    ],
    { attribute: 'age' },
  );
  const postcode = new Hierarchy(
    [
      ['13008', '1300[5-9]', '*'],
      ['13001', '1300[0-4]', '*'],
      ['13005', '1300[5-9]', '*'],
    ],
    { attribute: 'postcode' },
  );
  return {
    table: aq.table({
      age: [34, 45, 66, 70],
      postcode: ['13008', '13001', '13005', '13005'],
      condition: ['flu', 'asthma', 'flu', 'diabetes'],
    }),
    columns: [
      { name: 'age', type: 'integer', role: 'quasi-identifier', hierarchy: age },
      { name: 'postcode', type: 'categorical', role: 'quasi-identifier', hierarchy: postcode },
      { name: 'condition', type: 'categorical', role: 'sensitive' },
    ],
  };
}

function b08(): Dataset {
  const ages = [31, 33, 36, 38, 42, 44, 47, 49];
  const bin = (a: number, w: number): string => {
    const lo = Math.floor(a / w) * w;
    return `[${lo},${lo + w}[`;
  };
  return {
    table: aq.table({
      sex: ages.map(() => 'F'),
      age: ages,
      condition: ['flu', 'asthma', 'flu', 'migraine', 'flu', 'asthma', 'flu', 'migraine'],
    }),
    columns: [
      {
        name: 'sex',
        type: 'categorical',
        role: 'quasi-identifier',
        hierarchy: new Hierarchy([['F', '*']], { attribute: 'sex' }),
      },
      {
        name: 'age',
        type: 'integer',
        role: 'quasi-identifier',
        hierarchy: new Hierarchy(
          ages.map((a) => [String(a), bin(a, 5), bin(a, 10), '[30,50[', '*']),
          { attribute: 'age' },
        ),
      },
      { name: 'condition', type: 'categorical', role: 'sensitive' },
    ],
  };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('optimalGeneralisation — examples', () => {
  it('B07: k = 5 on 4 records is IMPOSSIBLE', () => {
    const e = thrown(() => optimalGeneralisation(b07(), { k: 5 }));
    expect(e).toBeInstanceOf(DatanonymeError);
    expect((e as DatanonymeError).code).toBe('IMPOSSIBLE');
    expect((e as DatanonymeError).message).toBe('k = 5 exceeds the number of records (4)');
  });

  it('B07: k = 4 puts every record in one class at the root', () => {
    const r = optimalGeneralisation(b07(), { k: 4 });
    expect(r.details.transformation).toEqual({ age: 3, postcode: 2 });
    expect(column(r, 'age')).toEqual(['*', '*', '*', '*']);
    expect(column(r, 'postcode')).toEqual(['*', '*', '*', '*']);
    expect(column(r, 'condition')).toEqual(['flu', 'asthma', 'flu', 'diabetes']);
    expect(r.details.minClassSize).toBe(4);
    expect(r.details.classes).toBe(1);
    expect(r.accounting).toEqual({ rowsIn: 4, rowsOut: 4, suppressedRows: 0, suppressedCells: 0 });
  });

  it('B07: k = 1 leaves the data unchanged', () => {
    const r = optimalGeneralisation(b07(), { k: 1 });
    expect(r.details.transformation).toEqual({ age: 0, postcode: 0 });
    expect(column(r, 'age')).toEqual(['34', '45', '66', '70']);
    expect(column(r, 'postcode')).toEqual(['13008', '13001', '13005', '13005']);
    expect(column(r, 'condition')).toEqual(['flu', 'asthma', 'flu', 'diabetes']);
    expect(r.details.minClassSize).toBe(1);
    expect(r.accounting.suppressedRows).toBe(0);
  });

  it.each([0, -1, 2.5])('B07: k = %s is a BAD_PARAMETER naming k', (k) => {
    const e = thrown(() => optimalGeneralisation(b07(), { k }));
    expect(e).toBeInstanceOf(DatanonymeError);
    expect((e as DatanonymeError).code).toBe('BAD_PARAMETER');
    expect((e as DatanonymeError).message).toMatch(/\bk\b/);
  });

  it('B08: a constant QI stays at level 0 and costs nothing; k = 2 and k = 3', () => {
    const r2 = optimalGeneralisation(b08(), { k: 2 });
    expect(r2.details.transformation).toEqual({ sex: 0, age: 1 });
    expect(column(r2, 'age')).toEqual([
      '[30,35[',
      '[30,35[',
      '[35,40[',
      '[35,40[',
      '[40,45[',
      '[40,45[',
      '[45,50[',
      '[45,50[',
    ]);
    expect(r2.accounting.suppressedRows).toBe(0);
    expect(r2.details.minClassSize).toBe(2);
    const r3 = optimalGeneralisation(b08(), { k: 3 });
    expect(r3.details.transformation).toEqual({ sex: 0, age: 2 });
    expect(r3.accounting.suppressedRows).toBe(0);
    expect(r3.details.minClassSize).toBe(4);
    for (const r of [r2, r3]) {
      expect(column(r, 'sex')).toEqual(Array.from({ length: 8 }, () => 'F'));
      const loss = r.details.informationLoss as Record<string, number>;
      for (const metric of METRICS) expect(Number.isFinite(loss[metric])).toBe(true);
    }
    // Loss of 1/7 per age cell at level 1 (2 of 8 leaves), 0 for sex: (8 · 1/7) / (8 · 2).
    expect((r2.details.informationLoss as Record<string, number>).loss).toBeCloseTo(1 / 14, 12);
  });
});
