/**
 * The discernibility metric (Bayardo and Agrawal 2005; ARX's "Discernibility").
 *
 * Definition, for n rows, equivalence classes E and the set S of suppressed rows:
 *
 *   DM = Σ_{classes E not suppressed} |E|² + |S| · n
 *
 * Each kept row is charged the size of its class, each suppressed row the size of the table.
 *
 * Reference: R. J. Bayardo and R. Agrawal, "Data privacy through optimal k-anonymization",
 * ICDE 2005.
 */
import type { ClassPartition, GeneralisationView, MetricValue } from './view.js';

/**
 * The discernibility of a partition.
 *
 * @example
 * // datasets/tiny at (1,1,2), k = 2: classes 3, 2, 2
 * discernibilityMetric(view, partition).value // => 17
 */
export function discernibilityMetric(
  view: GeneralisationView,
  partition: ClassPartition,
): MetricValue {
  let sum = 0;
  for (let c = 0; c < partition.count; c++) {
    if (partition.suppressed[c] !== 1) {
      const size = partition.sizes[c] as number;
      sum += size * size;
    }
  }
  return { value: sum + partition.suppressedRows * view.rows, perAttribute: [] };
}

/**
 * A lower bound of the discernibility of any transformation whose classes are unions of classes
 * with sum of squared sizes `sumOfSquares` (the no-suppression discernibility of a predecessor),
 * under k-anonymity with `k` ≤ n: every kept row costs at least k and every row at least the size
 * of its class before suppression, so DM ≥ max(Σ|E|², n·k).
 *
 * @example
 * discernibilityLowerBound(7, 2, 13) // => 14
 */
export function discernibilityLowerBound(rows: number, k: number, sumOfSquares: number): number {
  return Math.max(sumOfSquares, rows * Math.min(k, rows));
}
