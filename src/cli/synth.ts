/**
 * `datanonyme synth`: a synthetic table with the statistics of a CSV file.
 *
 *   datanonyme synth <input.csv> --method independent|copula|cart|privbayes|mst [--epsilon <ε>]
 *       [--bounds <col=lo:hi>]… [--domain <col=v1,v2,…>]… [--domain-from-data]
 *       [--with-missing <cols>] [--identifier <cols>] [--rows <n>] [--seed <s>]
 *       [--noise-seed <s>] -o <output.csv> [--report <r.json>]
 *
 * `privbayes` (with `--degree k`, default 2) and `mst` are always DP; `copula` and `cart`
 * (sequential CART, as in synthpop) never are. Identifier columns (`--identifier`) are dropped:
 * never modelled, never copied. `--seed` seeds the sampling (and the whole run when the method is
 * not DP: the same input, options and seed give the same bytes, case B21); without it a seed is
 * drawn and written in the report. Under DP (`--epsilon`) the noise comes from the secure source;
 * `--noise-seed` makes it reproducible for tests, and the report and stderr then say the output is
 * not fit for publication. Under DP the number of rows is private, so `--rows` is required,
 * numeric and date columns need public `--bounds`, and categorical columns a public `--domain` (or
 * `--domain-from-data`, flagged as NOT private).
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
import { dayNumber } from '../../methods/synthesis/schema.js';
import { freshIdentifiers } from '../../methods/synthesis/identifiers.js';
import type { SynthesisModel } from '../../methods/synthesis/types.js';
import { DatanonymeError } from '../errors.js';
import { cellText } from '../hierarchy/validate.js';
import { secureRandom, seededRandom } from '../random/source.js';
import { dialectOptions } from '../table/format.js';
import type { ParsedCsv } from '../table/parse.js';
import { readCsvFile } from '../table/read-file.js';
import type { ColumnSpec, Dataset } from '../types.js';
import { checkOutputs, writeReportAndCsv, numberFlag, parseList, readDialect } from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `synth`, as commander hands them over. */
export interface SynthFlags {
  output?: string;
  method?: string;
  epsilon?: string;
  bounds?: string[];
  domain?: string[];
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
}

/** The generators `synth` knows, and whether they are available. */
export const SYNTH_METHODS = ['independent', 'copula', 'cart', 'privbayes', 'mst'] as const;
const AVAILABLE = new Set(['independent', 'copula', 'cart', 'privbayes', 'mst']);
const DP_CAPABLE = new Set(['independent', 'privbayes', 'mst']);
const DP_ONLY = new Set(['privbayes', 'mst']);

/** Everything checked before the data is read. */
interface SynthPlan {
  method: string;
  epsilon: number | undefined;
  bounds: Record<string, [number, number]>;
  domains: Record<string, string[]>;
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
  const plan = planOf(flags);
  const readOptions = readDialect(flags, { typed: true });
  await checkOutputs(output, flags.report, [input]);

  // 2. The data, the model, the rows.
  const parsed = await readCsvFile(input, readOptions);
  const data = datasetOf(parsed, plan);
  const model = fit(data, plan);
  const rows = plan.rows ?? parsed.rows;
  const sampled = model.sample(rows, plan.seed);
  const synthetic =
    plan.identifierMode === 'fake' && plan.identifiers.length > 0
      ? withFreshIdentifiers(sampled, parsed, plan, model.dp, rows)
      : sampled;

  // 3. The report, then the data.
  const details = model.details;
  const warnings = ((details.warnings as string[] | undefined) ?? []).map((w) =>
    // The generators drop identifier columns; the command puts fresh values back unless asked not to.
    plan.identifierMode === 'fake'
      ? w.replace(
          /^identifier column "(.*)" dropped: .*$/,
          'identifier column "$1": fresh invented values, never an input value (--identifiers drop removes it)',
        )
      : w,
  );
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
    details,
    warnings,
    parameters: {
      method: plan.method,
      ...(plan.epsilon === undefined ? {} : { epsilon: plan.epsilon }),
      bounds: plan.bounds,
      domains: plan.domains,
      domainFromData: flags.domainFromData === true,
      withMissing: plan.withMissing,
      identifiers: plan.identifiers,
      identifierMode: plan.identifierMode,
      rows,
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
  const spent =
    plan.epsilon === undefined ? 'not differentially private' : `ε = ${plan.epsilon} spent`;
  stderr(
    // Under DP the input's row count is private: it is not printed.
    `synth: ${plan.method}, ${rows} row(s)${plan.epsilon === undefined ? ` from ${parsed.rows}` : ''}, ${spent}; seed ${JSON.stringify(plan.seed)}`,
  );
  stderr(`written: ${output}${reportPath === undefined ? '' : `, report: ${reportPath}`}`);
  return 0;
}

/** The fitted model of the plan's method. */
function fit(data: Dataset, plan: SynthPlan): SynthesisModel {
  if (plan.method === 'copula') {
    return copula.fit(data, { bounds: plan.bounds });
  }
  if (plan.method === 'cart') {
    return cart.fit(data, { bounds: plan.bounds });
  }
  if (plan.method === 'mst' || plan.method === 'privbayes') {
    const options: MstOptions & PrivBayesOptions = {
      epsilon: plan.epsilon as number,
      bounds: plan.bounds,
      domains: plan.domains,
      ...domainFlag(plan),
      // As for every DP method of this command: only the --with-missing columns model missing
      // values (the graphical generators' own default is every non-constant column).
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
      columns[name] = freshIdentifiers(name, originals, rows, rng);
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
function datasetOf(parsed: ParsedCsv, plan: SynthPlan): Dataset {
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
  const bounds = { ...plan.bounds };
  for (const name of Object.keys(bounds)) {
    const type = parsed.types[name];
    if (type === 'categorical') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--bounds ${name}: "${name}" is a categorical column; give --domain ${name}=… instead`,
        { column: name, field: 'bounds' },
      );
    }
  }
  for (const name of Object.keys(plan.domains)) {
    // Integer codes may have a domain: they are then categories, not a range.
    if (parsed.types[name] !== 'categorical' && parsed.types[name] !== 'integer') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--domain ${name}: "${name}" is ${/^[aeiou]/.test(parsed.types[name] ?? 'categorical') ? 'an' : 'a'} ${parsed.types[name] ?? 'categorical'} column; give --bounds ${name}=lo:hi instead`,
        { column: name, field: 'domain' },
      );
    }
  }
  const columns = names.map((name): ColumnSpec => {
    const spec: ColumnSpec = {
      name,
      type: parsed.types[name] ?? 'categorical',
      role: plan.identifiers.includes(name) ? 'identifier' : 'insensitive',
    };
    if (parsed.missing.length > 0) spec.missing = parsed.missing;
    return spec;
  });
  return { table: parsed.table, columns };
}

/** Checks every flag and builds the plan; nothing is read. */
function planOf(flags: SynthFlags): SynthPlan {
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
  for (const [flag, given] of [
    ['with-missing', flags.withMissing !== undefined],
    ['noise-seed', flags.noiseSeed !== undefined],
    ['domain-from-data', flags.domainFromData === true],
  ] as const) {
    if (given && !dp) {
      throw new DatanonymeError('BAD_PARAMETER', `--${flag} is for a DP run: give --epsilon`, {
        field: flag,
      });
    }
  }
  const bounds: Record<string, [number, number]> = {};
  for (const spec of flags.bounds ?? []) {
    const [column, lo, hi] = boundsSpec(spec);
    bounds[column] = [lo, hi];
  }
  const domains: Record<string, string[]> = {};
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
  const seedGiven = flags.seed !== undefined;
  const seed = seedGiven ? textFlag(flags.seed as string, 'seed') : freshSeed();
  const noiseSeed =
    flags.noiseSeed === undefined ? undefined : textFlag(flags.noiseSeed, 'noise-seed');
  return {
    method,
    epsilon,
    bounds,
    domains,
    withMissing: parseList(flags.withMissing),
    identifiers: parseList(flags.identifier),
    identifierMode: identifierModeOf(flags.identifiers),
    rows,
    seed,
    seedGiven,
    noiseSeed,
    degree,
    domainFromData: flags.domainFromData === true,
  };
}

/** `col=lo:hi`, lo and hi numbers or ISO dates (read as days since 1970-01-01). */
function boundsSpec(spec: string): [string, number, number] {
  const m = /^([^=]+)=([^:]+):([^:]+)$/.exec(spec);
  const bad = (): DatanonymeError =>
    new DatanonymeError(
      'BAD_PARAMETER',
      `--bounds must be <column>=<lo>:<hi> (numbers or YYYY-MM-DD dates) with lo ≤ hi, got "${spec}"`,
      { field: 'bounds', value: spec },
    );
  if (m === null) throw bad();
  const read = (text: string): number => {
    const t = text.trim();
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) return dayNumber(t);
    return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
  };
  const lo = read(m[2] as string);
  const hi = read(m[3] as string);
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) throw bad();
  return [(m[1] as string).trim(), lo, hi];
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
