/**
 * Uniform integers from a {@link RandomSource}, exactly: every value in [0, n) has probability
 * exactly 1/n. Rejection sampling (von Neumann): draw w uniform bits; reject the draws that fall in
 * the incomplete last block of n. No floating point, no modulo bias.
 *
 * Reference: D. Lemire, "Fast random integer generation in an interval", ACM TOMACS 29(1), 2019
 * (sections 2–3 on rejection and the bias of a plain modulo).
 */
import { DatanonymeError } from '../errors.js';
import type { RandomSource } from './source.js';

const TWO_32 = 4294967296;
const TWO_21 = 2097152;
const TWO_53 = 9007199254740992;

function badBound(n: unknown, what: string): DatanonymeError {
  return new DatanonymeError('BAD_PARAMETER', `n must be ${what}, got ${String(n)}`, {
    field: 'n',
    value: String(n),
  });
}

/**
 * A uniform integer in [0, n), exact. For n ≤ 2^32 one 32-bit word per attempt, rejecting the
 * words ≥ 2^32 − (2^32 mod n) (probability < 1/2); for 2^32 < n ≤ 2^53, 53 bits per attempt
 * (two words), rejecting the draws ≥ 2^53 − (2^53 mod n).
 *
 * @param n - an integer with 1 ≤ n ≤ 2^53.
 * @throws DatanonymeError `BAD_PARAMETER` naming `n` when it is not an integer in [1, 2^53].
 * @example
 * uniformInt(seededRandom(1), 6) // => an integer in 0…5
 */
export function uniformInt(rng: RandomSource, n: number): number {
  if (n <= TWO_32 && n >= 1 && Number.isInteger(n)) {
    const limit = TWO_32 - (TWO_32 % n);
    let x = rng.uint32();
    while (x >= limit) x = rng.uint32();
    return x % n;
  }
  if (!(Number.isInteger(n) && n >= 1 && n <= TWO_53)) {
    throw badBound(n, 'an integer in [1, 2^53]');
  }
  const limit = TWO_53 - (TWO_53 % n);
  for (;;) {
    // 21 high bits and 32 low bits: exact in a double (< 2^53).
    const x = (rng.uint32() % TWO_21) * TWO_32 + rng.uint32();
    if (x < limit) return x % n;
  }
}

/**
 * A uniform bigint in [0, n), exact: draws ⌈bits(n − 1)/32⌉ words, keeps the low bits(n − 1)
 * bits, and rejects values ≥ n (probability < 1/2 per attempt).
 *
 * @param n - a bigint ≥ 1.
 * @throws DatanonymeError `BAD_PARAMETER` naming `n` when it is not a bigint ≥ 1.
 * @example
 * uniformBigInt(seededRandom(1), 10n ** 30n) // => a bigint in 0…10^30 − 1
 */
export function uniformBigInt(rng: RandomSource, n: bigint): bigint {
  if (typeof n !== 'bigint' || n < 1n) throw badBound(n, 'a bigint ≥ 1');
  if (n === 1n) return 0n;
  const max = n - 1n;
  const bits = max.toString(2).length;
  const words = Math.ceil(bits / 32);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    let x = 0n;
    for (let i = 0; i < words; i++) x = (x << 32n) | BigInt(rng.uint32());
    x &= mask;
    if (x < n) return x;
  }
}
