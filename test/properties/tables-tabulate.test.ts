/**
 * Independent property tests of `tabulate` and the concentration rules of `primarySuppression`
 * (issue 8), over random microdata of 1–3 categorical columns (1–4 categories each, some with a
 * random 2-level hierarchy `category → group → root`) and a non-negative value column.
 *
 * Oracles written here from the raw rows alone:
 * - every dimension is a tree rooted at node 0 `Total`, parents and children agree;
 * - every cell's count, value total and largest contributions equal a brute-force recomputation
 *   over the rows that fall under the cell's nodes (a node holds the rows whose category is one of
 *   its leaf descendants), so every total is the sum of its children in every dimension (checked
 *   directly as well) and the grand total counts n rows;
 * - dominance (n, k): a cell is B when its n largest contributions sum to more than k % of its
 *   total (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, §4.2.2);
 * - p %: a cell is B when total − x1 − x2 < p/100 · x1, x1 ≥ x2 the two largest contributions
 *   (ibid.); the frequency rule n = 3 gives A for 0 < count < 3, and A wins over B; the
 *   protection levels follow the documented formulas (protection.ts), recomputed here.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { primarySuppression, type PrimaryRules } from '../../methods/tables/rules.js';
import { tabulate } from '../../methods/tables/tabulate.js';
import { STATUS, type TableStructure } from '../../methods/tables/types.js';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';

interface DimDraw {
  categories: number;
  /** Group of each category when the dimension has a hierarchy. */
  groups: number[] | null;
}

interface Draw {
  dims: DimDraw[];
  rows: { cats: number[]; value: number }[];
  dominance: { n: number; k: number };
  p: number;
}

const dimArb: fc.Arbitrary<DimDraw> = fc.integer({ min: 1, max: 4 }).chain((categories) =>
  fc.record({
    categories: fc.constant(categories),
    groups: fc.option(
      fc.array(fc.integer({ min: 0, max: 1 }), { minLength: categories, maxLength: categories }),
      { nil: null },
    ),
  }),
);

const valueArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 1000 }) },
  {
    weight: 1,
    arbitrary: fc.double({ min: 0, max: 50, noNaN: true }).map((x) => Math.round(x * 100) / 100),
  },
);

const drawArb: fc.Arbitrary<Draw> = fc.array(dimArb, { minLength: 1, maxLength: 3 }).chain((dims) =>
  fc.record({
    dims: fc.constant(dims),
    rows: fc.array(
      fc.record({
        cats: fc.tuple(...dims.map((d) => fc.integer({ min: 0, max: d.categories - 1 }))),
        value: valueArb,
      }),
      { minLength: 1, maxLength: 40 },
    ),
    dominance: fc.record({
      n: fc.integer({ min: 1, max: 2 }),
      k: fc.constantFrom(50, 60, 75, 85, 90),
    }),
    p: fc.constantFrom(5, 10, 15, 25, 50),
  }),
);

function get<T>(a: ArrayLike<T>, i: number): T {
  const v = a[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

const catLabel = (j: number, i: number): string => `c${j}_${i}`;
const groupLabel = (j: number, g: number): string => `g${j}_${g}`;

function build(d: Draw): { dataset: Dataset; options: Parameters<typeof tabulate>[1] } {
  const data: Record<string, unknown[]> = {};
  const columns: ColumnSpec[] = [];
  const hierarchies: Record<string, Hierarchy> = {};
  d.dims.forEach((dim, j) => {
    const name = `d${j}`;
    data[name] = d.rows.map((r) => catLabel(j, get(r.cats, j)));
    if (dim.groups !== null) {
      const groups = dim.groups;
      hierarchies[name] = new Hierarchy(
        Array.from({ length: dim.categories }, (_, i) => [
          catLabel(j, i),
          groupLabel(j, get(groups, i)),
          '*',
        ]),
        { attribute: name },
      );
    }
    columns.push({ name, type: 'categorical', role: 'quasi-identifier' });
  });
  data.v = d.rows.map((r) => r.value);
  columns.push({ name: 'v', type: 'decimal', role: 'sensitive' });
  return {
    dataset: { table: aq.table(data), columns },
    options: { by: d.dims.map((_, j) => `d${j}`), value: 'v', hierarchies },
  };
}

function tuple(s: TableStructure, c: number): number[] {
  return s.dimensions.map((dim, j) => Math.floor(c / get(s.stride, j)) % dim.labels.length);
}

/** Labels of the leaf descendants of a node (the node's own label when it is a leaf). */
function leafLabels(s: TableStructure, j: number, node: number): Set<string> {
  const dim = get(s.dimensions, j);
  const out = new Set<string>();
  const stack = [node];
  while (stack.length > 0) {
    const x = stack.pop() as number;
    const kids = get(dim.children, x);
    if (kids.length === 0) out.add(get(dim.labels, x));
    else stack.push(...kids);
  }
  return out;
}

describe('tabulate (oracle: brute force over the rows)', () => {
  it('every cell is the brute-force count, total and largest contributions; totals add up', () => {
    fc.assert(
      fc.property(drawArb, (d) => {
        const { dataset, options } = build(d);
        const tab = tabulate(dataset, options);
        const value = tab.value;
        expect(value).toBeDefined();
        if (value === undefined) return;
        // Shape: trees rooted at Total, strides row-major, size the product.
        let size = 1;
        for (let j = tab.dimensions.length - 1; j >= 0; j--) {
          const dim = get(tab.dimensions, j);
          expect(get(tab.stride, j)).toBe(size);
          size *= dim.labels.length;
          expect(get(dim.labels, 0)).toBe('Total');
          expect(get(dim.parent, 0)).toBe(-1);
          dim.children.forEach((kids, x) => {
            for (const k of kids) expect(get(dim.parent, k)).toBe(x);
          });
          for (let x = 1; x < dim.labels.length; x++) {
            expect(get(dim.children, get(dim.parent, x))).toContain(x);
          }
          // Every category of the data is a leaf; a hierarchy's groups are nodes of their own.
          const leaves = leafLabels(tab, j, 0);
          for (const r of d.rows) expect(leaves.has(catLabel(j, get(r.cats, j)))).toBe(true);
          const groups = get(d.dims, j).groups;
          if (groups !== null) {
            for (const r of d.rows) {
              expect(dim.labels).toContain(groupLabel(j, get(groups, get(r.cats, j))));
            }
          }
        }
        expect(tab.size).toBe(size);
        expect(tab.dimensions.map((x) => x.name)).toEqual(options.by);
        const memberships = tab.dimensions.map((dim, j) =>
          dim.labels.map((_, x) => leafLabels(tab, j, x)),
        );
        for (let c = 0; c < tab.size; c++) {
          const t = tuple(tab, c);
          const contributions = d.rows
            .filter((r) =>
              t.every((x, j) => get(get(memberships, j), x).has(catLabel(j, get(r.cats, j)))),
            )
            .map((r) => r.value)
            .sort((a, b) => b - a);
          const where = `cell ${t.map((x, j) => get(get(tab.dimensions, j).labels, x)).join(',')}`;
          expect(get(tab.count, c), where).toBe(contributions.length);
          const total = contributions.reduce((a, b) => a + b, 0);
          expect(get(value.total, c), where).toBeCloseTo(total, 6);
          expect(value.largest.length).toBeGreaterThanOrEqual(2);
          value.largest.forEach((largest, i) => {
            expect(get(largest, c), `${where} largest ${i}`).toBe(contributions[i] ?? 0);
          });
        }
        // Every total equals the sum of its children, in every dimension.
        for (let c = 0; c < tab.size; c++) {
          const t = tuple(tab, c);
          tab.dimensions.forEach((dim, j) => {
            const kids = get(dim.children, get(t, j));
            if (kids.length === 0) return;
            let n = 0;
            let v = 0;
            for (const k of kids) {
              const part = c + (k - get(t, j)) * get(tab.stride, j);
              n += get(tab.count, part);
              v += get(value.total, part);
            }
            expect(get(tab.count, c)).toBe(n);
            expect(get(value.total, c)).toBeCloseTo(v, 6);
          });
        }
        expect(get(tab.count, 0)).toBe(d.rows.length);
      }),
      { numRuns: 150 },
    );
  });

  it('dominance, p % and frequency statuses match a brute-force recomputation', () => {
    fc.assert(
      fc.property(drawArb, fc.boolean(), fc.boolean(), (d, useDominance, useP) => {
        const { dataset, options } = build(d);
        const tab = tabulate(dataset, options);
        const rules: PrimaryRules = { frequency: { n: 3 } };
        if (useDominance) rules.dominance = d.dominance;
        if (useP) rules.pPercent = { p: d.p };
        const { status, protection } = primarySuppression(tab, rules);
        const memberships = tab.dimensions.map((dim, j) =>
          dim.labels.map((_, x) => leafLabels(tab, j, x)),
        );
        for (let c = 0; c < tab.size; c++) {
          const t = tuple(tab, c);
          const xs = d.rows
            .filter((r) =>
              t.every((x, j) => get(get(memberships, j), x).has(catLabel(j, get(r.cats, j)))),
            )
            .map((r) => r.value)
            .sort((a, b) => b - a);
          const total = xs.reduce((a, b) => a + b, 0);
          const x1 = xs[0] ?? 0;
          const x2 = xs[1] ?? 0;
          const frequency = xs.length > 0 && xs.length < 3;
          let top = 0;
          for (let i = 0; i < d.dominance.n; i++) top += xs[i] ?? 0;
          const dominance = useDominance && top > (d.dominance.k / 100) * total + 1e-9;
          const pRule = useP && total - x1 - x2 < (d.p / 100) * x1 - 1e-9;
          const expected = frequency ? STATUS.A : dominance || pRule ? STATUS.B : STATUS.V;
          const where = `cell ${t.map((x, j) => get(get(tab.dimensions, j).labels, x)).join(',')} contributions ${xs.join(' ')} rules ${JSON.stringify(rules)}`;
          expect(get(status, c), where).toBe(expected);
          // Protection levels (methods/tables/protection.ts, a documented choice): the largest
          // level any failed rule asks for, symmetric, the lower one capped at the cell value;
          // frequency 10 % of the total, dominance (100/k)·top − X, p % p/100·x1 − (X − x1 − x2).
          let level = 0;
          if (frequency) level = Math.max(level, 0.1 * total);
          if (dominance) level = Math.max(level, (100 / d.dominance.k) * top - total);
          if (pRule) level = Math.max(level, (d.p / 100) * x1 - (total - x1 - x2));
          expect(get(protection.upper, c), where).toBeCloseTo(level, 9);
          expect(get(protection.lower, c), where).toBeCloseTo(Math.min(level, total), 9);
        }
      }),
      { numRuns: 200 },
    );
  });
});
