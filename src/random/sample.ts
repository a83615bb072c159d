/**
 * Exact uniform permutations and samples, on any {@link RandomSource} (Fisher–Yates with
 * `uniformInt`: no modulo bias, no floating point).
 *
 * Reference: R. Durstenfeld, "Algorithm 235: Random permutation", CACM 7(7), 1964.
 */
import type { RandomSource } from './source.js';
import { uniformInt } from './uniform.js';

/**
 * Shuffles `a[0 … m)` in place (all of `a` by default), every order equally likely.
 *
 * @example
 * shuffle(seededRandom(1), [1, 2, 3]) // the array, in a random order
 */
export function shuffle<T>(
  rng: RandomSource,
  a: { [i: number]: T; length: number },
  m: number = a.length,
): void {
  for (let i = m - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
}

/**
 * `size` distinct indices of [0, n), drawn uniformly without replacement, in ascending order; all
 * of [0, n) when size ≥ n. Few of many: draw and reject repeats (expected draws < 4/3 · size, no
 * n-sized pool); else a partial Fisher–Yates shuffle.
 *
 * @example
 * sampleIndices(seededRandom(1), 10, 3) // => e.g. Int32Array [1, 4, 8]
 */
export function sampleIndices(rng: RandomSource, n: number, size: number): Int32Array {
  if (size >= n) return Int32Array.from({ length: n }, (_, i) => i);
  if (size * 4 <= n) {
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
