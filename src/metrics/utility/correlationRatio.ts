/**
 * The correlation ratio η of a categorical column c and a numeric column y: η² = Σ_k n_k (ȳ_k − ȳ)²
 * / Σ_i (y_i − ȳ)², the share of y's variance explained by the categories, on the rows where both
 * are present. In [0, 1]. A generalised category spreads its row uniformly over the categories
 * below it (each gets weight 1/m). Undefined when y is constant or c has a single category
 * (a constant column, case B18).
 *
 * Reference: K. Pearson, "On the general theory of skew correlation and non-linear regression",
 * Drapers' Company Research Memoirs, 1905; the ratio η itself: Pearson 1903.
 */
import type { CategoricalColumn } from './values.js';

/**
 * η of a categorical column (over a domain of `size` categories) and a numeric one.
 *
 * @throws never; NaN when undefined (see the module comment).
 * @example
 * correlationRatio(categoricalColumn(['A', 'A', 'B', 'B'], {}), [1, 2, 4, 5], 2) // => √0.9
 */
export function correlationRatio(c: CategoricalColumn, y: ArrayLike<number>, size: number): number {
  const n = Math.min(c.rows, y.length);
  const weight = new Float64Array(size);
  const sum = new Float64Array(size);
  let total = 0;
  let totalSum = 0;
  for (let i = 0; i < n; i++) {
    const l = c.labelOf[i] as number;
    const v = y[i] as number;
    if (l < 0 || !Number.isFinite(v)) continue;
    const cats = c.spread[l] as Int32Array;
    const w = 1 / cats.length;
    for (let k = 0; k < cats.length; k++) {
      const cat = cats[k] as number;
      weight[cat] = (weight[cat] as number) + w;
      sum[cat] = (sum[cat] as number) + w * v;
    }
    total += 1;
    totalSum += v;
  }
  if (total < 2) return NaN;
  const mean = totalSum / total;
  let ssTotal = 0;
  for (let i = 0; i < n; i++) {
    const l = c.labelOf[i] as number;
    const v = y[i] as number;
    if (l < 0 || !Number.isFinite(v)) continue;
    ssTotal += (v - mean) * (v - mean);
  }
  let used = 0;
  let ssBetween = 0;
  for (let k = 0; k < size; k++) {
    const w = weight[k] as number;
    if (w <= 1e-12) continue;
    used++;
    const d = (sum[k] as number) / w - mean;
    ssBetween += w * d * d;
  }
  if (used < 2 || ssTotal <= 1e-24 * total * (mean * mean + 1)) return NaN;
  return Math.sqrt(Math.min(1, ssBetween / ssTotal));
}
