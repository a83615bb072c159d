/**
 * DP sum of a numeric column with public bounds [L, U].
 *
 * Every value is clamped into [L, U] (after the non-numeric policy: NaN never reaches the clamp,
 * case B12). Sensitivity under add/remove-one-row neighbours: one row adds or removes one clamped
 * value x ∈ [L, U], so Δ = max(|L|, |U|). (U − L is the sensitivity under replace-one-row
 * neighbours; under add/remove it is too small whenever 0 is outside [L, U]: bounds [10, 20] give
 * Δ = 20, since adding a row of 20 moves the sum by 20.) × maxContributions with a person column. Mechanisms:
 * Laplace (default; real values on a power-of-two grid, no floating-point leak) or Gaussian.
 * Reference: Dwork and Roth 2014, §3.3; Wilson et al. 2020, §3 (clamping and bounding).
 */
import type { ColumnTable } from 'arquero';
import type { Dataset } from '../../../src/types.js';
import { pick } from './count.js';
import { planNoise, type GaussianCalibration, type ValueMechanism } from './noise.js';
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

/** Options of {@link dpSum}. */
export interface SumOptions extends NumericQueryOptions {
  /** @defaultValue `'laplace'` */
  mechanism?: ValueMechanism;
  /** @defaultValue `'analytic'` */
  calibration?: GaussianCalibration;
}

/**
 * The sum of `column`, clamped into the public bounds, plus noise of scale max(|L|, |U|)/ε.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for missing or bad bounds, ε, δ or options — before
 *   the data is read; `BUDGET_EXCEEDED`; `BAD_INPUT` for a non-numeric value under `'reject'`.
 * @example dpSum(b12, { accountant, epsilon: 1, column: 'hours', bounds: [0, 24] }).report.scale // => 24
 */
export function dpSum(data: Dataset | ColumnTable, options: SumOptions): DpValue {
  const o = checkQueryOptions(options, 'sum');
  const column = checkName(options.column, 'column');
  const bounds = boundsOf(data, column, options.bounds);
  const policy = checkNonNumeric(options.nonNumeric);
  const [lower, upper] = bounds;
  const sensitivity = o.maxContributions * Math.max(Math.abs(lower), Math.abs(upper));
  const budget = pick(options);
  const plan = planNoise(
    o.name,
    'sum',
    options.mechanism ?? 'laplace',
    sensitivity,
    budget,
    options.calibration,
  );
  o.accountant.check(plan.spend);
  const table = tableOf(data);
  const { values } = clampedValues(table, column, keptRows(table, o), bounds, policy, o);
  const total = sumOf(values);
  charge(o, [plan]);
  const noisy = plan.draw(total, o.rng);
  return {
    value: noisy.value,
    report: queryReport(
      o,
      'sum',
      budget,
      [plan],
      [noisy],
      [
        `"${column}" clamped into [${lower}, ${upper}]; sensitivity max(|L|, |U|) = ${sensitivity}`,
        policyNote(policy),
      ],
    ),
  };
}

/** The report's words for the non-numeric policy. */
export function policyNote(policy: 'reject' | 'drop'): string {
  return policy === 'drop'
    ? 'rows without a finite number were left out (how many is not released: it is private)'
    : 'every value was a finite number (anything else is refused)';
}
