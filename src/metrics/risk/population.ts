/**
 * Population uniqueness: how many people of the population a sample's quasi-identifiers single
 * out, estimated from the sample's equivalence-class sizes and the population size N, with three
 * statistical models and the rule of Dankar et al. that picks one.
 *
 * Notation: n records in the sample, u classes, c_s classes of size s, sampling fraction f = n / N.
 *
 * - **Pitman** (Hoshino 2001): the population partition follows the Pitman sampling formula with
 *   parameters (θ, α), 0 < α < 1, θ > −α. Its likelihood for the sample is
 *   Π_{i=1}^{u−1}(θ + iα) / Π_{i=1}^{n−1}(θ + i) · Π_classes Π_{k=1}^{size−1}(k − α); θ and α are
 *   its maximum (solved here by profiling θ out and maximising over α, with digamma sums), and
 *   the expected number of population uniques is Γ(θ + 1) / Γ(θ + α) · N^α.
 * - **Zayatz** (Zayatz 1991): the share of sample uniques that are population uniques is
 *   (c_1 / u) P(1 | 1) / Σ_s (c_s / u) P(1 | s), with P(1 | s) the hypergeometric probability of
 *   drawing exactly one of s records when n of N are drawn; population uniques = c_1 · that
 *   share / f. (ARX's `ModelZayatz`: the sample's class-size distribution stands in for the
 *   population's.)
 * - **SNB** (Chen and Keller-McNulty 1998): the K non-empty population classes have sizes
 *   1 + NegBin(α, β) and each record is sampled with probability f. Then
 *   P(sample size 1) = f (β/D)^α [1 + α(1 − β)(1 − f)/D] and
 *   P(sample size 2) = f² α β^α (1 − β) [2 − (1 − α) d] / (2 D^{α+2}), with d = (1 − β)(1 − f),
 *   D = 1 − d; (α, β) solve K·P(1) = c_1 and K·P(2) = c_2, and population uniques = K β^α. K is
 *   estimated with Shlosser's estimator in the form D̂_Sh3 of Haas and Stokes 1998:
 *   u + c_1 · [Σ s f² (1 − f²)^{s−1} c_s / Σ (1 − f)^s ((1 + f)^s − 1) c_s] ·
 *   [Σ (1 − f)^s c_s / Σ s f (1 − f)^{s−1} c_s]².
 *   ARX 3.x writes the second denominator as Σ ((1 − f)^s (1 + f)^s c_s − 1) and multiplies by
 *   (1 − d)^{α+2} in the second equation instead of dividing; here both follow the model's
 *   derivation, so SNB figures can differ from ARX's.
 * - **Dankar et al. 2012**: f ≤ 0.1 → Pitman (Zayatz when Pitman has no estimate); otherwise the
 *   smaller of Zayatz and SNB (Zayatz when SNB has none). ARX implements the same rule.
 *
 * When N = n the sample is the population and every model returns c_1 exactly; without sample
 * uniques every model returns 0.
 *
 * References: F. K. Dankar, K. El Emam, A. Neisa, T. Roffey, "Estimating the re-identification
 * risk of clinical data sets", BMC Medical Informatics and Decision Making 12:66, 2012;
 * N. Hoshino, "Applying Pitman's sampling formula to microdata disclosure risk assessment",
 * Journal of Official Statistics 17(4), 2001; L. Zayatz, "Estimation of the percent of unique
 * population elements on a microdata file using the sample", US Census Bureau SRD report 91/08,
 * 1991; G. Chen and S. Keller-McNulty, "Estimation of identification disclosure risk in
 * microdata", Journal of Official Statistics 14(1), 1998; P. J. Haas and L. Stokes, "Estimating
 * the number of classes in a finite population", JASA 93, 1998; ARX's `org.deidentifier.arx.risk`
 * (Prasser and Kohlmayer 2015).
 */
import { DatanonymeError } from '../../errors.js';
import { digamma, logChoose, logGamma } from './_internals/special.js';

/** The models an estimate may come from. */
export type PopulationModel = 'pitman' | 'zayatz' | 'snb';

/** Population-uniqueness estimates: numbers of population uniques (NaN when a model has none). */
export interface PopulationUniqueness {
  /** Records in the sample. */
  sampleSize: number;
  populationSize: number;
  /** n / N. */
  samplingFraction: number;
  /** Classes of size 1 in the sample. */
  sampleUniques: number;
  pitman: number;
  zayatz: number;
  snb: number;
  /** The estimate Dankar et al.'s rule picks (0 without sample uniques). */
  dankar: number;
  /** The model behind `dankar`, or 'none' when there is nothing to estimate or no model fits. */
  dankarModel: PopulationModel | 'none';
}

/** Class sizes as a histogram: size → number of classes of that size. */
function histogram(sizes: readonly number[]): Map<number, number> {
  const h = new Map<number, number>();
  for (const s of sizes) if (s > 0) h.set(s, (h.get(s) ?? 0) + 1);
  return h;
}

/**
 * Estimated numbers of population uniques under the Pitman, Zayatz and SNB models and Dankar et
 * al.'s choice among them (see the module comment for the formulas).
 *
 * @param sizes - the sizes of the sample's equivalence classes.
 * @param populationSize - N, at least the sample size.
 * @throws DatanonymeError `BAD_PARAMETER` naming `populationSize` when it is not a finite number
 *   at least the sample size.
 * @example populationUniqueness([1, 1, 2, 3], 7).dankar // => 2 (N = n: the sample is the population)
 */
export function populationUniqueness(
  sizes: readonly number[],
  populationSize: number,
): PopulationUniqueness {
  const h = histogram(sizes);
  let n = 0;
  for (const [s, c] of h) n += s * c;
  if (!(Number.isFinite(populationSize) && populationSize >= n && populationSize > 0)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `populationSize must be a number at least the number of records (${n}), got ${String(populationSize)}`,
      { field: 'populationSize', value: String(populationSize) },
    );
  }
  const c1 = h.get(1) ?? 0;
  const base = {
    sampleSize: n,
    populationSize,
    samplingFraction: n / populationSize,
    sampleUniques: c1,
  };
  if (c1 === 0) return { ...base, pitman: 0, zayatz: 0, snb: 0, dankar: 0, dankarModel: 'none' };
  if (populationSize === n) {
    return { ...base, pitman: c1, zayatz: c1, snb: c1, dankar: c1, dankarModel: 'none' };
  }
  const pitman = pitmanUniques(h, populationSize);
  const zayatz = zayatzUniques(h, populationSize);
  const snb = snbUniques(h, populationSize);
  const valid = (v: number): boolean => Number.isFinite(v) && v > 0;
  let dankar = Number.NaN;
  let dankarModel: PopulationModel | 'none' = 'none';
  if (n / populationSize <= 0.1) {
    if (valid(pitman)) [dankar, dankarModel] = [pitman, 'pitman'];
    else if (valid(zayatz)) [dankar, dankarModel] = [zayatz, 'zayatz'];
  } else if (valid(snb) && valid(zayatz)) {
    [dankar, dankarModel] = zayatz < snb ? [zayatz, 'zayatz'] : [snb, 'snb'];
  } else if (valid(zayatz)) [dankar, dankarModel] = [zayatz, 'zayatz'];
  else if (valid(snb)) [dankar, dankarModel] = [snb, 'snb'];
  return { ...base, pitman, zayatz, snb, dankar, dankarModel };
}

/**
 * Zayatz's estimate of the number of population uniques (module comment).
 *
 * @param h - class-size histogram of the sample (size → classes).
 * @param N - the population size, > n.
 * @throws never (NaN when undefined).
 * @example zayatzUniques(new Map([[1, 2], [2, 1]]), 8) // => 28/11 (worked out in the tests)
 */
export function zayatzUniques(h: ReadonlyMap<number, number>, N: number): number {
  let n = 0;
  let u = 0;
  for (const [s, c] of h) {
    n += s * c;
    u += c;
  }
  const c1 = h.get(1) ?? 0;
  const pOne = (s: number): number =>
    s > N ? 0 : Math.exp(Math.log(s) + logChoose(N - s, n - 1) - logChoose(N, n));
  let denominator = 0;
  for (const [s, c] of h) denominator += (c / u) * pOne(s);
  const share = ((c1 / u) * pOne(1)) / denominator;
  return (c1 * share) / (n / N);
}

/**
 * The Pitman model's maximum-likelihood (θ, α) for a sample's class-size histogram, or null when
 * the likelihood has no maximum with 0 < α < 1 (for instance when every class is a singleton).
 *
 * @throws never.
 * @example pitmanFit(new Map([[1, 5], [2, 3], [4, 1]])) // => { theta: …, alpha: … }
 */
export function pitmanFit(h: ReadonlyMap<number, number>): { theta: number; alpha: number } | null {
  let n = 0;
  let u = 0;
  for (const [s, c] of h) {
    n += s * c;
    u += c;
  }
  if (u < 2 || u >= n) return null;
  // ∂ log L / ∂θ at (θ, α): Σ_{i<u} 1/(θ + iα) − Σ_{i<n} 1/(θ + i), decreasing in θ.
  const dTheta = (t: number, a: number): number =>
    (digamma(t / a + u) - digamma(t / a + 1)) / a - (digamma(t + n) - digamma(t + 1));
  const thetaFor = (a: number): number => {
    let lo = -a;
    let hi = 1;
    while (dTheta(hi, a) > 0) {
      lo = hi;
      hi *= 2;
      if (hi > 1e15) return Number.NaN;
    }
    for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); i++) {
      const mid = (lo + hi) / 2;
      if (mid <= -a || dTheta(mid, a) > 0) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  // Profile log-likelihood, up to a constant.
  const logL = (a: number): number => {
    const t = thetaFor(a);
    if (!Number.isFinite(t) || t <= -a) return Number.NEGATIVE_INFINITY;
    let sum = (u - 1) * Math.log(a) + logGamma(t / a + u) - logGamma(t / a + 1);
    sum -= logGamma(t + n) - logGamma(t + 1);
    for (const [s, c] of h) if (s > 1) sum += c * (logGamma(s - a) - logGamma(1 - a));
    return sum;
  };
  // α on a grid: 40 points log-spaced in [1e-6, 1e-2], then 200 evenly spaced in [1e-2, 0.999].
  const alphas: number[] = [];
  for (let i = 0; i < 40; i++) alphas.push(Math.pow(10, -6 + (4 * i) / 40));
  for (let i = 0; i < 200; i++) alphas.push(0.01 + (0.989 * i) / 199);
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  alphas.forEach((a, i) => {
    const v = logL(a);
    if (v > bestValue) [best, bestValue] = [i, v];
  });
  if (best < 0 || !Number.isFinite(bestValue)) return null;
  // An interior maximum only: at the edge of (0, 1) the likelihood has no stationary point
  // (α → 0 is Ewens's model, which this estimator does not cover; Dankar's rule then uses Zayatz).
  if (best === 0 || best === alphas.length - 1) return null;
  // Golden-section search on the bracket around the best grid point.
  let lo = alphas[best - 1] as number;
  let hi = alphas[best + 1] as number;
  const g = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - g * (hi - lo);
  let x2 = lo + g * (hi - lo);
  let f1 = logL(x1);
  let f2 = logL(x2);
  for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
    if (f1 < f2) {
      lo = x1;
      [x1, f1] = [x2, f2];
      x2 = lo + g * (hi - lo);
      f2 = logL(x2);
    } else {
      hi = x2;
      [x2, f2] = [x1, f1];
      x1 = hi - g * (hi - lo);
      f1 = logL(x1);
    }
  }
  const alpha = (lo + hi) / 2;
  return { theta: thetaFor(alpha), alpha };
}

/**
 * Pitman's estimate of the number of population uniques, Γ(θ + 1)/Γ(θ + α) · N^α at the maximum
 * likelihood; NaN when there is no maximum or the estimate falls outside [0, N].
 *
 * @throws never.
 * @example pitmanUniques(new Map([[1, 5], [2, 3], [4, 1]]), 1000) // => a number in [0, 1000]
 */
export function pitmanUniques(h: ReadonlyMap<number, number>, N: number): number {
  const fit = pitmanFit(h);
  if (fit === null) return Number.NaN;
  const { theta, alpha } = fit;
  const v = Math.exp(logGamma(theta + 1) - logGamma(theta + alpha) + alpha * Math.log(N));
  return v >= 0 && v <= N ? v : Number.NaN;
}

/**
 * Probabilities of a sample class of size 1 and 2 under the SNB model (module comment).
 *
 * @throws never.
 * @example snbProbabilities(1, 0.5, 0.2) // => [P(1), P(2)]
 */
export function snbProbabilities(alpha: number, beta: number, f: number): [number, number] {
  const d = (1 - beta) * (1 - f);
  const D = 1 - d;
  const p1 = f * Math.pow(beta / D, alpha) * (1 + (alpha * d) / D);
  const p2 =
    (f * f * alpha * Math.pow(beta, alpha) * (1 - beta) * (2 - (1 - alpha) * d)) /
    (2 * Math.pow(D, alpha + 2));
  return [p1, p2];
}

/**
 * Haas and Stokes' D̂_Sh3 (Shlosser) estimate of the number of non-empty population classes.
 *
 * @throws never.
 * @example shlosserClasses(new Map([[1, 2], [2, 1]]), 0.5) // => 3 + 2 · …
 */
export function shlosserClasses(h: ReadonlyMap<number, number>, f: number): number {
  let u = 0;
  let v1 = 0;
  let v2 = 0;
  let v3 = 0;
  let v4 = 0;
  for (const [s, c] of h) {
    u += c;
    v1 += s * f * f * Math.pow(1 - f * f, s - 1) * c;
    v2 += Math.pow(1 - f, s) * (Math.pow(1 + f, s) - 1) * c;
    v3 += Math.pow(1 - f, s) * c;
    v4 += s * f * Math.pow(1 - f, s - 1) * c;
  }
  const c1 = h.get(1) ?? 0;
  return u + c1 * (v1 / v2) * (v3 / v4) * (v3 / v4);
}

/**
 * The SNB model's (α, β) solving K·P(1) = c1 and K·P(2) = c2 (to a relative 1e-8), or null when
 * no solution is found (a grid over α in [1e-4, 1e4] and logit β in [−15, 15] gives the start,
 * damped Newton steps refine it).
 *
 * @throws never.
 * @example snbFit(100, 0.2, 10, 5) // => { alpha: …, beta: … }
 */
export function snbFit(
  K: number,
  f: number,
  c1: number,
  c2: number,
): { alpha: number; beta: number } | null {
  if (!(K > 0 && c1 > 0 && c2 > 0 && f > 0 && f < 1)) return null;
  // Unknowns x = ln α, y = logit β; residuals relative to c1 and c2.
  const residuals = (x: number, y: number): [number, number] => {
    const [p1, p2] = snbProbabilities(Math.exp(x), 1 / (1 + Math.exp(-y)), f);
    return [(K * p1) / c1 - 1, (K * p2) / c2 - 1];
  };
  const norm = ([a, b]: [number, number]): number =>
    Number.isFinite(a) && Number.isFinite(b) ? a * a + b * b : Number.POSITIVE_INFINITY;
  // A coarse grid for the starting point, then damped Newton steps with a numeric Jacobian.
  let bx = 0;
  let by = 0;
  let bestNorm = Number.POSITIVE_INFINITY;
  for (let i = 0; i <= 80; i++) {
    for (let j = 0; j <= 80; j++) {
      const x = Math.log(1e-4) + (Math.log(1e8) * i) / 80;
      const y = -15 + (30 * j) / 80;
      const v = norm(residuals(x, y));
      if (v < bestNorm) [bx, by, bestNorm] = [x, y, v];
    }
  }
  if (!Number.isFinite(bestNorm)) return null;
  for (let iteration = 0; iteration < 200 && bestNorm > 1e-24; iteration++) {
    const [r1, r2] = residuals(bx, by);
    const h = 1e-7;
    const [a1, a2] = residuals(bx + h, by);
    const [b1, b2] = residuals(bx, by + h);
    const j11 = (a1 - r1) / h;
    const j21 = (a2 - r2) / h;
    const j12 = (b1 - r1) / h;
    const j22 = (b2 - r2) / h;
    const det = j11 * j22 - j12 * j21;
    if (!Number.isFinite(det) || det === 0) break;
    const dx = (r1 * j22 - r2 * j12) / det;
    const dy = (r2 * j11 - r1 * j21) / det;
    let step = 1;
    let improved = false;
    while (step > 1e-6) {
      const v = norm(residuals(bx - step * dx, by - step * dy));
      if (v < bestNorm) {
        [bx, by, bestNorm] = [bx - step * dx, by - step * dy, v];
        improved = true;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  if (!(bestNorm < 1e-16)) return null;
  return { alpha: Math.exp(bx), beta: 1 / (1 + Math.exp(-by)) };
}

/**
 * The SNB model's estimate of the number of population uniques, K̂ β^α; NaN without a solution.
 *
 * @throws never.
 * @example snbUniques(new Map([[1, 40], [2, 10], [3, 5]]), 200) // => a number, or NaN
 */
export function snbUniques(h: ReadonlyMap<number, number>, N: number): number {
  let n = 0;
  for (const [s, c] of h) n += s * c;
  const f = n / N;
  const K = shlosserClasses(h, f);
  const fit = snbFit(K, f, h.get(1) ?? 0, h.get(2) ?? 0);
  if (fit === null) return Number.NaN;
  const v = K * Math.pow(fit.beta, fit.alpha);
  return v >= 0 && v <= N ? v : Number.NaN;
}
