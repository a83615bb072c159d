/**
 * Drawing codes from discrete distributions with a {@link RandomSource}: a 53-bit uniform double
 * from two 32-bit words, and the inverse of a cumulative table by binary search. Cells of zero
 * probability are never drawn.
 */
import type { RandomSource } from '../../../src/random/source.js';

const TWO_26 = 67108864;
const TWO_53 = 9007199254740992;

/**
 * A uniform double in [0, 1) with 53 random bits (two 32-bit words).
 *
 * @example
 * uniformDouble(seededRandom(1)) // => a number in [0, 1)
 */
export function uniformDouble(rng: RandomSource): number {
  const hi = rng.uint32() >>> 5; // 27 bits
  const lo = rng.uint32() >>> 6; // 26 bits
  return (hi * TWO_26 + lo) / TWO_53;
}

/**
 * The running sums of `p`: out[i] = p[0] + … + p[i].
 *
 * @example
 * cumulative(Float64Array.of(0.2, 0, 0.8)) // => Float64Array [0.2, 0.2, 1]
 */
export function cumulative(p: ArrayLike<number>, from = 0, length = p.length - from): Float64Array {
  const out = new Float64Array(length);
  let s = 0;
  for (let i = 0; i < length; i++) {
    s += p[from + i] as number;
    out[i] = s;
  }
  return out;
}

/**
 * A systematic sample of size m from a cumulative distribution (running sums, not necessarily
 * normalised), written to out[0…m) in ascending order: one uniform offset u, points
 * (j + u)/m·total for j = 0…m − 1, read through the cumulative distribution. Each value v is drawn
 * ⌊m·p_v⌋ or ⌈m·p_v⌉ times, m·p_v on average (W. Madow, L. Madow, "On the theory of systematic
 * sampling, I", Ann. Math. Stat. 15(1), 1944). A distribution of total 0 gives code 0.
 *
 * @example
 * systematic(Float64Array.of(0.25, 1), 4, seededRandom(1), out) // out: [0, 1, 1, 1]
 */
export function systematic(cum: Float64Array, m: number, rng: RandomSource, out: Int32Array): void {
  const last = cum.length - 1;
  const total = cum[last] as number;
  if (!(total > 0)) {
    out.fill(0, 0, m);
    return;
  }
  const u = uniformDouble(rng);
  let i = 0;
  for (let j = 0; j < m; j++) {
    const x = ((j + u) / m) * total;
    while (i < last && (cum[i] as number) <= x) i++;
    out[j] = i;
  }
}

/**
 * Gives `rows` the m = rows.length values `codes` (a multiset over 0…size − 1, e.g. a systematic
 * sample), balanced over the given columns by herding: the rows are visited in order, and each
 * cell (c = v, value x) of each balancing column c keeps a deficit, the value's share q_x = (its
 * count in `codes`)/m times the rows visited so far in that cell, minus the rows given x there.
 * Each row gets, among the values still left in `codes`, the one whose deficits in the row's
 * cells add up highest (ties: the smaller value). The multiset is used exactly, so the counts of
 * the values are those of `codes`; and every pair (column c, value) is kept near its proportional
 * share q_x·(rows with c = v), for all the columns at once, where a sort by the columns' joint
 * cells balances well only the first columns of the sort.
 *
 * Cost: O(m · size · columns.length).
 *
 * References: M. Welling, "Herding dynamical weights to learn", ICML 2009; Y. Chen, M. Welling, A.
 * Smola, "Super-samples from kernel herding", UAI 2010 (deterministic greedy moment matching).
 *
 * @example
 * // two rows with column value 0, two with 1; codes two 0s and two 1s: each cell gets one of each
 * assignHerding(Int32Array.of(0, 1, 2, 3), Int32Array.of(0, 0, 1, 1), 2, [Int32Array.of(0, 0, 1, 1)], [2], out)
 * // out: [0, 1, 0, 1]
 */
export function assignHerding(
  rows: Int32Array,
  codes: Int32Array,
  size: number,
  columns: readonly Int32Array[],
  sizes: readonly number[],
  target: Int32Array,
): void {
  const m = rows.length;
  if (m === 0) return;
  const left = new Int32Array(size);
  for (let j = 0; j < m; j++) {
    const x = codes[j] as number;
    left[x] = (left[x] as number) + 1;
  }
  const share = Float64Array.from(left, (x) => x / m);
  const k = columns.length;
  const deficit = columns.map((_, t) => new Float64Array((sizes[t] as number) * size));
  const at = new Int32Array(k);
  for (let j = 0; j < m; j++) {
    const r = rows[j] as number;
    for (let t = 0; t < k; t++) {
      const base = ((columns[t] as Int32Array)[r] as number) * size;
      at[t] = base;
      const d = deficit[t] as Float64Array;
      for (let x = 0; x < size; x++) d[base + x] = (d[base + x] as number) + (share[x] as number);
    }
    let best = -1;
    let bestScore = -Infinity;
    for (let x = 0; x < size; x++) {
      if ((left[x] as number) === 0) continue;
      let score = 0;
      for (let t = 0; t < k; t++)
        score += (deficit[t] as Float64Array)[(at[t] as number) + x] as number;
      if (score > bestScore) {
        bestScore = score;
        best = x;
      }
    }
    left[best] = (left[best] as number) - 1;
    for (let t = 0; t < k; t++) {
      const d = deficit[t] as Float64Array;
      const i = (at[t] as number) + best;
      d[i] = (d[i] as number) - 1;
    }
    target[r] = best;
  }
}
