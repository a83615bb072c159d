/**
 * Nearest neighbours by Gower's distance (see `features.ts`) among the rows of one table, for
 * query rows of any table read on the same scale. Rows equal on the columns are grouped, so each
 * distinct combination is measured once; ties are broken by the lower row index (the first row
 * of the reference table wins), which makes every result reproducible. Internal.
 */
import type { Features } from './features.js';

export class NeighbourIndex {
  private readonly features: Features;
  private readonly columns: number[];
  /** Group g's value of selected column j at values[g * m + j]: a number or a label id. */
  private readonly values: Float64Array;
  private readonly isNumeric: boolean[];
  /** Per selected column, the range of a numeric column (differences are divided by it). */
  private readonly ranges: number[];
  /** Rows of group g: members[offsets[g] .. offsets[g + 1]), ascending. */
  private readonly offsets: Int32Array;
  private readonly members: Int32Array;
  readonly groups: number;
  readonly rows: number;

  /**
   * @param features - the tables read on a shared scale.
   * @param table - the index of the reference table in `features.tables`.
   * @param columns - indices into `features.columns` the distance runs over.
   * @param rows - the reference rows to index. @defaultValue all rows
   */
  constructor(
    features: Features,
    table: number,
    columns: readonly number[],
    rows?: ArrayLike<number>,
  ) {
    this.features = features;
    this.columns = [...columns];
    const t = features.tables[table];
    if (t === undefined) throw new Error(`no table ${table}`);
    const n = rows === undefined ? t.rows : rows.length;
    const rowAt = (i: number): number => (rows === undefined ? i : (rows[i] as number));
    const groupOf = this.groupOf;
    const firstRow: number[] = [];
    const counts: number[] = [];
    const assigned = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const r = rowAt(i);
      let key = '';
      for (const c of this.columns) {
        const num = t.numeric[c];
        key += num ? `${String(num[r])}|` : `${String((t.labels[c] as Int32Array)[r])}|`;
      }
      let g = groupOf.get(key);
      if (g === undefined) {
        g = firstRow.length;
        groupOf.set(key, g);
        firstRow.push(r);
        counts.push(0);
      }
      counts[g] = (counts[g] as number) + 1;
      assigned[i] = g;
    }
    this.groups = firstRow.length;
    this.rows = n;
    this.offsets = new Int32Array(this.groups + 1);
    for (let g = 0; g < this.groups; g++)
      this.offsets[g + 1] = (this.offsets[g] as number) + (counts[g] as number);
    this.members = new Int32Array(n);
    const fill = this.offsets.slice(0, this.groups);
    // Rows are visited in ascending order when `rows` is ascending; sort each group anyway.
    for (let i = 0; i < n; i++) {
      const g = assigned[i] as number;
      this.members[fill[g] as number] = rowAt(i);
      fill[g] = (fill[g] as number) + 1;
    }
    for (let g = 0; g < this.groups; g++) {
      const part = this.members.subarray(this.offsets[g], this.offsets[g + 1]);
      if (part.length > 1) part.sort();
    }
    const m = this.columns.length;
    this.isNumeric = this.columns.map((c) => t.numeric[c] !== null);
    this.ranges = this.columns.map((c) => features.ranges[c] as number);
    this.values = new Float64Array(this.groups * m);
    firstRow.forEach((r, g) => {
      this.columns.forEach((c, j) => {
        const num = t.numeric[c];
        this.values[g * m + j] = num
          ? (num[r] as number)
          : ((t.labels[c] as Int32Array)[r] as number);
      });
    });
  }

  /**
   * The sum over the columns of the per-column Gower distance between the query and group g,
   * abandoned (returning a value above `bound`) as soon as the partial sum exceeds `bound`.
   */
  private sumDistance(query: Float64Array, g: number, bound: number): number {
    const m = this.columns.length;
    const base = g * m;
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const x = query[j] as number;
      const y = this.values[base + j] as number;
      if (this.isNumeric[j] === true) {
        const xMissing = Number.isNaN(x);
        const yMissing = Number.isNaN(y);
        const r = this.ranges[j] as number;
        sum +=
          xMissing || yMissing ? (xMissing && yMissing ? 0 : 1) : r > 0 ? Math.abs(x - y) / r : 0;
      } else if (x !== y) {
        sum +=
          x < 0 || y < 0
            ? 1
            : (
                this.features.labelDistance[this.columns[j] as number] as (
                  a: number,
                  b: number,
                ) => number
              )(x, y);
      }
      if (sum > bound) return sum;
    }
    return sum;
  }

  /** The group of each combination of values, keyed as `value|value|…|`. */
  private readonly groupOf = new Map<string, number>();

  private readonly cache = new Map<string, { rows: number[]; distances: number[] }>();

  /**
   * The k nearest reference rows of a query row, closest first (ties: lower row index first).
   *
   * @returns rows and their distances (fewer than k when the reference has fewer rows).
   */
  nearest(queryTable: number, row: number, k: number): { rows: number[]; distances: number[] } {
    const q = this.features.tables[queryTable];
    if (q === undefined) throw new Error(`no table ${queryTable}`);
    const m = this.columns.length;
    const query = new Float64Array(m);
    this.columns.forEach((c, j) => {
      const num = q.numeric[c];
      query[j] = num ? (num[row] as number) : ((q.labels[c] as Int32Array)[row] as number);
    });
    // Queries equal on the columns have the same answer.
    const key = `${k}|${query.join('|')}`;
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    // Distance 0 means equal on every column, hence the same group: when the query's own group
    // has k rows, they are the answer (no other row can come before them).
    let own = '';
    for (let j = 0; j < m; j++) own += `${String(query[j])}|`;
    const exact = this.groupOf.get(own);
    if (exact !== undefined) {
      const start = this.offsets[exact] as number;
      const end = this.offsets[exact + 1] as number;
      if (end - start >= k) {
        const result = {
          rows: Array.from(this.members.subarray(start, start + k)),
          distances: Array<number>(k).fill(0),
        };
        this.cache.set(key, result);
        return result;
      }
    }
    const bestRows: number[] = [];
    const bestD: number[] = [];
    for (let g = 0; g < this.groups; g++) {
      // A little slack so that rounding never drops a tie; the exact test follows.
      const bound = bestRows.length === k ? (bestD[k - 1] as number) * m + 1e-9 : Infinity;
      const sum = this.sumDistance(query, g, bound);
      if (sum > bound) continue;
      const dg = m > 0 ? sum / m : 0;
      const start = this.offsets[g] as number;
      const end = this.offsets[g + 1] as number;
      for (let p = start; p < end; p++) {
        const r = this.members[p] as number;
        const full = bestRows.length === k;
        if (full) {
          const wd = bestD[k - 1] as number;
          const wr = bestRows[k - 1] as number;
          if (dg > wd || (dg === wd && r > wr)) break; // later members of the group are worse still
        }
        // Insert (dg, r) in order.
        let at = bestRows.length;
        while (
          at > 0 &&
          ((bestD[at - 1] as number) > dg ||
            ((bestD[at - 1] as number) === dg && (bestRows[at - 1] as number) > r))
        )
          at--;
        bestRows.splice(at, 0, r);
        bestD.splice(at, 0, dg);
        if (bestRows.length > k) {
          bestRows.pop();
          bestD.pop();
        }
      }
    }
    const result = { rows: bestRows, distances: bestD };
    this.cache.set(key, result);
    return result;
  }
}
