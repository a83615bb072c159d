/**
 * `datanonyme tables keys <input.csv> -o <with-keys.csv> [--column record_key]`: draws the record
 * keys of the cell key method once and keeps them with the microdata, so that every table later
 * made from the file (`tables … --method cell-key --record-key record_key`) perturbs the same
 * cell the same way.
 *
 * Order of work, as in the other commands: parameters and output path checked first, the input
 * never overwritten, the output written to a temporary file and renamed, nothing written on error.
 */
import { recordKeys } from '../../methods/tables/record-keys.js';
import { DatanonymeError } from '../errors.js';
import { secureRandom, seededRandom } from '../random/source.js';
import { dialectOptions } from '../table/format.js';
import { readCsvFile } from '../table/read-file.js';
import { requireSeparatedColumns } from '../table/columns.js';
import { checkOutputs, readDialect, writeReportAndCsv } from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `tables keys`. */
export interface TablesKeysFlags {
  output?: string;
  /** The name of the new column. @defaultValue record_key */
  column?: string;
  seed?: string;
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
}

/** The default name of the record key column. */
export const RECORD_KEY_COLUMN = 'record_key';

/**
 * Runs `tables keys`: the input with one more column of record keys, uniform on the multiples of
 * 2⁻³² in [0, 1) from the secure generator (Thompson, Broadfoot and Elazar 2013: a key per
 * record, drawn once and kept). With `--seed` the keys are reproducible, hence predictable: the
 * tables made from them are not for publication, and the command says so.
 *
 * @returns the exit code; errors are thrown as DatanonymeError.
 * @example
 * await tablesKeysCommand('people.csv', { output: 'people-keys.csv' }, console.error) // => 0
 */
export async function tablesKeysCommand(
  input: string | undefined,
  flags: TablesKeysFlags & Record<string, unknown>,
  stderr: (line: string) => void,
): Promise<number> {
  if (input === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'tables keys needs the microdata: tables keys <input.csv> -o <with-keys.csv>',
      { field: 'input' },
    );
  }
  const allowed = new Set([
    'output',
    'column',
    'seed',
    'report',
    'delimiter',
    'decimal',
    'missing',
  ]);
  for (const [name, value] of Object.entries(flags)) {
    if (allowed.has(name) || value === undefined || (Array.isArray(value) && value.length === 0)) {
      continue;
    }
    const flag = name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--${flag} is not an option of tables keys (it adds a column of record keys and nothing else)`,
      { field: flag },
    );
  }
  const output = flags.output;
  if (output === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'tables keys needs -o <with-keys.csv> (the input is never overwritten)',
      { field: 'output' },
    );
  }
  const column = (flags.column ?? RECORD_KEY_COLUMN).trim().normalize('NFC');
  if (column === '') {
    throw new DatanonymeError('BAD_PARAMETER', '--column must not be empty', { field: 'column' });
  }
  if (flags.seed !== undefined && flags.seed.trim() === '') {
    throw new DatanonymeError('BAD_PARAMETER', '--seed must not be empty', { field: 'seed' });
  }
  const readOptions = readDialect(flags, { typed: false, keepMissingText: true });
  await checkOutputs(output, flags.report, [input]);
  const parsed = await readCsvFile(input, readOptions);
  // A wrong --delimiter reads each line as one value: refuse it (B24), as the other commands do.
  requireSeparatedColumns(parsed);
  if (parsed.table.columnNames().includes(column)) {
    throw new DatanonymeError(
      'BAD_INPUT',
      `${input} already has a column "${column}": record keys are drawn once and kept (use them with --record-key ${column}, or name a new column with --column)`,
      { file: input, column },
    );
  }
  const rng = flags.seed === undefined ? secureRandom() : seededRandom(flags.seed);
  const keys = recordKeys(parsed.rows, rng);
  const table = parsed.table.assign({ [column]: Array.from(keys) });
  const seeded = flags.seed !== undefined;
  const warnings = seeded
    ? [
        'seeded: the record keys are reproducible from the seed, so tables made with them are NOT fit for publication',
      ]
    : [];
  const report = {
    command: 'tables keys',
    version: packageVersion(),
    input,
    output,
    column,
    rows: parsed.rows,
    keys: seeded ? 'drawn (seeded)' : 'drawn (secure generator)',
    seeded,
    warnings,
  };
  await writeReportAndCsv(
    output,
    table,
    { ...dialectOptions(parsed.dialect), types: { ...parsed.types, [column]: 'decimal' } },
    { path: flags.report, content: report },
    [input],
  );
  for (const w of warnings) stderr(`datanonyme: warning: ${w}`);
  stderr(
    `tables keys: ${parsed.rows} record key(s) in column ${column}; written: ${output}` +
      (flags.report === undefined ? '' : `, report: ${flags.report}`),
  );
  return 0;
}
