/**
 * A classification tree (CART) on integer-coded features, grown by Gini impurity. Ordered features
 * are split by thresholds on their codes; categorical features by the optimal subset for a binary
 * target (categories sorted by the share of class 1, then split like an ordered feature — Breiman
 * et al.'s theorem), and for more classes by the same scan with categories sorted by the share of
 * the node's most frequent class (a heuristic). Splits are searched on per-node histograms, so a
 * node costs O(rows × features) plus the histograms. A node is split when it has at least
 * 2 × `minLeaf` rows, its depth is below `maxDepth`, and the split lowers the total impurity by at
 * least `complexity` × the root's total impurity (rpart's cp). Leaves predict their class shares.
 *
 * Reference: L. Breiman, J. Friedman, R. Olshen, C. Stone, "Classification and regression trees",
 * Wadsworth 1984 (§4.2.2 for categorical splits; §9.4 for the Gini criterion); T. Therneau and
 * E. Atkinson, "An introduction to recursive partitioning using the RPART routines" (cp).
 */
import type { CodedFeatures } from './features.js';

/** Options of {@link fitTree}. */
export interface TreeOptions {
  /** @defaultValue 12 */
  maxDepth?: number;
  /** Fewest rows in a leaf. @defaultValue 5 */
  minLeaf?: number;
  /** Least relative impurity decrease of a split (rpart's cp). @defaultValue 0.001 */
  complexity?: number;
}

/** The rows a tree is grown on: indices into the coded features, with their class labels. */
interface Node {
  leaf: boolean;
  feature: number;
  /** For the codes of `feature`: 1 to go left. */
  left: Uint8Array | undefined;
  children: [Node, Node] | undefined;
  shares: Float64Array;
}

/** A fitted tree: class shares of the leaf each row falls in. */
export interface Tree {
  readonly classes: number;
  /** The class shares predicted for row `k` of `features` (the same coding as the training). */
  predict(features: CodedFeatures, k: number): Float64Array;
  readonly leaves: number;
}

function gini(counts: Float64Array, total: number): number {
  if (total <= 0) return 0;
  let s = 0;
  for (const c of counts) s += c * c;
  return total - s / total; // total impurity = n · (1 − Σ p²)
}

/**
 * Grows a classification tree on the given rows (see the module comment).
 *
 * @param features - integer codes per feature.
 * @param labels - the class (0…classes − 1) of every coded row.
 * @param rows - the rows to train on.
 * @throws never.
 * @example
 * fitTree(coded, labels, 2, Int32Array.of(0, 1, 2, 3)).predict(coded, 0) // => Float64Array [p0, p1]
 */
export function fitTree(
  features: CodedFeatures,
  labels: ArrayLike<number>,
  classes: number,
  rows: Int32Array,
  options: TreeOptions = {},
): Tree {
  const maxDepth = options.maxDepth ?? 12;
  const minLeaf = Math.max(1, options.minLeaf ?? 5);
  const cp = options.complexity ?? 0.001;
  const d = features.codes.length;
  let leaves = 0;
  const rootCounts = new Float64Array(classes);
  for (const r of rows)
    rootCounts[labels[r] as number] = (rootCounts[labels[r] as number] as number) + 1;
  const minDecrease = Math.max(cp * gini(rootCounts, rows.length), 1e-12);

  const grow = (idx: Int32Array, depth: number): Node => {
    const n = idx.length;
    const counts = new Float64Array(classes);
    for (const r of idx) counts[labels[r] as number] = (counts[labels[r] as number] as number) + 1;
    const shares = counts.map((c) => c / Math.max(n, 1));
    const impurity = gini(counts, n);
    const leaf = (): Node => {
      leaves++;
      return { leaf: true, feature: -1, left: undefined, children: undefined, shares };
    };
    if (depth >= maxDepth || n < 2 * minLeaf || impurity <= minDecrease) return leaf();
    let majority = 0;
    for (let c = 1; c < classes; c++)
      if ((counts[c] as number) > (counts[majority] as number)) majority = c;
    let bestGain = minDecrease;
    let bestFeature = -1;
    let bestLeft: Uint8Array | undefined;
    for (let j = 0; j < d; j++) {
      const codes = features.codes[j] as Int32Array;
      const m = features.cardinality[j] as number;
      const hist = new Float64Array(m * classes);
      const size = new Float64Array(m);
      for (const r of idx) {
        const c = codes[r] as number;
        hist[c * classes + (labels[r] as number)] =
          (hist[c * classes + (labels[r] as number)] as number) + 1;
        size[c] = (size[c] as number) + 1;
      }
      let order = Array.from({ length: m }, (_, c) => c).filter((c) => (size[c] as number) > 0);
      if (order.length < 2) continue;
      if (!(features.ordered[j] as boolean)) {
        const key = classes === 2 ? 1 : majority;
        order = order.sort(
          (a, b) =>
            (hist[a * classes + key] as number) / (size[a] as number) -
              (hist[b * classes + key] as number) / (size[b] as number) || a - b,
        );
      }
      const leftCounts = new Float64Array(classes);
      const rightCounts = counts.slice();
      let leftN = 0;
      for (let t = 0; t < order.length - 1; t++) {
        const c = order[t] as number;
        for (let k = 0; k < classes; k++) {
          const h = hist[c * classes + k] as number;
          leftCounts[k] = (leftCounts[k] as number) + h;
          rightCounts[k] = (rightCounts[k] as number) - h;
        }
        leftN += size[c] as number;
        if (leftN < minLeaf || n - leftN < minLeaf) continue;
        const gain = impurity - gini(leftCounts, leftN) - gini(rightCounts, n - leftN);
        if (gain > bestGain + 1e-12) {
          bestGain = gain;
          bestFeature = j;
          bestLeft = new Uint8Array(m);
          for (let u = 0; u <= t; u++) bestLeft[order[u] as number] = 1;
        }
      }
    }
    if (bestFeature < 0 || bestLeft === undefined) return leaf();
    const codes = features.codes[bestFeature] as Int32Array;
    const goLeft = bestLeft;
    let nl = 0;
    for (const r of idx) if (goLeft[codes[r] as number] === 1) nl++;
    const li = new Int32Array(nl);
    const ri = new Int32Array(n - nl);
    let a = 0;
    let b = 0;
    for (const r of idx) {
      if (goLeft[codes[r] as number] === 1) li[a++] = r;
      else ri[b++] = r;
    }
    return {
      leaf: false,
      feature: bestFeature,
      left: goLeft,
      children: [grow(li, depth + 1), grow(ri, depth + 1)],
      shares,
    };
  };

  const root = grow(rows, 0);
  return {
    classes,
    leaves,
    predict(f: CodedFeatures, k: number): Float64Array {
      let node = root;
      while (!node.leaf && node.children !== undefined && node.left !== undefined) {
        const code = (f.codes[node.feature] as Int32Array)[k] as number;
        node = node.left[code] === 1 ? node.children[0] : node.children[1];
      }
      return node.shares;
    },
  };
}
