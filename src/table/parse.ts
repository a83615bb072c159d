/**
 * Reading CSV text into an Arquero table with inferred column types. Browser-safe: it takes the
 * text, not a path (see `read-file.ts` for files), and uses csv-parse's self-contained browser
 * build. Files and text go through the same collector (`collect.ts`), so they read the same.
 */
import type { ColumnTable } from 'arquero';
import { parse } from 'csv-parse/browser/esm/sync';
import type { ColumnType } from '../types.js';
import { CsvCollector, detectDialect, parserOptions, resolveReadOptions } from './collect.js';

/** How to read a CSV file. Every option has a default, so `{}` reads most files. */
export interface ReadCsvOptions {
  /**
   * The field separator.
   * @defaultValue sniffed from the first 20 lines among `,` `;` tab `|` (see `sniffDelimiter`)
   */
  delimiter?: string;
  /**
   * The decimal mark of numeric columns. `'auto'`: a column whose every non-missing value is an
   * integer or a decimal with a `,` mark (at least one), in a file whose separator is not `,`, is
   * a decimal-comma numeric column; `.` is a decimal mark everywhere. `','`: only `,` is.
   * @defaultValue `'auto'`
   */
  decimal?: '.' | ',' | 'auto';
  /**
   * Values read as missing (`null`), compared with the raw field text.
   * @defaultValue `['', 'NA', '?', 'NULL']`
   */
  missing?: string[];
  /**
   * `true`: a missing-value token keeps its exact text (`NA` stays `'NA'`, an empty field stays
   * `''`) instead of becoming `null`, so that every cell can be passed through unchanged; `types`
   * inference still treats the tokens as missing, and {@link ParsedCsv.missing} lists them so the
   * caller can recognise them. Only applies with `typed: false` (ignored otherwise, since a
   * numeric column cannot hold its tokens).
   * @defaultValue `false`
   */
  keepMissingText?: boolean;
  /**
   * Column types that replace the inferred ones. A value that does not fit its forced type is an
   * error naming its line, column and value; naming a column that is not in the file is an error.
   * @defaultValue `{}` (every type inferred)
   */
  types?: Record<string, ColumnType>;
  /**
   * `true`: integer and decimal columns hold JS numbers. `false`: every value stays its text
   * (NFC-normalised; missing values are `null` unless `keepMissingText`), while `types` still
   * reports the inferred types, so columns can be passed through byte for byte.
   * @defaultValue `true`
   */
  typed?: boolean;
  /**
   * The file name used in error messages.
   * @defaultValue none for `parseCsv`; the path for `readCsvFile`
   */
  file?: string;
}

/** The conventions a CSV file was written with, as far as reading it told. */
export interface CsvDialect {
  delimiter: string;
  /** `,` when any column was read with a decimal comma (or `decimal: ','` was given). */
  decimal: '.' | ',';
  /** Whether the file started with a UTF-8 byte-order mark. */
  bom: boolean;
  /** The line ending of the first line. */
  lineEnding: '\n' | '\r\n';
}

/** A CSV file read into a table, with what was learnt about it on the way. */
export interface ParsedCsv {
  /** The data, columns in header order. */
  table: ColumnTable;
  /** Each column's type (the inferred one, or the one forced by `types`). */
  types: Record<string, ColumnType>;
  /** What was read. */
  dialect: CsvDialect;
  /** The columns read with a decimal comma. */
  decimalComma: string[];
  /** The number of data rows. */
  rows: number;
  /**
   * The missing-value tokens the file was read with (the `missing` option, or its default),
   * compared with the raw field text; with `keepMissingText`, the cells that hold one of them are
   * the missing ones.
   */
  missing: readonly string[];
  /**
   * The 1-based file line where data row `row` (0-based) starts, exact with quoted line breaks
   * and blank lines. Throws a `BAD_PARAMETER` error for a row outside the table.
   */
  lineOf(row: number): number;
  /** The file name given in the options, if any. */
  file?: string;
}

/**
 * Reads CSV text (RFC 4180 quoting, with or without a UTF-8 BOM, LF or CRLF line endings) into an
 * Arquero table, inferring each column's type: `integer`, `decimal`, `date` (ISO) or
 * `categorical`. Codes with leading zeros and digit strings longer than 15 digits stay text.
 * Header names and text values are NFC-normalised.
 *
 * @param text - the whole CSV text, header line first.
 * @param options - how to read it; see {@link ReadCsvOptions}.
 * @returns the table, its column types and dialect, and a map from rows to file lines.
 * @throws {DatanonymeError} `BAD_INPUT` for an empty text, a header with an empty or duplicate
 *   name, a single column when another separator is visible, a row whose field count differs
 *   from the header's, a quoting error, or a value that does not fit a forced type (with file,
 *   line, column and value); `BAD_INPUT` for a forced type naming an absent column;
 *   `BAD_PARAMETER` for invalid options.
 * @example parseCsv('id;income\n1;2150,50\n').types // => { id: 'integer', income: 'decimal' }
 */
export function parseCsv(text: string, options: ReadCsvOptions = {}): ParsedCsv {
  const settings = resolveReadOptions(options);
  const bom = text.charCodeAt(0) === 0xfeff;
  const body = bom ? text.slice(1) : text;
  const dialect = detectDialect(body, settings);
  const collector = new CsvCollector(settings, dialect, bom, false);
  try {
    parse(new TextEncoder().encode(body), parserOptions(dialect.delimiter, collector.onRecord));
  } catch (error) {
    throw collector.translate(error);
  }
  return collector.finish();
}
