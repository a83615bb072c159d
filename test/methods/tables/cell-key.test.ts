import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellKeyDeviation, cellKeyPerturb } from '../../../methods/tables/cell-key.js';
import { perturbationTable } from '../../../methods/tables/ptable.js';
import {
  addCellKeys,
  recordKeys,
  recordKeysFromColumn,
} from '../../../methods/tables/record-keys.js';
import { seededRandom } from '../../../src/random/source.js';
import { errorOf } from '../../helpers/errors.js';

const D2V1 = perturbationTable({ maxDeviation: 2, variance: 1 });

describe('cellKeyPerturb', () => {
  it('looks the deviation up in the cumulative intervals of row min(i, T) (hand-checked, D = 2, V = 1)', () => {
    // Row 2 (and every count ≥ 2): p = (1/6, q, 1, q, 1/6)/Z, q = 6^{-1/4}, Z = 1 + 2q + 1/3
    // (see ptable.test.ts): cumulative bounds ≈ 0.063826, 0.308514, 0.691486, 0.936174, 1.
    const q = 6 ** -0.25;
    const z = 1 + 2 * q + 1 / 3;
    const b0 = 1 / 6 / z;
    const b1 = b0 + q / z;
    const counts = Float64Array.of(5, 5, 5, 5, 5, 5, 40);
    const u0 = D2V1.rows[2]?.upper[0] ?? NaN;
    expect(u0).toBeCloseTo(b0, 12);
    const keys = Float64Array.of(0.05, u0, 0.3, 0.5, 0.93, 0.95, 0.999);
    // 0.05 < b0 → −2; the bound b0 itself (as the table stores it) falls in the second interval [b0, b1) → −1; 0.3 < b1 → −1;
    // 0.5 → 0; 0.93 → +1; 0.95 → +2; 0.999 → +2 (count 40 uses row 2 too).
    expect(b1).toBeGreaterThan(0.3);
    expect(Array.from(cellKeyPerturb(counts, keys, D2V1))).toEqual([3, 4, 4, 5, 6, 7, 42]);
  });

  it('keeps zeros at zero, whatever the key (ABS: empty cells stay empty)', () => {
    const keys = Float64Array.of(0, 0.01, 0.5, 0.99, 1 - 2 ** -32);
    expect(Array.from(cellKeyPerturb(new Float64Array(5), keys, D2V1))).toEqual([0, 0, 0, 0, 0]);
  });

  it('publishes counts ≥ 0, within ±D, never on 1 … js', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          { maxDeviation: 2, variance: 1, smallCountThreshold: 0 },
          { maxDeviation: 3, variance: 2, smallCountThreshold: 0 },
          { maxDeviation: 5, variance: 3, smallCountThreshold: 2 },
          { maxDeviation: 4, variance: 2.5, smallCountThreshold: 1 },
        ),
        fc.array(
          fc.tuple(
            fc.nat({ max: 30 }),
            fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 50,
          },
        ),
        (options, cells) => {
          const t = perturbationTable(options);
          const counts = Float64Array.from(cells, ([c]) => c);
          const keys = Float64Array.from(cells, ([, k]) => k);
          const out = cellKeyPerturb(counts, keys, t);
          out.forEach((y, c) => {
            const i = counts[c] as number;
            expect(y).toBeGreaterThanOrEqual(0);
            expect(Math.abs(y - i)).toBeLessThanOrEqual(options.maxDeviation);
            expect(y >= 1 && y <= options.smallCountThreshold).toBe(false);
            if (i === 0) expect(y).toBe(0);
          });
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('is unbiased with variance V over a uniform grid of cell keys (deterministic)', () => {
    // Keys k/M, k = 0 … M−1: each interval [u_{j−1}, u_j) holds M·p_j ± 1 grid points, so the
    // grid mean of v is within (2D+1)·D/M of E[v] = 0 and the grid mean of v² within
    // (2D+1)·D²/M of V.
    const t = perturbationTable({ maxDeviation: 3, variance: 2 });
    const m = 1 << 16;
    for (let i = 1; i <= 6; i++) {
      let s1 = 0;
      let s2 = 0;
      for (let k = 0; k < m; k++) {
        const v = cellKeyDeviation(t, i, k / m);
        s1 += v;
        s2 += v * v;
      }
      expect(Math.abs(s1 / m)).toBeLessThanOrEqual((7 * 3) / m);
      expect(Math.abs(s2 / m - 2)).toBeLessThanOrEqual((7 * 9) / m);
    }
  });

  it('is unbiased on cells keyed by sums of random record keys (statistical, fixed seed)', () => {
    // N cells of count i, each with the key of i fresh record keys (sum mod 1). The mean
    // deviation has standard error √(V/N); |mean| > 5·√(V/N) has probability < 6e-7 under the
    // normal approximation (the deviation is bounded by D, so the CLT applies at this N).
    const rng = seededRandom('cell-key unbiasedness');
    const t = perturbationTable({ maxDeviation: 2, variance: 1 });
    const n = 40_000;
    for (const i of [1, 2, 3, 7]) {
      const keys = recordKeys(n * i, rng);
      const cellKeys = new Float64Array(n);
      for (let c = 0; c < n; c++) {
        let k = 0;
        for (let r = 0; r < i; r++) k = addCellKeys(k, keys[c * i + r] as number);
        cellKeys[c] = k;
      }
      const out = cellKeyPerturb(new Float64Array(n).fill(i), cellKeys, t);
      let sum = 0;
      for (const y of out) sum += y - i;
      expect(Math.abs(sum / n)).toBeLessThan(5 * Math.sqrt(1 / n));
    }
  });

  it('is consistent: two tables sharing a cell (the same records) publish the same value for it', () => {
    // Microdata with three attributes A, B, C. Table 1 is A × B with margins, its margin cell
    // (A = a, B = Total) rolled up from its inner cells' keys; table 2 is A × C, its margin
    // (A = a, C = Total) summed over the records in reverse order. Both are the set of
    // records with A = a, so both must publish the same count.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat({ max: 3 }), fc.nat({ max: 2 })), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.integer(),
        (rows, seed) => {
          const keys = recordKeys(rows.length, seededRandom(seed));
          // Table 1: inner cells (a, b) in record order, then margins by roll-up.
          const inner1Count = new Float64Array(3 * 4);
          const inner1Key = new Float64Array(3 * 4);
          rows.forEach(([a, b], r) => {
            const c = a * 4 + b;
            inner1Count[c] = (inner1Count[c] as number) + 1;
            inner1Key[c] = addCellKeys(inner1Key[c] as number, keys[r] as number);
          });
          const margin1Count = new Float64Array(3);
          const margin1Key = new Float64Array(3);
          for (let a = 0; a < 3; a++) {
            for (let b = 3; b >= 0; b--) {
              margin1Count[a] = (margin1Count[a] as number) + (inner1Count[a * 4 + b] as number);
              margin1Key[a] = addCellKeys(margin1Key[a] as number, inner1Key[a * 4 + b] as number);
            }
          }
          // Table 2: margins (a, Total) straight from the records, in reverse order.
          const margin2Count = new Float64Array(3);
          const margin2Key = new Float64Array(3);
          for (let r = rows.length - 1; r >= 0; r--) {
            const a = (rows[r] as [number, number, number])[0];
            margin2Count[a] = (margin2Count[a] as number) + 1;
            margin2Key[a] = addCellKeys(margin2Key[a] as number, keys[r] as number);
          }
          expect(Array.from(margin1Key)).toEqual(Array.from(margin2Key)); // bit for bit
          const t = perturbationTable({ maxDeviation: 3, variance: 2 });
          expect(Array.from(cellKeyPerturb(margin1Count, margin1Key, t))).toEqual(
            Array.from(cellKeyPerturb(margin2Count, margin2Key, t)),
          );
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('refuses mismatched lengths, counts that are not non-negative integers and keys outside [0, 1)', () => {
    const bad = [
      [Float64Array.of(1, 2), Float64Array.of(0.5), /differ in length/],
      [Float64Array.of(-1), Float64Array.of(0.5), /cell 0 holds -1/],
      [Float64Array.of(2.5), Float64Array.of(0.5), /cell 0 holds 2.5/],
      [Float64Array.of(NaN), Float64Array.of(0.5), /cell 0 holds NaN/],
      [Float64Array.of(1, 1), Float64Array.of(0.5, 1), /cell 1 has 1/],
      [Float64Array.of(1), Float64Array.of(NaN), /cell 0 has NaN/],
    ] as const;
    for (const [counts, keys, message] of bad) {
      const e = errorOf(() => cellKeyPerturb(counts, keys, D2V1));
      expect(e.code).toBe('BAD_INPUT');
      expect(e.message).toMatch(message);
    }
  });
});

describe('record keys', () => {
  it('are uniform multiples of 2^-32 in [0, 1), reproducible from a seed', () => {
    const a = recordKeys(100_000, seededRandom(7));
    expect(Array.from(a.subarray(0, 10))).toEqual(Array.from(recordKeys(10, seededRandom(7))));
    let sum = 0;
    let offGrid = 0;
    for (const k of a) {
      if (!(k >= 0 && k < 1) || !Number.isInteger(k * 2 ** 32)) offGrid++;
      sum += k;
    }
    expect(offGrid).toBe(0);
    // Mean of n uniforms: standard error √(1/12n); 5 standard errors ⇒ false failure < 6e-7.
    expect(Math.abs(sum / a.length - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / a.length));
    expect(errorOf(() => recordKeys(-1, seededRandom(1))).code).toBe('BAD_PARAMETER');
    expect(errorOf(() => recordKeys(1.5, seededRandom(1))).code).toBe('BAD_PARAMETER');
  });

  it('sum exactly modulo 1 in any order', () => {
    fc.assert(
      fc.property(fc.integer(), fc.nat({ max: 2000 }), (seed, n) => {
        const keys = recordKeys(n, seededRandom(seed));
        let forward = 0;
        for (const k of keys) forward = addCellKeys(forward, k);
        let backward = 0;
        for (let i = keys.length - 1; i >= 0; i--)
          backward = addCellKeys(backward, keys[i] as number);
        expect(forward).toBe(backward);
        expect(forward >= 0 && forward < 1).toBe(true);
      }),
      { numRuns: 50, seed: 11 },
    );
    expect(addCellKeys(0.75, 0.5)).toBe(0.25);
  });

  it('read from a column are checked and put on the 2^-32 grid', () => {
    expect(Array.from(recordKeysFromColumn([0.25, 0, 0.5], 'rkey'))).toEqual([0.25, 0, 0.5]);
    const k = recordKeysFromColumn([0.1], 'rkey')[0] as number;
    expect(Number.isInteger(k * 2 ** 32)).toBe(true);
    expect(0.1 - k).toBeLessThan(2 ** -32);
    for (const [value, shown] of [
      [1, '1'],
      [-0.1, '-0.1'],
      ['0.5', '"0.5"'],
      [null, 'null'],
      [NaN, 'NaN'],
    ] as const) {
      const e = errorOf(() => recordKeysFromColumn([0.5, value], 'rkey'));
      expect(e.code).toBe('BAD_INPUT');
      expect(e.column).toBe('rkey');
      expect(e.line).toBe(3);
      expect(e.value).toBe(shown);
    }
  });
});
