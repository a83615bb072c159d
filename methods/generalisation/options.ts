/**
 * Validation of the parameters and of the quasi-identifier configuration shared by
 * `optimalGeneralisation` and `evaluateTransformation`, and the encoding of the data they run on.
 */
import { DatanonymeError, shownValue } from '../../src/errors.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { checkCoverage, type CoverageContext } from '../../src/hierarchy/validate.js';
import {
  isLossMetricName,
  LOSS_METRIC_NAMES,
  type GeneralisationView,
  type LossMetricName,
} from '../../src/metrics/loss/index.js';
import { assertK } from '../../src/privacy/kAnonymity.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';
import { encodeColumn } from '../../src/table/encode.js';
import { encodeQuasiIdentifiers } from './encoding.js';

/** A quasi-identifier column spec that has its hierarchy. */
export type QuasiIdentifierSpec = ColumnSpec & { hierarchy: Hierarchy };

/** Where the data came from, for coverage messages. */
export interface SourceOptions {
  lineOf?: (row: number) => number;
  file?: string;
}

/** Checks the suppression limit: a number in [0, 1]. */
export function checkSuppressionLimit(limit: unknown): number {
  if (limit === undefined) return 0;
  if (typeof limit !== 'number' || !Number.isFinite(limit) || limit < 0 || limit > 1) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `suppressionLimit must be a fraction of rows in [0, 1], got ${shownValue(limit)}`,
      { field: 'suppressionLimit', value: shownValue(limit) },
    );
  }
  return limit;
}

/** Checks the metric name. */
export function checkMetric(metric: unknown): LossMetricName {
  if (metric === undefined) return 'loss';
  if (!isLossMetricName(metric)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `metric must be one of ${LOSS_METRIC_NAMES.join(', ')}, got ${shownValue(metric)}`,
      { field: 'metric', value: shownValue(metric) },
    );
  }
  return metric;
}

/** Checks k (an integer ≥ 1); re-exported here so that all checks read alike. */
export function checkK(k: unknown): number {
  assertK(k);
  return k;
}

/**
 * The quasi-identifiers of a dataset (role `quasi-identifier`), in column order.
 *
 * @param method - the method's name, for the message when there is none.
 * @throws DatanonymeError `BAD_CONFIG` when there is none, or when one is not a column of the table.
 * @example
 * quasiIdentifierSpecs(adult, 'Mondrian').map((s) => s.name) // => ['sex', 'age', …]
 */
export function quasiIdentifierSpecs(data: Dataset, method: string): ColumnSpec[] {
  const names = new Set(data.table.columnNames());
  const specs = data.columns.filter((spec) => spec.role === 'quasi-identifier');
  for (const spec of specs) {
    if (!names.has(spec.name)) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `quasi-identifier "${spec.name}" is not a column of the table`,
        { column: spec.name },
      );
    }
  }
  if (specs.length === 0) {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `no quasi-identifier: ${method} needs at least one column with role "quasi-identifier"`,
    );
  }
  return specs;
}

/**
 * The quasi-identifiers of a dataset, in column order, each with its hierarchy.
 *
 * @throws DatanonymeError `BAD_CONFIG` when there is none, when one has no hierarchy, or when one is
 *   not a column of the table.
 */
export function quasiIdentifiersOf(data: Dataset): QuasiIdentifierSpec[] {
  return quasiIdentifierSpecs(data, 'generalisation').map((spec) => {
    if (spec.hierarchy === undefined) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `quasi-identifier "${spec.name}" has no generalisation hierarchy`,
        { column: spec.name },
      );
    }
    return { ...spec, hierarchy: spec.hierarchy };
  });
}

/**
 * Checks every quasi-identifier value against its hierarchy (`checkCoverage`), then encodes them.
 * The check runs on each column's distinct values, each reported at the line of its first row, so
 * the message is the one the full column would give.
 *
 * @throws DatanonymeError `BAD_CONFIG` listing the values missing from a hierarchy.
 */
export function encodeDataset(
  data: Dataset,
  specs: readonly QuasiIdentifierSpec[],
  source: SourceOptions,
): GeneralisationView {
  const lineOf = source.lineOf ?? ((row: number): number => row + 2);
  const columns = specs.map((spec) => {
    const column = encodeColumn(data.table.array(spec.name));
    const firstRow = new Int32Array(column.dictionary.length).fill(-1);
    for (let r = 0; r < column.codes.length; r++) {
      const code = column.codes[r] as number;
      if (firstRow[code] === -1) firstRow[code] = r;
    }
    const context: CoverageContext = {
      attribute: spec.name,
      lineOf: (entry) => lineOf(firstRow[entry] as number),
    };
    if (source.file !== undefined) context.file = source.file;
    checkCoverage(spec.hierarchy, column.dictionary, context);
    return { name: spec.name, hierarchy: spec.hierarchy, column };
  });
  return encodeQuasiIdentifiers(columns);
}

/**
 * ⌊L·n⌋: the most rows a suppression limit L allows out of n. The product is taken with an
 * absolute tolerance of 1e-9, so that a limit written in decimal means what it says: 0.29 of 100
 * rows allows 29 rows, although 0.29 × 100 is 28.999999999999996 in floating point.
 */
export function maxSuppressedRows(limit: number, rows: number): number {
  return Math.floor(limit * rows + 1e-9);
}
