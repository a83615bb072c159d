/**
 * shuffle and sampleIndices (src/random/sample.ts): permutations and samples without replacement.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleIndices, shuffle } from '../../src/random/sample.js';
import { seededRandom } from '../../src/random/source.js';

describe('sampleIndices', () => {
  it('gives min(size, n) distinct indices of [0, n), ascending, on both paths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 250 }),
        fc.integer(),
        (n, size, seed) => {
          const s = Array.from(sampleIndices(seededRandom(seed), n, size));
          expect(s).toHaveLength(Math.min(n, size));
          expect(new Set(s).size).toBe(s.length);
          expect(s).toEqual([...s].sort((a, b) => a - b));
          for (const i of s) expect(i >= 0 && i < n).toBe(true);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('shuffle', () => {
  it('gives each of the 6 orders of 3 items equally often (chi-square, seeded)', () => {
    // 60,000 shuffles: 10,000 expected per order. With 5 degrees of freedom the statistic exceeds
    // 41.5 with probability below 1e-7 under uniformity (chi-square upper quantile).
    const rng = seededRandom(2024);
    const counts = new Map<string, number>();
    for (let t = 0; t < 60_000; t++) {
      const a = ['a', 'b', 'c'];
      shuffle(rng, a);
      const key = a.join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - 10_000) ** 2 / 10_000;
    expect(chi2).toBeLessThan(41.5);
  });

  it('shuffles only the first m items when asked', () => {
    const a = Int32Array.from([0, 1, 2, 3, 4, 5]);
    shuffle(seededRandom(1), a, 3);
    expect(Array.from(a.subarray(3))).toEqual([3, 4, 5]);
    expect(Array.from(a.subarray(0, 3)).sort()).toEqual([0, 1, 2]);
  });
});
