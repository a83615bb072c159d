/**
 * MST (McKenna, Miklau, Sheldon 2021): differentially private synthetic data from noisy 1- and
 * 2-way marginals on a maximum spanning tree of the columns.
 *
 * Guarantee: pure ε-DP under add/remove-one-row neighbours (this implementation uses the
 * geometric mechanism and the exponential mechanism instead of the paper's Gaussian noise under
 * ρ-zCDP, so the budget is an ε and the ledger composes by addition). The budget is split in
 * three, 6/15, 1/15 and 8/15 by default (`budgetShares`; `graphical/budget.ts` makes the parts add
 * up to exactly ε), where the paper gives a third to each step: the tree's selection needs little
 * (on 30,000 rows the scores of the pairs differ by thousands and their sensitivity is 1), and the
 * 2-way tables have far more cells than the 1-way ones. On Adult at ε = 1 (seeds 1…5) equal thirds
 * gave a mean 2-way TVD of 0.0434 on 9 columns and 0.0399 on 8, these shares 0.0409 and 0.0370.
 *
 * 1. **1-way marginals** (ε₁ = 6ε/15): each of the d modelled columns' counts with geometric
 *    noise, ε₁ split among the columns in proportion to the square root of their domain sizes
 *    (which minimises the sum of the tables' expected L1 errors, each ∝ cells/εᵢ; each row adds 1
 *    to one cell of each marginal: sensitivity 1 per marginal). Categories whose noisy count is
 *    below 3 noise standard deviations are merged into one cell (the paper's domain compression;
 *    post-processing).
 * 2. **Selection** (ε₂ = ε/15): a spanning tree grown by Kruskal's rule where each of the d − 1
 *    edges is picked by the exponential mechanism (permute-and-flip, ε₂/(d − 1) each) among the
 *    pairs joining two components, scored by the L1 distance between the pair's true compressed
 *    2-way counts and the independent estimate N̂·p̂_a ⊗ p̂_b from the noisy 1-ways (N̂ the mean
 *    noisy total; both fixed by step 1, so one row moves a score by at most 1: sensitivity 1).
 * 3. **2-way marginals** (ε₃ = 8ε/15): each tree edge's compressed 2-way counts with geometric
 *    noise, ε₃ split among the edges in proportion to the square root of their compressed sizes.
 *
 * Fit (post-processing; a full Private-PGM is not needed for a tree): each column's counts are
 * estimated from its noisy 1-way counts and the row or column sums of the noisy 2-way tables of
 * the tree's edges at it, averaged with inverse-variance weights (the least-squares estimate
 * Private-PGM would compute for one column), projected onto non-negative counts with their total
 * (Euclidean projection onto the scaled simplex) and normalised; each edge's noisy table is fitted
 * by least squares among the non-negative tables with those two columns' distributions as row and
 * column sums (Dykstra's alternating projections; on Adult at ε = 1, seeds 6–15, this lowered the
 * mean 2-way TVD from 0.0409 to 0.0404 on 9 columns and from 0.0371 to 0.0368 on 8, against one
 * projection of the whole table), then raked (iterative proportional fitting) to them, so the
 * pairwise tables are non-negative and consistent with their 1-way tables; on a tree such tables
 * define one joint distribution, sampled ancestrally from a root (the first modelled column). A
 * merged cell is decoded as one of its categories drawn in proportion to their noisy 1-way counts
 * made non-negative (graphical/compress.ts; the paper draws uniformly), a bin as a uniform value
 * inside it (schema.ts). Sampling is stratified (systematic) ancestral sampling, each child's
 * values (and a merged cell's members) assigned by herding so that they keep their proportions in
 * every cell of the other columns (graphical/tree-model.ts), which removes most of the
 * Monte-Carlo error of independent draws: on Adult at ε = 1, seeds 1–20, the sample's mean 2-way
 * TVD is within 0.0001 of the fitted model's exact 2-way marginals' (0.0398 and 0.0397 on 9
 * columns). With a single modelled column the whole ε measures its 1-way marginal.
 *
 * Domains must be public (see graphical/dp-schema.ts): bounds for numeric and date columns,
 * categories for categorical ones, or `domainsFromData` (then flagged as not protected).
 *
 * Reference: R. McKenna, G. Miklau, D. Sheldon, "Winning the NIST contest: a scalable and general
 * approach to differentially private synthetic data", Journal of Privacy and Confidentiality 11(3),
 * 2021 (§4, MST); R. McKenna, D. Sheldon, "Permute-and-flip", NeurIPS 2020.
 */
import { DatanonymeError } from '../../src/errors.js';
import { PrivacyAccountant, splitBudget, type LedgerEntry } from '../../src/privacy/accountant.js';
import { secureRandom, seededRandom, type RandomSource } from '../../src/random/source.js';
import type { Dataset } from '../../src/types.js';
import { exponentialMechanism, geometricMechanism } from '../dp/mechanisms.js';
import {
  compressCodes,
  compressCounts,
  compressDomain,
  expandCodes,
  type Compression,
} from './graphical/compress.js';
import { dpView, schemaCodes, type PublicDomainOptions } from './graphical/dp-schema.js';
import { splitByWeights } from './graphical/budget.js';
import { noisyDistribution } from './graphical/estimate.js';
import { oneWayCounts, twoWayCounts } from './graphical/marginal.js';
import { growSpanningTree, type Edge } from './graphical/spanning-tree.js';
import {
  fitTreeModel,
  MAX_BALANCING_COLUMNS,
  nearestColumns,
  sampleTreeModel,
  type EdgeMeasurement,
} from './graphical/tree-model.js';
import { decimalRules, decode } from './schema.js';
import type { Generator, SynthesisModel } from './types.js';

/** Options of {@link fitMst}. */
export interface MstOptions extends PublicDomainOptions {
  /** The privacy budget ε (pure ε-DP), spent in full. */
  epsilon: number;
  /**
   * Seeds the noise: reproducible, and NOT fit for publication (the model says `seeded: true`).
   * @defaultValue none: noise from `secureRandom()`
   */
  seed?: string | number;
  /** The accountant charged. @defaultValue a new `PrivacyAccountant({ epsilon })` */
  accountant?: PrivacyAccountant;
  /**
   * The proportions of ε given to the 1-way marginals, the selection of the tree and the 2-way
   * marginals (normalised; see the module comment for why the default differs from the paper's
   * equal thirds).
   * @defaultValue [6, 1, 8]: 6/15, 1/15 and 8/15 of ε
   */
  budgetShares?: readonly [number, number, number];
}

/** The default {@link MstOptions.budgetShares}. */
export const MST_BUDGET_SHARES: readonly [number, number, number] = [6, 1, 8];

/** Noisy counts of a table, cell by cell (geometric mechanism, sensitivity 1). */
function noisyCounts(
  counts: Float64Array,
  epsilon: number,
  rng: RandomSource,
): [Float64Array, number] {
  const out = new Float64Array(counts.length);
  let variance = 0;
  for (let i = 0; i < counts.length; i++) {
    const v = geometricMechanism(counts[i] as number, 1, epsilon, rng);
    out[i] = v.value;
    variance = v.variance;
  }
  return [out, variance];
}

/** The checked {@link MstOptions.budgetShares} (read as `unknown`: callers may be JavaScript). */
function budgetShares(shares: unknown): readonly [number, number, number] {
  if (shares === undefined) return MST_BUDGET_SHARES;
  if (
    !Array.isArray(shares) ||
    shares.length !== 3 ||
    shares.some((w: unknown) => typeof w !== 'number' || !Number.isFinite(w) || w <= 0)
  ) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `budgetShares must be three finite numbers > 0, got ${JSON.stringify(shares)}`,
      { field: 'budgetShares', value: JSON.stringify(shares) },
    );
  }
  return shares as [number, number, number];
}

/**
 * Each column's 1-way counts (compressed domain) estimated from every measurement that reads
 * them: its own noisy 1-way counts and the row (or column) sums of the noisy 2-way table of each
 * tree edge at the column, averaged cell by cell with inverse-variance weights. The measurements
 * are independent and unbiased, so this is the minimum-variance unbiased linear combination of
 * them (the least-squares estimate that Private-PGM computes, restricted to one column).
 * Post-processing.
 */
function combinedOneWays(
  oneWay: readonly Float64Array[],
  oneWayVariance: readonly Float64Array[],
  edges: readonly EdgeMeasurement[],
  edgeVariance: readonly number[],
  sizes: readonly number[],
): Float64Array[] {
  const weighted = oneWay.map((y, k) => {
    const v = oneWayVariance[k] as Float64Array;
    return Float64Array.from(y, (x, i) => x / (v[i] as number));
  });
  const weight = oneWayVariance.map((v) => Float64Array.from(v, (x) => 1 / x));
  const add = (k: number, sums: Float64Array, variance: number): void => {
    const w = weighted[k] as Float64Array;
    const t = weight[k] as Float64Array;
    for (let i = 0; i < sums.length; i++) {
      w[i] = (w[i] as number) + (sums[i] as number) / variance;
      t[i] = (t[i] as number) + 1 / variance;
    }
  };
  edges.forEach((m, j) => {
    const { a, b } = m.edge;
    const rows = sizes[a] as number;
    const cols = sizes[b] as number;
    const rowSums = new Float64Array(rows);
    const colSums = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      for (let k = 0; k < cols; k++) {
        const x = m.counts[i * cols + k] as number;
        rowSums[i] = (rowSums[i] as number) + x;
        colSums[k] = (colSums[k] as number) + x;
      }
    }
    const v = edgeVariance[j] as number;
    add(a, rowSums, cols * v);
    add(b, colSums, rows * v);
  });
  return weighted.map((w, k) => {
    const t = weight[k] as Float64Array;
    return Float64Array.from(w, (x, i) => x / (t[i] as number));
  });
}

/** The L1 distance between the counts and the outer product total·p ⊗ q. */
function independenceError(
  counts: Float64Array,
  p: Float64Array,
  q: Float64Array,
  total: number,
): number {
  let err = 0;
  const cols = q.length;
  for (let a = 0; a < p.length; a++) {
    for (let b = 0; b < cols; b++) {
      err += Math.abs(
        (counts[a * cols + b] as number) - total * (p[a] as number) * (q[b] as number),
      );
    }
  }
  return err;
}

/**
 * Fits MST to `data` under ε-DP (see the module comment for the algorithm, the budget split and
 * the guarantee).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `epsilon`, or a column without public bounds or
 *   domain (unless `domainsFromData`); `BUDGET_EXCEEDED` when the accountant cannot pay ε (nothing
 *   is charged then).
 * @example
 * fitMst(data, { epsilon: 1, domainsFromData: true }).sample(100, 7).table.numRows() // => 100
 */
export function fitMst(data: Dataset, options: MstOptions): SynthesisModel {
  const epsilon = options.epsilon;
  if (typeof epsilon !== 'number' || !Number.isFinite(epsilon) || epsilon <= 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `epsilon must be a finite number > 0, got ${String(epsilon)}`,
      {
        field: 'epsilon',
        value: String(epsilon),
      },
    );
  }
  const view = dpView(data, options);
  const accountant = options.accountant ?? new PrivacyAccountant({ epsilon });
  accountant.check({ query: 'MST', mechanism: 'geometric+exponential', epsilon });
  const rng = options.seed === undefined ? secureRandom() : seededRandom(options.seed);
  const names = view.modelled.map((m) => (view.schema[m.index] as { name: string }).name);
  const d = view.modelled.length;
  const ledger: LedgerEntry[] = [];

  // 1. 1-way marginals
  const [eps1, eps2, eps3] =
    d >= 2 ? splitByWeights(epsilon, budgetShares(options.budgetShares)) : [epsilon, 0, 0];
  const compressions: Compression[] = [];
  const marginals: Float64Array[] = [];
  const oneWay: Float64Array[] = [];
  const oneWayVariance: Float64Array[] = [];
  const compressed: Int32Array[] = [];
  let totalSum = 0;
  if (d > 0) {
    const each = splitByWeights(
      eps1 as number,
      view.modelled.map((m) => Math.sqrt(m.size)),
    );
    ledger.push(
      ...accountant.spendAll(
        names.map((name, k) => ({
          query: `1-way marginal of ${name}`,
          mechanism: 'geometric',
          epsilon: each[k] as number,
          scale: 1 / (each[k] as number),
        })),
      ),
    );
    view.modelled.forEach((m, k) => {
      const counts = oneWayCounts(view.codes[k] as Int32Array, m.size);
      const [noisy, variance] = noisyCounts(counts, each[k] as number, rng);
      const c = compressDomain(noisy, 3 * Math.sqrt(variance));
      compressions.push(c);
      const y = compressCounts(noisy, c);
      oneWay.push(y);
      oneWayVariance.push(Float64Array.from(c.members, (members) => members.length * variance));
      for (const v of y) totalSum += v;
      marginals.push(noisyDistribution(y));
      compressed.push(compressCodes(view.codes[k] as Int32Array, c));
    });
  }
  const sizes = compressions.map((c) => c.size);

  // 2. selection of the tree's edges
  let tree: Edge[] = [];
  const measurements: EdgeMeasurement[] = [];
  const edgeVariance: number[] = [];
  if (d >= 2) {
    const total = Math.max(0, totalSum / d);
    const pairs: Edge[] = [];
    const score = new Map<string, number>();
    for (let a = 0; a < d; a++) {
      for (let b = a + 1; b < d; b++) {
        pairs.push({ a, b });
        const counts = twoWayCounts(
          compressed[a] as Int32Array,
          sizes[a] as number,
          compressed[b] as Int32Array,
          sizes[b] as number,
        );
        score.set(
          `${a},${b}`,
          independenceError(
            counts,
            marginals[a] as Float64Array,
            marginals[b] as Float64Array,
            total,
          ),
        );
      }
    }
    const rounds = splitBudget(eps2 as number, d - 1);
    let round = 0;
    tree = growSpanningTree(d, pairs, (candidates) => {
      const e = rounds[round++] as number;
      ledger.push(
        accountant.spend({
          query: `MST edge ${round} of ${d - 1}`,
          mechanism: 'exponential',
          epsilon: e,
        }),
      );
      const scores = candidates.map((c) => score.get(`${c.a},${c.b}`) as number);
      return exponentialMechanism(scores, 1, e, rng);
    });

    // 3. 2-way marginals of the tree's edges
    const each = splitByWeights(
      eps3 as number,
      tree.map((e) => Math.sqrt((sizes[e.a] as number) * (sizes[e.b] as number))),
    );
    ledger.push(
      ...accountant.spendAll(
        tree.map((e, k) => ({
          query: `2-way marginal of ${names[e.a] as string} × ${names[e.b] as string}`,
          mechanism: 'geometric',
          epsilon: each[k] as number,
          scale: 1 / (each[k] as number),
        })),
      ),
    );
    tree.forEach((e, k) => {
      const counts = twoWayCounts(
        compressed[e.a] as Int32Array,
        sizes[e.a] as number,
        compressed[e.b] as Int32Array,
        sizes[e.b] as number,
      );
      const [noisy, variance] = noisyCounts(counts, each[k] as number, rng);
      measurements.push({ edge: e, counts: noisy });
      edgeVariance.push(variance);
    });
    combinedOneWays(oneWay, oneWayVariance, measurements, edgeVariance, sizes).forEach((y, k) => {
      marginals[k] = noisyDistribution(y);
    });
  }

  const model = fitTreeModel(sizes, marginals, measurements);
  const details: Record<string, unknown> = {
    epsilon,
    ledger,
    seeded: rng.seeded,
    tree: tree.map((e) => [names[e.a], names[e.b]]),
    modelledColumns: names,
    mergedCategories: Object.fromEntries(
      compressions.map((c, k) => [
        names[k],
        c.size < c.originalSize ? (c.members[c.size - 1] as Int32Array).length : 0,
      ]),
    ),
    decimals: decimalRules(view.schema),
    warnings: view.warnings,
  };
  return {
    method: 'mst',
    dp: true,
    details,
    sample(n: number, seed: string | number): Dataset {
      if (!Number.isInteger(n) || n < 0) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `rows must be an integer ≥ 0, got ${String(n)}`,
          {
            field: 'rows',
            value: String(n),
          },
        );
      }
      const r = seededRandom(seed);
      const drawn = sampleTreeModel(model, n, r);
      // a merged cell's members balanced over the other columns (the nearest in the tree)
      const sampled = drawn.map((codes, k) => {
        const others = nearestColumns(
          model.parent,
          k,
          drawn.map((_, j) => j).filter((j) => j !== k),
          MAX_BALANCING_COLUMNS,
        );
        return expandCodes(codes, compressions[k] as Compression, r, {
          columns: others.map((j) => drawn[j] as Int32Array),
          sizes: others.map((j) => sizes[j] as number),
        });
      });
      return decode(schemaCodes(view, sampled, n), view.schema, r);
    },
  };
}

/** MST as a {@link Generator}. */
export const mst: Generator<MstOptions> = { name: 'mst', dp: true, fit: fitMst };
