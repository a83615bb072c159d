/**
 * Microaggregation of the numeric quasi-identifiers by MDAV (Maximum Distance to Average Vector).
 *
 * The records are partitioned into groups of at least k records that are close in the space of the
 * quasi-identifiers, and every quasi-identifier value of a record is replaced by its group's mean
 * (or median). The released table is then k-anonymous over the quasi-identifiers: every group's
 * records share one output tuple. Multivariate fixed-size microaggregation: Domingo-Ferrer and
 * Mateo-Sanz, "Practical data-oriented microaggregation for statistical disclosure control", IEEE
 * TKDE 14(1), 2002; MDAV as usually implemented (Domingo-Ferrer and Torra, "Ordinal, continuous and
 * heterogeneous k-anonymity through microaggregation", DMKD 11(2), 2005; sdcMicro's
 * `microaggregation(method = "mdav")`, Templ, Kowarik and Meindl, JSS 67(4), 2015). The kernel is
 * `kernel.ts`; the method card is `README.md` beside this file.
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError, shownValue } from '../../../src/errors.js';
import {
  equivalenceClasses,
  prosecutorRisk,
  type ReidentificationRisk,
} from '../../../src/metrics/risk/reidentification.js';
import { assertK } from '../../../src/privacy/kAnonymity.js';
import type { ColumnSpec, Dataset, Method, Release } from '../../../src/types.js';
import type { ModelSummary } from '../../../src/privacy/histogram.js';
import type { SensitiveModelSpec } from '../../../src/privacy/spec.js';
import {
  checkModelsOption,
  modelEvaluatorOf,
} from '../../generalisation/local-suppression/models.js';
import { medianCutBlocks } from './blocks.js';
import { mergeInvalidGroups } from './merge.js';
import { mdavKernel } from './kernel.js';
import { missingPatterns } from './missing.js';
import {
  isoDateOfDay,
  readNumericColumn,
  roundHalfAway,
  tidyNumber,
  type NumericColumn,
} from './numeric.js';
import { quasiIdentifierSpecs } from '../../generalisation/options.js';

/** Up to this many rows, the default is exact MDAV on all rows at once. */
export const EXACT_LIMIT = 50_000;

/** The block size of the blocked variant when none is given and there are more than EXACT_LIMIT rows. */
export const DEFAULT_BLOCK_SIZE = 2_000;

/** Options of {@link mdav}. */
export interface MdavOptions {
  /** The k of k-anonymity: every group has at least k records. An integer ≥ 1. */
  k: number;
  /** What replaces the values of a group: its mean, or its median. @defaultValue 'mean' */
  aggregate?: 'mean' | 'median';
  /**
   * Round the aggregate of integer columns to an integer (half away from zero). Rounding keeps the
   * column's type but no longer preserves its total exactly. Dates are always rounded to the day.
   * @defaultValue false
   */
  round?: boolean;
  /**
   * Blocked variant: rows (of one missing-value pattern) are cut into blocks of at most
   * `blockSize` rows by recursive median cuts (`blocks.ts`) and exact MDAV runs in each block. An
   * integer ≥ 2k, or `Infinity` for exact MDAV whatever the size.
   * @defaultValue exact MDAV up to {@link EXACT_LIMIT} rows; blocks of {@link DEFAULT_BLOCK_SIZE} above
   */
  blockSize?: number;
  /**
   * Sensitive models every group must also satisfy (l-diversity, t-closeness): a failing group is
   * merged with its nearest group until it does (`merge.ts`). @defaultValue []
   */
  models?: SensitiveModelSpec[];
  /** The 1-based file line of data row `row`, for messages about bad values. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for messages. */
  file?: string;
}

/** What `release.details` holds for this method. */
export interface MdavDetails {
  /** Number of groups (records sharing one output tuple by construction). */
  groups: number;
  minGroupSize: number;
  maxGroupSize: number;
  /**
   * Information loss SSE / SST on the standardised values (z-scores with the column's mean and
   * population standard deviation): Σ over cells of (z − z′)² / Σ over cells of z², z′ the released
   * value standardised alike, over the non-missing input cells; a blanked cell counts as released at
   * the column mean. 0 when SST is 0.
   */
  informationLoss: number;
  sse: number;
  sst: number;
  /** `exact`: MDAV on each missing-value pattern whole; `blocked`: some pattern was cut into blocks. */
  variant: 'exact' | 'blocked';
  /** Number of blocks MDAV ran on (one per missing-value pattern in the exact variant). */
  blocks: number;
  /** The block size used (Infinity: exact). */
  blockSize: number;
  /** Number of missing-value patterns after merging the small ones. */
  missingPatterns: number;
  /** Cells set missing to merge missing-value patterns smaller than k, per column. */
  blankedCells: Record<string, number>;
  /**
   * Released classes: rows with equal released quasi-identifiers. Groups whose aggregates happen
   * to coincide form one class, so there may be fewer classes than groups.
   */
  classes: number;
  /** Size of the smallest released class (the k reached). */
  minClassSize: number;
  /** Prosecutor risk over the released classes. */
  risk: ReidentificationRisk;
  /** With sensitive models: groups merged to satisfy them, and the l and t reached. */
  models?: ModelSummary & { mergedGroups: number };
  /** The privacy models checked and the l and t reached, over the released classes. */
  privacy?: ModelSummary;
}

/**
 * Microaggregates the numeric quasi-identifiers of `data` with MDAV into groups of at least `k`
 * records, each value replaced by its group's mean (or median).
 *
 * All quasi-identifiers are aggregated jointly, as points in the space of their z-scores (a
 * constant column contributes 0), with Euclidean distance. A missing cell stays missing; rows are
 * grouped with rows missing the same columns (see `missing.ts`). Outputs: integer and decimal
 * columns as JS numbers, rounded to 12 significant digits (`tidyNumber`), integer columns to an
 * integer with `round`; date columns as ISO `YYYY-MM-DD` text, the aggregate rounded to the day.
 * Identifier columns are removed, other columns unchanged, row order preserved.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for k not an integer ≥ 1, an unknown `aggregate`, a
 *   non-boolean `round` or a `blockSize` below 2k (before the data is read); `BAD_CONFIG` for no
 *   quasi-identifier or a categorical one (naming it); `BAD_INPUT` for a cell that is not a number
 *   or date (naming column, line and value); `BAD_CONFIG` for a bad model spec or a model on a
 *   column that is not sensitive; `IMPOSSIBLE` when k exceeds the number of rows or the models
 *   cannot be satisfied.
 * @example
 * mdav(data, { k: 3 }).details.minGroupSize // => 3
 */
export function mdav(data: Dataset, options: MdavOptions): Release {
  assertK(options.k);
  const k = options.k;
  const aggregate = checkAggregate(options.aggregate);
  const round = checkRound(options.round);
  const requestedBlockSize = checkBlockSize(options.blockSize, k);
  const modelSpecs = checkModelsOption(options.models);
  const specs = numericQuasiIdentifiers(data);
  const n = data.table.numRows();
  if (k > n) {
    throw new DatanonymeError('IMPOSSIBLE', `k = ${k} exceeds the number of records (${n})`, {
      field: 'k',
      value: String(k),
    });
  }
  const blockSize = requestedBlockSize ?? (n <= EXACT_LIMIT ? Infinity : DEFAULT_BLOCK_SIZE);
  const lineOf = options.lineOf ?? ((row: number): number => row + 2);
  const columns = specs.map((spec) =>
    readNumericColumn(spec, data.table.array(spec.name), lineOf, options.file),
  );
  const m = columns.length;
  const evaluator = modelEvaluatorOf(data, k, modelSpecs);

  // SST over the non-missing input cells, then the cells blanked to merge small missing patterns.
  let sst = 0;
  for (const column of columns) sst += sumOfSquares(column);
  const { patterns, blanked } = missingPatterns(
    columns.map((c) => c.values),
    n,
    k,
  );
  let sse = 0;
  const blankedCells = new Array<number>(m).fill(0);
  for (const { column: j, row } of blanked) {
    const column = columns[j] as NumericColumn;
    const z = ((column.values[row] as number) - column.mean) * column.scale;
    sse += z * z;
    column.values[row] = Number.NaN;
    blankedCells[j] = (blankedCells[j] as number) + 1;
  }

  // Group within each pattern (and block).
  let groupOf: Int32Array = new Int32Array(n);
  let groups = 0;
  const patternOfGroup: number[] = [];
  let blocks = 0;
  let variant: 'exact' | 'blocked' = 'exact';
  for (const [index, pattern] of patterns.entries()) {
    while (patternOfGroup.length < groups) patternOfGroup.push(index - 1);
    const present: NumericColumn[] = columns.filter((_, j) => pattern.missing[j] === 0);
    const rows = pattern.rows;
    const d = present.length;
    if (d === 0) {
      for (const row of rows) groupOf[row] = groups;
      groups++;
      blocks++;
      continue;
    }
    const points = standardised(present, rows);
    if (rows.length <= blockSize) {
      groups = assign(mdavKernel(points, rows.length, d, k), rows, groupOf, groups);
      blocks++;
      continue;
    }
    variant = 'blocked';
    const { order, starts } = medianCutBlocks(points, rows.length, d, blockSize);
    for (let b = 0; b + 1 < starts.length; b++) {
      const from = starts[b] as number;
      const to = starts[b + 1] as number;
      const size = to - from;
      const sub = new Float64Array(size * d);
      const subRows = new Array<number>(size);
      for (let i = 0; i < size; i++) {
        const p = order[from + i] as number;
        sub.set(points.subarray(p * d, p * d + d), i * d);
        subRows[i] = rows[p] as number;
      }
      blocks++;
      groups = assign(mdavKernel(sub, size, d, k), subRows, groupOf, groups);
    }
  }

  while (patternOfGroup.length < groups) patternOfGroup.push(patterns.length - 1);
  let mergedGroups = 0;
  if (evaluator !== undefined) {
    const merged = mergeInvalidGroups({
      groupOf,
      groups,
      patternOf: Int32Array.from(patternOfGroup),
      columns,
      valid: (rows, from, to) => evaluator.isValidRows(rows, from, to),
    });
    mergedGroups = groups - merged.count;
    groupOf = merged.groupOf;
    groups = merged.count;
  }

  // Aggregate each group.
  const { starts, members } = groupMembers(groupOf, groups);
  const outputs = columns.map(() => new Float64Array(n).fill(Number.NaN));
  const scratch = new Float64Array(n);
  const sizes: number[] = [];
  for (let g = 0; g < groups; g++) {
    const from = starts[g] as number;
    const to = starts[g + 1] as number;
    sizes.push(to - from);
    columns.forEach((column, j) => {
      const values = column.values;
      const first = values[members[from] as number] as number;
      if (Number.isNaN(first)) return;
      let value: number;
      if (aggregate === 'mean') {
        let sum = 0;
        for (let i = from; i < to; i++) sum += values[members[i] as number] as number;
        value = sum / (to - from);
      } else {
        for (let i = from; i < to; i++) scratch[i - from] = values[members[i] as number] as number;
        value = medianOf(scratch.subarray(0, to - from));
      }
      value = released(value, column, round);
      const out = outputs[j] as Float64Array;
      for (let i = from; i < to; i++) out[members[i] as number] = value;
    });
  }
  columns.forEach((column, j) => {
    const out = outputs[j] as Float64Array;
    for (let r = 0; r < n; r++) {
      const x = column.values[r] as number;
      if (Number.isNaN(x)) continue;
      const t = (x - (out[r] as number)) * column.scale;
      sse += t * t;
    }
  });

  // The release table.
  const specOf = new Map(data.columns.map((spec) => [spec.name, spec]));
  const indexOf = new Map(columns.map((column, j) => [column.name, j]));
  const names: string[] = [];
  const tableColumns: Record<string, ArrayLike<unknown>> = {};
  for (const name of data.table.columnNames()) {
    if (specOf.get(name)?.role === 'identifier') continue;
    names.push(name);
    const j = indexOf.get(name);
    if (j === undefined) {
      tableColumns[name] = data.table.array(name);
      continue;
    }
    const column = columns[j] as NumericColumn;
    const out = outputs[j] as Float64Array;
    tableColumns[name] =
      column.type === 'date'
        ? Array.from(out, (x) => (Number.isNaN(x) ? null : isoDateOfDay(x)))
        : Array.from(out, (x) => (Number.isNaN(x) ? null : x));
  }
  const releaseColumns = data.columns
    .filter((spec) => spec.role !== 'identifier')
    .map((spec): ColumnSpec => {
      if (spec.role !== 'quasi-identifier') return { ...spec };
      const type = spec.type === 'integer' && !round ? 'decimal' : spec.type;
      return { ...spec, type };
    });
  const totalBlanked = blankedCells.reduce((a, b) => a + b, 0);
  const releasedClasses = equivalenceClasses(
    columns.map((_, j) => outputs[j] as Float64Array),
    n,
  );
  const details: MdavDetails = {
    groups,
    minGroupSize: sizes.reduce((a, b) => Math.min(a, b), sizes[0] ?? 0),
    maxGroupSize: sizes.reduce((a, b) => Math.max(a, b), 0),
    informationLoss: sst === 0 ? 0 : sse / sst,
    sse,
    sst,
    variant,
    blocks,
    blockSize,
    missingPatterns: patterns.length,
    blankedCells: Object.fromEntries(columns.map((c, j) => [c.name, blankedCells[j] as number])),
    classes: releasedClasses.sizes.length,
    minClassSize: releasedClasses.sizes.reduce(
      (a, b) => Math.min(a, b),
      releasedClasses.sizes[0] ?? 0,
    ),
    risk: prosecutorRisk(releasedClasses.sizes),
  };
  if (evaluator !== undefined) {
    details.models = { ...evaluator.summarise(groupOf, groups), mergedGroups };
    details.privacy = evaluator.summarise(releasedClasses.classOf, releasedClasses.sizes.length);
  }
  return {
    method: 'mdav',
    parameters: {
      k,
      aggregate,
      round,
      blockSize,
      models: modelSpecs,
      quasiIdentifiers: columns.map((c) => c.name),
    },
    table: arqueroTable(tableColumns, names),
    columns: releaseColumns,
    accounting: { rowsIn: n, rowsOut: n, suppressedRows: 0, suppressedCells: totalBlanked },
    details: { ...details },
    seeded: false,
  };
}

/**
 * {@link mdav} as a {@link Method}, for the benchmark loop and the CLI.
 *
 * @example
 * const release = await mdavMethod.run(data, { k: 5 });
 */
export const mdavMethod: Method<MdavOptions> = {
  name: 'mdav',
  family: 'perturbation',
  run: (data, options) => Promise.resolve(mdav(data, options)),
};

/** The quasi-identifiers, in column order; each must be an integer, decimal or date column. */
function numericQuasiIdentifiers(data: Dataset): ColumnSpec[] {
  const specs = quasiIdentifierSpecs(data, 'microaggregation');
  for (const spec of specs) {
    if (spec.type === 'categorical') {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `quasi-identifier "${spec.name}" is categorical: MDAV aggregates numbers and dates only; generalise it with a hierarchy method (optimal generalisation, Mondrian or local suppression) or declare its numeric type`,
        { column: spec.name },
      );
    }
  }
  return specs;
}

function checkAggregate(value: unknown): 'mean' | 'median' {
  if (value === undefined) return 'mean';
  if (value !== 'mean' && value !== 'median') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `aggregate must be "mean" or "median", got ${shownValue(value)}`,
      { field: 'aggregate', value: shownValue(value) },
    );
  }
  return value;
}

function checkRound(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new DatanonymeError('BAD_PARAMETER', 'round must be true or false', { field: 'round' });
  }
  return value;
}

function checkBlockSize(value: unknown, k: number): number | undefined {
  if (value === undefined) return undefined;
  if (value === Infinity) return Infinity;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 2 * k) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `blockSize must be an integer ≥ 2k = ${2 * k} (or Infinity), got ${shownValue(value)}`,
      { field: 'blockSize', value: shownValue(value) },
    );
  }
  return value;
}

/** Σ z² over the non-missing cells of a column. */
function sumOfSquares(column: NumericColumn): number {
  let s = 0;
  for (const x of column.values) {
    if (Number.isNaN(x)) continue;
    const z = (x - column.mean) * column.scale;
    s += z * z;
  }
  return s;
}

/** The z-scores of `rows` in the given columns, row-major. */
function standardised(present: readonly NumericColumn[], rows: readonly number[]): Float64Array {
  const d = present.length;
  const points = new Float64Array(rows.length * d);
  present.forEach((column, j) => {
    const { values, mean, scale } = column;
    for (let i = 0; i < rows.length; i++) {
      points[i * d + j] = ((values[rows[i] as number] as number) - mean) * scale;
    }
  });
  return points;
}

/** Writes kernel groups into the global numbering; returns the next free group id. */
function assign(
  result: { groupOf: Int32Array; count: number },
  rows: readonly number[],
  groupOf: Int32Array,
  first: number,
): number {
  for (let i = 0; i < rows.length; i++) {
    groupOf[rows[i] as number] = first + (result.groupOf[i] as number);
  }
  return first + result.count;
}

/** The rows of each group, contiguous and ascending: members[starts[g] … starts[g + 1] − 1]. */
function groupMembers(
  groupOf: Int32Array,
  groups: number,
): { starts: Int32Array; members: Int32Array } {
  const starts = new Int32Array(groups + 1);
  for (const g of groupOf) starts[g + 1] = (starts[g + 1] as number) + 1;
  for (let g = 0; g < groups; g++)
    starts[g + 1] = (starts[g + 1] as number) + (starts[g] as number);
  const fill = starts.slice(0, groups);
  const members = new Int32Array(groupOf.length);
  for (let r = 0; r < groupOf.length; r++) {
    const g = groupOf[r] as number;
    members[fill[g] as number] = r;
    fill[g] = (fill[g] as number) + 1;
  }
  return { starts, members };
}

/** The median: the middle value, or the mean of the two middle values (R's `median`). */
function medianOf(values: Float64Array): number {
  values.sort();
  const h = values.length >> 1;
  return values.length % 2 === 1
    ? (values[h] as number)
    : ((values[h - 1] as number) + (values[h] as number)) / 2;
}

/** The published number: the day for dates, an integer with `round`, else without float noise. */
function released(value: number, column: NumericColumn, round: boolean): number {
  if (column.type === 'date') return roundHalfAway(value);
  if (column.type === 'integer' && round) return roundHalfAway(value);
  return tidyNumber(value);
}
