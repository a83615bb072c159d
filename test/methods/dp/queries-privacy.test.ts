/**
 * An empirical privacy test in the style of Google's DP stochastic tester (and of Ding, Wang,
 * Wang, Zhang, Kifer, "Detecting violations of differential privacy", CCS 2018): on two
 * neighbouring tables (one row added), estimate the output distribution of a query from many
 * seeded releases, and check that over every well-populated outcome bucket the log-ratio of the
 * two estimated probabilities stays within ε plus a statistical tolerance — and that it comes
 * close to ε, so that the test has the power to see a mechanism that overspends.
 *
 * The tolerance. A bucket is well populated when each table puts at least c = 4000 of its N
 * releases in it. Its estimated probability p̂ = k/N then has relative standard error
 * √((1 − p)/(Np)) ≤ 1/√c, so ln p̂ has standard error ≤ 1/√c (delta method) and the log-ratio of
 * two independent estimates ≤ √(2/c) = 0.0224. With z = 5.5 standard errors (two-sided
 * probability 3.8e-8 per bucket, under 1e-6 over the 20-odd buckets of a test) the tolerance is
 * 5.5·√(2/c) = 0.123. The seeds are fixed, so the test is deterministic; the bound says a fresh
 * seed would fail it less than once in a million runs.
 */
import { table as arqueroTable } from 'arquero';
import { describe, expect, it } from 'vitest';
import { dpCount, dpHistogram } from '../../../methods/dp/queries/index.js';
import { PrivacyAccountant } from '../../../src/privacy/accountant.js';
import { seededRandom } from '../../../src/random/source.js';

const MIN_BUCKET = 4000;
const TOLERANCE = 5.5 * Math.sqrt(2 / MIN_BUCKET);

/** Histogram of outcomes (keyed by `bucket(output)`) over n releases. */
function distribution(n: number, release: () => number): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const key = release();
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The largest |ln p̂(o) − ln p̂′(o)| over buckets well populated in both, and how many there were. */
function maxLogRatio(
  a: Map<number, number>,
  b: Map<number, number>,
): { max: number; buckets: number } {
  let max = 0;
  let buckets = 0;
  for (const [o, ka] of a) {
    const kb = b.get(o) ?? 0;
    if (ka < MIN_BUCKET || kb < MIN_BUCKET) continue;
    buckets++;
    max = Math.max(max, Math.abs(Math.log(ka / kb)));
  }
  return { max, buckets };
}

const accountant = (): PrivacyAccountant => new PrivacyAccountant({ epsilon: 1e9 });

describe('empirical privacy loss on neighbouring tables (one row added)', () => {
  const epsilon = 0.5;

  it('geometric count: max log-ratio within ε + tolerance, and close to ε', () => {
    const d = arqueroTable({ x: Array<string>(10).fill('a') });
    const d1 = arqueroTable({ x: Array<string>(11).fill('a') });
    const n = 100_000;
    const rng = seededRandom('privacy-count');
    const release = (t: typeof d) => (): number =>
      dpCount(t, { accountant: accountant(), epsilon, rng }).value;
    const r = maxLogRatio(distribution(n, release(d)), distribution(n, release(d1)));
    // Discrete Laplace of scale 2: outcomes within ±3 of the true count have P ≥ 0.045 (≥ 4500 of 1e5).
    expect(r.buckets).toBeGreaterThanOrEqual(5);
    expect(r.max).toBeLessThanOrEqual(epsilon + TOLERANCE);
    expect(r.max).toBeGreaterThan(epsilon - TOLERANCE); // the geometric mechanism's ratio is exactly e^ε
  });

  it('Laplace count (real values on a grid, bucketed to integers): within ε + tolerance', () => {
    const d = arqueroTable({ x: Array<string>(10).fill('a') });
    const d1 = arqueroTable({ x: Array<string>(11).fill('a') });
    const n = 60_000;
    const rng = seededRandom('privacy-laplace');
    const release = (t: typeof d) => (): number =>
      Math.floor(
        dpCount(t, { accountant: accountant(), epsilon, rng, mechanism: 'laplace' }).value,
      );
    const r = maxLogRatio(distribution(n, release(d)), distribution(n, release(d1)));
    expect(r.buckets).toBeGreaterThanOrEqual(4);
    expect(r.max).toBeLessThanOrEqual(epsilon + TOLERANCE);
  });

  it('histogram with consistent post-processing: the changed bin stays within ε + tolerance', () => {
    // Two bins; the neighbour has one more row in the first. Post-processing cannot add privacy loss.
    const d = arqueroTable({ x: [...Array<number>(8).fill(1), ...Array<number>(12).fill(7)] });
    const d1 = arqueroTable({ x: [...Array<number>(9).fill(1), ...Array<number>(12).fill(7)] });
    const n = 60_000;
    const rng = seededRandom('privacy-histogram');
    const release = (t: typeof d) => (): number =>
      dpHistogram(t, {
        accountant: accountant(),
        epsilon,
        rng,
        column: 'x',
        edges: [0, 5, 10],
      }).table.array('count')[0] as number;
    const r = maxLogRatio(distribution(n, release(d)), distribution(n, release(d1)));
    expect(r.buckets).toBeGreaterThanOrEqual(4);
    expect(r.max).toBeLessThanOrEqual(epsilon + TOLERANCE);
  });
});
