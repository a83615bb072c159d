/**
 * Turning noisy marginal counts into probability tables: post-processing only, which never costs
 * privacy (Dwork and Roth 2014, Proposition 2.1).
 *
 * - {@link noisyDistribution}: noisy counts → the Euclidean projection onto the non-negative
 *   counts with the noisy total (`consistentCounts`, methods/dp/queries/consistent.ts), divided by
 *   that total. The projection subtracts one constant from every cell and floors at 0, so the
 *   positive noise of empty cells is removed instead of kept, as plain clamping would.
 * - {@link projectToMargins}: a noisy 2-way table → its least-squares fit among the non-negative
 *   tables with given row and column sums (Dykstra's alternating projections).
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

/**
 * Writes to out[from…from+length) the Euclidean projection of x[from…from+length) onto the scaled
 * simplex {y ≥ 0, Σ y = total} (total ≥ 0): y = max(x − θ, 0) with θ found by sorting (Duchi et
 * al. 2008, Figure 1).
 */
function projectSlice(
  x: Float64Array,
  from: number,
  length: number,
  total: number,
  out: Float64Array,
  stride = 1,
): void {
  const v: number[] = [];
  for (let i = 0; i < length; i++) v.push(x[from + i * stride] as number);
  if (!(total > 0)) {
    for (let i = 0; i < length; i++) out[from + i * stride] = 0;
    return;
  }
  const sorted = [...v].sort((a, b) => b - a);
  let prefix = 0;
  let theta = 0;
  for (let j = 0; j < length; j++) {
    prefix += sorted[j] as number;
    const t = (prefix - total) / (j + 1);
    if (j === length - 1 || (sorted[j + 1] as number) <= t) {
      theta = t;
      break;
    }
  }
  for (let i = 0; i < length; i++) out[from + i * stride] = Math.max((v[i] as number) - theta, 0);
}

/**
 * The Euclidean (least-squares) projection of a noisy rows×cols table (row-major) onto the tables
 * with non-negative cells, row sums `rowTotals` and column sums `colTotals` (both adding up to the
 * same total), by Dykstra's alternating projections between the row constraints and the column
 * constraints (each a set of independent simplex projections); `iterations` rounds. This is the
 * least-squares fit of the table to its noisy measurement under the 1-way estimates, the problem
 * Private-PGM solves for a tree (McKenna, Sheldon, Miklau, ICML 2019), and unlike one projection
 * of the whole table it removes the noise of each row and column at the scale of its own total.
 *
 * Reference: J. Boyle, R. Dykstra, "A method for finding projections onto the intersection of
 * convex sets in Hilbert spaces", Lecture Notes in Statistics 37, 1986.
 *
 * @example
 * projectToMargins(Float64Array.of(3, -1, 1, 2), 2, 2, Float64Array.of(2, 3), Float64Array.of(3, 2))
 * // ≈ Float64Array [2, 0, 1, 2]
 */
export function projectToMargins(
  noisy: Float64Array,
  rows: number,
  cols: number,
  rowTotals: Float64Array,
  colTotals: Float64Array,
  iterations = 50,
): Float64Array {
  const n = rows * cols;
  let x = Float64Array.from(noisy);
  const p = new Float64Array(n);
  const q = new Float64Array(n);
  const y = new Float64Array(n);
  const a = new Float64Array(n);
  const next = new Float64Array(n);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < n; i++) y[i] = (x[i] as number) + (p[i] as number);
    for (let r = 0; r < rows; r++) projectSlice(y, r * cols, cols, rowTotals[r] as number, a);
    for (let i = 0; i < n; i++) {
      p[i] = (y[i] as number) - (a[i] as number);
      y[i] = (a[i] as number) + (q[i] as number);
    }
    for (let c = 0; c < cols; c++) projectSlice(y, c, rows, colTotals[c] as number, next, cols);
    for (let i = 0; i < n; i++) q[i] = (y[i] as number) - (next[i] as number);
    x = Float64Array.from(next);
  }
  return x;
}
