/**
 * The text forms of calendar dates found in CSV files: reading a date in a given form, finding the
 * form of a column, and noticing a column of dates written in a form other than ISO (which,
 * outside `synth`, is read as a category). Browser-safe.
 */

const MS_PER_DAY = 86_400_000;

/**
 * The text forms of a calendar date read and written back: ISO 8601 (`YYYY-MM-DD`, the CSV
 * reader's own), `YYYY/MM/DD`, and day-first `DD/MM/YYYY`, `DD-MM-YYYY`, `DD.MM.YYYY` (French
 * and European forms), or month-first `MM/DD/YYYY`; two-digit days and months.
 */
export type DatePattern =
  'YYYY-MM-DD' | 'YYYY/MM/DD' | 'DD/MM/YYYY' | 'MM/DD/YYYY' | 'DD-MM-YYYY' | 'DD.MM.YYYY';

/** Each pattern: its expression and the groups holding year, month, day. */
const DATE_PATTERNS: readonly [DatePattern, RegExp, number, number, number][] = [
  ['YYYY-MM-DD', /^(\d{4})-(\d{2})-(\d{2})$/, 1, 2, 3],
  ['YYYY/MM/DD', /^(\d{4})\/(\d{2})\/(\d{2})$/, 1, 2, 3],
  ['DD/MM/YYYY', /^(\d{2})\/(\d{2})\/(\d{4})$/, 3, 2, 1],
  ['MM/DD/YYYY', /^(\d{2})\/(\d{2})\/(\d{4})$/, 3, 1, 2],
  ['DD-MM-YYYY', /^(\d{2})-(\d{2})-(\d{4})$/, 3, 2, 1],
  ['DD.MM.YYYY', /^(\d{2})\.(\d{2})\.(\d{4})$/, 3, 2, 1],
];

/**
 * The day number (days since 1970-01-01 UTC) of a date written in `pattern`; NaN when the text
 * does not have the pattern's shape or names no calendar day (`31/02/2024`).
 *
 * @throws never.
 * @example
 * dayOf('02/01/1970', 'DD/MM/YYYY') // => 1
 */
export function dayOf(text: string, pattern: DatePattern): number {
  const entry = DATE_PATTERNS.find((p) => p[0] === pattern) as (typeof DATE_PATTERNS)[number];
  const m = entry[1].exec(text.trim());
  if (m === null) return NaN;
  const y = Number(m[entry[2]]);
  const mo = Number(m[entry[3]]);
  const d = Number(m[entry[4]]);
  const t = Date.UTC(y, mo - 1, d);
  const date = new Date(t);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return NaN;
  }
  return t / MS_PER_DAY;
}

/**
 * The pattern every value is a valid date in, tried in the order of {@link DatePattern} (so a
 * slashed date is day-first, `DD/MM/YYYY`, unless some value reads only month-first); undefined
 * when there is no value or no common pattern.
 *
 * @throws never.
 * @example
 * datePatternOf(['25/12/2024', '01/02/2024']) // => 'DD/MM/YYYY'
 */
export function datePatternOf(values: readonly string[]): DatePattern | undefined {
  if (values.length === 0) return undefined;
  for (const [pattern] of DATE_PATTERNS) {
    if (values.every((v) => !Number.isNaN(dayOf(v, pattern)))) return pattern;
  }
  return undefined;
}

/** The share of a column's present values that must be dates for {@link foreignDatePattern}. */
export const FOREIGN_DATE_SHARE = 0.95;

/**
 * The non-ISO date form in which (nearly) all of a column's present values are valid dates: at
 * least {@link FOREIGN_DATE_SHARE} of them, so that a typo or two does not hide a column of dates.
 * The form read by the most values wins, ties in the order of {@link DatePattern} (day-first
 * before month-first). Undefined when there is no value or when no non-ISO form reaches the
 * share. Missing values (null, undefined, '', and `missing` tokens) are left out; values that are
 * not strings count as non-dates.
 *
 * @param values - the column's cells.
 * @param missing - the tokens that stand for a missing value.
 * @throws never.
 * @example
 * foreignDatePattern(['25/12/1980', '01/02/1975', '']) // => 'DD/MM/YYYY'
 * foreignDatePattern(['1980-12-25']) // => undefined (ISO is the form the reader understands)
 */
export function foreignDatePattern(
  values: ArrayLike<unknown>,
  missing: readonly string[] = [],
): Exclude<DatePattern, 'YYYY-MM-DD'> | undefined {
  const tokens = new Set(missing);
  const counts = new Map<DatePattern, number>(DATE_PATTERNS.map(([p]) => [p, 0]));
  let present = 0;
  const seen = new Map<string, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined || v === '') continue;
    if (typeof v === 'string' && tokens.has(v)) continue;
    present++;
    if (typeof v !== 'string') continue;
    seen.set(v, (seen.get(v) ?? 0) + 1);
  }
  if (present === 0) return undefined;
  for (const [text, times] of seen) {
    for (const [pattern] of DATE_PATTERNS) {
      if (!Number.isNaN(dayOf(text, pattern))) {
        counts.set(pattern, (counts.get(pattern) as number) + times);
      }
    }
  }
  let best: DatePattern = 'YYYY-MM-DD';
  let bestCount = 0;
  for (const [pattern, count] of counts) {
    if (pattern !== 'YYYY-MM-DD' && count > bestCount) {
      best = pattern;
      bestCount = count;
    }
  }
  return best === 'YYYY-MM-DD' || bestCount < FOREIGN_DATE_SHARE * present ? undefined : best;
}

/**
 * How a date form is named in messages: `dd/mm/yyyy`, `yyyy/mm/dd`, …
 *
 * @throws never.
 * @example dateFormName('DD.MM.YYYY') // => 'dd.mm.yyyy'
 */
export function dateFormName(pattern: DatePattern): string {
  return pattern.toLowerCase();
}

/**
 * The warning for a column read as categorical whose values are dates in a non-ISO form: outside
 * `synth`, dates are read in ISO form only, so such a column is a category (no date hierarchy,
 * no Mondrian range, no microaggregation).
 *
 * @param column - the column's name.
 * @param pattern - its date form, from {@link foreignDatePattern}.
 * @throws never.
 * @example
 * foreignDateWarning('naissance', 'DD/MM/YYYY')
 * // => 'column "naissance" looks like dates written dd/mm/yyyy; outside synth datanonyme …'
 */
export function foreignDateWarning(column: string, pattern: DatePattern): string {
  return `column "${column}" looks like dates written ${dateFormName(pattern)}; outside synth datanonyme reads dates in ISO form (YYYY-MM-DD): convert it to use date hierarchies, Mondrian ranges or MDAV; as it is, it is a category`;
}
