/**
 * A generalisation hierarchy as a tree whose leaves are numbered depth-first, so that every node
 * covers a contiguous interval of leaf ranks. A categorical column then becomes an ordered column
 * of leaf ranks: a set of values lies under a node iff its ranks lie in the node's interval, the
 * lowest common ancestor (LCA) of a set is the LCA of its smallest and largest rank, and the
 * children of a node cut its interval into consecutive sub-intervals.
 *
 * Nodes are (level, label) pairs of the hierarchy's materialised rows (a label at level l > 0 has
 * one parent; this is what `Hierarchy` checks). When the top level holds more than one label the
 * tree gets a virtual root labelled `*`. A column without a hierarchy is a flat tree: each value a
 * leaf, under one root `*`.
 */
import type { Hierarchy } from '../../../src/hierarchy/hierarchy.js';

/** The label of the virtual root of a flat tree, or of a hierarchy with several top labels. */
export const ROOT_LABEL = '*';

/** A rooted tree with leaves numbered depth-first; node 0 is the root. */
export interface LeafTree {
  /** Number of leaves; leaf ranks run 0 … leaves − 1. */
  readonly leaves: number;
  /** The leaf value of each leaf rank. */
  readonly leafValues: readonly string[];
  /** The node of each leaf rank. */
  readonly leafNode: Int32Array;
  /** The label of each node. */
  readonly labels: readonly string[];
  /** The parent of each node; −1 for the root. */
  readonly parent: Int32Array;
  /** The first and last leaf rank under each node. */
  readonly first: Int32Array;
  readonly last: Int32Array;
  /** The children of node v are `children[childStart[v]] … children[childStart[v + 1] − 1]`, in rank order. */
  readonly childStart: Int32Array;
  readonly children: Int32Array;
  /** The leaf rank of a value, or undefined when it is not a leaf. */
  rankOf(value: string): number | undefined;
}

/** A node under construction. */
interface Draft {
  label: string;
  kids: Draft[];
  leaf: string | null;
}

/**
 * The tree of a hierarchy, leaves numbered depth-first (children in order of first appearance in
 * the hierarchy's rows).
 *
 * @throws never (the hierarchy is already validated as a tree).
 * @example
 * hierarchyTree(new Hierarchy([['a', 'x', '*'], ['b', 'y', '*'], ['c', 'x', '*']])).leafValues
 * // => ['a', 'c', 'b']
 */
export function hierarchyTree(hierarchy: Hierarchy): LeafTree {
  const top = hierarchy.height - 1;
  const roots = new Map<string, Draft>();
  // nodes[l] maps a label at level l (1 ≤ l ≤ top) to its draft node.
  const nodes: Map<string, Draft>[] = Array.from(
    { length: hierarchy.height },
    () => new Map<string, Draft>(),
  );
  for (const row of hierarchy.rows) {
    const value = row[0] as string;
    let child: Draft = { label: value, kids: [], leaf: value };
    let attached = false;
    for (let l = 1; l <= top && !attached; l++) {
      const label = row[l] as string;
      const known = (nodes[l] as Map<string, Draft>).get(label);
      if (known !== undefined) {
        known.kids.push(child);
        attached = true;
      } else {
        const node: Draft = { label, kids: [child], leaf: null };
        (nodes[l] as Map<string, Draft>).set(label, node);
        child = node;
      }
    }
    if (!attached) roots.set(child.label, child);
  }
  const root: Draft =
    roots.size === 1
      ? ([...roots.values()][0] as Draft)
      : { label: ROOT_LABEL, kids: [...roots.values()], leaf: null };
  return build(root);
}

/**
 * The flat tree of a column without a hierarchy: each distinct value a leaf under the root `*`.
 *
 * @example
 * flatTree(['F', 'M']).labels // => ['*', 'F', 'M']
 */
export function flatTree(values: readonly string[]): LeafTree {
  return build({
    label: ROOT_LABEL,
    kids: values.map((value) => ({ label: value, kids: [], leaf: value })),
    leaf: null,
  });
}

function build(root: Draft): LeafTree {
  const labels: string[] = [];
  const parents: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
  const kidsOf: number[][] = [];
  const leafValues: string[] = [];
  const leafNodes: number[] = [];
  // Iterative depth-first numbering: pre-order node ids, leaves ranked in visit order.
  const stack: { draft: Draft; parent: number; next: number; id: number }[] = [];
  const open = (draft: Draft, parent: number): void => {
    const id = labels.length;
    labels.push(draft.label);
    parents.push(parent);
    firsts.push(leafValues.length);
    lasts.push(-1);
    kidsOf.push([]);
    if (parent >= 0) (kidsOf[parent] as number[]).push(id);
    if (draft.leaf !== null) {
      leafValues.push(draft.leaf);
      leafNodes.push(id);
    }
    stack.push({ draft, parent, next: 0, id });
  };
  open(root, -1);
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as (typeof stack)[number];
    if (top.next < top.draft.kids.length) {
      open(top.draft.kids[top.next++] as Draft, top.id);
    } else {
      lasts[top.id] = leafValues.length - 1;
      stack.pop();
    }
  }
  const childStart = new Int32Array(labels.length + 1);
  const children: number[] = [];
  kidsOf.forEach((kids, v) => {
    childStart[v] = children.length;
    children.push(...kids);
  });
  childStart[labels.length] = children.length;
  const rank = new Map(leafValues.map((value, r) => [value, r]));
  return {
    leaves: leafValues.length,
    leafValues,
    leafNode: Int32Array.from(leafNodes),
    labels,
    parent: Int32Array.from(parents),
    first: Int32Array.from(firsts),
    last: Int32Array.from(lasts),
    childStart,
    children: Int32Array.from(children),
    rankOf: (value) => rank.get(value),
  };
}

/**
 * The lowest common ancestor of the leaves ranked `lo` … `hi` (lo ≤ hi): the deepest node whose
 * interval holds both. With `lo === hi` it is the leaf itself.
 *
 * @example
 * lowestCommonAncestor(tree, 0, 1) // => the node of 'x' in the example of hierarchyTree
 */
export function lowestCommonAncestor(tree: LeafTree, lo: number, hi: number): number {
  let node = tree.leafNode[lo] as number;
  while ((tree.last[node] as number) < hi) node = tree.parent[node] as number;
  return node;
}
