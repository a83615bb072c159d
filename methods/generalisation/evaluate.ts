/**
 * Evaluation of one given full-domain transformation (a level per quasi-identifier): its
 * equivalence classes, the rows k-anonymity with a suppression limit would suppress, and all five
 * information-loss metrics. For tests, benchmarks and for exploring the lattice by hand.
 */
import { DatanonymeError } from '../../src/errors.js';
import type { LossMetricName } from '../../src/metrics/loss/index.js';
import { kAnonymity } from '../../src/privacy/kAnonymity.js';
import type { Dataset } from '../../src/types.js';
import { NodeChecker } from './check.js';
import {
  checkK,
  checkSuppressionLimit,
  encodeDataset,
  maxSuppressedRows,
  quasiIdentifiersOf,
  type QuasiIdentifierSpec,
  type SourceOptions,
} from './options.js';
import { informationLossOf, keptClasses } from './release.js';

/** Options of {@link evaluateTransformation}. */
export interface EvaluateTransformationOptions extends SourceOptions {
  /** The k of k-anonymity: classes smaller than k are suppressed. An integer ≥ 1. */
  k: number;
  /** Fraction of rows that may be suppressed, in [0, 1]; decides `satisfies`. @defaultValue 0 */
  suppressionLimit?: number;
}

/** What one transformation does to a dataset. */
export interface TransformationEvaluation {
  /** The level of each quasi-identifier. */
  transformation: Record<string, number>;
  /** True when the suppressed rows are at most ⌊suppressionLimit · n⌋. */
  satisfies: boolean;
  /** Rows in classes smaller than k. */
  suppressedRows: number;
  /** Number of classes of size ≥ k. */
  classes: number;
  /** Size of the smallest class of size ≥ k; 0 if none. */
  minClassSize: number;
  /** Sizes of the classes of size ≥ k, largest first. */
  classSizes: number[];
  /** Sizes of the classes smaller than k (suppressed), largest first. */
  suppressedClassSizes: number[];
  informationLoss: Record<LossMetricName, number>;
  informationLossPerAttribute: Record<string, { loss: number; precision: number; entropy: number }>;
}

/**
 * Evaluates the transformation `levels` (one level per quasi-identifier, in column order, or a
 * record by column name) under k-anonymity. Unlike `optimalGeneralisation`, k larger than the
 * number of rows is allowed here: every row is then suppressed.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for a bad k, suppression limit or level;
 *   `BAD_CONFIG` for a quasi-identifier without hierarchy or a value missing from one.
 * @example
 * evaluateTransformation(tiny, [1, 1, 2], { k: 2 }).classSizes // => [3, 2, 2]
 */
export function evaluateTransformation(
  data: Dataset,
  levels: readonly number[] | Readonly<Record<string, number>>,
  options: EvaluateTransformationOptions,
): TransformationEvaluation {
  const k = checkK(options.k);
  const limit = checkSuppressionLimit(options.suppressionLimit);
  const specs = quasiIdentifiersOf(data);
  const vector = levelVector(specs, levels);
  const view = encodeDataset(data, specs, options);
  const checker = new NodeChecker(view, kAnonymity(k), { cacheEntries: 0 });
  const { partition } = checker.check(vector);
  const kept: number[] = [];
  const suppressed: number[] = [];
  for (let c = 0; c < partition.count; c++) {
    (partition.suppressed[c] === 1 ? suppressed : kept).push(partition.sizes[c] as number);
  }
  const descending = (a: number, b: number): number => b - a;
  return {
    transformation: Object.fromEntries(specs.map((spec, j) => [spec.name, vector[j] as number])),
    satisfies: partition.suppressedRows <= maxSuppressedRows(limit, view.rows),
    suppressedRows: partition.suppressedRows,
    ...keptClasses(partition),
    classSizes: kept.sort(descending),
    suppressedClassSizes: suppressed.sort(descending),
    ...informationLossOf(view, partition),
  };
}

function levelVector(
  specs: readonly QuasiIdentifierSpec[],
  levels: readonly number[] | Readonly<Record<string, number>>,
): number[] {
  const isVector = Array.isArray(levels);
  if (isVector && levels.length !== specs.length) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `levels must give one level per quasi-identifier (${specs.length}: ${specs.map((s) => s.name).join(', ')}), got ${levels.length}`,
      { field: 'levels' },
    );
  }
  return specs.map((spec, j) => {
    const level: unknown = isVector
      ? (levels as readonly number[])[j]
      : (levels as Readonly<Record<string, number>>)[spec.name];
    const top = spec.hierarchy.height - 1;
    if (typeof level !== 'number' || !Number.isInteger(level) || level < 0 || level > top) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the level of "${spec.name}" must be an integer in [0, ${top}], got ${String(level)}`,
        { field: 'levels', column: spec.name, value: String(level) },
      );
    }
    return level;
  });
}
