/**
 * PrivBayes (Zhang, Cormode, Procopiuc, Srivastava, Xiao 2017): differentially private synthetic
 * data from a Bayesian network whose structure and conditional tables are both learnt with noise.
 *
 * Guarantee: ε-DP under the paper's neighbouring relation, the replacement of one row (the number
 * of rows n is public). No row is ever left out, since that would make the number of rows fitted
 * private: missing values are a value of their own (a code) in every column with more than one
 * public value (the default of graphical/dp-schema.ts, and of the CLI). A column declared
 * non-nullable (`nullable: { col: false }`) has no missing code; its missing cells, if any, are
 * replaced before the fit by a value drawn uniformly from its public codes, a randomised map of
 * each row on its own, so replace-one neighbours stay replace-one neighbours. The budget is
 * split as the paper says: β·ε for the structure, (1 − β)·ε for the tables (β = 0.3 by default).
 *
 * 1. **Structure** (GreedyBayes, the paper's Algorithm 4 with θ-useful parent sets, §5): the first
 *    column is drawn uniformly; then, d − 1 times, a pair (X, Π) — X a column not yet in the
 *    network, Π a set of at most `degree` columns already in it — is picked by the exponential
 *    mechanism (permute-and-flip, β·ε/(d − 1) each) with score the mutual information I(X; Π) of the
 *    data, whose sensitivity is the paper's Lemma 4.1 bound for n rows. Only θ-useful pairs are
 *    candidates: the table X × Π has at most n·ε₂/(2·d·θ) cells (the average count per cell is at
 *    least θ times the noise scale 2d/ε₂ of step 2; θ = 4 as in the paper), with Π = ∅ always
 *    allowed, so no table grows past that bound (case B26: never a cross-product of all columns).
 * 2. **Conditional tables**: for every column, the counts of X × Π with geometric noise of scale
 *    2d/ε₂ (one row replaced moves two cells by one: L1 sensitivity 2; ε₂ split evenly over the d
 *    tables — the paper derives the first k tables from one joint table; here each column has its
 *    own, which is simpler and costs the same noise scale per table up to d/(d − k)).
 *    Post-processing: each table is projected onto non-negative counts with its noisy total
 *    (`consistentCounts`) and read as P(X | Π); a parent configuration left with no mass gets the
 *    table's own distribution of X.
 *
 * Sampling is ancestral in the network's order. Mutual information (not the paper's F or R score)
 * is the score: it is the paper's default for general domains and needs no binarisation.
 *
 * Reference: J. Zhang, G. Cormode, C. Procopiuc, D. Srivastava, X. Xiao, "PrivBayes: private data
 * release via Bayesian networks", ACM TODS 42(4), 2017; R. McKenna, D. Sheldon, "Permute-and-flip",
 * NeurIPS 2020.
 */
import { DatanonymeError } from '../../src/errors.js';
import { PrivacyAccountant, splitBudget, type LedgerEntry } from '../../src/privacy/accountant.js';
import {
  secureRandom,
  seededRandom,
  uniformInt,
  type RandomSource,
} from '../../src/random/source.js';
import type { Dataset } from '../../src/types.js';
import { consistentCounts } from '../dp/queries/consistent.js';
import { exponentialMechanism, geometricMechanism } from '../dp/mechanisms.js';
import {
  dpView,
  schemaCodes,
  type DpView,
  type ModelledColumn,
  type PublicDomainOptions,
} from './graphical/dp-schema.js';
import { normalised } from './graphical/estimate.js';
import { mutualInformation, mutualInformationSensitivity } from './graphical/mutual-information.js';
import { cumulative, uniformDouble } from './graphical/sample.js';
import { decimalRules, decode, type SynthColumn } from './schema.js';
import type { Generator, SynthesisModel } from './types.js';

/** Options of {@link fitPrivBayes}. */
export interface PrivBayesOptions extends PublicDomainOptions {
  /** The privacy budget ε, spent in full. */
  epsilon: number;
  /** The largest number of parents of a column (the paper's k). @defaultValue 2 */
  degree?: number;
  /** The share of ε spent on the structure. @defaultValue 0.3 */
  beta?: number;
  /** θ of θ-usefulness: the least ratio of average cell count to noise scale. @defaultValue 4 */
  theta?: number;
  /** Seeds the noise: reproducible, NOT fit for publication. @defaultValue none (`secureRandom()`) */
  seed?: string | number;
  /** The accountant charged. @defaultValue a new `PrivacyAccountant({ epsilon })` */
  accountant?: PrivacyAccountant;
}

/** One node of the network: a column (index among the modelled ones) and its parents. */
export interface NetworkNode {
  column: number;
  parents: number[];
}

/**
 * The DP view with no row left out (module comment): the columns declared non-nullable are read
 * as nullable, then their missing cells get a code drawn uniformly from the column's values and
 * the missing code is removed; such a column with a single value is not modelled (it comes back
 * constant), as `dpView` does.
 */
function imputedView(data: Dataset, options: PrivBayesOptions, rng: RandomSource): DpView {
  const declared = options.nullable ?? {};
  const strict = new Set(
    Object.entries(declared)
      .filter(([, v]) => !v)
      .map(([k]) => k),
  );
  if (strict.size === 0) return dpView(data, options);
  const nullable: Record<string, boolean> = { ...declared };
  for (const name of strict) nullable[name] = true;
  const view = dpView(data, { ...options, nullable });
  const modelled: ModelledColumn[] = [];
  const codes: Int32Array[] = [];
  view.modelled.forEach((m, k) => {
    const column = view.schema[m.index] as SynthColumn;
    const col = view.codes[k] as Int32Array;
    if (!strict.has(column.name)) {
      modelled.push(m);
      codes.push(col);
      return;
    }
    if (column.kind === 'constant') return;
    const values = column.values.length;
    const out = new Int32Array(col.length);
    for (let r = 0; r < col.length; r++) {
      const c = col[r] as number;
      out[r] = c === values ? uniformInt(rng, values) : c;
    }
    modelled.push({ index: m.index, size: values, nullable: false });
    codes.push(out);
  });
  const warnings = [
    ...view.warnings,
    `the columns declared non-nullable (${[...strict].join(', ')}) have no missing code: a missing cell there is replaced by a value drawn uniformly from its domain (no row is left out), and the output has none in them`,
  ];
  return { schema: view.schema, modelled, codes, warnings };
}

/** All subsets of `items` of size ≤ k, smallest first. */
function subsets(items: readonly number[], k: number): number[][] {
  const out: number[][] = [[]];
  const extend = (start: number, current: number[]): void => {
    if (current.length === k) return;
    for (let i = start; i < items.length; i++) {
      const next = [...current, items[i] as number];
      out.push(next);
      extend(i + 1, next);
    }
  };
  extend(0, []);
  return out;
}

/** The parent configuration of each row (mixed radix, first parent most significant). */
function configurations(
  codes: readonly Int32Array[],
  sizes: readonly number[],
  parents: readonly number[],
  n: number,
): Int32Array {
  const out = new Int32Array(n);
  for (const p of parents) {
    const c = codes[p] as Int32Array;
    const s = sizes[p] as number;
    for (let r = 0; r < n; r++) out[r] = (out[r] as number) * s + (c[r] as number);
  }
  return out;
}

function configurationCount(sizes: readonly number[], parents: readonly number[]): number {
  let m = 1;
  for (const p of parents) m *= sizes[p] as number;
  return m;
}

/** Counts of (configuration, value). */
function jointTable(config: Int32Array, rows: number, x: Int32Array, cols: number): Float64Array {
  const t = new Float64Array(rows * cols);
  for (let r = 0; r < x.length; r++) {
    const cell = (config[r] as number) * cols + (x[r] as number);
    t[cell] = (t[cell] as number) + 1;
  }
  return t;
}

function checkNumber(
  value: unknown,
  field: string,
  ok: (v: number) => boolean,
  what: string,
): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
    throw new DatanonymeError('BAD_PARAMETER', `${field} must be ${what}, got ${String(value)}`, {
      field,
      value: String(value),
    });
  }
  return value;
}

/**
 * Fits PrivBayes to `data` under ε-DP (see the module comment for the algorithm, the budget split
 * and the guarantee).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `epsilon`, `degree`, `beta`, `theta`, or a column
 *   without public bounds or domain (unless `domainsFromData`); `BUDGET_EXCEEDED` when the
 *   accountant cannot pay ε.
 * @example
 * fitPrivBayes(data, { epsilon: 1, domainsFromData: true }).sample(100, 7).table.numRows() // => 100
 */
export function fitPrivBayes(data: Dataset, options: PrivBayesOptions): SynthesisModel {
  const epsilon = checkNumber(options.epsilon, 'epsilon', (v) => v > 0, 'a finite number > 0');
  const degree = checkNumber(
    options.degree ?? 2,
    'degree',
    (v) => Number.isInteger(v) && v >= 0,
    'an integer ≥ 0',
  );
  const beta = checkNumber(options.beta ?? 0.3, 'beta', (v) => v > 0 && v < 1, 'in (0, 1)');
  const theta = checkNumber(options.theta ?? 4, 'theta', (v) => v > 0, 'a number > 0');
  const rng: RandomSource =
    options.seed === undefined ? secureRandom() : seededRandom(options.seed);
  const view = imputedView(data, options, rng);
  const outer = options.accountant ?? new PrivacyAccountant({ epsilon });
  outer.check({ query: 'PrivBayes', mechanism: 'geometric+exponential', epsilon });
  const inner = new PrivacyAccountant({ epsilon });
  const ledger: LedgerEntry[] = [];
  const charge = (spends: Parameters<PrivacyAccountant['spendAll']>[0]): void => {
    inner.spendAll(spends);
    ledger.push(...outer.spendAll(spends));
  };
  const names = view.modelled.map((m) => (view.schema[m.index] as { name: string }).name);
  const sizes = view.modelled.map((m) => m.size);
  const d = names.length;
  const n = view.codes[0]?.length ?? 0;

  // 1. structure
  const network: NetworkNode[] = [];
  const eps1 = d >= 2 ? beta * epsilon : 0;
  if (d >= 2) {
    const steps = splitBudget(eps1, d - 1);
    const remainingTables = (1 - beta) * epsilon; // for the θ-usefulness bound only
    const maxCells = Math.max(1, (n * remainingTables) / (2 * d * theta));
    const sensitivity = mutualInformationSensitivity(n);
    const first = uniformInt(rng, d);
    network.push({ column: first, parents: [] });
    const inNetwork = [first];
    const cache = new Map<string, number>();
    for (let step = 0; step < d - 1; step++) {
      const candidates: NetworkNode[] = [];
      const scores: number[] = [];
      const parentSets = subsets(inNetwork, degree);
      for (let x = 0; x < d; x++) {
        if (inNetwork.includes(x)) continue;
        for (const parents of parentSets) {
          const rows = configurationCount(sizes, parents);
          if (parents.length > 0 && rows * (sizes[x] as number) > maxCells) continue;
          const key = `${x}|${parents.join(',')}`;
          let score = cache.get(key);
          if (score === undefined) {
            const config = configurations(view.codes, sizes, parents, n);
            const t = jointTable(config, rows, view.codes[x] as Int32Array, sizes[x] as number);
            score = mutualInformation(t, rows, sizes[x] as number);
            cache.set(key, score);
          }
          candidates.push({ column: x, parents });
          scores.push(score);
        }
      }
      const e = steps[step] as number;
      charge([
        {
          query: `PrivBayes network step ${step + 1} of ${d - 1}`,
          mechanism: 'exponential',
          epsilon: e,
        },
      ]);
      const chosen = candidates[exponentialMechanism(scores, sensitivity, e, rng)] as NetworkNode;
      network.push(chosen);
      inNetwork.push(chosen.column);
    }
  } else if (d === 1) {
    network.push({ column: 0, parents: [] });
  }

  // 2. noisy conditional tables
  const tables: Float64Array[][] = [];
  if (d > 0) {
    const eps2 = inner.remaining().epsilon as number;
    const each = splitBudget(eps2, d);
    charge(
      network.map((node, k) => ({
        query: `PrivBayes table ${names[node.column] as string} | ${node.parents.map((p) => names[p]).join(', ') || '∅'}`,
        mechanism: 'geometric',
        epsilon: each[k] as number,
        scale: 2 / (each[k] as number),
      })),
    );
    network.forEach((node, k) => {
      const rows = configurationCount(sizes, node.parents);
      const cols = sizes[node.column] as number;
      const config = configurations(view.codes, sizes, node.parents, n);
      const t = jointTable(config, rows, view.codes[node.column] as Int32Array, cols);
      for (let i = 0; i < t.length; i++) {
        t[i] = geometricMechanism(t[i] as number, 2, each[k] as number, rng).value;
      }
      const projected = consistentCounts(t);
      const own = new Float64Array(cols);
      for (let i = 0; i < projected.length; i++) {
        own[i % cols] = (own[i % cols] as number) + (projected[i] as number);
      }
      const fallback = cumulative(normalised(own));
      const conditional: Float64Array[] = [];
      for (let a = 0; a < rows; a++) {
        let s = 0;
        for (let b = 0; b < cols; b++) s += projected[a * cols + b] as number;
        conditional.push(s > 0 ? cumulative(projected, a * cols, cols) : fallback);
      }
      tables.push(conditional);
    });
  }

  const details: Record<string, unknown> = {
    epsilon,
    beta,
    degree,
    theta,
    ledger,
    seeded: rng.seeded,
    network: network.map((node) => ({
      column: names[node.column],
      parents: node.parents.map((p) => names[p]),
    })),
    decimals: decimalRules(view.schema),
    warnings: view.warnings,
  };
  return {
    method: 'privbayes',
    dp: true,
    details,
    sample(rowsOut: number, seed: string | number): Dataset {
      if (!Number.isInteger(rowsOut) || rowsOut < 0) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `rows must be an integer ≥ 0, got ${String(rowsOut)}`,
          { field: 'rows', value: String(rowsOut) },
        );
      }
      const r = seededRandom(seed);
      const sampled = sizes.map(() => new Int32Array(rowsOut));
      network.forEach((node, k) => {
        const table = tables[k] as Float64Array[];
        const out = sampled[node.column] as Int32Array;
        const config = configurations(sampled, sizes, node.parents, rowsOut);
        for (let i = 0; i < rowsOut; i++) {
          out[i] = draw(table[config[i] as number] as Float64Array, r);
        }
      });
      return decode(schemaCodes(view, sampled, rowsOut), view.schema, r);
    },
  };
}

/** The first index whose running sum exceeds u·total. */
function draw(cum: Float64Array, rng: RandomSource): number {
  const last = cum.length - 1;
  const x = uniformDouble(rng) * (cum[last] as number);
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** PrivBayes as a {@link Generator}. */
export const privBayes: Generator<PrivBayesOptions> = {
  name: 'privbayes',
  dp: true,
  fit: fitPrivBayes,
};
