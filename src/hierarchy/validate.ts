/**
 * Coverage check: every value of a quasi-identifier in the data must have a row in its hierarchy.
 */
import { DatanonymeError } from '../errors.js';
import type { Hierarchy } from './hierarchy.js';

/** Where the checked values come from, for the error message. */
export interface CoverageContext {
  attribute: string;
  /** The data file, if any. */
  file?: string;
  /**
   * The 1-based file line of data row `row` (0-based), or undefined when the values are not rows
   * of a file (then no line is cited). @defaultValue `(row) => row + 2` (one header line)
   */
  lineOf?: (row: number) => number | undefined;
  /** How many missing values the message lists. @defaultValue 10 */
  listLimit?: number;
}

/** The token a missing (null or undefined) cell is looked up as in a hierarchy. */
export const MISSING_LABEL = '';

/**
 * The text a cell is looked up as in a hierarchy: `String(v)`, or `MISSING_LABEL` ('') when the
 * cell is null or undefined. Cells are text, numbers or booleans; a Date would need converting to
 * the hierarchy's form first.
 *
 * @example
 * cellText(34) // => '34'
 */
export function cellText(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return value === null || value === undefined ? MISSING_LABEL : String(value);
}

/**
 * Checks that every value in `values` is covered by `hierarchy` (after NFC normalisation; a missing
 * cell is looked up as the empty string). Values are compared as text: `String(value)`.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming the attribute, the number of distinct uncovered
 *   values and up to `listLimit` of them, each with the line it is first seen on.
 * @example
 * checkCoverage(h, ['13001', '13008'], { attribute: 'postcode' });
 * // throws: attribute "postcode": 1 value is not in its hierarchy: "13008" (line 3)
 */
export function checkCoverage(
  hierarchy: Hierarchy,
  values: ArrayLike<unknown>,
  context: CoverageContext,
): void {
  const lineOf = context.lineOf ?? ((row: number): number => row + 2);
  const limit = context.listLimit ?? 10;
  const checked = new Map<unknown, boolean>();
  const missing: { value: string; row: number }[] = [];
  const reported = new Set<string>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (checked.has(v)) continue;
    const text = cellText(v);
    const ok = hierarchy.indexOf(text) >= 0;
    checked.set(v, ok);
    const label = text.normalize('NFC');
    if (!ok && !reported.has(label)) {
      reported.add(label);
      missing.push({ value: label, row: i });
    }
  }
  if (missing.length === 0) return;
  const shown = missing
    .slice(0, limit)
    .map((m) => {
      const line = lineOf(m.row);
      const text = m.value === MISSING_LABEL ? '(empty)' : `"${m.value}"`;
      return line === undefined ? text : `${text} (line ${line})`;
    })
    .join(', ');
  const more = missing.length > limit ? `, and ${missing.length - limit} more` : '';
  const count = missing.length === 1 ? '1 value is' : `${missing.length} values are`;
  const first = missing[0] as { value: string; row: number };
  const location: { file?: string; line?: number; column: string; value: string } = {
    column: context.attribute,
    value: first.value,
  };
  const firstLine = lineOf(first.row);
  if (firstLine !== undefined) location.line = firstLine;
  if (context.file !== undefined) location.file = context.file;
  const where = context.file !== undefined ? `${context.file}: ` : '';
  throw new DatanonymeError(
    'BAD_CONFIG',
    `${where}attribute "${context.attribute}": ${count} not in its hierarchy: ${shown}${more}`,
    location,
  );
}
