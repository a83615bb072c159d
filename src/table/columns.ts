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

/** `the header split on ';' gave 1 column: "a,b".` (at most 20 names listed). */
function headerSplit(header: HeaderInfo): string {
  const { names, delimiter } = header;
  const shown = names.slice(0, LISTED_COLUMNS).map((n) => JSON.stringify(n));
  if (names.length > LISTED_COLUMNS) shown.push(`… (${names.length - LISTED_COLUMNS} more)`);
  return `the header split on ${showDelimiter(delimiter)} gave ${names.length} column${names.length === 1 ? '' : 's'}: ${shown.join(', ')}.`;
}

/** How many values {@link requireSeparatedColumns} splits to confirm a separator. */
const CONFIRMING_VALUES = 20;

/**
 * Checks that a file read as a single column was not split on the wrong separator: a command
 * that names no column (`synth` without `--identifier`, say) would otherwise model each whole
 * line as one value and could copy real records. The file is refused when its one header name
 * holds another candidate separator (`,` `;` tab `|`) and each of its first 20 present values
 * splits on that separator into as many parts as the header: the shape of a file read with the
 * wrong `--delimiter` (the reader itself refuses this when the separator was detected, not given).
 *
 * @param parsed - the file, as read by `parseCsv` or `readCsvFile`.
 * @throws {DatanonymeError} `BAD_INPUT` naming the file, the header and the separator to use, e.g.
 *   `usagers.csv: the header split on ',' gave 1 column: "place;catu;grav". Did you mean
 *   --delimiter ';'?`
 * @example requireSeparatedColumns(parseCsv('a;b\n1;2\n', { delimiter: ',' })) // throws
 */
export function requireSeparatedColumns(parsed: ParsedCsv): void {
  const names = parsed.table.columnNames();
  const only = names[0];
  if (names.length !== 1 || only === undefined) return;
  const delimiter = parsed.dialect.delimiter;
  const values = Array.from(parsed.table.array(only) as ArrayLike<unknown>)
    .filter((v): v is string => typeof v === 'string' && v !== '' && !parsed.missing.includes(v))
    .slice(0, CONFIRMING_VALUES);
  const separator = DELIMITER_CANDIDATES.find((c) => {
    if (c === delimiter || !only.includes(c)) return false;
    const parts = only.split(c).length;
    return values.every((v) => v.split(c).length === parts);
  });
  if (separator === undefined) return;
  const header: HeaderInfo = { names, delimiter };
  const file = parsed.file;
  throw new DatanonymeError(
    'BAD_INPUT',
    `${file === undefined ? '' : `${file}: `}${headerSplit(header)} Did you mean --delimiter ${showDelimiter(separator)}?`,
    file === undefined ? { line: 1, value: only } : { file, line: 1, value: only },
  );
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
  let message =
    `${file === undefined ? '' : `${file}: `}${what} "${name}" not found; ` + headerSplit(header);
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
