/**
 * Partitioning points into blocks for blocked MDAV: recursive median cuts, as in a k-d tree. A
 * block of more than `maxSize` points is cut at the median of its widest dimension (largest range
 * of the standardised values) into halves of ⌊m/2⌋ and ⌈m/2⌉ points, until every block has at most
 * `maxSize` points. With maxSize ≥ 2k every block keeps at least k points. Points are ordered by
 * (value, index), so equal values may fall on both sides of a cut and the result is deterministic.
 */

/**
 * The blocks of ≤ `maxSize` points, as one array of point indices (blocks contiguous, each in no
 * particular order) and the start of each block (`starts[b] … starts[b + 1] − 1`).
 *
 * @example
 * medianCutBlocks(Float64Array.of(5, 1, 4, 2), 4, 1, 2).starts // => Int32Array [0, 2, 4]
 */
export function medianCutBlocks(
  points: Float64Array,
  n: number,
  d: number,
  maxSize: number,
): { order: Int32Array; starts: Int32Array } {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const starts: number[] = [];
  const key = new Float64Array(n);
  // Explicit stack of [from, to) segments; the left half is processed first, so blocks come out in
  // ascending order along the cuts.
  const stack: number[] = [0, n];
  while (stack.length > 0) {
    const to = stack.pop() as number;
    const from = stack.pop() as number;
    if (to - from <= maxSize) {
      starts.push(from);
      continue;
    }
    const dim = widestDimension(points, d, order, from, to);
    for (let i = from; i < to; i++) {
      const p = order[i] as number;
      key[p] = points[p * d + dim] as number;
    }
    const mid = from + ((to - from) >> 1);
    select(order, key, from, to - 1, mid);
    stack.push(mid, to, from, mid);
  }
  starts.push(n);
  return { order, starts: Int32Array.from(starts) };
}

/** The dimension with the largest range over the points order[from … to − 1]. */
function widestDimension(
  points: Float64Array,
  d: number,
  order: Int32Array,
  from: number,
  to: number,
): number {
  let best = 0;
  let bestRange = -1;
  for (let j = 0; j < d; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = from; i < to; i++) {
      const v = points[(order[i] as number) * d + j] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > bestRange) {
      bestRange = hi - lo;
      best = j;
    }
  }
  return best;
}

/** True when point a comes before point b: smaller key, then smaller index. */
function less(key: Float64Array, a: number, b: number): boolean {
  const ka = key[a] as number;
  const kb = key[b] as number;
  return ka < kb || (ka === kb && a < b);
}

/**
 * Quickselect (Hoare's FIND, median-of-three pivot): rearranges order[lo … hi] so that position
 * `nth` holds the element it would hold if sorted, smaller ones before it and larger ones after.
 */
function select(order: Int32Array, key: Float64Array, lo: number, hi: number, nth: number): void {
  while (hi > lo) {
    const mid = lo + ((hi - lo) >> 1);
    // Median of three into order[mid].
    if (less(key, order[mid] as number, order[lo] as number)) swap(order, mid, lo);
    if (less(key, order[hi] as number, order[lo] as number)) swap(order, hi, lo);
    if (less(key, order[hi] as number, order[mid] as number)) swap(order, hi, mid);
    const pivot = order[mid] as number;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (less(key, order[i] as number, pivot)) i++;
      while (less(key, pivot, order[j] as number)) j--;
      if (i <= j) {
        swap(order, i, j);
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}

function swap(a: Int32Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}
