/**
 * Total-variation distance between two distributions given as (possibly fractional) counts over
 * the same categories: TVD(p, q) = ½ Σ_c |p_c − q_c|, with p and q the counts divided by their
 * totals. It lies in [0, 1]: 0 for equal distributions, 1 for disjoint supports.
 *
 * Convention (case B22, SDMetrics' TVComplement): a side with no values at all is at distance 1
 * from a side with some; two sides with no values have no distance (NaN).
 *
 * Reference: D. Levin, Y. Peres, E. Wilmer, "Markov chains and mixing times", AMS 2009, §4.1;
 * SDMetrics' TVComplement (score = 1 − TVD).
 */

/**
 * The total-variation distance of two count vectors (see the module comment).
 *
 * @throws never; NaN when both are empty.
 * @example
 * totalVariationDistance(Float64Array.of(2, 1), Float64Array.of(1, 2)) // => 1/3
 */
export function totalVariationDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) sp += p[i] as number;
  for (let i = 0; i < q.length; i++) sq += q[i] as number;
  if (sp <= 0 && sq <= 0) return NaN;
  if (sp <= 0 || sq <= 0) return 1;
  const n = Math.max(p.length, q.length);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs((p[i] ?? 0) / sp - (q[i] ?? 0) / sq);
  return Math.min(1, sum / 2);
}

/**
 * The total-variation distance of two sparse count maps (joint marginals), keys being cells.
 *
 * @throws never; NaN when both are empty.
 * @example
 * sparseTotalVariation(new Map([[0, 1]]), new Map([[1, 1]])) // => 1
 */
export function sparseTotalVariation(
  p: ReadonlyMap<number, number>,
  q: ReadonlyMap<number, number>,
): number {
  let sp = 0;
  let sq = 0;
  for (const v of p.values()) sp += v;
  for (const v of q.values()) sq += v;
  if (sp <= 0 && sq <= 0) return NaN;
  if (sp <= 0 || sq <= 0) return 1;
  let sum = 0;
  for (const [k, v] of p) sum += Math.abs(v / sp - (q.get(k) ?? 0) / sq);
  for (const [k, v] of q) if (!p.has(k)) sum += v / sq;
  return Math.min(1, sum / 2);
}
