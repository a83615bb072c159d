/**
 * Turning noisy marginal counts into probability tables: post-processing only, which never costs
 * privacy (Dwork and Roth 2014, Proposition 2.1).
 *
 * - {@link noisyDistribution}: noisy counts → the Euclidean projection onto the non-negative
 *   counts with the noisy total (`consistentCounts`, methods/dp/queries/consistent.ts), divided by
 *   that total. The projection subtracts one constant from every cell and floors at 0, so the
 *   positive noise of empty cells is removed instead of kept, as plain clamping would.
 * - {@link rakeToMargins}: iterative proportional fitting (Deming and Stephan 1940) of a joint
 *   table to given row and column distributions.
 *
 * References: W. Deming, F. Stephan, "On a least squares adjustment of a sampled frequency table
 * when the expected marginal totals are known", Ann. Math. Stat. 11(4), 1940; J. Duchi et al.,
 * "Efficient projections onto the l1-ball for learning in high dimensions", ICML 2008.
 */
import { consistentCounts } from '../../dp/queries/consistent.js';

/**
 * A probability vector from noisy counts: the counts projected onto {y ≥ 0, Σ y = round(Σ noisy)},
 * divided by their total; uniform when the projection is all zero (nothing survived the noise).
 *
 * @example
 * noisyDistribution(Float64Array.of(5, -2, 1)) // => Float64Array [1, 0, 0] (projection [4, 0, 0])
 */
export function noisyDistribution(noisy: Float64Array): Float64Array {
  const counts = consistentCounts(noisy);
  return normalised(counts);
}

/** x / Σx, or uniform when Σx = 0. */
export function normalised(x: Float64Array): Float64Array {
  let total = 0;
  for (let i = 0; i < x.length; i++) total += x[i] as number;
  const out = new Float64Array(x.length);
  if (total <= 0) {
    out.fill(x.length === 0 ? 0 : 1 / x.length);
    return out;
  }
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) / total;
  return out;
}

/** Options of {@link rakeToMargins}. */
export interface RakeOptions {
  /** @defaultValue 100 */
  maxIterations?: number;
  /** Stop when every row and column sum is within this of its target. @defaultValue 1e-9 */
  tolerance?: number;
}

/**
 * Iterative proportional fitting of a rows×cols joint table (row-major, non-negative) to the row
 * distribution `rowMargin` and the column distribution `colMargin` (each summing to 1): rows and
 * columns are rescaled in turn. A row with no mass but a positive target is first filled with
 * `colMargin` (independence), so that every target row can be met. Returns a new table summing
 * to 1; its row sums equal `rowMargin` exactly after the last row step, and its column sums match
 * `colMargin` within the tolerance when the targets are compatible with the table's zeros.
 *
 * @example
 * rakeToMargins(Float64Array.of(1, 1, 1, 1), 2, 2, Float64Array.of(0.5, 0.5), Float64Array.of(0.8, 0.2))
 * // => Float64Array [0.4, 0.1, 0.4, 0.1]
 */
export function rakeToMargins(
  joint: Float64Array,
  rows: number,
  cols: number,
  rowMargin: Float64Array,
  colMargin: Float64Array,
  options: RakeOptions = {},
): Float64Array {
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-9;
  const t = Float64Array.from(joint);
  for (let a = 0; a < rows; a++) {
    let s = 0;
    for (let b = 0; b < cols; b++) s += t[a * cols + b] as number;
    if (s <= 0 && (rowMargin[a] as number) > 0) {
      for (let b = 0; b < cols; b++) t[a * cols + b] = colMargin[b] as number;
    }
  }
  const colSum = new Float64Array(cols);
  for (let it = 0; it < maxIterations; it++) {
    // columns
    colSum.fill(0);
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < cols; b++)
        colSum[b] = (colSum[b] as number) + (t[a * cols + b] as number);
    }
    for (let b = 0; b < cols; b++) {
      const s = colSum[b] as number;
      const f = s > 0 ? (colMargin[b] as number) / s : 0;
      for (let a = 0; a < rows; a++) t[a * cols + b] = (t[a * cols + b] as number) * f;
    }
    // rows, measuring how far they were from their targets
    let worst = 0;
    for (let a = 0; a < rows; a++) {
      let s = 0;
      for (let b = 0; b < cols; b++) s += t[a * cols + b] as number;
      const target = rowMargin[a] as number;
      worst = Math.max(worst, Math.abs(s - target));
      const f = s > 0 ? target / s : 0;
      for (let b = 0; b < cols; b++) t[a * cols + b] = (t[a * cols + b] as number) * f;
    }
    if (worst <= tolerance) break;
  }
  return normalised(t);
}
