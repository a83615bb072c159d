/**
 * DP mean of a numeric column with public bounds [L, U]: the bounded-mean approach of Google's
 * differential-privacy library (BoundedMean) — a noisy count and a noisy sum of the values
 * centred on the midpoint M = (L + U)/2, each with half the budget (a composite query, charged
 * whole), and the mean M + S̃/max(C̃, 1) clamped into [L, U].
 *
 * Sensitivities under add/remove-one-row neighbours (× maxContributions with a person column):
 * the count 1; the centred sum (U − L)/2, since a clamped value x gives |x − M| ≤ (U − L)/2.
 * Centring makes the sum's sensitivity independent of where the bounds lie: with asymmetric
 * bounds such as [17, 90] it is 36.5 instead of the 90 of an uncentred sum. The count is noisy
 * too (the true count is private: it is never used, nor the data's n). The clamp at the end and
 * the max(C̃, 1) are post-processing.
 *
 * Reference: Google differential-privacy library, "Bounded mean" (algorithms documentation);
 * Dwork and Roth 2014, §3.3 and Theorem 3.16 (composition).
 */
import type { ColumnTable } from 'arquero';
import type { Dataset } from '../../../src/types.js';
import { pick } from './count.js';
import {
  planNoise,
  splitPartBudget,
  type GaussianCalibration,
  type ValueMechanism,
} from './noise.js';
import {
  boundsOf,
  checkName,
  checkNonNumeric,
  checkQueryOptions,
  tableOf,
  type DpValue,
  type NumericQueryOptions,
} from './options.js';
import { charge, queryReport, sumOf } from './report.js';
import { clampedValues, keptRows } from './rows.js';
import { policyNote } from './sum.js';

/** Options of {@link dpMean}. */
export interface MeanOptions extends NumericQueryOptions {
  /** Laplace (the count then uses the geometric mechanism) or Gaussian. @defaultValue `'laplace'` */
  mechanism?: ValueMechanism;
  /** @defaultValue `'analytic'` */
  calibration?: GaussianCalibration;
}

/**
 * The mean of `column`, clamped into the public bounds, from a noisy centred sum and a noisy
 * count (half the budget each).
 *
 * @throws DatanonymeError as {@link dpSum}.
 * @example dpMean(adult, { accountant, epsilon: 1, column: 'age', bounds: [17, 90] }).value // => about 38.4
 */
export function dpMean(data: Dataset | ColumnTable, options: MeanOptions): DpValue {
  const o = checkQueryOptions(options, 'mean');
  const column = checkName(options.column, 'column');
  const bounds = boundsOf(data, column, options.bounds);
  const policy = checkNonNumeric(options.nonNumeric);
  const [lower, upper] = bounds;
  const mid = lower / 2 + upper / 2;
  const half = upper / 2 - lower / 2;
  const mechanism = options.mechanism ?? 'laplace';
  const budget = pick(options);
  const [sumBudget, countBudget] = splitPartBudget(budget, 2) as [typeof budget, typeof budget];
  const m = o.maxContributions;
  const plans = [
    planNoise(o.name, 'centred sum', mechanism, m * half, sumBudget, options.calibration),
    planNoise(
      o.name,
      'count',
      mechanism === 'laplace' ? 'geometric' : 'gaussian',
      m,
      countBudget,
      options.calibration,
    ),
  ] as const;
  o.accountant.check(...plans.map((p) => p.spend));
  const table = tableOf(data);
  const { values } = clampedValues(table, column, keptRows(table, o), bounds, policy, o);
  const centred = sumOf(values, (x) => x - mid);
  charge(o, plans);
  const s = plans[0].draw(centred, o.rng);
  const c = plans[1].draw(values.length, o.rng);
  const mean = clamp(mid + s.value / Math.max(c.value, 1), lower, upper);
  return {
    value: mean,
    report: queryReport(
      o,
      'mean',
      budget,
      plans,
      [s, c],
      [
        `"${column}" clamped into [${lower}, ${upper}]; mean = ${mid} + noisy centred sum / max(noisy count, 1), clamped into the bounds`,
        `half the budget to the centred sum (sensitivity ${m * half}), half to the count (sensitivity ${m})`,
        policyNote(policy),
      ],
    ),
  };
}

/** x clamped into [lower, upper]. */
export function clamp(x: number, lower: number, upper: number): number {
  return x < lower ? lower : x > upper ? upper : x;
}
