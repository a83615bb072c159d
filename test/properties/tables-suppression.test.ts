/**
 * Independent property tests of table protection by cell suppression (issue 8), over random
 * small count tables with all margins: 2-D up to 5 × 5 categories and 3-D up to 3 × 3 × 3
 * (each dimension a flat tree `Total → categories`), leaf counts 0..20, frequency rule n = 3.
 *
 * Oracles written here from the definitions alone (nothing from methods/tables/equations.ts or
 * audit.ts): the additivity equations enumerate every cell and every dimension in which the cell's
 * node has children (τ-ARGUS: a non-leaf node is the sum of its children; Hundepool et al.,
 * *Statistical Disclosure Control*, Wiley 2012, §4.2), and the attacker's linear programme is
 * CPLEX LP text built here and solved by HiGHS (`highs`): for each suppressed cell, min and max of
 * its value subject to every additivity equation, the published cells fixed, every cell ≥ 0
 * (Hundepool et al. §4.3.3, "the attacker problem").
 *
 * - the frequency rule marks exactly the cells with 0 < count < 3, status A;
 * - secondary suppression keeps every primary status and only adds D to publishable cells;
 *   the published cells are the true values (suppression publishes no wrong number);
 * - both modes: every suppressed primary cell's attacker interval [min, max] contains
 *   [x − lower, x + upper] (its protection levels);
 * - heuristic: no suppressed cell is pinned exactly (max − min > 0), and every margin line (a
 *   total with its parts) that holds a suppressed cell holds at least two;
 * - `auditTable` agrees with the LP here to 1e-6 on the protected tables and on random
 *   suppression patterns.
 */
import fc from 'fast-check';
import highsImport from 'highs';
import { describe, expect, it } from 'vitest';
import { auditTable } from '../../methods/tables/audit.js';
import { primarySuppression } from '../../methods/tables/rules.js';
import { secondarySuppression } from '../../methods/tables/secondary.js';
import {
  STATUS,
  type TableDimension,
  type TableStructure,
  type Tabulation,
} from '../../methods/tables/types.js';

/** The part of the `highs` API used here (its bundled types resolve to the CommonJS namespace). */
interface Highs {
  solve(lp: string, options?: Record<string, unknown>): { Status: string; ObjectiveValue: number };
}
const highsLoader = highsImport as unknown as () => Promise<Highs>;

/** A drawn table: the number of categories of each dimension and the leaf counts, row-major. */
interface Draw {
  categories: number[];
  leaves: number[];
}

/** Leaf counts: often 0..3 so that the frequency rule bites, otherwise 0..20. */
const countArb = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 20 }) },
);

function drawArb(shape: fc.Arbitrary<number[]>): fc.Arbitrary<Draw> {
  return shape.chain((categories) =>
    fc
      .array(countArb, {
        minLength: categories.reduce((a, b) => a * b, 1),
        maxLength: categories.reduce((a, b) => a * b, 1),
      })
      .map((leaves) => ({ categories, leaves })),
  );
}

const twoD = drawArb(
  fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 2, max: 5 })).map((t) => [...t]),
);
const threeD = drawArb(
  fc
    .tuple(
      fc.integer({ min: 2, max: 3 }),
      fc.integer({ min: 2, max: 3 }),
      fc.integer({ min: 2, max: 3 }),
    )
    .map((t) => [...t]),
);

function get(a: ArrayLike<number>, i: number): number {
  const v = a[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

/** A flat dimension: node 0 `Total`, nodes 1..k its categories. */
function flatDimension(name: string, k: number): TableDimension {
  const labels = ['Total', ...Array.from({ length: k }, (_, i) => `${name}${i + 1}`)];
  const parent = new Int32Array(k + 1).fill(0);
  parent[0] = -1;
  const children: number[][] = [Array.from({ length: k }, (_, i) => i + 1)];
  for (let i = 0; i < k; i++) children.push([]);
  return { name, labels, parent, children };
}

/** The table of a draw: structure and every cell's count (margins summed here). */
function buildTable(d: Draw): Tabulation {
  const dims = d.categories.map((k, j) => flatDimension(`d${j}`, k));
  const nodes = dims.map((x) => x.labels.length);
  const stride: number[] = new Array<number>(nodes.length).fill(1);
  for (let j = nodes.length - 2; j >= 0; j--) stride[j] = get(stride, j + 1) * get(nodes, j + 1);
  const size = nodes.reduce((a, b) => a * b, 1);
  const count = new Float64Array(size);
  // Every leaf tuple adds its count to each of the 2^d cells that contain it (node = leaf or Total).
  const dn = d.categories.length;
  const leafStride: number[] = new Array<number>(dn).fill(1);
  for (let j = dn - 2; j >= 0; j--)
    leafStride[j] = get(leafStride, j + 1) * get(d.categories, j + 1);
  d.leaves.forEach((v, li) => {
    const leafNode = d.categories.map(
      (_, j) => (Math.floor(li / get(leafStride, j)) % get(d.categories, j)) + 1,
    );
    for (let mask = 0; mask < 1 << dn; mask++) {
      let c = 0;
      for (let j = 0; j < dn; j++) c += ((mask >> j) & 1 ? 0 : get(leafNode, j)) * get(stride, j);
      count[c] = get(count, c) + v;
    }
  });
  return { dimensions: dims, size, stride, count };
}

/** Node tuple of cell c. */
function tuple(s: TableStructure, c: number): number[] {
  return s.dimensions.map((dim, j) => Math.floor(c / get(s.stride, j)) % dim.labels.length);
}

/** Every additivity equation: for each cell and each dimension where its node has children. */
function equations(s: TableStructure): { total: number; parts: number[] }[] {
  const out: { total: number; parts: number[] }[] = [];
  for (let c = 0; c < s.size; c++) {
    const t = tuple(s, c);
    s.dimensions.forEach((dim, j) => {
      const kids = dim.children[get(t, j)] ?? [];
      if (kids.length === 0) return;
      out.push({
        total: c,
        parts: kids.map((k) => c + (k - get(t, j)) * get(s.stride, j)),
      });
    });
  }
  return out;
}

/**
 * The attacker's interval for every suppressed cell (NaN in `published`): min and max of x_c over
 * { x ≥ 0 : every equation holds, published cells fixed }, by HiGHS on LP text written here.
 * Upper is Infinity when the LP is unbounded.
 */
function attackerIntervals(
  highs: Highs,
  s: TableStructure,
  published: Float64Array,
): Map<number, [number, number]> {
  const unknown: number[] = [];
  for (let c = 0; c < s.size; c++) if (Number.isNaN(get(published, c))) unknown.push(c);
  const rows: string[] = [];
  equations(s).forEach((e, i) => {
    // Σ parts − total = 0, knowns moved to the right.
    const terms: string[] = [];
    let rhs = 0;
    for (const p of e.parts) {
      if (Number.isNaN(get(published, p))) terms.push(`+ x${p}`);
      else rhs -= get(published, p);
    }
    if (Number.isNaN(get(published, e.total))) terms.push(`- x${e.total}`);
    else rhs += get(published, e.total);
    if (terms.length > 0) rows.push(` e${i}: ${terms.join(' ')} = ${rhs}`);
  });
  const bounds = unknown.map((c) => ` x${c} >= 0`).join('\n');
  const result = new Map<number, [number, number]>();
  for (const c of unknown) {
    const bound: number[] = [];
    for (const sense of ['Minimize', 'Maximize']) {
      const lp = `${sense}\n obj: x${c}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds}\nEnd\n`;
      const r = highs.solve(lp, { output_flag: false });
      if (r.Status === 'Optimal') bound.push(r.ObjectiveValue);
      else if (r.Status === 'Unbounded' && sense === 'Maximize') bound.push(Infinity);
      else throw new Error(`attacker LP for cell ${c}: ${r.Status}\n${lp}`);
    }
    result.set(c, [get(bound, 0), get(bound, 1)]);
  }
  return result;
}

/** Published table: the true value, NaN where suppressed. */
function publish(values: Float64Array, status: Uint8Array): Float64Array {
  return values.map((v, c) => (get(status, c) === STATUS.V ? v : NaN));
}

function describeTable(t: Tabulation, status: Uint8Array): string {
  const codes = 'VABD';
  return Array.from(
    t.count,
    (v, c) => `${tuple(t, c).join(',')}=${v}${codes[get(status, c)]}`,
  ).join(' ');
}

/** HiGHS, loaded once (each `solve` runs on a fresh native solver). */
let loading: Promise<Highs> | undefined;
function solver(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

async function protect(d: Draw, method: 'heuristic' | 'optimal') {
  const tab = buildTable(d);
  const primary = primarySuppression(tab, { frequency: { n: 3 } });
  const result = await secondarySuppression(tab, tab.count, primary.status, primary.protection, {
    method,
  });
  return { tab, primary, result };
}

describe('primary frequency rule (oracle: 0 < count < 3)', () => {
  it('marks exactly the cells with 1 or 2 units, A', () => {
    fc.assert(
      fc.property(fc.oneof(twoD, threeD), (d) => {
        const tab = buildTable(d);
        const { status, protection } = primarySuppression(tab, { frequency: { n: 3 } });
        for (let c = 0; c < tab.size; c++) {
          const n = get(tab.count, c);
          expect(get(status, c), `cell ${tuple(tab, c).join(',')} count ${n}`).toBe(
            n > 0 && n < 3 ? STATUS.A : STATUS.V,
          );
          // Protection (protection.ts, documented): a safety range of 10 % of the count, at least
          // one unit, symmetric; the lower level capped at the count.
          const level = get(status, c) === STATUS.V ? 0 : Math.max(1, 0.1 * n);
          expect(get(protection.upper, c)).toBeCloseTo(level, 12);
          expect(get(protection.lower, c)).toBeCloseTo(Math.min(level, n), 12);
        }
      }),
      { numRuns: 200 },
    );
  });
});

for (const method of ['optimal', 'heuristic'] as const) {
  describe(`secondary suppression, ${method}`, () => {
    it('keeps primaries, adds only D, publishes true values; the attacker LP cannot break it', async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(twoD, threeD), async (d) => {
          const { tab, primary, result } = await protect(d, method);
          const status = result.status;
          expect(status.length).toBe(tab.size);
          let added = 0;
          for (let c = 0; c < tab.size; c++) {
            const before = get(primary.status, c);
            const after = get(status, c);
            if (before !== STATUS.V) expect(after).toBe(before);
            else expect([STATUS.V, STATUS.D]).toContain(after);
            if (before === STATUS.V && after === STATUS.D) added++;
          }
          expect(result.secondary).toBe(added);
          const published = publish(tab.count, status);
          for (let c = 0; c < tab.size; c++) {
            if (!Number.isNaN(get(published, c))) expect(get(published, c)).toBe(get(tab.count, c));
          }
          const highs = await solver();
          const intervals = attackerIntervals(highs, tab, published);
          const where = describeTable(tab, status);
          for (const [c, [lo, hi]] of intervals) {
            const x = get(tab.count, c);
            // The true value is always feasible: a sanity check of the oracle itself.
            expect(lo, where).toBeLessThanOrEqual(x + 1e-6);
            expect(hi, where).toBeGreaterThanOrEqual(x - 1e-6);
            // Both modes: the heuristic repairs intervals after its Gaussian elimination.
            if (get(status, c) !== STATUS.D && get(status, c) !== STATUS.V) {
              const need = `cell ${tuple(tab, c).join(',')} x=${x} lower=${get(primary.protection.lower, c)} upper=${get(primary.protection.upper, c)} interval [${lo}, ${hi}] in ${where}`;
              expect(lo, need).toBeLessThanOrEqual(x - get(primary.protection.lower, c) + 1e-6);
              expect(hi, need).toBeGreaterThanOrEqual(x + get(primary.protection.upper, c) - 1e-6);
            }
            if (method === 'heuristic') {
              expect(hi - lo, `cell ${tuple(tab, c).join(',')} pinned in ${where}`).toBeGreaterThan(
                1e-9,
              );
            }
          }
          if (method === 'heuristic') {
            for (const e of equations(tab)) {
              const line = [e.total, ...e.parts];
              const hidden = line.filter((c) => get(status, c) !== STATUS.V).length;
              expect(
                hidden === 0 || hidden >= 2,
                `line ${line.map((c) => tuple(tab, c).join(',')).join(' ')} holds one suppressed cell in ${where}`,
              ).toBe(true);
            }
          }
          // The audit agrees with the LP here.
          const audit = await auditTable(tab, published, { lowerBound: 0 });
          expect(audit.map((a) => a.cell).sort((a, b) => a - b)).toEqual([...intervals.keys()]);
          for (const a of audit) {
            const [lo, hi] = intervals.get(a.cell) ?? [NaN, NaN];
            expect(
              Math.abs(a.lower - lo),
              `audit lower of ${a.cell} in ${where}`,
            ).toBeLessThanOrEqual(1e-6);
            if (hi === Infinity) expect(a.upper).toBe(Infinity);
            else
              expect(
                Math.abs(a.upper - hi),
                `audit upper of ${a.cell} in ${where}`,
              ).toBeLessThanOrEqual(1e-6);
          }
        }),
        { numRuns: method === 'optimal' ? 40 : 80 },
      );
    });
  });
}

describe('auditTable on random suppression patterns', () => {
  it('agrees with the attacker LP here to 1e-6', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(twoD, threeD).chain((d) => {
          const size = d.categories.reduce((a, k) => a * (k + 1), 1);
          return fc.tuple(
            fc.constant(d),
            fc.array(fc.boolean(), { minLength: size, maxLength: size }),
          );
        }),
        async ([d, hide]) => {
          const tab = buildTable(d);
          const published = tab.count.map((v, c) => (hide[c] === true ? NaN : v));
          const highs = await solver();
          const intervals = attackerIntervals(highs, tab, published);
          const audit = await auditTable(tab, published);
          expect(audit.map((a) => a.cell).sort((a, b) => a - b)).toEqual([...intervals.keys()]);
          for (const a of audit) {
            const [lo, hi] = intervals.get(a.cell) ?? [NaN, NaN];
            expect(Math.abs(a.lower - lo)).toBeLessThanOrEqual(1e-6);
            if (hi === Infinity) expect(a.upper).toBe(Infinity);
            else expect(Math.abs(a.upper - hi)).toBeLessThanOrEqual(1e-6);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
