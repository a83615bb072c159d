/**
 * Mondrian multidimensional partitioning to k-anonymity (local recoding).
 *
 * The rows are cut recursively, one quasi-identifier at a time, at the median of the widest one,
 * as long as both sides satisfy the privacy models; each final partition publishes, for every
 * quasi-identifier, the range `[min-max]` of its values (numbers and dates) or the lowest common
 * ancestor of its values in the column's hierarchy (categories). Unlike full-domain generalisation,
 * different rows may get different levels of detail, so far less is lost on skewed data.
 *
 * Missing quasi-identifier values (case B10): a missing value is a value of its own — the first in
 * the order of a numeric or date column, the leaf '' of a categorical column's hierarchy (or of its
 * flat tree) — so records missing it stay in partitions of their own unless a cut cannot separate
 * them; a numeric region that mixes missing and non-missing values is published as `*`.
 *
 * Reference: K. LeFevre, D. J. DeWitt, R. Ramakrishnan, "Mondrian multidimensional k-anonymity",
 * ICDE 2006. The method card is `methods/generalisation/mondrian/README.md`.
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import {
  prosecutorRisk,
  type ReidentificationRisk,
} from '../../../src/metrics/risk/reidentification.js';
import { prepareModels } from '../../../src/privacy/columns.js';
import { ModelEvaluator, type ModelSummary } from '../../../src/privacy/histogram.js';
import { checkSensitiveModelSpecs, type SensitiveModelSpec } from '../../../src/privacy/spec.js';
import type { ColumnSpec, Dataset, Method, Release } from '../../../src/types.js';
import { checkK } from '../options.js';
import { splitCondition, type RowsPredicate } from './condition.js';
import { encodeDimension, type Dimension } from './dimensions.js';
import { mondrianPartition, type MondrianVariant } from './partition.js';
import { mondrianLoss, publishedClasses, type MondrianLoss } from './summary.js';
import { quasiIdentifierSpecs } from '../options.js';
import { rootWarnings } from './warnings.js';

export type { MondrianVariant } from './partition.js';

/** Options of {@link mondrian}. */
export interface MondrianOptions {
  /** The k of k-anonymity: every published class has at least k rows. An integer ≥ 1. */
  k: number;
  /**
   * Strict: all rows with one value of a quasi-identifier end in partitions on the same side of
   * every cut. Relaxed: rows holding the median value may be divided between the two halves.
   * @defaultValue 'strict'
   */
  variant?: MondrianVariant;
  /**
   * l-diversity and t-closeness on sensitive columns: a cut is allowed only when every part
   * satisfies them too (and k-anonymity), so every published partition does.
   * @defaultValue none (k-anonymity alone)
   */
  models?: SensitiveModelSpec[];
  /** The 1-based file line of data row `row`, for messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for messages. */
  file?: string;
}

/** What `release.details` holds for this method. */
export interface MondrianDetails {
  variant: MondrianVariant;
  /** Number of final partitions. */
  partitions: number;
  /** Number of published classes (partitions with equal labels are one class; ≤ partitions). */
  classes: number;
  /** Size of the smallest published class: the k reached. */
  minClassSize: number;
  /** GCP (the mean NCP), discernibility and AECS of the published classes. */
  informationLoss: MondrianLoss;
  /** NCP of each quasi-identifier. */
  informationLossPerAttribute: Record<string, { ncp: number }>;
  /** Prosecutor risk of the published classes. */
  risk: ReidentificationRisk;
  /**
   * With sensitive models: the least l / greatest t reached over the published classes, and the
   * missing sensitive values in them.
   */
  privacy?: ModelSummary;
  /**
   * Present when not empty: the quasi-identifiers published at their root (`*`) in every row,
   * with what to do about it (`rootWarnings`).
   */
  warnings?: string[];
}

/** Checks the variant. */
function checkVariant(variant: unknown): MondrianVariant {
  if (variant === undefined) return 'strict';
  if (variant !== 'strict' && variant !== 'relaxed') {
    const shown = typeof variant === 'string' ? `"${variant}"` : typeof variant;
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `variant must be "strict" or "relaxed", got ${shown}`,
      { field: 'variant', value: shown },
    );
  }
  return variant;
}

/** The quasi-identifier specs, in column order. */
function quasiIdentifiers(data: Dataset): ColumnSpec[] {
  return quasiIdentifierSpecs(data, 'Mondrian');
}

/** The parts of a run that the sensitive models plug into. */
export interface MondrianKernelInput {
  data: Dataset;
  k: number;
  variant: MondrianVariant;
  /** Judges a part by the sensitive models; also summarises the published classes. */
  sensitive?: RowsPredicate & Partial<Pick<ModelEvaluator, 'summarise'>>;
  /** The names of the sensitive models, for messages. */
  modelNames?: readonly string[];
  source: { lineOf?: (row: number) => number; file?: string };
}

/** A run's partitions, labels and figures, before the table is built. */
export interface MondrianRun {
  dimensions: Dimension[];
  labels: string[][];
  partitionOfRow: Int32Array;
  classOfRow: Int32Array;
  classSizes: number[];
  details: MondrianDetails;
}

/**
 * Encodes the quasi-identifiers, partitions the rows and labels the partitions.
 *
 * @throws DatanonymeError as {@link mondrian}, except for the parameter checks.
 * @example
 * runMondrian({ data, k: 2, variant: 'strict', source: {} }).details.partitions // => 4 on B08
 */
export function runMondrian(input: MondrianKernelInput): MondrianRun {
  const { data, k, variant } = input;
  const specs = quasiIdentifiers(data);
  const n = data.table.numRows();
  if (k > n) {
    throw new DatanonymeError('IMPOSSIBLE', `k = ${k} exceeds the number of records (${n})`, {
      field: 'k',
      value: String(k),
    });
  }
  const dimensions = specs.map((spec) =>
    encodeDimension(spec, data.table.array(spec.name) as ArrayLike<unknown>, input.source),
  );
  const condition = splitCondition(k, input.sensitive);
  if (
    n > 0 &&
    !condition.isValid(
      Int32Array.from({ length: n }, (_, i) => i),
      0,
      n,
    )
  ) {
    const names = (input.modelNames ?? []).join(' and ');
    throw new DatanonymeError(
      'IMPOSSIBLE',
      `the table as a whole does not satisfy ${names || 'the privacy models'}, so no partition of it can`,
      { field: 'models' },
    );
  }
  const partitioning = mondrianPartition(dimensions, n, condition, variant);
  const regions = partitioning;
  const published = publishedClasses(dimensions, partitioning, regions);
  const partitionOfRow = new Int32Array(n);
  const classOfRow = new Int32Array(n);
  const { rows, starts, count } = partitioning;
  for (let p = 0; p < count; p++) {
    const c = published.classOfPartition[p] as number;
    for (let i = starts[p] as number; i < (starts[p + 1] as number); i++) {
      partitionOfRow[rows[i] as number] = p;
      classOfRow[rows[i] as number] = c;
    }
  }
  const risk = prosecutorRisk(published.sizes);
  const details: MondrianDetails = {
    variant,
    partitions: count,
    classes: published.sizes.length,
    minClassSize: risk.minClassSize,
    ...mondrianLoss(dimensions, partitioning, regions, published.sizes),
    risk,
  };
  const warnings = rootWarnings(data, specs, dimensions, partitioning);
  if (warnings.length > 0) details.warnings = warnings;
  const summarise = input.sensitive?.summarise;
  if (summarise !== undefined) {
    details.privacy = summarise.call(input.sensitive, classOfRow, published.sizes.length);
  }
  return {
    dimensions,
    labels: published.labels,
    partitionOfRow,
    classOfRow,
    classSizes: published.sizes,
    details,
  };
}

/**
 * Anonymises `data` with Mondrian multidimensional partitioning (LeFevre, DeWitt, Ramakrishnan,
 * ICDE 2006): every published class of equal quasi-identifiers has at least k rows.
 *
 * Quasi-identifier cells of the release are strings: `[min-max]` (as the values were written) or
 * the single value for integer, decimal and date columns; the lowest common ancestor's label, or
 * the single value, for categorical columns (along their hierarchy, or a flat `value → *` one when
 * they have none); '' for missing and `*` for a numeric region mixing missing and non-missing
 * values. Identifier columns are removed; every other column is unchanged; row order is
 * preserved; no row is suppressed.
 *
 * With `models`, every part of every cut must also satisfy each l-diversity / t-closeness model,
 * so every published class does; `details.privacy` reports the least l and greatest t reached.
 * A quasi-identifier published as `*` (its root) in every row is named in `details.warnings`,
 * with advice: a categorical column without a hierarchy can only be kept or suppressed whole.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for k not an integer ≥ 1, an unknown variant or an
 *   out-of-range l, c or t, `BAD_CONFIG` for a malformed model (all before the data is read);
 *   `BAD_CONFIG` for no quasi-identifier, one that is not a column, a value missing from a
 *   hierarchy, or a model on a column that is not sensitive; `BAD_INPUT` for a value of a numeric
 *   or date quasi-identifier that is not one; `IMPOSSIBLE` when k exceeds the number of rows or the
 *   whole table does not satisfy the sensitive models.
 * @example
 * mondrian(adult, { k: 5 }).details.partitions // => 3801 on Adult with 8 quasi-identifiers, age as a range
 */
export function mondrian(data: Dataset, options: MondrianOptions): Release {
  const k = checkK(options.k);
  const variant = checkVariant(options.variant);
  const specs = options.models === undefined ? [] : checkSensitiveModelSpecs(options.models);
  const source: MondrianKernelInput['source'] = {};
  if (options.lineOf !== undefined) source.lineOf = options.lineOf;
  if (options.file !== undefined) source.file = options.file;
  const input: MondrianKernelInput = { data, k, variant, source };
  if (specs.length > 0) {
    const { models, columns } = prepareModels(data, k, specs);
    input.sensitive = new ModelEvaluator(models, columns);
    input.modelNames = models.sensitive.map((p) => p.name);
  }
  const run = runMondrian(input);
  const parameters: Record<string, unknown> = { k, variant };
  if (specs.length > 0) parameters.models = specs;
  return buildRelease(data, run, parameters);
}

/** The published table and the release around it. */
export function buildRelease(
  data: Dataset,
  run: MondrianRun,
  parameters: Record<string, unknown>,
): Release {
  const n = data.table.numRows();
  const qiIndex = new Map(run.dimensions.map((dim, j) => [dim.name, j]));
  const columns: Record<string, ArrayLike<unknown>> = {};
  const names: string[] = [];
  const roles = new Map(data.columns.map((spec) => [spec.name, spec.role]));
  for (const name of data.table.columnNames()) {
    if (roles.get(name) === 'identifier') continue;
    names.push(name);
    const j = qiIndex.get(name);
    if (j === undefined) {
      columns[name] = data.table.array(name) as ArrayLike<unknown>;
      continue;
    }
    const labels = run.labels[j] as string[];
    const out = new Array<string>(n);
    for (let r = 0; r < n; r++) out[r] = labels[run.partitionOfRow[r] as number] as string;
    columns[name] = out;
  }
  const releaseColumns = data.columns
    .filter((spec) => spec.role !== 'identifier')
    .map((spec): ColumnSpec =>
      qiIndex.has(spec.name) ? { ...spec, type: 'categorical' } : { ...spec },
    );
  return {
    method: 'mondrian',
    parameters: { ...parameters, quasiIdentifiers: run.dimensions.map((dim) => dim.name) },
    table: arqueroTable(columns, names),
    columns: releaseColumns,
    accounting: { rowsIn: n, rowsOut: n, suppressedRows: 0, suppressedCells: 0 },
    details: { ...run.details },
    seeded: false,
  };
}

/**
 * {@link mondrian} as a {@link Method}, for the benchmark loop and the CLI.
 *
 * @example
 * const release = await mondrianMethod.run(data, { k: 5 });
 */
export const mondrianMethod: Method<MondrianOptions> = {
  name: 'mondrian',
  family: 'generalisation',
  run: (data, options) => Promise.resolve(mondrian(data, options)),
};
