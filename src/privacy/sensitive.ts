/**
 * Dictionary encoding of one sensitive column, the input every class predicate reads.
 *
 * Missing values (case B10): null, undefined, the empty string, NaN and an invalid Date are
 * missing, as is any value the caller's `missing` test accepts. A missing cell gets code −1 and is
 * counted in `missing`, never in `overall`: it is not a value for l-diversity and not part of the
 * distribution that t-closeness compares.
 */
import { DatanonymeError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { cellText } from '../hierarchy/validate.js';
import type { ColumnType } from '../types.js';
import type { SensitiveColumn } from './model.js';

/** Options of {@link encodeSensitiveColumn}. */
export interface EncodeSensitiveOptions {
  /**
   * The column's type. `integer`, `decimal` and `date` columns are ranked in ascending order of
   * their values (and marked `ordered`); `categorical` ones in order of first appearance.
   * @defaultValue `'categorical'`
   */
  type?: ColumnType;
  /** The column's hierarchy, kept for the hierarchical t-closeness distance. @defaultValue none */
  hierarchy?: Hierarchy;
  /**
   * An extra missing-value test, applied to the raw cell before the built-in one (null, undefined,
   * '' and NaN are always missing). @defaultValue none
   */
  missing?: (value: unknown) => boolean;
}

/**
 * Encodes a sensitive column: codes 0 … m − 1 in order of first appearance of the distinct
 * non-missing values (compared as NFC text: `cellText`, a Date as `YYYY-MM-DD` or its ISO
 * timestamp), −1 for a missing cell; the overall count of each code; and the rank of each code in the column's order: numeric ascending for `integer`
 * and `decimal` columns (text may use a dot or a comma as decimal mark), chronological for `date`
 * columns (Date objects, numbers as epoch milliseconds, or text `Date.parse` reads, such as ISO
 * 8601), else order of first appearance. Values with equal numeric value but different text
 * (`1` and `1.0`) are distinct values with adjacent ranks, in order of first appearance.
 *
 * @param name - the column name, for error messages and predicate names.
 * @param values - one cell per row.
 * @param options - type, hierarchy and extra missing-value test; see {@link EncodeSensitiveOptions}.
 * @throws DatanonymeError `BAD_INPUT` naming the column and the value when a cell of an `integer`,
 *   `decimal` or `date` column cannot be read as a number or a date.
 * @example
 * encodeSensitiveColumn('smoker', ['yes', '', 'no', 'yes']).overall // => Float64Array [2, 1]
 */
export function encodeSensitiveColumn(
  name: string,
  values: ArrayLike<unknown>,
  options: EncodeSensitiveOptions = {},
): SensitiveColumn {
  const type = options.type ?? 'categorical';
  const isMissing = options.missing;
  const codes = new Int32Array(values.length);
  const index = new Map<string, number>();
  const texts: string[] = [];
  const firstRaw: unknown[] = [];
  const counts: number[] = [];
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (
      (isMissing !== undefined && isMissing(v)) ||
      v === null ||
      v === undefined ||
      v === '' ||
      (typeof v === 'number' && Number.isNaN(v)) ||
      (v instanceof Date && Number.isNaN(v.getTime()))
    ) {
      codes[i] = -1;
      missing++;
      continue;
    }
    const text = (v instanceof Date ? dateText(v) : cellText(v)).normalize('NFC');
    let code = index.get(text);
    if (code === undefined) {
      code = texts.length;
      index.set(text, code);
      texts.push(text);
      firstRaw.push(v);
      counts.push(0);
    }
    codes[i] = code;
    counts[code] = (counts[code] as number) + 1;
  }
  const m = texts.length;
  const rank = new Int32Array(m);
  const ordered = type === 'integer' || type === 'decimal' || type === 'date';
  if (ordered) {
    const key = new Float64Array(m);
    for (let c = 0; c < m; c++) {
      const raw = firstRaw[c];
      const k = type === 'date' ? dateKey(raw) : numberKey(raw);
      if (Number.isNaN(k)) {
        const what = type === 'date' ? 'a date' : 'a number';
        throw new DatanonymeError(
          'BAD_INPUT',
          `sensitive column "${name}": value "${texts[c] as string}" is not ${what}`,
          { column: name, value: texts[c] as string },
        );
      }
      key[c] = k;
    }
    const order = Array.from({ length: m }, (_, c) => c);
    // Stable sort: equal keys keep the order of first appearance.
    order.sort((a, b) => (key[a] as number) - (key[b] as number));
    order.forEach((c, r) => (rank[c] = r));
  } else {
    for (let c = 0; c < m; c++) rank[c] = c;
  }
  const column: SensitiveColumn = {
    name,
    values: texts,
    codes,
    overall: Float64Array.from(counts),
    missing,
    rank,
    ordered,
    ...(options.hierarchy === undefined ? {} : { hierarchy: options.hierarchy }),
  };
  return column;
}

/** A Date as the CSV writer prints it: `YYYY-MM-DD` at midnight UTC, the full ISO timestamp otherwise. */
function dateText(value: Date): string {
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/** A number, or a numeric text with a dot or a comma as decimal mark; NaN when it is neither. */
function numberKey(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v !== 'string') return Number.NaN;
  const t = v.trim();
  if (t === '') return Number.NaN;
  const dotted = !t.includes('.') && (t.match(/,/g) ?? []).length === 1 ? t.replace(',', '.') : t;
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(dotted) ? Number(dotted) : Number.NaN;
}

/** Epoch milliseconds of a Date, a number (taken as epoch milliseconds) or a text Date.parse reads. */
function dateKey(v: unknown): number {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number') return v;
  if (typeof v !== 'string') return Number.NaN;
  return Date.parse(v.trim());
}
