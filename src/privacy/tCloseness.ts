/**
 * t-closeness as a predicate on the sensitive histogram of an equivalence class.
 *
 * Definition (N. Li, T. Li, S. Venkatasubramanian, "t-Closeness: privacy beyond k-anonymity and
 * l-diversity", ICDE 2007): a class is valid iff the Earth Mover's Distance between the
 * distribution P of the sensitive value in the class and its distribution Q in the whole table is
 * at most t. Both are over non-missing values only (case B10, see model.ts). Three ground
 * distances, each giving an EMD in [0, 1]:
 * - equal: every two distinct values are at distance 1; EMD = ½ Σ_i |p_i − q_i| (variational
 *   distance), summed over the whole domain;
 * - ordered: values ranked v_1 < … < v_m, |i − j|/(m − 1) apart; EMD = (1/(m−1)) Σ_{i=1}^{m}
 *   |Σ_{j≤i} (p_j − q_j)|;
 * - hierarchical: two values are h/H apart, h the height of their lowest common ancestor in the
 *   column's hierarchy and H the hierarchy's height; EMD = Σ_N cost(N) over the internal nodes, with
 *   cost(N) = height(N)/H · min(pos_extra(N), −neg_extra(N)), where extra(N) = Σ_{leaves under N}
 *   (p_i − q_i) and pos_extra / neg_extra sum the positive / negative extras of N's children.
 *
 * The hierarchical sum is computed in an equivalent form that visits only the nodes the class
 * reaches. With e⁺(N) = max(extra(N), 0), min(pos_extra(N), −neg_extra(N)) = pos_extra(N) −
 * e⁺(N) (pos + neg = extra), and pos_extra(N) = Σ_{children C} e⁺(C). In a hierarchy whose leaves
 * are all at depth H, height(parent(C)) = height(C) + 1, so regrouping the sum by node gives
 * EMD = (1/H) Σ_{N ≠ root} e⁺(N) (the root's extra is 0). A node with no class record has
 * extra = −Q(N) ≤ 0 and adds nothing, so only the ancestors of the class's values are visited.
 *
 * Monotonicity (see model.ts): t-closeness is monotone: the distribution of the union of two
 * classes is a mixture λP₁ + (1−λ)P₂, and the EMD to a fixed Q is convex in P (a minimum-cost flow
 * whose constraints are linear in P), so EMD(union) ≤ max(EMD(P₁), EMD(P₂)) ≤ t (Li et al. 2007).
 * It is NOT monotone with suppression. Counter-example (equal distance, overall a × 10, b × 10):
 * the class {a, b} has EMD 0 ≤ 0.1; add the class {a × 8} and the union {a × 9, b × 1} has EMD
 * ½ (|0.9 − 0.5| + |0.1 − 0.5|) = 0.4 > 0.1. The test file demonstrates it.
 */
import { DatanonymeError } from '../errors.js';
import type { SensitiveColumn, SensitiveHistogram, SensitivePredicate } from './model.js';
import { sortPrefix } from './sort.js';

/** The ground distances of the EMD. */
export type TClosenessDistance = 'equal' | 'ordered' | 'hierarchical';

/** A t-closeness predicate, with its parameters for reports. */
export interface TClosenessPredicate extends SensitivePredicate {
  readonly model: 't-closeness';
  readonly t: number;
  readonly distance: TClosenessDistance;
}

/** Absolute tolerance of the test EMD ≤ t (EMDs lie in [0, 1]). */
const TOLERANCE = 1e-12;

/**
 * t-closeness on a sensitive column: a class is valid iff the EMD between its distribution of
 * non-missing values and the column's overall one (`column.overall`) is at most `t` (with a 1e-12
 * tolerance). Measure: the EMD. A class with no non-missing value has no distribution: it fails,
 * and its measure is 1 (the largest EMD).
 *
 * The default distance is `hierarchical` when the column has a hierarchy, else `ordered` when the
 * column is ordered (`column.ordered`: numbers and dates), else `equal`. The ordered distance ranks
 * the column's values by `column.rank`, with m = `column.values.length`.
 *
 * Reference: Li, Li, Venkatasubramanian, ICDE 2007 (the EMD and its three ground distances).
 *
 * @param column - the encoded sensitive column (its overall distribution is the reference).
 * @param t - the largest allowed EMD, a number in [0, 1].
 * @param distance - the ground distance. @defaultValue see above
 * @throws DatanonymeError `BAD_PARAMETER` naming `t` when it is not a number in [0, 1];
 *   `BAD_CONFIG` naming the column when `hierarchical` is asked for a column without a hierarchy,
 *   or naming the value when a value of the column is not in its hierarchy.
 * @example
 * tCloseness(salary, 0.2, 'ordered').measure(histogram) // => 0.375 for {3k, 4k, 5k} of 3k…11k
 */
export function tCloseness(
  column: SensitiveColumn,
  t: number,
  distance?: TClosenessDistance,
): TClosenessPredicate {
  assertT(t);
  const chosen: TClosenessDistance =
    distance ??
    (column.hierarchy !== undefined
      ? 'hierarchical'
      : column.ordered === true
        ? 'ordered'
        : 'equal');
  const emd =
    chosen === 'equal'
      ? equalDistanceEmd(column)
      : chosen === 'ordered'
        ? orderedDistanceEmd(column)
        : hierarchicalDistanceEmd(column);
  const measure = (h: SensitiveHistogram): number => (h.total > 0 ? emd(h) : 1);
  return {
    name: `${t}-closeness on "${column.name}"`,
    model: 't-closeness',
    column: column.name,
    t,
    distance: chosen,
    // The EMD to a fixed Q is convex in P: a union is no farther than the farther of its parts.
    monotone: true,
    // A valid class plus a skewed one can drift away from Q (module comment).
    monotoneWithSuppression: false,
    isValid: (h: SensitiveHistogram): boolean => h.total > 0 && emd(h) <= t + TOLERANCE,
    measure,
  };
}

/**
 * Checks t: a finite number in [0, 1].
 *
 * @param field - the name the error gives the parameter. @defaultValue `'t'`
 * @throws DatanonymeError `BAD_PARAMETER` naming `field` and the value.
 * @example
 * assertT(1.5); // throws: t must be a number in [0, 1], got 1.5
 */
export function assertT(t: unknown, field = 't'): asserts t is number {
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0 || t > 1) {
    const shown = typeof t === 'string' ? `"${t}"` : String(t);
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} must be a number in [0, 1], got ${shown}`,
      {
        field,
        value: String(t),
      },
    );
  }
}

/** The column's overall distribution q over codes, and its total. */
function overallShares(column: SensitiveColumn): Float64Array {
  let total = 0;
  for (const c of column.overall) total += c;
  const q = new Float64Array(column.overall.length);
  if (total > 0) for (let i = 0; i < q.length; i++) q[i] = (column.overall[i] as number) / total;
  return q;
}

/** The total of a histogram's counts (entries 0 … length − 1). */
function totalOf(h: SensitiveHistogram): number {
  let total = 0;
  for (let i = 0; i < h.length; i++) total += h.counts[i] as number;
  return total;
}

/**
 * Equal-distance EMD, ½ Σ_i |p_i − q_i| over the whole domain, in O(values present): the values
 * absent from the class add Σ_absent q_i = 1 − Σ_present q_i.
 *
 * @example
 * equalDistanceEmd(column)(histogram) // => 0.4 for p = (0.9, 0.1), q = (0.5, 0.5)
 */
export function equalDistanceEmd(column: SensitiveColumn): (h: SensitiveHistogram) => number {
  const q = overallShares(column);
  return (h: SensitiveHistogram): number => {
    const total = totalOf(h);
    let present = 0;
    let diff = 0;
    for (let i = 0; i < h.length; i++) {
      const qi = q[h.codes[i] as number] as number;
      present += qi;
      diff += Math.abs((h.counts[i] as number) / total - qi);
    }
    return Math.min(1, Math.max(0, (Math.max(0, 1 - present) + diff) / 2));
  };
}

/**
 * Ordered-distance EMD, (1/(m−1)) Σ_{i=1}^{m} |P_i − Q_i| with P_i, Q_i the cumulative shares of
 * the class and the table up to rank i, in O(k log m) for a class of k distinct values: P is a step
 * function that changes only at the class's ranks; on each step [a, b) where P is constant, the
 * nondecreasing Q crosses P once (found by binary search), and Σ_{i∈[a,b)} |P − Q_i| follows from
 * prefix sums of Q.
 *
 * @example
 * orderedDistanceEmd(salary)(histogram) // => 0.375 for {3k, 4k, 5k} among 3k … 11k
 */
export function orderedDistanceEmd(column: SensitiveColumn): (h: SensitiveHistogram) => number {
  const m = column.values.length;
  const q = overallShares(column);
  // cumQ[r] = Σ of q over ranks ≤ r; sumCumQ[r] = Σ_{i<r} cumQ[i].
  const byRank = new Float64Array(m);
  for (let code = 0; code < m; code++) byRank[column.rank[code] as number] = q[code] as number;
  const cumQ = new Float64Array(m);
  const sumCumQ = new Float64Array(m + 1);
  let acc = 0;
  for (let r = 0; r < m; r++) {
    acc += byRank[r] as number;
    cumQ[r] = acc;
    sumCumQ[r + 1] = (sumCumQ[r] as number) + acc;
  }
  const pByRank = new Float64Array(m);
  let ranks = new Int32Array(16);
  /** Σ_{i∈[a,b)} |P − cumQ[i]|, cumQ nondecreasing. */
  const segment = (P: number, a: number, b: number): number => {
    if (a >= b) return 0;
    let lo = a;
    let hi = b; // first index in [a, b) with cumQ > P
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cumQ[mid] as number) > P) hi = mid;
      else lo = mid + 1;
    }
    const below = P * (lo - a) - ((sumCumQ[lo] as number) - (sumCumQ[a] as number));
    const above = (sumCumQ[b] as number) - (sumCumQ[lo] as number) - P * (b - lo);
    return below + above;
  };
  return (h: SensitiveHistogram): number => {
    if (m <= 1) return 0;
    const total = totalOf(h);
    if (ranks.length < h.length) ranks = new Int32Array(Math.max(h.length, 2 * ranks.length));
    let k = 0;
    for (let i = 0; i < h.length; i++) {
      const count = h.counts[i] as number;
      if (count <= 0) continue;
      const r = column.rank[h.codes[i] as number] as number;
      if (pByRank[r] === 0) ranks[k++] = r;
      pByRank[r] = (pByRank[r] as number) + count / total;
    }
    sortPrefix(ranks, k);
    const sorted = ranks;
    let sum = 0;
    let P = 0;
    let from = 0;
    for (let j = 0; j < k; j++) {
      const r = sorted[j] as number;
      sum += segment(P, from, r);
      P += pByRank[r] as number;
      pByRank[r] = 0;
      from = r;
    }
    sum += segment(Math.min(P, 1), from, m);
    return Math.min(1, Math.max(0, sum / (m - 1)));
  };
}

/**
 * Hierarchical-distance EMD of Li et al. 2007, computed as (1/H) Σ_{N ≠ root} max(P(N) − Q(N), 0)
 * over the leaves and internal nodes N the class reaches (equivalence in the module comment).
 * Nodes are the labels of each level of `column.hierarchy`; when the top level holds more than one
 * label, a virtual root is added above it (H = the hierarchy's height), else the top level is the
 * root (H = height − 1). A hierarchy of one value gives H = 0 and EMD 0.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming the column when it has no hierarchy, or naming the
 *   first value that is not in the hierarchy.
 * @example
 * hierarchicalDistanceEmd(disease)(histogram) // => 0.444… for {gastric ulcer, gastritis, stomach cancer}
 */
export function hierarchicalDistanceEmd(
  column: SensitiveColumn,
): (h: SensitiveHistogram) => number {
  const hierarchy = column.hierarchy;
  if (hierarchy === undefined) {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `sensitive column "${column.name}": the hierarchical t-closeness distance needs a hierarchy`,
      { column: column.name },
    );
  }
  const m = column.values.length;
  const q = overallShares(column);
  const height = hierarchy.height;
  const tops = new Set(hierarchy.rows.map((row) => row[height - 1] as string));
  // Levels 1 … inner are internal non-root nodes; H is the height of the root.
  const H = tops.size > 1 ? height : height - 1;
  const inner = H - 1;
  const ids = Array.from({ length: Math.max(0, inner) }, () => new Map<string, number>());
  const ancestors = new Int32Array(m * Math.max(0, inner));
  let nodes = 0;
  for (let code = 0; code < m; code++) {
    const value = column.values[code] as string;
    const row = hierarchy.indexOf(value);
    if (row < 0) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `sensitive column "${column.name}": value "${value}" is not in its hierarchy`,
        { column: column.name, value },
      );
    }
    const labels = hierarchy.rows[row] as readonly string[];
    for (let l = 1; l <= inner; l++) {
      const map = ids[l - 1] as Map<string, number>;
      const label = labels[l] as string;
      let id = map.get(label);
      if (id === undefined) {
        id = nodes++;
        map.set(label, id);
      }
      ancestors[code * inner + (l - 1)] = id;
    }
  }
  const nodeQ = new Float64Array(nodes);
  for (let code = 0; code < m; code++) {
    for (let l = 0; l < inner; l++) {
      const id = ancestors[code * inner + l] as number;
      nodeQ[id] = (nodeQ[id] as number) + (q[code] as number);
    }
  }
  const nodeP = new Float64Array(nodes);
  let touched = new Int32Array(16);
  return (h: SensitiveHistogram): number => {
    if (H <= 0) return 0;
    const total = totalOf(h);
    let sum = 0;
    let k = 0;
    for (let i = 0; i < h.length; i++) {
      const count = h.counts[i] as number;
      if (count <= 0) continue;
      const code = h.codes[i] as number;
      const p = count / total;
      // Leaves: each code appears once in a histogram.
      sum += Math.max(0, p - (q[code] as number));
      for (let l = 0; l < inner; l++) {
        const id = ancestors[code * inner + l] as number;
        if (nodeP[id] === 0) {
          if (touched.length <= k) {
            const grown = new Int32Array(2 * touched.length);
            grown.set(touched);
            touched = grown;
          }
          touched[k++] = id;
        }
        nodeP[id] = (nodeP[id] as number) + p;
      }
    }
    for (let j = 0; j < k; j++) {
      const id = touched[j] as number;
      sum += Math.max(0, (nodeP[id] as number) - (nodeQ[id] as number));
      nodeP[id] = 0;
    }
    return Math.min(1, Math.max(0, sum / H));
  };
}
