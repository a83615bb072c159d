/**
 * Cramér's V of two categorical columns: V = √(χ² / (n · (min(r, c) − 1))), with χ² Pearson's
 * statistic of the r × c contingency table of the rows where both are present, n their number,
 * r and c the categories that occur. In [0, 1]: 0 for independence, 1 when one column determines
 * the other. Undefined when either column has a single category there (a constant column).
 *
 * A generalised label counts as spread uniformly over the original values below it (`values.ts`),
 * so the table may hold fractional counts.
 *
 * Reference: H. Cramér, "Mathematical methods of statistics", Princeton 1946, §21.9.
 */
import type { CategoricalColumn } from './values.js';

/**
 * The contingency table of two categorical columns over domains of `ra` and `rb` categories,
 * row-major (`table[a * rb + b]`), on the rows where both are present.
 *
 * @throws never.
 * @example
 * contingency(colour, size, 2, 2) // => Float64Array [n(red, S), n(red, L), n(blue, S), n(blue, L)]
 */
export function contingency(
  a: CategoricalColumn,
  b: CategoricalColumn,
  ra: number,
  rb: number,
): Float64Array {
  const table = new Float64Array(ra * rb);
  const n = Math.min(a.rows, b.rows);
  for (let i = 0; i < n; i++) {
    const la = a.labelOf[i] as number;
    const lb = b.labelOf[i] as number;
    if (la < 0 || lb < 0) continue;
    const sa = a.spread[la] as Int32Array;
    const sb = b.spread[lb] as Int32Array;
    const w = 1 / (sa.length * sb.length);
    for (let p = 0; p < sa.length; p++) {
      const base = (sa[p] as number) * rb;
      for (let q = 0; q < sb.length; q++)
        table[base + (sb[q] as number)] = (table[base + (sb[q] as number)] as number) + w;
    }
  }
  return table;
}

/**
 * Cramér's V of an r × c contingency table (row-major), counting only the rows and columns with a
 * positive total.
 *
 * @throws never; NaN when fewer than two rows or columns have a positive total.
 * @example
 * cramersV(Float64Array.of(2, 0, 0, 2), 2, 2) // => 1
 */
export function cramersV(table: ArrayLike<number>, r: number, c: number): number {
  const rowSums = new Float64Array(r);
  const colSums = new Float64Array(c);
  let n = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const v = table[i * c + j] as number;
      rowSums[i] = (rowSums[i] as number) + v;
      colSums[j] = (colSums[j] as number) + v;
      n += v;
    }
  }
  const eps = 1e-12;
  let rows = 0;
  let cols = 0;
  for (const s of rowSums) if (s > eps) rows++;
  for (const s of colSums) if (s > eps) cols++;
  const k = Math.min(rows, cols) - 1;
  if (k < 1 || n <= 0) return NaN;
  let chi2 = 0;
  for (let i = 0; i < r; i++) {
    const ri = rowSums[i] as number;
    if (ri <= eps) continue;
    for (let j = 0; j < c; j++) {
      const cj = colSums[j] as number;
      if (cj <= eps) continue;
      const e = (ri * cj) / n;
      const d = (table[i * c + j] as number) - e;
      chi2 += (d * d) / e;
    }
  }
  return Math.min(1, Math.sqrt(chi2 / (n * k)));
}
