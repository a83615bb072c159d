/**
 * k-anonymity as a predicate on equivalence classes.
 *
 * Definition (Samarati 2001; Sweeney 2002): a release is k-anonymous when every combination of
 * quasi-identifier values it contains is shared by at least k records. Stated on the equivalence
 * classes of a release (the groups of records with equal quasi-identifier values): a class is
 * valid iff its size is ≥ k. A release with a record-suppression limit is k-anonymous when the
 * records of all invalid classes are suppressed (every quasi-identifier replaced by a token, or the
 * record removed) and their number stays within the limit.
 *
 * References:
 * - P. Samarati, "Protecting respondents' identities in microdata release", IEEE TKDE 13(6), 2001.
 * - L. Sweeney, "k-anonymity: a model for protecting privacy", IJUFKS 10(5), 2002.
 */
import { DatanonymeError } from '../errors.js';

/** A privacy model that judges each equivalence class by its size alone. */
export interface ClassSizeModel {
  /** A short name for reports, such as `5-anonymity`. */
  readonly name: string;
  /** The smallest valid class size. */
  readonly k: number;
  /** True when a class of `size` records is valid (not too small). */
  isValidClass(size: number): boolean;
}

/**
 * The k-anonymity model: a class is valid iff its size is ≥ `k`.
 *
 * @param k - the minimum class size, an integer ≥ 1.
 * @throws DatanonymeError `BAD_PARAMETER` naming `k` when it is not a finite integer ≥ 1.
 * @example
 * kAnonymity(5).isValidClass(4) // => false
 */
export function kAnonymity(k: number): ClassSizeModel {
  assertK(k);
  return {
    name: `${k}-anonymity`,
    k,
    isValidClass: (size: number): boolean => size >= k,
  };
}

/**
 * Checks that `k` is a finite integer ≥ 1.
 *
 * @throws DatanonymeError `BAD_PARAMETER`: `k must be an integer ≥ 1, got 2.5`.
 * @example
 * assertK(3); // passes
 */
export function assertK(k: unknown): asserts k is number {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1) {
    const shown = typeof k === 'string' ? `"${k}"` : String(k);
    throw new DatanonymeError('BAD_PARAMETER', `k must be an integer ≥ 1, got ${shown}`, {
      field: 'k',
      value: String(k),
    });
  }
}
