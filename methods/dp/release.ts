/**
 * `dpRelease`: a list of DP queries run on one table under one budget, as a {@link Release}.
 *
 * The plan is a JSON config (see {@link DpConfig}), validated field by field before anything else
 * (errors are `BAD_CONFIG` naming the field, `queries[2].bounds`); its total cost is then checked
 * against the budget — still before the data is read (cases B12, B14) — and the queries run in
 * order, each charged to the one accountant before its noise is drawn. The release's table is the
 * table of the `output` query (by default the first query that makes a table), or, when no query
 * makes a table, one row per query with its released value. Every other result, each query's
 * report and the ledger are in `details`.
 *
 * Budgets. Each query may state its own `epsilon` (and `delta` or `rho`); with an ε budget, the
 * queries that state none share equally what the others leave (ε, and δ among the queries that
 * need one). With a ρ (zCDP) budget every query states its own.
 */
import type { ColumnTable } from 'arquero';
import { table as arqueroTable } from 'arquero';
import { DatanonymeError } from '../../src/errors.js';
import {
  PrivacyAccountant,
  splitBudget,
  type PrivacyBudget,
} from '../../src/privacy/accountant.js';
import { secureRandom, seededRandom, type RandomSource } from '../../src/random/source.js';
import type { ColumnSpec, Dataset, Method, Release } from '../../src/types.js';
import { checkBounds, checkDelta, checkEpsilon, checkRho } from './parameters.js';
import {
  dpCount,
  dpCountBy,
  dpCountByPrivateKeys,
  dpHistogram,
  dpMean,
  dpQuantile,
  dpSum,
  dpVariance,
  type DomainValue,
  type DpTable,
  type DpValue,
  type QueryReport,
} from './queries/index.js';
import { tableOf } from './queries/options.js';
import { cellKey, columnOf } from './queries/rows.js';

/** The kinds of query a config can list. */
export const QUERY_TYPES = [
  'count',
  'sum',
  'mean',
  'variance',
  'quantile',
  'histogram',
  'count-by',
  'count-by-private-keys',
] as const;

/** One configured query. Which fields apply depends on `type` (see the query functions). */
export interface DpQueryConfig {
  type: (typeof QUERY_TYPES)[number];
  /** Its name in the ledger and the report. @defaultValue `<type>` or `<type> of <column>` */
  name?: string;
  epsilon?: number;
  delta?: number;
  rho?: number;
  mechanism?: 'geometric' | 'laplace' | 'gaussian';
  calibration?: 'analytic' | 'classic';
  column?: string;
  bounds?: [number, number];
  nonNumeric?: 'reject' | 'drop';
  where?: { column: string; equals: string | number };
  quantile?: number;
  candidates?: number;
  edges?: number[];
  by?: string[];
  domains?: Record<string, DomainValue[]>;
  /**
   * `count-by` only: the domains not given are the values seen in the data. That list is NOT
   * differentially private (it publishes which values occur); the report says so.
   */
  domainFromData?: boolean;
  outside?: 'reject' | 'drop';
  postProcess?: 'consistent' | 'clamp' | 'none';
  person?: string;
  maxContributions?: number;
}

/** A DP release plan. */
export interface DpConfig {
  /** The total budget (see PrivacyBudget). */
  budget: PrivacyBudget;
  /** A person column for every query (contribution bounding). */
  person?: string;
  /** @defaultValue 1 */
  maxContributions?: number;
  /** The non-numeric policy of every numeric query. @defaultValue `'reject'` */
  nonNumeric?: 'reject' | 'drop';
  queries: DpQueryConfig[];
  /** The name of the query whose table is the release's table. */
  output?: string;
}

/** Options of {@link dpRelease}. */
export interface DpReleaseOptions {
  /** A seed: the release is reproducible and marked `seeded` (not for publication). */
  seed?: string | number;
  /** A random source (tests); overrides `seed`. @defaultValue `secureRandom()` */
  rng?: RandomSource;
  /** The 1-based file line of data row `row`, for messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for messages. */
  file?: string;
  /** The config file, for messages. @defaultValue `'config'` */
  configFile?: string;
}

/** One query's outcome in `details.results`. */
export interface DpResult {
  query: string;
  type: DpQueryConfig['type'];
  /** The released number (scalar queries). */
  value?: number;
  /** The released rows (table queries). */
  rows?: Record<string, unknown>[];
  report: QueryReport;
}

/**
 * Runs the configured DP queries on a table under one budget.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming the field for an invalid config, `BUDGET_EXCEEDED`
 *   when the queries together cost more than the budget — both before the data is read; then
 *   whatever the queries throw (`BAD_INPUT`, `NOT_FOUND`).
 * @example dpRelease(table, { budget: { epsilon: 1 }, queries: [{ type: 'count' }] }).details.results
 */
export function dpRelease(
  data: Dataset | ColumnTable,
  config: unknown,
  options: DpReleaseOptions = {},
): Release {
  const file = options.configFile ?? 'config';
  const plan = validateDpConfig(config, file);
  const accountant = new PrivacyAccountant(plan.budget);
  const queries = allocate(plan, file);
  requireDeltas(queries, file);
  // The whole plan must fit before any data is read.
  accountant.check(
    ...queries.map((q) => ({
      query: q.name ?? q.type,
      mechanism: q.mechanism ?? q.type,
      ...budgetOf(q),
    })),
  );
  const rng =
    options.rng ?? (options.seed === undefined ? secureRandom() : seededRandom(options.seed));
  const results: DpResult[] = [];
  const tables = new Map<string, ColumnTable>();
  for (const q of queries) {
    const name = q.name ?? defaultName(q);
    const common = {
      accountant,
      rng,
      name,
      ...budgetOf(q),
      ...(q.person === undefined ? {} : { person: q.person }),
      ...(q.maxContributions === undefined ? {} : { maxContributions: q.maxContributions }),
      ...(options.lineOf === undefined ? {} : { lineOf: options.lineOf }),
      ...(options.file === undefined ? {} : { file: options.file }),
      ...(q.calibration === undefined ? {} : { calibration: q.calibration }),
    };
    const numeric = {
      column: q.column ?? '',
      ...(q.bounds === undefined ? {} : { bounds: q.bounds }),
      ...(q.nonNumeric === undefined ? {} : { nonNumeric: q.nonNumeric }),
    };
    const value = (r: DpValue): void => {
      results.push({ query: name, type: q.type, value: r.value, report: r.report });
    };
    const tabular = (r: DpTable): void => {
      tables.set(name, r.table);
      results.push({
        query: name,
        type: q.type,
        rows: r.table.objects() as Record<string, unknown>[],
        report: r.report,
      });
    };
    const valueMechanism = q.mechanism === 'gaussian' ? { mechanism: 'gaussian' as const } : {};
    const countMechanism = q.mechanism === undefined ? {} : { mechanism: q.mechanism };
    switch (q.type) {
      case 'count':
        value(
          dpCount(data, {
            ...common,
            ...countMechanism,
            ...(q.where === undefined ? {} : { where: q.where }),
          }),
        );
        break;
      case 'sum':
        value(dpSum(data, { ...common, ...numeric, ...valueMechanism }));
        break;
      case 'mean':
        value(dpMean(data, { ...common, ...numeric, ...valueMechanism }));
        break;
      case 'variance':
        value(dpVariance(data, { ...common, ...numeric, ...valueMechanism }));
        break;
      case 'quantile':
        value(
          dpQuantile(data, {
            ...common,
            ...numeric,
            quantile: q.quantile ?? 0.5,
            ...(q.candidates === undefined ? {} : { candidates: q.candidates }),
          }),
        );
        break;
      case 'histogram':
        tabular(
          dpHistogram(data, {
            ...common,
            ...countMechanism,
            column: numeric.column,
            edges: q.edges ?? [],
            ...(q.nonNumeric === undefined ? {} : { nonNumeric: q.nonNumeric }),
            ...(q.postProcess === undefined ? {} : { postProcess: q.postProcess }),
          }),
        );
        break;
      case 'count-by': {
        const by = q.by ?? [];
        const domains = { ...(q.domains ?? {}) };
        const fromData = by.filter((c) => domains[c] === undefined);
        if (q.domainFromData === true) {
          for (const c of fromData) domains[c] = domainFromData(tableOf(data), c, options.file);
        }
        const r = dpCountBy(data, {
          ...common,
          ...countMechanism,
          by,
          domains,
          ...(q.outside === undefined ? {} : { outside: q.outside }),
          ...(q.postProcess === undefined ? {} : { postProcess: q.postProcess }),
        });
        if (q.domainFromData === true && fromData.length > 0) {
          r.report.warnings.push({
            field: 'domainFromData',
            message:
              `the domain of ${fromData.map((c) => `"${c}"`).join(', ')} was read from the data and is published as is: ` +
              'which values occur is NOT differentially private; give public domains instead',
          });
        }
        tabular(r);
        break;
      }
      case 'count-by-private-keys':
        tabular(
          dpCountByPrivateKeys(data, {
            ...common,
            by: q.by ?? [],
            epsilon: q.epsilon ?? 0,
            delta: q.delta ?? 0,
          }),
        );
        break;
    }
  }
  const main = plan.output ?? results.find((r) => r.rows !== undefined)?.query;
  const table =
    main === undefined
      ? arqueroTable({
          query: results.map((r) => r.query),
          type: results.map((r) => r.type),
          value: results.map((r) => r.value ?? null),
          mechanism: results.map((r) => r.report.mechanism),
          expectedAbsoluteError: results.map((r) => r.report.expectedAbsoluteError),
          epsilon: results.map((r) => r.report.epsilon),
          delta: results.map((r) => r.report.delta),
        })
      : (tables.get(main) as ColumnTable);
  return {
    method: 'dp-queries',
    parameters: { ...plan, queries },
    table,
    columns: table.columnNames().map((name): ColumnSpec => ({
      name,
      type: name === 'count' || name === 'value' ? 'decimal' : 'categorical',
      role: 'insensitive',
    })),
    accounting: {
      rowsIn: tableOf(data).numRows(),
      rowsOut: table.numRows(),
      suppressedRows: 0,
      suppressedCells: 0,
      privacy: [...accountant.ledger],
    },
    details: {
      output: main ?? null,
      results,
      privacy: accountant.toJSON(),
      note: 'rowsIn is the exact number of input rows: it is not a DP statistic and must not be published',
    },
    seeded: rng.seeded,
  };
}

/**
 * When the queries that state their budget overspend it, names the first one that does, with
 * what the queries before it leave (case B16). The plan is refused as a whole: nothing is
 * released and nothing is spent.
 */
function refuseFirstOverspend(
  plan: DpConfig,
  stated: readonly DpQueryConfig[],
  file: string,
): void {
  const running = new PrivacyAccountant(plan.budget);
  stated.forEach((q, i) => {
    const spend = { query: q.name ?? q.type, mechanism: 'plan', ...budgetOf(q) };
    if (running.canSpend(spend)) {
      running.spendAll([spend]);
      return;
    }
    const left = running.remainingText();
    const wanted = [
      q.epsilon === undefined ? '' : `ε = ${String(q.epsilon)}`,
      q.delta === undefined ? '' : `δ = ${String(q.delta)}`,
      q.rho === undefined ? '' : `ρ = ${String(q.rho)}`,
    ]
      .filter((x) => x !== '')
      .join(', ');
    const leftText = [
      q.epsilon === undefined ? '' : `ε = ${left.epsilon}`,
      q.delta === undefined ? '' : `δ = ${left.delta}`,
      q.rho === undefined ? '' : `ρ = ${left.rho}`,
    ]
      .filter((x) => x !== '')
      .join(', ');
    throw new DatanonymeError(
      'BUDGET_EXCEEDED',
      `privacy budget exceeded: query ${i + 1} ("${spend.query}") needs ${wanted} but the queries before it leave only ${leftText}; the plan is refused as a whole: nothing was read, released or spent`,
      { file, field: `queries` },
    );
  });
}

/** The Method shape of {@link dpRelease}, for the benchmark and the CLI. */
export const dpReleaseMethod: Method<DpReleaseOptions & { config: DpConfig }> = {
  name: 'dp-queries',
  family: 'dp',
  run: (data, options) => Promise.resolve(dpRelease(data, options.config, options)),
};

function defaultName(q: DpQueryConfig): string {
  if (q.column !== undefined) return `${q.type} of ${q.column}`;
  if (q.by !== undefined) return `${q.type} by ${q.by.join(', ')}`;
  return q.type;
}

function budgetOf(q: DpQueryConfig): { epsilon?: number; delta?: number; rho?: number } {
  return {
    ...(q.epsilon === undefined ? {} : { epsilon: q.epsilon }),
    ...(q.delta === undefined ? {} : { delta: q.delta }),
    ...(q.rho === undefined ? {} : { rho: q.rho }),
  };
}

/** Whether a query needs δ: the Gaussian with (ε, δ), or private keys. */
function needsDelta(q: DpQueryConfig): boolean {
  return q.type === 'count-by-private-keys' || (q.mechanism === 'gaussian' && q.rho === undefined);
}

/** The queries with their budgets: those without one share what the others leave. */
function allocate(plan: DpConfig, file: string): DpQueryConfig[] {
  const queries = plan.queries.map((q) => ({
    ...q,
    ...(q.person === undefined && plan.person !== undefined ? { person: plan.person } : {}),
    ...(q.maxContributions === undefined && plan.maxContributions !== undefined
      ? { maxContributions: plan.maxContributions }
      : {}),
    ...(q.nonNumeric === undefined && plan.nonNumeric !== undefined
      ? { nonNumeric: plan.nonNumeric }
      : {}),
  }));
  const open = queries.filter((q) => q.epsilon === undefined && q.rho === undefined);
  refuseFirstOverspend(
    plan,
    queries.filter((q) => !open.includes(q)),
    file,
  );
  if (open.length === 0) return queries;
  if (plan.budget.rho !== undefined) {
    const i = queries.indexOf(open[0] as DpQueryConfig);
    throw new DatanonymeError(
      'BAD_CONFIG',
      `queries[${i}]: with a rho budget every query states its own epsilon or rho`,
      { file, field: `queries[${i}].epsilon` },
    );
  }
  // What the queries with a budget leave, exactly (a scratch accountant does the decimals).
  const scratch = new PrivacyAccountant(plan.budget);
  const stated = queries.filter((q) => !open.includes(q));
  if (stated.length > 0) {
    scratch.check(
      ...stated.map((q) => ({ query: q.name ?? q.type, mechanism: 'plan', ...budgetOf(q) })),
    );
    scratch.spendAll(
      stated.map((q) => ({ query: q.name ?? q.type, mechanism: 'plan', ...budgetOf(q) })),
    );
  }
  const left = scratch.remainingText();
  const epsilonLeft = Number(left.epsilon);
  if (!(epsilonLeft > 0)) {
    throw new DatanonymeError(
      'BUDGET_EXCEEDED',
      `the queries with an epsilon use the whole budget: nothing is left for the ${open.length} without one`,
      { file, field: 'queries' },
    );
  }
  const needing = open.filter((q) => needsDelta(q) && q.delta === undefined);
  const deltaLeft = Number(left.delta);
  // Number(text) may round up by half a unit in the last place: shrink until the shares fit.
  let epsilons = splitBudget(epsilonLeft, open.length);
  let deltas = needing.length > 0 && deltaLeft > 0 ? splitBudget(deltaLeft, needing.length) : [];
  for (let shrink = 1 - 1e-15; ; shrink -= 1e-15) {
    const trial = open.map((q, i) => {
      const j = needing.indexOf(q);
      return {
        query: 'share',
        mechanism: 'plan',
        epsilon: epsilons[i] as number,
        ...(j >= 0 && deltas[j] !== undefined ? { delta: deltas[j] } : {}),
      };
    });
    if (scratch.canSpend(...trial)) break;
    epsilons = splitBudget(epsilonLeft * shrink, open.length);
    if (deltas.length > 0) deltas = splitBudget(deltaLeft * shrink, needing.length);
  }
  open.forEach((q, i) => {
    q.epsilon = epsilons[i] as number;
    const j = needing.indexOf(q);
    if (j >= 0 && deltas[j] !== undefined) q.delta = deltas[j];
  });
  return queries;
}

/** Every query that needs δ (Gaussian with ε, private keys) has one. */
function requireDeltas(queries: readonly DpQueryConfig[], file: string): void {
  queries.forEach((q, i) => {
    if (needsDelta(q) && q.delta === undefined) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `queries[${i}]: ${q.type === 'count-by-private-keys' ? 'private keys need' : 'the Gaussian mechanism needs'} delta, and the budget has none left`,
        { file, field: `queries[${i}].delta` },
      );
    }
  });
}

/** The distinct values of a column, sorted (numbers numerically): NOT a private domain. */
function domainFromData(table: ColumnTable, column: string, file?: string): DomainValue[] {
  const cells = columnOf(table, column, file);
  const seen = new Map<string, DomainValue>();
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    const key = cellKey(v);
    if (!seen.has(key)) seen.set(key, typeof v === 'number' ? v : key);
  }
  const values = [...seen.values()];
  if (values.every((v) => typeof v === 'number')) return values.sort((a, b) => a - b);
  return values.sort((a, b) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Validation

type Json = Record<string, unknown>;

const QUERY_FIELDS: Record<DpQueryConfig['type'], readonly string[]> = {
  count: ['where', 'mechanism', 'calibration'],
  sum: ['column', 'bounds', 'nonNumeric', 'mechanism', 'calibration'],
  mean: ['column', 'bounds', 'nonNumeric', 'mechanism', 'calibration'],
  variance: ['column', 'bounds', 'nonNumeric', 'mechanism', 'calibration'],
  quantile: ['column', 'bounds', 'nonNumeric', 'quantile', 'candidates'],
  histogram: ['column', 'edges', 'nonNumeric', 'mechanism', 'calibration', 'postProcess'],
  'count-by': [
    'by',
    'domains',
    'domainFromData',
    'outside',
    'mechanism',
    'calibration',
    'postProcess',
  ],
  'count-by-private-keys': ['by'],
};

const COMMON_FIELDS = ['type', 'name', 'epsilon', 'delta', 'rho', 'person', 'maxContributions'];

/**
 * Checks a DP config field by field and returns it typed. Unknown fields are errors.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming the field (`queries[1].bounds: …`).
 * @example validateDpConfig({ budget: { epsilon: 1 }, queries: [{ type: 'count' }] }).queries.length // => 1
 */
export function validateDpConfig(value: unknown, file = 'config'): DpConfig {
  const fail = (field: string, message: string, v?: unknown): never => {
    throw new DatanonymeError('BAD_CONFIG', `${file}: ${field}: ${message}`, {
      file,
      field,
      ...(v === undefined ? {} : { value: JSON.stringify(v) }),
    });
  };
  /** Runs a parameter check, turning its error into a BAD_CONFIG naming `field`. */
  const check = <T>(field: string, f: (field: string) => T): T => {
    try {
      return f(field);
    } catch (e) {
      if (e instanceof DatanonymeError && e.code === 'BAD_PARAMETER') {
        throw new DatanonymeError('BAD_CONFIG', `${file}: ${e.message}`, {
          file,
          field,
          ...(e.value === undefined ? {} : { value: e.value }),
        });
      }
      throw e;
    }
  };
  const object = (v: unknown, field: string): Json => {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      fail(field, 'must be an object', v);
    return v as Json;
  };
  const keys = (o: Json, field: string, allowed: readonly string[]): void => {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) {
        fail(
          field === '' ? k : `${field}.${k}`,
          `unknown field (expected one of ${allowed.join(', ')})`,
        );
      }
    }
  };
  const string = (v: unknown, field: string): string => {
    if (typeof v !== 'string' || v === '') fail(field, 'must be a non-empty string', v);
    return v as string;
  };
  const oneOf = <T extends string>(v: unknown, field: string, options: readonly T[]): T => {
    if (!(options as readonly unknown[]).includes(v)) {
      fail(field, `must be one of ${options.map((o) => `"${o}"`).join(', ')}`, v);
    }
    return v as T;
  };
  const integer = (v: unknown, field: string, min: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
      fail(field, `must be an integer ≥ ${min}`, v);
    }
    return v as number;
  };

  const root = object(value, '');
  keys(root, '', [
    'budget',
    'person',
    'maxContributions',
    'nonNumeric',
    'queries',
    'output',
    '$schema',
    'description',
  ]);
  if (root.budget === undefined)
    fail('budget', 'is required: { "epsilon": … } (and "delta"), or { "rho": … }');
  const b = object(root.budget, 'budget');
  keys(b, 'budget', ['epsilon', 'delta', 'rho', 'composition', 'slack']);
  const budget: PrivacyBudget = {};
  if (b.epsilon !== undefined)
    budget.epsilon = check('budget.epsilon', (f) => checkEpsilon(b.epsilon, f));
  if (b.delta !== undefined) {
    budget.delta = check('budget.delta', (f) => checkDelta(b.delta, f, { allowZero: true }));
  }
  if (b.rho !== undefined) budget.rho = check('budget.rho', (f) => checkRho(b.rho, f));
  if (b.composition !== undefined) {
    budget.composition = oneOf(b.composition, 'budget.composition', ['basic', 'advanced'] as const);
  }
  if (b.slack !== undefined) budget.slack = check('budget.slack', (f) => checkDelta(b.slack, f));
  if (budget.epsilon === undefined && budget.rho === undefined) {
    fail('budget', 'needs "epsilon" (pure or with "delta") or "rho" (zCDP)');
  }
  check('budget', () => new PrivacyAccountant(budget));
  const plan: DpConfig = { budget, queries: [] };
  if (root.person !== undefined) plan.person = string(root.person, 'person');
  if (root.maxContributions !== undefined) {
    plan.maxContributions = integer(root.maxContributions, 'maxContributions', 1);
  }
  if (root.nonNumeric !== undefined) {
    plan.nonNumeric = oneOf(root.nonNumeric, 'nonNumeric', ['reject', 'drop'] as const);
  }
  if (!Array.isArray(root.queries) || root.queries.length === 0) {
    fail('queries', 'must be a non-empty list of queries', root.queries);
  }
  const names = new Set<string>();
  (root.queries as unknown[]).forEach((raw, i) => {
    const at = `queries[${i}]`;
    const q = object(raw, at);
    const type = oneOf(q.type, `${at}.type`, QUERY_TYPES);
    keys(q, at, [...COMMON_FIELDS, ...QUERY_FIELDS[type]]);
    const out: DpQueryConfig = { type };
    if (q.name !== undefined) out.name = string(q.name, `${at}.name`);
    const name =
      out.name ??
      defaultName({
        type,
        ...(typeof q.column === 'string' ? { column: q.column } : {}),
        ...(Array.isArray(q.by) ? { by: q.by as string[] } : {}),
      });
    if (names.has(name)) {
      fail(
        `${at}.name`,
        out.name === undefined
          ? `two queries would both be called "${name}" (their type and column): give this one a "name"`
          : `"${name}" names two queries; give each a distinct name`,
        name,
      );
    }
    names.add(name);
    if (q.epsilon !== undefined)
      out.epsilon = check(`${at}.epsilon`, (f) => checkEpsilon(q.epsilon, f));
    if (q.delta !== undefined) out.delta = check(`${at}.delta`, (f) => checkDelta(q.delta, f));
    if (q.rho !== undefined) out.rho = check(`${at}.rho`, (f) => checkRho(q.rho, f));
    if (q.person !== undefined) out.person = string(q.person, `${at}.person`);
    if (q.maxContributions !== undefined) {
      out.maxContributions = integer(q.maxContributions, `${at}.maxContributions`, 1);
    }
    if (q.mechanism !== undefined) {
      const allowed = ['count', 'histogram', 'count-by'].includes(type)
        ? (['geometric', 'laplace', 'gaussian'] as const)
        : (['laplace', 'gaussian'] as const);
      out.mechanism = oneOf(q.mechanism, `${at}.mechanism`, allowed);
    }
    if (q.calibration !== undefined) {
      out.calibration = oneOf(q.calibration, `${at}.calibration`, ['analytic', 'classic'] as const);
    }
    if (
      out.mechanism === 'gaussian' &&
      out.rho === undefined &&
      out.epsilon !== undefined &&
      out.delta === undefined
    ) {
      fail(`${at}.delta`, 'the Gaussian mechanism needs delta (or rho)');
    }
    if (QUERY_FIELDS[type].includes('column')) out.column = string(q.column, `${at}.column`);
    if (q.bounds !== undefined) out.bounds = check(`${at}.bounds`, (f) => checkBounds(q.bounds, f));
    else if (['sum', 'mean', 'variance', 'quantile'].includes(type)) {
      fail(
        `${at}.bounds`,
        'public [lower, upper] bounds are required (they are never read from the data)',
      );
    }
    if (q.nonNumeric !== undefined) {
      out.nonNumeric = oneOf(q.nonNumeric, `${at}.nonNumeric`, ['reject', 'drop'] as const);
    }
    if (q.where !== undefined) {
      const w = object(q.where, `${at}.where`);
      keys(w, `${at}.where`, ['column', 'equals']);
      if (typeof w.equals !== 'string' && typeof w.equals !== 'number') {
        fail(`${at}.where.equals`, 'must be a string or a number', w.equals);
      }
      out.where = {
        column: string(w.column, `${at}.where.column`),
        equals: w.equals as string | number,
      };
    }
    if (type === 'quantile') {
      const p = q.quantile ?? 0.5;
      if (typeof p !== 'number' || !(p >= 0 && p <= 1))
        fail(`${at}.quantile`, 'must be a number in [0, 1]', p);
      out.quantile = p as number;
      if (q.candidates !== undefined) out.candidates = integer(q.candidates, `${at}.candidates`, 2);
    }
    if (type === 'histogram') {
      const edges = q.edges;
      if (
        !Array.isArray(edges) ||
        edges.length < 2 ||
        !edges.every(
          (e, j) =>
            typeof e === 'number' &&
            Number.isFinite(e) &&
            (j === 0 || e > (edges[j - 1] as number)),
        )
      ) {
        fail(`${at}.edges`, 'must be at least two finite, strictly increasing numbers', edges);
      }
      out.edges = edges as number[];
    }
    if (type === 'count-by' || type === 'count-by-private-keys') {
      if (!Array.isArray(q.by) || q.by.length === 0)
        fail(`${at}.by`, 'must list at least one column', q.by);
      out.by = (q.by as unknown[]).map((c, j) => string(c, `${at}.by[${j}]`));
    }
    if (type === 'count-by') {
      const domains: Record<string, DomainValue[]> = {};
      if (q.domains !== undefined) {
        const d = object(q.domains, `${at}.domains`);
        for (const [column, values] of Object.entries(d)) {
          const field = `${at}.domains.${column}`;
          if (!(out.by ?? []).includes(column)) fail(field, `"${column}" is not in by`);
          if (!Array.isArray(values) || values.length === 0)
            fail(field, 'must be a non-empty list of values', values);
          (values as unknown[]).forEach((v, j) => {
            if (typeof v !== 'string' && typeof v !== 'number')
              fail(`${field}[${j}]`, 'must be a string or a number', v);
          });
          domains[column] = values as DomainValue[];
        }
      }
      out.domains = domains;
      if (q.domainFromData !== undefined) {
        if (typeof q.domainFromData !== 'boolean')
          fail(`${at}.domainFromData`, 'must be true or false', q.domainFromData);
        out.domainFromData = q.domainFromData as boolean;
      }
      const missing = (out.by ?? []).filter((c) => domains[c] === undefined);
      if (missing.length > 0 && out.domainFromData !== true) {
        fail(
          `${at}.domains.${missing[0] ?? ''}`,
          'no public domain: list its values, or set "domainFromData": true to read them from the data (not private)',
        );
      }
      if (q.outside !== undefined)
        out.outside = oneOf(q.outside, `${at}.outside`, ['reject', 'drop'] as const);
    }
    if (q.postProcess !== undefined) {
      out.postProcess = oneOf(q.postProcess, `${at}.postProcess`, [
        'consistent',
        'clamp',
        'none',
      ] as const);
    }
    if (type === 'count-by-private-keys' && budget.rho !== undefined) {
      fail(`${at}.type`, 'private keys need an (epsilon, delta) budget, not rho');
    }
    plan.queries.push(out);
  });
  if (root.output !== undefined) {
    const output = string(root.output, 'output');
    const tableQueries = plan.queries
      .filter((q) => ['histogram', 'count-by', 'count-by-private-keys'].includes(q.type))
      .map((q) => q.name ?? defaultName(q));
    if (!tableQueries.includes(output)) {
      fail(
        'output',
        `must name a query that makes a table (${tableQueries.join(', ') || 'none'})`,
        output,
      );
    }
    plan.output = output;
  }
  return plan;
}
