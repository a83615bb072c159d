/**
 * `datanonyme synth`: a synthetic table with the statistics of a CSV file.
 *
 *   datanonyme synth <input.csv> --method independent|copula|cart|privbayes|mst [--epsilon <ε>]
 *       [--bounds <col=lo:hi>]… [--domain <col=v1,v2,…>]… [--decimals <col=n>]…
 *       [--domain-from-data]
 *       [--with-missing <cols>] [--identifier <cols>] [--rows <n>] [--seed <s>]
 *       [--noise-seed <s>] [--outside reject|drop] -o <output.csv> [--report <r.json>]
 *
 * `privbayes` (with `--degree k`, default 2) and `mst` are always DP; `copula` and `cart`
 * (sequential CART, as in synthpop) never are. Identifier columns (`--identifier`) are dropped:
 * never modelled, never copied. `--seed` seeds the sampling (and the whole run when the method is
 * not DP: the same input, options and seed give the same bytes, case B21); without it a seed is
 * drawn and written in the report. Under DP (`--epsilon`) the noise comes from the secure source;
 * `--noise-seed` makes it reproducible for tests, and the report and stderr then say the output is
 * not fit for publication. Under DP the number of rows is private, so `--rows` is required,
 * numeric and date columns need public `--bounds`, and categorical columns a public `--domain` (or
 * `--domain-from-data`, which reads both from the data for every DP generator, flagged as NOT
 * private). A value outside its public `--domain` is an error naming its line, unless
 * `--outside drop` leaves such rows out (as `dp`'s `outside`). Under DP a decimal column's number
 * of decimals is public too: `--decimals col=n`, else as many as its `--bounds` are typed with
 * (`revenu=0:5000.00` → 2, as the config's `"0:5000.00"`; config bounds given as JSON numbers:
 * their shortest text), never
 * read from the data (but with `--domain-from-data`); the output writes them all (`2517.40`),
 * and the report's `details.decimals` says which rule gave them.
 *
 * Order of work, as in `anonymise` and `dp`: every flag and the output paths are checked before
 * the data is read; the report is written before the CSV and removed if the CSV cannot be
 * written; exit code 2 for any DatanonymeError, with nothing written.
 */
import { table as arqueroTable } from 'arquero';
import { checkEpsilon } from '../../methods/dp/parameters.js';
import { cart } from '../../methods/synthesis/cart.js';
import { copula } from '../../methods/synthesis/copula.js';
import { independent, type IndependentOptions } from '../../methods/synthesis/independent.js';
import { mst, type MstOptions } from '../../methods/synthesis/mst.js';
import { privBayes, type PrivBayesOptions } from '../../methods/synthesis/privbayes.js';
import {
  datePatternOf,
  dayNumber,
  OTHER,
  otherShare,
  synthSchema,
} from '../../methods/synthesis/schema.js';
import { freshIdentifiers } from '../../methods/synthesis/identifiers.js';
import type { SynthesisModel } from '../../methods/synthesis/types.js';
import { DatanonymeError, isDatanonymeError } from '../errors.js';
import { cellText } from '../hierarchy/validate.js';
import { distinctPresentTexts, isMissingValue } from '../metrics/utility/values.js';
import { secureRandom, seededRandom } from '../random/source.js';
import { missingColumnError, requireSeparatedColumns } from '../table/columns.js';
import { dialectOptions } from '../table/format.js';
import type { ParsedCsv } from '../table/parse.js';
import { fixedDecimalsOf, withDecimals } from '../table/decimals.js';
import { readCsvFile } from '../table/read-file.js';
import type { ColumnSpec, ColumnType, Dataset } from '../types.js';
import { validateConfig } from '../schema/config.js';
import {
  localeOfDialect,
  parseFakeLocale,
  type FakeLocale,
} from '../../methods/pseudonymisation/fake-values.js';
import {
  checkOutputs,
  configError,
  writeReportAndCsv,
  numberFlag,
  parseDecimal,
  parseDelimiter,
  parseList,
  readJsonFile,
} from './settings.js';
import type { ReadCsvOptions } from '../table/parse.js';
import { packageVersion } from './version.js';

/** The flags of `synth`, as commander hands them over. */
export interface SynthFlags {
  output?: string;
  method?: string;
  epsilon?: string;
  bounds?: string[];
  domain?: string[];
  /** DP: public decimals, `col=n` (repeatable, or a comma list). */
  decimals?: string[];
  domainFromData?: boolean;
  withMissing?: string;
  identifier?: string;
  identifiers?: string;
  rows?: string;
  seed?: string;
  noiseSeed?: string;
  degree?: string;
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
  /** A JSON config with the same fields as the flags (flags override it). */
  config?: string;
  /** The locale of fake identifiers. */
  locale?: string;
  /** CART: the visit sequence, comma-separated. */
  order?: string;
  /** CART: the fewest original rows in a leaf. */
  minLeaf?: string;
  /** A value outside its public `--domain`: `reject` (the default) or `drop` its row. */
  outside?: string;
}

/**
 * What a `synth --config` file holds: the fields of the flags, and the input dialect and column
 * types and roles as in the `anonymise` config (`input`, `attributes`). Scalars are kept as the
 * flags' text, so that one set of checks reads both.
 */
export interface SynthConfig {
  /** Scalar fields as flag text (`epsilon: 1` → `'1'`). */
  flags: SynthFlags;
  /** Numeric bounds per column (dates as days since 1970-01-01). */
  bounds: Record<string, [number, number]>;
  /** The bounds as written (`["1950-01-01", "2010-12-31"]`, `[0, 100]`), for the report. */
  boundsGiven: Record<string, [BoundEnd, BoundEnd]>;
  /** The bounds written as `"lo:hi"` text (`revenu` → `0:5000.00`), for the decimals typed. */
  boundsText: Record<string, string>;
  domains: Record<string, string[]>;
  /** DP: public number of decimals per decimal column. */
  decimals: Record<string, number>;
  withMissing?: string[];
  /** Identifier columns: `identifier` and the attributes with role `identifier`. */
  identifiers: string[];
  /** The columns each config field names (`attributes`, `identifier`, `bounds`, …), for errors. */
  named: Record<string, string[]>;
  order?: string[];
  /** Forced column types (`attributes.<column>.type`). */
  types: Record<string, ColumnType>;
  input: { delimiter?: string; decimal?: '.' | ',' | 'auto'; missing?: string[] };
}

/** The top-level fields of a `synth` config. */
const CONFIG_FIELDS = [
  '$schema',
  'description',
  'input',
  'attributes',
  'method',
  'epsilon',
  'rows',
  'seed',
  'noiseSeed',
  'degree',
  'bounds',
  'domain',
  'decimals',
  'domainFromData',
  'withMissing',
  'identifier',
  'identifiers',
  'locale',
  'order',
  'minLeaf',
  'outside',
] as const;

/** The generators `synth` knows, and whether they are available. */
export const SYNTH_METHODS = ['independent', 'copula', 'cart', 'privbayes', 'mst'] as const;
const AVAILABLE = new Set(['independent', 'copula', 'cart', 'privbayes', 'mst']);
const DP_CAPABLE = new Set(['independent', 'privbayes', 'mst']);
const DP_ONLY = new Set(['privbayes', 'mst']);

/** One end of a column's bounds as the user gave it: a number, or a date as its ISO text. */
type BoundEnd = number | string;

/** Everything checked before the data is read. */
interface SynthPlan {
  method: string;
  epsilon: number | undefined;
  bounds: Record<string, [number, number]>;
  domains: Record<string, string[]>;
  /**
   * DP: public decimals per column, and where each came from (`--decimals revenu=2`,
   * `config decimals.revenu`); `--bounds` flags, as typed, give the default of decimal columns.
   */
  decimals: Record<string, { decimals: number; as: string }>;
  /** The bounds as the user gave them: a date end as its ISO text, a number as a number. */
  boundsGiven: Record<string, [BoundEnd, BoundEnd]>;
  /**
   * The bounds given as text (a `--bounds` flag `revenu=0:5000.00`, a config's `"0:5000.00"`),
   * for the decimals they are typed with, and where they were given.
   */
  boundsText: Record<string, { spec: string; as: string }>;
  domainFromData: boolean;
  withMissing: string[];
  identifiers: string[];
  /** What identifier columns become: fresh invented values (the default) or nothing. */
  identifierMode: 'fake' | 'drop';
  rows: number | undefined;
  seed: string;
  seedGiven: boolean;
  noiseSeed: string | undefined;
  /** PrivBayes: the largest number of parents. */
  degree: number | undefined;
  /** The locale of fake identifiers, when given (else chosen from the input's dialect). */
  locale: FakeLocale | undefined;
  /** Where the locale came from. */
  localeFrom: 'flag' | 'config' | undefined;
  /** CART: the visit sequence and the fewest rows in a leaf. */
  order: string[] | undefined;
  minLeaf: number | undefined;
  /** A value outside its public domain: an error, or its row left out (as `dp`'s `outside`). */
  outside: 'reject' | 'drop';
}

/** Runs the command; returns the exit code (errors are thrown as DatanonymeError). */
export async function synthCommand(
  input: string,
  flags: SynthFlags,
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
  const config = flags.config === undefined ? undefined : await loadSynthConfig(flags.config);
  let plan = configuredPlan(flags, config);
  const readOptions = readOptionsOf(flags, config);
  await checkOutputs(output, flags.report, [
    input,
    ...(flags.config === undefined ? [] : [flags.config]),
  ]);

  // 2. The data, the model, the rows.
  const parsed = await readInput(input, readOptions, flags.config, config);
  // A wrong --delimiter reads each line as one value, which cart and independent would copy.
  requireSeparatedColumns(parsed);
  if (flags.config !== undefined && config !== undefined) {
    requireConfigColumns(parsed, flags.config, config);
  }
  let typed = datasetOf(parsed, plan, readOptions.types ?? {});
  const dp = plan.epsilon !== undefined;
  // Case B26: a text column whose values are all distinct is a direct identifier that every
  // generator would copy; it is treated as one (fresh values, or dropped) unless the config
  // models it (a role in `attributes`, a domain, a place in `order`). Under DP only when the
  // domains are read from the data anyway (`--domain-from-data`, not private): otherwise the
  // column is refused for want of a public domain.
  const modelled = new Set([
    ...(config?.named.attributes ?? []),
    ...Object.keys(plan.domains),
    ...(plan.order ?? []),
  ]);
  const candidates = likelyIdentifiers(typed);
  const detected =
    dp && !plan.domainFromData
      ? []
      : candidates.filter(
          (name) =>
            !modelled.has(name) &&
            typed.columns.find((c) => c.name === name)?.type === 'categorical',
        );
  if (detected.length > 0) {
    plan = { ...plan, identifiers: [...plan.identifiers, ...detected] };
    typed = {
      table: typed.table,
      columns: typed.columns.map((c) =>
        detected.includes(c.name) ? { ...c, role: 'identifier' as const } : c,
      ),
    };
  }
  const { data, left } = withinDomains(typed, parsed, plan, input);
  // The other all-distinct columns (integers, or modelled by the config): a warning only.
  const likely = candidates.filter((name) => !detected.includes(name));
  const decimals = dp ? publicDecimals(data, plan) : {};
  const model = fit(data, plan, decimals);
  const rows = plan.rows ?? parsed.rows;
  const sampled = model.sample(rows, plan.seed);
  const locale = plan.locale ?? localeOfDialect(parsed.dialect);
  const faked = plan.identifierMode === 'fake' && plan.identifiers.length > 0;
  const withIdentifiers = faked
    ? withFreshIdentifiers(sampled, parsed, plan, model.dp, rows, locale)
    : sampled;
  // Outside DP, a decimal column whose every input value has the same number of decimals
  // (2517,40 and 4339,00) is written with that many: the writer would give 2517,4 and 4339.
  // Under DP the format is not read from the data for this (a single row could change it): the
  // columns whose decimals are public (--decimals, --bounds) are written with them all.
  const details = dp ? withDecimalSources(model.details, decimals) : model.details;
  const fixed = dp ? publicFixedDecimals(details) : await fixedDecimals(input, readOptions, data);
  const synthetic = withFixedDecimals(withIdentifiers, fixed, parsed.dialect.decimal);

  // 3. The report, then the data.
  // A detected identifier gets its own warning below, which says why.
  const generic = (w: string): boolean =>
    detected.some((name) => w.startsWith(`identifier column "${name}" dropped`));
  const warnings = ((details.warnings as string[] | undefined) ?? [])
    .filter((w) => !generic(w))
    .map((w) =>
      // The generators drop identifier columns; the command puts fresh values back unless asked not to.
      plan.identifierMode === 'fake'
        ? w.replace(
            /^identifier column "(.*)" dropped: .*$/,
            'identifier column "$1": fresh invented values, never an input value (--identifiers drop removes it)',
          )
        : w,
    );
  // Under DP the report may be published with the data: a warning read from the data goes to
  // stderr only.
  const likelyWarnings = likely.map(
    (name) =>
      `column "${name}" has a different value in every row: likely an identifier; it is modelled as data (and its values can be copied) unless declared with --identifier ${name}`,
  );
  if (!dp) warnings.push(...likelyWarnings);
  const detectedWarnings = detected.map(
    (name) =>
      `column "${name}" has a different value in every row: treated as an identifier (${plan.identifierMode === 'fake' ? 'fresh invented values' : 'dropped'}), never copied; to model it as data, give it a role in the --config attributes`,
  );
  // Under DP missing values are modelled only in the --with-missing columns: the others come back
  // complete. The generators say so without reading the data; the shares, read from it, go to
  // stderr only.
  const fromDataWarnings = dp
    ? [...detectedWarnings, ...unmodelledMissing(data, plan), ...otherShares(data, plan)]
    : [];
  if (!dp) warnings.push(...detectedWarnings);
  // Rows left out by --outside drop: their number is read from the data, so under DP it goes to
  // stderr only (as dp's count-by, whose report says only that such rows were left out).
  const leftWarnings = left.map(
    ({ column, rows: count }) =>
      `--outside drop: ${count} row(s) whose value of "${column}" is outside its public --domain were left out of the fit`,
  );
  if (left.length > 0) {
    warnings.push(
      ...(dp
        ? [
            `--outside drop: rows whose value of ${left.map((l) => `"${l.column}"`).join(', ')} is outside the public --domain were left out of the fit (their number is read from the data: printed on stderr only)`,
          ]
        : leftWarnings),
    );
  }
  if (
    plan.noiseSeed !== undefined &&
    !warnings.some((w) => w.includes('NOT fit for publication'))
  ) {
    warnings.unshift(
      'seeded: the noise is reproducible from the seed, so this output is NOT fit for publication',
    );
  }
  const report = {
    command: 'synth',
    version: packageVersion(),
    durationMs: Math.round(performance.now() - started),
    input,
    output,
    method: plan.method,
    dp: model.dp,
    rows,
    seed: plan.seed,
    seedGiven: plan.seedGiven,
    noiseSeeded: plan.noiseSeed !== undefined,
    ...(plan.epsilon === undefined ? {} : { epsilon: plan.epsilon }),
    ...(details.ledger === undefined ? {} : { ledger: details.ledger }),
    columns: synthetic.table.columnNames(),
    ...(faked
      ? {
          identifierLocale: {
            locale,
            from:
              plan.localeFrom ??
              `the input's dialect (separator "${parsed.dialect.delimiter}", decimal mark "${parsed.dialect.decimal}")`,
          },
        }
      : {}),
    details,
    warnings,
    parameters: {
      method: plan.method,
      ...(plan.epsilon === undefined ? {} : { epsilon: plan.epsilon }),
      // As given: a date as its ISO text, not a day number, so that a config takes it back.
      bounds: plan.boundsGiven,
      domains: plan.domains,
      ...(dp
        ? {
            decimals: Object.fromEntries(Object.entries(decimals).map(([c, d]) => [c, d.decimals])),
          }
        : {}),
      domainFromData: flags.domainFromData === true,
      withMissing: plan.withMissing,
      identifiers: plan.identifiers,
      identifierMode: plan.identifierMode,
      ...(faked ? { locale } : {}),
      ...(plan.order === undefined ? {} : { order: plan.order }),
      ...(plan.minLeaf === undefined ? {} : { minLeaf: plan.minLeaf }),
      outside: plan.outside,
      rows,
      ...(flags.config === undefined ? {} : { config: flags.config }),
    },
  };
  const protect = [input];
  const reportPath = flags.report;
  const types: Record<string, ColumnSpec['type']> = {};
  for (const c of synthetic.columns) types[c.name] = c.type;
  await writeReportAndCsv(
    output,
    synthetic.table,
    { ...dialectOptions(parsed.dialect), types },
    { path: reportPath, content: report },
    protect,
  );
  for (const w of warnings) stderr(`datanonyme: warning: ${w}`);
  const fromData = dp ? [...leftWarnings, ...fromDataWarnings, ...likelyWarnings] : [];
  if (fromData.length > 0) {
    // Said once: the report may be published with the output, so under DP it holds nothing read
    // from the data beyond the DP model itself.
    stderr(
      'datanonyme: the warnings below are read from the data: under DP they are printed here only, never written in the report',
    );
    for (const w of fromData) stderr(`datanonyme: warning: ${w}`);
  }
  const spent =
    plan.epsilon === undefined ? 'not differentially private' : `ε = ${plan.epsilon} spent`;
  stderr(
    // Under DP the input's row count is private: it is not printed.
    `synth: ${plan.method}, ${rows} row(s)${plan.epsilon === undefined ? ` from ${parsed.rows}` : ''}, ${spent}; seed ${JSON.stringify(plan.seed)}`,
  );
  stderr(`written: ${output}${reportPath === undefined ? '' : `, report: ${reportPath}`}`);
  return 0;
}

/**
 * Reads the input; a column given a type under `attributes` of the config that the input lacks
 * is an error naming the config file and the field (`attributes.<name>`), not the input alone.
 */
async function readInput(
  input: string,
  options: ReadCsvOptions,
  configPath: string | undefined,
  config: SynthConfig | undefined,
): Promise<ParsedCsv> {
  try {
    return await readCsvFile(input, options);
  } catch (error) {
    const column = isDatanonymeError(error) ? error.column : undefined;
    if (
      configPath === undefined ||
      column === undefined ||
      !isDatanonymeError(error) ||
      error.line !== undefined ||
      config?.types[column] === undefined ||
      !error.message.includes('forced type')
    ) {
      throw error;
    }
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${configPath}: attributes.${column}: no such column in the input; ${error.message}`,
      { file: configPath, field: `attributes.${column}`, column },
    );
  }
}

/**
 * Every column a field of the config names (`attributes`, `identifier`, `bounds`, `domain`,
 * `withMissing`, `order`) is in the input: else an error naming the config file and the field
 * (`attributes.nom2`), how the input's header was split, and a close name if there is one.
 */
function requireConfigColumns(parsed: ParsedCsv, configPath: string, config: SynthConfig): void {
  const present = new Set(parsed.table.columnNames());
  for (const [field, names] of Object.entries(config.named)) {
    const name = names.find((n) => !present.has(n));
    if (name === undefined) continue;
    const where =
      field === 'attributes' || field === 'bounds' || field === 'domain' || field === 'decimals';
    const path = where ? `${field}.${name}` : field;
    const header = {
      names: parsed.table.columnNames(),
      delimiter: parsed.dialect.delimiter,
      ...(parsed.file === undefined ? {} : { file: parsed.file }),
    };
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${configPath}: ${path}: ${missingColumnError(header, name, 'column').message}`,
      { file: configPath, field: path, column: name },
    );
  }
}

/**
 * The decimal columns (not identifiers) whose every present input value is written with the same
 * number d ≥ 1 of decimals, and d: the input is read again as text, since a number read as 2517.4
 * no longer says it was written 2517,40.
 */
async function fixedDecimals(
  input: string,
  readOptions: ReadCsvOptions,
  data: Dataset,
): Promise<Map<string, number>> {
  const fixed = new Map<string, number>();
  const decimal = data.columns.filter((c) => c.type === 'decimal' && c.role !== 'identifier');
  if (decimal.length === 0) return fixed;
  const text = await readCsvFile(input, { ...readOptions, typed: false });
  for (const spec of decimal) {
    const count = fixedDecimalsOf(text.table.array(spec.name) as ArrayLike<unknown>, text.missing);
    if (count !== undefined) fixed.set(spec.name, count);
  }
  return fixed;
}

/**
 * The table with each column of `fixed` written as text with its number of decimals and the
 * output's decimal mark (`2517.4` → `2517,40`); missing cells stay missing.
 */
function withFixedDecimals(
  data: Dataset,
  fixed: ReadonlyMap<string, number>,
  mark: '.' | ',',
): Dataset {
  if (fixed.size === 0) return data;
  const names = data.table.columnNames();
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of names) {
    const cells = data.table.array(name) as ArrayLike<unknown>;
    const d = fixed.get(name);
    columns[name] = d === undefined ? cells : Array.from(cells, (v) => withDecimals(v, d, mark));
  }
  return { table: arqueroTable(columns, names), columns: data.columns };
}

/** Public decimals given to a DP generator, and where each came from. */
type PublicDecimals = Record<string, { decimals: number; from: 'option' | 'bounds'; as: string }>;

/**
 * Under DP, the public decimals of the decimal columns: `--decimals` (or the config's), else the
 * decimals of the column's `--bounds` as typed (`0:5000.00` → 2). A column without either gets
 * them from the generator: the shortest text of its config bounds, or the data with
 * `--domain-from-data`. A `--decimals` column that is not a decimal column is an error.
 */
function publicDecimals(data: Dataset, plan: SynthPlan): PublicDecimals {
  const out: PublicDecimals = {};
  for (const [name, given] of Object.entries(plan.decimals)) {
    const spec = data.columns.find((c) => c.name === name);
    if (spec === undefined) {
      throw new DatanonymeError(
        'NOT_FOUND',
        `--decimals ${name}: no column "${name}" in the input (columns: ${data.columns.map((c) => c.name).join(', ')})`,
        { column: name, field: 'decimals' },
      );
    }
    if (spec.type !== 'decimal' || spec.role === 'identifier') {
      const what =
        spec.role === 'identifier'
          ? 'an identifier'
          : `${/^[aeiou]/.test(spec.type) ? 'an' : 'a'} ${spec.type}`;
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--decimals ${name}: "${name}" is ${what} column; --decimals is for decimal columns`,
        { column: name, field: 'decimals' },
      );
    }
    out[name] = { ...given, from: 'option' };
  }
  for (const spec of data.columns) {
    if (spec.type !== 'decimal' || spec.role === 'identifier' || out[spec.name] !== undefined) {
      continue;
    }
    const text = plan.boundsText[spec.name];
    if (text === undefined) continue;
    out[spec.name] = { decimals: typedDecimals(text.spec), from: 'bounds', as: text.as };
  }
  return out;
}

/** The most decimals either end of `col=lo:hi` is typed with (`1e-2` → 2), at most 10. */
function typedDecimals(spec: string): number {
  const ends = spec.slice(spec.indexOf('=') + 1).split(':');
  let most = 0;
  for (const end of ends) {
    const m = /^[+-]?(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(end.trim());
    if (m === null) continue;
    most = Math.max(most, (m[2]?.length ?? 0) - Number(m[3] ?? 0));
  }
  return Math.min(10, Math.max(0, most));
}

/**
 * The model's details with each rule of `details.decimals` that the command chose saying where
 * it came from (`as: '--bounds revenu=0:5000.00'`, `from: 'bounds'`).
 */
function withDecimalSources(
  details: Record<string, unknown>,
  decimals: PublicDecimals,
): Record<string, unknown> {
  const rules = details.decimals as Record<string, { decimals: number; from: string }> | undefined;
  if (rules === undefined) return details;
  const out: Record<string, unknown> = {};
  for (const [name, rule] of Object.entries(rules)) {
    const given = decimals[name];
    out[name] = given === undefined ? rule : { ...rule, from: given.from, as: given.as };
  }
  return { ...details, decimals: out };
}

/** Under DP: the decimal columns whose decimals are public (not read from the data), if ≥ 1. */
function publicFixedDecimals(details: Record<string, unknown>): Map<string, number> {
  const rules = (details.decimals ?? {}) as Record<string, { decimals: number; from: string }>;
  const fixed = new Map<string, number>();
  for (const [name, rule] of Object.entries(rules)) {
    if (rule.from !== 'data' && rule.decimals >= 1) fixed.set(name, rule.decimals);
  }
  return fixed;
}

/** The fitted model of the plan's method. */
function fit(data: Dataset, plan: SynthPlan, decimals: PublicDecimals): SynthesisModel {
  const given = Object.fromEntries(Object.entries(decimals).map(([c, d]) => [c, d.decimals]));
  const decimalsOption = Object.keys(given).length === 0 ? {} : { decimals: given };
  if (plan.method === 'copula') {
    return copula.fit(data, { bounds: plan.bounds });
  }
  if (plan.method === 'cart') {
    return cart.fit(data, {
      bounds: plan.bounds,
      ...(plan.order === undefined ? {} : { order: plan.order }),
      ...(plan.minLeaf === undefined ? {} : { minLeaf: plan.minLeaf }),
    });
  }
  if (plan.method === 'mst' || plan.method === 'privbayes') {
    const options: MstOptions & PrivBayesOptions = {
      epsilon: plan.epsilon as number,
      bounds: plan.bounds,
      domains: plan.domains,
      ...decimalsOption,
      ...domainFlag(plan),
      // One rule for every DP generator of this command: missing values are modelled (a code
      // of their own) only in the --with-missing columns, a public statement; elsewhere PrivBayes
      // imputes a missing cell uniformly over the column's public domain (no row is left out).
      nullable: Object.fromEntries(
        data.columns
          .filter((c) => c.role !== 'identifier')
          .map((c) => [c.name, plan.withMissing.includes(c.name)]),
      ),
    };
    if (plan.noiseSeed !== undefined) options.seed = plan.noiseSeed;
    if (plan.method === 'mst') return mst.fit(data, options);
    if (plan.degree !== undefined) options.degree = plan.degree;
    return privBayes.fit(data, options);
  }
  const options: IndependentOptions = { bounds: plan.bounds, domains: plan.domains };
  if (plan.epsilon !== undefined) {
    options.epsilon = plan.epsilon;
    options.withMissing = plan.withMissing;
    if (decimalsOption.decimals !== undefined) options.decimals = decimalsOption.decimals;
    if (plan.noiseSeed !== undefined) options.noiseSeed = plan.noiseSeed;
  }
  return independent.fit(data, { ...options, ...domainFlag(plan) });
}

function domainFlag(plan: SynthPlan): { domainsFromData?: boolean } {
  return plan.domainFromData ? { domainsFromData: true } : {};
}

function identifierModeOf(text: string | undefined): 'fake' | 'drop' {
  if (text === undefined || text === 'fake') return 'fake';
  if (text === 'drop') return 'drop';
  throw new DatanonymeError('BAD_PARAMETER', `--identifiers must be fake or drop, got "${text}"`, {
    field: 'identifiers',
    value: text,
  });
}

/**
 * The synthetic table with every identifier column back in its input position, holding fresh
 * invented values (`freshIdentifiers`): under DP the column itself is not read, only its name.
 */
function withFreshIdentifiers(
  sampled: Dataset,
  parsed: ParsedCsv,
  plan: SynthPlan,
  dp: boolean,
  rows: number,
  locale: FakeLocale,
): Dataset {
  const rng = seededRandom(`${plan.seed}:identifiers`);
  const tokens = new Set(parsed.missing);
  const columns: Record<string, ArrayLike<unknown>> = {};
  const specs: ColumnSpec[] = [];
  for (const name of parsed.table.columnNames()) {
    if (plan.identifiers.includes(name)) {
      const originals = dp
        ? null
        : Array.from(parsed.table.array(name) as ArrayLike<unknown>)
            .map((v) => (v === null || v === undefined ? '' : cellText(v)))
            .filter((v) => v !== '' && !tokens.has(v));
      columns[name] = freshIdentifiers(name, originals, rows, rng, locale);
      specs.push({ name, type: 'categorical', role: 'identifier' });
    } else if (sampled.table.columnNames().includes(name)) {
      columns[name] = sampled.table.array(name) as ArrayLike<unknown>;
      const spec = sampled.columns.find((c) => c.name === name);
      if (spec !== undefined) specs.push(spec);
    }
  }
  return { table: arqueroTable(columns, Object.keys(columns)), columns: specs };
}

/** The dataset the generator sees: the input's types, identifiers by `--identifier`. */
function datasetOf(
  parsed: ParsedCsv,
  plan: SynthPlan,
  forced: Record<string, ColumnType>,
): Dataset {
  const names = parsed.table.columnNames();
  const check = (list: readonly string[], flag: string): void => {
    for (const name of list) {
      if (!names.includes(name)) {
        throw new DatanonymeError(
          'NOT_FOUND',
          `--${flag} ${name}: no column "${name}" in the input (columns: ${names.join(', ')})`,
          { column: name, field: flag },
        );
      }
    }
  };
  check(plan.identifiers, 'identifier');
  check(Object.keys(plan.bounds), 'bounds');
  check(Object.keys(plan.domains), 'domain');
  check(plan.withMissing, 'with-missing');
  // Text dates in another form than ISO (the reader's) are dates, written back in their form.
  const tokens = new Set(parsed.missing);
  const types: Record<string, ColumnType> = {};
  for (const name of names) {
    let type = parsed.types[name] ?? 'categorical';
    if (
      type === 'categorical' &&
      forced[name] === undefined &&
      !plan.identifiers.includes(name) &&
      plan.domains[name] === undefined
    ) {
      const present = Array.from(parsed.table.array(name) as ArrayLike<unknown>).filter(
        (v): v is string => typeof v === 'string' && v !== '' && !tokens.has(v),
      );
      if (datePatternOf(present) !== undefined) type = 'date';
    }
    types[name] = type;
  }
  for (const name of Object.keys(plan.bounds)) {
    if (types[name] === 'categorical') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--bounds ${name}: "${name}" is a categorical column; give --domain ${name}=… instead`,
        { column: name, field: 'bounds' },
      );
    }
  }
  for (const name of Object.keys(plan.domains)) {
    // Integer codes may have a domain: they are then categories, not a range.
    const type = types[name] ?? 'categorical';
    if (type !== 'categorical' && type !== 'integer') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--domain ${name}: "${name}" is ${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type} column; give --bounds ${name}=lo:hi instead`,
        { column: name, field: 'domain' },
      );
    }
  }
  const columns = names.map((name): ColumnSpec => {
    const spec: ColumnSpec = {
      name,
      type: types[name] ?? 'categorical',
      role: plan.identifiers.includes(name) ? 'identifier' : 'insensitive',
    };
    if (parsed.missing.length > 0) spec.missing = parsed.missing;
    return spec;
  });
  return { table: parsed.table, columns };
}

/**
 * Under DP: for each modelled column outside `--with-missing` that has missing cells, their share
 * in the input and that the output has none (MST leaves their rows out, PrivBayes imputes them,
 * independent does not count them).
 */
function unmodelledMissing(data: Dataset, plan: SynthPlan): string[] {
  const out: string[] = [];
  const n = data.table.numRows();
  if (n === 0) return out;
  for (const spec of data.columns) {
    if (spec.role === 'identifier' || plan.withMissing.includes(spec.name)) continue;
    const cells = data.table.array(spec.name) as ArrayLike<unknown>;
    let missing = 0;
    for (let r = 0; r < n; r++) if (isMissingValue(cells[r], spec)) missing++;
    if (missing === 0 || missing === n) continue;
    const share = (100 * missing) / n;
    out.push(
      `column "${spec.name}": ${share < 0.1 ? '< 0.1' : share.toFixed(1)} % of the input's cells are missing, the output has none (--with-missing ${spec.name} models them)`,
    );
  }
  return out;
}

/**
 * Under DP: for each column whose categories, read from the data, were cut to the most frequent
 * (schema.ts), the share of the input's rows written `(other)`; the report says only which
 * columns and how many categories.
 */
function otherShares(data: Dataset, plan: SynthPlan): string[] {
  const schema = synthSchema(data, { dp: true, domains: plan.domains, bounds: plan.bounds });
  return schema.flatMap((c) => {
    const share = otherShare(c);
    return share === undefined
      ? []
      : [`column "${c.name}": ${share} of the input's rows hold a value written "${OTHER}"`];
  });
}

/** The rows of a column whose value is outside its public domain, left out by `--outside drop`. */
interface LeftOut {
  column: string;
  rows: number;
}

/**
 * The data with every value of a `--domain` column inside its public domain. A value outside is
 * an error naming the file, its first line, the column and the value, and how many rows hold
 * such values (a generator would read it as missing and leave its row out or impute it, without
 * a word); with `--outside drop` those rows are left out (a filter of each row on its own, free
 * under add/remove-one neighbours), and their count per column is returned for the warnings.
 */
function withinDomains(
  data: Dataset,
  parsed: ParsedCsv,
  plan: SynthPlan,
  input: string,
): { data: Dataset; left: LeftOut[] } {
  const n = data.table.numRows();
  const keep = new Uint8Array(n).fill(1);
  const left: LeftOut[] = [];
  for (const [column, values] of Object.entries(plan.domains)) {
    const spec = data.columns.find((c) => c.name === column);
    if (spec === undefined || spec.role === 'identifier') continue;
    const domain = new Set(values);
    const cells = data.table.array(column) as ArrayLike<unknown>;
    let first = -1;
    let count = 0;
    for (let r = 0; r < n; r++) {
      const v = cells[r];
      // As the discrete view compares them (schema.ts): the cell's text.
      if (isMissingValue(v, spec) || domain.has(String(v))) continue;
      if (first < 0) first = r;
      count++;
      keep[r] = 0;
    }
    if (count === 0) continue;
    if (plan.outside === 'reject') {
      const value = String(cells[first]);
      const line = parsed.lineOf(first);
      throw new DatanonymeError(
        'BAD_INPUT',
        `${input}: line ${line}, column "${column}": "${value}" is not in the public --domain of "${column}" ` +
          `(${count} row(s) hold a value outside it); add it to --domain ${column}=…, or leave such rows out with --outside drop`,
        { file: input, line, column, value },
      );
    }
    left.push({ column, rows: count });
  }
  if (left.length === 0) return { data, left };
  const names = data.table.columnNames();
  const columns: Record<string, unknown[]> = {};
  for (const name of names) {
    columns[name] = Array.from(data.table.array(name) as ArrayLike<unknown>).filter(
      (_, r) => keep[r] === 1,
    );
  }
  return { data: { table: arqueroTable(columns, names), columns: data.columns }, left };
}

/** The config field of each flag whose errors `planOf` names by the flag (`min-leaf`). */
const CONFIG_FIELD_OF: Record<string, keyof SynthFlags> = {
  method: 'method',
  epsilon: 'epsilon',
  rows: 'rows',
  degree: 'degree',
  'min-leaf': 'minLeaf',
  order: 'order',
  seed: 'seed',
  'noise-seed': 'noiseSeed',
  outside: 'outside',
  identifiers: 'identifiers',
  locale: 'locale',
  'with-missing': 'withMissing',
  'domain-from-data': 'domainFromData',
  decimals: 'decimals',
};

/**
 * {@link planOf}, with an error about a value that came from the config file (not overridden by
 * a flag) naming that file and the field: `c.json: epsilon must be a finite number > 0, got -2`.
 */
function configuredPlan(given: SynthFlags, config: SynthConfig | undefined): SynthPlan {
  try {
    return planOf(given, config);
  } catch (e) {
    const path = given.config;
    if (config === undefined || path === undefined || !isDatanonymeError(e)) throw e;
    const key = e.field === undefined ? undefined : CONFIG_FIELD_OF[e.field];
    if (key === undefined) throw e;
    const flag = given[key];
    const byFlag =
      flag !== undefined && flag !== false && !(Array.isArray(flag) && flag.length === 0);
    const byConfig =
      config.flags[key] !== undefined ||
      (key === 'order' && config.order !== undefined) ||
      (key === 'withMissing' && config.withMissing !== undefined) ||
      (key === 'decimals' && Object.keys(config.decimals).length > 0);
    if (byFlag || !byConfig) throw e;
    throw configError(e, path, key);
  }
}

/** Checks every flag (over the config's fields) and builds the plan; nothing is read. */
function planOf(given: SynthFlags, config?: SynthConfig): SynthPlan {
  const defined = Object.fromEntries(
    Object.entries(given).filter(
      ([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0),
    ),
  ) as SynthFlags;
  const flags: SynthFlags = { ...config?.flags, ...defined };
  const method = flags.method;
  if (method === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `no method: give --method ${[...AVAILABLE].join('|')}`,
      { field: 'method' },
    );
  }
  if (!(SYNTH_METHODS as readonly string[]).includes(method)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `method must be one of ${SYNTH_METHODS.join(', ')}, got "${method}"`,
      { field: 'method', value: method },
    );
  }
  if (!AVAILABLE.has(method)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the ${method} generator is not available yet; use --method ${[...AVAILABLE].join(' or ')}`,
      { field: 'method', value: method },
    );
  }
  let epsilon: number | undefined;
  if (flags.epsilon !== undefined) {
    if (!DP_CAPABLE.has(method)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the ${method} generator is not differentially private: --epsilon is for ${[...DP_CAPABLE].join(', ')}`,
        { field: 'epsilon', value: flags.epsilon },
      );
    }
    epsilon = checkEpsilon(numberFlag(flags.epsilon, 'epsilon'), 'epsilon');
  }
  if (epsilon === undefined && DP_ONLY.has(method)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the ${method} generator is differentially private: give --epsilon <ε> (for example 1)`,
      { field: 'epsilon' },
    );
  }
  const dp = epsilon !== undefined;
  for (const [flag, isGiven] of [
    ['with-missing', flags.withMissing !== undefined || config?.withMissing !== undefined],
    ['noise-seed', flags.noiseSeed !== undefined],
    ['domain-from-data', flags.domainFromData === true],
    [
      'decimals',
      (flags.decimals ?? []).length > 0 || Object.keys(config?.decimals ?? {}).length > 0,
    ],
  ] as const) {
    if (isGiven && !dp) {
      throw new DatanonymeError('BAD_PARAMETER', `--${flag} is for a DP run: give --epsilon`, {
        field: flag,
      });
    }
  }
  // A column's bounds or domain on the command line replaces the config's.
  const bounds: Record<string, [number, number]> = { ...config?.bounds };
  const boundsGiven: Record<string, [BoundEnd, BoundEnd]> = { ...config?.boundsGiven };
  const boundsText: Record<string, { spec: string; as: string }> = {};
  for (const [column, text] of Object.entries(config?.boundsText ?? {})) {
    boundsText[column] = {
      spec: `${column}=${text}`,
      as: `config bounds.${column} ${JSON.stringify(text)}`,
    };
  }
  for (const spec of flags.bounds ?? []) {
    const [column, read] = boundsSpec(spec);
    bounds[column] = [read.lo, read.hi];
    boundsGiven[column] = read.given;
    boundsText[column] = { spec: spec.trim(), as: `--bounds ${spec.trim()}` };
  }
  // A column's decimals on the command line replace the config's.
  const decimals: Record<string, { decimals: number; as: string }> = {};
  for (const [column, d] of Object.entries(config?.decimals ?? {})) {
    decimals[column] = { decimals: d, as: `config decimals.${column}` };
  }
  for (const list of flags.decimals ?? []) {
    for (const spec of list.split(',')) {
      const [column, d] = decimalsSpec(spec);
      decimals[column] = { decimals: d, as: `--decimals ${column}=${d}` };
    }
  }
  const domains: Record<string, string[]> = { ...config?.domains };
  for (const spec of flags.domain ?? []) {
    const eq = spec.indexOf('=');
    const column = eq > 0 ? spec.slice(0, eq) : '';
    if (column === '') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--domain must be <column>=<v1,v2,…>, got "${spec}"`,
        { field: 'domain', value: spec },
      );
    }
    domains[column] = spec
      .slice(eq + 1)
      .split(',')
      .map((v) => v.trim());
  }
  let degree: number | undefined;
  if (flags.degree !== undefined) {
    if (method !== 'privbayes') {
      throw new DatanonymeError('BAD_PARAMETER', '--degree is for --method privbayes', {
        field: 'degree',
      });
    }
    degree = numberFlag(flags.degree, 'degree');
    if (!Number.isInteger(degree) || degree < 1) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--degree must be an integer ≥ 1, got "${flags.degree}"`,
        { field: 'degree', value: flags.degree },
      );
    }
  }
  let rows: number | undefined;
  if (flags.rows !== undefined) {
    const n = numberFlag(flags.rows, 'rows');
    if (!Number.isInteger(n) || n < 1) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--rows must be an integer ≥ 1, got "${flags.rows}"`,
        {
          field: 'rows',
          value: flags.rows,
        },
      );
    }
    rows = n;
  } else if (dp) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'a DP run needs --rows <n>: the number of rows of the input is private',
      { field: 'rows' },
    );
  }
  let order: string[] | undefined;
  let minLeaf: number | undefined;
  if (flags.order !== undefined) order = parseList(flags.order);
  else if (config?.order !== undefined) order = config.order;
  if (flags.minLeaf !== undefined) {
    minLeaf = numberFlag(flags.minLeaf, 'min-leaf');
    if (!Number.isInteger(minLeaf) || minLeaf < 1) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--min-leaf must be an integer ≥ 1, got "${flags.minLeaf}"`,
        { field: 'min-leaf', value: flags.minLeaf },
      );
    }
  }
  if ((order !== undefined || minLeaf !== undefined) && method !== 'cart') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--${order !== undefined ? 'order' : 'min-leaf'} is for --method cart`,
      { field: order !== undefined ? 'order' : 'min-leaf' },
    );
  }
  const outside = flags.outside ?? 'reject';
  if (outside !== 'reject' && outside !== 'drop') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--outside must be reject or drop, got "${outside}"`,
      {
        field: 'outside',
        value: outside,
      },
    );
  }
  if (outside === 'drop' && method === 'privbayes') {
    // Its guarantee is for the replacement of one row, with the number of rows public: a filter
    // would make that number private.
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--outside drop is not for --method privbayes, which keeps every row (its number of rows is public): add the values to --domain, or use --method mst',
      { field: 'outside', value: outside },
    );
  }
  const identifierMode = identifierModeOf(flags.identifiers);
  const locale = flags.locale === undefined ? undefined : parseFakeLocale(flags.locale, 'locale');
  if (locale !== undefined && identifierMode === 'drop') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--locale is the locale of fake identifiers: it does nothing with --identifiers drop',
      { field: 'locale' },
    );
  }
  const seedGiven = flags.seed !== undefined;
  const seed = seedGiven ? textFlag(flags.seed as string, 'seed') : freshSeed();
  const noiseSeed =
    flags.noiseSeed === undefined ? undefined : textFlag(flags.noiseSeed, 'noise-seed');
  return {
    method,
    epsilon,
    bounds,
    boundsGiven,
    boundsText,
    decimals,
    domains,
    withMissing:
      flags.withMissing !== undefined ? parseList(flags.withMissing) : (config?.withMissing ?? []),
    // Identifier columns: those of the flag and those of the config (more is safer).
    identifiers: [...new Set([...parseList(flags.identifier), ...(config?.identifiers ?? [])])],
    identifierMode,
    locale,
    localeFrom: locale === undefined ? undefined : given.locale !== undefined ? 'flag' : 'config',
    order,
    minLeaf,
    rows,
    seed,
    seedGiven,
    noiseSeed,
    degree,
    domainFromData: flags.domainFromData === true,
    outside,
  };
}

/** Bounds read from `lo:hi` text: numeric (dates as day numbers), and each end as given. */
interface ReadBounds {
  lo: number;
  hi: number;
  given: [BoundEnd, BoundEnd];
}

/**
 * `lo:hi` (the flag's text after `col=`, or a config's string), lo and hi numbers or YYYY-MM-DD
 * dates (read as days since 1970-01-01) with lo ≤ hi; undefined when it is not. A date end is
 * given back as its text, a number as a number.
 */
function readBoundsText(text: string): ReadBounds | undefined {
  const m = /^([^:]+):([^:]+)$/.exec(text);
  if (m === null) return undefined;
  const read = (end: string): [number, BoundEnd] => {
    const t = end.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return [dayNumber(t), t];
    const x = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
    return [x, x];
  };
  const [lo, loGiven] = read(m[1] as string);
  const [hi, hiGiven] = read(m[2] as string);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return undefined;
  return { lo, hi, given: [loGiven, hiGiven] };
}

/** `col=lo:hi`, lo and hi numbers or ISO dates (read as days since 1970-01-01). */
function boundsSpec(spec: string): [string, ReadBounds] {
  const m = /^([^=]+)=(.*)$/s.exec(spec);
  const read = m === null ? undefined : readBoundsText(m[2] as string);
  if (m === null || read === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--bounds must be <column>=<lo>:<hi> (numbers or YYYY-MM-DD dates) with lo ≤ hi, got "${spec}"`,
      { field: 'bounds', value: spec },
    );
  }
  return [(m[1] as string).trim(), read];
}

/** `col=n`, n an integer from 0 to 10: a column's public number of decimals. */
function decimalsSpec(spec: string): [string, number] {
  const m = /^([^=]+)=\s*(\d+)\s*$/.exec(spec);
  const d = m === null ? NaN : Number(m[2]);
  const column = m === null ? '' : (m[1] as string).trim();
  if (column === '' || !Number.isInteger(d) || d > 10) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--decimals must be <column>=<n> with n an integer from 0 to 10 (repeatable, or a comma list), got "${spec}"`,
      { field: 'decimals', value: spec },
    );
  }
  return [column, d];
}

/** A seed drawn from the secure source, as text (it goes into the report). */
function freshSeed(): string {
  const rng = secureRandom();
  return `${rng.uint32().toString(16).padStart(8, '0')}${rng.uint32().toString(16).padStart(8, '0')}`;
}

function textFlag(text: string, field: string): string {
  if (text.trim() === '') {
    throw new DatanonymeError('BAD_PARAMETER', `--${field} must not be empty`, { field });
  }
  return text;
}

/**
 * Reads and checks a `synth --config` file: every field of the flags (camelCase: `noiseSeed`,
 * `minLeaf`; `bounds` as `{ "age": [17, 90] }` or the flag's `{ "age": "17:90" }`, dates as
 * `"YYYY-MM-DD"` in either, `domain` as `{ "sex": ["F", "M"] }`, `decimals`
 * as `{ "revenu": 2 }`, lists as arrays), and `input` and `attributes` (types and roles) as in the `anonymise` config, read by
 * the same validator. Unknown fields are errors naming their path.
 *
 * @throws DatanonymeError `NOT_FOUND` for a missing file; `BAD_CONFIG` naming the field
 *   (`bounds.age: must be [lo, hi] or "lo:hi"`).
 * @example
 * (await loadSynthConfig('datasets/adult/synth.json')).flags.method // => 'mst'
 */
export async function loadSynthConfig(path: string): Promise<SynthConfig> {
  const json = await readJsonFile(path);
  const fail = (field: string, message: string, value?: unknown): never => {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${path}: ${field === '' ? '(top level)' : field}: ${message}`,
      {
        file: path,
        field,
        ...(value === undefined ? {} : { value: JSON.stringify(value) }),
      },
    );
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return fail('', 'must be an object', json);
  }
  const root = json as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!(CONFIG_FIELDS as readonly string[]).includes(key)) {
      fail(
        key,
        `unknown field (expected one of: ${CONFIG_FIELDS.filter((f) => !f.startsWith('$')).join(', ')})`,
      );
    }
  }
  // input and attributes: the anonymise config's reader, so both commands read them alike.
  const shared = validateConfig(
    {
      ...(root.input === undefined ? {} : { input: root.input }),
      ...(root.attributes === undefined ? {} : { attributes: root.attributes }),
    },
    path,
  );
  const types: Record<string, ColumnType> = {};
  const identifiers: string[] = [];
  for (const [name, a] of Object.entries(shared.attributes ?? {})) {
    if (a.hierarchy !== undefined) {
      fail(`attributes.${name}.hierarchy`, 'synth uses no hierarchies (bins and domains instead)');
    }
    if (a.type !== undefined) types[name] = a.type;
    if (a.role === 'identifier') identifiers.push(name);
  }
  const text = (key: string): string | undefined => {
    const v = root[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') return fail(key, 'must be a non-empty string', v);
    return v;
  };
  const numberText = (key: string): string | undefined => {
    const v = root[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v))
      return fail(key, 'must be a finite number', v);
    return String(v);
  };
  const list = (key: string): string[] | undefined => {
    const v = root[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) {
      return fail(key, 'must be an array of column names', v);
    }
    return (v as string[]).map((x) => x.trim().normalize('NFC'));
  };
  const flags: SynthFlags = {};
  const set = (key: keyof SynthFlags, value: string | undefined): void => {
    if (value !== undefined) (flags as Record<string, string>)[key] = value;
  };
  set('method', text('method'));
  set('epsilon', numberText('epsilon'));
  set('rows', numberText('rows'));
  set('degree', numberText('degree'));
  set('minLeaf', numberText('minLeaf'));
  set('identifiers', text('identifiers'));
  set('locale', text('locale'));
  set('outside', text('outside'));
  for (const key of ['seed', 'noiseSeed'] as const) {
    const v = root[key];
    if (typeof v === 'number' && Number.isFinite(v)) set(key, String(v));
    else set(key, text(key));
  }
  if (root.domainFromData !== undefined) {
    if (typeof root.domainFromData !== 'boolean') {
      fail('domainFromData', 'must be true or false', root.domainFromData);
    }
    if (root.domainFromData === true) flags.domainFromData = true;
  }
  const bounds: Record<string, [number, number]> = {};
  const boundsGiven: Record<string, [BoundEnd, BoundEnd]> = {};
  const typedBounds: Record<string, string> = {};
  if (root.bounds !== undefined) {
    const b = root.bounds;
    if (typeof b !== 'object' || b === null || Array.isArray(b))
      fail('bounds', 'must be an object: { "<column>": [lo, hi] or "lo:hi" }', b);
    for (const [raw, v] of Object.entries(b as Record<string, unknown>)) {
      const name = raw.normalize('NFC');
      const read = typeof v === 'string' ? readBoundsText(v) : boundsArray(v);
      if (read === undefined) {
        fail(
          `bounds.${raw}`,
          `must be [lo, hi] or "lo:hi": two numbers or two YYYY-MM-DD dates with lo ≤ hi, got ${JSON.stringify(v)}`,
          v,
        );
      }
      const { lo, hi, given } = read as ReadBounds;
      bounds[name] = [lo, hi];
      boundsGiven[name] = given;
      if (typeof v === 'string') typedBounds[name] = v.trim();
    }
  }
  const domains: Record<string, string[]> = {};
  if (root.domain !== undefined) {
    const d = root.domain;
    if (typeof d !== 'object' || d === null || Array.isArray(d))
      fail('domain', 'must be an object: { "<column>": ["v1", "v2"] }', d);
    for (const [name, v] of Object.entries(d as Record<string, unknown>)) {
      if (
        !Array.isArray(v) ||
        v.length === 0 ||
        !v.every((x) => typeof x === 'string' || typeof x === 'number')
      ) {
        fail(`domain.${name}`, 'must be a non-empty array of values', v);
      }
      domains[name.normalize('NFC')] = (v as (string | number)[]).map((x) => String(x));
    }
  }
  const decimals: Record<string, number> = {};
  if (root.decimals !== undefined) {
    const d = root.decimals;
    if (typeof d !== 'object' || d === null || Array.isArray(d))
      fail('decimals', 'must be an object: { "<column>": n }', d);
    for (const [name, v] of Object.entries(d as Record<string, unknown>)) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 10) {
        fail(`decimals.${name}`, 'must be an integer from 0 to 10', v);
      }
      decimals[name.normalize('NFC')] = v as number;
    }
  }
  const identifierField = list('identifier') ?? [];
  const withMissing = list('withMissing');
  const order = list('order');
  const config: SynthConfig = {
    flags,
    bounds,
    boundsGiven,
    boundsText: typedBounds,
    domains,
    decimals,
    identifiers: [...identifiers, ...identifierField],
    named: {
      attributes: Object.keys(shared.attributes ?? {}),
      identifier: identifierField,
      bounds: Object.keys(bounds),
      domain: Object.keys(domains),
      decimals: Object.keys(decimals),
      withMissing: withMissing ?? [],
      order: order ?? [],
    },
    types,
    input: shared.input ?? {},
  };
  if (withMissing !== undefined) config.withMissing = withMissing;
  if (order !== undefined) config.order = order;
  return config;
}

function isIsoDay(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && Number.isFinite(dayNumber(text));
}

/** A config's `[lo, hi]`: numbers or YYYY-MM-DD dates, lo ≤ hi; undefined when it is not. */
function boundsArray(v: unknown): ReadBounds | undefined {
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const given = v as unknown[];
  const [lo, hi] = given.map((x) =>
    typeof x === 'number' ? x : typeof x === 'string' && isIsoDay(x) ? dayNumber(x) : NaN,
  ) as [number, number];
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) return undefined;
  return { lo, hi, given: given as [BoundEnd, BoundEnd] };
}

/** How to read the input: the dialect flags over the config's `input`, its forced types. */
function readOptionsOf(flags: SynthFlags, config: SynthConfig | undefined): ReadCsvOptions {
  const options: ReadCsvOptions = { typed: true };
  if (config !== undefined && Object.keys(config.types).length > 0) options.types = config.types;
  const delimiter = flags.delimiter ?? config?.input.delimiter;
  if (delimiter !== undefined) options.delimiter = parseDelimiter(delimiter);
  const decimal = parseDecimal(flags.decimal ?? config?.input.decimal, 'decimal');
  if (decimal !== undefined) options.decimal = decimal;
  const missing = flags.missing !== undefined ? flags.missing.split(',') : config?.input.missing;
  if (missing !== undefined) options.missing = missing;
  return options;
}

/** Fewest present values before an all-distinct column is called a likely identifier. */
const LIKELY_IDENTIFIER_ROWS = { categorical: 10, integer: 50 } as const;

/**
 * Columns not declared identifiers whose present values are all distinct: categorical columns
 * with at least 10 present values, integer columns with at least 50 (fewer distinct ages or
 * counts are common in small files). Decimal and date columns are not flagged: distinct amounts
 * and timestamps are ordinary data. Case B26: a unique code modelled as a category is copied.
 */
function likelyIdentifiers(data: Dataset): string[] {
  const out: string[] = [];
  for (const c of data.columns) {
    if (c.role === 'identifier') continue;
    if (c.type !== 'categorical' && c.type !== 'integer') continue;
    const seen = distinctPresentTexts(data.table, c);
    if (seen !== undefined && seen.size >= LIKELY_IDENTIFIER_ROWS[c.type]) out.push(c.name);
  }
  return out;
}
