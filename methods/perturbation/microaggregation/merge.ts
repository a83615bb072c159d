/**
 * Sensitive models after microaggregation: a group that fails l-diversity or t-closeness is merged
 * with its nearest group (Euclidean distance between the groups' centroids in z-scores, over the
 * columns the groups have) among the groups of the same missing-value pattern, and the union is
 * checked again, until every group satisfies every model. Failing groups are taken in the order
 * they were formed; ties in distance go to the group formed first. A merged group is always at
 * least as large as its parts, so k still holds.
 */
import { DatanonymeError } from '../../../src/errors.js';
import type { NumericColumn } from './numeric.js';

/** What merging needs to know about the groups. */
export interface MergeInput {
  readonly groupOf: Int32Array;
  readonly groups: number;
  /** The missing-value pattern of each group (an index; groups merge only within one). */
  readonly patternOf: Int32Array;
  readonly columns: readonly NumericColumn[];
  /** True when rows[from … to − 1] form a valid class under k and every model. */
  readonly valid: (rows: Int32Array, from: number, to: number) => boolean;
}

/**
 * Merges failing groups (module comment) and returns the new group of each row, renumbered
 * 0 … count − 1 in order of the groups' first formation.
 *
 * @throws DatanonymeError `IMPOSSIBLE` when all the groups of a missing-value pattern, merged into
 *   one, still fail the models.
 * @example
 * mergeInvalidGroups(input).count // => number of groups left
 */
export function mergeInvalidGroups(input: MergeInput): { groupOf: Int32Array; count: number } {
  const { groupOf, groups, patternOf, columns, valid } = input;
  const d = columns.length;
  const members: number[][] = Array.from({ length: groups }, () => []);
  groupOf.forEach((g, r) => members[g]?.push(r));
  // Σ z per group and column over present cells (all rows of a group share the pattern).
  const sums = new Float64Array(groups * d);
  const present = new Uint8Array(groups * d);
  for (let g = 0; g < groups; g++) {
    for (let j = 0; j < d; j++) {
      const column = columns[j] as NumericColumn;
      let s = 0;
      let has = false;
      for (const r of members[g] as number[]) {
        const x = column.values[r] as number;
        if (Number.isNaN(x)) continue;
        s += (x - column.mean) * column.scale;
        has = true;
      }
      sums[g * d + j] = s;
      present[g * d + j] = has ? 1 : 0;
    }
  }
  const alive = new Uint8Array(groups).fill(1);
  const isValid = (g: number): boolean => {
    const rows = Int32Array.from(members[g] as number[]);
    return valid(rows, 0, rows.length);
  };
  for (let g = 0; g < groups; g++) {
    while (alive[g] === 1 && !isValid(g)) {
      const own = members[g] as number[];
      let best = -1;
      let bestDist = Infinity;
      for (let h = 0; h < groups; h++) {
        if (h === g || alive[h] === 0 || patternOf[h] !== patternOf[g]) continue;
        const other = members[h] as number[];
        let dist = 0;
        for (let j = 0; j < d; j++) {
          if (present[g * d + j] === 0) continue;
          const t =
            (sums[g * d + j] as number) / own.length - (sums[h * d + j] as number) / other.length;
          dist += t * t;
        }
        if (dist < bestDist) {
          bestDist = dist;
          best = h;
        }
      }
      if (best < 0) {
        throw new DatanonymeError(
          'IMPOSSIBLE',
          `microaggregation cannot satisfy the privacy models: a group of ${own.length} records (all the records with the same missing quasi-identifiers) fails them even merged into one`,
          { field: 'models' },
        );
      }
      // Merge `best` into g.
      for (const r of members[best] as number[]) own.push(r);
      members[best] = [];
      for (let j = 0; j < d; j++) {
        sums[g * d + j] = (sums[g * d + j] as number) + (sums[best * d + j] as number);
      }
      alive[best] = 0;
    }
  }
  const renumber = new Int32Array(groups).fill(-1);
  let count = 0;
  for (let g = 0; g < groups; g++) if (alive[g] === 1) renumber[g] = count++;
  const out = new Int32Array(groupOf.length);
  for (let g = 0; g < groups; g++) {
    for (const r of members[g] as number[]) out[r] = renumber[g] as number;
  }
  return { groupOf: out, count };
}
