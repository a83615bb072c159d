/**
 * Average equivalence class size (LeFevre, DeWitt and Ramakrishnan 2006), without the 1/k
 * normalisation of the original ("C_AVG").
 *
 * Definition, for n rows:
 *
 *   AECS = n / C,  C = (number of classes not suppressed) + (1 if some row is suppressed else 0)
 *
 * The suppressed rows count as one class (they all read `*`).
 *
 * Reference: K. LeFevre, D. J. DeWitt and R. Ramakrishnan, "Mondrian multidimensional
 * k-anonymity", ICDE 2006.
 */
import type { ClassPartition, GeneralisationView, MetricValue } from './view.js';

/**
 * The average class size of a partition.
 *
 * @example
 * // datasets/tiny at (2,1,2), k = 2: classes 5 and 2
 * aecsMetric(view, partition).value // => 3.5
 */
export function aecsMetric(view: GeneralisationView, partition: ClassPartition): MetricValue {
  let classes = partition.suppressedRows > 0 ? 1 : 0;
  for (let c = 0; c < partition.count; c++) {
    if (partition.suppressed[c] !== 1) classes++;
  }
  return { value: classes === 0 ? 0 : view.rows / classes, perAttribute: [] };
}

/**
 * A lower bound of the AECS of any transformation with at most `classesBefore` classes before
 * suppression (the class count of a predecessor), under k-anonymity with `k`: C is at most
 * `classesBefore` and at most ⌊n/k⌋ + 1.
 *
 * @example
 * aecsLowerBound(7, 2, 3) // => 7 / 3
 */
export function aecsLowerBound(rows: number, k: number, classesBefore: number): number {
  const c = Math.min(classesBefore, Math.floor(rows / k) + 1);
  return c <= 0 ? 0 : rows / c;
}
