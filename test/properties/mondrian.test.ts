/**
 * Independent property tests of `mondrian` (issue 3), over random small tables: integer and
 * decimal quasi-identifiers (negatives included) and categorical ones with a random hierarchy or
 * none (a flat one); random k, variant and 0–2 sensitive models judged by `oracle.ts`.
 *
 * - the release keeps every row, in order; non-QI columns are unchanged; the identifier is gone;
 * - every class (rows with equal output QIs) has ≥ k rows and satisfies every model, or the run is
 *   IMPOSSIBLE exactly when the whole table fails a model (Mondrian can always publish one class);
 * - a numeric label is `[min-max]` of the class's values (or the single value) and so contains the
 *   row's value; a categorical label is the lowest common ancestor of the class's values (the
 *   lowest level where they share one label, or the root `*`), so an ancestor of the row's value;
 * - strict variant: any two classes are separated by some QI whose ranges / subtrees are disjoint.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mondrian, type MondrianOptions } from '../../methods/generalisation/mondrian/mondrian.js';
import { DatanonymeError } from '../../src/errors.js';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';
import { at, failure, groupBy, type ModelSpec } from './oracle.js';
import { hierarchyRows, modelArb, qiDrawArb, type QiDraw } from './scenario.js';

type Kind = 'integer' | 'decimal' | 'categorical' | 'flat';

interface Draw {
  kinds: Kind[];
  trees: QiDraw[];
  cells: number[][];
  s: (string | null)[];
  y: (number | null)[];
  k: number;
  variant: 'strict' | 'relaxed' | undefined;
  models: ModelSpec[];
}

const MAX_ROWS = 30;

const drawArb: fc.Arbitrary<Draw> = fc
  .record({
    kinds: fc.array(fc.constantFrom<Kind>('integer', 'decimal', 'categorical', 'flat'), {
      minLength: 1,
      maxLength: 3,
    }),
    trees: fc.array(qiDrawArb(4), { minLength: 3, maxLength: 3 }),
    cells: fc.array(
      fc.array(
        fc.oneof(
          { weight: 2, arbitrary: fc.nat({ max: 2 }) },
          { weight: 1, arbitrary: fc.integer({ min: -40, max: 120 }) },
        ),
        { minLength: 3, maxLength: 3 },
      ),
      { minLength: 2, maxLength: MAX_ROWS, size: 'max' },
    ),
    s: fc.array(fc.constantFrom<string | null>('a', 'a', 'b', 'c', 'd', '', null), {
      minLength: MAX_ROWS,
      maxLength: MAX_ROWS,
    }),
    y: fc.array(fc.constantFrom<number | null>(1, 1, 2, 3, 5, 8, null), {
      minLength: MAX_ROWS,
      maxLength: MAX_ROWS,
    }),
    k: fc.integer({ min: 1, max: 5 }),
    variant: fc.constantFrom<'strict' | 'relaxed' | undefined>('strict', 'relaxed', undefined),
    models: fc.oneof(
      fc.constant<ModelSpec[]>([]),
      fc.array(modelArb, { minLength: 1, maxLength: 2 }),
    ),
  })
  .map((r) => ({
    ...r,
    s: r.s.slice(0, r.cells.length),
    y: r.y.slice(0, r.cells.length),
    k: Math.min(r.k, r.cells.length),
  }));

interface Built {
  n: number;
  dataset: Dataset;
  names: string[];
  kinds: Kind[];
  /** Original QI values: numbers for numeric QIs, text for categorical ones. */
  values: (number | string)[][];
  /** For a categorical QI: its hierarchy rows, plus a virtual root '*' when it has several tops. */
  rows: (string[][] | null)[];
  /** For a categorical QI: the leaves under each label. */
  leaves: (Map<string, Set<string>> | null)[];
}

function build(d: Draw): Built {
  const n = d.cells.length;
  const data: Record<string, unknown[]> = { pid: d.cells.map((_, i) => `P${i}`) };
  const columns: ColumnSpec[] = [{ name: 'pid', type: 'categorical', role: 'identifier' }];
  const names: string[] = [];
  const values: (number | string)[][] = [];
  const rows: (string[][] | null)[] = [];
  const leaves: (Map<string, Set<string>> | null)[] = [];
  d.kinds.forEach((kind, j) => {
    const name = `q${j}`;
    names.push(name);
    const raw = d.cells.map((row) => at(row, j));
    if (kind === 'integer' || kind === 'decimal') {
      const v = raw.map((x) => (kind === 'integer' ? x : x / 4));
      values.push(v);
      rows.push(null);
      leaves.push(null);
      data[name] = v;
      columns.push({ name, type: kind, role: 'quasi-identifier' });
      return;
    }
    const tree = at(d.trees, j);
    const domain = tree.domain.map((_, i) => `${name}v${i}`);
    const q: QiDraw = { ...tree, kind: 'categorical', domain };
    const h = kind === 'flat' ? domain.map((v) => [v, '*']) : hierarchyRows(q, name, '*');
    const v = raw.map((x) => at(domain, Math.abs(x) % domain.length));
    // With several top labels the tree has a virtual root '*' above them.
    const tops = new Set(h.map((r) => at(r, r.length - 1)));
    const full = tops.size > 1 || kind === 'flat' ? h.map((r) => [...r, '*']) : h;
    const under = new Map<string, Set<string>>();
    for (const r of full) {
      for (const label of r) {
        const set = under.get(label) ?? new Set<string>();
        set.add(at(r, 0));
        under.set(label, set);
      }
    }
    values.push(v);
    rows.push(full);
    leaves.push(under);
    data[name] = v;
    const spec: ColumnSpec = { name, type: 'categorical', role: 'quasi-identifier' };
    if (kind === 'categorical') spec.hierarchy = new Hierarchy(h, { attribute: name });
    columns.push(spec);
  });
  data.s = d.s;
  data.y = d.y;
  data.rid = d.cells.map((_, i) => i);
  columns.push({ name: 's', type: 'categorical', role: 'sensitive' });
  columns.push({ name: 'y', type: 'integer', role: 'sensitive' });
  columns.push({ name: 'rid', type: 'integer', role: 'insensitive' });
  return {
    n,
    dataset: { table: aq.table(data), columns },
    names,
    kinds: d.kinds,
    values,
    rows,
    leaves,
  };
}

/** `[a-b]` → [a, b]; a single number → [x, x]; anything else → null. */
function parseRange(label: string): [number, number] | null {
  const num = '(-?\\d+(?:\\.\\d+)?)';
  const range = new RegExp(`^\\[${num}-${num}\\]$`).exec(label);
  if (range !== null) return [Number(range[1]), Number(range[2])];
  return new RegExp(`^${num}$`).test(label) ? [Number(label), Number(label)] : null;
}

/** The lowest common ancestor's label: the lowest level at which all values share one label. */
function lca(rows: string[][], values: readonly string[]): string {
  const rowOf = new Map(rows.map((r) => [at(r, 0), r]));
  const height = at(rows, 0).length;
  for (let l = 0; l < height; l++) {
    const labels = new Set(values.map((v) => at(rowOf.get(v) ?? [], l)));
    if (labels.size === 1) return at([...labels], 0);
  }
  return '*';
}

const sensitive = (d: Draw): Record<string, readonly unknown[]> => ({ s: d.s, y: d.y });
const NUMERIC = { s: false, y: true };

/** True when the whole table, as one class, satisfies every model. */
function wholeSatisfies(d: Draw): boolean {
  const all = d.s.map((_, i) => i);
  return d.models.every((spec) => {
    const whole = sensitive(d)[spec.column] ?? [];
    return (
      failure(
        spec,
        all.map((r) => whole[r]),
        whole,
        NUMERIC[spec.column as 's' | 'y'],
      ) === null
    );
  });
}

describe('mondrian (independent properties)', () => {
  it('keeps rows and columns, covers every value exactly, separates strict classes, satisfies k and every model', () => {
    fc.assert(
      fc.property(drawArb, (d) => {
        const b = build(d);
        const options: MondrianOptions = { k: d.k, models: d.models };
        if (d.variant !== undefined) options.variant = d.variant;
        let release;
        try {
          release = mondrian(b.dataset, options);
        } catch (error) {
          if (error instanceof DatanonymeError && error.code === 'IMPOSSIBLE') {
            expect(wholeSatisfies(d)).toBe(false);
            return;
          }
          throw error;
        }
        expect(wholeSatisfies(d)).toBe(true);
        const out = release.table;
        expect(out.numRows()).toBe(b.n);
        expect(out.columnNames()).toEqual([...b.names, 's', 'y', 'rid']);
        expect(Array.from(out.array('rid') as ArrayLike<number>)).toEqual(d.cells.map((_, i) => i));
        expect(Array.from(out.array('s') as ArrayLike<unknown>)).toEqual(d.s);
        expect(Array.from(out.array('y') as ArrayLike<unknown>)).toEqual(d.y);
        expect(release.accounting).toMatchObject({ rowsIn: b.n, rowsOut: b.n, suppressedRows: 0 });
        const labels = b.names.map((name) => Array.from(out.array(name) as ArrayLike<string>));
        const keys = d.cells.map((_, i) => JSON.stringify(labels.map((col) => col[i])));
        const classes = groupBy(keys);
        for (const cls of classes) {
          expect(cls.length).toBeGreaterThanOrEqual(d.k);
          for (const spec of d.models) {
            const whole = sensitive(d)[spec.column] ?? [];
            const cells = cls.map((r) => whole[r]);
            expect(failure(spec, cells, whole, NUMERIC[spec.column as 's' | 'y'])).toBe(null);
          }
          b.names.forEach((_, j) => {
            const label = at(at(labels, j), at(cls, 0));
            const original = cls.map((r) => at(at(b.values, j), r));
            const tree = at(b.rows, j);
            if (tree === null) {
              const nums = original as number[];
              const range = parseRange(label);
              expect(range, `label ${label}`).not.toBe(null);
              expect(range).toEqual([Math.min(...nums), Math.max(...nums)]);
            } else {
              expect(label).toBe(lca(tree, original as string[]));
              for (const v of original)
                expect(
                  at(b.leaves, j)
                    ?.get(label)
                    ?.has(v as string),
                ).toBe(true);
            }
          });
        }
        if ((d.variant ?? 'strict') === 'strict') {
          const first = classes.map((cls) => at(cls, 0));
          for (let x = 0; x < first.length; x++) {
            for (let z = x + 1; z < first.length; z++) {
              const separated = b.names.some((_, j) => {
                const p = at(at(labels, j), at(first, x));
                const q = at(at(labels, j), at(first, z));
                const under = at(b.leaves, j);
                if (under === null) {
                  const [a1, b1] = parseRange(p) ?? [0, 0];
                  const [a2, b2] = parseRange(q) ?? [0, 0];
                  return b1 < a2 || b2 < a1;
                }
                const lp = under.get(p) ?? new Set<string>();
                const lq = under.get(q) ?? new Set<string>();
                return [...lp].every((v) => !lq.has(v));
              });
              expect(separated, `classes ${keys[at(first, x)]} and ${keys[at(first, z)]}`).toBe(
                true,
              );
            }
          }
        }
      }),
      { numRuns: 800 },
    );
  });
});
