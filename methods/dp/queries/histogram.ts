/**
 * DP histogram of a numeric column over public bins: k bins given by k + 1 increasing edges
 * e₀ < e₁ < … < e_k, bin i = [eᵢ, eᵢ₊₁[ (the last one closed). Values are clamped into [e₀, e_k]
 * first, so a value below e₀ counts in the first bin and one above e_k in the last (like the
 * clamping of a sum; the edges are public, never read from the data). Every bin is released,
 * empty ones included, with noise on each (see `cells.ts` for the sensitivity) and
 * post-processing (see `consistent.ts`).
 */
import { table as arqueroTable, type ColumnTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import type { Dataset } from '../../../src/types.js';
import { checkPostProcess, noisyCells, planCells, postProcessNote } from './cells.js';
import type { PostProcess } from './consistent.js';
import { pick } from './count.js';
import type { CountMechanism, GaussianCalibration } from './noise.js';
import {
  checkName,
  checkNonNumeric,
  checkQueryOptions,
  tableOf,
  type DpTable,
  type NonNumericPolicy,
  type QueryOptions,
} from './options.js';
import { queryReport } from './report.js';
import { clampedValues, keptRows } from './rows.js';
import { policyNote } from './sum.js';

/** Options of {@link dpHistogram}. */
export interface HistogramOptions extends QueryOptions {
  column: string;
  /** k + 1 finite, strictly increasing edges of k bins (public). */
  edges: readonly number[];
  /** @defaultValue `'reject'` (see NumericQueryOptions.nonNumeric) */
  nonNumeric?: NonNumericPolicy;
  /** @defaultValue `'geometric'` */
  mechanism?: CountMechanism;
  /** @defaultValue `'analytic'` */
  calibration?: GaussianCalibration;
  /** @defaultValue `'consistent'` */
  postProcess?: PostProcess;
}

/**
 * Noisy counts of `column` in public bins. The table has columns `bin` (`[17, 24.3[`), `lower`,
 * `upper` and `count`, one row per bin in order.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for bad edges or budget (before the data is read);
 *   `BUDGET_EXCEEDED`; `BAD_INPUT` for a non-numeric value under `'reject'`.
 * @example dpHistogram(adult, { accountant, epsilon: 1, column: 'age', edges: [17, 30, 50, 90] }).table.numRows() // => 3
 */
export function dpHistogram(data: Dataset | ColumnTable, options: HistogramOptions): DpTable {
  const o = checkQueryOptions(options, 'histogram');
  const column = checkName(options.column, 'column');
  const edges = checkEdges(options.edges);
  const policy = checkNonNumeric(options.nonNumeric);
  const how = checkPostProcess(options.postProcess);
  const budget = pick(options);
  const plan = planCells(o, options.mechanism ?? 'geometric', budget, options.calibration);
  o.accountant.check(plan.spend);
  const table = tableOf(data);
  const bounds: [number, number] = [edges[0] as number, edges[edges.length - 1] as number];
  const { values } = clampedValues(table, column, keptRows(table, o), bounds, policy, o);
  const k = edges.length - 1;
  const counts = new Float64Array(k);
  for (const x of values) {
    const b = binOf(edges, x);
    counts[b] = (counts[b] as number) + 1;
  }
  const { cells, first } = noisyCells(o, plan, counts, how);
  const lower = edges.slice(0, k);
  const upper = edges.slice(1);
  return {
    table: arqueroTable({
      bin: lower.map((a, i) => (i === k - 1 ? `[${a}, ${upper[i]}]` : `[${a}, ${upper[i]}[`)),
      lower,
      upper,
      count: Array.from(cells),
    }),
    report: queryReport(
      o,
      'histogram',
      budget,
      [plan],
      [first],
      [
        `${k} public bins of "${column}"; values clamped into [${bounds[0]}, ${bounds[1]}]`,
        postProcessNote(how),
        policyNote(policy),
      ],
    ),
  };
}

/** The bin of a clamped value: the last i with edges[i] ≤ x, at most k − 1. */
export function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function checkEdges(edges: unknown): number[] {
  const ok =
    Array.isArray(edges) &&
    edges.length >= 2 &&
    edges.every(
      (e, i) =>
        typeof e === 'number' && Number.isFinite(e) && (i === 0 || e > (edges[i - 1] as number)),
    );
  if (!ok) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `edges must be at least two finite, strictly increasing numbers, got ${JSON.stringify(edges)}`,
      { field: 'edges', value: JSON.stringify(edges) },
    );
  }
  if (edges.length - 1 > 10_000_000) {
    throw new DatanonymeError('BAD_PARAMETER', 'too many bins (more than 10,000,000)', {
      field: 'edges',
    });
  }
  return edges as number[];
}
