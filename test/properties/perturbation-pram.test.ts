/**
 * Independent property tests of PRAM (issue 8), over random categorical columns (2–5 categories,
 * text or numbers, a few missing cells), 1–3 strata or none, a retention probability or a given
 * random matrix, uniform or proportional moves, invariant or not.
 *
 * Oracles written here from the definitions (Gouweleeuw, Kooiman, Willenborg and de Wolf, JOS
 * 14(4), 1998), not from methods/perturbation/pram/matrix.ts:
 * - the retention matrix: P[i][i] = p; P[i][j] = (1 − p)/(K − 1) (uniform) or
 *   (1 − p)·v_j/(n − v_i) (proportional), over the categories present in the stratum (a given
 *   matrix over all of its categories);
 * - the invariant matrix R = P·Q, Q[k][l] = P[l][k]·v_l/λ_k, λ = vᵀP: vᵀR = vᵀ (checked to 1e-9
 *   on the matrix the implementation builds, and R compared with the one built here);
 * - every other column is bit-identical (Object.is), row order kept; PRAMed values stay in the
 *   column's domain (its stratum's categories, or the matrix's), keep their type; missing cells
 *   stay missing and nothing becomes missing;
 * - E[counts after] = Σ_strata v_sᵀP_s: `details.expected` equals it to 1e-9, and the observed
 *   counts lie within a Bernstein bound of it (below), whatever the seed.
 *
 * Tolerance arithmetic. The count N_j of category j after PRAM is a sum of independent
 * Bernoulli(P[i][j]) over records, with variance σ_j² = Σ_i v_i P[i][j](1 − P[i][j]). Bernstein's
 * inequality: P(|N_j − E N_j| ≥ t) ≤ 2 exp(−t² / (2(σ_j² + t/3))). With t = L/3 + √(L²/9 + 2Lσ_j²)
 * and L = ln(2/δ) the right side is exactly δ. δ = 1e-9 per category; this file checks at most
 * 40 runs × 5 categories = 200 counts, so a false failure has probability ≤ 2e-7 < 1e-6, with
 * random seeds.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  invariantMatrix,
  retentionMatrix,
  type TransitionMatrix,
} from '../../methods/perturbation/pram/matrix.js';
import { pram, type PramOptions } from '../../methods/perturbation/pram/pram.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';

function get<T>(a: ArrayLike<T>, i: number): T {
  const v = a[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

type Matrix = number[][];

/** The retention matrix over K categories with counts v (module comment). */
function myRetention(v: number[], p: number, move: 'uniform' | 'proportional'): Matrix {
  const k = v.length;
  const n = v.reduce((a, b) => a + b, 0);
  return v.map((vi, i) =>
    v.map((vj, j) => {
      if (k === 1) return 1;
      if (move === 'uniform') return i === j ? p : (1 - p) / (k - 1);
      if (n - vi <= 0) return i === j ? 1 : 0;
      return i === j ? p : ((1 - p) * vj) / (n - vi);
    }),
  );
}

function times(v: number[], m: Matrix): number[] {
  return v.map((_, j) => v.reduce((s, vi, i) => s + vi * get(get(m, i), j), 0));
}

/** R = P·Q with Q[k][l] = P[l][k] v_l / λ_k (Q[k][k] = 1 when λ_k = 0). */
function myInvariant(pm: Matrix, v: number[]): Matrix {
  const lambda = times(v, pm);
  const k = v.length;
  const q: Matrix = lambda.map((l, a) =>
    v.map((vb, b) => (l <= 0 ? (a === b ? 1 : 0) : (get(get(pm, b), a) * vb) / l)),
  );
  return pm.map((row) =>
    Array.from({ length: k }, (_, j) => row.reduce((s, pia, a) => s + pia * get(get(q, a), j), 0)),
  );
}

function rowsOf(m: TransitionMatrix): Matrix {
  const k = m.categories.length;
  return Array.from({ length: k }, (_, i) => Array.from(m.p.subarray(i * k, i * k + k)));
}

interface Draw {
  /** counts[s][c]: records of stratum s with category c. */
  counts: number[][];
  missing: number;
  numeric: boolean;
  retention: number;
  move: 'uniform' | 'proportional';
  invariant: boolean;
  strata: boolean;
  /** A given matrix (unnormalised weights), or null for a retention matrix. */
  given: number[][] | null;
  order: number[];
  seed: number;
}

const drawArb: fc.Arbitrary<Draw> = fc
  .record({
    k: fc.integer({ min: 2, max: 5 }),
    s: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ k, s }) =>
    fc.record({
      counts: fc.array(
        fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })), {
          minLength: k,
          maxLength: k,
        }),
        { minLength: s, maxLength: s },
      ),
      missing: fc.integer({ min: 0, max: 10 }),
      numeric: fc.boolean(),
      retention: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1, 0.5)),
      move: fc.constantFrom<'uniform' | 'proportional'>('uniform', 'proportional'),
      invariant: fc.boolean(),
      strata: fc.constant(s > 1).chain((many) => (many ? fc.constant(true) : fc.boolean())),
      given: fc.option(
        fc.array(
          fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 10 })), {
            minLength: k,
            maxLength: k,
          }),
          { minLength: k, maxLength: k },
        ),
        { nil: null, freq: 3 },
      ),
      order: fc.array(fc.nat(), { minLength: 16, maxLength: 16 }),
      seed: fc.integer(),
    }),
  );

interface Built {
  dataset: Dataset;
  label: (c: number) => string | number;
  /** Stratum and category (−1: missing) of every row, in row order. */
  stratumOf: number[];
  categoryOf: number[];
  matrix: TransitionMatrix | undefined;
}

function build(d: Draw): Built {
  const k = get(d.counts, 0).length;
  const label = (c: number): string | number => (d.numeric ? 10 + c : `cat${c}`);
  const rows: [number, number][] = [];
  d.counts.forEach((row, s) => {
    row.forEach((n, c) => {
      for (let i = 0; i < n; i++) rows.push([s, c]);
    });
  });
  for (let i = 0; i < d.missing; i++) rows.push([i % d.counts.length, -1]);
  // Interleave: a deterministic shuffle driven by the drawn words.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = (get(d.order, i % d.order.length) * 31 + i * 7) % (i + 1);
    const t = get(rows, i);
    rows[i] = get(rows, j);
    rows[j] = t;
  }
  const x = rows.map(([, c], i) => (c < 0 ? (i % 2 === 0 ? null : '') : label(c)));
  let matrix: TransitionMatrix | undefined;
  if (d.given !== null) {
    const weights = d.given.map((row, i) =>
      row.every((w) => w === 0) ? row.map((_, j) => (j === i ? 1 : 0)) : row,
    );
    const p = new Float64Array(k * k);
    weights.forEach((row, i) => {
      const sum = row.reduce((a, b) => a + b, 0);
      row.forEach((w, j) => (p[i * k + j] = w / sum));
    });
    matrix = { categories: Array.from({ length: k }, (_, c) => String(label(c))), p };
  }
  const columns: ColumnSpec[] = [
    { name: 'id', type: 'categorical', role: 'identifier' },
    { name: 'x', type: d.numeric ? 'integer' : 'categorical', role: 'sensitive' },
    { name: 'region', type: 'categorical', role: 'quasi-identifier' },
    { name: 'w', type: 'decimal', role: 'insensitive' },
    { name: 'note', type: 'categorical', role: 'insensitive' },
  ];
  return {
    dataset: {
      table: aq.table({
        id: rows.map((_, i) => `R${i}`),
        x,
        region: rows.map(([s]) => `S${s}`),
        w: rows.map((_, i) => (i % 5 === 0 ? NaN : i % 7 === 0 ? -0 : i * 0.1)),
        note: rows.map((_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? '' : `n${i % 4}`)),
      }),
      columns,
    },
    label,
    stratumOf: rows.map(([s]) => s),
    categoryOf: rows.map(([, c]) => c),
    matrix,
  };
}

function bernstein(variance: number, delta: number): number {
  const l = Math.log(2 / delta);
  return l / 3 + Math.sqrt((l * l) / 9 + 2 * l * variance);
}

describe('PRAM (oracle: matrices and expectations recomputed here)', () => {
  it('keeps other columns, stays in the domain, and meets E[counts] = Σ vᵀP', () => {
    fc.assert(
      fc.property(drawArb, (d) => {
        const b = build(d);
        const k = get(d.counts, 0).length;
        const options: PramOptions = {
          columns: ['x'],
          seed: d.seed,
          invariant: d.invariant,
          move: d.move,
        };
        if (b.matrix !== undefined) options.matrices = { x: b.matrix };
        else options.retention = d.retention;
        if (d.strata) options.strata = 'region';
        const release = pram(b.dataset, options);
        const input = b.dataset.table;
        const output = release.table;
        expect(output.columnNames()).toEqual(input.columnNames());
        expect(output.numRows()).toBe(input.numRows());
        for (const name of ['id', 'region', 'w', 'note']) {
          const before = Array.from(input.array(name) as ArrayLike<unknown>);
          const after = Array.from(output.array(name) as ArrayLike<unknown>);
          after.forEach((v, i) => {
            expect(
              Object.is(v, before[i]),
              `column ${name} row ${i}: ${String(before[i])} → ${String(v)}`,
            ).toBe(true);
          });
        }
        // Expected counts, per stratum, with the matrix built here.
        const strata = d.strata
          ? d.counts
          : [
              d.counts.reduce(
                (acc, row) => acc.map((a, c) => a + get(row, c)),
                new Array<number>(k).fill(0),
              ),
            ];
        const expected = new Array<number>(k).fill(0);
        const variance = new Array<number>(k).fill(0);
        const domain: Set<number>[] = [];
        strata.forEach((v) => {
          const local =
            b.matrix !== undefined ? v.map((_, c) => c) : v.flatMap((n, c) => (n > 0 ? [c] : []));
          domain.push(new Set(local));
          if (local.length === 0) return;
          const lv = local.map((c) => get(v, c));
          let m: Matrix =
            b.matrix !== undefined ? rowsOf(b.matrix) : myRetention(lv, d.retention, d.move);
          if (d.invariant) m = myInvariant(m, lv);
          local.forEach((ci, i) => {
            local.forEach((cj, j) => {
              const pij = get(get(m, i), j);
              expected[cj] = get(expected, cj) + get(lv, i) * pij;
              variance[cj] = get(variance, cj) + get(lv, i) * pij * (1 - pij);
            });
          });
        });
        const present = new Set(b.categoryOf.filter((c) => c >= 0));
        const x = Array.from(output.array('x') as ArrayLike<unknown>);
        const after = new Array<number>(k).fill(0);
        let changed = 0;
        x.forEach((v, r) => {
          const c = get(b.categoryOf, r);
          const original = (input.array('x') as ArrayLike<unknown>)[r];
          if (c < 0) {
            expect(Object.is(v, original), `missing cell of row ${r} became ${String(v)}`).toBe(
              true,
            );
            return;
          }
          const j = Array.from({ length: k }, (_, i) => i).find(
            (i) => String(b.label(i)) === String(v),
          );
          expect(j, `row ${r}: ${String(v)} is not a category`).toBeDefined();
          if (j === undefined) return;
          // A category present in the input keeps its type (numbers stay numbers, as documented).
          if (present.has(j)) expect(v, `row ${r}: type of ${String(v)}`).toBe(b.label(j));
          const s = d.strata ? get(b.stratumOf, r) : 0;
          expect(
            get(domain, s).has(j),
            `row ${r}: ${String(v)} is not a category of stratum ${s}`,
          ).toBe(true);
          after[j] = get(after, j) + 1;
          if (j !== c) changed++;
        });
        const details = release.details as {
          changedCells: number;
          columns: Record<
            string,
            { expected: Record<string, number>; after: Record<string, number> }
          >;
        };
        expect(details.changedCells).toBe(changed);
        const col = details.columns.x;
        expect(col).toBeDefined();
        for (let c = 0; c < k; c++) {
          const name = String(b.label(c));
          const e = get(expected, c);
          expect(
            Math.abs((col?.expected[name] ?? 0) - e),
            `expected count of ${name}`,
          ).toBeLessThanOrEqual(1e-9 * Math.max(1, e));
          expect(col?.after[name] ?? 0).toBe(get(after, c));
          const t = bernstein(get(variance, c), 1e-9);
          expect(
            Math.abs(get(after, c) - e),
            `count of ${name}: observed ${get(after, c)}, expected ${e}, Bernstein bound ${t}`,
          ).toBeLessThanOrEqual(t + 1e-9);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('the invariant matrix it builds satisfies vᵀR = vᵀ (1e-9) and equals R = P·Q built here', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((k) =>
          fc.record({
            v: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1000 })), {
              minLength: k,
              maxLength: k,
            }),
            p: fc.double({ min: 0, max: 1, noNaN: true }),
            move: fc.constantFrom<'uniform' | 'proportional'>('uniform', 'proportional'),
          }),
        ),
        ({ v, p, move }) => {
          const cats = v.map((_, i) => `c${i}`);
          const base = retentionMatrix(cats, p, move, v);
          const mine = myRetention(v, p, move);
          rowsOf(base).forEach((row, i) => {
            row.forEach((x, j) => {
              expect(Math.abs(x - get(get(mine, i), j))).toBeLessThanOrEqual(1e-12);
            });
          });
          const r = invariantMatrix(base, v);
          const rows = rowsOf(r);
          rows.forEach((row) => {
            for (const x of row) expect(x).toBeGreaterThanOrEqual(0);
            expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
          });
          const after = times(v, rows);
          after.forEach((x, j) => {
            expect(
              Math.abs(x - get(v, j)),
              `vᵀR at ${j}: ${x} vs ${get(v, j)}`,
            ).toBeLessThanOrEqual(1e-9);
          });
          const my = myInvariant(mine, v);
          rows.forEach((row, i) => {
            row.forEach((x, j) => {
              expect(Math.abs(x - get(get(my, i), j))).toBeLessThanOrEqual(1e-12);
            });
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
