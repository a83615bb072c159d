/**
 * Protection levels: how uncertain an attacker must remain about an unsafe cell. A suppressed cell
 * of value x with lower and upper protection levels L and U is protected when the interval the
 * attacker can deduce from the published table reaches down to x − L and up to x + U.
 *
 * The concentration rules' levels are the amounts that would make the cell safe (Hundepool et al.,
 * *Statistical Disclosure Control*, Wiley 2012, §4.2.2; τ-ARGUS manual, "Safety rules"); the
 * frequency rule has no such amount, and τ-ARGUS asks for a "safety range", a percentage of the
 * cell value (rtauargus's default manual range is 10 %).
 *
 * Levels are symmetric, as τ-ARGUS sets them; a lower level is capped at the cell value, since
 * the attacker knows that no cell is negative.
 */

/**
 * The protection level the dominance (n, k) rule asks for: the amount by which the cell total X
 * must grow for its n largest contributions to be at most k % of it,
 * `(100 / k) × (x_1 + … + x_n) − X`, or 0 when the cell is safe.
 *
 * Reference: Hundepool et al. 2012, §4.2.2 (eq. for the (n, k)-rule protection level).
 *
 * @param total - the cell total X.
 * @param largestSum - the sum of the n largest contributions.
 * @param k - the percentage (0 < k ≤ 100).
 * @throws never.
 * @example
 * dominanceProtection(100, 90, 85) // => 100 / 85 × 90 − 100 ≈ 5.88
 */
export function dominanceProtection(total: number, largestSum: number, k: number): number {
  const level = (100 / k) * largestSum - total;
  return total > 0 && largestSum > (k / 100) * total && level > 0 ? level : 0;
}

/**
 * The protection level the p % rule asks for: the second largest contributor, knowing its own
 * value, must not estimate the largest within p % of it, so the rest of the cell
 * `X − x_1 − x_2` must be at least `p / 100 × x_1`; the level is the shortfall
 * `p / 100 × x_1 − (X − x_1 − x_2)`, or 0 when the cell is safe.
 *
 * Reference: Hundepool et al. 2012, §4.2.2 (p % rule and its protection level).
 *
 * @param total - the cell total X.
 * @param x1 - the largest contribution.
 * @param x2 - the second largest (0 for one contributor).
 * @param p - the percentage (p > 0).
 * @throws never.
 * @example
 * pPercentProtection(100, 60, 35, 10) // => 0.1 × 60 − (100 − 60 − 35) = 1
 */
export function pPercentProtection(total: number, x1: number, x2: number, p: number): number {
  const level = (p / 100) * x1 - (total - x1 - x2);
  return total > 0 && level > 0 ? level : 0;
}

/**
 * The protection level of a cell unsafe by the frequency rule: its safety range, `r %` of the cell
 * value, and at least one unit in a frequency table (a count must not be pinned down exactly).
 *
 * Reference: τ-ARGUS manual, frequency rule with safety range `FREQ(n, r)`; rtauargus uses a
 * manual safety range of 10 % by default (`MAN(10)`).
 *
 * @param value - the cell's published value (its count, or its total in a magnitude table).
 * @param range - the safety range in percent.
 * @param counts - true for a frequency table (then at least 1).
 * @throws never.
 * @example
 * frequencyProtection(2, 10, true) // => max(1, 0.2) = 1
 */
export function frequencyProtection(value: number, range: number, counts: boolean): number {
  const level = (range / 100) * Math.abs(value);
  return counts ? Math.max(1, level) : level;
}
