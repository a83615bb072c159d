/**
 * `datanonyme dp`: differentially private aggregates of a CSV file.
 *
 *   datanonyme dp <input.csv> --config <dp.json> -o <output.csv> [--report <r.json>]
 *   datanonyme dp <input.csv> --count-by <col,…> --epsilon <ε> [--delta <δ>]
 *       [--mechanism geometric|laplace|gaussian] [--domain <col>=<v1,v2,…|file>]… [--domain-from-data]
 *       [--person <col> [--max-contributions <m>]] [--seed <s>] -o <output.csv> [--report <r.json>]
 *
 * The common case releases one noisy count per combination of the listed columns' values. Those
 * values are the public domain: they must be given (`--domain`), because the values present in
 * the data are themselves private (a value that only one person has would be published). The
 * explicit `--domain-from-data` reads them from the data instead; the report and stderr then say
 * that the list of values is NOT differentially private (it is not charged to the budget: no DP
 * mechanism can make it private without dropping rare values, which `count-by-private-keys` in a
 * config does).
 *
 * Order of work, as in `anonymise`: every parameter, the config and the output paths are checked
 * before the data is read (so a bad ε is refused without touching the data, case B14); the report
 * is written before the CSV and removed if the CSV cannot be written; exit code 2 for any
 * DatanonymeError, with nothing written.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import {
  dpRelease,
  validateDpConfig,
  type DpConfig,
  type DpResult,
} from '../../methods/dp/release.js';
import { checkDelta, checkEpsilon } from '../../methods/dp/parameters.js';
import { DatanonymeError } from '../errors.js';
import { dialectOptions } from '../table/format.js';
import { readCsvFile } from '../table/read-file.js';
import {
  checkOutputs,
  writeReportAndCsv,
  numberFlag,
  parseList,
  readDialect,
  readJsonFile,
} from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `dp`, as commander hands them over. */
export interface DpFlags {
  output?: string;
  config?: string;
  countBy?: string;
  epsilon?: string;
  delta?: string;
  mechanism?: string;
  domain?: string[];
  domainFromData?: boolean;
  person?: string;
  maxContributions?: string;
  seed?: string;
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
}

/** Runs the command; returns the exit code (errors are thrown as DatanonymeError). */
export async function dpCommand(
  input: string,
  flags: DpFlags,
  stderr: (line: string) => void,
): Promise<number> {
  const started = performance.now();

  // 1. Everything that can be checked without the data.
  const output = flags.output;
  if (output === undefined) {
    throw new DatanonymeError('BAD_PARAMETER', 'no output file: give -o <output.csv>', {
      field: 'output',
    });
  }
  const config = flags.config === undefined ? commonCase(flags) : await loadDpConfig(flags);
  const inputs = [input, ...(flags.config === undefined ? [] : [flags.config])];
  for (const spec of flags.domain ?? []) {
    const file = domainFile(spec.slice(spec.indexOf('=') + 1));
    if (file !== undefined) inputs.push(file);
  }
  await checkOutputs(output, flags.report, inputs);

  // 2. The data, and the release.
  const parsed = await readCsvFile(input, readDialect(flags, { typed: true }));
  const release = dpRelease(parsed.table, config, {
    ...(flags.seed === undefined ? {} : { seed: seedFlag(flags.seed) }),
    lineOf: (row) => parsed.lineOf(row),
    file: input,
    configFile: flags.config ?? 'the command line',
  });

  // 3. The report, then the data.
  const results = release.details.results as DpResult[];
  const privacy = release.details.privacy as {
    total: unknown;
    spent: { epsilon: number | null; delta: number; rho: number | null };
    remaining: unknown;
    ledger: unknown[];
    warnings: { field: string; message: string }[];
  };
  const main = results.find((r) => r.query === release.details.output) ?? results[0];
  const warnings = [
    ...privacy.warnings.map((w) => w.message),
    ...results.flatMap((r) => r.report.warnings.map((w) => `${r.query}: ${w.message}`)),
  ];
  if (release.seeded) {
    warnings.unshift(
      'seeded: the noise is reproducible from the seed, so this release is NOT fit for publication',
    );
  }
  const report = {
    command: 'dp',
    version: packageVersion(),
    durationMs: Math.round(performance.now() - started),
    input,
    output,
    seeded: release.seeded,
    budget: privacy.total,
    epsilonSpent: privacy.spent.epsilon,
    deltaSpent: privacy.spent.delta,
    ...(privacy.spent.rho === null ? {} : { rhoSpent: privacy.spent.rho }),
    remaining: privacy.remaining,
    mechanism: main?.report.mechanism ?? null,
    noiseScale: main?.report.scale ?? null,
    expectedAbsoluteError: main?.report.expectedAbsoluteError ?? null,
    domainFromData:
      flags.domainFromData === true || config.queries.some((q) => q.domainFromData === true),
    queries: results.map((r) => ({
      query: r.query,
      type: r.type,
      ...(r.value === undefined ? {} : { value: r.value }),
      mechanism: r.report.mechanism,
      scale: r.report.scale,
      expectedAbsoluteError: r.report.expectedAbsoluteError,
      spent: { epsilon: r.report.epsilon, delta: r.report.delta, rho: r.report.rho },
      remainingAfter: r.report.remaining,
      parts: r.report.parts,
      notes: r.report.notes,
      warnings: r.report.warnings,
      ...(r.rows === undefined || r.query === release.details.output ? {} : { rows: r.rows }),
    })),
    ledger: privacy.ledger,
    warnings,
    parameters: release.parameters,
  };
  const protect = inputs;
  const reportPath = flags.report;
  await writeReportAndCsv(
    output,
    release.table,
    dialectOptions(parsed.dialect),
    { path: reportPath, content: report },
    protect,
  );
  // The budget's own "ε is large" warning already covers a query that spends that ε: print it once
  // (the report keeps both, per budget and per query).
  const budgetWarnsEpsilon = privacy.warnings.some(
    (w) => w.field === 'epsilon' && w.message.includes('negligible'),
  );
  const printed = warnings.filter(
    (w) => !(budgetWarnsEpsilon && /: epsilon = [^ ]+ ≥ \d+: privacy is negligible/.test(w)),
  );
  for (const w of printed) stderr(`datanonyme: warning: ${w}`);
  const spent =
    privacy.spent.epsilon === null
      ? `ρ = ${privacy.spent.rho ?? 0}`
      : `ε = ${privacy.spent.epsilon}`;
  stderr(
    `dp: ${results.length} quer${results.length === 1 ? 'y' : 'ies'}, ${spent}` +
      (privacy.spent.delta > 0 ? `, δ = ${privacy.spent.delta}` : '') +
      ` spent; ${release.table.numRows()} row(s) released` +
      (main?.report.scale == null
        ? ''
        : `; noise scale ${main.report.scale} (${main.report.mechanism})`),
  );
  stderr(`written: ${output}${reportPath === undefined ? '' : `, report: ${reportPath}`}`);
  return 0;
}

/** The plan of the common case: one count-by query from the flags, checked before the data. */
function commonCase(flags: DpFlags): DpConfig {
  const by = parseList(flags.countBy);
  if (by.length === 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'nothing to release: give --count-by <col,…> with --epsilon, or --config <dp.json>',
      { field: 'count-by' },
    );
  }
  if (flags.epsilon === undefined) {
    throw new DatanonymeError('BAD_PARAMETER', 'no budget: give --epsilon <ε> (for example 1)', {
      field: 'epsilon',
    });
  }
  const epsilon = checkEpsilon(numberFlag(flags.epsilon, 'epsilon'), 'epsilon');
  const mechanism = flags.mechanism ?? 'geometric';
  if (!['geometric', 'laplace', 'gaussian'].includes(mechanism)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `mechanism must be geometric, laplace or gaussian, got "${mechanism}"`,
      { field: 'mechanism', value: mechanism },
    );
  }
  let delta: number | undefined;
  if (mechanism === 'gaussian') {
    if (flags.delta === undefined) {
      throw new DatanonymeError('BAD_PARAMETER', 'the Gaussian mechanism needs --delta <δ>', {
        field: 'delta',
      });
    }
    delta = checkDelta(numberFlag(flags.delta, 'delta'), 'delta');
  } else if (flags.delta !== undefined) {
    const d = checkDelta(numberFlag(flags.delta, 'delta'), 'delta', { allowZero: true });
    if (d > 0) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--delta is for --mechanism gaussian; the ${mechanism} mechanism is pure ε-DP`,
        { field: 'delta', value: flags.delta },
      );
    }
  }
  const domains: Record<string, string[]> = {};
  for (const spec of flags.domain ?? []) {
    const eq = spec.indexOf('=');
    const column = eq > 0 ? spec.slice(0, eq) : '';
    if (column === '') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--domain must be <column>=<v1,v2,…> or <column>=<file>, got "${spec}"`,
        { field: 'domain', value: spec },
      );
    }
    if (!by.includes(column)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--domain ${column}=…: "${column}" is not in --count-by`,
        { field: 'domain', value: column },
      );
    }
    domains[column] = domainValues(spec.slice(eq + 1));
  }
  const missing = by.filter((c) => domains[c] === undefined);
  if (missing.length > 0 && flags.domainFromData !== true) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `no public domain for ${missing.map((c) => `"${c}"`).join(', ')}: give --domain ${missing[0] ?? ''}=<v1,v2,…> ` +
        '(the values present in the data are private), or --domain-from-data to read them from the data (NOT private)',
      { field: 'domain', value: missing.join(',') },
    );
  }
  const query: Record<string, unknown> = {
    type: 'count-by',
    by,
    domains,
    mechanism,
    epsilon,
    ...(delta === undefined ? {} : { delta }),
    ...(missing.length > 0 ? { domainFromData: true } : {}),
  };
  const config: Record<string, unknown> = {
    budget: { epsilon, ...(delta === undefined ? {} : { delta }) },
    queries: [query],
  };
  if (flags.person !== undefined) config.person = flags.person;
  if (flags.maxContributions !== undefined) {
    if (flags.person === undefined) {
      throw new DatanonymeError('BAD_PARAMETER', '--max-contributions needs --person <column>', {
        field: 'max-contributions',
      });
    }
    config.maxContributions = numberFlag(flags.maxContributions, 'max-contributions');
  }
  return validateDpConfig(config, 'the command line');
}

/** Reads and validates the JSON plan of `--config`; flags of the common case are refused. */
async function loadDpConfig(flags: DpFlags): Promise<DpConfig> {
  const path = flags.config as string;
  const conflicting = (
    ['countBy', 'epsilon', 'delta', 'mechanism', 'domain', 'person'] as const
  ).filter((k) => flags[k] !== undefined && !(Array.isArray(flags[k]) && flags[k].length === 0));
  if (conflicting.length > 0 || flags.domainFromData === true) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--config holds the whole plan: put the budget and the queries in it, not in flags',
      { field: 'config' },
    );
  }
  const json = await readJsonFile(path);
  return validateDpConfig(json, path);
}

/** A seed: any non-empty text (an empty one would look like no seed at all). */
function seedFlag(text: string): string {
  if (text.trim() === '') {
    throw new DatanonymeError('BAD_PARAMETER', '--seed must not be empty', { field: 'seed' });
  }
  return text;
}

/**
 * The file a domain spec names: `@path` (one value per line). Anything else is a list of values,
 * so that a value is never mistaken for a file that happens to exist.
 */
function domainFile(value: string): string | undefined {
  if (!value.startsWith('@')) return undefined;
  const path = value.slice(1);
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new DatanonymeError('NOT_FOUND', `--domain: file not found: ${path}`, {
      file: path,
      field: 'domain',
    });
  }
  return path;
}

/**
 * The values of a `--domain` spec: a file (one value per line; blank lines skipped) when the
 * value is `@path`, else a comma-separated list.
 */
function domainValues(value: string): string[] {
  const file = domainFile(value);
  const values =
    file === undefined
      ? value.split(',').map((v) => v.trim())
      : readDomainFile(file)
          .split(/\r?\n/)
          .map((v) => v.trim())
          .filter((v) => v !== '');
  return values;
}

function readDomainFile(path: string): string {
  // A small file, read once before the data.
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
}
