/**
 * `datanonyme anonymise <input.csv> -o <output.csv> --k <k> --qi <columns> …`: optimal full-domain
 * generalisation of a CSV file to k-anonymity, with a JSON report. Thin over the library.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  optimalGeneralisation,
  type LossMetricName,
} from '../../methods/generalisation/optimal.js';
import { DatanonymeError } from '../errors.js';
import { anonymisationReport, reportSummary } from '../report/anonymisation-report.js';
import type { Config } from '../schema/config.js';
import { requireColumns } from '../table/columns.js';
import { dialectOptions, type WriteCsvOptions } from '../table/format.js';
import { readCsvFile } from '../table/read-file.js';
import { writeCsvFile, writeFileAtomic } from '../table/write-file.js';
import type { ColumnType } from '../types.js';
import {
  columnSpecs,
  loadConfig,
  parseFraction,
  parseHierarchyFlags,
  parseK,
  parseList,
  resolveHierarchies,
  resolveRoles,
} from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `anonymise`, as commander hands them over (strings, unparsed). */
export interface AnonymiseFlags {
  output?: string;
  k?: string;
  qi?: string;
  hierarchy?: string[];
  hierarchies?: string;
  sensitive?: string;
  identifier?: string;
  suppressionLimit?: string;
  metric?: string;
  config?: string;
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
  outputDelimiter?: string;
  outputDecimal?: string;
  bom?: boolean;
  guardFormulas?: boolean;
  dropSuppressed?: boolean;
}

export const METRICS: readonly LossMetricName[] = [
  'loss',
  'precision',
  'discernibility',
  'entropy',
  'aecs',
];

/** Runs the command; returns the process exit code (errors are thrown as DatanonymeError). */
export async function anonymiseCommand(
  input: string,
  flags: AnonymiseFlags,
  stderr: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  // Everything that can be checked without the data is checked first.
  const config: Config = flags.config === undefined ? {} : await loadConfig(flags.config);
  if (flags.output === undefined) {
    throw new DatanonymeError('BAD_PARAMETER', 'no output file: give -o <output.csv>', {
      field: 'output',
    });
  }
  const k = parseK(flags.k ?? config.privacy?.k);
  const suppressionLimit =
    flags.suppressionLimit !== undefined
      ? parseFraction(flags.suppressionLimit, 'suppression-limit')
      : parseFraction(config.privacy?.suppressionLimit ?? 0, 'privacy.suppressionLimit');
  const metricName = flags.metric ?? config.method?.metric ?? 'loss';
  if (!(METRICS as readonly string[]).includes(metricName)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `unknown metric "${metricName}": use one of ${METRICS.join(', ')}`,
      {
        field: 'metric',
        value: metricName,
      },
    );
  }
  const metric = metricName as LossMetricName;
  const hierarchyFlags = parseHierarchyFlags(flags.hierarchy ?? []);
  const roleFlags = {
    qi: parseList(flags.qi),
    sensitive: parseList(flags.sensitive),
    identifier: parseList(flags.identifier),
  };
  const decimal = parseDecimal(flags.decimal ?? config.input?.decimal, 'decimal');
  const types: Record<string, ColumnType> = {};
  for (const [name, a] of Object.entries(config.attributes ?? {}))
    if (a.type !== undefined) types[name] = a.type;

  const readOptions: Parameters<typeof readCsvFile>[1] = { typed: false, types };
  const delimiter = flags.delimiter ?? config.input?.delimiter;
  if (delimiter !== undefined) readOptions.delimiter = parseDelimiter(delimiter);
  if (decimal !== undefined) readOptions.decimal = decimal;
  const missing = flags.missing !== undefined ? flags.missing.split(',') : config.input?.missing;
  if (missing !== undefined) readOptions.missing = missing;
  const parsed = await readCsvFile(input, readOptions);

  const roles = resolveRoles(parsed.table.columnNames(), config, roleFlags);
  requireColumns(parsed, roleFlags.qi, 'quasi-identifier');
  requireColumns(parsed, roleFlags.sensitive, 'sensitive attribute');
  requireColumns(parsed, roleFlags.identifier, 'identifier');
  requireColumns(parsed, Object.keys(config.attributes ?? {}), 'attribute of the config');
  const qis = [...roles].filter(([, role]) => role === 'quasi-identifier').map(([name]) => name);
  if (qis.length === 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'no quasi-identifier: give --qi <column,…> or roles in the config',
      {
        field: 'qi',
      },
    );
  }
  const resolution = await resolveHierarchies(parsed, qis, config, {
    hierarchy: hierarchyFlags,
    ...(flags.hierarchies === undefined ? {} : { hierarchies: flags.hierarchies }),
  });
  const dataset = {
    table: parsed.table,
    columns: columnSpecs(parsed, roles, resolution.hierarchies),
  };

  const release = optimalGeneralisation(dataset, {
    k,
    suppressionLimit,
    metric,
    dropSuppressed: flags.dropSuppressed ?? config.output?.dropSuppressed ?? false,
    lineOf: (row) => parsed.lineOf(row),
    file: input,
  });

  const writeOptions: WriteCsvOptions = { ...dialectOptions(parsed.dialect), types: parsed.types };
  const outDelimiter = flags.outputDelimiter ?? config.output?.delimiter;
  if (outDelimiter !== undefined) writeOptions.delimiter = parseDelimiter(outDelimiter);
  const outDecimal = parseDecimal(flags.outputDecimal ?? config.output?.decimal, 'output-decimal');
  if (outDecimal !== undefined && outDecimal !== 'auto') writeOptions.decimal = outDecimal;
  if (flags.bom ?? config.output?.bom) writeOptions.bom = true;
  if (flags.guardFormulas ?? config.output?.guardFormulas) writeOptions.guardFormulas = true;
  const protect = [
    input,
    ...(flags.config === undefined ? [] : [flags.config]),
    ...resolution.files,
  ];
  const output = flags.output;
  if (flags.report !== undefined && samePath(flags.report, output)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the report and the output are the same file: ${output}`,
      {
        file: output,
      },
    );
  }
  // Only now, with a release in hand, create the output folders if needed.
  await mkdir(dirname(resolve(output)), { recursive: true });
  if (flags.report !== undefined) await mkdir(dirname(resolve(flags.report)), { recursive: true });
  await writeCsvFile(output, release.table, { ...writeOptions, protect });

  const report = anonymisationReport(release, {
    version: packageVersion(),
    durationMs: performance.now() - started,
    input,
    output,
    parameters: {
      identifiers: [...roles].filter(([, r]) => r === 'identifier').map(([n]) => n),
      sensitive: [...roles].filter(([, r]) => r === 'sensitive').map(([n]) => n),
      hierarchyFiles: resolution.files,
      dropSuppressed: flags.dropSuppressed ?? config.output?.dropSuppressed ?? false,
    },
  });
  if (flags.report !== undefined) {
    await writeFileAtomic(flags.report, JSON.stringify(report, null, 2) + '\n', {
      protect: [...protect, output],
    });
  }
  stderr(reportSummary(report));
  stderr(`written: ${output}${flags.report === undefined ? '' : `, report: ${flags.report}`}`);
  return 0;
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

/** `;`, `,`, `|`, and `\t`/`tab` for a tab. */
export function parseDelimiter(value: string): string {
  const d = value === 'tab' || value === '\\t' ? '\t' : value;
  if (![',', ';', '\t', '|'].includes(d)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `delimiter must be one of , ; | tab, got "${value}"`,
      {
        field: 'delimiter',
        value,
      },
    );
  }
  return d;
}

function parseDecimal(value: string | undefined, name: string): '.' | ',' | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value === '.' || value === ',' || value === 'auto') return value;
  throw new DatanonymeError('BAD_PARAMETER', `${name} must be ".", "," or "auto", got "${value}"`, {
    field: name,
    value,
  });
}
