/**
 * Record keys of the cell key method (Thompson, Broadfoot and Elazar, "Methodology for the
 * automatic confidentialisation of statistical outputs from remote servers at the Australian
 * Bureau of Statistics", UNECE work session on statistical data confidentiality, 2013): every
 * record gets a uniform key in [0, 1) once, kept with the microdata, and a cell's key is the sum
 * of its records' keys modulo 1. The same set of records thus gives the same cell key, and the
 * same perturbation, in every table.
 *
 * Keys here lie on the grid of multiples of 2⁻³²: a sum of such keys reduced modulo 1 after each
 * addition ({@link addCellKeys}) is exact in floating point, whatever the order of the records
 * or of the sub-cells summed, so two tables that reach a cell in different ways agree on its key.
 */
import { DatanonymeError, shownValue } from '../../src/errors.js';
import type { RandomSource } from '../../src/random/source.js';

const TWO_POW_32 = 4294967296;

/**
 * n record keys, uniform on the multiples of 2⁻³² in [0, 1), one 32-bit word of `rng` each.
 * Draw them once per data set and keep them (a column of the microdata): drawing new keys gives
 * every table new noise and lets averaging across releases remove it. From a seeded source the
 * keys, and hence the noise, are predictable: such a release is not for publication.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when n is not a non-negative integer.
 * @example
 * recordKeys(3, seededRandom(1)).length // => 3
 */
export function recordKeys(n: number, rng: RandomSource): Float64Array {
  if (!Number.isInteger(n) || n < 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the number of record keys must be an integer ≥ 0, got ${shownValue(n)}`,
      { field: 'recordKeys', value: shownValue(n) },
    );
  }
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = rng.uint32() / TWO_POW_32;
  return keys;
}

/**
 * Record keys read from a column of the microdata (`--record-key <col>`), checked to be numbers
 * in [0, 1) and rounded down to the 2⁻³² grid so that cell keys are exact sums.
 *
 * @param values - one value per row; `null`/`undefined`/NaN are refused.
 * @param column - the column name, for error messages.
 * @param lineOf - maps a row index to the file line shown in errors (default row + 2: a header line).
 * @throws DatanonymeError `BAD_INPUT` naming the column, line and value of the first key that is
 *   missing, not a number, or outside [0, 1).
 * @example
 * recordKeysFromColumn([0.25, 0.5], 'rkey') // => Float64Array [0.25, 0.5]
 */
export function recordKeysFromColumn(
  values: ArrayLike<unknown>,
  column: string,
  lineOf: (row: number) => number = (row) => row + 2,
): Float64Array {
  const keys = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `record key column ${JSON.stringify(column)} must hold numbers in [0, 1), got ${shownValue(v)} on line ${lineOf(i)}`,
        { column, line: lineOf(i), value: shownValue(v) },
      );
    }
    keys[i] = Math.floor(v * TWO_POW_32) / TWO_POW_32;
  }
  return keys;
}

/**
 * (a + b) mod 1 for two keys in [0, 1): how a cell key accumulates its records' keys (or its
 * sub-cells' keys). Exact for keys on the 2⁻³² grid, hence independent of the summation order.
 *
 * @example
 * addCellKeys(0.75, 0.5) // => 0.25
 */
export function addCellKeys(a: number, b: number): number {
  const s = a + b;
  return s >= 1 ? s - 1 : s;
}
