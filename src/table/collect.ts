/**
 * The incremental core shared by `parseCsv` (text) and `readCsvFile` (streamed file): csv-parse
 * hands it one record at a time, and it checks the header and field counts, tracks file lines,
 * interns and NFC-normalises text, infers column types, and at the end builds the Arquero table.
 * It never holds an array of rows: values go straight into one array per column. Browser-safe.
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError } from '../errors.js';
import type { ColumnType } from '../types.js';
import { missingColumnError, showDelimiter } from './columns.js';
import {
  columnType,
  isIsoDate,
  KIND_ANY,
  KIND_HAS_COMMA,
  KIND_HAS_DOT,
  valueKinds,
} from './infer-type.js';
import type { ParsedCsv, ReadCsvOptions } from './parse.js';
import { checkDelimiter, DELIMITER_CANDIDATES, sniffDelimiter, sniffLineEnding } from './sniff.js';

/** The values read as missing when `missing` is not given. */
export const DEFAULT_MISSING: readonly string[] = ['', 'NA', '?', 'NULL'];

/** How much of the text the dialect is sniffed from. */
export const SNIFF_SAMPLE_CHARS = 65_536;

/** Beyond this many distinct values, a column that is mostly distinct values stops interning. */
const INTERN_LIMIT = 100_000;

const COLUMN_TYPES: readonly ColumnType[] = ['categorical', 'integer', 'decimal', 'date'];

/** {@link ReadCsvOptions} checked, with defaults filled in. */
export interface ReadSettings {
  delimiter: string | undefined;
  decimal: '.' | ',' | 'auto';
  missing: Set<string>;
  types: Record<string, ColumnType>;
  typed: boolean;
  /** Missing-value tokens stay text (`keepMissingText` with `typed: false`). */
  keepMissingText: boolean;
  file: string | undefined;
}

/** The separator and line ending a text is read with. */
export interface ReadDialect {
  delimiter: string;
  /** False when the separator was sniffed. */
  delimiterGiven: boolean;
  lineEnding: '\n' | '\r\n';
}

/** What csv-parse reports with each record: its line counter and the blank lines it skipped. */
export interface RecordInfo {
  readonly lines: number;
  readonly empty_lines: number;
}

/** The csv-parse options both readers use (the same for text and files). */
export interface CsvParserOptions {
  delimiter: string;
  quote: string;
  escape: string;
  record_delimiter: string[];
  skip_empty_lines: boolean;
  relax_column_count: boolean;
  bom: boolean;
  on_record: (record: string[], info: RecordInfo) => null;
}

function badParameter(message: string, value?: string): DatanonymeError {
  return new DatanonymeError('BAD_PARAMETER', message, value === undefined ? {} : { value });
}

/**
 * Checks read options and fills in their defaults.
 *
 * @throws {DatanonymeError} `BAD_PARAMETER` for a delimiter that is empty or contains a quote or
 *   a line break, an unknown decimal mark, a `missing` that is not a list of strings, or an
 *   unknown type.
 * @example resolveReadOptions({ delimiter: ';' }).missing // => Set { '', 'NA', '?', 'NULL' }
 */
export function resolveReadOptions(options: ReadCsvOptions): ReadSettings {
  const { delimiter, decimal = 'auto', missing = DEFAULT_MISSING, types = {} } = options;
  if (delimiter !== undefined) checkDelimiter(delimiter);
  // The checks below are for callers without type checking.
  if (!['.', ',', 'auto'].includes(decimal)) {
    throw badParameter(`decimal must be '.', ',' or 'auto', got ${JSON.stringify(decimal)}`);
  }
  const tokens: unknown = missing;
  if (!Array.isArray(tokens) || tokens.some((m) => typeof m !== 'string')) {
    throw badParameter('missing must be a list of strings');
  }
  for (const [name, type] of Object.entries(types)) {
    if (!COLUMN_TYPES.includes(type)) {
      throw badParameter(
        `the type of column "${name}" must be one of ${COLUMN_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
        JSON.stringify(type),
      );
    }
  }
  return {
    delimiter,
    decimal,
    missing: new Set<string>(missing),
    types,
    typed: options.typed ?? true,
    keepMissingText: options.keepMissingText === true && options.typed === false,
    file: options.file,
  };
}

/**
 * The separator (given, or sniffed from the first {@link SNIFF_SAMPLE_CHARS} characters) and the
 * line ending of a text (after its BOM).
 *
 * @throws never.
 * @example detectDialect('a;b\r\n1;2\r\n', settings) // => { delimiter: ';', delimiterGiven: false, lineEnding: '\r\n' }
 */
export function detectDialect(text: string, settings: ReadSettings): ReadDialect {
  const sample = text.length > SNIFF_SAMPLE_CHARS ? text.slice(0, SNIFF_SAMPLE_CHARS) : text;
  return {
    delimiter: settings.delimiter ?? sniffDelimiter(sample),
    delimiterGiven: settings.delimiter !== undefined,
    lineEnding: sniffLineEnding(sample),
  };
}

/**
 * The csv-parse options for reading with `delimiter`, handing each record to `onRecord`: RFC 4180
 * quotes, CRLF, LF or CR line breaks (mixed too), blank lines skipped, field counts left to the
 * collector, BOM handled by the caller.
 *
 * @throws never.
 * @example parse(text, parserOptions(';', collector.onRecord))
 */
export function parserOptions(
  delimiter: string,
  onRecord: (record: string[], info: RecordInfo) => null,
): CsvParserOptions {
  return {
    delimiter,
    quote: '"',
    escape: '"',
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    relax_column_count: true,
    bom: false,
    on_record: onRecord,
  };
}

/** One column being collected. */
interface ColumnValues {
  name: string;
  values: (string | null)[];
  /**
   * Raw text to its one shared, NFC-normalised instance (`null` for a missing-value token, or
   * the token itself with `keepMissingText`); dropped for columns of mostly distinct values.
   */
  intern: Map<string, string | null> | undefined;
  /** The `KIND_*` bits every value had. */
  kinds: number;
  /** The `KIND_HAS_*` bits any value had. */
  marks: number;
  /** How many values were classified. */
  seen: number;
}

/** Line breaks in a value (CR LF, LF and CR each count once). */
function lineBreaks(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13) {
      n++;
      if (value.charCodeAt(i + 1) === 10) i++;
    }
  }
  return n;
}

/** A header name or value shown in a message, cut short when long. */
function shorten(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Collects csv-parse records into columns. Create one per read, pass {@link CsvCollector.onRecord}
 * to csv-parse, then call {@link CsvCollector.finish}; on a parser error, throw
 * {@link CsvCollector.translate}'s result.
 */
export class CsvCollector {
  private readonly prefix: string;
  private header: string[] | undefined;
  private headerLine = 0;
  private pendingEmptyHeader = false;
  private columns: ColumnValues[] = [];
  private rows = 0;
  // csv-parse's line counter is off for CR LF inside quotes, so lines are counted here: each
  // record starts after the previous one's end and the blank lines csv-parse skipped.
  private prevEnd = 0;
  private prevCsvLines = 0;
  private prevEmpty = 0;
  /** Rows where the row → line mapping jumps (line = anchorLine + row - anchorRow). */
  private readonly anchorRows: number[] = [];
  private readonly anchorLines: number[] = [];

  constructor(
    private readonly settings: ReadSettings,
    private readonly dialect: ReadDialect,
    private readonly bom: boolean,
    /** Treat U+FFFD in a value as a sign of bytes that were not UTF-8 (when reading bytes). */
    private readonly checkEncoding: boolean,
  ) {
    this.prefix = settings.file === undefined ? '' : `${settings.file}: `;
  }

  /** Receives one record from csv-parse; returns null so that csv-parse keeps nothing. */
  readonly onRecord = (record: string[], info: RecordInfo): null => {
    const emptyDelta = info.empty_lines - this.prevEmpty;
    const start = this.prevEnd + 1 + emptyDelta;
    let end = start;
    // csv-parse counted more than one line: a quoted value holds line breaks; count them exactly.
    if (info.lines !== this.prevCsvLines + 1 + emptyDelta) {
      for (const value of record) end += lineBreaks(value);
    }
    this.prevEnd = end;
    this.prevCsvLines = info.lines;
    this.prevEmpty = info.empty_lines;
    if (this.header === undefined) this.takeHeader(record, start);
    else this.takeRow(record, start);
    return null;
  };

  private error(message: string, line: number, extra: { column?: string; value?: string } = {}) {
    const location: { file?: string; line: number; column?: string; value?: string } = {
      line,
      ...extra,
    };
    if (this.settings.file !== undefined) location.file = this.settings.file;
    return new DatanonymeError('BAD_INPUT', `${this.prefix}${message}`, location);
  }

  private takeHeader(record: string[], line: number): void {
    const names = record.map((name) => name.normalize('NFC'));
    this.headerLine = line;
    if (this.checkEncoding) {
      const bad = names.findIndex((name) => name.includes('\uFFFD'));
      const name = names[bad];
      if (name !== undefined) {
        throw this.error(
          `line ${line}, header field ${bad + 1}: the column name "${shorten(name)}" holds bytes that are not UTF-8; convert the file to UTF-8 (it may be Latin-1 or Windows-1252)`,
          line,
          { value: name },
        );
      }
    }
    if (!this.dialect.delimiterGiven && names.length === 1) {
      const only = names[0] ?? '';
      const other = DELIMITER_CANDIDATES.find(
        (c) => c !== this.dialect.delimiter && only.includes(c),
      );
      if (other !== undefined) {
        throw this.error(
          `line ${line}: only one column was found in the header "${shorten(only)}", but ${showDelimiter(other)} looks like the separator; give the separator explicitly (--delimiter ${showDelimiter(other)})`,
          line,
          { value: only },
        );
      }
    }
    const seen = new Map<string, number>();
    names.forEach((name, i) => {
      if (name === '') {
        if (i === names.length - 1 && names.length > 1) this.pendingEmptyHeader = true;
        else throw this.emptyHeader(i + 1);
        return;
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw this.error(
          `line ${line}: the header names column "${name}" twice (fields ${first + 1} and ${i + 1}); column names must be unique`,
          line,
          { column: name },
        );
      }
      seen.set(name, i);
    });
    if (seen.has('__proto__')) {
      throw this.error(`line ${line}: a column cannot be named "__proto__"`, line, {
        column: '__proto__',
      });
    }
    this.header = names;
    this.columns = names.map((name) => ({
      name,
      values: [],
      intern: new Map(),
      kinds: KIND_ANY,
      marks: 0,
      seen: 0,
    }));
  }

  private emptyHeader(field: number): DatanonymeError {
    return this.error(
      `line ${this.headerLine}: header field ${field} is empty; every column needs a name`,
      this.headerLine,
    );
  }

  private takeRow(record: string[], line: number): void {
    const columns = this.columns;
    const width = columns.length;
    if (record.length !== width) throw this.fieldCount(record.length, line);
    if (this.pendingEmptyHeader) throw this.emptyHeader(width);
    const row = this.rows;
    const last = this.anchorRows.length - 1;
    if (last < 0 || line !== (this.anchorLines[last] ?? 0) + row - (this.anchorRows[last] ?? 0)) {
      this.anchorRows.push(row);
      this.anchorLines.push(line);
    }
    const { missing, keepMissingText } = this.settings;
    for (let j = 0; j < width; j++) {
      const raw = record[j] as string;
      const column = columns[j] as ColumnValues;
      const intern = column.intern;
      if (intern === undefined) {
        column.values.push(
          missing.has(raw) ? (keepMissingText ? raw : null) : this.admit(raw, column, line),
        );
        continue;
      }
      let value = intern.get(raw);
      if (value === undefined) {
        // A token is never classified: inference treats it as missing either way.
        value = missing.has(raw) ? (keepMissingText ? raw : null) : this.admit(raw, column, line);
        intern.set(raw, value);
        if (intern.size > INTERN_LIMIT && intern.size * 2 > row) column.intern = undefined;
      }
      column.values.push(value);
    }
    this.rows = row + 1;
  }

  /** A value seen for the first time in its column: normalised, checked and classified. */
  private admit(raw: string, column: ColumnValues, line: number): string {
    const value = raw.normalize('NFC');
    if (this.checkEncoding && value.includes('\uFFFD')) {
      throw this.error(
        `line ${line}, column "${column.name}": the value "${shorten(value)}" holds bytes that are not UTF-8; convert the file to UTF-8 (it may be Latin-1 or Windows-1252)`,
        line,
        { column: column.name, value },
      );
    }
    const kinds = valueKinds(value);
    column.seen++;
    column.kinds &= kinds;
    column.marks |= kinds;
    return value;
  }

  private fieldCount(count: number, line: number): DatanonymeError {
    const width = this.columns.length;
    let message = `line ${line} has ${plural(count, 'field')} but the header (line ${this.headerLine}) has ${width}`;
    if (count < width && this.header?.[width - 1] === '') {
      message += `; header field ${width} is empty`;
    } else if (count > width) {
      const other = width === 1 ? this.otherSeparator(this.header?.[0] ?? '') : undefined;
      message +=
        other === undefined
          ? `; a value that contains ${showDelimiter(this.dialect.delimiter)} must be enclosed in double quotes`
          : `: "${shorten(this.header?.[0] ?? '')}", which ${showDelimiter(other.separator)} splits into ${other.parts}. Did you mean --delimiter ${showDelimiter(other.separator)}?`;
    }
    return this.error(message, line);
  }

  /**
   * The common separator (`,` `;` tab `|`, not the one in use) that splits a one-field header into
   * the most fields, when one splits it at all: the sign of a wrong `--delimiter`.
   */
  private otherSeparator(header: string): { separator: string; parts: number } | undefined {
    let best: { separator: string; parts: number } | undefined;
    for (const separator of DELIMITER_CANDIDATES) {
      if (separator === this.dialect.delimiter) continue;
      const parts = header.split(separator).length;
      if (parts > 1 && (best === undefined || parts > best.parts)) best = { separator, parts };
    }
    return best;
  }

  /**
   * The 1-based line where data row `row` starts.
   *
   * @throws {DatanonymeError} `BAD_PARAMETER` when `row` is not a row of the table.
   */
  lineOf(row: number): number {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows) {
      throw badParameter(`row ${row} is not a data row (0 to ${this.rows - 1})`, String(row));
    }
    let lo = 0;
    let hi = this.anchorRows.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.anchorRows[mid] ?? 0) <= row) lo = mid;
      else hi = mid - 1;
    }
    return (this.anchorLines[lo] ?? 0) + row - (this.anchorRows[lo] ?? 0);
  }

  /**
   * Turns an error thrown while parsing into the error to report: errors of this collector pass
   * through; csv-parse's quoting errors become `BAD_INPUT` errors naming the line.
   *
   * @throws never.
   */
  translate(error: unknown): unknown {
    if (error instanceof DatanonymeError) return error;
    const e = error as { code?: unknown; lines?: unknown; empty_lines?: unknown; column?: unknown };
    if (typeof e.code !== 'string' || typeof e.lines !== 'number') return error;
    const emptyDelta = typeof e.empty_lines === 'number' ? e.empty_lines - this.prevEmpty : 0;
    const recordStart = this.prevEnd + 1 + emptyDelta;
    const here = Math.max(recordStart, this.prevEnd + e.lines - this.prevCsvLines);
    const name = typeof e.column === 'number' ? this.header?.[e.column] : undefined;
    const where = name === undefined ? `line ${here}` : `line ${here}, column "${name}"`;
    const extra = name === undefined ? {} : { column: name };
    switch (e.code) {
      case 'CSV_QUOTE_NOT_CLOSED':
        return this.error(
          `the record starting on line ${recordStart} has a quoted value that is never closed (a '"' is missing, or a stray one opens a quote)`,
          recordStart,
        );
      case 'INVALID_OPENING_QUOTE':
        return this.error(
          `${where}: a '"' appears inside a value that does not start with one; enclose the whole value in double quotes and double the quote inside it ("")`,
          here,
          extra,
        );
      case 'CSV_INVALID_CLOSING_QUOTE':
        return this.error(
          `${where}: a closing '"' is followed by other characters instead of the separator or the end of the line; double a quote that is part of the value ("")`,
          here,
          extra,
        );
      default:
        return this.error(
          `line ${here}: cannot read the CSV: ${error instanceof Error ? error.message : e.code}`,
          here,
        );
    }
  }

  /**
   * Ends the read: applies forced types, converts numeric columns and builds the table.
   *
   * @throws {DatanonymeError} `BAD_INPUT` for an empty file, an unnamed header field, a forced
   *   type naming an absent column, or a value that does not fit its forced type.
   */
  finish(): ParsedCsv {
    const header = this.header;
    if (header === undefined) {
      const location = this.settings.file === undefined ? {} : { file: this.settings.file };
      throw new DatanonymeError(
        'BAD_INPUT',
        `${this.prefix}the file is empty: there is no header line`,
        location,
      );
    }
    if (this.pendingEmptyHeader) throw this.emptyHeader(header.length);
    const { decimal, typed } = this.settings;
    for (const name of Object.keys(this.settings.types)) {
      if (!header.includes(name.normalize('NFC'))) {
        const info: { names: string[]; delimiter: string; file?: string } = {
          names: header,
          delimiter: this.dialect.delimiter,
        };
        if (this.settings.file !== undefined) info.file = this.settings.file;
        throw missingColumnError(info, name, 'column with a forced type');
      }
    }
    const forced = new Map(
      Object.entries(this.settings.types).map(([name, type]) => [name.normalize('NFC'), type]),
    );
    const dotAllowed = decimal !== ',';
    const commaAllowed = decimal === ',' || (decimal === 'auto' && this.dialect.delimiter !== ',');
    const types: Record<string, ColumnType> = {};
    const decimalComma: string[] = [];
    for (const column of this.columns) {
      column.intern = undefined;
      const inferred = columnType(column, dotAllowed, commaAllowed);
      const type = forced.get(column.name) ?? inferred.type;
      let mark = inferred.mark;
      if (forced.has(column.name)) {
        mark = this.checkForced(
          column,
          type,
          inferred.type === 'decimal' ? inferred.mark : undefined,
        );
      }
      types[column.name] = type;
      if (type === 'decimal' && mark === ',') decimalComma.push(column.name);
      if (typed && (type === 'integer' || type === 'decimal'))
        toNumbers(column.values, mark === ',');
    }
    const names = header;
    const table = arqueroTable(
      this.columns.map((c) => [c.name, c.values]),
      names,
    );
    const rows = this.rows;
    const dialect = {
      delimiter: this.dialect.delimiter,
      decimal: decimal === ',' || decimalComma.length > 0 ? (',' as const) : ('.' as const),
      bom: this.bom,
      lineEnding: this.dialect.lineEnding,
    };
    const parsed: ParsedCsv = {
      table,
      types,
      dialect,
      decimalComma,
      rows,
      missing: Object.freeze([...this.settings.missing]),
      lineOf: (row: number) => this.lineOf(row),
    };
    if (this.settings.file !== undefined) parsed.file = this.settings.file;
    this.columns = [];
    return parsed;
  }

  /**
   * Checks every value of a column against its forced type.
   *
   * @returns the decimal mark of a forced decimal column.
   * @throws {DatanonymeError} `BAD_INPUT` naming the first value that does not fit.
   */
  private checkForced(
    column: ColumnValues,
    type: ColumnType,
    inferredMark: '.' | ',' | undefined,
  ): '.' | ',' | undefined {
    if (type === 'categorical') return undefined;
    let mark: '.' | ',' | undefined;
    let test: (value: string) => boolean;
    let what: string;
    if (type === 'integer') {
      test = (v) => /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v));
      what = 'an integer (or is too large to hold exactly)';
    } else if (type === 'decimal') {
      const { decimal } = this.settings;
      mark =
        inferredMark ??
        (decimal === ','
          ? ','
          : decimal === 'auto' && column.marks & KIND_HAS_COMMA && !(column.marks & KIND_HAS_DOT)
            ? ','
            : '.');
      const pattern = mark === ',' ? /^[+-]?\d+(?:,\d+)?$/ : /^[+-]?\d+(?:\.\d+)?$/;
      test = (v) => pattern.test(v);
      what = `a decimal number with '${mark}' as decimal mark`;
    } else {
      test = isIsoDate;
      what = 'an ISO date (YYYY-MM-DD)';
    }
    const values = column.values;
    // With `keepMissingText` the tokens are text in the column; they are missing, not misfits.
    const tokens = this.settings.keepMissingText ? this.settings.missing : undefined;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (value === null || value === undefined || test(value)) continue;
      if (tokens?.has(value) === true) continue;
      const line = this.lineOf(i);
      throw this.error(
        `line ${line}, column "${column.name}": "${shorten(value)}" is not ${what}, but the column is declared ${type}`,
        line,
        { column: column.name, value },
      );
    }
    return mark;
  }
}

/** Replaces the text of a numeric column by numbers, in place. */
function toNumbers(values: (string | number | null)[], comma: boolean): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (typeof value === 'string') values[i] = Number(comma ? value.replace(',', '.') : value);
  }
}
