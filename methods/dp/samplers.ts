/**
 * Exact samplers for differential privacy: Bernoulli(exp(−γ)) for rational γ, the discrete
 * Laplace (two-sided geometric) and the discrete Gaussian, built only from uniform integers and
 * integer arithmetic, after Canonne, Kamath and Steinke (2020), Algorithms 1–3. No logarithm, no
 * exponential and no division of doubles is ever evaluated on random values, so the output
 * distribution is exactly the stated one (given uniform words from the source).
 *
 * Parameters given as doubles (`scale`, `sigma`) are taken as the exact rationals they denote:
 * every finite double is m·2^e with m and e integers. Plain numbers carry the arithmetic while
 * every intermediate integer stays below 2^53; otherwise the same algorithm runs on bigints.
 *
 * Reference: C. Canonne, G. Kamath, T. Steinke, "The discrete Gaussian for differential privacy",
 * NeurIPS 2020 (arXiv:2004.00010), section 5.
 */
import { DatanonymeError } from '../../src/errors.js';
import { type RandomSource, uniformBigInt, uniformInt } from '../../src/random/source.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER; // 2^53 − 1

/** A positive rational numerator/denominator in bigints. */
export interface Rational {
  numerator: bigint;
  denominator: bigint;
}

/**
 * The exact rational a finite double denotes, as m / 2^k with m an integer and k ≥ 0 the
 * smallest such exponent (so m is odd when k > 0).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `value` when it is not finite.
 * @example
 * doubleToRational(0.375) // => { numerator: 3n, denominator: 8n }
 */
export function doubleToRational(value: number): Rational {
  if (!Number.isFinite(value)) {
    throw new DatanonymeError('BAD_PARAMETER', `value must be finite, got ${String(value)}`, {
      field: 'value',
      value: String(value),
    });
  }
  let x = value;
  let k = 0;
  // Doubling is exact; a non-integer double has |x| < 2^52, so x stays finite. At most 1074 steps.
  while (!Number.isInteger(x)) {
    x *= 2;
    k++;
  }
  return { numerator: BigInt(x), denominator: 1n << BigInt(k) };
}

/** Scale as numerator t / denominator s in plain numbers when t ≤ 2^53 − 1 (s is a power of 2). */
function numberRational(value: number): { t: number; s: number } | undefined {
  let x = value;
  let s = 1;
  while (!Number.isInteger(x)) {
    x *= 2;
    s *= 2;
  }
  if (x > MAX_SAFE || !Number.isFinite(s)) return undefined;
  return { t: x, s };
}

// ---------------------------------------------------------------------------------------------
// Bernoulli(exp(−γ)), CKS Algorithm 1, plain numbers (all integers < 2^53).

/** Bernoulli(n/d) ∧ Bernoulli(1/k) = Bernoulli(n/(d·k)), without forming d·k. */
function bernoulliRatioOverK(rng: RandomSource, n: number, d: number, k: number): boolean {
  if (uniformInt(rng, d) >= n) return false;
  return k === 1 || uniformInt(rng, k) === 0;
}

/** Bernoulli(exp(−n/d)) for 0 ≤ n ≤ d (γ ∈ [0, 1]). */
function bernoulliExpUnit(rng: RandomSource, n: number, d: number): boolean {
  if (n === 0) return true;
  let k = 1;
  while (bernoulliRatioOverK(rng, n, d, k)) k++;
  return (k & 1) === 1;
}

/** Bernoulli(exp(−1)). */
function bernoulliExpMinusOne(rng: RandomSource): boolean {
  // γ = 1: the first trial Bernoulli(1/1) always succeeds.
  let k = 2;
  while (uniformInt(rng, k) === 0) k++;
  return (k & 1) === 1;
}

/** Bernoulli(exp(−n/d)) for integers n ≥ 0, d ≥ 1, both < 2^53. */
function bernoulliExpNumber(rng: RandomSource, n: number, d: number): boolean {
  if (n <= d) return bernoulliExpUnit(rng, n, d);
  const r = n % d; // exact for integer doubles
  const q = (n - r) / d; // exact: n − r is a multiple of d
  for (let i = 0; i < q; i++) if (!bernoulliExpMinusOne(rng)) return false;
  return bernoulliExpUnit(rng, r, d);
}

// Bigint versions.

function bernoulliExpUnitBig(rng: RandomSource, n: bigint, d: bigint): boolean {
  if (n === 0n) return true;
  let k = 1;
  for (;;) {
    const success = uniformBigInt(rng, d) < n && (k === 1 || uniformInt(rng, k) === 0);
    if (!success) break;
    k++;
  }
  return (k & 1) === 1;
}

function bernoulliExpBig(rng: RandomSource, n: bigint, d: bigint): boolean {
  if (n <= MAX_SAFE_BIG && d <= MAX_SAFE_BIG) return bernoulliExpNumber(rng, Number(n), Number(d));
  if (n <= d) return bernoulliExpUnitBig(rng, n, d);
  let q = n / d;
  const r = n % d;
  for (; q > 0n; q--) if (!bernoulliExpMinusOne(rng)) return false;
  return bernoulliExpUnitBig(rng, r, d);
}

const MAX_SAFE_BIG = BigInt(MAX_SAFE);

/**
 * One draw of Bernoulli(exp(−numerator/denominator)), exact (CKS 2020, Algorithm 1): for γ ≤ 1
 * count the successes of Bernoulli(γ/k), k = 1, 2, … and answer whether the first failure comes
 * at an odd k; for γ > 1, ⌊γ⌋ draws of Bernoulli(e^−1) and one of Bernoulli(e^−(γ−⌊γ⌋)).
 *
 * @throws DatanonymeError `BAD_PARAMETER` when numerator < 0 or denominator ≤ 0.
 * @example
 * sampleBernoulliExp(secureRandom(), 1n, 2n) // => true with probability e^(−1/2) ≈ 0.607
 */
export function sampleBernoulliExp(
  rng: RandomSource,
  numerator: bigint,
  denominator: bigint,
): boolean {
  if (typeof numerator !== 'bigint' || numerator < 0n) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `numerator must be a bigint ≥ 0, got ${String(numerator)}`,
      { field: 'numerator', value: String(numerator) },
    );
  }
  if (typeof denominator !== 'bigint' || denominator <= 0n) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `denominator must be a bigint > 0, got ${String(denominator)}`,
      { field: 'denominator', value: String(denominator) },
    );
  }
  return bernoulliExpBig(rng, numerator, denominator);
}

// ---------------------------------------------------------------------------------------------
// Discrete Laplace, CKS Algorithm 2: P(x) ∝ exp(−|x|·s/t) on the integers, scale t/s.

/** Discrete Laplace with scale t/s, plain numbers (t ≤ 2^53 − 1, s a power of two). */
function discreteLaplaceNumber(rng: RandomSource, t: number, s: number): number {
  for (;;) {
    const u = uniformInt(rng, t);
    if (!bernoulliExpUnit(rng, u, t)) continue;
    let v = 0;
    while (bernoulliExpMinusOne(rng)) v++;
    // X = U + t·V; Y = ⌊X / s⌋, computed exactly.
    let y: number;
    if ((v + 1) * t <= MAX_SAFE) {
      y = Math.floor((u + t * v) / s); // X < 2^53 and s a power of two: exact
    } else {
      y = Number((BigInt(u) + BigInt(t) * BigInt(v)) / BigInt(s));
      if (y > MAX_SAFE) throw new Error('discrete Laplace sample beyond 2^53');
    }
    const negative = (rng.uint32() & 1) === 1;
    if (negative) {
      if (y === 0) continue;
      return -y;
    }
    return y;
  }
}

/** Discrete Laplace with scale t/s in bigints. */
function discreteLaplaceBig(rng: RandomSource, t: bigint, s: bigint): bigint {
  for (;;) {
    const u = uniformBigInt(rng, t);
    if (!bernoulliExpBig(rng, u, t)) continue;
    let v = 0n;
    while (bernoulliExpMinusOne(rng)) v++;
    const y = (u + t * v) / s;
    const negative = (rng.uint32() & 1) === 1;
    if (negative) {
      if (y === 0n) continue;
      return -y;
    }
    return y;
  }
}

function checkScale(scale: unknown, field: string): number {
  if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} must be a finite number > 0, got ${String(scale)}`,
      {
        field,
        value: String(scale),
      },
    );
  }
  return scale;
}

/** The largest `scale` (and `sigma`) the number-valued samplers accept: 2^47. */
export const MAX_SAMPLER_SCALE = 2 ** 47;

/**
 * One draw from the discrete Laplace distribution (two-sided geometric) with the given scale t:
 * P(x) = (1 − e^(−1/t)) / (1 + e^(−1/t)) · e^(−|x|/t) for every integer x. Exact (CKS 2020,
 * Algorithm 2), with `scale` read as the exact rational it denotes. Mean 0, variance
 * 2e^(−1/t) / (1 − e^(−1/t))².
 *
 * @param scale - t, finite, > 0 and ≤ {@link MAX_SAMPLER_SCALE} (beyond, |x| could pass 2^53;
 *   use {@link sampleDiscreteLaplaceBigInt}).
 * @throws DatanonymeError `BAD_PARAMETER` naming `scale` when it is not finite, ≤ 0 or too large.
 * @example
 * sampleDiscreteLaplace(secureRandom(), 2) // => an integer, e.g. -1
 */
export function sampleDiscreteLaplace(rng: RandomSource, scale: number): number {
  checkScale(scale, 'scale');
  if (scale > MAX_SAMPLER_SCALE) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `scale must be ≤ 2^47 for number samples, got ${String(scale)}`,
      { field: 'scale', value: String(scale) },
    );
  }
  const r = numberRational(scale);
  if (r !== undefined) return discreteLaplaceNumber(rng, r.t, r.s);
  const q = doubleToRational(scale);
  return Number(discreteLaplaceBig(rng, q.numerator, q.denominator));
}

/**
 * The discrete Laplace sampler on bigints, for any scale: a double (read exactly) or an exact
 * rational. Same distribution as {@link sampleDiscreteLaplace}.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `scale` when it is not > 0 and finite.
 * @example
 * sampleDiscreteLaplaceBigInt(secureRandom(), { numerator: 10n ** 20n, denominator: 3n })
 */
export function sampleDiscreteLaplaceBigInt(rng: RandomSource, scale: number | Rational): bigint {
  if (typeof scale === 'number') {
    checkScale(scale, 'scale');
    const r = numberRational(scale);
    if (r !== undefined) return BigInt(discreteLaplaceNumber(rng, r.t, r.s));
    const q = doubleToRational(scale);
    return discreteLaplaceBig(rng, q.numerator, q.denominator);
  }
  if (scale.numerator <= 0n || scale.denominator <= 0n) {
    throw new DatanonymeError('BAD_PARAMETER', 'scale must be a rational > 0', {
      field: 'scale',
      value: `${String(scale.numerator)}/${String(scale.denominator)}`,
    });
  }
  if (scale.numerator <= MAX_SAFE_BIG && isPowerOfTwo(scale.denominator)) {
    const s = Number(scale.denominator);
    if (Number.isFinite(s)) {
      return BigInt(discreteLaplaceNumber(rng, Number(scale.numerator), s));
    }
  }
  return discreteLaplaceBig(rng, scale.numerator, scale.denominator);
}

function isPowerOfTwo(x: bigint): boolean {
  return x > 0n && (x & (x - 1n)) === 0n;
}

// ---------------------------------------------------------------------------------------------
// Discrete Gaussian, CKS Algorithm 3: P(x) ∝ exp(−x²/(2σ²)) on the integers.

/**
 * Discrete Gaussian in bigints with σ² = a/b exactly: t = ⌊σ⌋ + 1; repeat Y ← DLap(t) and accept
 * with probability exp(−(|Y| − σ²/t)² / (2σ²)) = exp(−(|Y|·b·t − a)² / (2·a·b·t²)).
 */
function discreteGaussianBig(rng: RandomSource, a: bigint, b: bigint, t: bigint): bigint {
  const den = 2n * a * b * t * t;
  const bt = b * t;
  const smallT = t <= MAX_SAFE_BIG ? Number(t) : 0;
  for (;;) {
    const y =
      smallT > 0 ? BigInt(discreteLaplaceNumber(rng, smallT, 1)) : discreteLaplaceBig(rng, t, 1n);
    const absY = y < 0n ? -y : y;
    const diff = absY * bt - a;
    if (bernoulliExpBig(rng, diff * diff, den)) return y;
  }
}

/** Discrete Gaussian in plain numbers when σ² = a/b and 2·a·b·t² < 2^53. */
function discreteGaussianNumber(rng: RandomSource, a: number, b: number, t: number): number {
  const den = 2 * a * b * t * t;
  const bt = b * t;
  for (;;) {
    const y = discreteLaplaceNumber(rng, t, 1);
    const diff = Math.abs(y) * bt - a;
    const num = diff * diff;
    if (
      num <= MAX_SAFE
        ? bernoulliExpNumber(rng, num, den)
        : bernoulliExpBig(rng, BigInt(diff) * BigInt(diff), BigInt(den))
    ) {
      return y;
    }
  }
}

/** t = ⌊σ⌋ + 1, σ² = a/b, in bigints, from the double σ. */
function gaussianParameters(sigma: number): { a: bigint; b: bigint; t: bigint } {
  const q = doubleToRational(sigma);
  return {
    a: q.numerator * q.numerator,
    b: q.denominator * q.denominator,
    t: q.numerator / q.denominator + 1n,
  };
}

/**
 * One draw from the discrete Gaussian N_Z(0, σ²): P(x) = exp(−x²/(2σ²)) / Σ_y exp(−y²/(2σ²)) for
 * every integer x. Exact (CKS 2020, Algorithm 3: discrete Laplace proposals with scale ⌊σ⌋ + 1,
 * accepted with an exact Bernoulli(exp(−·)) trial), with σ read as the exact rational it denotes.
 * Mean 0; variance < σ² (CKS 2020), short of σ² by a relative error that vanishes like
 * 4π²σ²·e^(−2π²σ²) (below 1e-30 for σ ≥ 2).
 *
 * @param sigma - σ, finite, > 0 and ≤ {@link MAX_SAMPLER_SCALE}.
 * @throws DatanonymeError `BAD_PARAMETER` naming `sigma` when it is not finite, ≤ 0 or too large.
 * @example
 * sampleDiscreteGaussian(secureRandom(), 3) // => an integer, e.g. 2
 */
export function sampleDiscreteGaussian(rng: RandomSource, sigma: number): number {
  checkScale(sigma, 'sigma');
  if (sigma > MAX_SAMPLER_SCALE) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `sigma must be ≤ 2^47 for number samples, got ${String(sigma)}`,
      { field: 'sigma', value: String(sigma) },
    );
  }
  const { a, b, t } = gaussianParameters(sigma);
  if (2n * a * b * t * t <= MAX_SAFE_BIG) {
    return discreteGaussianNumber(rng, Number(a), Number(b), Number(t));
  }
  return Number(discreteGaussianBig(rng, a, b, t));
}

/**
 * The discrete Gaussian sampler on bigints, for any σ (a double read exactly). Same distribution
 * as {@link sampleDiscreteGaussian}.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `sigma` when it is not finite and > 0.
 * @example
 * sampleDiscreteGaussianBigInt(secureRandom(), 2 ** 60)
 */
export function sampleDiscreteGaussianBigInt(rng: RandomSource, sigma: number): bigint {
  checkScale(sigma, 'sigma');
  const { a, b, t } = gaussianParameters(sigma);
  return discreteGaussianBig(rng, a, b, t);
}
