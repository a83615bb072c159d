/**
 * DP quantile of a numeric column by the exponential mechanism over a public grid of candidates
 * between the bounds (McSherry and Talwar 2007; the utility of Smith 2011, on a grid), selected
 * by permute-and-flip (McKenna and Sheldon 2020) through `exponentialMechanism`.
 *
 * Candidates: g points evenly spaced from L to U (public: they depend on the bounds and g only).
 * The score of a candidate c, for the q-quantile of n clamped values, is
 *   u(c) = −max(#{x < c} − q·n, q·n − #{x ≤ c}, 0),
 * which is 0 exactly when c is a q-quantile of the data and falls by one per row c is off by.
 * Sensitivity under add/remove-one-row neighbours: one row changes #{x < c} and #{x ≤ c} by 0 or
 * 1 and q·n by q, so each term moves by at most max(q, 1 − q), and so does their maximum:
 * Δ = max(q, 1 − q) (× maxContributions). The scores are not monotone (they move both ways).
 * The mechanism is ε-DP; the chosen candidate is released. Its error is at least half a grid step.
 *
 * References: F. McSherry, K. Talwar, "Mechanism design via differential privacy", FOCS 2007;
 * A. Smith, "Privacy-preserving statistical estimation with optimal convergence rates", STOC
 * 2011; R. McKenna, D. Sheldon, "Permute-and-flip", NeurIPS 2020.
 */
import type { ColumnTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import type { Spend } from '../../../src/privacy/accountant.js';
import type { Dataset } from '../../../src/types.js';
import { exponentialMechanism } from '../mechanisms.js';
import { checkEpsilon } from '../parameters.js';
import type { NoisePlan } from './noise.js';
import {
  boundsOf,
  checkName,
  checkNonNumeric,
  checkQueryOptions,
  tableOf,
  type DpValue,
  type NumericQueryOptions,
} from './options.js';
import { charge, queryReport } from './report.js';
import { clampedValues, keptRows } from './rows.js';
import { policyNote } from './sum.js';

/** The most candidates a quantile may have. */
export const MAX_CANDIDATES = 1_000_000;

/** Options of {@link dpQuantile}. */
export interface QuantileOptions extends NumericQueryOptions {
  /** Which quantile, in [0, 1]: 0.5 is the median. */
  quantile: number;
  /** The number of grid points from L to U (an integer in [2, 1e6]). @defaultValue 1001 */
  candidates?: number;
}

/**
 * The q-quantile of `column`, chosen among a public grid of candidates by the exponential
 * mechanism. Spends ε only (a ρ budget is charged ε²/2).
 *
 * @throws DatanonymeError `BAD_PARAMETER` for a bad quantile, candidate count, ε or bounds (before
 *   the data is read); `BUDGET_EXCEEDED`; `BAD_INPUT` for a non-numeric value under `'reject'`.
 * @example dpQuantile(adult, { accountant, epsilon: 1, column: 'age', bounds: [17, 90], quantile: 0.5 }).value // => about 37
 */
export function dpQuantile(data: Dataset | ColumnTable, options: QuantileOptions): DpValue {
  const o = checkQueryOptions(options, 'quantile');
  const column = checkName(options.column, 'column');
  const bounds = boundsOf(data, column, options.bounds);
  const policy = checkNonNumeric(options.nonNumeric);
  const q = options.quantile as unknown;
  if (typeof q !== 'number' || !(q >= 0 && q <= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `quantile must be a number in [0, 1], got ${String(q)}`,
      {
        field: 'quantile',
        value: String(q),
      },
    );
  }
  const g = options.candidates ?? 1001;
  if (!Number.isInteger(g) || g < 2 || g > MAX_CANDIDATES) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `candidates must be an integer in [2, ${MAX_CANDIDATES}], got ${String(g)}`,
      { field: 'candidates', value: String(g) },
    );
  }
  if (options.delta !== undefined || options.rho !== undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'a quantile spends epsilon only (the exponential mechanism is pure ε-DP)',
      {
        field: options.delta !== undefined ? 'delta' : 'rho',
      },
    );
  }
  const epsilon = checkEpsilon(options.epsilon);
  const [lower, upper] = bounds;
  const sensitivity = o.maxContributions * Math.max(q, 1 - q);
  const scale = (2 * sensitivity) / epsilon;
  const spend: Spend = { query: o.name, mechanism: 'exponential (quantile)', epsilon, scale };
  const plan: NoisePlan = {
    part: {
      statistic: `quantile ${q}`,
      mechanism: 'exponential',
      sensitivity,
      scale,
      expectedAbsoluteError: null,
      epsilon,
      delta: 0,
      rho: null,
    },
    spend,
    draw: () => {
      throw new Error('the exponential mechanism is drawn directly');
    },
  };
  o.accountant.check(spend);
  const table = tableOf(data);
  const { values } = clampedValues(table, column, keptRows(table, o), bounds, policy, o);
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  const candidates = gridOf(lower, upper, g);
  const scores = quantileScores(sorted, candidates, q * n);
  charge(o, [plan]);
  const index = exponentialMechanism(scores, sensitivity, epsilon, o.rng);
  return {
    value: candidates[index] as number,
    report: queryReport(
      o,
      'quantile',
      { epsilon },
      [plan],
      [undefined],
      [
        `${g} candidates evenly spaced on [${lower}, ${upper}] (step ${(upper - lower) / (g - 1)}); score −max(#{x < c} − qn, qn − #{x ≤ c}, 0), sensitivity ${sensitivity}`,
        policyNote(policy),
      ],
      null,
    ),
  };
}

/** g points evenly spaced from lower to upper, both included. */
export function gridOf(lower: number, upper: number, g: number): Float64Array {
  const grid = new Float64Array(g);
  for (let i = 0; i < g; i++)
    grid[i] = i === g - 1 ? upper : lower + ((upper - lower) * i) / (g - 1);
  return grid;
}

/**
 * The score of every candidate: −max(#{x < c} − target, target − #{x ≤ c}, 0), with `sorted`
 * ascending and target = q·n. One pass over both sorted arrays.
 */
export function quantileScores(
  sorted: Float64Array,
  candidates: Float64Array,
  target: number,
): number[] {
  const scores = new Array<number>(candidates.length);
  let below = 0; // #{x < c}
  let atMost = 0; // #{x ≤ c}
  const n = sorted.length;
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i] as number;
    while (below < n && (sorted[below] as number) < c) below++;
    if (atMost < below) atMost = below;
    while (atMost < n && (sorted[atMost] as number) <= c) atMost++;
    scores[i] = -Math.max(below - target, target - atMost, 0);
  }
  return scores;
}
