/** Seeded sampling without replacement. Internal. */
import { uniformInt, type RandomSource } from '../../../random/source.js';

/**
 * `size` distinct indices of [0, n), drawn uniformly without replacement (a partial
 * Fisher–Yates shuffle), in ascending order; all of [0, n) when size ≥ n.
 */
export function sampleIndices(rng: RandomSource, n: number, size: number): Int32Array {
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const pool = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < size; i++) {
    const j = i + uniformInt(rng, n - i);
    const t = pool[i] as number;
    pool[i] = pool[j] as number;
    pool[j] = t;
  }
  return pool.slice(0, size).sort();
}
