/**
 * The partitioning kernel of Mondrian (LeFevre, DeWitt, Ramakrishnan, ICDE 2006): recursively cut
 * the rows along one dimension at a time, the one whose region is widest (normalised), until no
 * allowable cut is left. It runs on one Int32Array of row indices, partitioned in place; a
 * partition is a contiguous range of it, and the recursion is an explicit stack.
 *
 * A partition is first checked for size: one with fewer than 2k rows cannot be cut. Otherwise its
 * dimensions with more than one rank are tried by decreasing width (ties: column order); on each,
 * the rows are sorted by rank (counting sort when the rank range is small, a packed numeric sort
 * otherwise) and:
 * - ordered dimension, strict: the cuts fall between distinct ranks (all rows of a value go to the
 *   same side); the cut whose left part is nearest half the rows is taken among those leaving two
 *   allowable parts (ties: the smaller left part).
 * - ordered dimension, relaxed: the cut at exactly half the rows (rows of the median value may go
 *   to both sides) is tried first, then the strict cuts.
 * - hierarchical dimension (both variants): the region's node (the lowest common ancestor of the
 *   partition's values) is replaced by its children that hold rows, a multiway cut allowed only
 *   when every part is allowable.
 * The first dimension with an allowable cut is cut; a partition with none on any dimension is final.
 */
import type { SplitCondition } from './condition.js';
import type { Dimension } from './dimensions.js';
import { lowestCommonAncestor } from './tree.js';

/** Strict: no value is divided between partitions. Relaxed: the median value may be. */
export type MondrianVariant = 'strict' | 'relaxed';

/** The final partitions: partition p is rows[starts[p]] … rows[starts[p + 1] − 1]. */
export interface Partitioning {
  /** The row indices, permuted so that every partition is contiguous. */
  readonly rows: Int32Array;
  /** Start of each partition in `rows`, ascending, with `rows.length` appended. */
  readonly starts: Int32Array;
  /** Number of partitions. */
  readonly count: number;
}

/** Above this many ranks per row, a partition is sorted by a packed numeric sort, not by counting. */
const COUNTING_RANKS_PER_ROW = 4;

/**
 * Partitions the rows `0 … n − 1` with Mondrian.
 *
 * @param dimensions - the quasi-identifiers, each with one rank per row.
 * @param n - the number of rows.
 * @param condition - when a part is allowable.
 * @param variant - strict or relaxed cuts on ordered dimensions.
 * @throws never.
 * @example
 * mondrianPartition([age], 8, splitCondition(2), 'strict').count // => 4 on the B08 table
 */
export function mondrianPartition(
  dimensions: readonly Dimension[],
  n: number,
  condition: SplitCondition,
  variant: MondrianVariant,
): Partitioning {
  const d = dimensions.length;
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  const sorter = new RankSorter(n, Math.max(1, ...dimensions.map((dim) => dim.cardinality)));
  const isStart = new Uint8Array(n + 1);
  const lo = new Int32Array(d);
  const hi = new Int32Array(d);
  const widths = new Float64Array(d);
  const candidates: number[] = [];
  const stack: number[] = n > 0 ? [0, n] : [];
  const minSplit = 2 * condition.k;

  while (stack.length > 0) {
    const to = stack.pop() as number;
    const from = stack.pop() as number;
    if (to - from < minSplit) {
      isStart[from] = 1;
      continue;
    }
    bounds(dimensions, rows, from, to, lo, hi);
    candidates.length = 0;
    for (let j = 0; j < d; j++) {
      if ((lo[j] as number) < (hi[j] as number)) {
        widths[j] = (dimensions[j] as Dimension).width(lo[j] as number, hi[j] as number);
        candidates.push(j);
      }
    }
    candidates.sort((a, b) => (widths[b] as number) - (widths[a] as number) || a - b);
    let cut = false;
    for (const j of candidates) {
      const dim = dimensions[j] as Dimension;
      sorter.sort(rows, from, to, dim.ranks, lo[j] as number, hi[j] as number);
      cut =
        dim.kind === 'ordered'
          ? cutOrdered(rows, from, to, dim.ranks, condition, variant, stack)
          : cutHierarchical(
              rows,
              from,
              to,
              dim,
              lo[j] as number,
              hi[j] as number,
              condition,
              stack,
            );
      if (cut) break;
    }
    if (!cut) isStart[from] = 1;
  }

  let count = 0;
  for (let i = 0; i < n; i++) count += isStart[i] as number;
  const starts = new Int32Array(count + 1);
  let p = 0;
  for (let i = 0; i < n; i++) if (isStart[i] === 1) starts[p++] = i;
  starts[count] = n;
  return { rows, starts, count };
}

/** The smallest and largest rank of each dimension over rows[from … to − 1]. */
export function bounds(
  dimensions: readonly Dimension[],
  rows: Int32Array,
  from: number,
  to: number,
  lo: Int32Array,
  hi: Int32Array,
): void {
  for (let j = 0; j < dimensions.length; j++) {
    const ranks = (dimensions[j] as Dimension).ranks;
    let min = 0x7fffffff;
    let max = -1;
    for (let i = from; i < to; i++) {
      const r = ranks[rows[i] as number] as number;
      if (r < min) min = r;
      if (r > max) max = r;
    }
    lo[j] = min;
    hi[j] = max;
  }
}

/**
 * Cuts rows[from … to − 1], sorted by `ranks`, in two; pushes the parts on `stack` and returns true,
 * or returns false when no cut is allowable.
 */
function cutOrdered(
  rows: Int32Array,
  from: number,
  to: number,
  ranks: Int32Array,
  condition: SplitCondition,
  variant: MondrianVariant,
  stack: number[],
): boolean {
  const size = to - from;
  const k = condition.k;
  const allowable = (at: number): boolean =>
    at - from >= k &&
    to - at >= k &&
    condition.isValid(rows, from, at) &&
    condition.isValid(rows, at, to);
  const half = from + Math.floor(size / 2);
  if (variant === 'relaxed' && allowable(half)) {
    stack.push(from, half, half, to);
    return true;
  }
  // The boundaries between distinct ranks, ascending; the one nearest half first, expanding out.
  const boundaries: number[] = [];
  let previous = ranks[rows[from] as number] as number;
  for (let i = from + 1; i < to; i++) {
    const r = ranks[rows[i] as number] as number;
    if (r !== previous) {
      boundaries.push(i);
      previous = r;
    }
  }
  let right = 0;
  while (right < boundaries.length && (boundaries[right] as number) * 2 < 2 * from + size) right++;
  let left = right - 1;
  // Candidates by distance |2(b − from) − size|, ties to the smaller left part.
  while (left >= 0 || right < boundaries.length) {
    let at: number;
    if (right >= boundaries.length) at = boundaries[left--] as number;
    else if (left < 0) at = boundaries[right++] as number;
    else {
      const l = boundaries[left] as number;
      const r = boundaries[right] as number;
      if (2 * from + size - 2 * l <= 2 * r - 2 * from - size) {
        at = l;
        left--;
      } else {
        at = r;
        right++;
      }
    }
    if (allowable(at)) {
      stack.push(from, at, at, to);
      return true;
    }
  }
  return false;
}

/**
 * Cuts rows[from … to − 1], sorted by leaf rank, into the children of the node covering [lo, hi];
 * pushes the parts and returns true when each is allowable, else returns false.
 */
function cutHierarchical(
  rows: Int32Array,
  from: number,
  to: number,
  dim: Dimension & { kind: 'hierarchical' },
  lo: number,
  hi: number,
  condition: SplitCondition,
  stack: number[],
): boolean {
  const { tree, ranks } = dim;
  const node = lowestCommonAncestor(tree, lo, hi);
  const parts: number[] = [];
  let p = from;
  for (let c = tree.childStart[node] as number; c < (tree.childStart[node + 1] as number); c++) {
    const last = tree.last[tree.children[c] as number] as number;
    let q = p;
    while (q < to && (ranks[rows[q] as number] as number) <= last) q++;
    if (q > p) {
      if (q - p < condition.k || !condition.isValid(rows, p, q)) return false;
      parts.push(p, q);
    }
    p = q;
  }
  stack.push(...parts);
  return true;
}

/** Sorts ranges of row indices by a rank column, reusing its buffers. */
class RankSorter {
  private readonly scratch: Int32Array;
  private readonly counts: Int32Array;
  private packed: Float64Array;

  constructor(n: number, maxRanks: number) {
    this.scratch = new Int32Array(n);
    this.counts = new Int32Array(maxRanks + 1);
    this.packed = new Float64Array(0);
  }

  /** Sorts rows[from … to − 1] by ranks[row], whose values lie in [lo, hi]; stable. */
  sort(
    rows: Int32Array,
    from: number,
    to: number,
    ranks: Int32Array,
    lo: number,
    hi: number,
  ): void {
    const size = to - from;
    const range = hi - lo + 1;
    if (range <= COUNTING_RANKS_PER_ROW * size + 64)
      this.counting(rows, from, to, ranks, lo, range);
    else if (range * size < 2 ** 52) this.packedSort(rows, from, to, ranks, lo);
    else {
      const sorted = Array.from(rows.subarray(from, to)).sort(
        (a, b) => (ranks[a] as number) - (ranks[b] as number),
      );
      rows.set(sorted, from);
    }
  }

  private counting(
    rows: Int32Array,
    from: number,
    to: number,
    ranks: Int32Array,
    lo: number,
    range: number,
  ): void {
    const { counts, scratch } = this;
    counts.fill(0, 0, range + 1);
    for (let i = from; i < to; i++) {
      const r = (ranks[rows[i] as number] as number) - lo + 1;
      counts[r] = (counts[r] as number) + 1;
    }
    for (let r = 1; r <= range; r++) counts[r] = (counts[r] as number) + (counts[r - 1] as number);
    // counts[r] is now the first output position of rank lo + r.
    for (let i = from; i < to; i++) {
      const row = rows[i] as number;
      const r = (ranks[row] as number) - lo;
      scratch[counts[r] as number] = row;
      counts[r] = (counts[r] as number) + 1;
    }
    rows.set(scratch.subarray(0, to - from), from);
  }

  private packedSort(
    rows: Int32Array,
    from: number,
    to: number,
    ranks: Int32Array,
    lo: number,
  ): void {
    const size = to - from;
    if (this.packed.length < size) this.packed = new Float64Array(Math.max(size, 1024));
    const keys = this.packed.subarray(0, size);
    const { scratch } = this;
    for (let i = 0; i < size; i++) {
      const row = rows[from + i] as number;
      scratch[i] = row;
      keys[i] = ((ranks[row] as number) - lo) * size + i;
    }
    keys.sort();
    for (let i = 0; i < size; i++) {
      const key = keys[i] as number;
      rows[from + i] = scratch[key % size] as number;
    }
  }
}
