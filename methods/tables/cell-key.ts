/**
 * The cell key method for counts (Thompson, Broadfoot and Elazar, ABS 2013; the Destatis/Eurostat
 * variant of `ptable`/`cellKey` and τ-ARGUS, Giessing 2016; Enderle, Giessing and Tent 2020): each
 * cell's count i is published as i + v, where v is looked up in the perturbation table's row
 * min(i, T) by the cell key k ∈ [0, 1): v is the first deviation whose cumulative probability
 * exceeds k. Because k is a function of the set of records in the cell, the same cell is
 * perturbed alike in every table; margins and totals are cells of their own, perturbed by their
 * own key and not re-summed from perturbed parts (so published tables are not additive).
 * A count of 0 stays 0 (row 0 of the table is the identity), as in the ABS method.
 */
import { DatanonymeError, shownValue } from '../../src/errors.js';
import type { PerturbationTable } from './ptable.js';

/**
 * The deviation the cell key method adds to a count: row min(count, T) of the table, the first
 * deviation whose cumulative upper bound exceeds the cell key.
 *
 * @param count - the original count, an integer ≥ 0 (checked by {@link cellKeyPerturb}).
 * @param cellKey - in [0, 1).
 * @example
 * cellKeyDeviation(perturbationTable({ maxDeviation: 2, variance: 1 }), 0, 0.9) // => 0
 */
export function cellKeyDeviation(
  ptable: PerturbationTable,
  count: number,
  cellKey: number,
): number {
  const row = ptable.rows[Math.min(count, ptable.symmetryThreshold)];
  if (row === undefined) throw new RangeError(`no perturbation row for count ${count}`);
  const { upper, deviations } = row;
  const last = upper.length - 1;
  let k = 0;
  while (k < last && !(cellKey < (upper[k] as number))) k++;
  return deviations[k] as number;
}

/**
 * The published counts of the cell key method: counts[c] + the deviation selected by
 * cellKeys[c] in the perturbation table (see the module comment). Totals and margins are
 * perturbed as cells in their own right. Results are ≥ 0, never land on 1 … js, and differ from
 * the original by at most D; a zero count stays zero.
 *
 * @param counts - original counts per cell (non-negative integers), e.g. `Tabulation.count`.
 * @param cellKeys - cell keys per cell in [0, 1), e.g. `Tabulation.cellKey`.
 * @throws DatanonymeError `BAD_INPUT` when the arrays differ in length, a count is not a
 *   non-negative integer, or a cell key lies outside [0, 1) (naming the cell index).
 * @example
 * cellKeyPerturb(Float64Array.of(0, 5), Float64Array.of(0.3, 0.5), perturbationTable({ maxDeviation: 2, variance: 1 })) // => Float64Array [0, 5]
 */
export function cellKeyPerturb(
  counts: Float64Array,
  cellKeys: Float64Array,
  ptable: PerturbationTable,
): Float64Array {
  if (counts.length !== cellKeys.length) {
    throw new DatanonymeError(
      'BAD_INPUT',
      `cell keys and counts differ in length (${cellKeys.length} keys for ${counts.length} cells)`,
      { field: 'cellKey' },
    );
  }
  const out = new Float64Array(counts.length);
  for (let c = 0; c < counts.length; c++) {
    const i = counts[c] as number;
    const k = cellKeys[c] as number;
    if (!Number.isInteger(i) || i < 0) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `the cell key method perturbs counts (integers ≥ 0); cell ${c} holds ${shownValue(i)}`,
        { field: 'count', value: shownValue(i) },
      );
    }
    if (!(k >= 0 && k < 1)) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `cell keys must lie in [0, 1); cell ${c} has ${shownValue(k)}`,
        { field: 'cellKey', value: shownValue(k) },
      );
    }
    out[c] = i + cellKeyDeviation(ptable, i, k);
  }
  return out;
}
