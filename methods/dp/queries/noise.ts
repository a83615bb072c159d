/**
 * The noise of a query, planned before the data is read: the mechanism, its budget checked
 * (case B14), its scale calibrated to the query's sensitivity (an overflowing scale is an error,
 * case B12), and the spend to charge. Drawing goes through the mechanisms of
 * `methods/dp/mechanisms.ts` (exact samplers, no floating-point leak).
 *
 * - `geometric`: the discrete Laplace (two-sided geometric) on integers, scale Δ₁/ε, ε-DP.
 * - `laplace`: real values on a grid, scale Δ₁/ε, ε-DP.
 * - `gaussian`: σ calibrated to Δ₂ for (ε, δ) (analytic, Balle and Wang 2018, or classic) or
 *   for ρ-zCDP (σ = Δ₂/√(2ρ)). Drawing it independently for every cell of a vector whose L2
 *   sensitivity is Δ₂ is the Gaussian mechanism on the vector.
 */
import { DatanonymeError } from '../../../src/errors.js';
import { splitBudget, type Spend } from '../../../src/privacy/accountant.js';
import type { RandomSource } from '../../../src/random/source.js';
import {
  gaussianSigmaAnalytic,
  gaussianSigmaClassic,
  gaussianSigmaZcdp,
  laplaceScale,
} from '../calibration.js';
import {
  gaussianMechanism,
  geometricMechanism,
  laplaceMechanism,
  type NoisyValue,
} from '../mechanisms.js';
import { checkDelta, checkEpsilon, checkRho } from '../parameters.js';
import type { QueryPart } from './options.js';

/** The mechanisms a count can use. */
export type CountMechanism = 'geometric' | 'laplace' | 'gaussian';
/** The mechanisms a real-valued statistic can use. */
export type ValueMechanism = 'laplace' | 'gaussian';
/** How a Gaussian σ is calibrated for (ε, δ). */
export type GaussianCalibration = 'analytic' | 'classic';

/** The budget of one part of a query. */
export interface PartBudget {
  epsilon?: number;
  delta?: number;
  rho?: number;
}

/** One planned mechanism: checked, calibrated, and ready to charge and draw. */
export interface NoisePlan {
  readonly part: QueryPart;
  readonly spend: Spend;
  /** Adds the noise to one true value (an integer for `geometric`). */
  draw(trueValue: number, rng: RandomSource): NoisyValue;
}

/**
 * Plans the noise of one statistic of sensitivity `sensitivity` (L1 for geometric and Laplace,
 * L2 for Gaussian) under `budget`.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `epsilon`, `delta`, `rho` or `mechanism` for a
 *   budget the mechanism cannot use, or a scale beyond the mechanisms' limit.
 */
export function planNoise(
  query: string,
  statistic: string,
  mechanism: CountMechanism,
  sensitivity: number,
  budget: PartBudget,
  calibration: GaussianCalibration = 'analytic',
): NoisePlan {
  if (mechanism === 'gaussian') {
    if (budget.rho !== undefined) {
      if (budget.epsilon !== undefined || budget.delta !== undefined) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          'the Gaussian mechanism takes either rho or (epsilon, delta), not both',
          { field: 'rho', value: String(budget.rho) },
        );
      }
      const rho = checkRho(budget.rho);
      const sigma = gaussianSigmaZcdp(sensitivity, rho);
      return {
        part: part(statistic, 'gaussian', sensitivity, sigma, gaussianError(sigma), 0, 0, rho),
        spend: { query, mechanism: `gaussian (${statistic})`, rho, scale: sigma },
        draw: (v, rng) => gaussianMechanism(v, sensitivity, { rho }, rng),
      };
    }
    const epsilon = checkEpsilon(budget.epsilon);
    const delta = checkDelta(budget.delta);
    const sigma =
      calibration === 'classic'
        ? gaussianSigmaClassic(sensitivity, epsilon, delta)
        : gaussianSigmaAnalytic(sensitivity, epsilon, delta);
    return {
      part: part(
        statistic,
        'gaussian',
        sensitivity,
        sigma,
        gaussianError(sigma),
        epsilon,
        delta,
        null,
      ),
      spend: { query, mechanism: `gaussian (${statistic})`, epsilon, delta, scale: sigma },
      draw: (v, rng) => gaussianMechanism(v, sensitivity, { epsilon, delta, calibration }, rng),
    };
  }
  if (!(['geometric', 'laplace'] as unknown[]).includes(mechanism)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `mechanism must be "geometric", "laplace" or "gaussian", got ${JSON.stringify(mechanism)}`,
      { field: 'mechanism', value: JSON.stringify(mechanism) },
    );
  }
  if (budget.rho !== undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `rho is for the Gaussian mechanism; the ${mechanism} mechanism spends epsilon`,
      { field: 'rho', value: String(budget.rho) },
    );
  }
  if (budget.delta !== undefined && budget.delta !== 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `delta is for the Gaussian mechanism; the ${mechanism} mechanism is pure ε-DP (got delta = ${budget.delta})`,
      { field: 'delta', value: String(budget.delta) },
    );
  }
  const epsilon = checkEpsilon(budget.epsilon);
  const b = laplaceScale(sensitivity, epsilon);
  const error = mechanism === 'laplace' ? b : geometricError(b);
  return {
    part: part(statistic, mechanism, sensitivity, b, error, epsilon, 0, null),
    spend: { query, mechanism: `${mechanism} (${statistic})`, epsilon, scale: b },
    draw:
      mechanism === 'laplace'
        ? (v, rng) => laplaceMechanism(v, sensitivity, epsilon, rng)
        : (v, rng) => geometricMechanism(v, sensitivity, epsilon, rng),
  };
}

/** Splits a query's budget into `k` parts whose decimals add up to at most the whole. */
export function splitPartBudget(budget: PartBudget, k: number): PartBudget[] {
  const epsilons =
    budget.epsilon === undefined ? undefined : splitBudget(checkEpsilon(budget.epsilon), k);
  const deltas =
    budget.delta === undefined || budget.delta === 0
      ? undefined
      : splitBudget(checkDelta(budget.delta), k);
  const rhos = budget.rho === undefined ? undefined : splitBudget(checkRho(budget.rho), k);
  return Array.from({ length: k }, (_, i) => ({
    ...(epsilons === undefined ? {} : { epsilon: epsilons[i] as number }),
    ...(deltas === undefined ? {} : { delta: deltas[i] as number }),
    ...(rhos === undefined ? {} : { rho: rhos[i] as number }),
  }));
}

/** E|Z| of the discrete Laplace of scale b: 2p/(1 − p²) with p = e^(−1/b). */
export function geometricError(b: number): number {
  const p = Math.exp(-1 / b);
  return (2 * p) / -Math.expm1(-2 / b);
}

/** E|Z| of a centred Gaussian of standard deviation σ: σ√(2/π). */
export function gaussianError(sigma: number): number {
  return sigma * Math.sqrt(2 / Math.PI);
}

function part(
  statistic: string,
  mechanism: string,
  sensitivity: number,
  scale: number,
  expectedAbsoluteError: number,
  epsilon: number,
  delta: number,
  rho: number | null,
): QueryPart {
  return { statistic, mechanism, sensitivity, scale, expectedAbsoluteError, epsilon, delta, rho };
}
