/**
 * The first Wasserstein (earth mover's) distance between two samples on the line:
 * W₁ = ∫ |F_a(x) − F_b(x)| dx, the least mean distance values must be moved to turn one empirical
 * distribution into the other. NaN values are left out. {@link columnUtility} divides it by the
 * original's range (max − min), so that 0 means equal and 1 means "moved by the whole range".
 *
 * Reference: L. Vaserstein, 1969; C. Villani, "Optimal transport, old and new", Springer 2009,
 * chapter 6; on the line it equals the area between the distribution functions (Vallender 1973).
 */
import { sortedFinite } from './kolmogorovSmirnov.js';

/**
 * W₁ between two samples (see the module comment), in the samples' unit.
 *
 * @throws never; NaN when either sample has no finite value.
 * @example
 * wassersteinDistance(Float64Array.of(0, 1), Float64Array.of(1, 2)) // => 1
 */
export function wassersteinDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = sortedFinite(a);
  const y = sortedFinite(b);
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let area = 0;
  let previous = Math.min(x[0] as number, y[0] as number);
  while (i < n || j < m) {
    const t = Math.min(i < n ? (x[i] as number) : Infinity, j < m ? (y[j] as number) : Infinity);
    // F_a and F_b are constant on [previous, t[.
    area += Math.abs(i / n - j / m) * (t - previous);
    while (i < n && x[i] === t) i++;
    while (j < m && y[j] === t) j++;
    previous = t;
  }
  return area;
}
