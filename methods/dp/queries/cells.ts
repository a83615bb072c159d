/**
 * The shared kernel of histograms and contingency tables: one count per cell of a public domain,
 * noise on every cell (true zeros included), post-processing.
 *
 * Sensitivity: each row falls in exactly one cell, so adding or removing one row changes one
 * cell by 1: L1 = L2 = 1; with a person column, a person's maxContributions rows change the cells
 * by at most maxContributions in L1 and in L2 (all in one cell is the worst case for L2). The
 * noise of each cell is calibrated to that vector sensitivity (Dwork and Roth 2014, §3.3:
 * histogram queries).
 */
import { DatanonymeError } from '../../../src/errors.js';
import type { NoisyValue } from '../mechanisms.js';
import { postProcess, type PostProcess } from './consistent.js';
import {
  planNoise,
  type CountMechanism,
  type GaussianCalibration,
  type NoisePlan,
  type PartBudget,
} from './noise.js';
import type { CheckedOptions } from './options.js';
import { charge } from './report.js';

/** The most cells a histogram or contingency table may have. */
export const MAX_CELLS = 10_000_000;

/** Plans the noise of a table of counts. */
export function planCells(
  options: CheckedOptions,
  mechanism: CountMechanism,
  budget: PartBudget,
  calibration: GaussianCalibration | undefined,
): NoisePlan {
  return planNoise(options.name, 'cells', mechanism, options.maxContributions, budget, calibration);
}

/** The checked post-processing option. */
export function checkPostProcess(value: unknown): PostProcess {
  const how = value ?? 'consistent';
  if (how !== 'consistent' && how !== 'clamp' && how !== 'none') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `postProcess must be "consistent", "clamp" or "none", got ${JSON.stringify(how)}`,
      { field: 'postProcess', value: JSON.stringify(how) },
    );
  }
  return how;
}

/** Charges the accountant, then adds noise to every cell and post-processes. */
export function noisyCells(
  options: CheckedOptions,
  plan: NoisePlan,
  counts: Float64Array,
  how: PostProcess,
): { cells: Float64Array; first: NoisyValue | undefined } {
  charge(options, [plan]);
  const noisy = new Float64Array(counts.length);
  let first: NoisyValue | undefined;
  for (let i = 0; i < counts.length; i++) {
    const d = plan.draw(counts[i] as number, options.rng);
    first ??= d;
    noisy[i] = d.value;
  }
  return { cells: postProcess(noisy, how), first };
}

/** The report's words for a post-processing. */
export function postProcessNote(how: PostProcess): string {
  return how === 'consistent'
    ? 'cells post-processed: projected onto non-negative values adding up to the rounded noisy total, then rounded by largest remainders (non-negative integers, totals consistent)'
    : how === 'clamp'
      ? 'cells post-processed: rounded and floored at 0 (the total is biased upwards)'
      : 'cells as drawn (unbiased; may be negative)';
}
