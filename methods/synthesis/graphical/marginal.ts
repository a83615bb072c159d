/**
 * Marginal tables of integer-coded columns: the counts of one column or of a pair of columns, as a
 * flat Float64Array in row-major order (first column most significant). Only the tables asked for
 * are built; a pair table has sizeA·sizeB cells, never the cross-product of all columns (B26).
 */
import { DatanonymeError } from '../../../src/errors.js';

/**
 * The counts of each code of one column: out[v] = #{r : codes[r] = v}.
 *
 * @throws DatanonymeError `BAD_INPUT` naming `codes` when a code is outside [0, size).
 * @example
 * oneWayCounts(Int32Array.of(0, 2, 2), 3) // => Float64Array [1, 0, 2]
 */
export function oneWayCounts(codes: Int32Array, size: number): Float64Array {
  const out = new Float64Array(size);
  for (let r = 0; r < codes.length; r++) {
    const v = codes[r] as number;
    if (v < 0 || v >= size) badCode(v, size);
    out[v] = (out[v] as number) + 1;
  }
  return out;
}

/**
 * The joint counts of two columns: out[a·sizeB + b] = #{r : codesA[r] = a and codesB[r] = b}.
 *
 * @throws DatanonymeError `BAD_INPUT` naming `codes` when a code is outside its range.
 * @example
 * twoWayCounts(Int32Array.of(0, 1, 1), 2, Int32Array.of(1, 0, 0), 2) // => Float64Array [0, 1, 2, 0]
 */
export function twoWayCounts(
  codesA: Int32Array,
  sizeA: number,
  codesB: Int32Array,
  sizeB: number,
): Float64Array {
  const out = new Float64Array(sizeA * sizeB);
  for (let r = 0; r < codesA.length; r++) {
    const a = codesA[r] as number;
    const b = codesB[r] as number;
    if (a < 0 || a >= sizeA) badCode(a, sizeA);
    if (b < 0 || b >= sizeB) badCode(b, sizeB);
    const cell = a * sizeB + b;
    out[cell] = (out[cell] as number) + 1;
  }
  return out;
}

function badCode(v: number, size: number): never {
  throw new DatanonymeError('BAD_INPUT', `code ${v} is outside [0, ${size})`, {
    field: 'codes',
    value: String(v),
  });
}
