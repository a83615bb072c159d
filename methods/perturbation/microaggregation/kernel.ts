/**
 * The MDAV kernel (Maximum Distance to Average Vector), exact, on a row-major Float64Array of
 * points. Domingo-Ferrer and Mateo-Sanz (TKDE 2002) introduced the heuristic; this is the fixed-size
 * form of Domingo-Ferrer and Torra (2005), the one sdcMicro's `microaggregation(method = "mdav")`
 * implements:
 *
 * ```
 * while at least 3k points remain:
 *   c ← centroid of the remaining points
 *   r ← the point farthest from c;   s ← the point farthest from r
 *   group r with its k − 1 nearest remaining points; remove them
 *   group s with its k − 1 nearest remaining points; remove them
 * if between 2k and 3k − 1 points remain:
 *   c ← centroid; r ← farthest from c; group r with its k − 1 nearest; the rest form a group
 * else the remaining points (fewer than 2k) form one group
 * ```
 *
 * Every group has k members except the last, which has k … 2k − 1. Distances are Euclidean.
 * Ties (equal distances) go to the point with the smallest index, so the result does not depend on
 * the order in which points are stored. `s` is chosen before r's group is removed, as in the
 * papers; in the rare case (ties only) where r's group took it, s becomes the remaining point
 * farthest from r.
 *
 * Cost: O(n² d / k) — each step passes over the remaining points three times (distances to c, to
 * r, to s) and removes 2k of them. Remaining points are kept contiguous (a removed point is swapped
 * with the last one) and the centroid's sum is updated incrementally.
 */

/** The groups MDAV forms: a group id per point, numbered 0 … count − 1 in order of formation. */
export interface MdavGroups {
  readonly groupOf: Int32Array;
  readonly count: number;
}

/**
 * Exact MDAV on `n` points of dimension `d` stored row-major in `points` (point i is
 * `points[i·d … i·d + d − 1]`). Requires n ≥ k ≥ 1 (a smaller n forms one group).
 *
 * @example
 * mdavKernel(Float64Array.of(0, 1, 10, 11), 4, 1, 2).groupOf // => Int32Array [0, 0, 1, 1]
 */
export function mdavKernel(points: Float64Array, n: number, d: number, k: number): MdavGroups {
  const groupOf = new Int32Array(n);
  if (n === 0) return { groupOf, count: 0 };
  const work = new MdavWork(points, n, d, k);
  const count = work.run(groupOf);
  return { groupOf, count };
}

class MdavWork {
  private readonly x: Float64Array;
  private readonly id: Int32Array;
  private readonly dist: Float64Array;
  private readonly sum: Float64Array;
  private readonly centre: Float64Array;
  private readonly heapDist: Float64Array;
  private readonly heapId: Int32Array;
  private readonly heapPos: Int32Array;
  private readonly chosen: Int32Array;
  private m: number;
  private heapSize = 0;

  constructor(
    points: Float64Array,
    n: number,
    private readonly d: number,
    private readonly k: number,
  ) {
    this.x = points.slice(0, n * d);
    this.id = new Int32Array(n);
    for (let i = 0; i < n; i++) this.id[i] = i;
    this.dist = new Float64Array(n);
    this.sum = new Float64Array(d);
    this.centre = new Float64Array(d);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++)
        this.sum[j] = (this.sum[j] as number) + (this.x[i * d + j] as number);
    }
    this.heapDist = new Float64Array(k);
    this.heapId = new Int32Array(k);
    this.heapPos = new Int32Array(k);
    this.chosen = new Int32Array(k);
    this.m = n;
  }

  run(groupOf: Int32Array): number {
    const k = this.k;
    let groups = 0;
    while (this.m >= 3 * k) {
      const r = this.farthestFromCentroid();
      const sId = this.gather(r);
      this.take(r, groupOf, groups++);
      let s = this.positionOf(sId);
      if (s < 0) {
        // r's group took s (ties only): the remaining point farthest from r instead.
        s = this.farthestByDist();
      }
      this.gather(s);
      this.take(s, groupOf, groups++);
    }
    if (this.m >= 2 * k) {
      const r = this.farthestFromCentroid();
      this.gather(r);
      this.take(r, groupOf, groups++);
    }
    if (this.m > 0) {
      for (let i = 0; i < this.m; i++) groupOf[this.id[i] as number] = groups;
      groups++;
      this.m = 0;
    }
    return groups;
  }

  /** Position of the remaining point with original index `target`, or −1 when it was removed. */
  private positionOf(target: number): number {
    const id = this.id;
    for (let i = 0; i < this.m; i++) if (id[i] === target) return i;
    return -1;
  }

  /** Position of the remaining point farthest from the centroid (ties: smallest index). */
  private farthestFromCentroid(): number {
    const { d, x, id, centre, sum } = this;
    const m = this.m;
    for (let j = 0; j < d; j++) centre[j] = (sum[j] as number) / m;
    let best = -1;
    let bestDist = -1;
    let bestId = 0;
    for (let i = 0; i < m; i++) {
      let s = 0;
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const t = (x[o + j] as number) - (centre[j] as number);
        s += t * t;
      }
      if (s > bestDist || (s === bestDist && (id[i] as number) < bestId)) {
        best = i;
        bestDist = s;
        bestId = id[i] as number;
      }
    }
    return best;
  }

  /** Position of the remaining point of largest `dist` (ties: smallest index). */
  private farthestByDist(): number {
    const { dist, id } = this;
    let best = 0;
    let bestDist = dist[0] as number;
    let bestId = id[0] as number;
    for (let i = 1; i < this.m; i++) {
      const s = dist[i] as number;
      if (s > bestDist || (s === bestDist && (id[i] as number) < bestId)) {
        best = i;
        bestDist = s;
        bestId = id[i] as number;
      }
    }
    return best;
  }

  /**
   * One pass over the remaining points: their squared distances to the point at position `p`
   * (into `dist`), the k − 1 nearest other points (into the heap, keyed by (distance, index)), and
   * the farthest point, whose original index is returned (ties: smallest index).
   */
  private gather(p: number): number {
    const { d, x, id, dist, heapDist, heapId, heapPos } = this;
    const want = this.k - 1;
    const m = this.m;
    const q = p * d;
    let size = 0;
    let farDist = -1;
    let farId = 0;
    for (let i = 0; i < m; i++) {
      let di = 0;
      const o = i * d;
      for (let j = 0; j < d; j++) {
        const t = (x[o + j] as number) - (x[q + j] as number);
        di += t * t;
      }
      dist[i] = di;
      const ii = id[i] as number;
      if (di > farDist || (di === farDist && ii < farId)) {
        farDist = di;
        farId = ii;
      }
      if (i === p || want === 0) continue;
      if (size < want) {
        // Push onto the max-heap and sift up.
        let c = size++;
        while (c > 0) {
          const parent = (c - 1) >> 1;
          if (!before(heapDist[parent] as number, heapId[parent] as number, di, ii)) break;
          heapDist[c] = heapDist[parent] as number;
          heapId[c] = heapId[parent] as number;
          heapPos[c] = heapPos[parent] as number;
          c = parent;
        }
        heapDist[c] = di;
        heapId[c] = ii;
        heapPos[c] = i;
      } else if (before(di, ii, heapDist[0] as number, heapId[0] as number)) {
        // Replace the farthest of the heap and sift down.
        let c = 0;
        for (;;) {
          const l = 2 * c + 1;
          if (l >= size) break;
          let g = l;
          const r = l + 1;
          if (
            r < size &&
            before(
              heapDist[l] as number,
              heapId[l] as number,
              heapDist[r] as number,
              heapId[r] as number,
            )
          ) {
            g = r;
          }
          if (!before(di, ii, heapDist[g] as number, heapId[g] as number)) break;
          heapDist[c] = heapDist[g] as number;
          heapId[c] = heapId[g] as number;
          heapPos[c] = heapPos[g] as number;
          c = g;
        }
        heapDist[c] = di;
        heapId[c] = ii;
        heapPos[c] = i;
      }
    }
    this.heapSize = size;
    return farId;
  }

  /**
   * Forms a group of the point at position `p` and the k − 1 nearest points `gather(p)` found,
   * labels it `group` and removes it.
   */
  private take(p: number, groupOf: Int32Array, group: number): void {
    const { id, heapPos, chosen } = this;
    const size = this.heapSize;
    chosen[0] = p;
    for (let h = 0; h < size; h++) chosen[h + 1] = heapPos[h] as number;
    const taken = chosen.subarray(0, size + 1);
    for (const q of taken) groupOf[id[q] as number] = group;
    // Remove from the highest position down, so that a swap never moves a point still to remove.
    taken.sort();
    for (let t = taken.length - 1; t >= 0; t--) this.remove(taken[t] as number);
  }

  /** Removes the point at position `p`: subtracts it from the sum, swaps the last point into it. */
  private remove(p: number): void {
    const { d, x, id, dist, sum } = this;
    const last = --this.m;
    const o = p * d;
    for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) - (x[o + j] as number);
    if (p !== last) {
      const q = last * d;
      for (let j = 0; j < d; j++) x[o + j] = x[q + j] as number;
      id[p] = id[last] as number;
      dist[p] = dist[last] as number;
    }
  }
}

/** True when (da, ia) comes strictly before (db, ib): smaller distance, then smaller index. */
function before(da: number, ia: number, db: number, ib: number): boolean {
  return da < db || (da === db && ia < ib);
}
