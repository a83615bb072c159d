/**
 * What every DP query over a table shares: its options (the accountant, the budget, the random
 * source, contribution bounding), their checks — all run before the data is read (cases B12,
 * B14) — and the shape of its report.
 *
 * Neighbouring relation. Without a `person` column, two tables are neighbours when one is the
 * other with one row added or removed (each row is a different person). With `person`, they are
 * neighbours when one is the other with all the rows of one person added or removed; each
 * person's rows are first cut down to `maxContributions` (kept at random, see `rows.ts`), and
 * every sensitivity is multiplied by `maxContributions`.
 */
import type { ColumnTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import type { PrivacyAccountant } from '../../../src/privacy/accountant.js';
import { secureRandom, type RandomSource } from '../../../src/random/source.js';
import type { Dataset } from '../../../src/types.js';
import { checkBounds, epsilonWarnings, type ParameterWarning } from '../parameters.js';

/** Options every query takes. */
export interface QueryOptions {
  /** The budget the query is charged to, before any noise is drawn. */
  accountant: PrivacyAccountant;
  /** The ε this query spends (pure mechanisms, or (ε, δ) for the Gaussian). */
  epsilon?: number;
  /** The δ this query spends (Gaussian mechanism; private keys' thresholding). */
  delta?: number;
  /** The ρ this query spends (Gaussian mechanism on a zCDP budget). */
  rho?: number;
  /**
   * The random source. Anything released must use the secure one; a seeded source makes the
   * result reproducible and marks it `seeded` (not for publication).
   * @defaultValue `secureRandom()`
   */
  rng?: RandomSource;
  /**
   * A column naming the person each row belongs to. When given, each person's rows are cut down
   * to `maxContributions` and the neighbouring relation is add/remove one person.
   * @defaultValue none: every row is a different person
   */
  person?: string;
  /**
   * The most rows kept per person (with `person`), an integer ≥ 1; sensitivities are multiplied
   * by it.
   * @defaultValue 1
   */
  maxContributions?: number;
  /** The query's name in the ledger and the report. @defaultValue the query kind (`count`, …) */
  name?: string;
  /** The 1-based file line of data row `row`, for error messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for error messages. */
  file?: string;
}

/** What to do with a value that is not a finite number (NaN, ±Infinity, text, missing). */
export type NonNumericPolicy = 'reject' | 'drop';

/** Options of the queries on one numeric column. */
export interface NumericQueryOptions extends QueryOptions {
  /** The numeric column. */
  column: string;
  /**
   * Public bounds [lower, upper]: values are clamped into them. Never read from the data; when
   * absent, the bounds of the Dataset's column spec are used, else the query is refused.
   */
  bounds?: readonly [number, number];
  /**
   * `'reject'`: a value that is not a finite number is an error naming the column, the line and
   * the value. `'drop'`: such rows are left out before anything is computed (a per-row filter,
   * so sensitivities are unchanged; a mean's count is the count of the rows kept). How many rows
   * were dropped is not reported: it is a statistic of the data too.
   * @defaultValue `'reject'`
   */
  nonNumeric?: NonNumericPolicy;
}

/** One mechanism run inside a query. */
export interface QueryPart {
  /** What it measures (`count`, `sum`, `sum of squares`, `cells`, `quantile`). */
  statistic: string;
  mechanism: string;
  /** The sensitivity the noise is calibrated to (L1 for Laplace and geometric, L2 for Gaussian). */
  sensitivity: number;
  /** Laplace or geometric scale b, Gaussian σ, or 2Δ/ε for the exponential mechanism. */
  scale: number;
  /** E|noise| of one released value, when known. */
  expectedAbsoluteError: number | null;
  epsilon: number;
  delta: number;
  rho: number | null;
}

/** What a query reports next to its value(s). */
export interface QueryReport {
  /** The query's name (as in the ledger). */
  query: string;
  /** `count`, `sum`, `mean`, `variance`, `quantile`, `histogram`, `count-by`, `count-by-private-keys`. */
  kind: string;
  /** The mechanism, or the mechanisms joined with `+` for a composite query. */
  mechanism: string;
  /** The scale of a one-part query; null for a composite one (see `parts`). */
  scale: number | null;
  /** E|error| of one released value where it is known in closed form; null otherwise. */
  expectedAbsoluteError: number | null;
  /** The whole cost of the query. */
  epsilon: number;
  delta: number;
  rho: number | null;
  parts: QueryPart[];
  /** The budget left after the query, as the accountant states it. */
  remaining: { epsilon: number | null; delta: number; rho: number | null };
  /** True when the noise came from a seeded source: not for publication. */
  seeded: boolean;
  warnings: ParameterWarning[];
  /** How the query was computed, in words (clamping, bounding, post-processing, thresholds). */
  notes: string[];
}

/** A released number and its report. */
export interface DpValue {
  value: number;
  report: QueryReport;
}

/** A released table and its report. */
export interface DpTable {
  table: ColumnTable;
  report: QueryReport;
}

/** Options after their checks. */
export interface CheckedOptions {
  accountant: PrivacyAccountant;
  rng: RandomSource;
  person: string | undefined;
  maxContributions: number;
  name: string;
  lineOf: (row: number) => number;
  file: string | undefined;
  warnings: ParameterWarning[];
}

/** Checks the options every query shares, without touching the data. */
export function checkQueryOptions(options: QueryOptions, kind: string): CheckedOptions {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new DatanonymeError('BAD_PARAMETER', `${kind}: the options must be an object`, {
      field: 'options',
    });
  }
  const accountant = options.accountant as PrivacyAccountant | undefined;
  if (accountant === undefined || typeof accountant.spendAll !== 'function') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${kind}: a privacy accountant is required (new PrivacyAccountant({ epsilon }))`,
      { field: 'accountant' },
    );
  }
  const max = options.maxContributions ?? 1;
  if (!Number.isInteger(max) || max < 1) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `maxContributions must be an integer ≥ 1, got ${String(max)}`,
      { field: 'maxContributions', value: String(max) },
    );
  }
  if (options.maxContributions !== undefined && options.person === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'maxContributions needs a person column (person) to count contributions by',
      { field: 'maxContributions', value: String(max) },
    );
  }
  if (options.person !== undefined) checkName(options.person, 'person');
  const name = options.name ?? kind;
  if (typeof name !== 'string' || name === '') {
    throw new DatanonymeError('BAD_PARAMETER', 'name must be a non-empty string', {
      field: 'name',
    });
  }
  const warnings: ParameterWarning[] = [];
  if (options.epsilon !== undefined && typeof options.epsilon === 'number') {
    if (Number.isFinite(options.epsilon) && options.epsilon > 0) {
      warnings.push(...epsilonWarnings(options.epsilon));
    }
  }
  return {
    accountant,
    rng: options.rng ?? secureRandom(),
    person: options.person,
    maxContributions: max,
    name,
    lineOf: options.lineOf ?? ((row: number): number => row + 2),
    file: options.file,
    warnings,
  };
}

/** A column name: a non-empty string. */
export function checkName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new DatanonymeError('BAD_PARAMETER', `${field} must be a column name`, {
      field,
      value: String(value),
    });
  }
  return value;
}

/**
 * The public bounds of a numeric query: `options.bounds`, else the column spec's bounds when the
 * data is a Dataset (public metadata). Never the data's minimum and maximum (case B12).
 */
export function boundsOf(
  data: Dataset | ColumnTable,
  column: string,
  bounds: readonly [number, number] | undefined,
): [number, number] {
  if (bounds !== undefined) return checkBounds(bounds);
  if (isDataset(data)) {
    const spec = data.columns.find((c) => c.name === column);
    if (spec?.bounds !== undefined) return checkBounds(spec.bounds, `columns.${column}.bounds`);
  }
  throw new DatanonymeError(
    'BAD_PARAMETER',
    `bounds are required for "${column}": give public [lower, upper] bounds (they are never read from the data)`,
    { field: 'bounds', column },
  );
}

/** The non-numeric policy, checked. */
export function checkNonNumeric(value: unknown): NonNumericPolicy {
  const policy = value ?? 'reject';
  if (policy !== 'reject' && policy !== 'drop') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `nonNumeric must be "reject" or "drop", got ${JSON.stringify(policy)}`,
      { field: 'nonNumeric', value: JSON.stringify(policy) },
    );
  }
  return policy;
}

/** True for a Dataset (a table with column specs), false for a bare Arquero table. */
export function isDataset(data: Dataset | ColumnTable): data is Dataset {
  const d = data as Partial<Dataset>;
  return typeof d === 'object' && 'table' in d && Array.isArray(d.columns);
}

/** The Arquero table of a Dataset or table. */
export function tableOf(data: Dataset | ColumnTable): ColumnTable {
  return isDataset(data) ? data.table : data;
}
