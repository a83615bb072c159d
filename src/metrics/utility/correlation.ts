/**
 * Pearson's and Spearman's correlation coefficients of two numeric columns, on the rows where both
 * are finite.
 *
 * - Pearson: r = Σ(x − x̄)(y − ȳ) / √(Σ(x − x̄)² Σ(y − ȳ)²) (K. Pearson, "Mathematical
 *   contributions to the theory of evolution III", Phil. Trans. R. Soc. A 187, 1896).
 * - Spearman: Pearson's r of the ranks, tied values sharing their average rank (C. Spearman, "The
 *   proof and measurement of association between two things", Am. J. Psychol. 15, 1904).
 *
 * Undefined (NaN) when either column is constant on those rows, or fewer than two rows remain.
 */

/** The rows where both values are finite, as two packed arrays. */
export function pairedFinite(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): [Float64Array, Float64Array] {
  const n = Math.min(x.length, y.length);
  let m = 0;
  for (let i = 0; i < n; i++) if (Number.isFinite(x[i]) && Number.isFinite(y[i])) m++;
  const a = new Float64Array(m);
  const b = new Float64Array(m);
  let j = 0;
  for (let i = 0; i < n; i++) {
    const u = x[i] as number;
    const v = y[i] as number;
    if (Number.isFinite(u) && Number.isFinite(v)) {
      a[j] = u;
      b[j++] = v;
    }
  }
  return [a, b];
}

function pearsonPacked(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  if (n < 2) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] as number;
    mb += b[i] as number;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // A column whose spread is rounding noise of its mean is constant.
  const eps = 1e-12;
  if (saa <= eps * eps * n * (ma * ma + 1) || sbb <= eps * eps * n * (mb * mb + 1)) return NaN;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/**
 * Pearson's r on the rows where both values are finite.
 *
 * @throws never; NaN when a column is constant or fewer than two rows remain.
 * @example
 * pearson([1, 2, 3], [2, 4, 7]) // => 0.9933992677987828
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = pairedFinite(x, y);
  return pearsonPacked(a, b);
}

/**
 * The ranks of a sample, 1-based, ties sharing their average rank.
 *
 * @throws never.
 * @example
 * averageRanks(Float64Array.of(10, 20, 10)) // => Float64Array [1.5, 3, 1.5]
 */
export function averageRanks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => (values[i] as number) - (values[j] as number));
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && values[order[end] as number] === values[order[start] as number]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Spearman's ρ: Pearson's r of the average ranks, on the rows where both values are finite.
 *
 * @throws never; NaN when a column is constant or fewer than two rows remain.
 * @example
 * spearman([1, 2, 3], [2, 4, 7]) // => 1
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const [a, b] = pairedFinite(x, y);
  return pearsonPacked(averageRanks(a), averageRanks(b));
}
