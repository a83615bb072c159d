/**
 * Gower's distance between two records of mixed types: the mean over the columns of
 * |x − y| / R for a numeric column (R the column's range over the data compared; 0 when R = 0) and
 * 1 − [x = y] for a categorical one; a missing value against a present one counts 1, two missing
 * values 0. It lies in [0, 1]; 0 means equal on every column.
 *
 * The metrics of this folder compute it on typed columns (`_internals/features.ts`), where a
 * generalised label counts by the rule of `metrics/utility/values.ts` (a range as its midpoint, a
 * hierarchy label as the chance that the original values it stands for differ); this function is
 * the plain definition, for one pair of records.
 *
 * Reference: J. C. Gower, "A general coefficient of similarity and some of its properties",
 * Biometrics 27(4), 1971.
 */
import { DatanonymeError } from '../../errors.js';

/** A cell as this function reads it: a number, a category, or missing (null). */
export type GowerCell = number | string | null;

/**
 * Gower's distance between records `a` and `b` (see the module comment).
 *
 * @param kinds - per column, `numeric` or `categorical`.
 * @param ranges - per column, the range R of a numeric column (ignored for categorical ones).
 * @throws DatanonymeError `BAD_PARAMETER` when the arrays differ in length or are empty.
 * @example gowerDistance([30, 'F'], [40, 'M'], ['numeric', 'categorical'], [50, 0]) // => 0.6 ((10/50 + 1) / 2)
 */
export function gowerDistance(
  a: readonly GowerCell[],
  b: readonly GowerCell[],
  kinds: readonly ('numeric' | 'categorical')[],
  ranges: readonly number[],
): number {
  const m = kinds.length;
  if (m === 0 || a.length !== m || b.length !== m || ranges.length !== m) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'gowerDistance needs two records, kinds and ranges of one same non-zero length',
      {
        field: 'kinds',
      },
    );
  }
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const x = a[j] ?? null;
    const y = b[j] ?? null;
    const xMissing = x === null || (typeof x === 'number' && Number.isNaN(x));
    const yMissing = y === null || (typeof y === 'number' && Number.isNaN(y));
    if (xMissing || yMissing) {
      sum += xMissing && yMissing ? 0 : 1;
    } else if (kinds[j] === 'numeric') {
      const r = ranges[j] as number;
      sum += r > 0 ? Math.abs(Number(x) - Number(y)) / r : 0;
    } else {
      sum += x === y ? 0 : 1;
    }
  }
  return sum / m;
}
