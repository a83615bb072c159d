import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { perturbationTable, type PerturbationTable } from '../../../methods/tables/ptable.js';
import { cellKeyDeviation } from '../../../methods/tables/cell-key.js';
import { errorOf } from '../../helpers/errors.js';

/** Sum, mean and variance of one row's deviation distribution. */
function rowMoments(
  t: PerturbationTable,
  r: number,
): { sum: number; mean: number; variance: number } {
  const row = t.rows[r];
  if (row === undefined) throw new Error(`no row ${r}`);
  let sum = 0;
  let mean = 0;
  let second = 0;
  row.probabilities.forEach((p, k) => {
    const v = row.deviations[k] as number;
    sum += p;
    mean += p * v;
    second += p * v * v;
  });
  return { sum, mean, variance: second - mean * mean };
}

/**
 * Independent of the implementation: the allowed deviations of count i, and the open interval of
 * variances an unbiased distribution on them can have — (0 or a′b′, a·b) for deviations from −a
 * to b, a′ and b′ the ones nearest zero when 0 itself is blocked.
 */
function varianceRange(d: number, js: number): [number, number] {
  let lo = 0;
  let hi = Infinity;
  for (let i = 1; i <= d + js + 1; i++) {
    const vs: number[] = [];
    for (let v = -d; v <= d; v++) if (i + v >= 0 && !(i + v >= 1 && i + v <= js)) vs.push(v);
    const neg = vs.filter((v) => v < 0);
    const pos = vs.filter((v) => v > 0);
    hi = Math.min(hi, -Math.min(...neg) * Math.max(...pos));
    if (!vs.includes(0)) lo = Math.max(lo, -Math.max(...neg) * Math.min(...pos));
  }
  return [lo, hi];
}

describe('perturbationTable', () => {
  it('reproduces the ptable vignette row for D = 2, V = 1 (closed form of the symmetric row)', () => {
    // ptable vignette ("Introduction", create_cnt_ptable(D = 2, V = 1)): the row of count 2
    // starts 0.0638 and p_stay = 0.383. Maximum entropy with E[v] = 0 on the symmetric support
    // {-2, …, 2} gives p(v) ∝ q^{v²}; Var = (2q + 8q⁴)/(1 + 2q + 2q⁴) = 1 ⇔ 6q⁴ = 1, so
    // q = 6^{-1/4} ≈ 0.638943, Z = 1 + 2q + 2/6 ≈ 2.611219, p(0) = 1/Z ≈ 0.382958,
    // p(±1) = q/Z ≈ 0.244688, p(±2) = (1/6)/Z ≈ 0.063826.
    const t = perturbationTable({ maxDeviation: 2, variance: 1 });
    expect(t.symmetryThreshold).toBe(2);
    const row = t.rows[2];
    expect(Array.from(row?.deviations ?? [])).toEqual([-2, -1, 0, 1, 2]);
    const q = 6 ** -0.25;
    const z = 1 + 2 * q + 2 / 6;
    const expected = [1 / 6 / z, q / z, 1 / z, q / z, 1 / 6 / z];
    const p = Array.from(row?.probabilities ?? []);
    p.forEach((x, k) => {
      expect(x).toBeCloseTo(expected[k] as number, 12);
    });
    expect(p[0]).toBeCloseTo(0.0638, 4); // the vignette's printed value
    expect(p[2]).toBeCloseTo(0.383, 3); // the vignette's p_stay
    // Count 0 stays 0.
    expect(Array.from(t.rows[0]?.deviations ?? [])).toEqual([0]);
    expect(Array.from(t.rows[0]?.probabilities ?? [])).toEqual([1]);
  });

  it('every row: sums to 1, mean 0, variance V, deviations within ±D, targets ≥ 0 and off 1…js; log p is quadratic (maximum entropy)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (d, jsRaw, u) => {
          const js = Math.min(jsRaw, d - 1);
          const [lo, hi] = varianceRange(d, js);
          fc.pre(lo < hi);
          const variance = lo + u * (hi - lo);
          const t = perturbationTable({ maxDeviation: d, variance, smallCountThreshold: js });
          expect(t.rows.length).toBe(t.symmetryThreshold + 1);
          for (let r = 1; r < t.rows.length; r++) {
            const row = t.rows[r];
            if (row === undefined) throw new Error('missing row');
            const m = rowMoments(t, r);
            expect(Math.abs(m.sum - 1)).toBeLessThan(1e-12);
            expect(Math.abs(m.mean)).toBeLessThan(1e-9);
            expect(Math.abs(m.variance - variance)).toBeLessThan(1e-9);
            expect(row.upper[row.upper.length - 1]).toBe(1);
            for (let k = 0; k < row.deviations.length; k++) {
              const v = row.deviations[k] as number;
              const j = r + v;
              expect(Math.abs(v)).toBeLessThanOrEqual(d);
              expect(j).toBeGreaterThanOrEqual(0);
              expect(j >= 1 && j <= js).toBe(false);
              expect(row.probabilities[k]).toBeGreaterThan(0);
              if (k > 0) expect(row.upper[k]).toBeGreaterThanOrEqual(row.upper[k - 1] as number);
            }
            // Maximum entropy under the two moment constraints ⇔ log p(v) = c + a v + b v²:
            // fit through the first three support points, check the others.
            const vs = Array.from(row.deviations);
            const lp = Array.from(row.probabilities, Math.log);
            const [v0 = 0, v1 = 0, v2 = 0] = vs;
            const [l0 = 0, l1 = 0, l2 = 0] = lp;
            const d01 = (l1 - l0) / (v1 - v0);
            const d12 = (l2 - l1) / (v2 - v1);
            const b = (d12 - d01) / (v2 - v0);
            const a = d01 - b * (v0 + v1);
            const c = l0 - a * v0 - b * v0 * v0;
            vs.forEach((v, k) => {
              expect(Math.abs(c + a * v + b * v * v - (lp[k] as number))).toBeLessThan(1e-7);
            });
          }
          // The symmetric row: full support {-D, …, D}, symmetric probabilities.
          const top = t.rows[t.symmetryThreshold];
          expect(Array.from(top?.deviations ?? []).length).toBe(2 * d + 1);
          for (let k = 0; k < d; k++) {
            expect(top?.probabilities[k]).toBeCloseTo(top?.probabilities[2 * d - k] ?? NaN, 10);
          }
        },
      ),
      { numRuns: 150, seed: 8 },
    );
  });

  it('counts above the symmetry threshold share its row', () => {
    const t = perturbationTable({ maxDeviation: 3, variance: 2 });
    expect(t.symmetryThreshold).toBe(3);
    for (const key of [0, 0.01, 0.2, 0.5, 0.77, 0.999]) {
      const v = cellKeyDeviation(t, 3, key);
      expect(cellKeyDeviation(t, 4, key)).toBe(v);
      expect(cellKeyDeviation(t, 1_000_000, key)).toBe(v);
    }
    // With js = 2 the first full row is count D + js + 1 = 6 (its lowest target, 3, is > js).
    expect(
      perturbationTable({ maxDeviation: 3, variance: 2.5, smallCountThreshold: 2 })
        .symmetryThreshold,
    ).toBe(6);
  });

  it('refuses a variance too large for D: count 1 can only move to 0 … 1 + D, so V < 1 · D', () => {
    // D = 2: deviations of count 1 are -1 … 2; the largest unbiased variance is the two-point
    // law on {-1, 2} (p = 2/3, 1/3): 2/3 · 1 + 1/3 · 4 = 2.
    const e = errorOf(() => perturbationTable({ maxDeviation: 2, variance: 2 }));
    expect(e.code).toBe('IMPOSSIBLE');
    expect(e.field).toBe('variance');
    expect(e.message).toMatch(/too large for maximum deviation D = 2/);
    expect(e.message).toMatch(/count 1/);
    const m = rowMoments(perturbationTable({ maxDeviation: 2, variance: 1.99 }), 1);
    expect(m.variance).toBeCloseTo(1.99, 9);
  });

  it('refuses a variance too small when js blocks the unperturbed value', () => {
    // D = 5, js = 2: count 1 may become 0 or 3 … 6 (deviations -1, 2 … 5); the smallest
    // unbiased variance is the two-point law on {-1, 2}: 2. V = 1 is impossible, V = 3 works.
    const e = errorOf(() =>
      perturbationTable({ maxDeviation: 5, variance: 1, smallCountThreshold: 2 }),
    );
    expect(e.code).toBe('IMPOSSIBLE');
    expect(e.message).toMatch(/too small for js = 2/);
    const t = perturbationTable({ maxDeviation: 5, variance: 3, smallCountThreshold: 2 });
    expect(Array.from(t.rows[1]?.deviations ?? [])).toEqual([-1, 2, 3, 4, 5]);
  });

  it('refuses bad parameters', () => {
    for (const [options, field] of [
      [{ maxDeviation: 0, variance: 1 }, 'maxDeviation'],
      [{ maxDeviation: 2.5, variance: 1 }, 'maxDeviation'],
      [{ maxDeviation: 101, variance: 1 }, 'maxDeviation'],
      [{ maxDeviation: 2, variance: 0 }, 'variance'],
      [{ maxDeviation: 2, variance: -1 }, 'variance'],
      [{ maxDeviation: 2, variance: NaN }, 'variance'],
      [{ maxDeviation: 2, variance: 1, smallCountThreshold: 2 }, 'smallCountThreshold'],
      [{ maxDeviation: 2, variance: 1, smallCountThreshold: -1 }, 'smallCountThreshold'],
    ] as const) {
      const e = errorOf(() => perturbationTable(options));
      expect(e.code).toBe('BAD_PARAMETER');
      expect(e.field).toBe(field);
    }
  });
});
