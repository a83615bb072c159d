/**
 * DP variance of a numeric column with public bounds [L, U]: the bounded-variance approach of
 * Google's differential-privacy library (BoundedVariance) — a noisy count C̃, a noisy sum S̃₁ of
 * the values centred on M = (L + U)/2 and a noisy sum S̃₂ of their squares, a third of the budget
 * each; the variance is S̃₂/C − (S̃₁/C)² with C = max(C̃, 1), clamped into [0, ((U − L)/2)²] (the
 * largest variance of values in [L, U]). The population variance (divisor n) is estimated.
 *
 * Sensitivities under add/remove-one-row neighbours (× maxContributions with a person column),
 * with h = (U − L)/2: count 1; centred sum h; sum of centred squares h² (a clamped x gives
 * 0 ≤ (x − M)² ≤ h²).
 *
 * Reference: Google differential-privacy library, "Bounded variance" (algorithms documentation).
 */
import type { ColumnTable } from 'arquero';
import type { Dataset } from '../../../src/types.js';
import { pick } from './count.js';
import { clamp } from './mean.js';
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

/** Options of {@link dpVariance}. */
export interface VarianceOptions extends NumericQueryOptions {
  /** Laplace (the count then uses the geometric mechanism) or Gaussian. @defaultValue `'laplace'` */
  mechanism?: ValueMechanism;
  /** @defaultValue `'analytic'` */
  calibration?: GaussianCalibration;
}

/**
 * The (population) variance of `column`, clamped into the public bounds, from three noisy sums.
 *
 * @throws DatanonymeError as {@link dpSum}.
 * @example dpVariance(adult, { accountant, epsilon: 1, column: 'age', bounds: [17, 90] }).value // => about 174
 */
export function dpVariance(data: Dataset | ColumnTable, options: VarianceOptions): DpValue {
  const o = checkQueryOptions(options, 'variance');
  const column = checkName(options.column, 'column');
  const bounds = boundsOf(data, column, options.bounds);
  const policy = checkNonNumeric(options.nonNumeric);
  const [lower, upper] = bounds;
  const mid = lower / 2 + upper / 2;
  const h = upper / 2 - lower / 2;
  const mechanism = options.mechanism ?? 'laplace';
  const budget = pick(options);
  const [b1, b2, b3] = splitPartBudget(budget, 3) as [typeof budget, typeof budget, typeof budget];
  const m = o.maxContributions;
  const plans = [
    planNoise(
      o.name,
      'count',
      mechanism === 'laplace' ? 'geometric' : 'gaussian',
      m,
      b1,
      options.calibration,
    ),
    planNoise(o.name, 'centred sum', mechanism, m * h, b2, options.calibration),
    planNoise(o.name, 'centred sum of squares', mechanism, m * h * h, b3, options.calibration),
  ] as const;
  o.accountant.check(...plans.map((p) => p.spend));
  const table = tableOf(data);
  const { values } = clampedValues(table, column, keptRows(table, o), bounds, policy, o);
  const s1 = sumOf(values, (x) => x - mid);
  const s2 = sumOf(values, (x) => (x - mid) * (x - mid));
  charge(o, plans);
  const c = plans[0].draw(values.length, o.rng);
  const n1 = plans[1].draw(s1, o.rng);
  const n2 = plans[2].draw(s2, o.rng);
  const count = Math.max(c.value, 1);
  const mean = n1.value / count;
  const variance = clamp(n2.value / count - mean * mean, 0, h * h);
  return {
    value: variance,
    report: queryReport(
      o,
      'variance',
      budget,
      plans,
      [c, n1, n2],
      [
        `"${column}" clamped into [${lower}, ${upper}] and centred on ${mid}; variance = S₂/C − (S₁/C)², clamped into [0, ${h * h}]`,
        'a third of the budget to each of the count, the centred sum and the centred sum of squares',
        policyNote(policy),
      ],
    ),
  };
}
