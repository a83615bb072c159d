/**
 * The propensity-score mean squared error (pMSE): stack the original's rows (label 0) and the
 * release's (label 1), N rows of which a share c = n_r / N are released, fit a model of the label
 * on the columns, and measure how well it tells the two apart:
 * pMSE = (1/N) Σ_i (p̂_i − c)², 0 when no row can be told apart.
 *
 * Its scale depends on the model, so it is standardised by its value under the null hypothesis
 * that both tables come from the same distribution (Snoke et al. 2018):
 * - `logistic` (main effects, `features.ts` design with k parameters, intercept included): null
 *   mean E = (k − 1)(1 − c)² c / N and standard deviation SD = √(2(k − 1)) (1 − c)² c / N;
 * - `cart` (`cart.ts`, cp 0.001, leaves of at least 5 rows): E and SD are the mean and standard
 *   deviation of the pMSE over label permutations (10, or 3 in quick mode).
 *
 * Figures: `pMSE`; `pMSERatio` = pMSE / E (about 1 for a release as good as a fresh sample of the
 * same population, larger is worse); `standardisedPMSE` = (pMSE − E) / SD. In quick mode each table
 * is sampled down to 5,000 rows (seeded).
 *
 * References: M.-J. Woo, J. Reiter, A. Oganian, A. Karr, "Global measures of data utility for
 * microdata masked for disclosure limitation", JPC 1(1), 2009; J. Snoke, G. Raab, B. Nowok,
 * C. Dibben, A. Slavković, "General and specific utility measures for synthetic data", JRSS-A
 * 181(3), 2018 (§2.2, the null distribution).
 */
import { sampleIndices, shuffle } from '../../random/sample.js';
import { seededRandom, type RandomSource } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { fitTree } from './cart.js';
import { cartFeatures, logisticDesign, readFeatures, stack } from './features.js';
import { fitLogistic } from './logistic.js';

/** Options of {@link propensityMse}. */
export interface PropensityOptions {
  /** The propensity model. */
  model: 'logistic' | 'cart';
  /** Seed of the sampling, the permutations and the spread of generalised labels. */
  seed: number;
  /** Sample each table to 5,000 rows and use 3 permutations. @defaultValue false */
  quick?: boolean;
  /** Label permutations for the CART null. @defaultValue 10 (3 when quick) */
  permutations?: number;
}

/** Rows each table is sampled to in quick mode. */
export const QUICK_ROWS = 5000;

const REFERENCE = 'pMSE (Woo, Reiter, Oganian, Karr 2009); standardised (Snoke et al. 2018)';

/** min(n, cap) distinct row indices out of n, sorted; all rows when n ≤ cap. */
export function sampleRows(rng: RandomSource, n: number, cap: number): Int32Array {
  return sampleIndices(rng, n, cap);
}

function pmseOf(fitted: ArrayLike<number>, c: number): number {
  let s = 0;
  for (let i = 0; i < fitted.length; i++) s += ((fitted[i] as number) - c) ** 2;
  return s / fitted.length;
}

/**
 * The pMSE of a release and its standardised versions (see the module comment).
 *
 * @param columns - the columns the propensity model reads; those the release lacks are skipped.
 * @throws DatanonymeError `NOT_FOUND` naming a column the original does not have;
 *   `BAD_PARAMETER` from the seed.
 * @example
 * propensityMse(original, release, ['age', 'sex'], { model: 'logistic', seed: 1 })[1]?.value // => about 1 for a good release
 */
export function propensityMse(
  original: Dataset,
  release: Dataset,
  columns: readonly string[],
  options: PropensityOptions,
): MetricValue[] {
  const names = ['pMSE', 'pMSERatio', 'standardisedPMSE'];
  const na = (reason: string): MetricValue[] =>
    names.map((n) => notApplicable(n, 'utility', reason, REFERENCE, columns));
  const { features, skipped } = readFeatures(original, [original, release], [...new Set(columns)]);
  if (features.length === 0) return na('no column in both tables');
  const no = original.table.numRows();
  const nr = release.table.numRows();
  if (no === 0 || nr === 0)
    return na(no === 0 ? 'the original has no rows' : 'the release has no rows');
  const rng = seededRandom(options.seed);
  const cap = options.quick === true ? QUICK_ROWS : Infinity;
  const s = stack([sampleRows(rng, no, cap), sampleRows(rng, nr, cap)]);
  const n = s.part.length;
  const y = Uint8Array.from(s.part);
  let released = 0;
  for (const v of y) released += v;
  const c = released / n;
  const base = ((1 - c) ** 2 * c) / n;
  const used = features.map((f) => f.name);
  let pmse: number;
  let nullMean: number;
  let nullSd: number;
  const details: Record<string, unknown> = {
    model: options.model,
    rows: n,
    c,
    skippedColumns: skipped,
  };
  if (options.model === 'logistic') {
    const x = logisticDesign(features, s);
    const fit = fitLogistic(x, y);
    pmse = pmseOf(fit.fitted, c);
    const k = x.columns;
    nullMean = (k - 1) * base;
    nullSd = Math.sqrt(2 * (k - 1)) * base;
    Object.assign(details, { parameters: k, iterations: fit.iterations });
  } else {
    const coded = cartFeatures(features, s, rng);
    const all = Int32Array.from({ length: n }, (_, i) => i);
    const fitOnce = (labels: Uint8Array): number => {
      const tree = fitTree(coded, labels, 2, all);
      const fitted = new Float64Array(n);
      for (let k = 0; k < n; k++) fitted[k] = tree.predict(coded, k)[1] as number;
      return pmseOf(fitted, c);
    };
    pmse = fitOnce(y);
    const permutations = Math.max(
      2,
      Math.floor(options.permutations ?? (options.quick === true ? 3 : 10)),
    );
    const nulls: number[] = [];
    const perm = y.slice();
    for (let t = 0; t < permutations; t++) {
      shuffle(rng, perm);
      nulls.push(fitOnce(perm));
    }
    nullMean = nulls.reduce((a, b) => a + b, 0) / nulls.length;
    nullSd = Math.sqrt(
      nulls.reduce((a, b) => a + (b - nullMean) ** 2, 0) / Math.max(nulls.length - 1, 1),
    );
    Object.assign(details, { permutations, nullValues: nulls });
  }
  Object.assign(details, { nullMean, nullSd });
  const out: MetricValue[] = [
    {
      name: 'pMSE',
      kind: 'utility',
      value: pmse,
      reference: REFERENCE,
      columns: used,
      details: { ...details, better: 'lower' },
    },
  ];
  out.push(
    nullMean > 0
      ? {
          name: 'pMSERatio',
          kind: 'utility',
          value: pmse / nullMean,
          reference: REFERENCE,
          columns: used,
          details: { ...details, better: 'lower (1 = as good as a fresh sample)' },
        }
      : notApplicable(
          'pMSERatio',
          'utility',
          options.model === 'cart'
            ? 'the null pMSE is 0 (trees on permuted labels make no split: the tables are too alike for this model to tell apart)'
            : 'the null pMSE is 0 (no parameter besides the intercept)',
          REFERENCE,
          used,
        ),
  );
  out.push(
    nullSd > 0
      ? {
          name: 'standardisedPMSE',
          kind: 'utility',
          value: (pmse - nullMean) / nullSd,
          reference: REFERENCE,
          columns: used,
          details: { ...details, better: 'lower (0 = as good as a fresh sample)' },
        }
      : notApplicable(
          'standardisedPMSE',
          'utility',
          'the null pMSE has no spread',
          REFERENCE,
          used,
        ),
  );
  return out;
}
