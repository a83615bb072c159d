/**
 * The partitioning kernel of Mondrian (LeFevre, DeWitt, Ramakrishnan, ICDE 2006): recursively cut
 * the rows along one dimension at a time, the one whose region is widest (normalised), until no
 * allowable cut is left. It runs on one Int32Array of row indices, partitioned in place, with a
 * row-major copy of every row's ranks permuted alongside (so that the bounds of a partition, read
 * for every dimension at every step, are a sequential scan); a partition is a contiguous range of
 * both, and the recursion is an explicit stack.
 *
 * A partition is first checked for size: one with fewer than 2k rows cannot be cut. Otherwise its
 * dimensions with more than one rank are tried by decreasing width (ties: column order); on each,
 * the rows are sorted by rank (counting sort when the rank range is small, a packed numeric sort
 * otherwise) and:
 * - ordered dimension with missing values (rank 0) and numbers: the cut between them is tried
 *   first (a mixed region is the widest there is, NCP 1).
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
import type { Dimension, OrderedDimension } from './dimensions.js';
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
  /** lo[p · d + j]: the smallest rank of partition p in dimension j (d dimensions). */
  readonly lo: Int32Array;
  /** hi[p · d + j]: the largest. */
  readonly hi: Int32Array;
}

/** Above this many ranks per row, a partition is sorted by a packed numeric sort, not by counting. */
const COUNTING_RANKS_PER_ROW = 4;

/** The rows of a partitioning and the ranks of each, row-major, permuted together. */
interface Layout {
  readonly d: number;
  readonly rows: Int32Array;
  /** keys[i · d + j]: the rank in dimension j of the row at position i. */
  readonly keys: Int32Array;
}

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
  const keys = new Int32Array(n * d);
  dimensions.forEach((dim, j) => {
    const ranks = dim.ranks;
    for (let i = 0; i < n; i++) keys[i * d + j] = ranks[i] as number;
  });
  const layout: Layout = { d, rows, keys };
  const sorter = new RankSorter(n, d, Math.max(1, ...dimensions.map((dim) => dim.cardinality)));
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
    bounds(keys, d, from, to, lo, hi);
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
      sorter.sort(layout, from, to, j, lo[j] as number, hi[j] as number);
      cut =
        dim.kind === 'ordered'
          ? cutOrdered(layout, from, to, j, dim, condition, variant, stack)
          : cutHierarchical(
              layout,
              from,
              to,
              j,
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
  const los = new Int32Array(count * d);
  const his = new Int32Array(count * d);
  for (let q = 0; q < count; q++) {
    bounds(keys, d, starts[q] as number, starts[q + 1] as number, lo, hi);
    los.set(lo, q * d);
    his.set(hi, q * d);
  }
  return { rows, starts, count, lo: los, hi: his };
}

/** The smallest and largest rank of each dimension over positions from … to − 1. */
function bounds(
  keys: Int32Array,
  d: number,
  from: number,
  to: number,
  lo: Int32Array,
  hi: Int32Array,
): void {
  lo.fill(0x7fffffff);
  hi.fill(-1);
  for (let base = from * d, end = to * d; base < end; base += d) {
    for (let j = 0; j < d; j++) {
      const r = keys[base + j] as number;
      if (r < (lo[j] as number)) lo[j] = r;
      if (r > (hi[j] as number)) hi[j] = r;
    }
  }
}

/**
 * Cuts positions from … to − 1, sorted by dimension j, in two; pushes the parts on `stack` and
 * returns true, or returns false when no cut is allowable.
 */
function cutOrdered(
  layout: Layout,
  from: number,
  to: number,
  j: number,
  dim: OrderedDimension,
  condition: SplitCondition,
  variant: MondrianVariant,
  stack: number[],
): boolean {
  const { rows, keys, d } = layout;
  const size = to - from;
  const k = condition.k;
  const allowable = (at: number): boolean =>
    at - from >= k &&
    to - at >= k &&
    condition.isValid(rows, from, at) &&
    condition.isValid(rows, at, to);
  // A region mixing missing and non-missing values costs the most (NCP 1, published as `*`):
  // the cut that separates the missing values is tried first.
  const first = keys[from * d + j] as number;
  if (dim.hasMissing && first === 0) {
    let at = from + 1;
    while (at < to && keys[at * d + j] === 0) at++;
    if (at < to && allowable(at)) {
      stack.push(from, at, at, to);
      return true;
    }
  }
  const half = from + Math.floor(size / 2);
  if (variant === 'relaxed' && allowable(half)) {
    stack.push(from, half, half, to);
    return true;
  }
  // The boundaries between distinct ranks, ascending; the one nearest half first, expanding out.
  const boundaries: number[] = [];
  let previous = first;
  for (let i = from + 1; i < to; i++) {
    const r = keys[i * d + j] as number;
    if (r !== previous) {
      boundaries.push(i);
      previous = r;
    }
  }
  let right = 0;
  while (right < boundaries.length && (boundaries[right] as number) * 2 < 2 * from + size) right++;
  let left = right - 1;
  // Candidates by distance |2(b − from) − size|, ties to the smaller left part. The nearest one
  // is checked alone; if it fails and there are sensitive models, the validity of every prefix
  // and suffix is computed in one pass each way, so that the search stays linear in the rows.
  let validity: { left: Uint8Array; right: Uint8Array } | null = null;
  let checked = 0;
  while (left >= 0 || right < boundaries.length) {
    let index: number;
    if (right >= boundaries.length) index = left--;
    else if (left < 0) index = right++;
    else {
      const l = boundaries[left] as number;
      const r = boundaries[right] as number;
      index = 2 * from + size - 2 * l <= 2 * r - 2 * from - size ? left-- : right++;
    }
    const at = boundaries[index] as number;
    if (at - from < k || to - at < k) continue;
    let ok: boolean;
    if (validity !== null) ok = validity.left[index] === 1 && validity.right[index] === 1;
    else if (checked++ === 0 || condition.cutValidity === undefined) ok = allowable(at);
    else {
      validity = {
        left: new Uint8Array(boundaries.length),
        right: new Uint8Array(boundaries.length),
      };
      condition.cutValidity(rows, from, to, boundaries, validity.left, validity.right);
      ok = validity.left[index] === 1 && validity.right[index] === 1;
    }
    if (ok) {
      stack.push(from, at, at, to);
      return true;
    }
  }
  return false;
}

/**
 * Cuts positions from … to − 1, sorted by leaf rank in dimension j, into the children of the node
 * covering [lo, hi]; pushes the parts and returns true when each is allowable, else returns false.
 */
function cutHierarchical(
  layout: Layout,
  from: number,
  to: number,
  j: number,
  dim: Dimension & { kind: 'hierarchical' },
  lo: number,
  hi: number,
  condition: SplitCondition,
  stack: number[],
): boolean {
  const { rows, keys, d } = layout;
  const tree = dim.tree;
  const node = lowestCommonAncestor(tree, lo, hi);
  const parts: number[] = [];
  let p = from;
  for (let c = tree.childStart[node] as number; c < (tree.childStart[node + 1] as number); c++) {
    const last = tree.last[tree.children[c] as number] as number;
    let q = p;
    while (q < to && (keys[q * d + j] as number) <= last) q++;
    if (q > p) {
      if (q - p < condition.k || !condition.isValid(rows, p, q)) return false;
      parts.push(p, q);
    }
    p = q;
  }
  stack.push(...parts);
  return true;
}

/** Sorts ranges of a {@link Layout} by one dimension's ranks, reusing its buffers. */
class RankSorter {
  private readonly scratchRows: Int32Array;
  private readonly scratchKeys: Int32Array;
  private readonly counts: Int32Array;
  private readonly order: Int32Array;
  private packed: Float64Array;

  constructor(n: number, d: number, maxRanks: number) {
    this.scratchRows = new Int32Array(n);
    this.scratchKeys = new Int32Array(n * d);
    this.counts = new Int32Array(maxRanks + 1);
    this.order = new Int32Array(n);
    this.packed = new Float64Array(0);
  }

  /** Sorts positions from … to − 1 by dimension j, whose ranks there lie in [lo, hi]; stable. */
  sort(layout: Layout, from: number, to: number, j: number, lo: number, hi: number): void {
    const size = to - from;
    const range = hi - lo + 1;
    const { order } = this;
    const { keys, d } = layout;
    // order[i] = the position (relative to from) that the i-th sorted row comes from.
    if (range <= COUNTING_RANKS_PER_ROW * size + 64) {
      const { counts } = this;
      counts.fill(0, 0, range + 1);
      for (let i = from; i < to; i++) {
        const r = (keys[i * d + j] as number) - lo + 1;
        counts[r] = (counts[r] as number) + 1;
      }
      for (let r = 1; r <= range; r++)
        counts[r] = (counts[r] as number) + (counts[r - 1] as number);
      for (let i = from; i < to; i++) {
        const r = (keys[i * d + j] as number) - lo;
        order[counts[r] as number] = i - from;
        counts[r] = (counts[r] as number) + 1;
      }
    } else if (range * size < 2 ** 52) {
      if (this.packed.length < size) this.packed = new Float64Array(Math.max(size, 1024));
      const packed = this.packed.subarray(0, size);
      for (let i = 0; i < size; i++)
        packed[i] = ((keys[(from + i) * d + j] as number) - lo) * size + i;
      packed.sort();
      for (let i = 0; i < size; i++) order[i] = (packed[i] as number) % size;
    } else {
      const sorted = Array.from({ length: size }, (_, i) => i).sort(
        (a, b) =>
          (keys[(from + a) * d + j] as number) - (keys[(from + b) * d + j] as number) || a - b,
      );
      order.set(sorted);
    }
    this.apply(layout, from, size);
  }

  /** Moves the rows and their keys into the order in `order`. */
  private apply(layout: Layout, from: number, size: number): void {
    const { rows, keys, d } = layout;
    const { order, scratchRows, scratchKeys } = this;
    for (let i = 0; i < size; i++) {
      const source = from + (order[i] as number);
      scratchRows[i] = rows[source] as number;
      const s = source * d;
      const t = i * d;
      for (let j = 0; j < d; j++) scratchKeys[t + j] = keys[s + j] as number;
    }
    rows.set(scratchRows.subarray(0, size), from);
    keys.set(scratchKeys.subarray(0, size * d), from * d);
  }
}
