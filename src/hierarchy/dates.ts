/**
 * Builder: a hierarchy that truncates ISO dates to month, year and decade.
 */
import { attributeSource, configError, distinctNfc } from './_internals/source.js';
import { Hierarchy, type HierarchySource } from './hierarchy.js';

/** A level of a date hierarchy, from finest to coarsest. */
export type DateLevel = 'month' | 'year' | 'decade';

/** Options of {@link dateHierarchy}. */
export interface DateOptions {
  /**
   * The levels above the day, finest first, each at most once.
   * @defaultValue `['month', 'year', 'decade']`
   */
  levels?: DateLevel[];
  /** The attribute, for error messages. */
  attribute?: string;
}

const RANK: Record<DateLevel, number> = { month: 0, year: 1, decade: 2 };
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Builds a hierarchy over ISO 8601 calendar dates (`YYYY-MM-DD`, proleptic Gregorian calendar,
 * years 0000–9999) by truncation: day `2023-05-17` → month `2023-05` → year `2023` → decade
 * `2020-2029` → `*`, keeping only the levels asked for. The missing value `''` stays `''` up to
 * the root: `['', …, '', '*']`.
 *
 * Reference: ISO 8601-1:2019 (calendar dates, reduced precision); ARX's date-based hierarchy
 * builder (`HierarchyBuilderDate`; Prasser and Kohlmayer 2015).
 *
 * @param values - the column's distinct values as text, `''` for missing.
 * @param options - the levels and attribute.
 * @throws DatanonymeError `BAD_CONFIG` naming the value when it is not a valid `YYYY-MM-DD` date
 *   (`2023-02-30`, `2023-5-1`, `17/05/2023`), or naming the level when `levels` has an unknown
 *   level, a repeated one, or is not in order from finest to coarsest.
 * @example
 * dateHierarchy(['2023-05-17']).rows[0] // => ['2023-05-17', '2023-05', '2023', '2020-2029', '*']
 */
export function dateHierarchy(values: readonly string[], options: DateOptions = {}): Hierarchy {
  const source = attributeSource(options.attribute);
  const levels = options.levels ?? ['month', 'year', 'decade'];
  let previous = -1;
  for (const level of levels) {
    const rank = (RANK as Partial<Record<string, number>>)[level];
    if (rank === undefined) {
      throw configError(source, `unknown date level "${level}" (expected month, year or decade)`, {
        value: level,
      });
    }
    if (rank <= previous) {
      throw configError(
        source,
        `date levels must go from finest to coarsest without repeats (month, year, decade), got ${levels.join(', ')}`,
        { value: level },
      );
    }
    previous = rank;
  }
  const height = levels.length + 2;
  const rows = distinctNfc(values).map((v): string[] => {
    if (v === '') return [...Array<string>(height - 1).fill(''), '*'];
    const { year, month } = parseDate(v, source);
    const yyyy = pad4(year);
    const row = [v];
    for (const level of levels) {
      if (level === 'month') row.push(`${yyyy}-${String(month).padStart(2, '0')}`);
      else if (level === 'year') row.push(yyyy);
      else {
        const decade = year - (year % 10);
        row.push(`${pad4(decade)}-${pad4(decade + 9)}`);
      }
    }
    row.push('*');
    return row;
  });
  return new Hierarchy(rows, source);
}

function parseDate(v: string, source: HierarchySource): { year: number; month: number } {
  const m = ISO_DATE.exec(v);
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  const day = Number(m?.[3]);
  if (m === null || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw configError(source, `value "${v}" is not a valid date in the form YYYY-MM-DD`, {
      value: v,
    });
  }
  return { year, month };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}
