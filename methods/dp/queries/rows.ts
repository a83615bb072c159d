/**
 * Reading a table for a DP query: which rows count (contribution bounding), the numbers of a
 * column (with the non-numeric policy and clamping), and the text key of a cell.
 *
 * Contribution bounding: when a person column is given, a person with more than
 * `maxContributions` rows keeps `maxContributions` of them, chosen uniformly at random with the
 * query's random source (a partial Fisher–Yates shuffle of that person's rows, exact through
 * rejection-sampled integers). Who keeps which rows depends on that person's rows only, so adding
 * or removing one person changes at most `maxContributions` rows of the bounded table: the
 * sensitivities per row, multiplied by `maxContributions`, hold for add/remove-one-person
 * neighbours (Wilson et al. 2020, section 3; the same bounding as Google's DP libraries).
 */
import type { ColumnTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import { uniformInt } from '../../../src/random/source.js';
import type { CheckedOptions, NonNumericPolicy } from './options.js';

/** The cells of a column, or an error naming it. */
export function columnOf(table: ColumnTable, column: string, file?: string): ArrayLike<unknown> {
  if (!table.columnNames().includes(column)) {
    throw new DatanonymeError(
      'NOT_FOUND',
      `no column "${column}" in the data (columns: ${table.columnNames().join(', ')})`,
      { column, ...(file === undefined ? {} : { file }) },
    );
  }
  return table.array(column) as ArrayLike<unknown>;
}

/**
 * The rows a query reads, in input order: all of them, or with a person column at most
 * `maxContributions` per person, chosen at random.
 *
 * @throws DatanonymeError `NOT_FOUND` for a missing person column; `BAD_INPUT` for a row whose
 *   person is missing (it cannot be told apart from anyone).
 */
export function keptRows(table: ColumnTable, options: CheckedOptions): Int32Array {
  const n = table.numRows();
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (options.person === undefined) return all;
  const cells = columnOf(table, options.person, options.file);
  // Group rows by person: codes by first appearance, then a counting sort.
  const index = new Map<string, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = cells[i];
    if (v === null || v === undefined || v === '') {
      throw new DatanonymeError(
        'BAD_INPUT',
        `${options.person}: line ${options.lineOf(i)} has no person; every row needs one for contribution bounding`,
        {
          column: options.person,
          line: options.lineOf(i),
          ...(options.file === undefined ? {} : { file: options.file }),
        },
      );
    }
    const key = cellKey(v);
    let c = index.get(key);
    if (c === undefined) {
      c = index.size;
      index.set(key, c);
    }
    codes[i] = c;
  }
  const people = index.size;
  const start = new Int32Array(people + 1);
  for (let i = 0; i < n; i++) (start[(codes[i] as number) + 1] as number)++;
  let over = false;
  for (let p = 0; p < people; p++) {
    if ((start[p + 1] as number) > options.maxContributions) over = true;
    start[p + 1] = (start[p + 1] as number) + (start[p] as number);
  }
  if (!over) return all;
  const byPerson = new Int32Array(n);
  const fill = start.slice(0, people);
  for (let i = 0; i < n; i++) {
    const p = codes[i] as number;
    byPerson[fill[p] as number] = i;
    fill[p] = (fill[p] as number) + 1;
  }
  const keep = new Uint8Array(n);
  const m = options.maxContributions;
  for (let p = 0; p < people; p++) {
    const from = start[p] as number;
    const count = (start[p + 1] as number) - from;
    if (count <= m) {
      for (let j = from; j < from + count; j++) keep[byPerson[j] as number] = 1;
      continue;
    }
    // Partial Fisher–Yates: the first m positions become a uniform m-subset.
    for (let j = 0; j < m; j++) {
      const k = j + uniformInt(options.rng, count - j);
      const a = byPerson[from + j] as number;
      byPerson[from + j] = byPerson[from + k] as number;
      byPerson[from + k] = a;
      keep[byPerson[from + j] as number] = 1;
    }
  }
  let kept = 0;
  for (let i = 0; i < n; i++) kept += keep[i] as number;
  const rows = new Int32Array(kept);
  for (let i = 0, j = 0; i < n; i++) if (keep[i] === 1) rows[j++] = i;
  return rows;
}

/** A decimal number written with a point, as text (no NaN, no Infinity, no hex). */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * The number a cell holds, or NaN when it holds none: a finite JS number, or text that is a
 * decimal number with a point. NaN, ±Infinity, missing cells, other text: NaN.
 */
export function numberOf(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? v : Number.NaN;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const t = v.trim();
    if (!NUMBER_TEXT.test(t)) return Number.NaN;
    const x = Number(t);
    return Number.isFinite(x) ? x : Number.NaN;
  }
  return Number.NaN;
}

/**
 * The values of `column` at `rows`, clamped into [lower, upper]. A cell that holds no finite
 * number is checked BEFORE clamping (clamp(NaN) is NaN: case B12): under `'reject'` it is an
 * error naming the column, the line, the person if known, and the value; under `'drop'` its row
 * is left out.
 *
 * @returns the clamped values and the rows they come from.
 * @throws DatanonymeError `BAD_INPUT` (reject policy), `NOT_FOUND` for a missing column.
 */
export function clampedValues(
  table: ColumnTable,
  column: string,
  rows: Int32Array,
  bounds: readonly [number, number],
  policy: NonNumericPolicy,
  options: CheckedOptions,
): { values: Float64Array; rows: Int32Array } {
  const cells = columnOf(table, column, options.file);
  const persons = options.person === undefined ? undefined : columnOf(table, options.person);
  const [lower, upper] = bounds;
  const values = new Float64Array(rows.length);
  const from = new Int32Array(rows.length);
  let k = 0;
  for (let j = 0; j < rows.length; j++) {
    const row = rows[j] as number;
    const x = numberOf(cells[row]);
    if (Number.isNaN(x)) {
      if (policy === 'drop') continue;
      const line = options.lineOf(row);
      const who =
        persons === undefined ? '' : ` (${options.person ?? ''} ${cellKey(persons[row])})`;
      const shown =
        cells[row] === null || cells[row] === undefined
          ? 'a missing value'
          : JSON.stringify(cellKey(cells[row]));
      throw new DatanonymeError(
        'BAD_INPUT',
        `${column}: line ${line}${who} holds ${shown}, not a finite number; ` +
          `fix the data or leave such rows out (nonNumeric: 'drop')`,
        {
          column,
          line,
          value: cellKey(cells[row]),
          ...(options.file === undefined ? {} : { file: options.file }),
        },
      );
    }
    values[k] = x < lower ? lower : x > upper ? upper : x;
    from[k] = row;
    k++;
  }
  return { values: values.subarray(0, k), rows: from.subarray(0, k) };
}

/**
 * The text key of a cell, for matching against a public domain: numbers by their shortest
 * decimal text, text NFC-normalised, a missing cell (null, undefined) as ''.
 */
export function cellKey(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.normalize('NFC');
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  const json: unknown = JSON.stringify(v);
  return typeof json === 'string' ? json : '';
}
