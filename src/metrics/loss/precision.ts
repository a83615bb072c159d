/**
 * The Precision metric of generalisation (Sweeney 2002; ARX's "Precision").
 *
 * Definition, for n rows, m quasi-identifiers, QI j with hierarchy height h_j (levels
 * 0 … h_j − 1) at level l_j, and S the set of suppressed rows:
 *
 *   Prec = (1 / (n·m)) · Σ_rows Σ_j [ row ∈ S ? 1 : l_j / (h_j − 1) ]
 *
 * with 0/0 := 0 (a one-level hierarchy). Per QI: Prec_j = (1/n) · Σ_rows [ … ]; Prec is the mean
 * of the Prec_j. (Sweeney states it as 1 − Prec, the precision kept; this is the loss form.)
 *
 * Reference: L. Sweeney, "Achieving k-anonymity privacy protection using generalization and
 * suppression", IJUFKS 10(5), 2002.
 */
import type { ClassPartition, GeneralisationView, MetricValue } from './view.js';

/**
 * l / (h − 1), with 0/0 := 0: the precision loss of one kept cell at level `l` of a hierarchy
 * with `height` levels.
 *
 * @example
 * precisionOfLevel(1, 3) // => 0.5
 */
export function precisionOfLevel(level: number, height: number): number {
  return height <= 1 ? 0 : level / (height - 1);
}

/**
 * The precision loss at `levels` when no row is suppressed (a lower bound otherwise).
 *
 * @example
 * precisionLowerBound(tinyView, [1, 1, 2]) // => 0.6333 = (1/2 + 1/1 + 2/5) / 3
 */
export function precisionLowerBound(view: GeneralisationView, levels: readonly number[]): number {
  const m = view.quasiIdentifiers.length;
  if (m === 0) return 0;
  let sum = 0;
  view.quasiIdentifiers.forEach((qi, j) => {
    sum += precisionOfLevel(levels[j] ?? 0, qi.height);
  });
  return sum / m;
}

/**
 * The Precision metric of a partition, with its value per quasi-identifier.
 *
 * @example
 * // datasets/tiny at (1,1,2), k = 2 (nothing suppressed)
 * precisionMetric(view, partition) // => { value: 0.6333, perAttribute: [0.5, 1, 0.4] }
 */
export function precisionMetric(view: GeneralisationView, partition: ClassPartition): MetricValue {
  const n = view.rows;
  const m = view.quasiIdentifiers.length;
  const s = partition.suppressedRows;
  const perAttribute = view.quasiIdentifiers.map((qi, j) =>
    n === 0 ? 0 : ((n - s) * precisionOfLevel(partition.levels[j] ?? 0, qi.height) + s) / n,
  );
  let sum = 0;
  for (const v of perAttribute) sum += v;
  return { value: m === 0 ? 0 : sum / m, perAttribute };
}
