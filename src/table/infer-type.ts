/**
 * Column type inference for CSV text: what each value could be read as, and what a whole column
 * is. Strict on purpose: a value that a number cannot hold exactly stays text. Browser-safe.
 */
import type { ColumnType } from '../types.js';

/** The value is an integer without a leading zero and with at most 15 digits. */
export const KIND_INTEGER = 1;
/** The value is an integer or a decimal with a `.` mark, with at most 15 significant digits. */
export const KIND_DECIMAL_DOT = 2;
/** The value is an integer or a decimal with a `,` mark, with at most 15 significant digits. */
export const KIND_DECIMAL_COMMA = 4;
/** The value is an ISO calendar date `YYYY-MM-DD`. */
export const KIND_DATE = 8;
/** The value has a `.` decimal mark. */
export const KIND_HAS_DOT = 16;
/** The value has a `,` decimal mark. */
export const KIND_HAS_COMMA = 32;

/** Every kind a column can still be while no value has been seen. */
export const KIND_ANY = KIND_INTEGER | KIND_DECIMAL_DOT | KIND_DECIMAL_COMMA | KIND_DATE;

/** The most significant digits a number may have to be inferred as numeric. */
export const MAX_DIGITS = 15;

const NUMBER = /^[+-]?(0|[1-9]\d*)(?:([.,])(\d+))?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in each month of a non-leap year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True when `text` is an ISO `YYYY-MM-DD` date that exists in the proleptic Gregorian calendar.
 *
 * @throws never.
 * @example isIsoDate('2024-02-29') // => true; isIsoDate('2023-02-29') // => false
 */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (m === null) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 0);
  return day <= days;
}

/**
 * The kinds a single non-missing text value can be read as, as a bit set of the `KIND_*`
 * constants. Integers are `^[+-]?\d+$` without a leading zero (`0` itself is fine, `-0` and `+0`
 * are text) and with at most 15 digits; decimals have digits on both sides of one mark, no
 * leading zero, and at most 15 significant digits; dates are valid ISO dates.
 *
 * @throws never.
 * @example valueKinds('2150,50') // => KIND_DECIMAL_COMMA | KIND_HAS_COMMA
 */
export function valueKinds(text: string): number {
  const first = text.charCodeAt(0);
  // Every kind starts with a digit or a sign.
  if (!((first >= 48 && first <= 57) || first === 43 || first === 45)) return 0;
  const m = NUMBER.exec(text);
  if (m === null) return isIsoDate(text) ? KIND_DATE : 0;
  const whole = m[1] ?? '';
  const mark = m[2];
  const fraction = m[3] ?? '';
  if (mark === undefined) {
    if (whole === '0' && text !== '0') return 0;
    return whole.length <= MAX_DIGITS ? KIND_INTEGER | KIND_DECIMAL_DOT | KIND_DECIMAL_COMMA : 0;
  }
  const digits = (whole === '0' ? '' : whole) + fraction;
  const significant = digits.replace(/^0+/, '').length;
  if (significant > MAX_DIGITS) return 0;
  return mark === '.' ? KIND_DECIMAL_DOT | KIND_HAS_DOT : KIND_DECIMAL_COMMA | KIND_HAS_COMMA;
}

/** What is known about a column after looking at its values. */
export interface KindSummary {
  /** The `KIND_*` bits every non-missing value had (starts at {@link KIND_ANY}). */
  kinds: number;
  /** The `KIND_HAS_*` bits any value had. */
  marks: number;
  /** How many non-missing values were classified (each distinct value at least once); 0 when all are missing. */
  seen: number;
}

/**
 * The type of a column from its {@link KindSummary}: `integer`, then `decimal` (with `.`, or with
 * `,` when `commaAllowed`), then `date`, else `categorical` (also when every value is missing).
 *
 * @param dotAllowed - whether `.` may be a decimal mark in this file.
 * @param commaAllowed - whether `,` may be a decimal mark in this file.
 * @returns the type and, for a decimal, its mark.
 * @throws never.
 * @example columnType({ kinds: KIND_DECIMAL_COMMA, marks: KIND_HAS_COMMA, seen: 6 }, false, true)
 */
export function columnType(
  summary: KindSummary,
  dotAllowed: boolean,
  commaAllowed: boolean,
): { type: ColumnType; mark?: '.' | ',' } {
  const { kinds, marks, seen } = summary;
  if (seen === 0) return { type: 'categorical' };
  if (kinds & KIND_INTEGER) return { type: 'integer' };
  if (dotAllowed && kinds & KIND_DECIMAL_DOT && marks & KIND_HAS_DOT) {
    return { type: 'decimal', mark: '.' };
  }
  if (commaAllowed && kinds & KIND_DECIMAL_COMMA && marks & KIND_HAS_COMMA) {
    return { type: 'decimal', mark: ',' };
  }
  if (kinds & KIND_DATE) return { type: 'date' };
  return { type: 'categorical' };
}
