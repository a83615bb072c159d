/**
 * Reading the numeric quasi-identifiers of a table for microaggregation: each cell becomes a
 * number (integer and decimal columns: the value; date columns: the day number since 1970-01-01
 * UTC), NaN for a missing cell; and the z-score scale of each column.
 */
import { DatanonymeError } from '../../../src/errors.js';
import type { ColumnSpec, ColumnType } from '../../../src/types.js';

/** Milliseconds per day. */
const DAY_MS = 86_400_000;

/** A plain decimal number with a dot mark, optionally with an exponent. */
const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A number column as microaggregation reads it. */
export interface NumericColumn {
  readonly name: string;
  readonly type: ColumnType;
  /** One value per row; NaN where the cell is missing. */
  readonly values: Float64Array;
  /** Mean of the non-missing values (0 if none). */
  readonly mean: number;
  /** 1 / population standard deviation of the non-missing values; 0 for a constant column. */
  readonly scale: number;
  /** Number of missing cells. */
  readonly missing: number;
}

/**
 * True when a cell is missing: null, undefined, a blank text, NaN or an invalid Date.
 *
 * @example
 * isMissingCell('') // => true
 */
export function isMissingCell(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    (typeof v === 'string' && v.trim() === '') ||
    (typeof v === 'number' && Number.isNaN(v)) ||
    (v instanceof Date && Number.isNaN(v.getTime()))
  );
}

/**
 * The number a non-missing cell stands for, or NaN when it is not one: a finite JS number; a text
 * with a dot, or a single comma, as decimal mark (`'37,5'` → 37.5); for a date column, a Date or a
 * text `Date.parse` reads (ISO `YYYY-MM-DD`), as a day number (days since 1970-01-01 UTC, possibly
 * fractional for a timestamp).
 *
 * @example
 * cellNumber('2024-01-02', 'date') // => 19724
 */
export function cellNumber(v: unknown, type: ColumnType): number {
  if (type === 'date') {
    if (v instanceof Date) return v.getTime() / DAY_MS;
    if (typeof v === 'string') return Date.parse(v.trim()) / DAY_MS;
    return Number.NaN;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'string') return Number.NaN;
  const t = v.trim();
  const dotted = !t.includes('.') && (t.match(/,/g) ?? []).length === 1 ? t.replace(',', '.') : t;
  if (!NUMBER_TEXT.test(dotted)) return Number.NaN;
  const x = Number(dotted);
  return Number.isFinite(x) ? x : Number.NaN;
}

/**
 * Reads one numeric quasi-identifier column and computes its mean and z-score scale (1 / the
 * population standard deviation; 0 when the column is constant or empty, so that the column then
 * contributes nothing to distances instead of dividing by zero).
 *
 * @throws DatanonymeError `BAD_INPUT` naming the column, the line and the value when a non-missing
 *   cell is not a number (a date, for a date column).
 * @example
 * readNumericColumn(spec, ['1', '3', null], (r) => r + 2).mean // => 2
 */
export function readNumericColumn(
  spec: ColumnSpec,
  cells: ArrayLike<unknown>,
  lineOf: (row: number) => number,
  file?: string,
): NumericColumn {
  const n = cells.length;
  const values = new Float64Array(n);
  let sum = 0;
  let count = 0;
  for (let r = 0; r < n; r++) {
    const v = cells[r];
    if (isMissingCell(v)) {
      values[r] = Number.NaN;
      continue;
    }
    const x = cellNumber(v, spec.type);
    if (Number.isNaN(x)) {
      const what = spec.type === 'date' ? 'a date' : 'a number';

      const text = v instanceof Date ? v.toISOString() : String(v);
      throw new DatanonymeError(
        'BAD_INPUT',
        `quasi-identifier "${spec.name}", line ${lineOf(r)}: "${text}" is not ${what}`,
        {
          column: spec.name,
          line: lineOf(r),
          value: text,
          ...(file === undefined ? {} : { file }),
        },
      );
    }
    values[r] = x;
    sum += x;
    count++;
  }
  const mean = count === 0 ? 0 : sum / count;
  let squares = 0;
  for (let r = 0; r < n; r++) {
    const x = values[r] as number;
    if (!Number.isNaN(x)) squares += (x - mean) * (x - mean);
  }
  const sd = count === 0 ? 0 : Math.sqrt(squares / count);
  // A relative threshold: a column whose spread is rounding noise around its mean is constant.
  const constant = !(sd > 1e-12 * Math.max(1, Math.abs(mean)));
  return {
    name: spec.name,
    type: spec.type,
    values,
    mean,
    scale: constant ? 0 : 1 / sd,
    missing: n - count,
  };
}

/**
 * A number without floating-point noise: rounded to 12 significant digits, but never rounding the
 * integer part (so integers up to 2^53 stay exact) and never to more than 12 decimals.
 *
 * @example
 * tidyNumber(0.1 + 0.2) // => 0.3
 */
export function tidyNumber(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x === 0 ? 0 : x;
  const a = Math.abs(x);
  const integerDigits = a >= 1 ? Math.floor(Math.log10(a)) + 1 : 0;
  const decimals = Math.min(12, Math.max(0, 12 - integerDigits));
  const y = Number(x.toFixed(decimals));
  return y === 0 ? 0 : y;
}

/**
 * Rounds half away from zero (2.5 → 3, −2.5 → −3), so that rounding is symmetric around 0.
 *
 * @example
 * roundHalfAway(-2.5) // => -3
 */
export function roundHalfAway(x: number): number {
  const r = Math.sign(x) * Math.round(Math.abs(x));
  return r === 0 ? 0 : r;
}

/**
 * A day number as an ISO date `YYYY-MM-DD` (UTC).
 *
 * @example
 * isoDateOfDay(19724) // => '2024-01-02'
 */
export function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
