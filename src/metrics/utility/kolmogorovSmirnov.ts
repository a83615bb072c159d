/**
 * The two-sample Kolmogorov–Smirnov statistic: D = sup_x |F_a(x) − F_b(x)|, the largest gap
 * between the two empirical distribution functions, in [0, 1]. NaN values are left out.
 *
 * Reference: N. Smirnov, "Table for estimating the goodness of fit of empirical distributions",
 * Annals of Mathematical Statistics 19, 1948; A. Kolmogorov, 1933.
 */

/** The finite values of a sample, sorted ascending. */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const out = new Float64Array(n);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isFinite(v)) out[j++] = v;
  }
  return out.sort();
}

/**
 * The KS statistic D of two samples (see the module comment); ties are stepped over together.
 *
 * @throws never; NaN when either sample has no finite value.
 * @example
 * kolmogorovSmirnovStatistic(Float64Array.of(1, 2, 3), Float64Array.of(2, 3, 4)) // => 1/3
 */
export function kolmogorovSmirnovStatistic(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const x = sortedFinite(a);
  const y = sortedFinite(b);
  const n = x.length;
  const m = y.length;
  if (n === 0 || m === 0) return NaN;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    const xi = x[i] as number;
    const yj = y[j] as number;
    const t = Math.min(xi, yj);
    while (i < n && x[i] === t) i++;
    while (j < m && y[j] === t) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}
