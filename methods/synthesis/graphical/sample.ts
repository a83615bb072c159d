/**
 * Drawing codes from discrete distributions with a {@link RandomSource}: a 53-bit uniform double
 * from two 32-bit words, and the inverse of a cumulative table by binary search. Cells of zero
 * probability are never drawn.
 */
import type { RandomSource } from '../../../src/random/source.js';

const TWO_26 = 67108864;
const TWO_53 = 9007199254740992;

/**
 * A uniform double in [0, 1) with 53 random bits (two 32-bit words).
 *
 * @example
 * uniformDouble(seededRandom(1)) // => a number in [0, 1)
 */
export function uniformDouble(rng: RandomSource): number {
  const hi = rng.uint32() >>> 5; // 27 bits
  const lo = rng.uint32() >>> 6; // 26 bits
  return (hi * TWO_26 + lo) / TWO_53;
}

/**
 * The running sums of `p`: out[i] = p[0] + … + p[i].
 *
 * @example
 * cumulative(Float64Array.of(0.2, 0, 0.8)) // => Float64Array [0.2, 0.2, 1]
 */
export function cumulative(p: ArrayLike<number>, from = 0, length = p.length - from): Float64Array {
  const out = new Float64Array(length);
  let s = 0;
  for (let i = 0; i < length; i++) {
    s += p[from + i] as number;
    out[i] = s;
  }
  return out;
}
