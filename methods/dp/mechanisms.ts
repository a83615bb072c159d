/**
 * Differential-privacy mechanisms on single values, built on the exact samplers of samplers.ts.
 * Each additive mechanism returns a {@link NoisyValue}: the released value and what a report needs
 * (the mechanism, the noise scale, the output grid, the expected absolute error, the variance).
 *
 * Neighbouring relation: whatever relation the caller's sensitivity Δ is computed for (add/remove
 * or replace one person); each mechanism's guarantee holds for any two inputs whose true values
 * differ by at most Δ. The true value is never put in an error message.
 *
 * Real values and the floating-point leak (Mironov 2012, case B13): textbook Laplace noise
 * x + b·ln(u) computed in doubles has outputs whose low bits depend on x, so two inputs can have
 * disjoint sets of possible outputs. Here real-valued noise is discrete noise on a grid of step
 * γ = 2^k, as in Google's "Secure noise generation" note: the input is rounded to the grid,
 * n = round(x/γ) (exact: division by a power of two, Math.round), an exact integer noise Z is
 * added, and the output is (n + Z)·γ. Every output is a multiple of γ, and γ depends only on Δ and
 * the budget, never on x. Rounding is accounted for in the sensitivity: for |x − x'| ≤ Δ,
 * |round(x/γ) − round(x'/γ)| ≤ ⌈Δ/γ⌉ (rounding is ⌊y + 1/2⌋, and ⌊a⌋ − ⌊b⌋ ≤ ⌈a − b⌉), so the
 * integer noise is calibrated to the integer sensitivity ⌈Δ/γ⌉ (scale ⌈Δ/γ⌉/ε in grid steps), and
 * the guarantee is exactly ε-DP, not ε plus a rounding term. With the default γ, the largest
 * power of two ≤ min(Δ, b)/2^40, Δ/γ is usually an integer and the noise scale exceeds Δ/ε by at
 * most a factor 1 + 2^−40.
 *
 * References:
 * - I. Mironov, "On significance of the least significant bits for differential privacy", CCS 2012.
 * - Google differential-privacy library, "Secure noise generation" (common_docs), 2020.
 * - C. Canonne, G. Kamath, T. Steinke, "The discrete Gaussian for differential privacy", NeurIPS
 *   2020 (discrete Laplace and discrete Gaussian mechanisms; Theorem 4: N_Z(0, σ²) added to an
 *   integer query of sensitivity Δ is Δ²/(2σ²)-zCDP).
 * - A. Ghosh, T. Roughgarden, M. Sundararajan, "Universally utility-maximizing privacy
 *   mechanisms", STOC 2009 (the geometric mechanism).
 * - R. McKenna, D. Sheldon, "Permute-and-flip: a new mechanism for differentially private
 *   selection", NeurIPS 2020.
 * - S. Warner, "Randomized response", JASA 1965; P. Kairouz, S. Oh, P. Viswanath, "Extremal
 *   mechanisms for local differential privacy", NeurIPS 2014 (k-ary randomised response).
 */
import { DatanonymeError } from '../../src/errors.js';
import { type RandomSource, uniformInt } from '../../src/random/source.js';
import {
  gaussianSigmaAnalytic,
  gaussianSigmaClassic,
  gaussianSigmaZcdp,
  laplaceScale,
} from './calibration.js';
import { checkDelta, checkEpsilon, checkRho, checkSensitivity } from './parameters.js';
import {
  doubleToRational,
  MAX_SAMPLER_SCALE,
  sampleBernoulliExp,
  sampleDiscreteLaplace,
  sampleDiscreteGaussianBigInt,
  sampleDiscreteLaplaceBigInt,
} from './samplers.js';

/** A released value and what the report says about its noise. */
export interface NoisyValue {
  /** The released (noisy) value. */
  value: number;
  /** `geometric`, `laplace` or `gaussian`. */
  mechanism: string;
  /** The noise scale in the value's units: Laplace b, or Gaussian σ. */
  scale: number;
  /** The step of the grid every possible output lies on (1 for the geometric mechanism). */
  granularity: number;
  /** E|noise|, in the value's units. */
  expectedAbsoluteError: number;
  /** Var(noise), in the value's units squared. */
  variance: number;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** The default grid is 2^−40 of min(Δ, noise scale). */
const GRID_BITS = 40;

/** The quotient a/b of two positive doubles, rounded up: the smallest double q with q ≥ a/b exactly. */
export function divideRoundingUp(a: number, b: number): number {
  const q = a / b;
  if (!Number.isFinite(q)) return q;
  const ra = doubleToRational(a);
  const rb = doubleToRational(b);
  const rq = doubleToRational(q);
  // q ≥ a/b ⇔ q_n·b_n·a_d ≥ a_n·q_d·b_d
  if (
    rq.numerator * rb.numerator * ra.denominator >=
    ra.numerator * rq.denominator * rb.denominator
  ) {
    return q;
  }
  return nextUp(q);
}

/** The next double above a positive finite x. */
function nextUp(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) + 1n);
  return view.getFloat64(0);
}

/** The largest power of two ≤ x, for x > 0 finite. */
function floorPowerOfTwo(x: number): number {
  let e = Math.floor(Math.log2(x));
  while (2 ** e > x) e--;
  while (2 ** (e + 1) <= x) e++;
  return 2 ** e;
}

function isPowerOfTwo(x: number): boolean {
  return x > 0 && Number.isFinite(x) && floorPowerOfTwo(x) === x;
}

/** Discrete Laplace moments at scale t (grid steps): [variance, E|Z|]. q = e^(−1/t). */
function discreteLaplaceMoments(t: number): [number, number] {
  const q = Math.exp(-1 / t);
  const oneMinusQ = -Math.expm1(-1 / t);
  const oneMinusQ2 = -Math.expm1(-2 / t);
  return [(2 * q) / (oneMinusQ * oneMinusQ), (2 * q) / oneMinusQ2];
}

/** n + z as a double; exact while it is a safe integer, else the nearest double (post-processing). */
function addExactly(n: number, z: number | bigint): number {
  if (typeof z === 'number') {
    const s = n + z;
    if (Number.isSafeInteger(s) && Number.isSafeInteger(n)) return s;
    return Number(BigInt(n) + BigInt(z));
  }
  if (Number.isSafeInteger(n) && z <= BigInt(MAX_SAFE) && z >= -BigInt(MAX_SAFE)) {
    const s = n + Number(z);
    if (Number.isSafeInteger(s)) return s;
  }
  return Number(BigInt(n) + z);
}

/** Discrete Laplace noise of scale t: a number while t ≤ 2^47, else a bigint. */
function laplaceNoise(rng: RandomSource, t: number): number | bigint {
  return t <= MAX_SAMPLER_SCALE
    ? sampleDiscreteLaplace(rng, t)
    : sampleDiscreteLaplaceBigInt(rng, t);
}

function checkTrueValue(trueValue: unknown, integer: boolean): number {
  // The value itself is private: messages never show it.
  if (typeof trueValue !== 'number' || !Number.isFinite(trueValue)) {
    throw new DatanonymeError('BAD_PARAMETER', 'trueValue must be a finite number', {
      field: 'trueValue',
    });
  }
  if (integer && !Number.isInteger(trueValue)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'trueValue must be an integer for the geometric mechanism (use the Laplace mechanism for real values)',
      { field: 'trueValue' },
    );
  }
  return trueValue;
}

/**
 * The geometric mechanism (Ghosh, Roughgarden, Sundararajan 2009): the integer true value plus
 * exact discrete Laplace noise of scale t = Δ/ε (rounded up to a double, so t ≥ Δ/ε exactly):
 * P(noise = z) ∝ e^(−|z|/t). ε-DP for integer-valued queries of sensitivity Δ. Every output is an
 * integer. Variance 2e^(−1/t)/(1 − e^(−1/t))²; E|noise| = 2e^(−1/t)/(1 − e^(−2/t)).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `sensitivity`, `epsilon` (bad, or scale above
 *   2^47) or `trueValue` (not a finite integer; the value is not shown).
 * @example
 * geometricMechanism(4, 1, 0.5, secureRandom()).scale // => 2
 */
export function geometricMechanism(
  trueValue: number,
  sensitivity: number,
  epsilon: number,
  rng: RandomSource,
): NoisyValue {
  laplaceScale(sensitivity, epsilon); // checks Δ, ε and the maximum scale
  const x = checkTrueValue(trueValue, true);
  const t = divideRoundingUp(sensitivity, epsilon);
  const z = laplaceNoise(rng, t);
  const [variance, mae] = discreteLaplaceMoments(t);
  return {
    value: addExactly(x, z),
    mechanism: 'geometric',
    scale: t,
    granularity: 1,
    expectedAbsoluteError: mae,
    variance,
  };
}

/** Options of {@link laplaceMechanism}. */
export interface LaplaceOptions {
  /**
   * The grid step γ of the output, a power of two (2^k for an integer k, 1 for integers).
   * @defaultValue the largest power of two ≤ min(Δ, Δ/ε) / 2^40
   */
  granularity?: number;
}

function checkGranularity(g: unknown): number {
  if (typeof g !== 'number' || !isPowerOfTwo(g)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `granularity must be a power of two (such as 1, 0.5, 2^-20), got ${String(g)}`,
      { field: 'granularity', value: String(g) },
    );
  }
  return g;
}

/** round(x/γ) as an exact integer double. */
function toGrid(x: number, gamma: number): number {
  const y = Math.round(x / gamma);
  if (!Number.isFinite(y)) {
    throw new DatanonymeError('BAD_PARAMETER', 'trueValue is too large for the output grid', {
      field: 'trueValue',
    });
  }
  return y;
}

/**
 * The Laplace mechanism for real values without the floating-point leak: the value rounded to the
 * grid of step γ (a power of two that does not depend on the value), plus exact discrete Laplace
 * noise of ⌈Δ/γ⌉/ε grid steps (see the module comment for why this is exactly ε-DP). Every output
 * is a multiple of γ. The reported `scale` is the effective b = γ·⌈Δ/γ⌉/ε ≥ Δ/ε; the variance is
 * γ²·2e^(−1/T)/(1 − e^(−1/T))² with T = b/γ, which is 2b² − γ²/6 to within rounding (8 for b = 2).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `sensitivity`, `epsilon`, `granularity` or
 *   `trueValue` (not finite; the value is not shown).
 * @example
 * laplaceMechanism(0.1, 1, 0.5, secureRandom()).granularity // => 2^-40
 */
export function laplaceMechanism(
  trueValue: number,
  sensitivity: number,
  epsilon: number,
  rng: RandomSource,
  options: LaplaceOptions = {},
): NoisyValue {
  const b = laplaceScale(sensitivity, epsilon);
  const x = checkTrueValue(trueValue, false);
  const gamma =
    options.granularity === undefined
      ? floorPowerOfTwo(Math.min(sensitivity, b)) * 2 ** -GRID_BITS
      : checkGranularity(options.granularity);
  const n = toGrid(x, gamma);
  const k = Math.ceil(sensitivity / gamma); // integer sensitivity on the grid
  const t = divideRoundingUp(k, epsilon); // scale in grid steps
  const z = laplaceNoise(rng, t);
  const [v, mae] = discreteLaplaceMoments(t);
  return {
    value: addExactly(n, z) * gamma,
    mechanism: 'laplace',
    scale: t * gamma,
    granularity: gamma,
    expectedAbsoluteError: mae * gamma,
    variance: v * gamma * gamma,
  };
}

/** A Gaussian budget: (ε, δ) with a calibration, or ρ for zero-concentrated DP. */
export type GaussianBudget =
  { epsilon: number; delta: number; calibration?: 'classic' | 'analytic' } | { rho: number };

/** Relative margin on σ in grid steps (see {@link gaussianMechanism}). */
const GAUSSIAN_GRID_MARGIN = 1e-9;

/**
 * The Gaussian mechanism for real values on a grid: the value rounded to the grid of step γ (the
 * largest power of two ≤ min(Δ, σ)/2^40), plus exact discrete Gaussian noise (CKS 2020). σ comes
 * from the budget: `{ rho }` → Δ/√(2ρ) (ρ-zCDP; for the discrete Gaussian this is exact, CKS
 * Theorem 4); `{ epsilon, delta }` → the analytic calibration of Balle and Wang (default) or the
 * classic one (`calibration: 'classic'`, ε < 1). Rounding to the grid is accounted for as in the
 * Laplace mechanism: σ is calibrated for the grid sensitivity ⌈Δ/γ⌉·γ. The (ε, δ) calibrations
 * are those of the continuous Gaussian; with σ ≥ 2^40 grid steps the discrete Gaussian's tails
 * (which give its exact δ, CKS Theorem 7) agree with the continuous ones to about 2^−40 relative,
 * and σ in grid steps is raised by a relative 1e-9 (and to an integer) to cover that difference.
 * Every output is a multiple of γ. `scale` is the effective σ; variance σ² (the discrete
 * Gaussian's variance is below σ² by less than 1e-100 relative at this σ); E|noise| = σ√(2/π).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `sensitivity`, `epsilon`, `delta` (δ must be in
 *   (0, 1): 0 is refused), `rho`, `calibration` or `trueValue`.
 * @example
 * gaussianMechanism(10, 1, { rho: 0.5 }, secureRandom()).scale // => about 1
 */
export function gaussianMechanism(
  trueValue: number,
  sensitivity: number,
  budget: GaussianBudget,
  rng: RandomSource,
): NoisyValue {
  const d = checkSensitivity(sensitivity);
  let sigma: number;
  let margin: number;
  if (typeof (budget as unknown) !== 'object' || (budget as unknown) === null) {
    throw new DatanonymeError('BAD_PARAMETER', 'budget must be { epsilon, delta } or { rho }', {
      field: 'budget',
    });
  }
  if ('rho' in budget) {
    sigma = gaussianSigmaZcdp(d, checkRho(budget.rho));
    margin = 1e-12; // only the rounding of Δ/√(2ρ) to cover
  } else {
    const eps = checkEpsilon(budget.epsilon);
    const delta = checkDelta(budget.delta);
    const calibration: unknown = budget.calibration ?? 'analytic';
    if (calibration === 'analytic') sigma = gaussianSigmaAnalytic(d, eps, delta);
    else if (calibration === 'classic') sigma = gaussianSigmaClassic(d, eps, delta);
    else {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `calibration must be 'analytic' or 'classic', got ${String(calibration)}`,
        { field: 'calibration', value: String(calibration) },
      );
    }
    margin = GAUSSIAN_GRID_MARGIN;
  }
  const x = checkTrueValue(trueValue, false);
  const gamma = floorPowerOfTwo(Math.min(d, sigma)) * 2 ** -GRID_BITS;
  const n = toGrid(x, gamma);
  const k = Math.ceil(d / gamma);
  // σ scales linearly with Δ: σ for sensitivity k·γ, in grid steps, is σ·k/Δ.
  const sigmaGrid = Math.ceil(((sigma * k) / d) * (1 + margin));
  const z = sampleDiscreteGaussianBigInt(rng, sigmaGrid);
  const effective = sigmaGrid * gamma;
  return {
    value: addExactly(n, z) * gamma,
    mechanism: 'gaussian',
    scale: effective,
    granularity: gamma,
    expectedAbsoluteError: effective * Math.sqrt(2 / Math.PI),
    variance: effective * effective,
  };
}

/** Options of {@link exponentialMechanism}. */
export interface ExponentialOptions {
  /**
   * True when every score moves in the same direction between neighbours (counts under
   * add/remove); then the exponent is ε·(q − q*)/Δ instead of ε·(q − q*)/(2Δ).
   * @defaultValue false
   */
  monotone?: boolean;
}

/**
 * Selection by permute-and-flip (McKenna and Sheldon 2020), an ε-DP exponential-mechanism variant
 * that is never worse in expected score: visit the candidates in a uniformly random order and
 * stop at candidate r with probability exp(ε(q_r − q*)/(2Δ)) (q* the highest score; Δ the
 * sensitivity of the scores; ε/Δ instead of ε/(2Δ) when `monotone`). The best candidate is always
 * accepted, so it stops within one pass. Each acceptance is an exact Bernoulli(exp(−γ)) trial
 * (samplers.ts) on the exact rational γ = ε·(q* − q_r)/(2Δ) of the doubles; the order is an exact
 * Fisher–Yates shuffle drawn as needed. Returns the chosen index.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `scores` (empty, or a score not finite),
 *   `sensitivity` or `epsilon`.
 * @example
 * exponentialMechanism([1, 5, 2], 1, 1, secureRandom()) // => 1 most of the time
 */
export function exponentialMechanism(
  scores: readonly number[],
  sensitivity: number,
  epsilon: number,
  rng: RandomSource,
  options: ExponentialOptions = {},
): number {
  const d = checkSensitivity(sensitivity);
  const eps = checkEpsilon(epsilon);
  if (!Array.isArray(scores) || scores.length === 0) {
    throw new DatanonymeError('BAD_PARAMETER', 'scores must be a non-empty array of numbers', {
      field: 'scores',
    });
  }
  let best = -Infinity;
  for (let i = 0; i < scores.length; i++) {
    const q: unknown = scores[i];
    if (typeof q !== 'number' || !Number.isFinite(q)) {
      throw new DatanonymeError('BAD_PARAMETER', `scores[${i}] must be a finite number`, {
        field: `scores[${i}]`,
      });
    }
    if (q > best) best = q;
  }
  const e = doubleToRational(eps);
  const s = doubleToRational(d);
  const factor = options.monotone === true ? 1n : 2n;
  const qStar = doubleToRational(best);
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  for (let i = 0; i < order.length; i++) {
    // Fisher–Yates step: order[i] becomes a uniform pick among the unvisited.
    const j = i + uniformInt(rng, order.length - i);
    const r = order[j] as number;
    order[j] = order[i] as number;
    order[i] = r;
    const q = doubleToRational(scores[r] as number);
    // q* − q_r = (q*_n·q_d − q_n·q*_d)/(q*_d·q_d); γ = ε·(q* − q_r)/(factor·Δ)
    const diffN = qStar.numerator * q.denominator - q.numerator * qStar.denominator;
    const diffD = qStar.denominator * q.denominator;
    const num = e.numerator * diffN * s.denominator;
    const den = e.denominator * diffD * factor * s.numerator;
    if (sampleBernoulliExp(rng, num, den)) return r;
  }
  // Unreachable: the best candidate is accepted with probability 1.
  throw new Error('permute-and-flip visited every candidate without accepting one');
}

/**
 * k-ary randomised response (Warner 1965; Kairouz, Oh, Viswanath 2014): report the true category
 * with probability e^ε/(e^ε + k − 1), and each other category with probability 1/(e^ε + k − 1).
 * ε-local DP. Sampled exactly: draw J uniform in 0…k−1; accept J = value at once and any other J
 * with an exact Bernoulli(e^(−ε)) trial; repeat until accepted.
 *
 * @param value - the true category, an integer in [0, categories).
 * @param categories - k, an integer ≥ 2.
 * @throws DatanonymeError `BAD_PARAMETER` naming `categories`, `value` or `epsilon`.
 * @example
 * randomisedResponse(2, 4, 1, secureRandom()) // => 2 with probability e/(e + 3) ≈ 0.475
 */
export function randomisedResponse(
  value: number,
  categories: number,
  epsilon: number,
  rng: RandomSource,
): number {
  if (!Number.isSafeInteger(categories) || categories < 2) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `categories must be an integer ≥ 2, got ${String(categories)}`,
      { field: 'categories', value: String(categories) },
    );
  }
  if (!Number.isInteger(value) || value < 0 || value >= categories) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `value must be an integer category in [0, ${categories})`,
      { field: 'value' },
    );
  }
  const e = doubleToRational(checkEpsilon(epsilon));
  for (;;) {
    const j = uniformInt(rng, categories);
    if (j === value || sampleBernoulliExp(rng, e.numerator, e.denominator)) return j;
  }
}
