/**
 * DP queries on Adult's age (30,162 rows): time per query and mean absolute error over repeated
 * releases, next to the theoretical error. ε = 1 per query, public bounds 17–90, secure noise.
 * Run alone with `node --import tsx benchmarks/run.ts --only dp` (`--quick`: 50 repetitions).
 *
 * Theoretical errors (n the true row count, M = 53.5 the midpoint, h = 36.5 the half-width,
 * μ and σ² the true mean and variance):
 * - mean: Laplace b = h/(ε/2) on the centred sum, geometric scale 1/(ε/2) on the count; to first
 *   order the error is (Z_sum − (μ − M)·Z_count)/n, so E|error| ≤ (b + |μ − M|·E|Z_count|)/n.
 * - variance: three thirds of ε on C, S₁ (b₁ = h/(ε/3)) and S₂ (b₂ = h²/(ε/3)); to first order the
 *   error is (Z₂ − 2(μ − M)·Z₁ − (σ² − (μ − M)² … )·Z_C)/n, bounded as the sum of the three E|·|.
 * - median: no closed form (it depends on the data's density near the median). Ages are integers:
 *   with 1001 candidates (step 0.073) no candidate is an integer and the error is about 0.5 by
 *   construction; with 731 (step 0.1) the integers are candidates.
 * - histogram (10 bins): geometric noise of scale 1/ε per bin, E|Z| = 2e^(−ε)/(1 − e^(−2ε)) ≈ 0.851
 *   before post-processing; the measured error is after the consistent post-processing.
 */
import { join } from 'node:path';
import { dpHistogram, dpMean, dpQuantile, dpVariance } from '../methods/dp/queries/index.js';
import { PrivacyAccountant } from '../src/privacy/accountant.js';
import { secureRandom } from '../src/random/source.js';
import { readCsvFile } from '../src/table/read-file.js';

const BOUNDS: [number, number] = [17, 90];
const EPSILON = 1;

interface Row {
  query: string;
  ms: number;
  mae: number;
  theory: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/** Prints the table of time and error of DP mean, variance, median and a 10-bin histogram. */
export async function benchDpQueries(options: { quick?: boolean } = {}): Promise<void> {
  const repetitions = options.quick === true ? 50 : 200;
  const root = join(import.meta.dirname, '..');
  const parsed = await readCsvFile(join(root, 'datasets/adult/adult.csv'));
  const table = parsed.table;
  const ages = Float64Array.from(table.array('age') as ArrayLike<number>);
  const n = ages.length;
  const mu = ages.reduce((a, b) => a + b, 0) / n;
  const sigma2 = ages.reduce((a, x) => a + (x - mu) ** 2, 0) / n;
  const sorted = Float64Array.from(ages).sort();
  const trueMedian = sorted[Math.floor((n - 1) / 2)] as number;
  const edges = Array.from(
    { length: 11 },
    (_, i) => BOUNDS[0] + ((BOUNDS[1] - BOUNDS[0]) * i) / 10,
  );
  const trueBins = new Array<number>(10).fill(0);
  for (const a of ages) {
    let b = 0;
    while (b < 9 && (edges[b + 1] as number) <= a) b++;
    trueBins[b] = (trueBins[b] as number) + 1;
  }
  const rng = secureRandom();
  const common = { epsilon: EPSILON, rng, column: 'age', bounds: BOUNDS };
  const run = (f: () => number): { ms: number; mae: number } => {
    const times: number[] = [];
    let err = 0;
    for (let i = 0; i < repetitions; i++) {
      const t = performance.now();
      err += f();
      times.push(performance.now() - t);
    }
    return { ms: median(times), mae: err / repetitions };
  };
  const accountant = (): PrivacyAccountant => new PrivacyAccountant({ epsilon: EPSILON });
  const M = (BOUNDS[0] + BOUNDS[1]) / 2;
  const h = (BOUNDS[1] - BOUNDS[0]) / 2;
  const geometricError = (b: number): number => (2 * Math.exp(-1 / b)) / -Math.expm1(-2 / b);
  const meanTheory = (h / (EPSILON / 2) + Math.abs(mu - M) * geometricError(1 / (EPSILON / 2))) / n;
  const c = mu - M;
  const varianceTheory =
    ((h * h) / (EPSILON / 3) +
      2 * Math.abs(c) * (h / (EPSILON / 3)) +
      Math.abs(sigma2 - c * c) * geometricError(1 / (EPSILON / 3))) /
    n;
  const rows: Row[] = [];
  const mean = run(() =>
    Math.abs(dpMean(table, { ...common, accountant: accountant() }).value - mu),
  );
  rows.push({ query: 'mean', ...mean, theory: `≤ ${meanTheory.toFixed(4)} (first order)` });
  const variance = run(() =>
    Math.abs(dpVariance(table, { ...common, accountant: accountant() }).value - sigma2),
  );
  rows.push({
    query: 'variance',
    ...variance,
    theory: `≤ ${varianceTheory.toFixed(4)} (first order)`,
  });
  for (const candidates of [1001, 731]) {
    const step = (BOUNDS[1] - BOUNDS[0]) / (candidates - 1);
    const med = run(() =>
      Math.abs(
        dpQuantile(table, { ...common, accountant: accountant(), quantile: 0.5, candidates })
          .value - trueMedian,
      ),
    );
    rows.push({
      query: `median (${candidates} candidates, step ${step.toFixed(3)})`,
      ...med,
      theory: 'no closed form; at least the distance from the median to the grid',
    });
  }
  const histogram = run(() => {
    const counts = dpHistogram(table, { ...common, accountant: accountant(), edges }).table.array(
      'count',
    ) as number[];
    return counts.reduce((a, v, i) => a + Math.abs(v - (trueBins[i] as number)), 0) / 10;
  });
  rows.push({
    query: 'histogram, 10 bins (per bin, consistent post-processing)',
    ...histogram,
    theory: `${geometricError(1 / EPSILON).toFixed(4)} (per bin, before post-processing)`,
  });

  console.log(
    `\n## DP queries on Adult's age (n = ${n}, ε = ${EPSILON} per query, bounds ${BOUNDS[0]}–${BOUNDS[1]}, ${repetitions} releases each, secure noise)\n`,
  );
  console.log(
    `True values: mean ${mu.toFixed(3)}, variance ${sigma2.toFixed(3)}, median ${trueMedian}.\n`,
  );
  console.log('| query | median ms per release | mean absolute error | theoretical error |');
  console.log('| --- | ---: | ---: | --- |');
  for (const r of rows) {
    console.log(`| ${r.query} | ${r.ms.toFixed(2)} | ${r.mae.toFixed(4)} | ${r.theory} |`);
  }
}
