/**
 * How a metric reads a cell, whatever the release did to it: the ONE rule every utility and risk
 * metric applies to original, generalised, perturbed and synthetic values alike.
 *
 * Missing: null, undefined, `''`, NaN, a text the column's spec lists in `missing`, and, for a
 * numeric or date column, a text that is not a number, a range or a hierarchy label (counted
 * apart as `unparsed`).
 *
 * Suppressed: `*`, and a label that is the root of the column's hierarchy (it covers every original
 * value, as `*****` does in a masking hierarchy), unless it is itself an original value of the
 * hierarchy. A suppressed cell is missing for every statistic, and counted apart so that reports
 * can give the suppression rate.
 *
 * Numbers (`integer`, `decimal`): a number, or a text read defensively (`Number` after replacing
 * one decimal comma by a point); a range label (`[30,40[`, `[31-38]`, `(0, 5]`, `0-4`) counts as
 * the midpoint of its two bounds; any other label of the column's hierarchy as the mean of the
 * numeric original values below it (`<50` → mean of 17…49).
 *
 * Dates: days since 1970-01-01 (UTC), fractional for reduced precision: `YYYY-MM-DD` (or a Date)
 * is that day; `YYYY-MM`, `YYYY` and a range of years `2020-2029` (the date-hierarchy labels)
 * count as the midpoint of the period they cover; `[2023-01-05-2023-03-02]` (a Mondrian range)
 * as the midpoint of its bounds.
 *
 * Categories: the NFC-normalised text. A label that is not an original value of the column's
 * hierarchy but a label above some (`Europe`, `750**`) is spread uniformly over the hierarchy's
 * original values below it (each gets 1/m of the cell, whether or not it occurs in the data);
 * without a hierarchy, or when the label is not in it, the label is a category of its own.
 *
 * Reference: the midpoint rule for interval-coded values is the usual treatment of grouped data
 * (Hundepool et al., "Statistical Disclosure Control", Wiley 2012, §3.4 on information loss of
 * global recoding); the uniform spread is ARX's treatment of generalised values in its utility
 * analysis (Prasser and Kohlmayer 2015).
 */
import type { Hierarchy } from '../../hierarchy/hierarchy.js';
import { cellText } from '../../hierarchy/validate.js';
import type { ColumnSpec, Dataset } from '../../types.js';

/** The suppression token written by every generalisation method. */
export const SUPPRESSED = '*';

const MS_PER_DAY = 86_400_000;
const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?`;
const BRACKETED_RANGE = new RegExp(
  String.raw`^[\[(]\s*(${NUMBER})\s*(?:,|;|\.\.|-|–)\s*(${NUMBER})\s*[\])[]$`,
);
const BARE_RANGE = new RegExp(String.raw`^(${NUMBER})\s*(?:-|–|\.\.)\s*(${NUMBER})$`);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const YEAR = /^(\d{4})$/;
const YEAR_RANGE = /^[[(]?\s*(\d{4})\s*(?:-|–|,)\s*(\d{4})\s*[\])[]?$/;
const DAY_RANGE = /^[[(]?\s*(\d{4}-\d{2}-\d{2})\s*(?:-|–|,|;)\s*(\d{4}-\d{2}-\d{2})\s*[\])[]?$/;

/**
 * True when a cell is missing under the column's spec: null, undefined, `''`, NaN, an invalid
 * Date, or one of `spec.missing`.
 *
 * @throws never.
 * @example
 * isMissingValue('NA', { name: 'x', type: 'integer', role: 'insensitive', missing: ['NA'] }) // => true
 */
export function isMissingValue(value: unknown, spec?: Pick<ColumnSpec, 'missing'>): boolean {
  if (value === null || value === undefined || value === '') return true;
  if (typeof value === 'number') return Number.isNaN(value);
  if (value instanceof Date) return Number.isNaN(value.getTime());
  if (typeof value === 'string') {
    if (value.trim() === '') return true;
    return spec?.missing?.includes(value) === true;
  }
  return false;
}

/**
 * The distinct present values of a column as text (NFC), or undefined as soon as one repeats:
 * how a column whose every value is different (a likely direct identifier) is recognised.
 *
 * @param table - the data.
 * @param spec - the column (its name and missing-value tokens).
 * @example distinctPresentTexts(table({ id: ['a', 'b', null] }), { name: 'id' })?.size // => 2
 */
export function distinctPresentTexts(
  table: Dataset['table'],
  spec: Pick<ColumnSpec, 'name' | 'missing'>,
): Set<string> | undefined {
  const seen = new Set<string>();
  for (const v of Array.from(table.array(spec.name) as ArrayLike<unknown>)) {
    if (isMissingValue(v, spec)) continue;
    const t = cellText(v).normalize('NFC');
    if (seen.has(t)) return undefined;
    seen.add(t);
  }
  return seen;
}

/**
 * A number read defensively: numbers as they are, text through `Number` after replacing one
 * decimal comma by a point; NaN when it is not a finite number.
 *
 * @throws never.
 * @example
 * parseNumber('3,5') // => 3.5
 */
export function parseNumber(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'string') return NaN;
  const text = value.trim();
  if (text === '' || !new RegExp(`^${NUMBER}$`).test(text.replace(',', '.'))) return NaN;
  return Number(text.replace(',', '.'));
}

/** Days since 1970-01-01 UTC of a calendar day (month 1-based); NaN when invalid. */
function dayNumber(year: number, month: number, day: number): number {
  const t = Date.UTC(year, month - 1, day);
  const d = new Date(t);
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) {
    return NaN;
  }
  return t / MS_PER_DAY;
}

/** The first day of a year, as a day number (years 0000–9999). */
function yearStart(year: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, 0, 1);
  return d.getTime() / MS_PER_DAY;
}

/** A date cell as days since 1970-01-01 UTC (see the module comment); NaN when not a date. */
function parseDate(value: unknown): number {
  if (value instanceof Date) return value.getTime() / MS_PER_DAY;
  if (typeof value === 'number') return Number.isFinite(value) ? value : NaN;
  if (typeof value !== 'string') return NaN;
  const text = value.trim();
  let m = ISO_DAY.exec(text);
  if (m) return dayNumber(Number(m[1]), Number(m[2]), Number(m[3]));
  m = ISO_MONTH.exec(text);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    if (month < 1 || month > 12) return NaN;
    const start = dayNumber(year, month, 1);
    const end = month === 12 ? yearStart(year + 1) : dayNumber(year, month + 1, 1);
    return (start + end) / 2;
  }
  m = YEAR.exec(text);
  if (m) return (yearStart(Number(m[1])) + yearStart(Number(m[1]) + 1)) / 2;
  m = YEAR_RANGE.exec(text);
  if (m) return (yearStart(Number(m[1])) + yearStart(Number(m[2]) + 1)) / 2;
  m = DAY_RANGE.exec(text);
  if (m) return (parseDate(m[1]) + parseDate(m[2])) / 2;
  return NaN;
}

/** A numeric cell: a number, or the midpoint of a range label; NaN otherwise. */
function parseNumeric(value: unknown): number {
  const n = parseNumber(value);
  if (!Number.isNaN(n) || typeof value !== 'string') return n;
  const text = value.trim();
  const m = BRACKETED_RANGE.exec(text) ?? BARE_RANGE.exec(text);
  if (m) return (Number(m[1]) + Number(m[2])) / 2;
  return NaN;
}

/** A hierarchy's labels above level 0, each with the original values below it. */
interface HierarchyIndex {
  readonly leaves: ReadonlySet<string>;
  readonly below: ReadonlyMap<string, readonly string[]>;
  /** Labels that cover every original value (the root, and any label equal to it in coverage). */
  readonly roots: ReadonlySet<string>;
}

const indexCache = new WeakMap<Hierarchy, HierarchyIndex>();

function hierarchyIndex(hierarchy: Hierarchy): HierarchyIndex {
  const cached = indexCache.get(hierarchy);
  if (cached !== undefined) return cached;
  const leaves = new Set<string>();
  const below = new Map<string, string[]>();
  for (const row of hierarchy.rows) {
    const value = row[0] as string;
    leaves.add(value);
    const seen = new Set<string>();
    for (let l = 1; l < row.length; l++) {
      const label = row[l] as string;
      if (seen.has(label)) continue;
      seen.add(label);
      let list = below.get(label);
      if (list === undefined) {
        list = [];
        below.set(label, list);
      }
      list.push(value);
    }
  }
  const roots = new Set<string>();
  for (const [label, list] of below) if (list.length === leaves.size) roots.add(label);
  const index = { leaves, below, roots };
  indexCache.set(hierarchy, index);
  return index;
}

/** True when a non-missing cell is suppressed: `*` or a root label that is not an original value. */
function isSuppressed(text: string, index: HierarchyIndex | undefined): boolean {
  if (index?.leaves.has(text) === true) return false;
  if (text === SUPPRESSED) return true;
  return index?.roots.has(text) === true;
}

/** A numeric (or date) column as read by the metrics. */
export interface NumericColumn {
  /** One value per row; NaN where missing, suppressed or unparsed. */
  readonly values: Float64Array;
  /** Cells missing by the spec (null, '', a missing token). */
  readonly missing: number;
  /** Cells suppressed (`*` or the hierarchy's root). */
  readonly suppressed: number;
  /** Non-missing cells that are neither a number, a range nor a label of the hierarchy. */
  readonly unparsed: number;
}

/**
 * Reads a numeric or date column by the rule of the module comment, and counts what it could not
 * read.
 *
 * @param column - the cells, in row order.
 * @param spec - the column's type (`date` reads dates, anything else numbers), missing tokens and
 *   hierarchy.
 * @throws never.
 * @example
 * numericColumn(['[30,40[', '*', '12'], { name: 'age', type: 'integer', role: 'quasi-identifier' }).suppressed // => 1
 */
export function numericColumn(
  column: ArrayLike<unknown>,
  spec: Pick<ColumnSpec, 'type' | 'missing' | 'hierarchy'>,
): NumericColumn {
  const n = column.length;
  const values = new Float64Array(n);
  const parse = spec.type === 'date' ? parseDate : parseNumeric;
  const index = spec.hierarchy === undefined ? undefined : hierarchyIndex(spec.hierarchy);
  const labelMeans = new Map<string, number>();
  const labelMean = (label: string): number => {
    let mean = labelMeans.get(label);
    if (mean === undefined) {
      const leaves = index?.below.get(label) ?? [];
      let sum = 0;
      let count = 0;
      for (const leaf of leaves) {
        const x = parse(leaf);
        if (!Number.isNaN(x)) {
          sum += x;
          count++;
        }
      }
      mean = count === 0 ? NaN : sum / count;
      labelMeans.set(label, mean);
    }
    return mean;
  };
  let missing = 0;
  let suppressed = 0;
  let unparsed = 0;
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (isMissingValue(v, spec)) {
      values[i] = NaN;
      missing++;
      continue;
    }
    const text = typeof v === 'string' ? v.trim().normalize('NFC') : undefined;
    if (text !== undefined && isSuppressed(text, index)) {
      values[i] = NaN;
      suppressed++;
      continue;
    }
    let x = parse(v);
    if (Number.isNaN(x) && text !== undefined && index !== undefined) x = labelMean(text);
    if (Number.isNaN(x)) unparsed++;
    values[i] = x;
  }
  return { values, missing, suppressed, unparsed };
}

/**
 * The values of a numeric or date column by the rule of the module comment: a range label counts
 * as its midpoint, `*` and missing cells as NaN.
 *
 * @throws never.
 * @example
 * numericValues(['[30,40[', '*', '12,5'], { name: 'x', type: 'decimal', role: 'insensitive' }) // => Float64Array [35, NaN, 12.5]
 */
export function numericValues(
  column: ArrayLike<unknown>,
  spec: Pick<ColumnSpec, 'type' | 'missing' | 'hierarchy'>,
): Float64Array {
  return numericColumn(column, spec).values;
}

/**
 * The categories two or more columns are compared on: a growing dictionary of labels, so that the
 * original's and the release's distributions share their indices.
 */
export class CategoryDomain {
  private readonly index = new Map<string, number>();
  /** The label of each category, by index. */
  readonly labels: string[] = [];

  /** The index of a category, added if new. */
  code(label: string): number {
    let c = this.index.get(label);
    if (c === undefined) {
      c = this.labels.length;
      this.index.set(label, c);
      this.labels.push(label);
    }
    return c;
  }

  /** The index of a category, or -1. */
  find(label: string): number {
    return this.index.get(label) ?? -1;
  }

  /** Number of categories so far. */
  get size(): number {
    return this.labels.length;
  }
}

/** A categorical column as read by the metrics: each cell a label, each label a set of categories. */
export interface CategoricalColumn {
  readonly rows: number;
  /** Per row, the code of its label in `spread`, or -1 when missing or suppressed. */
  readonly labelOf: Int32Array;
  /** Per label code, the categories (domain indices) it stands for, each with weight 1/length. */
  readonly spread: readonly Int32Array[];
  /** The text of each label code. */
  readonly labels: readonly string[];
  readonly missing: number;
  readonly suppressed: number;
}

/**
 * Reads a categorical column (or any column as categories) by the rule of the module comment,
 * adding its categories to `domain`.
 *
 * @param domain - the shared category dictionary. @defaultValue a new one
 * @throws never.
 * @example
 * categoricalColumn(['FR', '*', 'Europe'], spec).labelOf // => Int32Array [0, -1, 1]
 */
export function categoricalColumn(
  column: ArrayLike<unknown>,
  spec: Pick<ColumnSpec, 'missing' | 'hierarchy'>,
  domain: CategoryDomain = new CategoryDomain(),
): CategoricalColumn {
  const n = column.length;
  const labelOf = new Int32Array(n);
  const spread: Int32Array[] = [];
  const labels: string[] = [];
  const codeOfText = new Map<string, number>();
  const index = spec.hierarchy === undefined ? undefined : hierarchyIndex(spec.hierarchy);
  let missing = 0;
  let suppressed = 0;
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (isMissingValue(v, spec)) {
      labelOf[i] = -1;
      missing++;
      continue;
    }
    const text = (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)).normalize('NFC');
    let code = codeOfText.get(text);
    if (code === undefined) {
      const key = text.trim();
      if (isSuppressed(key, index)) {
        code = -1;
      } else {
        code = spread.length;
        const leaves =
          index !== undefined && !index.leaves.has(key) ? index.below.get(key) : undefined;
        spread.push(
          leaves === undefined
            ? Int32Array.of(domain.code(text))
            : Int32Array.from(leaves, (leaf) => domain.code(leaf)),
        );
        labels.push(text);
      }
      codeOfText.set(text, code);
    }
    if (code < 0) suppressed++;
    labelOf[i] = code;
  }
  return { rows: n, labelOf, spread, labels, missing, suppressed };
}

/** The weight of each category in a categorical column. */
export interface CategoricalDistribution {
  /** The domain's labels (all categories seen so far in the domain, not only this column's). */
  readonly categories: readonly string[];
  /** The (fractional) number of cells in each category. */
  readonly counts: Float64Array;
  /** Cells that are neither missing nor suppressed: the sum of `counts`. */
  readonly nonMissing: number;
  readonly missing: number;
  readonly suppressed: number;
  readonly rows: number;
}

/**
 * The counts of each category in a column read by {@link categoricalColumn}, over a domain of
 * `size` categories (at least the column's).
 *
 * @throws never.
 * @example
 * categoryCounts(categoricalColumn(['a', 'b', 'a'], {}), 2) // => Float64Array [2, 1]
 */
export function categoryCounts(column: CategoricalColumn, size: number): Float64Array {
  const counts = new Float64Array(size);
  const { labelOf, spread } = column;
  for (let i = 0; i < labelOf.length; i++) {
    const code = labelOf[i] as number;
    if (code < 0) continue;
    const cats = spread[code] as Int32Array;
    const w = 1 / cats.length;
    for (let j = 0; j < cats.length; j++)
      counts[cats[j] as number] = (counts[cats[j] as number] as number) + w;
  }
  return counts;
}

/**
 * The distribution of a categorical column by the rule of the module comment: counts per
 * category, a generalised label spread uniformly over the original values below it, missing and
 * suppressed cells counted apart. Pass the same `domain` for the original and the release to
 * compare them; take the counts of the first column again once the domain is complete.
 *
 * @throws never.
 * @example
 * categoricalDistribution(['red', 'red', 'blue', ''], { missing: [] }).counts // => Float64Array [2, 1]
 */
export function categoricalDistribution(
  column: ArrayLike<unknown>,
  spec: Pick<ColumnSpec, 'missing' | 'hierarchy'>,
  domain: CategoryDomain = new CategoryDomain(),
): CategoricalDistribution {
  const read = categoricalColumn(column, spec, domain);
  const counts = categoryCounts(read, domain.size);
  return {
    categories: domain.labels.slice(),
    counts,
    nonMissing: read.rows - read.missing - read.suppressed,
    missing: read.missing,
    suppressed: read.suppressed,
    rows: read.rows,
  };
}
