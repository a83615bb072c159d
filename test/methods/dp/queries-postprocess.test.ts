import { table as arqueroTable } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { consistentCounts, dpCountBy, postProcess } from '../../../methods/dp/queries/index.js';
import { PrivacyAccountant } from '../../../src/privacy/accountant.js';
import { seededRandom } from '../../../src/random/source.js';

describe('consistentCounts — non-negative integers adding up to the rounded noisy total', () => {
  it('by hand: (5, −2, 1) → total 4, θ = 1 → (4, 0, 0)', () => {
    // Σ = 4. Projection: subtract θ from every cell and floor at 0 so the sum is 4:
    // θ = 1 gives (4, 0, 0) — 4 + 0 + 0 = 4.
    expect(Array.from(consistentCounts(Float64Array.of(5, -2, 1)))).toEqual([4, 0, 0]);
  });

  it('by hand: (2.5, 2.5, −1) → total 4, θ = 0.5 → (2, 2, 0); a negative total gives zeros', () => {
    expect(Array.from(consistentCounts(Float64Array.of(2.5, 2.5, -1)))).toEqual([2, 2, 0]);
    expect(Array.from(consistentCounts(Float64Array.of(-3, 1, 1)))).toEqual([0, 0, 0]);
  });

  it('properties over random noisy vectors (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 200 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.double({ min: -0.5, max: 0.5, noNaN: true }), { minLength: 40, maxLength: 40 }),
        (ints, jitter) => {
          const noisy = Float64Array.from(ints, (v, i) => v + (jitter[i] as number));
          const out = consistentCounts(noisy);
          const total = Math.max(0, Math.round(noisy.reduce((a, b) => a + b, 0)));
          expect(out).toHaveLength(noisy.length);
          for (const v of out) {
            expect(Number.isInteger(v)).toBe(true);
            expect(v).toBeGreaterThanOrEqual(0);
          }
          expect(out.reduce((a, b) => a + b, 0)).toBe(total);
          // Order is kept: a larger noisy cell never gets a smaller count by more than rounding.
          for (let i = 0; i < noisy.length; i++) {
            for (let j = 0; j < noisy.length; j++) {
              if ((noisy[i] as number) > (noisy[j] as number)) {
                expect(out[i] as number).toBeGreaterThanOrEqual((out[j] as number) - 1);
              }
            }
          }
        },
      ),
      { seed: 42, numRuns: 400 },
    );
  });

  it('leaves non-negative integer counts unchanged (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }),
        (ints) => {
          expect(Array.from(consistentCounts(Float64Array.from(ints)))).toEqual(ints);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
  });

  it('clamp rounds and floors at 0; none keeps the draws', () => {
    expect(Array.from(postProcess(Float64Array.of(3.4, -1, 0.6), 'clamp'))).toEqual([3, 0, 1]);
    expect(Array.from(postProcess(Float64Array.of(3.4, -1), 'none'))).toEqual([3.4, -1]);
  });
});

describe('contingency tables released by dpCountBy', () => {
  it('every release: non-negative integers, every cell present, total = sum of cells (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.constantFrom(1, 2)), {
          maxLength: 60,
        }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (rows, seed) => {
          const t = arqueroTable({ k: rows.map((r) => r[0]), g: rows.map((r) => r[1]) });
          const r = dpCountBy(t, {
            accountant: new PrivacyAccountant({ epsilon: 1 }),
            epsilon: 0.3,
            by: ['k', 'g'],
            domains: { k: ['a', 'b', 'c', 'd'], g: [1, 2] },
            rng: seededRandom(seed),
          });
          const counts = r.table.array('count') as number[];
          expect(counts).toHaveLength(8);
          for (const c of counts) {
            expect(Number.isInteger(c)).toBe(true);
            expect(c).toBeGreaterThanOrEqual(0);
          }
          // Marginal totals are sums of cells, so the grand total over k equals the total over g.
          const byK = [0, 1, 2, 3].map(
            (i) => (counts[2 * i] as number) + (counts[2 * i + 1] as number),
          );
          const byG = [0, 1].map((j) =>
            [0, 1, 2, 3].reduce((s, i) => s + (counts[2 * i + j] as number), 0),
          );
          expect(byK.reduce((a, b) => a + b, 0)).toBe(byG.reduce((a, b) => a + b, 0));
        },
      ),
      { seed: 11, numRuns: 100 },
    );
  });
});
