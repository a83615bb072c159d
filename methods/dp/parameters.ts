/**
 * Checks of the differential-privacy parameters, run before any data is read (case B14): a bad
 * ε, δ, ρ, sensitivity or pair of bounds is refused with a `BAD_PARAMETER` error that names the
 * parameter and shows the value. None of the bad values ever means "privacy off".
 *
 * Documented limits:
 * - ε ≥ {@link EPSILON_NEGLIGIBLE_PRIVACY} (10) is accepted with a warning: an attacker's odds
 *   about any one person may grow by e^10 ≈ 22,000, so the privacy is negligible.
 * - ε < {@link EPSILON_USELESS} (1e-4) is accepted with a warning: the noise is at least 10,000
 *   times the sensitivity, so the result is useless for most purposes.
 * - A noise scale above {@link MAX_NOISE_SCALE} (2^47 ≈ 1.4e14) is refused (see calibration.ts):
 *   past it a noisy integer may leave the doubles' exact integers (2^53) with a probability that
 *   is no longer negligible (e^(−64) at the limit).
 */
import { DatanonymeError, shownValue } from '../../src/errors.js';

/** ε at or above this value gets the warning "privacy is negligible". */
export const EPSILON_NEGLIGIBLE_PRIVACY = 10;
/** ε below this value gets the warning "result is useless". */
export const EPSILON_USELESS = 1e-4;
/** The largest noise scale (Laplace b or Gaussian σ) the mechanisms accept: 2^47. */
export const MAX_NOISE_SCALE = 2 ** 47;

/** A warning about a parameter that is legal but probably not what the user wants. */
export interface ParameterWarning {
  field: string;
  message: string;
}

function bad(field: string, requirement: string, value: unknown): DatanonymeError {
  return new DatanonymeError(
    'BAD_PARAMETER',
    `${field} must be ${requirement}, got ${shownValue(value)}`,
    {
      field,
      value: shownValue(value),
    },
  );
}

/** True for a number that is finite and > 0. */
function isPositiveFinite(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0;
}

/**
 * Checks a privacy-loss parameter ε: a finite number > 0. Zero, negatives, NaN, ±Infinity and
 * non-numbers are refused; large and tiny values pass (see {@link epsilonWarnings}).
 *
 * @param field - the parameter's name in messages. @defaultValue `'epsilon'`
 * @throws DatanonymeError `BAD_PARAMETER`: `epsilon must be a finite number > 0, got NaN`.
 * @example
 * checkEpsilon(0.5) // => 0.5
 */
export function checkEpsilon(epsilon: unknown, field = 'epsilon'): number {
  if (!isPositiveFinite(epsilon)) throw bad(field, 'a finite number > 0', epsilon);
  return epsilon;
}

/** Options of {@link checkDelta}. */
export interface CheckDeltaOptions {
  /** Accept δ = 0 (pure DP budgets); the Gaussian mechanism needs δ > 0. @defaultValue false */
  allowZero?: boolean;
}

/**
 * Checks a failure probability δ: a number in (0, 1), or [0, 1) with `allowZero`. Negative values,
 * 1 and above, NaN and non-numbers are always refused.
 *
 * @param field - the parameter's name in messages. @defaultValue `'delta'`
 * @throws DatanonymeError `BAD_PARAMETER`: `delta must be a number in (0, 1), got 0`.
 * @example
 * checkDelta(1e-6) // => 1e-6
 */
export function checkDelta(
  delta: unknown,
  field = 'delta',
  options: CheckDeltaOptions = {},
): number {
  const allowZero = options.allowZero ?? false;
  const ok =
    typeof delta === 'number' &&
    Number.isFinite(delta) &&
    delta < 1 &&
    (allowZero ? delta >= 0 : delta > 0);
  if (!ok) throw bad(field, allowZero ? 'a number in [0, 1)' : 'a number in (0, 1)', delta);
  return delta === 0 ? 0 : delta; // −0 becomes 0
}

/**
 * Checks a zero-concentrated DP parameter ρ (Bun and Steinke 2016): a finite number > 0.
 *
 * @param field - the parameter's name in messages. @defaultValue `'rho'`
 * @throws DatanonymeError `BAD_PARAMETER`: `rho must be a finite number > 0, got -1`.
 * @example
 * checkRho(0.125) // => 0.125
 */
export function checkRho(rho: unknown, field = 'rho'): number {
  if (!isPositiveFinite(rho)) throw bad(field, 'a finite number > 0', rho);
  return rho;
}

/**
 * Checks a sensitivity Δ (the most one person can change the query's value): finite and > 0.
 *
 * @param field - the parameter's name in messages. @defaultValue `'sensitivity'`
 * @throws DatanonymeError `BAD_PARAMETER`: `sensitivity must be a finite number > 0, got 0`.
 * @example
 * checkSensitivity(1) // => 1
 */
export function checkSensitivity(value: unknown, field = 'sensitivity'): number {
  if (!isPositiveFinite(value)) throw bad(field, 'a finite number > 0', value);
  return value;
}

/**
 * Checks public bounds `[lower, upper]` (case B12): two finite numbers with lower < upper. Bounds
 * are public inputs; they are never read from the data.
 *
 * @param field - the parameter's name in messages. @defaultValue `'bounds'`
 * @throws DatanonymeError `BAD_PARAMETER`: `bounds must be [lower, upper] with finite lower < upper, got [5, 5]`.
 * @example
 * checkBounds([17, 90]) // => [17, 90]
 */
export function checkBounds(bounds: unknown, field = 'bounds'): [number, number] {
  const requirement = '[lower, upper] with finite lower < upper';
  if (!Array.isArray(bounds) || bounds.length !== 2) throw bad(field, requirement, bounds);
  const [lower, upper] = bounds as unknown[];
  const text = `[${shownValue(lower)}, ${shownValue(upper)}]`;
  if (
    typeof lower !== 'number' ||
    typeof upper !== 'number' ||
    !Number.isFinite(lower) ||
    !Number.isFinite(upper) ||
    !(lower < upper)
  ) {
    throw new DatanonymeError('BAD_PARAMETER', `${field} must be ${requirement}, got ${text}`, {
      field,
      value: text,
    });
  }
  return [lower, upper];
}

/**
 * Warnings about a legal ε: ≥ {@link EPSILON_NEGLIGIBLE_PRIVACY} ("privacy is negligible") or
 * < {@link EPSILON_USELESS} ("result is useless"). Empty when ε is in the usual range.
 *
 * @param field - the parameter's name in the warning. @defaultValue `'epsilon'`
 * @example
 * epsilonWarnings(1e6).length // => 1
 */
export function epsilonWarnings(epsilon: number, field = 'epsilon'): ParameterWarning[] {
  if (epsilon >= EPSILON_NEGLIGIBLE_PRIVACY) {
    return [
      {
        field,
        message:
          `${field} = ${epsilon} ≥ ${EPSILON_NEGLIGIBLE_PRIVACY}: privacy is negligible ` +
          `(an attacker's odds about any one person may grow by a factor up to e^${epsilon})`,
      },
    ];
  }
  if (epsilon < EPSILON_USELESS) {
    return [
      {
        field,
        message:
          `${field} = ${epsilon} < ${EPSILON_USELESS}: the result is useless ` +
          `(the noise scale is ${1 / epsilon} times the sensitivity)`,
      },
    ];
  }
  return [];
}
