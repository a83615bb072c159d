/**
 * Writing an Arquero table as CSV text. Browser-safe: it returns the text (see `write-file.ts`
 * for files) and uses csv-stringify's self-contained browser build.
 */
import type { ColumnTable } from 'arquero';
import { stringify } from 'csv-stringify/browser/esm/sync';
import { DatanonymeError } from '../errors.js';
import type { ColumnType } from '../types.js';
import type { CsvDialect } from './parse.js';
import { checkDelimiter } from './sniff.js';

/** How to write a CSV file. Every option has a default, so `{}` writes plain RFC 4180 CSV. */
export interface WriteCsvOptions {
  /**
   * The field separator.
   * @defaultValue `','`
   */
  delimiter?: string;
  /**
   * The decimal mark JS numbers are written with (`2150.5` → `2150,5`). Text cells are written
   * as they are.
   * @defaultValue `'.'`
   */
  decimal?: '.' | ',';
  /**
   * The line ending, after every line including the last.
   * @defaultValue `'\n'`
   */
  lineEnding?: '\n' | '\r\n';
  /**
   * Whether to start the text with a UTF-8 byte-order mark (some spreadsheets need one to read
   * UTF-8). It is only ever written at the very start.
   * @defaultValue `false`
   */
  bom?: boolean;
  /**
   * Whether text cells that a spreadsheet would run as a formula get a leading `'` (OWASP CSV
   * injection). A cell is guarded when it starts with `=` `+` `-` `@`, a tab or a carriage
   * return, or the full-width `＝` `＋` `－` `＠`, unless it is a plain number: an optional ASCII
   * sign, digits, optionally a `.` or `,` mark followed by digits, and optionally an exponent
   * (`^[+-]?\d+([.,]\d+)?([eE][+-]?\d+)?$`, so `-1`, `+2,5` and `-1.5e-3` are left as they are,
   * while `=SUM(A1)`, `+33 6 12 34 56 78` and `-1+1` are guarded). JS numbers, and every cell of
   * a column whose `types` entry is `integer` or `decimal`, are never changed.
   * @defaultValue `false`
   */
  guardFormulas?: boolean;
  /**
   * Column types; only used to tell numeric columns for `guardFormulas`.
   * @defaultValue `{}`
   */
  types?: Record<string, ColumnType>;
  /**
   * How `null` and `undefined` are written.
   * @defaultValue `''`
   */
  missing?: string;
}

/** How many distinct text values of a column {@link formatCsv} remembers the output of. */
const CACHED_VALUES = 65_536;

/** How many rows are handed to csv-stringify at a time. */
const ROWS_PER_CHUNK = 10_000;

/** Cell starts a spreadsheet reads as a formula (OWASP; with csv-stringify's full-width forms). */
const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A plain number, which a spreadsheet reads as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?\d+(?:[.,]\d+)?(?:[eE][+-]?\d+)?$/;

/** Whether `text` needs a leading `'` under `guardFormulas`. */
function runsAsFormula(text: string): boolean {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text);
}

/** Writes the digits of a number given in exponent form (`1.5e-7`) in plain form. */
function plainDigits(text: string): string {
  const [mantissa = '', exponent = '0'] = text.split('e');
  const negative = mantissa.startsWith('-');
  const unsigned = negative ? mantissa.slice(1) : mantissa;
  const dot = unsigned.indexOf('.');
  const digits = unsigned.replace('.', '');
  const point = (dot === -1 ? unsigned.length : dot) + Number(exponent);
  let plain: string;
  if (point <= 0) plain = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) plain = digits + '0'.repeat(point - digits.length);
  else plain = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${plain}` : plain;
}

/**
 * A number as written in CSV: the shortest text that reads back as the same number (`String`),
 * never in exponent form, `-0` as `0`, with `,` as decimal mark when asked. `NaN` and the
 * infinities are written as `NaN`, `Infinity` and `-Infinity`.
 *
 * @throws never.
 * @example formatNumber(2150.5, ',') // => '2150,5'; formatNumber(1e21) // => '1000000000000000000000'
 */
export function formatNumber(value: number, decimal: '.' | ',' = '.'): string {
  if (!Number.isFinite(value)) return String(value);
  let text = String(value === 0 ? 0 : value);
  if (text.includes('e')) text = plainDigits(text);
  return decimal === ',' ? text.replace('.', ',') : text;
}

/** A date cell: `YYYY-MM-DD` at midnight UTC, the full ISO timestamp otherwise. */
function formatDate(value: Date): string | null {
  if (Number.isNaN(value.getTime())) return null;
  const iso = value.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}

/**
 * Writes a table as CSV text: the header line, then one line per row in the table's order (its
 * filter and sort respected). Fields are quoted only when they must be (they hold the separator,
 * a quote, CR or LF), quotes inside are doubled, text is NFC-normalised, numbers are written by
 * {@link formatNumber}. In a one-column table an empty cell is written `""`, so that its line is
 * not blank.
 *
 * @param table - the table to write.
 * @param options - how to write it; see {@link WriteCsvOptions}.
 * @returns the CSV text.
 * @throws {DatanonymeError} `BAD_PARAMETER` for a delimiter that is empty or contains a quote or
 *   a line break, or an unknown decimal mark or line ending.
 * @example formatCsv(aq.table({ town: ['Saint-Étienne; centre'] }), { delimiter: ';' }) // => 'town\n"Saint-Étienne; centre"\n'
 */
export function formatCsv(table: ColumnTable, options: WriteCsvOptions = {}): string {
  return Array.from(formatCsvChunks(table, options)).join('');
}

/**
 * Writes a table as CSV text, in pieces of at most 10,000 rows (the first piece is the header
 * line): see {@link formatCsv}, whose text is these pieces joined. Options are checked at once;
 * the rows are converted as the pieces are taken.
 *
 * @param table - the table to write.
 * @param options - how to write it; see {@link WriteCsvOptions}.
 * @returns the pieces of the CSV text.
 * @throws {DatanonymeError} as {@link formatCsv}.
 * @example for (const piece of formatCsvChunks(table)) await handle.write(piece);
 */
export function formatCsvChunks(
  table: ColumnTable,
  options: WriteCsvOptions = {},
): Iterable<string> {
  const {
    delimiter = ',',
    decimal = '.',
    lineEnding = '\n',
    bom = false,
    guardFormulas = false,
    types = {},
    missing = '',
  } = options;
  checkDelimiter(delimiter);
  // The checks below are for callers without type checking.
  if (!['.', ','].includes(decimal)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `decimal must be '.' or ',', got ${JSON.stringify(decimal)}`,
    );
  }
  if (!['\n', '\r\n'].includes(lineEnding)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `lineEnding must be '\\n' or '\\r\\n', got ${JSON.stringify(lineEnding)}`,
    );
  }
  const names = table.columnNames();
  const columns: ArrayLike<unknown>[] = names.map((name) => table.array(name));
  const guarded = names.map(
    (name) => guardFormulas && types[name] !== 'integer' && types[name] !== 'decimal',
  );
  const cell = (value: unknown, guard: boolean): string => {
    if (value === null || value === undefined) return missing;
    if (typeof value === 'number') return formatNumber(value, decimal);
    let text: string;
    if (typeof value === 'string') text = value.normalize('NFC');
    else if (value instanceof Date) return formatDate(value) ?? missing;
    else if (typeof value === 'object') text = JSON.stringify(value).normalize('NFC');
    else if (typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
    else if (typeof value === 'symbol') text = value.toString();
    else return missing; // a function is not data
    return guard && runsAsFormula(text) ? `'${text}` : text;
  };
  const settings = {
    delimiter,
    record_delimiter: lineEnding,
    eof: true,
    quoted_empty: names.length === 1,
    // Quote any CR or LF, not only the line ending written: readers take each as a line break.
    quote_record_delimiter: true,
  };
  const header = stringify([names.map((name) => name.normalize('NFC'))], settings);
  function* chunks(): Generator<string> {
    yield bom ? `\uFEFF${header}` : header;
    // Text columns repeat few values: each is converted once (until a column has too many).
    const caches = names.map(() => new Map<string, string>() as Map<string, string> | undefined);
    const width = names.length;
    const rows = table.numRows();
    for (let start = 0; start < rows; start += ROWS_PER_CHUNK) {
      const end = Math.min(rows, start + ROWS_PER_CHUNK);
      const chunk: string[][] = [];
      for (let i = start; i < end; i++) {
        const record = new Array<string>(width);
        for (let j = 0; j < width; j++) {
          const value = (columns[j] as ArrayLike<unknown>)[i];
          const guard = guarded[j] ?? false;
          const cache = caches[j];
          if (typeof value !== 'string' || cache === undefined) {
            record[j] = cell(value, guard);
            continue;
          }
          let text = cache.get(value);
          if (text === undefined) {
            text = cell(value, guard);
            cache.set(value, text);
            if (cache.size > CACHED_VALUES) caches[j] = undefined;
          }
          record[j] = text;
        }
        chunk.push(record);
      }
      yield stringify(chunk, settings);
    }
  }
  return chunks();
}

/**
 * The write options that reproduce a file's dialect: the same separator, decimal mark and line
 * ending, and no BOM (ask for one explicitly).
 *
 * @throws never.
 * @example formatCsv(release.table, dialectOptions(parsed.dialect))
 */
export function dialectOptions(dialect: CsvDialect): WriteCsvOptions {
  return {
    delimiter: dialect.delimiter,
    decimal: dialect.decimal,
    lineEnding: dialect.lineEnding,
    bom: false,
  };
}
