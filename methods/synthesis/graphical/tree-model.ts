/**
 * A tree-structured distribution over integer-coded columns (a Chow–Liu-shaped model): a marginal
 * at each root and, for every other column, its distribution given its parent's value. For a tree,
 * locally consistent 1- and 2-way tables define a joint distribution exactly (the junction-tree
 * property; Wainwright and Jordan 2008, §2.5.2), so fitting reduces to making each edge's 2-way
 * table non-negative and consistent with its two 1-way tables, and sampling is ancestral:
 * parents first, each child drawn from its row of the conditional table.
 *
 * References: C. Chow, C. Liu, "Approximating discrete probability distributions with dependence
 * trees", IEEE Trans. Inf. Theory 14(3), 1968; M. Wainwright, M. Jordan, "Graphical models,
 * exponential families, and variational inference", FnT ML 1(1–2), 2008.
 */
import { shuffle } from '../../../src/random/sample.js';
import type { RandomSource } from '../../../src/random/source.js';
import { normalised, projectToMargins, rakeToMargins } from './estimate.js';
import { cumulative, uniformDouble } from './sample.js';
import { type Edge, rootTree } from './spanning-tree.js';

/** A distribution scaled to the noisy total of a table (0 when that total is negative). */
function scaled(p: Float64Array, table: Float64Array): Float64Array {
  let t = 0;
  for (const v of table) t += v;
  return Float64Array.from(p, (x) => x * Math.max(t, 0));
}

/** A measured (noisy) 2-way table of an edge, row-major with `edge.a` as rows. */
export interface EdgeMeasurement {
  edge: Edge;
  counts: Float64Array;
}

/** A fitted tree model. */
export interface TreeModel {
  /** Domain size of each column. */
  readonly sizes: readonly number[];
  /** Columns in sampling order (parents first). */
  readonly order: Int32Array;
  /** Parent of each column, −1 for a root. */
  readonly parent: Int32Array;
  /** Per column: its marginal (one row) at a root, else one row per parent value; each row cumulative. */
  readonly rows: readonly (readonly Float64Array[])[];
}

/**
 * Fits the tree model: each column's distribution is `marginals[c]` (probabilities); each edge's
 * noisy table is fitted by least squares to the non-negative tables whose row and column sums are
 * the two columns' distributions scaled to the table's noisy total (`projectToMargins`, the fit
 * Private-PGM makes on a tree), then raked (iterative proportional fitting) to those
 * distributions for exact consistency, and the child's rows are read from it (a parent value of
 * probability 0 gets the child's marginal).
 *
 * @example
 * fitTreeModel([2, 2], [p0, p1], [{ edge: { a: 0, b: 1 }, counts }]).parent // => Int32Array [-1, 0]
 */
export function fitTreeModel(
  sizes: readonly number[],
  marginals: readonly Float64Array[],
  edges: readonly EdgeMeasurement[],
): TreeModel {
  const d = sizes.length;
  const { order, parent } = rootTree(
    d,
    edges.map((e) => e.edge),
  );
  const rows: Float64Array[][] = Array.from({ length: d }, () => []);
  const byChild = new Map<number, EdgeMeasurement>();
  for (const m of edges) {
    const child = parent[m.edge.b] === m.edge.a ? m.edge.b : m.edge.a;
    byChild.set(child, m);
  }
  for (let c = 0; c < d; c++) {
    const p = parent[c] as number;
    const pc = marginals[c] as Float64Array;
    if (p < 0) {
      rows[c] = [cumulative(pc)];
      continue;
    }
    const m = byChild.get(c) as EdgeMeasurement;
    const sp = sizes[p] as number;
    const sc = sizes[c] as number;
    // orient the table parent × child
    const oriented = m.edge.a === p ? m.counts : transpose(m.counts, sc, sp);
    // least squares under the 1-ways (Dykstra), then raked for exact consistency: the projection
    // converges to the margins, the raking removes what is left of the difference
    const fitted = projectToMargins(
      oriented,
      sp,
      sc,
      scaled(marginals[p] as Float64Array, oriented),
      scaled(pc, oriented),
    );
    const joint = rakeToMargins(normalised(fitted), sp, sc, marginals[p] as Float64Array, pc);
    const own: Float64Array[] = [];
    for (let a = 0; a < sp; a++) {
      let s = 0;
      for (let b = 0; b < sc; b++) s += joint[a * sc + b] as number;
      own.push(s > 0 ? cumulative(joint, a * sc, sc) : cumulative(pc));
    }
    rows[c] = own;
  }
  return { sizes, order, parent, rows };
}

/** The transpose of a rows×cols row-major table. */
function transpose(t: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) out[j * rows + i] = t[i * cols + j] as number;
  return out;
}

/**
 * Draws n rows from the model by ancestral sampling, stratified: the root's n values are a
 * systematic sample of its distribution (one uniform offset u, points (j + u)/n, j = 0…n − 1,
 * read through the cumulative distribution), shuffled; then, for each child and each value a of
 * its parent held by m rows, those rows get a systematic sample of size m of the child's row a,
 * spread over them so that every cell of the columns drawn before gets its share of each value
 * (`assignBalanced`: rows sorted by those columns, values placed along a randomly shifted van der
 * Corput sequence). Each cell count is then the model's expected count rounded up or down
 * (systematic sampling is unbiased: E[count] = m·p exactly), so the sample follows the model's
 * tree marginals without the Monte-Carlo error of independent draws, and its other pairs follow
 * the model's conditional independence closely (on Adult at ε = 1, seeds 1–10, the mean 2-way
 * TVD fell from 0.0405 to 0.0401 on 9 columns and from 0.0368 to 0.0362 on 8 against shuffling
 * each parent value's sample).
 *
 * Reference: W. Madow, L. Madow, "On the theory of systematic sampling, I", Ann. Math. Stat.
 * 15(1), 1944.
 *
 * @example
 * sampleTreeModel(model, 10, seededRandom(1))[0]?.length // => 10
 */
export function sampleTreeModel(model: TreeModel, n: number, rng: RandomSource): Int32Array[] {
  const d = model.sizes.length;
  const out = Array.from({ length: d }, () => new Int32Array(n));
  const codes = new Int32Array(n);
  for (let k = 0; k < d; k++) {
    const c = model.order[k] as number;
    const p = model.parent[c] as number;
    const table = model.rows[c] as readonly Float64Array[];
    const target = out[c] as Int32Array;
    if (p < 0) {
      systematic(table[0] as Float64Array, n, rng, codes);
      shuffle(rng, codes, n);
      target.set(codes.subarray(0, n));
      continue;
    }
    // rows grouped by their parent's value (counting sort, rows in order within a group)
    const parentCodes = out[p] as Int32Array;
    const groups = table.length;
    const start = new Int32Array(groups + 1);
    for (let r = 0; r < n; r++) {
      const g = (parentCodes[r] as number) + 1;
      start[g] = (start[g] as number) + 1;
    }
    for (let g = 0; g < groups; g++) start[g + 1] = (start[g + 1] as number) + (start[g] as number);
    const fill = start.slice(0, groups);
    const rowsByGroup = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      const g = parentCodes[r] as number;
      rowsByGroup[fill[g] as number] = r;
      fill[g] = (fill[g] as number) + 1;
    }
    // the columns drawn before this one, but its parent: the rows of a parent value are spread
    // over their values so that the child follows its row in each of their cells
    const key = balanceKey(
      Array.from(model.order.subarray(0, k)).filter((x) => x !== p),
      out,
      model.sizes,
      n,
    );
    for (let g = 0; g < groups; g++) {
      const from = start[g] as number;
      const m = (start[g + 1] as number) - from;
      if (m === 0) continue;
      systematic(table[g] as Float64Array, m, rng, codes);
      assignBalanced(rowsByGroup.subarray(from, from + m), codes, key, n, target, rng);
    }
  }
  return out;
}

/**
 * Each row's cell in the given columns as one number, row·n + mixed-radix code of the columns
 * (first column most significant), the columns taken while the product of their sizes times n
 * stays below 2^53 (so the number is an exact integer; later columns are left out of the order).
 * Sorting rows by it sorts them by those cells, ties in row order.
 */
function balanceKey(
  columns: readonly number[],
  out: readonly Int32Array[],
  sizes: readonly number[],
  n: number,
): Float64Array {
  const key = new Float64Array(n);
  let radix = 1;
  for (const c of columns) {
    const size = sizes[c] as number;
    if (radix * size * Math.max(n, 1) >= 2 ** 53) break;
    radix *= size;
    const col = out[c] as Int32Array;
    for (let r = 0; r < n; r++) key[r] = (key[r] as number) * size + (col[r] as number);
  }
  for (let r = 0; r < n; r++) key[r] = (key[r] as number) * n + r;
  return key;
}

/** j with its lowest `bits` binary digits reversed (j < 2^bits ≤ 2^30). */
function reverseBits(j: number, bits: number): number {
  let r = 0;
  let x = j;
  for (let b = 0; b < bits; b++) {
    r = (r << 1) | (x & 1);
    x >>>= 1;
  }
  return r;
}

/**
 * Gives `rows` (the rows of one parent value, in row order) the m = rows.length values `codes` (a
 * systematic sample, ascending), balanced over the columns drawn before: the rows are sorted by
 * their cells in those columns (`key`), and the row at position j gets the value whose rank is
 * that of the point frac(φ₂(j) + u) among the m points, φ₂ the van der Corput sequence (j's binary
 * digits mirrored after the point) and u uniform. Those points are spread evenly over [0, 1) in
 * every run of consecutive positions (discrepancy O(log m) points), so each cell of the earlier
 * columns receives the child's values in about the proportions of its row: the conditional
 * independence the tree states holds in the sample, not only in expectation.
 *
 * Reference: J. van der Corput, "Verteilungsfunktionen", Proc. Akad. Amsterdam 38, 1935; H.
 * Niederreiter, Random Number Generation and Quasi-Monte Carlo Methods, SIAM 1992, §3.1.
 */
function assignBalanced(
  rows: Int32Array,
  codes: Int32Array,
  key: Float64Array,
  n: number,
  target: Int32Array,
  rng: RandomSource,
): void {
  const m = rows.length;
  const sorted = new Float64Array(m);
  for (let j = 0; j < m; j++) sorted[j] = key[rows[j] as number] as number;
  sorted.sort();
  // positions in the order of their points: φ₂(j) = reverseBits(j, bits) / 2^bits, so running v
  // over 0 … 2^bits − 1 and keeping reverseBits(v) < m lists them by point; then turned by u (the
  // points at or above 1 − u come first)
  let bits = 0;
  while (2 ** bits < m) bits++;
  const size = 2 ** bits;
  const byPoint = new Int32Array(m);
  let count = 0;
  for (let v = 0; v < size; v++) {
    const j = reverseBits(v, bits);
    if (j < m) byPoint[count++] = j;
  }
  const u = uniformDouble(rng);
  const cut = Math.ceil((1 - u) * size);
  // the first listed position whose point is at or above the cut
  let first = 0;
  while (first < m && reverseBits(byPoint[first] as number, bits) < cut) first++;
  for (let rank = 0; rank < m; rank++) {
    const j = byPoint[(first + rank) % m] as number;
    target[(sorted[j] as number) % n] = codes[rank] as number;
  }
}

/** A systematic sample of size m from a cumulative distribution, written to out[0…m). */
function systematic(cum: Float64Array, m: number, rng: RandomSource, out: Int32Array): void {
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
