/**
 * The quasi-identifiers as Mondrian's dimensions: each column encoded once into an Int32Array of
 * ranks, one per row, so that a partition's region in a column is a rank interval [lo, hi].
 *
 * - integer, decimal and date columns are *ordered*: ranks follow the numeric order of the values
 *   (dates by their time); a missing value (null, undefined or an empty cell) has rank 0, before
 *   every number. The region of a partition is the range of its values, written `[min-max]` with
 *   the values as they were written in the input; one distinct value is written as itself.
 * - categorical columns are *hierarchical*: ranks are depth-first leaf ranks of the column's
 *   hierarchy (a flat one, `value → *`, when it has none); the region is the lowest common
 *   ancestor of the partition's values, written as that node's label.
 *
 * Width of a region (the normalised certainty penalty of Xu et al. 2006, also the measure by which
 * Mondrian chooses the dimension to cut):
 * - ordered: (max − min) / (global max − global min) over the non-missing values; 0 for one value
 *   (or a constant column); 1 when the region mixes missing and non-missing values.
 * - hierarchical: 0 for one leaf, else (leaves under the LCA) / (leaves of the hierarchy).
 *
 * Reference: J. Xu, W. Wang, J. Pei, X. Wang, B. Shi, A. W.-C. Fu, "Utility-based anonymization
 * using local recoding", KDD 2006 (NCP).
 */
import { DatanonymeError } from '../../../src/errors.js';
import type { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import { cellText, checkCoverage, type CoverageContext } from '../../../src/hierarchy/validate.js';
import { isIsoDate } from '../../../src/table/infer-type.js';
import type { ColumnSpec } from '../../../src/types.js';
import { flatTree, hierarchyTree, lowestCommonAncestor, type LeafTree } from './tree.js';

/** The label of a partition that mixes missing and non-missing values in an ordered column. */
export const MIXED_LABEL = '*';

/** What every dimension offers the partitioning kernel. */
interface DimensionBase {
  readonly name: string;
  /** The rank of each row. */
  readonly ranks: Int32Array;
  /** Ranks run 0 … cardinality − 1. */
  readonly cardinality: number;
  /** The normalised certainty penalty of the region [lo, hi] (see the module comment). */
  width(lo: number, hi: number): number;
  /** The published label of the region [lo, hi]. */
  label(lo: number, hi: number): string;
}

/** An integer, decimal or date column. */
export interface OrderedDimension extends DimensionBase {
  readonly kind: 'ordered';
  /** True when rank 0 is the missing value. */
  readonly hasMissing: boolean;
  /** The number of each rank (NaN for the missing rank). */
  readonly values: Float64Array;
  /** The text of each rank, as first seen in the input ('' for missing). */
  readonly texts: readonly string[];
}

/** A categorical column, with its hierarchy or a flat one. */
export interface HierarchicalDimension extends DimensionBase {
  readonly kind: 'hierarchical';
  readonly tree: LeafTree;
}

/** One quasi-identifier as the partitioning kernel sees it. */
export type Dimension = OrderedDimension | HierarchicalDimension;

/** Where the data came from, for error messages. */
export interface SourceOptions {
  /** The 1-based file line of data row `row`. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file. */
  file?: string;
}

/**
 * Encodes one quasi-identifier column.
 *
 * @throws DatanonymeError `BAD_INPUT` for a value of a numeric or date column that is not a number
 *   or date (naming file, line, column and value); `BAD_CONFIG` for a categorical value missing from
 *   its hierarchy.
 * @example
 * encodeDimension({ name: 'age', type: 'integer', role: 'quasi-identifier' }, ['34', '25']).label(0, 1)
 * // => '[25-34]'
 */
export function encodeDimension(
  spec: ColumnSpec,
  values: ArrayLike<unknown>,
  source: SourceOptions = {},
): Dimension {
  return spec.type === 'categorical'
    ? encodeHierarchical(spec, values, source)
    : encodeOrdered(spec, values, source);
}

function isMissing(value: unknown, tokens: readonly string[] | undefined): boolean {
  return (
    (tokens !== undefined && typeof value === 'string' && tokens.includes(value)) ||
    value === null ||
    value === undefined ||
    value === '' ||
    (typeof value === 'number' && Number.isNaN(value))
  );
}

/** The number a cell of a numeric or date column stands for, or NaN when it is not one. */
function numberOf(value: unknown, type: ColumnSpec['type']): number {
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return NaN;
  if (type === 'date') return isIsoDate(value) ? Date.parse(value) : NaN;
  const text = value.trim();
  if (text === '') return NaN;
  // A decimal comma (the CLI passes numbers through as the text it read).
  return Number(/^[+-]?\d+,\d+$/.test(text) ? text.replace(',', '.') : text);
}

function textOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return cellText(value);
}

function encodeOrdered(
  spec: ColumnSpec,
  values: ArrayLike<unknown>,
  source: SourceOptions,
): OrderedDimension {
  const n = values.length;
  const lineOf = source.lineOf ?? ((row: number): number => row + 2);
  // The number of every cell (NaN when missing); distinct numbers, not texts, are the values:
  // '1.50' and '1.5' are one value, written as the first text seen.
  const xs = new Float64Array(n);
  let hasMissing = false;
  let present = 0;
  for (let r = 0; r < n; r++) {
    const v = values[r];
    if (isMissing(v, spec.missing)) {
      xs[r] = NaN;
      hasMissing = true;
      continue;
    }
    const x = numberOf(v, spec.type);
    if (!Number.isFinite(x)) {
      const text = textOf(v);
      const where = source.file !== undefined ? `${source.file}: ` : '';
      const location: { line: number; column: string; value: string; file?: string } = {
        line: lineOf(r),
        column: spec.name,
        value: text,
      };
      if (source.file !== undefined) location.file = source.file;
      throw new DatanonymeError(
        'BAD_INPUT',
        `${where}line ${lineOf(r)}: column "${spec.name}" is ${spec.type === 'date' ? 'a date column (YYYY-MM-DD)' : `an ${spec.type} column`} but holds "${text}"`,
        location,
      );
    }
    xs[r] = x;
    present++;
  }
  // Sorted distinct numbers (a typed sort puts NaN last), after the missing rank if any.
  const all = xs.slice().sort();
  const offset = hasMissing ? 1 : 0;
  let distinct = 0;
  for (let i = 0; i < present; i++) {
    if (i === 0 || all[i] !== all[i - 1]) all[distinct++] = all[i] as number;
  }
  const cardinality = distinct + offset;
  const sorted = new Float64Array(cardinality);
  sorted.set(all.subarray(0, distinct), offset);
  if (hasMissing) sorted[0] = NaN;
  const texts: string[] = new Array<string>(cardinality);
  if (hasMissing) texts[0] = '';
  const ranks = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const x = xs[r] as number;
    if (Number.isNaN(x)) continue; // rank 0, the missing value
    let a = offset;
    let b = cardinality - 1;
    while (a < b) {
      const m = (a + b) >>> 1;
      if ((sorted[m] as number) < x) a = m + 1;
      else b = m;
    }
    ranks[r] = a;
    if (texts[a] === undefined) texts[a] = textOf(values[r]);
  }
  const min = distinct > 0 ? (sorted[offset] as number) : 0;
  const max = distinct > 0 ? (sorted[cardinality - 1] as number) : 0;
  const range = max - min;
  return {
    kind: 'ordered',
    name: spec.name,
    ranks,
    cardinality,
    hasMissing,
    values: sorted,
    texts,
    width(lo, hi): number {
      if (lo === hi) return 0;
      if (hasMissing && lo === 0) return 1;
      return range > 0 ? ((sorted[hi] as number) - (sorted[lo] as number)) / range : 0;
    },
    label(lo, hi): string {
      if (lo === hi) return texts[lo] as string;
      if (hasMissing && lo === 0) return MIXED_LABEL;
      return `[${texts[lo] as string}-${texts[hi] as string}]`;
    },
  };
}

function encodeHierarchical(
  spec: ColumnSpec,
  values: ArrayLike<unknown>,
  source: SourceOptions,
): HierarchicalDimension {
  const n = values.length;
  const lineOf = source.lineOf ?? ((row: number): number => row + 2);
  // Dictionary of the column's texts (NFC), with the first row of each for messages.
  const codeOf = new Map<unknown, number>();
  const texts: string[] = [];
  const firstRow: number[] = [];
  const codes = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const v = values[r];
    let c = codeOf.get(v);
    if (c === undefined) {
      c = texts.length;
      codeOf.set(v, c);
      texts.push(cellText(v).normalize('NFC'));
      firstRow.push(r);
    }
    codes[r] = c;
  }
  const tree = treeOf(
    spec.hierarchy,
    texts,
    spec.name,
    (entry) => lineOf(firstRow[entry] as number),
    source.file,
  );
  const rankOfCode = Int32Array.from(texts, (text) => tree.rankOf(text) as number);
  const ranks = new Int32Array(n);
  for (let r = 0; r < n; r++) ranks[r] = rankOfCode[codes[r] as number] as number;
  const leaves = tree.leaves;
  return {
    kind: 'hierarchical',
    name: spec.name,
    ranks,
    cardinality: leaves,
    tree,
    width(lo, hi): number {
      if (lo === hi) return 0;
      const node = lowestCommonAncestor(tree, lo, hi);
      return ((tree.last[node] as number) - (tree.first[node] as number) + 1) / leaves;
    },
    label(lo, hi): string {
      if (lo === hi) return tree.leafValues[lo] as string;
      return tree.labels[lowestCommonAncestor(tree, lo, hi)] as string;
    },
  };
}

/** The column's tree: its hierarchy's (after checking coverage), or a flat one over its values. */
function treeOf(
  hierarchy: Hierarchy | undefined,
  texts: readonly string[],
  name: string,
  lineOfEntry: (entry: number) => number,
  file: string | undefined,
): LeafTree {
  if (hierarchy === undefined) return flatTree([...new Set(texts)]);
  const context: CoverageContext = { attribute: name, lineOf: lineOfEntry };
  if (file !== undefined) context.file = file;
  checkCoverage(hierarchy, texts, context);
  return hierarchyTree(hierarchy);
}
