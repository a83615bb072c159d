/**
 * Noise calibration: the scale of Laplace noise and the standard deviation of Gaussian noise that
 * a sensitivity and a privacy budget call for. Every function checks its parameters first (case
 * B14) and refuses a result that is not finite or exceeds {@link MAX_NOISE_SCALE}.
 *
 * References:
 * - C. Dwork, A. Roth, "The algorithmic foundations of differential privacy", 2014: Laplace
 *   (Theorem 3.6) and the classic Gaussian mechanism (Theorem A.1, for ε < 1).
 * - B. Balle, Y.-X. Wang, "Improving the Gaussian mechanism for differential privacy: analytical
 *   calibration and optimal denoising", ICML 2018 (Theorem 8 and Algorithm 1).
 * - M. Bun, T. Steinke, "Concentrated differential privacy: simplifications, extensions, and
 *   lower bounds", TCC 2016 (Proposition 1.6: Gaussian noise σ gives Δ²/(2σ²)-zCDP).
 */
import { DatanonymeError } from '../../src/errors.js';
import {
  checkDelta,
  checkEpsilon,
  checkRho,
  checkSensitivity,
  MAX_NOISE_SCALE,
} from './parameters.js';

function checkResult(value: number, what: string, field: string, input: number): number {
  if (!Number.isFinite(value) || value > MAX_NOISE_SCALE) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} = ${input} gives a ${what} of ${String(value)}, above the maximum 2^47 ` +
        `(≈ 1.4e14) the mechanisms accept`,
      { field, value: String(input) },
    );
  }
  return value;
}

/**
 * The Laplace scale b = Δ/ε (Dwork and Roth, Theorem 3.6), correctly rounded by the division.
 * The mechanisms read it as an exact rational and round it up when the division rounded down.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `sensitivity` or `epsilon` when either is not
 *   finite and > 0, or `epsilon` when Δ/ε overflows or exceeds {@link MAX_NOISE_SCALE}.
 * @example
 * laplaceScale(1, 0.5) // => 2
 */
export function laplaceScale(sensitivity: number, epsilon: number): number {
  const delta = checkSensitivity(sensitivity);
  const eps = checkEpsilon(epsilon);
  return checkResult(delta / eps, 'Laplace scale', 'epsilon', eps);
}

/**
 * The classic Gaussian σ = Δ·√(2 ln(1.25/δ)) / ε (Dwork and Roth, Theorem A.1), valid for
 * 0 < ε < 1 only.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `epsilon` when ε ≥ 1 (use the analytic
 *   calibration) or bad, `delta` when δ ∉ (0, 1), `sensitivity` when Δ is not finite and > 0.
 * @example
 * gaussianSigmaClassic(1, 0.5, 1e-5) // => 9.6896…
 */
export function gaussianSigmaClassic(sensitivity: number, epsilon: number, delta: number): number {
  const d = checkSensitivity(sensitivity);
  const eps = checkEpsilon(epsilon);
  const dl = checkDelta(delta);
  if (eps >= 1) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `epsilon must be < 1 for the classic Gaussian calibration, got ${eps}; use the analytic one`,
      { field: 'epsilon', value: String(eps) },
    );
  }
  return checkResult(
    (d * Math.sqrt(2 * Math.log(1.25 / dl))) / eps,
    'Gaussian sigma',
    'epsilon',
    eps,
  );
}

/**
 * The zCDP Gaussian σ = Δ/√(2ρ) (Bun and Steinke 2016, Proposition 1.6).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `sensitivity` or `rho`.
 * @example
 * gaussianSigmaZcdp(1, 0.125) // => 2
 */
export function gaussianSigmaZcdp(sensitivity: number, rho: number): number {
  const d = checkSensitivity(sensitivity);
  const r = checkRho(rho);
  return checkResult(d / Math.sqrt(2 * r), 'Gaussian sigma', 'rho', r);
}

// ---------------------------------------------------------------------------------------------
// The standard normal tail Q(x) = P(N(0,1) > x) = erfc(x/√2)/2, to about 1e-15 relative.

const SQRT_PI = Math.sqrt(Math.PI);

/** erf(x) for 0 ≤ x ≤ 3 by the series e^(−x²)·(2/√π)·Σ 2^n x^(2n+1)/(1·3·…·(2n+1)) (no cancellation). */
function erfSeries(x: number): number {
  let term = x;
  let sum = x;
  const x2 = x * x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return (2 / SQRT_PI) * Math.exp(-x2) * sum;
}

/** ln(erfc(x)) for x ≥ 3 by the continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), Lentz's method. */
function logErfcContinuedFraction(x: number): number {
  // K = x + a1/(x + a2/(x + …)), a_n = n/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -x * x - Math.log(SQRT_PI) - Math.log(f);
}

/**
 * ln Q(x), the log of the standard normal upper tail P(N(0,1) > x), accurate to about 1e-14
 * relative over the whole line (series for |x|/√2 < 3, continued fraction beyond).
 *
 * @example
 * Math.exp(logNormalTail(0)) // => 0.5
 */
export function logNormalTail(x: number): number {
  const z = x / Math.SQRT2;
  if (z >= 3) return logErfcContinuedFraction(z) - Math.LN2;
  if (z >= 0) return Math.log((1 - erfSeries(z)) / 2);
  if (z > -3) return Math.log((1 + erfSeries(-z)) / 2);
  return Math.log1p(-Math.exp(logErfcContinuedFraction(-z) - Math.LN2));
}

/**
 * The exact δ of the Gaussian mechanism with noise σ, sensitivity Δ, at privacy loss ε (Balle and
 * Wang 2018, Theorem 8): δ(σ) = Φ(Δ/(2σ) − εσ/Δ) − e^ε Φ(−Δ/(2σ) − εσ/Δ), computed as
 * Q(εσ/Δ − Δ/(2σ)) − exp(ε + ln Q(εσ/Δ + Δ/(2σ))).
 *
 * @example
 * gaussianDelta(1, 1, 3.73) // => about 1e-5
 */
export function gaussianDelta(sensitivity: number, epsilon: number, sigma: number): number {
  const a = (epsilon * sigma) / sensitivity;
  const b = sensitivity / (2 * sigma);
  return Math.exp(logNormalTail(a - b)) - Math.exp(epsilon + logNormalTail(a + b));
}

/** The last analytic calibration for Δ = 1, reused when a query repeats it cell after cell. */
let lastAnalytic: { epsilon: number; delta: number; unit: number } | undefined;

/** Relative margin added to the analytic σ to cover the error of the computed δ(σ). */
const ANALYTIC_MARGIN = 1e-9;

/**
 * The analytic Gaussian σ (Balle and Wang 2018, Theorem 8): the smallest σ with δ(σ) ≤ δ, where
 * δ(σ) is {@link gaussianDelta}; valid for every ε > 0. Found by bisection on σ (δ(σ) decreases in
 * σ) to 1e-15 relative, then raised by a relative 1e-9 so that the errors of the normal tail
 * (≈ 1e-14) can only make it larger than the exact value, never smaller.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `sensitivity`, `epsilon` or `delta`.
 * @example
 * gaussianSigmaAnalytic(1, 1, 1e-5) // => 3.7305…
 */
export function gaussianSigmaAnalytic(sensitivity: number, epsilon: number, delta: number): number {
  const d = checkSensitivity(sensitivity);
  const eps = checkEpsilon(epsilon);
  const dl = checkDelta(delta);
  if (lastAnalytic !== undefined && lastAnalytic.epsilon === eps && lastAnalytic.delta === dl) {
    return checkResult(d * lastAnalytic.unit, 'Gaussian sigma', 'epsilon', eps);
  }
  // Work with Δ = 1 (σ scales linearly in Δ), bracket, then bisect.
  let lo = 1e-12;
  let hi = 1;
  while (gaussianDelta(1, eps, hi) > dl) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) break;
  }
  for (let i = 0; i < 2000 && hi - lo > hi * 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (gaussianDelta(1, eps, mid) > dl) lo = mid;
    else hi = mid;
  }
  const unit = hi * (1 + ANALYTIC_MARGIN);
  lastAnalytic = { epsilon: eps, delta: dl, unit };
  return checkResult(d * unit, 'Gaussian sigma', 'epsilon', eps);
}
