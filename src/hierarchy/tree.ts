/**
 * Builder: a hierarchy from a tree of categories written out by hand (regions, ICD chapters, …).
 */
import { attributeSource, configError } from './_internals/source.js';
import { Hierarchy, type HierarchySource } from './hierarchy.js';
import { checkCoverage, MISSING_LABEL } from './validate.js';

/**
 * A tree of categories: a single root label whose children are groups (objects) or, at the
 * bottom, lists of original values (leaves).
 */
export type CategoryTree = { [label: string]: CategoryTree | string[] };

/** Options of {@link treeHierarchy}. */
export interface TreeOptions {
  /** The attribute, for error messages. */
  attribute?: string;
  /**
   * The column's distinct values (`''` for missing): each must be a leaf of the tree. A missing
   * value that the tree does not list gets the row `['', …, '', root]`.
   */
  values?: readonly string[];
}

interface Leaf {
  value: string;
  /** The labels from the root down to the leaf's parent. */
  path: string[];
}

/**
 * Builds a hierarchy from a balanced tree of categories: each leaf becomes a row
 * `[leaf, parent, …, root]`, so `{ "*": { "Europe": ["France"] } }` gives `France;Europe;*`. Labels
 * are NFC-normalised; rows follow the tree's order.
 *
 * Reference: user-defined value generalisation hierarchies (Samarati, "Protecting respondents'
 * identities in microdata release", 2001; Sweeney 2002), in ARX's row form (Prasser and
 * Kohlmayer 2015).
 *
 * @param tree - an object with exactly one key, the root label.
 * @param options - the attribute, and the column's values to check against the tree.
 * @throws DatanonymeError `BAD_CONFIG` when the tree has no single root, a group is empty, a group
 *   label is empty, a node is neither a group nor a list of text leaves, the leaves are not all at
 *   the same depth (naming the first leaf at another depth and both depths), a leaf is listed twice
 *   (naming it), a label has two parents, or a value of `values` is not a leaf (listing them all,
 *   as {@link checkCoverage} does).
 * @example
 * treeHierarchy({ '*': { Europe: ['France', 'Germany'], Asia: ['Japan'] } }).rows[2] // => ['Japan', 'Asia', '*']
 */
export function treeHierarchy(tree: CategoryTree, options: TreeOptions = {}): Hierarchy {
  const source = attributeSource(options.attribute);
  const roots = isGroup(tree) ? Object.keys(tree) : [];
  if (roots.length !== 1) {
    throw configError(
      source,
      `a category tree must be an object with exactly one key, the root label (such as "*"), got ${roots.length === 0 ? 'none' : roots.map((r) => `"${r}"`).join(', ')}`,
    );
  }
  const leaves: Leaf[] = [];
  collect(tree, [], leaves, source);

  const first = leaves[0];
  if (first === undefined) throw configError(source, 'the category tree has no leaves');
  const depth = first.path.length;
  const seen = new Map<string, Leaf>();
  for (const leaf of leaves) {
    if (leaf.path.length !== depth) {
      throw configError(
        source,
        `the category tree is not balanced: leaf "${leaf.value}" is at depth ${leaf.path.length} but "${first.value}" is at depth ${depth}; every leaf must be at the same depth (repeat a label to lengthen a short branch)`,
        { value: leaf.value },
      );
    }
    const twin = seen.get(leaf.value);
    if (twin !== undefined) {
      throw configError(
        source,
        `leaf "${leaf.value}" is listed twice in the category tree (under ${showPath(twin.path)} and ${showPath(leaf.path)})`,
        { value: leaf.value },
      );
    }
    seen.set(leaf.value, leaf);
  }

  const rows = leaves.map((leaf) => [leaf.value, ...[...leaf.path].reverse()]);
  const values = options.values;
  if (values?.includes(MISSING_LABEL) === true && !seen.has(MISSING_LABEL)) {
    rows.push([...Array<string>(depth).fill(MISSING_LABEL), roots[0] as string]);
  }
  const hierarchy = new Hierarchy(rows, source);
  if (values !== undefined) {
    checkCoverage(hierarchy, values, {
      attribute: options.attribute ?? '(unnamed)',
      lineOf: () => undefined,
    });
  }
  return hierarchy;
}

function isGroup(node: unknown): node is Record<string, unknown> {
  return typeof node === 'object' && node !== null && !Array.isArray(node);
}

/** Depth-first, in key order: appends the leaves under `node` to `out`. */
function collect(node: unknown, path: string[], out: Leaf[], source: HierarchySource): void {
  if (Array.isArray(node)) {
    if (node.length === 0) throw configError(source, `group ${showPath(path)} has no values`);
    for (const leaf of node as unknown[]) {
      if (typeof leaf !== 'string') {
        throw configError(
          source,
          `the values under ${showPath(path)} must be text, got ${show(leaf)}`,
          { value: show(leaf) },
        );
      }
      out.push({ value: leaf.normalize('NFC'), path });
    }
    return;
  }
  if (!isGroup(node)) {
    throw configError(
      source,
      `${showPath(path)} must be a group (an object) or a list of values, got ${show(node)}`,
    );
  }
  const entries = Object.entries(node);
  if (entries.length === 0) throw configError(source, `group ${showPath(path)} has no values`);
  for (const [label, child] of entries) {
    if (label === '') {
      throw configError(
        source,
        `a group under ${showPath(path)} has an empty label (the empty string stands for a missing value)`,
      );
    }
    collect(child, [...path, label.normalize('NFC')], out, source);
  }
}

function showPath(path: readonly string[]): string {
  return path.length === 0 ? 'the root' : `"${path.join(' > ')}"`;
}

/** A JSON rendering of a bad node for a message (`undefined` for what JSON cannot show). */
function show(x: unknown): string {
  // JSON.stringify returns undefined for undefined and functions, whatever its declared type says.
  return x === undefined || typeof x === 'function' || typeof x === 'symbol'
    ? String(x)
    : JSON.stringify(x);
}
