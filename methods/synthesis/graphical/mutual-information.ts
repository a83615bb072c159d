/**
 * Mutual information of a column and a set of columns from their joint counts, and its
 * sensitivity as PrivBayes bounds it.
 *
 * I(X; Π) = Σ p(x, π) ln( p(x, π) / (p(x) p(π)) ), in nats, from a |Π|×|X| count table.
 *
 * Reference: J. Zhang, G. Cormode, C. Procopiuc, D. Srivastava, X. Xiao, "PrivBayes: private data
 * release via Bayesian networks", ACM TODS 42(4), 2017, Lemma 4.1 (sensitivity of I under the
 * replacement of one of n rows).
 */

/**
 * I(X; Π) of a joint count table with one row per parent configuration and one column per value
 * of X (natural logarithm). 0 for an empty table.
 *
 * @example
 * mutualInformation(Float64Array.of(1, 0, 0, 1), 2, 2) // => ln 2 ≈ 0.693
 */
export function mutualInformation(counts: Float64Array, rows: number, cols: number): number {
  const rowSum = new Float64Array(rows);
  const colSum = new Float64Array(cols);
  let total = 0;
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      const v = counts[a * cols + b] as number;
      rowSum[a] = (rowSum[a] as number) + v;
      colSum[b] = (colSum[b] as number) + v;
      total += v;
    }
  }
  if (total <= 0) return 0;
  let mi = 0;
  for (let a = 0; a < rows; a++) {
    for (let b = 0; b < cols; b++) {
      const v = counts[a * cols + b] as number;
      if (v <= 0) continue;
      mi += (v / total) * Math.log((v * total) / ((rowSum[a] as number) * (colSum[b] as number)));
    }
  }
  return Math.max(0, mi);
}

/**
 * The sensitivity of I(X; Π) to the replacement of one of n rows, for any domains (Zhang et al.
 * 2017, Lemma 4.1, the non-binary case, in nats): (2/n)·ln((n + 1)/2) + ((n − 1)/n)·ln((n + 1)/(n − 1)).
 * It bounds the binary case too. For n ≤ 1 every table has I = 0, so any positive bound holds:
 * ln 2 is returned.
 *
 * @example
 * mutualInformationSensitivity(100) // => about 0.0982
 */
export function mutualInformationSensitivity(n: number): number {
  if (n <= 1) return Math.LN2;
  return (2 / n) * Math.log((n + 1) / 2) + ((n - 1) / n) * Math.log((n + 1) / (n - 1));
}
