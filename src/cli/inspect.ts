/**
 * `datanonyme inspect <input.csv> [--qi …]`: the inferred schema, distinct and missing counts, and
 * the re-identification picture of the chosen quasi-identifiers.
 */
import {
  equivalenceClasses,
  prosecutorRisk,
  type ReidentificationRisk,
} from '../metrics/risk/reidentification.js';
import { requireColumns, requireSeparatedColumns } from '../table/columns.js';
import { foreignDatePattern, foreignDateWarning } from '../table/dates.js';
import type { ParsedCsv } from '../table/parse.js';
import { readCsvFile } from '../table/read-file.js';
import type { ColumnType } from '../types.js';
import { parseDelimiter, parseList } from './settings.js';

export interface InspectFlags {
  qi?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
  json?: boolean;
}

/** One column: its type, distinct and missing counts, and for numbers an exact summary. */
export interface ColumnSummary {
  name: string;
  type: ColumnType;
  distinct: number;
  missing: number;
  /** Integer and decimal columns only: not private, a check that the file was read right. */
  numeric?: { min: number; max: number; sum: number; mean: number };
}

/** What `inspect` found, as printed with `--json`. */
export interface Inspection {
  file: string;
  rows: number;
  delimiter: string;
  columns: ColumnSummary[];
  quasiIdentifiers?: string[];
  risk?: ReidentificationRisk;
  /** Present when not empty: what the reader may have got wrong (dates not in ISO form, …). */
  warnings?: string[];
}

/** Runs the command; prints to `stdout`, and warnings to `stderr` (also in the JSON). */
export async function inspectCommand(
  input: string,
  flags: InspectFlags,
  stdout: (s: string) => void,
  stderr: (s: string) => void,
): Promise<number> {
  const options: Parameters<typeof readCsvFile>[1] = { typed: true };
  if (flags.delimiter !== undefined) options.delimiter = parseDelimiter(flags.delimiter);
  if (flags.decimal === '.' || flags.decimal === ',' || flags.decimal === 'auto')
    options.decimal = flags.decimal;
  if (flags.missing !== undefined) options.missing = flags.missing.split(',');
  const parsed = await readCsvFile(input, options);
  const qis = parseList(flags.qi);
  requireColumns(parsed, qis, 'quasi-identifier');
  // Without --qi nothing is named: a file read with the wrong --delimiter is still refused.
  requireSeparatedColumns(parsed);
  const table = parsed.table;
  const rows = table.numRows();
  const inspection: Inspection = {
    file: input,
    rows,
    delimiter: parsed.dialect.delimiter,
    columns: table
      .columnNames()
      .map((name) =>
        summarise(
          name,
          parsed.types[name] ?? 'categorical',
          table.array(name) as ArrayLike<unknown>,
        ),
      ),
  };
  const warnings = foreignDateWarnings(parsed);
  if (warnings.length > 0) inspection.warnings = warnings;
  if (qis.length > 0) {
    inspection.quasiIdentifiers = qis;
    const columns = qis.map((q) => table.array(q) as ArrayLike<unknown>);
    inspection.risk = prosecutorRisk(equivalenceClasses(columns, rows).sizes);
  }
  for (const w of warnings) stderr(`datanonyme: warning: ${w}`);
  stdout(flags.json === true ? JSON.stringify(inspection, null, 2) : formatInspection(inspection));
  return 0;
}

/**
 * A warning for each column typed categorical whose present values are (nearly) all dates in a
 * non-ISO form, such as `dd/mm/yyyy` (`foreignDatePattern`).
 *
 * @param parsed - the file, as read by `readCsvFile`.
 * @param columns - the columns to look at (default: all).
 * @throws never.
 * @example
 * foreignDateWarnings(parsed) // => ['column "naissance" looks like dates written dd/mm/yyyy; …']
 */
export function foreignDateWarnings(
  parsed: ParsedCsv,
  columns: readonly string[] = parsed.table.columnNames(),
): string[] {
  const warnings: string[] = [];
  for (const name of columns) {
    if ((parsed.types[name] ?? 'categorical') !== 'categorical') continue;
    const pattern = foreignDatePattern(
      parsed.table.array(name) as ArrayLike<unknown>,
      parsed.missing,
    );
    if (pattern !== undefined) warnings.push(foreignDateWarning(name, pattern));
  }
  return warnings;
}

function summarise(name: string, type: ColumnType, values: ArrayLike<unknown>): ColumnSummary {
  const distinct = new Set<unknown>();
  let missing = 0;
  // Neumaier's compensated sum: the sum of a column of decimals is printed as a check.
  let sum = 0;
  let compensation = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) {
      missing++;
      continue;
    }
    distinct.add(v);
    if (typeof v === 'number') {
      const t = sum + v;
      compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
      sum = t;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  const summary: ColumnSummary = { name, type, distinct: distinct.size, missing };
  const count = values.length - missing;
  if ((type === 'integer' || type === 'decimal') && count > 0) {
    const total = sum + compensation;
    summary.numeric = { min, max, sum: total, mean: total / count };
  }
  return summary;
}

function formatInspection(x: Inspection): string {
  const delimiter = x.delimiter === '\t' ? 'tab' : x.delimiter;
  const lines = [
    `${x.file}: ${x.rows} rows, ${x.columns.length} columns, delimiter "${delimiter}"`,
    '',
  ];
  const width = Math.max(6, ...x.columns.map((c) => c.name.length));
  lines.push(
    `${'column'.padEnd(width)}  ${'type'.padEnd(11)}  ${'distinct'.padStart(8)}  ${'missing'.padStart(8)}  min / max / mean / sum`,
  );
  const number = (v: number): string => String(Number(v.toPrecision(15)));
  for (const c of x.columns) {
    const n = c.numeric;
    const stats =
      n === undefined ? '' : `  ${[n.min, n.max, n.mean, n.sum].map(number).join(' / ')}`;
    lines.push(
      `${c.name.padEnd(width)}  ${c.type.padEnd(11)}  ${String(c.distinct).padStart(8)}  ${String(c.missing).padStart(8)}${stats}`,
    );
  }
  if (x.risk !== undefined && x.quasiIdentifiers !== undefined) {
    const r = x.risk;
    const pct = (n: number): string =>
      r.records === 0 ? '0.0' : ((100 * n) / r.records).toFixed(1);
    lines.push(
      '',
      `re-identification risk on ${x.quasiIdentifiers.join(', ')} (prosecutor model):`,
    );
    lines.push(
      `  equivalence classes: ${r.classes}, smallest: ${r.minClassSize}, sample uniques: ${r.uniques}`,
    );
    for (const [t, n] of Object.entries(r.recordsInClassesSmallerThan)) {
      lines.push(`  records in classes smaller than ${t}: ${n} (${pct(n)}%)`);
    }
    lines.push(`  highest prosecutor risk: ${r.highestProsecutorRisk.toFixed(4)}`);
    lines.push(`  average prosecutor risk: ${r.averageProsecutorRisk.toFixed(4)}`);
  }
  return lines.join('\n');
}
