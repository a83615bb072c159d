/**
 * Checking that the columns a command needs are in a parsed file, with an error that says why
 * they may be missing (most often: the wrong separator). Browser-safe.
 */
import { DatanonymeError } from '../errors.js';
import type { ParsedCsv } from './parse.js';
import { DELIMITER_CANDIDATES } from './sniff.js';

/** How many column names a "not found" message lists. */
const LISTED_COLUMNS = 20;

/**
 * A separator as shown in messages: quoted, with a tab written `\t`.
 *
 * @throws never.
 * @example showDelimiter('\t') // => "'\\t'"
 */
export function showDelimiter(delimiter: string): string {
  return `'${delimiter.replaceAll('\t', '\\t')}'`;
}

/** What a "column not found" message needs to know about the file. */
export interface HeaderInfo {
  /** The column names, in header order. */
  names: string[];
  /** The separator the header was split on. */
  delimiter: string;
  /** The file name for the message. */
  file?: string;
}

/**
 * The error for a column that is not in a file: it names the column and its role, shows how the
 * header was split, and suggests the separator that would have produced the column (or a name
 * that differs only in case or surrounding spaces).
 *
 * @param header - the file's column names and separator.
 * @param name - the column that was looked for.
 * @param what - its role, e.g. `quasi-identifier`.
 * @returns a `BAD_INPUT` error with `file` and `column` set.
 * @throws never.
 * @example missingColumnError({ names: ['age,sex'], delimiter: ';' }, 'age', 'quasi-identifier')
 */
export function missingColumnError(
  header: HeaderInfo,
  name: string,
  what: string,
): DatanonymeError {
  const { names, delimiter, file } = header;
  const shown = names.slice(0, LISTED_COLUMNS).map((n) => JSON.stringify(n));
  if (names.length > LISTED_COLUMNS) shown.push(`… (${names.length - LISTED_COLUMNS} more)`);
  let message =
    `${file === undefined ? '' : `${file}: `}${what} "${name}" not found; ` +
    `the header split on ${showDelimiter(delimiter)} gave ${names.length} column${names.length === 1 ? '' : 's'}: ${shown.join(', ')}.`;
  const wanted = name.normalize('NFC');
  const separator =
    DELIMITER_CANDIDATES.find(
      (c) =>
        c !== delimiter && names.some((n) => n.split(c).some((part) => part.trim() === wanted)),
    ) ??
    (names.length === 1
      ? DELIMITER_CANDIDATES.find((c) => c !== delimiter && names[0]?.includes(c))
      : undefined);
  if (separator !== undefined) {
    message += ` Did you mean --delimiter ${showDelimiter(separator)}?`;
  } else {
    const folded = wanted.trim().toLowerCase();
    const close = names.find((n) => n.trim().toLowerCase() === folded);
    if (close !== undefined) message += ` Did you mean ${JSON.stringify(close)}?`;
  }
  return new DatanonymeError(
    'BAD_INPUT',
    message,
    file === undefined ? { column: name } : { file, column: name },
  );
}

/**
 * Checks that every named column is in a parsed file.
 *
 * @param parsed - the file, as read by `parseCsv` or `readCsvFile`.
 * @param names - the columns needed (compared after NFC normalisation).
 * @param what - their role, for the message: `quasi-identifier`, `sensitive attribute`, …
 * @throws {DatanonymeError} `BAD_INPUT` for the first column that is absent, e.g.
 *   `b24a.csv: quasi-identifier "age" not found; the header split on ';' gave 1 column:
 *   "age,postcode,condition". Did you mean --delimiter ','?`
 * @example requireColumns(parsed, ['age', 'postcode'], 'quasi-identifier')
 */
export function requireColumns(parsed: ParsedCsv, names: string[], what: string): void {
  const present = new Set(parsed.table.columnNames());
  for (const name of names) {
    if (present.has(name.normalize('NFC'))) continue;
    const header: HeaderInfo = {
      names: parsed.table.columnNames(),
      delimiter: parsed.dialect.delimiter,
    };
    if (parsed.file !== undefined) header.file = parsed.file;
    throw missingColumnError(header, name, what);
  }
}
