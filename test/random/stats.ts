/**
 * Statistics for the distribution tests: the chi-square upper tail and its critical values, a
 * chi-square goodness-of-fit statistic with pooled tails, and the DKW bound for a KS test.
 *
 * The chi-square tail is Q(df/2, x/2), the regularised upper incomplete gamma function, computed
 * by its series (x < a + 1) or its continued fraction (x ≥ a + 1), as in Press et al., "Numerical
 * Recipes", 3rd ed., section 6.2; ln Γ by the Lanczos approximation (g = 7, 9 terms).
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0 (Lanczos, g = 7). */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let a = LANCZOS[0] as number;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularised upper incomplete gamma Q(a, x). */
export function gammaQ(a: number, x: number): number {
  if (x <= 0) return 1;
  const lead = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 10000; n++) {
      term *= x / (a + n);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return 1 - sum * Math.exp(lead);
  }
  // Continued fraction (modified Lentz).
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(lead) * h;
}

/** P(χ²_df > x). */
export function chiSquareTail(x: number, df: number): number {
  return gammaQ(df / 2, x / 2);
}

/** The critical value c with P(χ²_df > c) = p, by bisection. */
export function chiSquareCritical(df: number, p: number): number {
  let lo = 0;
  let hi = df + 10;
  while (chiSquareTail(hi, df) > p) hi *= 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (chiSquareTail(mid, df) > p) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * The per-test false-failure probability of the distribution tests. With ten or so such tests in
 * the DP suites, a fresh secure source would fail one of them by chance with probability < 1e-6.
 */
export const FALSE_FAILURE = 1e-7;

/** Pearson's chi-square statistic of observed counts against expected counts (same length). */
export function chiSquareStatistic(
  observed: readonly number[],
  expected: readonly number[],
): number {
  let stat = 0;
  for (let i = 0; i < observed.length; i++) {
    const e = expected[i] as number;
    const d = (observed[i] as number) - e;
    stat += (d * d) / e;
  }
  return stat;
}

/** Result of a goodness-of-fit test. */
export interface FitResult {
  statistic: number;
  df: number;
  critical: number;
  bins: number;
}

/**
 * Chi-square goodness of fit of integer samples to a pmf symmetric about 0 and decreasing in |x|:
 * one bin per x in −m…m, with m the largest such that every bin and each pooled tail (x < −m,
 * x > m) expects at least 5 samples. df = bins − 1.
 */
export function fitSymmetricIntegers(
  samples: ArrayLike<number>,
  pmf: (x: number) => number,
  p: number = FALSE_FAILURE,
): FitResult {
  const n = samples.length;
  let m = 0;
  let central = pmf(0);
  for (;;) {
    const next = central + 2 * pmf(m + 1);
    const tail = (1 - next) / 2;
    if (n * pmf(m + 1) < 5 || n * tail < 5) break;
    central = next;
    m++;
  }
  const tail = (1 - central) / 2;
  const observed = new Array<number>(2 * m + 3).fill(0);
  for (let i = 0; i < n; i++) {
    const x = samples[i] as number;
    const bin = x < -m ? 0 : x > m ? 2 * m + 2 : x + m + 1;
    observed[bin] = (observed[bin] as number) + 1;
  }
  const expected = observed.map((_, bin) =>
    bin === 0 || bin === 2 * m + 2 ? n * tail : n * pmf(bin - m - 1),
  );
  const df = observed.length - 1;
  return {
    statistic: chiSquareStatistic(observed, expected),
    df,
    critical: chiSquareCritical(df, p),
    bins: observed.length,
  };
}

/** Chi-square goodness of fit of category counts to probabilities (every n·p must be ≥ 5). */
export function fitCategories(
  counts: readonly number[],
  probabilities: readonly number[],
  p: number = FALSE_FAILURE,
): FitResult {
  const n = counts.reduce((a, b) => a + b, 0);
  const expected = probabilities.map((q) => n * q);
  if (expected.some((e) => e < 5)) throw new Error('an expected count is below 5');
  const df = counts.length - 1;
  return {
    statistic: chiSquareStatistic(counts, expected),
    df,
    critical: chiSquareCritical(df, p),
    bins: counts.length,
  };
}

/**
 * The Dvoretzky–Kiefer–Wolfowitz bound with Massart's constant (Ann. Probab. 18(3), 1990):
 * P(sup |F_n − F| > d) ≤ 2·exp(−2n·d²), so d = √(ln(2/p)/(2n)) is a KS threshold with
 * false-failure probability ≤ p for any continuous F.
 */
export function dkwThreshold(n: number, p: number = FALSE_FAILURE): number {
  return Math.sqrt(Math.log(2 / p) / (2 * n));
}

/** The KS distance between the empirical distribution of `samples` and a continuous CDF. */
export function ksDistance(samples: readonly number[], cdf: (x: number) => number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i] as number);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}
