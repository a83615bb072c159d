/**
 * `datanonyme split <input.csv> --fraction f -o <part.csv> --rest <rest.csv> [--seed s]`: splits
 * the rows of a file at random into two files, so that a release can be made from one part and
 * the other kept as the control set of `evaluate` (original rows that did not make the release,
 * which the singling-out, linkability and inference attacks are measured against).
 *
 * Each row goes to exactly one file, rows keep their input order within each file, and every cell
 * keeps the text it was read with (missing-value tokens included), in the input's dialect. The
 * part has round(f · n) rows, drawn uniformly (a Fisher–Yates shuffle); with a seed the split is
 * reproducible, without one it comes from the secure generator.
 */
import { resolve } from 'node:path';
import { table as arqueroTable, type ColumnTable } from 'arquero';
import { DatanonymeError } from '../errors.js';
import { sampleIndices } from '../random/sample.js';
import { secureRandom, seededRandom } from '../random/source.js';
import { dialectOptions } from '../table/format.js';
import { readCsvFile } from '../table/read-file.js';
import { requireSeparatedColumns } from '../table/columns.js';
import { checkOutputPath, ensureParentDirectory, writeCsvFile } from '../table/write-file.js';
import { parseDelimiter, parseFraction } from './settings.js';

/** The flags of `split`. */
export interface SplitFlags {
  output?: string;
  rest?: string;
  fraction?: string;
  seed?: string;
  delimiter?: string;
}

/** Runs the command; returns the exit code (errors are thrown as DatanonymeError). */
export async function splitCommand(
  input: string,
  flags: SplitFlags,
  stderr: (line: string) => void,
): Promise<number> {
  const { output, rest } = flags;
  if (output === undefined || rest === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'split writes two files: give -o <part.csv> and --rest <rest.csv>',
      { field: output === undefined ? 'output' : 'rest' },
    );
  }
  if (resolve(output) === resolve(rest)) {
    throw new DatanonymeError('BAD_PARAMETER', `-o and --rest are the same file: ${output}`, {
      field: 'rest',
    });
  }
  const fraction = parseFraction(flags.fraction ?? '0.5', 'fraction');
  if (flags.seed?.trim() === '') {
    throw new DatanonymeError('BAD_PARAMETER', '--seed must not be empty', { field: 'seed' });
  }
  await checkOutputPath(output, { protect: [input], label: 'output' });
  await checkOutputPath(rest, { protect: [input, output], label: 'rest' });

  const parsed = await readCsvFile(input, {
    typed: false,
    keepMissingText: true,
    ...(flags.delimiter === undefined ? {} : { delimiter: parseDelimiter(flags.delimiter) }),
  });
  // A wrong --delimiter reads each line as one value: refuse it (B24), as the other commands do.
  requireSeparatedColumns(parsed);
  const n = parsed.rows;
  const size = Math.round(fraction * n);
  const rng = flags.seed === undefined ? secureRandom() : seededRandom(flags.seed);
  const inPart = new Uint8Array(n);
  for (const i of sampleIndices(rng, n, size)) inPart[i] = 1;
  const names = parsed.table.columnNames();
  const pick = (flag: number): ColumnTable => {
    const columns: Record<string, unknown[]> = {};
    for (const name of names) {
      const cells = parsed.table.array(name) as ArrayLike<unknown>;
      const out: unknown[] = [];
      for (let r = 0; r < n; r++) if (inPart[r] === flag) out.push(cells[r]);
      columns[name] = out;
    }
    return arqueroTable(columns, names);
  };
  const part = pick(1);
  const others = pick(0);
  const options = { ...dialectOptions(parsed.dialect), types: parsed.types };
  await ensureParentDirectory(output);
  await writeCsvFile(output, part, { ...options, protect: [input], label: 'output' });
  await ensureParentDirectory(rest);
  await writeCsvFile(rest, others, { ...options, protect: [input, output], label: 'rest' });
  stderr(
    `split: ${n} rows: ${part.numRows()} to ${output}, ${others.numRows()} to ${rest}` +
      (flags.seed === undefined ? ' (secure random split)' : ` (seed ${flags.seed})`),
  );
  return 0;
}
