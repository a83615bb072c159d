/**
 * MST (McKenna, Miklau, Sheldon 2021): differentially private synthetic data from noisy 1- and
 * 2-way marginals on a maximum spanning tree of the columns.
 *
 * Guarantee: pure ε-DP under add/remove-one-row neighbours (this implementation uses the
 * geometric mechanism and the exponential mechanism instead of the paper's Gaussian noise under
 * ρ-zCDP, so the budget is an ε and the ledger composes by addition). The budget is split in three
 * as in the paper (`splitBudget(ε, 3)`):
 *
 * 1. **1-way marginals** (ε/3): each of the d modelled columns' counts with geometric noise of
 *    scale d/(ε/3) (each row adds 1 to one cell of each marginal: sensitivity 1 per marginal, ε/3
 *    split evenly). Categories whose noisy count is below 3 noise standard deviations are merged
 *    into one cell (the paper's domain compression; post-processing).
 * 2. **Selection** (ε/3): a spanning tree grown by Kruskal's rule where each of the d − 1 edges is
 *    picked by the exponential mechanism (permute-and-flip, ε/(3(d − 1)) each) among the pairs
 *    joining two components, scored by the L1 distance between the pair's true compressed 2-way
 *    counts and the independent estimate N̂·p̂_a ⊗ p̂_b from the noisy 1-ways (N̂ the mean noisy
 *    total; both fixed by step 1, so one row moves a score by at most 1: sensitivity 1).
 * 3. **2-way marginals** (ε/3): each tree edge's compressed 2-way counts with geometric noise of
 *    scale (d − 1)/(ε/3).
 *
 * Fit (post-processing; a full Private-PGM is not needed for a tree): each column's distribution is
 * its noisy 1-way counts projected onto non-negative counts with their noisy total (Euclidean
 * projection onto the scaled simplex) and normalised; each edge's noisy table is projected the
 * same way, then raked (iterative proportional fitting) to the two columns' distributions, so the
 * pairwise tables are non-negative and consistent with their 1-way tables; on a tree such tables
 * define one joint distribution, sampled ancestrally from a root (the first modelled column). A
 * merged cell is decoded as one of its categories drawn in proportion to their noisy 1-way counts
 * made non-negative (graphical/compress.ts; the paper draws uniformly), a bin as a uniform value
 * inside it (schema.ts). Sampling is stratified (systematic) ancestral sampling
 * (graphical/tree-model.ts), which removes most of the Monte-Carlo error of independent draws. With a single modelled column the whole ε measures its 1-way marginal.
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
import { noisyDistribution } from './graphical/estimate.js';
import { oneWayCounts, twoWayCounts } from './graphical/marginal.js';
import { growSpanningTree, type Edge } from './graphical/spanning-tree.js';
import { fitTreeModel, sampleTreeModel, type EdgeMeasurement } from './graphical/tree-model.js';
import { decode } from './schema.js';
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
}

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
  const [eps1, eps2, eps3] = d >= 2 ? splitBudget(epsilon, 3) : [epsilon, 0, 0];
  const compressions: Compression[] = [];
  const marginals: Float64Array[] = [];
  const compressed: Int32Array[] = [];
  let totalSum = 0;
  if (d > 0) {
    const each = splitBudget(eps1 as number, d);
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
      for (const v of y) totalSum += v;
      marginals.push(noisyDistribution(y));
      compressed.push(compressCodes(view.codes[k] as Int32Array, c));
    });
  }
  const sizes = compressions.map((c) => c.size);

  // 2. selection of the tree's edges
  let tree: Edge[] = [];
  const measurements: EdgeMeasurement[] = [];
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
    const each = splitBudget(eps3 as number, tree.length);
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
      measurements.push({ edge: e, counts: noisyCounts(counts, each[k] as number, rng)[0] });
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
      const sampled = sampleTreeModel(model, n, r).map((codes, k) =>
        expandCodes(codes, compressions[k] as Compression, r),
      );
      return decode(schemaCodes(view, sampled, n), view.schema, r);
    },
  };
}

/** MST as a {@link Generator}. */
export const mst: Generator<MstOptions> = { name: 'mst', dp: true, fit: fitMst };
