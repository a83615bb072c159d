/**
 * Independent marginals: every column drawn on its own from its histogram over the discrete view
 * ({@link synthSchema}). It keeps each column's distribution (up to its bins) and its missing
 * rate, and nothing of the relations between columns: the floor every other generator is
 * measured against (the "marginal" baseline of Ping, Stoyanovich, Howe 2017, DataSynthesizer's
 * random mode, and of McKenna, Miklau, Sheldon 2021, §5).
 *
 * Numeric and date values are drawn uniformly inside their bin (never resampled from the data, so
 * no real value of a numeric column is copied unless its bin holds one value).
 *
 * DP variant (`epsilon`): one histogram per modelled column, each released with the geometric
 * mechanism (sensitivity 1: adding or removing one row changes one cell by 1) at ε/m for m
 * modelled columns, then made non-negative integers with a kept total (`consistentCounts`, post
 * processing). By sequential composition the model is ε-DP under add/remove-one-row neighbours,
 * provided the bin bounds and the categories are public: numeric and date columns need `bounds`,
 * categorical ones `domains`, or the explicit `domainsFromData` reads both from the data (the
 * details flag them as not private), the rule of MST and PrivBayes (graphical/dp-schema.ts). Missing cells are modelled only for the columns in `withMissing` (a public statement
 * that the column may be missing); elsewhere, missing cells and values outside a public domain are
 * not counted, and the output has no missing values. A column with one public value (a domain of
 * one category, bounds lo = hi) or no public value costs nothing. Under DP a decimal column's
 * number of decimals is public too (`decimals`, else its public bounds'; schema.ts), and the
 * details say which rule gave it.
 */
import { geometricMechanism } from '../dp/mechanisms.js';
import { checkEpsilon } from '../dp/parameters.js';
import { consistentCounts } from '../dp/queries/consistent.js';
import { DatanonymeError } from '../../src/errors.js';
import { PrivacyAccountant, splitBudget, type Spend } from '../../src/privacy/accountant.js';
import {
  secureRandom,
  seededRandom,
  uniformInt,
  type RandomSource,
} from '../../src/random/source.js';
import type { Dataset, Method } from '../../src/types.js';
import {
  codeCount,
  decimalRules,
  decimalWarnings,
  decode,
  discretise,
  identifierColumns,
  synthesisMethod,
  otherWarnings,
  synthSchema,
  type SampleOptions,
  type SynthColumn,
} from './schema.js';
import { missingPublicDomain } from './graphical/dp-schema.js';
import type { Generator, SynthesisModel } from './types.js';

/** Options of {@link independentMarginals}. */
export interface IndependentOptions {
  /**
   * The privacy budget: when given, the histograms are released under ε-DP (see the module comment).
   * @defaultValue none (not DP)
   */
  epsilon?: number;
  /**
   * Public bounds [lo, hi] of numeric columns (dates: days since 1970-01-01); required under DP
   * unless `domainsFromData`.
   * @defaultValue the column spec's `bounds`, else the data's min and max (under DP only with
   *   `domainsFromData`)
   */
  bounds?: Record<string, readonly [number, number]>;
  /**
   * Number of decimals per decimal column (0–10): its values are rounded to it and its bins are
   * at least one step of it wide.
   * @defaultValue under DP with public bounds, the decimals of the bounds' shortest text ([0,
   *   5000.5] → 1); else the most decimals of a value in the data (see schema.ts)
   */
  decimals?: Record<string, number>;
  /**
   * Public categories of categorical columns; required under DP unless `domainsFromData`.
   * @defaultValue the data's categories (not DP only)
   */
  domains?: Record<string, readonly string[]>;
  /**
   * DP: read the categories of columns without a `domains` entry, and the bounds of numeric and
   * date columns without `bounds`, from the data. They are then NOT private; the details say so.
   * @defaultValue false
   */
  domainsFromData?: boolean;
  /**
   * DP: the columns whose missing cells are modelled (a missing code in their histogram).
   * @defaultValue none: under DP, missing cells are not counted and the output has none
   */
  withMissing?: readonly string[];
  /** Categories kept per column, the rest as `(other)`. @defaultValue 50 */
  maxCategories?: number;
  /** Bins of numeric and date columns. @defaultValue 20 */
  bins?: number;
  /**
   * DP: a seed for the noise, for tests only; the model is then flagged `seeded` and is not fit
   * for publication.
   * @defaultValue none: the noise comes from `secureRandom()`
   */
  noiseSeed?: string | number;
}

/** One column's histogram over its codes (the missing code last). */
interface ColumnHistogram {
  counts: Float64Array;
  /** Cumulative counts, for drawing. */
  cumulative: Float64Array;
}

function histogramOf(counts: Float64Array): ColumnHistogram {
  const cumulative = new Float64Array(counts.length);
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    sum += counts[i] as number;
    cumulative[i] = sum;
  }
  return { counts, cumulative };
}

/** A code drawn with probability count/total (exact: a uniform integer below the total). */
function drawCode(h: ColumnHistogram, rng: RandomSource): number {
  const total = h.cumulative[h.cumulative.length - 1] as number;
  const u = uniformInt(rng, total);
  let lo = 0;
  let hi = h.cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((h.cumulative[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function checkRows(n: number): number {
  if (!Number.isInteger(n) || n < 0) {
    throw new DatanonymeError('BAD_PARAMETER', `rows must be an integer ≥ 0, got ${n}`, {
      field: 'rows',
      value: String(n),
    });
  }
  return n;
}

/** True when the column's histogram carries information from the data (and so costs budget). */
function modelled(column: SynthColumn, withMissing: ReadonlySet<string>): boolean {
  if (column.kind === 'empty') return false;
  if (column.kind === 'constant') return withMissing.has(column.name);
  return true;
}

/**
 * Fits independent marginals: each column's histogram over the discrete view, exact or (with
 * `epsilon`) ε-DP; identifier columns are dropped. See the module comment for the DP guarantee.
 *
 * @param data - the table and its column specs.
 * @param options - see {@link IndependentOptions}.
 * @returns a model whose `sample(n, seed)` draws n rows; `details` holds the columns, the dropped
 *   identifiers, warnings and, under DP, the budget and the accountant's ledger.
 * @throws DatanonymeError `BAD_PARAMETER` for a bad ε, schema option or, under DP, a numeric or
 *   date column without public bounds or a categorical one without a public domain, unless
 *   `domainsFromData` (naming every such column); `IMPOSSIBLE` when every column is an identifier; `NOT_FOUND` for a `withMissing`, `bounds` or `domains` column not in the data.
 * @example
 * independentMarginals(data, {}).sample(50, 7).table.numRows() // => 50
 */
export function independentMarginals(
  data: Dataset,
  options: IndependentOptions = {},
): SynthesisModel {
  const dp = options.epsilon !== undefined;
  const epsilon = dp ? checkEpsilon(options.epsilon, 'epsilon') : undefined;
  const names = new Set(data.columns.map((c) => c.name));
  for (const [field, list] of [
    ['withMissing', options.withMissing ?? []],
    ['bounds', Object.keys(options.bounds ?? {})],
    ['domains', Object.keys(options.domains ?? {})],
  ] as const) {
    for (const name of list) {
      if (!names.has(name)) {
        throw new DatanonymeError('NOT_FOUND', `${field}: column "${name}" is not in the data`, {
          column: name,
          field,
        });
      }
    }
  }
  const schema = synthSchema(data, {
    ...(options.maxCategories === undefined ? {} : { maxCategories: options.maxCategories }),
    ...(options.bins === undefined ? {} : { bins: options.bins }),
    ...(options.bounds === undefined ? {} : { bounds: options.bounds }),
    ...(options.domains === undefined ? {} : { domains: options.domains }),
    ...(options.decimals === undefined ? {} : { decimals: options.decimals }),
    dp,
  });
  const dropped = identifierColumns(data);
  if (schema.length === 0) {
    throw new DatanonymeError(
      'IMPOSSIBLE',
      'nothing to synthesise: every column is an identifier',
      {
        field: 'columns',
      },
    );
  }
  const warnings: string[] = dropped.map(
    (c) => `identifier column "${c}" dropped: identifiers are never modelled nor copied`,
  );
  warnings.push(...otherWarnings(schema, dp));
  if (dp) warnings.push(...decimalWarnings(schema, options.bins));
  const codes = discretise(data, schema);
  const withMissing = new Set(options.withMissing ?? []);
  const histograms: ColumnHistogram[] = [];
  let privacy: Record<string, unknown> | undefined;
  const seeded = dp && options.noiseSeed !== undefined;

  if (!dp) {
    for (let j = 0; j < schema.length; j++) {
      const counts = new Float64Array(codeCount(schema[j] as SynthColumn));
      for (const code of codes[j] as Int32Array) counts[code] = (counts[code] as number) + 1;
      histograms.push(histogramOf(counts));
    }
  } else {
    // The rule of every DP generator (graphical/dp-schema.ts): public bounds and categories, or
    // all of them read from the data with domainsFromData.
    if (options.domainsFromData !== true) {
      const refused = missingPublicDomain(schema);
      if (refused !== undefined) throw refused;
    }
    const fromData = schema
      .filter((c) => c.domainFromData === true || c.boundsFromData === true)
      .map((c) => c.name);
    if (fromData.length > 0) {
      warnings.push(
        `the categories and bounds of ${fromData.map((c) => `"${c}"`).join(', ')} were read from the data: ` +
          'they are NOT differentially private',
      );
    }
    const unmodelled = schema
      .filter((c) => c.kind !== 'empty' && c.kind !== 'constant' && !withMissing.has(c.name))
      .map((c) => c.name);
    if (unmodelled.length > 0) {
      // Said whether or not such cells exist: the warning reads nothing from the data.
      warnings.push(
        `the columns not in withMissing (${unmodelled.join(', ')}) are modelled without missing values: ` +
          'a missing cell there is not counted, and the output has none in them (synth --with-missing models them)',
      );
    }
    const rng = options.noiseSeed === undefined ? secureRandom() : seededRandom(options.noiseSeed);
    if (seeded) {
      warnings.push(
        'seeded: the noise is reproducible from the seed, so this model is NOT fit for publication',
      );
    }
    const accountant = new PrivacyAccountant({ epsilon: epsilon as number });
    const noisyColumns = schema.filter((c) => modelled(c, withMissing));
    const parts =
      noisyColumns.length === 0 ? [] : splitBudget(epsilon as number, noisyColumns.length);
    const spends: Spend[] = noisyColumns.map((c, i) => ({
      query: `histogram of ${c.name}`,
      mechanism: 'geometric',
      epsilon: parts[i] as number,
      scale: 1 / (parts[i] as number),
    }));
    if (spends.length > 0) accountant.spendAll(spends);
    let k = 0;
    for (let j = 0; j < schema.length; j++) {
      const column = schema[j] as SynthColumn;
      const cells = codeCount(column);
      const missingCode = cells - 1;
      const counts = new Float64Array(cells);
      if (!modelled(column, withMissing)) {
        // Public: one value (constant), or no value (empty).
        counts[column.kind === 'constant' ? 0 : missingCode] = 1;
        histograms.push(histogramOf(counts));
        continue;
      }
      const eps = parts[k++] as number;
      const keepMissing = withMissing.has(column.name);
      const used = keepMissing ? cells : cells - 1;
      const exact = new Float64Array(used);
      for (const code of codes[j] as Int32Array) {
        if (code < used) exact[code] = (exact[code] as number) + 1;
      }
      const noisy = new Float64Array(used);
      for (let c = 0; c < used; c++) {
        noisy[c] = geometricMechanism(exact[c] as number, 1, eps, rng).value;
      }
      const released = consistentCounts(noisy);
      let total = 0;
      for (const x of released) total += x;
      // All counts noised to nothing: the histogram says nothing, so draw uniformly.
      for (let c = 0; c < used; c++) counts[c] = total === 0 ? 1 : (released[c] as number);
      histograms.push(histogramOf(counts));
    }
    privacy = { ...accountant.toJSON(), seeded };
  }

  const details: Record<string, unknown> = {
    method: 'independent',
    dp,
    columns: schema.map((c) => ({
      name: c.name,
      kind: c.kind,
      categories: c.values.length,
      ...(dp ? {} : { missingRate: c.missingRate }),
    })),
    droppedIdentifiers: dropped,
    numeric: 'uniform inside the bin',
    warnings,
    ...(privacy === undefined
      ? {}
      : {
          epsilon,
          privacy,
          ledger: privacy.ledger,
          domainsFromData: options.domainsFromData === true,
          decimals: decimalRules(schema),
          withMissing: [...withMissing],
          seeded,
        }),
  };

  return {
    method: 'independent',
    dp,
    details,
    sample(n: number, seed: string | number): Dataset {
      checkRows(n);
      const rng = seededRandom(seed);
      const drawn = histograms.map((h) => {
        const out = new Int32Array(n);
        for (let i = 0; i < n; i++) out[i] = drawCode(h, rng);
        return out;
      });
      return decode(drawn, schema, rng);
    },
  };
}

/**
 * The independent-marginals generator, as the CLI and the benchmark see it.
 *
 * @example independent.fit(data, { epsilon: 1, domainsFromData: true }).dp // => true
 */
export const independent: Generator<IndependentOptions> = {
  name: 'independent',
  dp: false,
  fit: independentMarginals,
};

/**
 * {@link independentMarginals} as a {@link Method} for the benchmark loop: fit, then `rows` rows (default: as
 * many as the input) drawn with `seed` (default: a fresh one, in the parameters).
 *
 * @example
 * const release = await independentMethod.run(data, { rows: 100, seed: 1 });
 */
export const independentMethod: Method<IndependentOptions & SampleOptions> = synthesisMethod(
  'independent',
  independentMarginals,
);
