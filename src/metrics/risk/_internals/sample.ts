/** Seeded sampling without replacement. Internal. */
import { uniformInt, type RandomSource } from '../../../random/source.js';

/**
 * `size` distinct indices of [0, n), drawn uniformly without replacement (a partial
 * Fisher–Yates shuffle), in ascending order; all of [0, n) when size ≥ n.
 */
export function sampleIndices(rng: RandomSource, n: number, size: number): Int32Array {
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  if (size * 4 <= n) {
    // Few of many: draw and reject repeats (expected draws < 4/3 · size), no n-sized pool.
    const picked = new Set<number>();
    while (picked.size < size) picked.add(uniformInt(rng, n));
    return Int32Array.from(picked).sort();
  }
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + uniformInt(rng, n - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.slice(0, size).sort();
}
