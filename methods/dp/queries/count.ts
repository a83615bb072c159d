/**
 * DP count of the rows of a table (optionally of those whose column equals a value).
 *
 * Sensitivity: adding or removing one row changes the count by 1, so Δ = 1 (× maxContributions
 * with a person column). Default mechanism: the geometric (discrete Laplace) mechanism, ε-DP,
 * integer output, scale Δ/ε (Ghosh, Roughgarden, Sundararajan 2009; Dwork and Roth 2014, §3.3).
 */
import type { ColumnTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import type { Dataset } from '../../../src/types.js';
import { planNoise, type CountMechanism, type GaussianCalibration } from './noise.js';
import {
  checkName,
  checkQueryOptions,
  tableOf,
  type DpValue,
  type QueryOptions,
} from './options.js';
import { charge, queryReport } from './report.js';
import { cellKey, columnOf, keptRows } from './rows.js';

/** Options of {@link dpCount}. */
export interface CountOptions extends QueryOptions {
  /** Count only the rows whose `column` reads `equals` (compared as text). @defaultValue every row */
  where?: { column: string; equals: string | number };
  /** @defaultValue `'geometric'` */
  mechanism?: CountMechanism;
  /** Gaussian σ for (ε, δ). @defaultValue `'analytic'` */
  calibration?: GaussianCalibration;
}

/**
 * The number of rows (matching `where`), plus noise. Every check runs before the data is read;
 * the accountant is charged before noise is drawn (a refused query returns nothing).
 *
 * @throws DatanonymeError `BAD_PARAMETER` for a bad budget or option (before the data is read);
 *   `BUDGET_EXCEEDED` when the accountant refuses; `NOT_FOUND` for a missing column.
 * @example dpCount(table, { accountant, epsilon: 0.5 }).report.scale // => 2
 */
export function dpCount(data: Dataset | ColumnTable, options: CountOptions): DpValue {
  const o = checkQueryOptions(options, 'count');
  const where = options.where;
  if (where !== undefined) checkName(where.column, 'where.column');
  const budget = { ...pick(options) };
  const plan = planNoise(
    o.name,
    'count',
    options.mechanism ?? 'geometric',
    o.maxContributions,
    budget,
    options.calibration,
  );
  o.accountant.check(plan.spend);
  // The data, only now.
  const table = tableOf(data);
  const rows = keptRows(table, o);
  let count = rows.length;
  if (where !== undefined) {
    if (typeof where.equals !== 'string' && typeof where.equals !== 'number') {
      throw new DatanonymeError('BAD_PARAMETER', 'where.equals must be a string or a number', {
        field: 'where.equals',
      });
    }
    const cells = columnOf(table, where.column, o.file);
    const target = cellKey(where.equals);
    count = 0;
    for (const row of rows) if (cellKey(cells[row]) === target) count++;
  }
  charge(o, [plan]);
  const noisy = plan.draw(count, o.rng);
  const notes =
    where === undefined ? [] : [`rows where "${where.column}" = ${JSON.stringify(where.equals)}`];
  return { value: noisy.value, report: queryReport(o, 'count', budget, [plan], [noisy], notes) };
}

/** The budget fields of a query's options. */
export function pick(options: { epsilon?: number; delta?: number; rho?: number }): {
  epsilon?: number;
  delta?: number;
  rho?: number;
} {
  return {
    ...(options.epsilon === undefined ? {} : { epsilon: options.epsilon }),
    ...(options.delta === undefined ? {} : { delta: options.delta }),
    ...(options.rho === undefined ? {} : { rho: options.rho }),
  };
}
