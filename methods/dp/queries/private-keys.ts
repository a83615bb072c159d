/**
 * DP counts grouped by private keys: the groups are the combinations of the `by` columns that
 * occur in the data (no public domain), and a group is released only when its noisy count
 * reaches a threshold τ — partition selection by noisy thresholding (Korolova, Kenthapadi,
 * Mishra, Ntoulas, WWW 2009; Wilson, Zhang, Lam, Desfontaines, Simmons-Marengo, Gipson, PoPETs
 * 2020). Releasing every key seen would publish that someone has that combination: that is not
 * DP at any ε; the threshold makes it (ε, δ)-DP.
 *
 * Mechanism and proof. Each person keeps at most m = maxContributions rows (m = 1 without a
 * person column), so adding or removing one person changes the counts of the keys both tables
 * have by at most m in L1, and creates or removes at most m keys, each of count at most m. Each
 * key's count gets discrete Laplace (geometric) noise of scale b = m/ε, p = e^(−1/b); a key is
 * released with its noisy count when that is ≥ τ. On the keys both tables have, this is the
 * geometric mechanism followed by post-processing: ε-DP. A key only one table has is released
 * with probability P(c + Z ≥ τ) ≤ P(Z ≥ τ − m) = p^(τ−m)/(1 + p) (for τ − m ≥ 1); with at most m
 * such keys, all stay hidden except with probability at most m·p^(τ−m)/(1 + p), which
 * τ = m + max(1, ⌈b·ln(m/(δ(1 + p)))⌉ makes ≤ δ. Together: (ε, δ)-DP. The released keys are
 * sorted by their text (the data's row order is not revealed).
 */
import { table as arqueroTable, type ColumnTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import type { Dataset } from '../../../src/types.js';
import { laplaceScale } from '../calibration.js';
import { checkDelta, checkEpsilon } from '../parameters.js';
import { planNoise } from './noise.js';
import {
  checkName,
  checkQueryOptions,
  tableOf,
  type DpTable,
  type QueryOptions,
} from './options.js';
import { charge, queryReport } from './report.js';
import { cellKey, columnOf, keptRows } from './rows.js';

/** Options of {@link dpCountByPrivateKeys}. */
export interface PrivateKeysOptions extends QueryOptions {
  /** The grouping columns. */
  by: readonly string[];
  /** The ε of the counts. */
  epsilon: number;
  /** The δ of the key selection: the chance that a key of one person only is released. */
  delta: number;
  /** The name of the count column. @defaultValue `'count'` */
  countColumn?: string;
}

/**
 * The threshold τ of partition selection with geometric noise of scale b = m/ε: the least
 * τ = m + k (k ≥ 1 an integer) with m·e^(−k/b)/(1 + e^(−1/b)) ≤ δ.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `epsilon` or `delta`.
 * @example selectionThreshold(1, 1e-6, 1) // => 15 (b = 1: 1 + ⌈ln(1/(1e-6 · 1.3679))⌉ = 1 + 14)
 */
export function selectionThreshold(epsilon: number, delta: number, maxContributions = 1): number {
  const m = maxContributions;
  const b = laplaceScale(m, checkEpsilon(epsilon));
  checkDelta(delta);
  const p = Math.exp(-1 / b);
  let k = Math.max(1, Math.ceil(b * Math.log(m / (delta * (1 + p)))));
  // Guard the rounding of the logarithm: step until the bound holds in doubles.
  while ((m * Math.exp(-k / b)) / (1 + p) > delta) k++;
  return m + k;
}

/**
 * Noisy counts of the combinations of `by` that occur in the data, released when the noisy
 * count reaches the threshold of {@link selectionThreshold}. Spends (ε, δ): the accountant must
 * be an (ε, δ) one.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for bad options or budget (before the data is read);
 *   `BUDGET_EXCEEDED`; `NOT_FOUND` for a missing column.
 * @example dpCountByPrivateKeys(t, { accountant, epsilon: 1, delta: 1e-6, by: ['diagnosis'] }).report.notes[0]
 */
export function dpCountByPrivateKeys(
  data: Dataset | ColumnTable,
  options: PrivateKeysOptions,
): DpTable {
  const o = checkQueryOptions(options, 'count-by-private-keys');
  if (!Array.isArray(options.by) || options.by.length === 0) {
    throw new DatanonymeError('BAD_PARAMETER', 'by must list at least one column', { field: 'by' });
  }
  const by = options.by.map((c, i) => checkName(c, `by[${i}]`));
  const countColumn = options.countColumn ?? 'count';
  const epsilon = checkEpsilon(options.epsilon);
  const delta = checkDelta(options.delta);
  if (options.rho !== undefined) {
    throw new DatanonymeError('BAD_PARAMETER', 'private keys spend (epsilon, delta), not rho', {
      field: 'rho',
    });
  }
  const m = o.maxContributions;
  const tau = selectionThreshold(epsilon, delta, m);
  const plan = planNoise(o.name, 'counts', 'geometric', m, { epsilon }, undefined);
  const spend = { ...plan.spend, mechanism: 'geometric + threshold (private keys)', delta };
  const thresholded = { ...plan, spend, part: { ...plan.part, delta } };
  o.accountant.check(spend);
  // The data, only now.
  const table = tableOf(data);
  const rows = keptRows(table, o);
  const columns = by.map((c) => columnOf(table, c, o.file));
  const groups = new Map<string, { values: unknown[]; count: number }>();
  for (const row of rows) {
    const values = columns.map((cells) => cells[row]);
    const key = JSON.stringify(values.map(cellKey));
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { values, count: 1 });
    else g.count++;
  }
  charge(o, [thresholded]);
  const released: { key: string; values: unknown[]; count: number }[] = [];
  let first;
  for (const [key, g] of groups) {
    const noisy = plan.draw(g.count, o.rng);
    first ??= noisy;
    if (noisy.value >= tau) released.push({ key, values: g.values, count: noisy.value });
  }
  released.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const out: Record<string, unknown[]> = {};
  by.forEach((c, j) => (out[c] = released.map((r) => r.values[j])));
  out[countColumn] = released.map((r) => r.count);
  return {
    table: arqueroTable(out, [...by, countColumn]),
    report: queryReport(
      o,
      'count-by-private-keys',
      { epsilon, delta },
      [thresholded],
      [first],
      [
        `keys read from the data; a key is released when its noisy count is ≥ τ = ${tau} (partition selection, δ = ${delta})`,
        'released keys sorted by their text',
      ],
    ),
  };
}
