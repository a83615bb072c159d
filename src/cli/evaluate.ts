/**
 * `datanonyme evaluate --original <o.csv> --release <r.csv> [--control <c.csv>] [--config <file>]
 * [--qi <cols>] [--sensitive <cols>] [--identifier <cols>] [--target <col>] [--quick] [--seed <s>]
 * [--report <r.json>] [--html <r.html>]`: what a release kept and what it still exposes. Thin over
 * `evaluateRelease`.
 *
 * Order of work, as in `anonymise`: every parameter and output path is checked before the data is
 * read; the files are read and their columns checked before anything is measured; the report and
 * the page are written (each to a temporary file, then renamed; inputs are never overwritten)
 * only once the evaluation exists. The summary goes to stdout.
 *
 * The config is the anonymise config: its roles name the quasi-identifiers and sensitive columns,
 * its hierarchies tell how generalised labels spread over original values, its `input` section
 * how to read the files. Flags override it. A header-only file is accepted: every figure is then
 * not applicable (case B22).
 *
 * Identifier columns (`--identifier`, as in `anonymise` and `synth`, or role `identifier` in the
 * config) are replaced or removed by design: they are left out of every figure and listed as
 * skipped. A compared text column that looks like a replaced identifier (every value distinct in
 * both files, none of the original's in the release) is named in a hint on stderr.
 */
import { unlink } from 'node:fs/promises';
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { DatanonymeError } from '../errors.js';
import { evaluateRelease, likelyReplacedIdentifiers } from '../metrics/evaluate.js';
import { evaluationHtml } from '../report/evaluation-html.js';
import { evaluationReport, evaluationSummary } from '../report/evaluation-report.js';
import type { Config } from '../schema/config.js';
import { requireColumns } from '../table/columns.js';
import type { ParsedCsv, ReadCsvOptions } from '../table/parse.js';
import { readCsvFile } from '../table/read-file.js';
import { checkOutputPath, ensureParentDirectory, writeFileAtomic } from '../table/write-file.js';
import type { ColumnSpec, ColumnType, Dataset } from '../types.js';
import {
  columnSpecs,
  loadConfig,
  parseDelimiter,
  parseList,
  resolveHierarchies,
  resolveRoles,
} from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `evaluate`, as commander hands them over (strings, unparsed). */
export interface EvaluateFlags {
  original?: string;
  release?: string;
  control?: string;
  config?: string;
  qi?: string;
  sensitive?: string;
  /** Identifier columns, comma-separated: left out of every figure. */
  identifier?: string;
  target?: string;
  quick?: boolean;
  seed?: string;
  population?: string;
  delimiter?: string;
  report?: string;
  html?: string;
}

/** Runs the command; returns the exit code (errors are thrown as DatanonymeError). */
export async function evaluateCommand(
  flags: EvaluateFlags,
  stdout: (line: string) => void,
  stderr: (line: string) => void,
): Promise<number> {
  const started = performance.now();

  // 1. Everything that can be checked without the data.
  const original = required(flags.original, 'original', '--original <original.csv>');
  const releaseFile = required(flags.release, 'release', '--release <release.csv>');
  const config: Config = flags.config === undefined ? {} : await loadConfig(flags.config);
  const seed = flags.seed === undefined ? 1 : parseSeed(flags.seed);
  const populationSize =
    flags.population === undefined ? undefined : parsePopulation(flags.population);
  const qiFlag = parseList(flags.qi);
  const sensitiveFlag = parseList(flags.sensitive);
  const identifierFlag = parseList(flags.identifier);
  const target = flags.target?.trim().normalize('NFC');
  if (target === '') {
    throw new DatanonymeError('BAD_PARAMETER', '--target needs a column name', {
      field: 'target',
    });
  }
  if (flags.control !== undefined) {
    for (const [other, what] of [
      [original, 'the original'],
      [releaseFile, 'the release'],
    ] as const) {
      if (sameFile(flags.control, other)) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `--control ${flags.control} is ${what}: the control set must be original rows that did not make the release (make one with \`datanonyme split\`)`,
          { field: 'control', file: flags.control },
        );
      }
    }
  }
  const inputs = [
    original,
    releaseFile,
    ...(flags.control === undefined ? [] : [flags.control]),
    ...(flags.config === undefined ? [] : [flags.config]),
  ];
  if (
    flags.report !== undefined &&
    flags.html !== undefined &&
    resolve(flags.report) === resolve(flags.html)
  ) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the report and the HTML page are the same file: ${flags.report}; give --html another path`,
      { file: flags.html, field: 'html' },
    );
  }
  if (flags.report !== undefined) {
    await checkOutputPath(flags.report, { protect: inputs, label: 'report' });
  }
  if (flags.html !== undefined) {
    await checkOutputPath(flags.html, { protect: inputs, label: 'HTML page' });
  }

  // 2. The data, its roles and hierarchies.
  const forced = forcedTypes(config);
  const delimiter = flags.delimiter === undefined ? undefined : parseDelimiter(flags.delimiter);
  const withDelimiter = (options: ReadCsvOptions): ReadCsvOptions =>
    delimiter === undefined ? options : { ...options, delimiter };
  const parsedOriginal = await readCsvFile(original, withDelimiter(readOptions(config, forced)));
  if (parsedOriginal.rows === 0) {
    throw new DatanonymeError('BAD_INPUT', `${original}: the original has no data rows`, {
      file: original,
    });
  }
  if (populationSize !== undefined && populationSize < parsedOriginal.rows) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--population ${populationSize} is smaller than the original's ${parsedOriginal.rows} rows: it is the size of the population the data was drawn from`,
      { field: 'population', value: String(populationSize) },
    );
  }
  // The release is read without forced types (a generalised `age` holds labels such as [30,40[),
  // and with its own separator: a tool may have written it in another dialect.
  const releaseOptions = readOptions(config, {});
  delete releaseOptions.delimiter;
  const parsedRelease = await readCsvFile(releaseFile, releaseOptions);
  const parsedControl =
    flags.control === undefined
      ? undefined
      : await readCsvFile(flags.control, withDelimiter(readOptions(config, forced)));
  const names = parsedOriginal.table.columnNames();
  requireColumns(parsedOriginal, qiFlag, 'quasi-identifier');
  requireColumns(parsedOriginal, sensitiveFlag, 'sensitive attribute');
  requireColumns(parsedOriginal, identifierFlag, 'identifier');
  if (target !== undefined) requireColumns(parsedOriginal, [target], 'target');
  requireColumns(parsedOriginal, Object.keys(config.attributes ?? {}), 'attribute of the config');
  const releaseNames = parsedRelease.table.columnNames();
  if (!names.some((n) => releaseNames.includes(n))) {
    throw new DatanonymeError(
      'BAD_INPUT',
      `${releaseFile}: the release shares no column with the original ${original} ` +
        `(release: ${releaseNames.join(', ')}; original: ${names.join(', ')}); is it the right file, read with the right separator?`,
      { file: releaseFile },
    );
  }
  if (parsedControl !== undefined && flags.control !== undefined) {
    checkControl(parsedControl, flags.control, names, original);
  }
  const roles = resolveRoles(names, config, {
    qi: qiFlag,
    sensitive: sensitiveFlag,
    identifier: identifierFlag,
  });
  const identifiers = names.filter((n) => roles.get(n) === 'identifier');
  const qis = names.filter((n) => roles.get(n) === 'quasi-identifier');
  const resolution = await resolveHierarchies(parsedOriginal, qis, config, {
    hierarchy: new Map(),
    file: original,
    optional: () => true,
  });
  const protect = [...inputs, ...resolution.files];
  if (flags.report !== undefined) {
    await checkOutputPath(flags.report, { protect, label: 'report' });
  }
  if (flags.html !== undefined) {
    await checkOutputPath(flags.html, { protect, label: 'HTML page' });
  }
  const specs = columnSpecs(parsedOriginal, roles, resolution.hierarchies);
  const specOf = new Map(specs.map((s) => [s.name, s]));
  const datasetOf = (parsed: ParsedCsv): Dataset => ({
    table: parsed.table,
    columns: parsed.table.columnNames().map(
      (name): ColumnSpec =>
        specOf.get(name) ?? {
          name,
          type: parsed.types[name] ?? 'categorical',
          role: 'insensitive',
          ...(parsed.missing.length > 0 ? { missing: parsed.missing } : {}),
        },
    ),
  });

  // 3. The evaluation.
  const evaluation = evaluateRelease({
    original: datasetOf(parsedOriginal),
    release: datasetOf(parsedRelease),
    ...(parsedControl === undefined ? {} : { control: datasetOf(parsedControl) }),
    ...(target === undefined ? {} : { target }),
    ...(qiFlag.length > 0 ? { quasiIdentifiers: qiFlag } : {}),
    ...(sensitiveFlag.length > 0 ? { sensitive: sensitiveFlag } : {}),
    identifiers,
    quick: flags.quick === true,
    seed,
    ...(populationSize === undefined ? {} : { populationSize }),
  });

  // 4. The files, written only now: the report, then the page (if the page fails, the report goes).
  const report = evaluationReport(evaluation, {
    version: packageVersion(),
    original,
    release: releaseFile,
    ...(flags.control === undefined ? {} : { control: flags.control }),
    durationMs: performance.now() - started,
  });
  const reportPath = flags.report;
  if (reportPath !== undefined) {
    await ensureParentDirectory(reportPath, { label: 'report' });
    await writeFileAtomic(reportPath, JSON.stringify(report, null, 2) + '\n', {
      protect,
      label: 'report',
    });
  }
  if (flags.html !== undefined) {
    try {
      await ensureParentDirectory(flags.html, { label: 'HTML page' });
      await writeFileAtomic(flags.html, evaluationHtml(report), {
        protect: [...protect, ...(reportPath === undefined ? [] : [reportPath])],
        label: 'HTML page',
      });
    } catch (error) {
      if (reportPath !== undefined) await unlink(reportPath).catch(() => undefined);
      throw error;
    }
  }
  stdout(evaluationSummary(report));
  for (const name of likelyReplacedIdentifiers(
    datasetOf(parsedOriginal),
    datasetOf(parsedRelease),
    evaluation.columns,
  )) {
    stderr(
      `evaluate: hint: column "${name}" has a different value in every row of both files and the release holds none of the original's: probably an identifier, replaced by design; give --identifier ${name} (or role "identifier" in the config) to leave it out of the figures`,
    );
  }
  const written = [reportPath, flags.html].filter((p) => p !== undefined);
  if (written.length > 0) stderr(`written: ${written.join(', ')}`);
  return 0;
}

function required(value: string | undefined, field: string, usage: string): string {
  if (value === undefined || value.trim() === '') {
    throw new DatanonymeError('BAD_PARAMETER', `no ${field} file: give ${usage}`, { field });
  }
  return value;
}

/** True when two paths name the same file (through links too). */
function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

/** The size of the population the data was drawn from: an integer ≥ 1. */
function parsePopulation(text: string): number {
  const n = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `population must be a whole number of people ≥ 1, got "${text}"`,
      { field: 'population', value: text },
    );
  }
  return n;
}

/** A seed: an integer (the same seed gives the same figures). */
function parseSeed(text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
    throw new DatanonymeError('BAD_PARAMETER', `seed must be an integer, got "${text}"`, {
      field: 'seed',
      value: text,
    });
  }
  return Number(t);
}

/** The control set holds original rows: same columns as the original. */
function checkControl(
  control: ParsedCsv,
  file: string,
  names: readonly string[],
  original: string,
): void {
  const have = control.table.columnNames();
  const missing = names.filter((n) => !have.includes(n));
  const extra = have.filter((n) => !names.includes(n));
  if (missing.length === 0 && extra.length === 0) return;
  throw new DatanonymeError(
    'BAD_INPUT',
    `${file}: the control set must have the columns of the original ${original}` +
      (missing.length > 0 ? `; it lacks ${missing.map((n) => `"${n}"`).join(', ')}` : '') +
      (extra.length > 0
        ? `; it has ${extra.map((n) => `"${n}"`).join(', ')}, which the original has not`
        : ''),
    { file, column: missing[0] ?? extra[0] ?? '' },
  );
}

function forcedTypes(config: Config): Record<string, ColumnType> {
  const types: Record<string, ColumnType> = {};
  for (const [name, a] of Object.entries(config.attributes ?? {})) {
    if (a.type !== undefined) types[name] = a.type;
  }
  return types;
}

/** Every file is read as text (the metrics parse numbers defensively), with the config's dialect. */
function readOptions(config: Config, types: Record<string, ColumnType>): ReadCsvOptions {
  const options: ReadCsvOptions = { typed: false, types };
  const input = config.input;
  if (input?.delimiter !== undefined) options.delimiter = parseDelimiter(input.delimiter);
  if (input?.decimal !== undefined) options.decimal = input.decimal;
  if (input?.missing !== undefined) options.missing = input.missing;
  return options;
}
