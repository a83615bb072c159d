/**
 * `datanonyme anonymise <input.csv> -o <output.csv> --k <k> --qi <columns> …`: optimal full-domain
 * generalisation of a CSV file to k-anonymity, with a JSON report. Thin over the library.
 *
 * Order of work, so that a failure loses nothing: every parameter and output path is checked
 * before the data is read; the data and hierarchies are read and checked before anything is
 * anonymised; the output folders are created and the files written (each to a temporary file,
 * then renamed) only once the release exists.
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError } from '../errors.js';
import { localeOfDialect, parseFakeLocale } from '../../methods/pseudonymisation/fake-values.js';
import {
  identifierKinds,
  pseudonymiseIdentifiers,
  type IdentifierMode,
  type PseudonymiseOptions,
} from '../../methods/pseudonymisation/identifiers.js';
import {
  checkSensitiveModelSpecs,
  parseLDiversityFlag,
  parseTClosenessFlag,
  type SensitiveModelSpec,
} from '../privacy/spec.js';
import { anonymisationReport, reportSummary } from '../report/anonymisation-report.js';
import type { Config } from '../schema/config.js';
import { requireColumns } from '../table/columns.js';
import { dialectOptions, type WriteCsvOptions } from '../table/format.js';
import type { ParsedCsv, ReadCsvOptions } from '../table/parse.js';
import { readCsvFile } from '../table/read-file.js';
import type { ColumnType } from '../types.js';
import {
  checkOutputs,
  writeReportAndCsv,
  columnSpecs,
  describeHierarchy,
  loadConfig,
  parseDecimal,
  parseDelimiter,
  parseFraction,
  parseHierarchyFlags,
  parseK,
  inConfig,
  parseList,
  resolveHierarchies,
  resolveRoles,
} from './settings.js';
import { foreignDateWarnings } from './inspect.js';
import { needsHierarchy, resolveMethod, runMethod, type MethodFlags } from './method.js';
import { packageVersion } from './version.js';

/** The flags of `anonymise`, as commander hands them over (strings, unparsed). */
export interface AnonymiseFlags extends MethodFlags {
  output?: string;
  k?: string;
  lDiversity?: string[];
  tCloseness?: string[];
  qi?: string;
  hierarchy?: string[];
  hierarchies?: string;
  sensitive?: string;
  identifier?: string;
  /** What becomes of the --identifier columns: drop (default), hash or fake. */
  identifiers?: string;
  /** The environment variable holding the HMAC key of `--identifiers hash`. */
  identifierKeyEnv?: string;
  /** A seed for reproducible fakes of `--identifiers fake`. */
  identifierSeed?: string;
  /** The locale of `--identifiers fake` (default: from the input's dialect, `localeOfDialect`). */
  locale?: string;
  insensitive?: string;
  config?: string;
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
  outputDelimiter?: string;
  outputDecimal?: string;
  bom?: boolean;
  guardFormulas?: boolean;
}

/** Runs the command; returns the process exit code (errors are thrown as DatanonymeError). */
export async function anonymiseCommand(
  input: string,
  flags: AnonymiseFlags,
  stderr: (line: string) => void,
): Promise<number> {
  const started = performance.now();

  // 1. Everything that can be checked without the data.
  const config: Config = flags.config === undefined ? {} : await loadConfig(flags.config);
  const output = flags.output;
  if (output === undefined) {
    throw new DatanonymeError('BAD_PARAMETER', 'no output file: give -o <output.csv>', {
      field: 'output',
    });
  }
  // A value from the config file is an error of that file's field (`a.json: privacy.k must be …`).
  const k =
    flags.k === undefined && config.privacy?.k !== undefined && flags.config !== undefined
      ? inConfig(flags.config, 'privacy.k', () => parseK(config.privacy?.k))
      : parseK(flags.k ?? config.privacy?.k);
  const choice = resolveMethod(flags, config);
  const models = modelsOf(flags, config);
  let suppressionLimit: number | undefined;
  if (flags.suppressionLimit !== undefined) {
    suppressionLimit = parseFraction(flags.suppressionLimit, 'suppression-limit');
  } else if (config.privacy?.suppressionLimit !== undefined) {
    if (choice.name === 'optimal' || choice.name === 'local-suppression') {
      const limit = config.privacy.suppressionLimit;
      suppressionLimit = inConfig(flags.config ?? 'config', 'privacy.suppressionLimit', () =>
        parseFraction(limit, 'privacy.suppressionLimit'),
      );
    } else {
      stderr(
        `datanonyme: warning: privacy.suppressionLimit of the config ignored: ${choice.name} suppresses no records`,
      );
    }
  }
  const identifierTreatment = identifierTreatmentOf(flags);
  const hierarchyFlags = parseHierarchyFlags(flags.hierarchy ?? []);
  const roleFlags = {
    qi: parseList(flags.qi),
    sensitive: parseList(flags.sensitive),
    identifier: parseList(flags.identifier),
    insensitive: parseList(flags.insensitive),
  };
  const dropSuppressed =
    flags.dropSuppressed ??
    (choice.name === 'optimal' ? (config.output?.dropSuppressed ?? false) : false);
  const readOptions = readOptionsOf(flags, config);
  const inputs = [input, ...(flags.config === undefined ? [] : [flags.config])];
  for (const spec of hierarchyFlags.values()) if (typeof spec === 'string') inputs.push(spec);
  await checkOutputs(output, flags.report, inputs);

  // 2. The data, its roles and hierarchies.
  const parsed = await readCsvFile(input, readOptions);
  if (parsed.rows === 0) {
    throw new DatanonymeError('BAD_INPUT', `${input}: no data rows (only a header)`, {
      file: input,
    });
  }
  const columns = parsed.table.columnNames();
  const roles = resolveRoles(columns, config, roleFlags);
  requireColumns(
    parsed,
    models.map((m) => m.column),
    m0(models),
  );
  // A column named by l-diversity or t-closeness is sensitive; a role given to it otherwise, on
  // the command line or in the config, is a contradiction.
  for (const model of models) {
    const flagged =
      (roleFlags.insensitive.includes(model.column) && '--insensitive') ||
      (roleFlags.identifier.includes(model.column) && '--identifier') ||
      (roleFlags.qi.includes(model.column) && '--qi');
    const configured = config.attributes?.[model.column]?.role;
    if (flagged !== false || (configured !== undefined && configured !== 'sensitive')) {
      const by = flagged !== false ? flagged : `the config (role "${String(configured)}")`;
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `column "${model.column}" has ${model.model === 'l-diversity' ? 'an' : 'a'} ${model.model} requirement, so it is sensitive, but ${by} gives it another role`,
        { column: model.column },
      );
    }
    roles.set(model.column, 'sensitive');
  }
  // A requirement on a column with no value at all could only be met by suppressing every row.
  const tokens = new Set(parsed.missing);
  for (const name of new Set(models.map((m) => m.column))) {
    const cells = parsed.table.array(name) as ArrayLike<unknown>;
    let any = false;
    for (let i = 0; i < cells.length && !any; i++) {
      const v = cells[i];
      any = !(
        v === null ||
        v === undefined ||
        v === '' ||
        (typeof v === 'string' && tokens.has(v))
      );
    }
    if (!any) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `${input}: sensitive column "${name}" has no values (every cell is missing): no class can satisfy its l-diversity or t-closeness`,
        { file: input, column: name },
      );
    }
  }
  requireColumns(parsed, roleFlags.qi, 'quasi-identifier');
  requireColumns(parsed, roleFlags.sensitive, 'sensitive attribute');
  requireColumns(parsed, roleFlags.identifier, 'identifier');
  requireColumns(parsed, roleFlags.insensitive, 'insensitive attribute');
  requireColumns(parsed, Object.keys(config.attributes ?? {}), 'attribute of the config');
  requireColumns(parsed, [...hierarchyFlags.keys()], 'column of --hierarchy');
  const qis = columns.filter((name) => roles.get(name) === 'quasi-identifier');
  if (qis.length === 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'no quasi-identifier: give --qi <column,…> or roles in the config',
      { field: 'qi' },
    );
  }
  const modelColumns = [...new Set(models.map((m) => m.column))];
  for (const name of hierarchyFlags.keys()) {
    if (!qis.includes(name) && !modelColumns.includes(name)) {
      stderr(
        `datanonyme: warning: --hierarchy ${name}=… ignored: "${name}" is neither a quasi-identifier nor a column of --l-diversity / --t-closeness`,
      );
    }
  }
  // Dates not in ISO form are read as categories: said now, before a method refuses them.
  const inputWarnings = foreignDateWarnings(
    parsed,
    [...qis, ...modelColumns].filter((name) => config.attributes?.[name]?.type === undefined),
  );
  for (const w of inputWarnings) stderr(`datanonyme: warning: ${w}`);
  const table = withMissingQuasiIdentifiers(parsed, qis);
  const resolution = await resolveHierarchies({ ...parsed, table }, qis, config, {
    hierarchy: hierarchyFlags,
    ...(flags.hierarchies === undefined ? {} : { hierarchies: flags.hierarchies }),
    file: input,
    optional: () => !needsHierarchy(choice.name),
  });
  // Sensitive columns keep a hierarchy when one is given: the hierarchical t-closeness distance.
  const sensitiveResolution = await resolveHierarchies(parsed, modelColumns, config, {
    hierarchy: hierarchyFlags,
    ...(flags.hierarchies === undefined ? {} : { hierarchies: flags.hierarchies }),
    file: input,
    optional: () => true,
  });
  for (const [name, hierarchy] of sensitiveResolution.hierarchies) {
    resolution.hierarchies.set(name, hierarchy);
  }
  if (choice.name === 'mondrian') {
    for (const qi of qis) {
      const type = parsed.types[qi] ?? 'categorical';
      const explicit = hierarchyFlags.has(qi) || config.attributes?.[qi]?.hierarchy !== undefined;
      if (type !== 'categorical' && explicit) {
        stderr(
          `datanonyme: warning: the hierarchy of "${qi}" is not used: Mondrian cuts ${type} columns into ranges; to cut along the hierarchy, declare the column categorical (attributes.${qi}.type in the config)`,
        );
      }
    }
  }
  const protect = [...inputs, ...resolution.files, ...sensitiveResolution.files];
  await checkOutputs(output, flags.report, protect);

  // 3. The release. Hashed or faked identifier columns go through the method as insensitive
  // columns (kept in place, rows kept or removed with their record); dropped ones as identifiers.
  const identifierColumns = columns.filter((n) => roles.get(n) === 'identifier');
  const methodRoles = new Map(roles);
  let methodTable = table;
  if (identifierTreatment.mode === 'fake' && identifierTreatment.options.locale === undefined) {
    // --locale not given: French when the input looks French (`localeOfDialect`).
    const locale = localeOfDialect(parsed.dialect);
    identifierTreatment.options.locale = locale;
    identifierTreatment.describe.locale = locale;
    identifierTreatment.describe.localeFrom = 'the input dialect';
  }
  if (identifierTreatment.mode !== 'drop' && identifierColumns.length > 0) {
    methodTable = pseudonymiseIdentifiers(table, identifierColumns, {
      ...identifierTreatment.options,
      missing: parsed.missing,
    });
    for (const name of identifierColumns) methodRoles.set(name, 'insensitive');
  }
  const numeric = choice.name === 'mondrian' || choice.name === 'mdav' ? qis : [];
  const release = runMethod(
    choice,
    {
      table: withDotDecimals(methodTable, parsed, numeric),
      columns: columnSpecs(parsed, methodRoles, resolution.hierarchies),
    },
    {
      k,
      models,
      dropSuppressed,
      lineOf: (row) => parsed.lineOf(row),
      file: input,
      ...(suppressionLimit === undefined ? {} : { suppressionLimit }),
    },
  );

  // 4. The files, written only now: the report first (small), then the data; if the data cannot
  // be written, the report goes too, so that a failed run leaves neither.
  const writeOptions = writeOptionsOf(flags, config, parsed);
  const published = convertDecimalMarks(
    release.table,
    parsed,
    writeOptions.decimal ?? '.',
    numeric,
  );
  const report = anonymisationReport(release, {
    version: packageVersion(),
    durationMs: performance.now() - started,
    input,
    output,
    parameters: {
      identifiers: identifierColumns,
      identifierTreatment: {
        mode: identifierTreatment.mode,
        ...identifierTreatment.describe,
        ...(identifierTreatment.mode === 'fake'
          ? {
              kinds: identifierKinds(table, identifierColumns, {
                missing: parsed.missing,
              }),
            }
          : {}),
      },
      sensitive: columns.filter((n) => roles.get(n) === 'sensitive'),
      insensitive: columns.filter((n) => roles.get(n) === 'insensitive'),
      hierarchies: Object.fromEntries(
        qis.map((qi) => [qi, describeHierarchy(resolution.specs.get(qi))]),
      ),
      input: {
        delimiter: parsed.dialect.delimiter,
        decimal: parsed.dialect.decimal,
        decimalCommaColumns: parsed.decimalComma,
        lineEnding: parsed.dialect.lineEnding === '\r\n' ? 'CRLF' : 'LF',
        missing: parsed.missing,
      },
      output: {
        delimiter: writeOptions.delimiter ?? ',',
        decimal: writeOptions.decimal ?? '.',
        bom: writeOptions.bom ?? false,
        guardFormulas: writeOptions.guardFormulas ?? false,
      },
    },
  });
  for (const w of report.warnings) stderr(`datanonyme: warning: ${w}`);
  report.warnings.unshift(...inputWarnings);
  await writeReportAndCsv(
    output,
    published,
    writeOptions,
    { path: flags.report, content: report },
    protect,
  );
  stderr(reportSummary(report));
  stderr(`written: ${output}${flags.report === undefined ? '' : `, report: ${flags.report}`}`);
  return 0;
}

/** The default environment variable of the `--identifiers hash` key. */
const DEFAULT_KEY_ENV = 'DATANONYME_HMAC_KEY';

/**
 * `--identifiers drop|hash|fake` with its key variable and seed, checked before the data is read.
 * The key is read from the environment and goes only into the options of the hash; what the
 * report records (`describe`) names the variable, never its value.
 */
function identifierTreatmentOf(flags: AnonymiseFlags): {
  mode: IdentifierMode;
  options: PseudonymiseOptions;
  describe: Record<string, unknown>;
} {
  const mode = flags.identifiers ?? 'drop';
  if (mode !== 'drop' && mode !== 'hash' && mode !== 'fake') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--identifiers must be drop, hash or fake, got ${JSON.stringify(mode)}`,
      { field: 'identifiers', value: mode },
    );
  }
  if (flags.identifierKeyEnv !== undefined && mode !== 'hash') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--identifier-key-env is the key of --identifiers hash: give --identifiers hash',
      { field: 'identifier-key-env' },
    );
  }
  if (flags.identifierSeed !== undefined && mode !== 'fake') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--identifier-seed seeds the fakes of --identifiers fake: give --identifiers fake',
      { field: 'identifier-seed' },
    );
  }
  if (mode === 'hash') {
    const variable = flags.identifierKeyEnv ?? DEFAULT_KEY_ENV;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(variable)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--identifier-key-env must name an environment variable (letters, digits, _), got ${JSON.stringify(variable)}`,
        { field: 'identifier-key-env', value: variable },
      );
    }
    const key = process.env[variable];
    if (key === undefined || key === '') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--identifiers hash needs a secret key in the environment variable ${variable}, which is ${key === undefined ? 'not set' : 'empty'}`,
        { field: 'identifier-key-env' },
      );
    }
    return {
      mode,
      options: { mode, key },
      describe: { algorithm: 'HMAC-SHA-256 (hex)', keyVariable: variable },
    };
  }
  if (flags.locale !== undefined && mode !== 'fake') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--locale is the locale of the fakes of --identifiers fake: give --identifiers fake',
      { field: 'locale' },
    );
  }
  if (mode === 'fake') {
    const seed = flags.identifierSeed;
    // Without --locale, the locale is chosen from the input's dialect once it is read.
    const locale = flags.locale === undefined ? undefined : parseFakeLocale(flags.locale, 'locale');
    return {
      mode,
      options: {
        mode,
        ...(locale === undefined ? {} : { locale }),
        ...(seed === undefined ? {} : { seed }),
      },
      describe: { ...(locale === undefined ? {} : { locale }), seeded: seed !== undefined },
    };
  }
  return { mode, options: { mode }, describe: {} };
}

/**
 * The l-diversity and t-closeness requirements: the flags, or else the config's. Flags of one kind
 * replace the config's list of that kind.
 */
function modelsOf(flags: AnonymiseFlags, config: Config): SensitiveModelSpec[] {
  const lFlags = flags.lDiversity ?? [];
  const tFlags = flags.tCloseness ?? [];
  const fromConfig = (field: string, specs: unknown[]): SensitiveModelSpec[] =>
    checkSensitiveModelSpecs(specs, field);
  const l =
    lFlags.length > 0
      ? lFlags.map(parseLDiversityFlag)
      : fromConfig(
          'privacy.lDiversity',
          (config.privacy?.lDiversity ?? []).map((x) => ({ model: 'l-diversity', ...x })),
        );
  const t =
    tFlags.length > 0
      ? tFlags.map(parseTClosenessFlag)
      : fromConfig(
          'privacy.tCloseness',
          (config.privacy?.tCloseness ?? []).map((x) => ({ model: 't-closeness', ...x })),
        );
  return [...l, ...t];
}

/** What the columns named by the models are called in messages. */
function m0(models: readonly SensitiveModelSpec[]): string {
  return models.some((m) => m.model === 't-closeness')
    ? 'sensitive column of --l-diversity / --t-closeness'
    : 'sensitive column of --l-diversity';
}

/**
 * Numeric quasi-identifiers read with a decimal comma, in dot form, for the methods that compute
 * with their values (Mondrian ranges, microaggregation means).
 */
function withDotDecimals(
  table: ParsedCsv['table'],
  parsed: ParsedCsv,
  columns: readonly string[],
): ParsedCsv['table'] {
  const convert = columns.filter((name) => parsed.decimalComma.includes(name));
  if (convert.length === 0) return table;
  const names = table.columnNames();
  const out: Record<string, ArrayLike<unknown>> = {};
  for (const name of names) {
    const cells = table.array(name) as ArrayLike<unknown>;
    out[name] = convert.includes(name)
      ? Array.from(cells, (v) => (typeof v === 'string' ? v.replace(',', '.') : v))
      : cells;
  }
  return arqueroTable(out, names);
}

/**
 * How to read the input: every cell as its original text, missing-value tokens included, so that
 * the columns the method does not touch are written back as they were read.
 */
function readOptionsOf(flags: AnonymiseFlags, config: Config): ReadCsvOptions {
  const types: Record<string, ColumnType> = {};
  for (const [name, a] of Object.entries(config.attributes ?? {})) {
    if (a.type !== undefined) types[name] = a.type;
  }
  const options: ReadCsvOptions = { typed: false, keepMissingText: true, types };
  const delimiter = flags.delimiter ?? config.input?.delimiter;
  if (delimiter !== undefined) options.delimiter = parseDelimiter(delimiter);
  const decimal = parseDecimal(flags.decimal ?? config.input?.decimal, 'decimal');
  if (decimal !== undefined) options.decimal = decimal;
  const missing = flags.missing !== undefined ? flags.missing.split(',') : config.input?.missing;
  if (missing !== undefined) options.missing = missing;
  return options;
}

/** The output dialect: the input's unless flags or the config say otherwise. */
function writeOptionsOf(flags: AnonymiseFlags, config: Config, parsed: ParsedCsv): WriteCsvOptions {
  const options: WriteCsvOptions = { ...dialectOptions(parsed.dialect), types: parsed.types };
  const delimiter = flags.outputDelimiter ?? config.output?.delimiter;
  if (delimiter !== undefined) options.delimiter = parseDelimiter(delimiter);
  const decimal = parseDecimal(flags.outputDecimal ?? config.output?.decimal, 'output-decimal');
  if (decimal === '.' || decimal === ',') options.decimal = decimal;
  if (flags.bom ?? config.output?.bom) options.bom = true;
  if (flags.guardFormulas ?? config.output?.guardFormulas) options.guardFormulas = true;
  return options;
}

/**
 * The table the method sees: the input's text, except that a quasi-identifier cell holding a
 * missing-value token becomes null (a missing value, looked up in hierarchies as '').
 */
function withMissingQuasiIdentifiers(
  parsed: ParsedCsv,
  qis: readonly string[],
): ParsedCsv['table'] {
  const tokens = new Set(parsed.missing);
  const names = parsed.table.columnNames();
  const columns: Record<string, ArrayLike<unknown>> = {};
  let changed = false;
  for (const name of names) {
    const cells = parsed.table.array(name) as ArrayLike<unknown>;
    if (!qis.includes(name)) {
      columns[name] = cells;
      continue;
    }
    const out = Array.from(cells, (v) => (typeof v === 'string' && tokens.has(v) ? null : v));
    changed ||= out.some((v, i) => v !== cells[i]);
    columns[name] = out;
  }
  return changed ? arqueroTable(columns, names) : parsed.table;
}

/**
 * Numbers are passed through as text; when the output's decimal mark differs from the one a
 * decimal column was read with, the mark is swapped in that column's cells. `dotted` columns were
 * computed on (ranges, means) and hold dots whatever the input had.
 */
function convertDecimalMarks(
  table: ParsedCsv['table'],
  parsed: ParsedCsv,
  decimal: '.' | ',',
  dotted: readonly string[],
): ParsedCsv['table'] {
  const names = table.columnNames();
  const convert = names.filter((name) => {
    if (dotted.includes(name)) return decimal === ',';
    if (parsed.types[name] !== 'decimal') return false;
    const mark = parsed.decimalComma.includes(name) ? ',' : '.';
    return mark !== decimal;
  });
  if (convert.length === 0) return table;
  const from = decimal === ',' ? '.' : ',';
  const tokens = new Set(parsed.missing);
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of names) {
    const cells = table.array(name) as ArrayLike<unknown>;
    columns[name] = convert.includes(name)
      ? Array.from(cells, (v) => {
          if (typeof v !== 'string' || tokens.has(v)) return v;
          if (/^[+-]?\d+[.,]\d+$/.test(v)) return v.replace(from, decimal);
          // A range such as [2150.5-2200.75] (Mondrian): every mark in it.
          if (/^\[[^\]]*\]$/.test(v)) return v.split(from).join(decimal);
          return v;
        })
      : cells;
  }
  return arqueroTable(columns, names);
}
