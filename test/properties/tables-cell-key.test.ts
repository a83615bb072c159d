/**
 * Independent property tests of the cell key method (issue 8): `recordKeys`, `perturbationTable`,
 * the cell keys `tabulate` fills, and `cellKeyPerturb`, over random microdata of three
 * categorical columns and random D, V and js.
 *
 * Oracles written here from the definitions (Thompson, Broadfoot and Elazar, ABS 2013; Giessing
 * 2016; Enderle, Giessing and Tent 2020), not from the implementation's helpers:
 * - a record key is uniform on the 2⁻³² grid in [0, 1); a cell key is the sum of its records'
 *   keys modulo 1, recomputed here exactly in integers (keys × 2³² summed as BigInt mod 2³²);
 * - every row of the perturbation table: probabilities ≥ 0 summing to 1, deviations within ±D,
 *   never a negative count nor one in 1 … js, mean 0 and variance V (1e-9); count 0 stays 0;
 *   the table exists exactly when V lies strictly inside every row's feasible variance range
 *   (for deviations −a … b, a mean-zero law has variance < a·b; without 0 in the support, more
 *   than a′·b′ for the deviations nearest zero) — recomputed here;
 * - a cell key k selects the first deviation whose cumulative probability exceeds k (summed here);
 * - the same set of records gets the same published value in two tables by different other
 *   columns (the shared cells are the margins over `a`, and any two cells that happen to hold the
 *   same records); |published − count| ≤ D, published ≥ 0 and never in 1 … js, 0 stays 0.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellKeyPerturb } from '../../methods/tables/cell-key.js';
import { perturbationTable, type PerturbationTable } from '../../methods/tables/ptable.js';
import { recordKeys } from '../../methods/tables/record-keys.js';
import { tabulate } from '../../methods/tables/tabulate.js';
import type { TableStructure, Tabulation } from '../../methods/tables/types.js';
import { DatanonymeError } from '../../src/errors.js';
import { seededRandom } from '../../src/random/source.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';

const TWO_32 = 4294967296;

function get<T>(a: ArrayLike<T>, i: number): T {
  const v = a[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

/** Feasible variance range (lo, hi), open, of a mean-zero law on the deviations of count i. */
function supportOf(i: number, d: number, js: number): number[] {
  const out: number[] = [];
  for (let v = -d; v <= d; v++) if (i + v >= 0 && !(i + v >= 1 && i + v <= js)) out.push(v);
  return out;
}

function feasible(d: number, v: number, js: number): boolean {
  // Counts from 1 up to D + js + 1 cover every distinct support (beyond it: the full −D … D).
  for (let i = 1; i <= d + js + 1; i++) {
    const s = supportOf(i, d, js);
    const a = -get(s, 0);
    const b = get(s, s.length - 1);
    if (!(v < a * b)) return false;
    if (!s.includes(0)) {
      const below = -Math.max(...s.filter((x) => x < 0));
      const above = Math.min(...s.filter((x) => x > 0));
      if (!(v > below * above)) return false;
    }
  }
  return true;
}

const paramsArb = fc.integer({ min: 1, max: 5 }).chain((d) =>
  fc.record({
    d: fc.constant(d),
    js: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: d })),
    v: fc.double({ min: 0.05, max: d + 1, noNaN: true }),
  }),
);

/** The deviation chosen by key k: the first whose cumulative probability exceeds k. */
function lookup(t: PerturbationTable, count: number, k: number): number {
  const row = get(t.rows, Math.min(count, t.rows.length - 1));
  let acc = 0;
  for (let i = 0; i < row.probabilities.length; i++) {
    acc += get(row.probabilities, i);
    if (k < acc) return get(row.deviations, i);
  }
  return get(row.deviations, row.deviations.length - 1);
}

describe('perturbationTable (oracle: moments and supports recomputed)', () => {
  it('exists exactly when V is feasible; every row has mean 0, variance V, allowed deviations', () => {
    fc.assert(
      fc.property(paramsArb, ({ d, v, js }) => {
        const ok = feasible(d, v, js);
        let t: PerturbationTable;
        try {
          t = perturbationTable({ maxDeviation: d, variance: v, smallCountThreshold: js });
        } catch (e) {
          expect(e, `D=${d} V=${v} js=${js}`).toBeInstanceOf(DatanonymeError);
          // js = D leaves count 1 only the deviations −1 and D (variance exactly D): refused
          // as a parameter; otherwise an infeasible V is IMPOSSIBLE.
          expect((e as DatanonymeError).code).toBe(js >= d ? 'BAD_PARAMETER' : 'IMPOSSIBLE');
          expect(ok, `refused a feasible D=${d} V=${v} js=${js}`).toBe(false);
          return;
        }
        expect(ok, `built an infeasible D=${d} V=${v} js=${js}`).toBe(true);
        expect(t.maxDeviation).toBe(d);
        expect(t.variance).toBe(v);
        const row0 = get(t.rows, 0);
        expect(Array.from(row0.deviations)).toEqual([0]);
        expect(Array.from(row0.probabilities)).toEqual([1]);
        t.rows.forEach((row, i) => {
          expect(row.count).toBe(i);
          if (i === 0) return;
          let sum = 0;
          let mean = 0;
          let second = 0;
          row.deviations.forEach((dev, k) => {
            const p = get(row.probabilities, k);
            expect(p).toBeGreaterThanOrEqual(0);
            expect(Math.abs(dev)).toBeLessThanOrEqual(d);
            expect(i + dev).toBeGreaterThanOrEqual(0);
            expect(i + dev >= 1 && i + dev <= js, `count ${i} → ${i + dev} with js ${js}`).toBe(
              false,
            );
            sum += p;
            mean += p * dev;
            second += p * dev * dev;
          });
          const where = `row ${i} of D=${d} V=${v} js=${js}`;
          expect(Math.abs(sum - 1), where).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(mean), where).toBeLessThanOrEqual(1e-9);
          expect(Math.abs(second - mean * mean - v), where).toBeLessThanOrEqual(
            1e-9 * Math.max(1, v),
          );
        });
        // Rows beyond the table are the full support −D … D.
        const last = get(t.rows, t.rows.length - 1);
        expect(Array.from(last.deviations)).toEqual(supportOf(1000, d, js));
      }),
      { numRuns: 300 },
    );
  });
});

interface Draw {
  rows: [number, number, number][];
  seed: number;
  d: number;
  js: number;
  v: number;
}

const drawArb: fc.Arbitrary<Draw> = paramsArb
  .filter(({ d, v, js }) => feasible(d, v, js))
  .chain((p) =>
    fc.record({
      rows: fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 0, max: 2 }),
          fc.integer({ min: 0, max: 2 }),
        ),
        { minLength: 1, maxLength: 40 },
      ),
      seed: fc.integer(),
      d: fc.constant(p.d),
      js: fc.constant(p.js),
      v: fc.constant(p.v),
    }),
  );

function dataset(rows: [number, number, number][]): Dataset {
  const columns: ColumnSpec[] = ['a', 'b', 'c'].map((name) => ({
    name,
    type: 'categorical',
    role: 'quasi-identifier',
  }));
  return {
    table: aq.table({
      a: rows.map((r) => `a${r[0]}`),
      b: rows.map((r) => `b${r[1]}`),
      c: rows.map((r) => `c${r[2]}`),
    }),
    columns,
  };
}

/** The records of every cell, as a sorted list of row indices (brute force over labels). */
function recordSets(s: TableStructure, rows: [number, number, number][], by: string[]): string[] {
  const cols: Record<string, 0 | 1 | 2> = { a: 0, b: 1, c: 2 };
  const out: string[] = [];
  for (let c = 0; c < s.size; c++) {
    const labels = s.dimensions.map((dim, j) =>
      get(dim.labels, Math.floor(c / get(s.stride, j)) % dim.labels.length),
    );
    const members: number[] = [];
    rows.forEach((r, i) => {
      const inside = by.every((name, j) => {
        const label = get(labels, j);
        return label === 'Total' || label === `${name}${r[cols[name] ?? 0]}`;
      });
      if (inside) members.push(i);
    });
    out.push(members.join(','));
  }
  return out;
}

describe('cell key method on two tables sharing cells', () => {
  it('same records → same cell key (Σ keys mod 1) and same published value; |noise| ≤ D', () => {
    fc.assert(
      fc.property(drawArb, (dr) => {
        const keys = recordKeys(dr.rows.length, seededRandom(dr.seed));
        expect(keys.length).toBe(dr.rows.length);
        for (const k of keys) {
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThan(1);
          expect(Number.isInteger(k * TWO_32)).toBe(true);
        }
        const ptable = perturbationTable({
          maxDeviation: dr.d,
          variance: dr.v,
          smallCountThreshold: dr.js,
        });
        const data = dataset(dr.rows);
        const published = new Map<string, number>();
        const byTables: string[][] = [['a', 'b'], ['a', 'c'], ['c', 'b', 'a'], ['b']];
        for (const by of byTables) {
          const tab: Tabulation = tabulate(data, { by, recordKeys: keys });
          const cellKey = tab.cellKey;
          expect(cellKey).toBeDefined();
          if (cellKey === undefined) return;
          const sets = recordSets(tab, dr.rows, by);
          const out = cellKeyPerturb(tab.count, cellKey, ptable);
          sets.forEach((set, c) => {
            const members = set === '' ? [] : set.split(',').map(Number);
            const where = `table by ${by.join(',')} cell ${c} records ${set}`;
            expect(get(tab.count, c), where).toBe(members.length);
            let sum = 0n;
            for (const i of members) sum += BigInt(get(keys, i) * TWO_32);
            expect(get(cellKey, c), where).toBe(Number(sum % BigInt(TWO_32)) / TWO_32);
            const x = get(tab.count, c);
            const y = get(out, c);
            expect(Number.isInteger(y), where).toBe(true);
            expect(Math.abs(y - x), where).toBeLessThanOrEqual(dr.d);
            expect(y, where).toBeGreaterThanOrEqual(0);
            expect(y >= 1 && y <= dr.js, `${where}: published ${y} with js ${dr.js}`).toBe(false);
            if (x === 0) expect(y, where).toBe(0);
            expect(y - x, where).toBe(lookup(ptable, x, get(cellKey, c)));
            const before = published.get(set);
            if (before === undefined) published.set(set, y);
            else
              expect(y, `${where}: the same records were published as ${before} elsewhere`).toBe(
                before,
              );
          });
        }
      }),
      { numRuns: 150 },
    );
  });
});
