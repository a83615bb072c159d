/**
 * Post-processing of noisy counts into a table that looks like counts: non-negative integers
 * whose total is the table's total. Post-processing never costs privacy (Dwork and Roth 2014,
 * Proposition 2.1).
 *
 * `consistent` (the default): the noisy total T̃ = Σ ñᵢ (an unbiased estimate of the true total,
 * since each cell's noise has mean 0) is rounded and floored at 0 to T; the noisy cells are
 * projected onto {y ≥ 0, Σ y = T} in the Euclidean norm (the projection onto the scaled simplex:
 * Held, Wolfe, Crowder 1974; Duchi, Shalev-Shwartz, Singer, Chandra, ICML 2008), which subtracts
 * one constant θ from every cell and floors at 0; then the cells are made integers by largest
 * remainders (floors, plus one to the cells of largest fractional part, ties to the first cell,
 * until the sum is T). Simply clamping negatives to 0 would bias every zero cell upwards and the
 * total with them; this keeps the total where the noise put it.
 * `clamp`: each cell rounded and floored at 0 (totals not kept).
 * `none`: the noisy values as drawn (may be negative; unbiased).
 */

/** How noisy counts are post-processed. */
export type PostProcess = 'consistent' | 'clamp' | 'none';

/**
 * Non-negative integers closest (in the sense above) to `noisy` that add up to
 * max(0, round(Σ noisy)).
 *
 * @example consistentCounts(Float64Array.of(5, -2, 1)) // => Float64Array [4, 0, 0] (T = 4, θ = 1)
 */
export function consistentCounts(noisy: Float64Array): Float64Array {
  const n = noisy.length;
  const out = new Float64Array(n);
  if (n === 0) return out;
  let raw = 0;
  for (let i = 0; i < n; i++) raw += noisy[i] as number;
  const total = Math.max(0, Math.round(raw));
  if (total === 0) return out;
  // θ such that Σ max(v − θ, 0) = total: sort descending, find the support.
  const sorted = Float64Array.from(noisy).sort().reverse();
  let prefix = 0;
  let theta = 0;
  for (let j = 0; j < n; j++) {
    prefix += sorted[j] as number;
    const t = (prefix - total) / (j + 1);
    if ((sorted[j] as number) - t > 0) theta = t;
  }
  const projected = new Float64Array(n);
  for (let i = 0; i < n; i++) projected[i] = Math.max((noisy[i] as number) - theta, 0);
  return roundToTotal(projected, total);
}

/**
 * Non-negative integers adding up to `total`, each the floor or ceiling of its value (largest
 * remainder method; ties go to the first cell). Robust to a sum of `values` slightly off `total`.
 */
export function roundToTotal(values: Float64Array, total: number): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.floor(Math.max(values[i] as number, 0));
    sum += out[i] as number;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  const frac = (i: number): number => Math.max(values[i] as number, 0) - (out[i] as number);
  if (sum < total) {
    order.sort((a, b) => frac(b) - frac(a) || a - b);
    for (let k = 0; sum < total; k = (k + 1) % n) {
      const i = order[k] as number;
      out[i] = (out[i] as number) + 1;
      sum++;
    }
  } else if (sum > total) {
    order.sort((a, b) => frac(a) - frac(b) || b - a);
    for (let k = 0; sum > total; k = (k + 1) % n) {
      const i = order[k] as number;
      if ((out[i] as number) > 0) {
        out[i] = (out[i] as number) - 1;
        sum--;
      }
    }
  }
  return out;
}

/**
 * Applies a post-processing to noisy counts.
 *
 * @example postProcess(Float64Array.of(3, -1), 'clamp') // => Float64Array [3, 0]
 */
export function postProcess(noisy: Float64Array, how: PostProcess): Float64Array {
  if (how === 'none') return Float64Array.from(noisy);
  if (how === 'clamp') return noisy.map((v) => Math.max(0, Math.round(v)));
  return consistentCounts(noisy);
}
