/**
 * Tabulation of microdata with every margin: counts (and, with a value column, totals and the
 * largest single contributions) for every combination of the classification columns' categories,
 * their subtotals and the grand total.
 *
 * Each `by` column is encoded once into leaf codes; each leaf knows its path to the dimension's
 * root. One pass over the rows adds every row into its leaf cell; then every non-empty leaf cell
 * is added into each cell of the cross product of its paths (`Π_j depth_j` cells: `2^d` for flat
 * dimensions). The largest contributions of a margin are the largest of its leaf cells' largest,
 * and cell keys are added modulo 1, exactly for record keys on the 2⁻³² grid, so a cell's key does
 * not depend on the order of the sums, nor on which table the cell is part of.
 *
 * Reference: Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, §4.1 (tables with
 * hierarchies and margins); the τ-ARGUS manual (hierarchical codes, `Total`).
 */
import {
  DatanonymeError,
  isDatanonymeError,
  shownValue,
  type ErrorLocation,
} from '../../src/errors.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { checkCoverage } from '../../src/hierarchy/validate.js';
import type { Dataset } from '../../src/types.js';
import type { TableDimension, Tabulation } from './types.js';

/** The label of every total (a dimension's root). */
export const TOTAL_LABEL = 'Total';

/** How to tabulate. */
export interface TabulateOptions {
  /** The classification columns, in output order (the last varies fastest). */
  by: string[];
  /**
   * A numeric column to total (a magnitude table). Values must be finite numbers.
   * @defaultValue none (a frequency table)
   */
  value?: string;
  /**
   * Hierarchies (ARX form: leaf → … → root) of some `by` columns: every level above the leaf is a
   * nested subtotal; the hierarchy's root is the dimension's `Total`. Every hierarchy leaf is a
   * category, present in the data or not.
   * @defaultValue none (each column is flat: `Total` and its categories)
   */
  hierarchies?: Record<string, Hierarchy>;
  /**
   * One record key per row, in [0, 1) (cell key method): `Tabulation.cellKey` is then filled.
   * @defaultValue none
   */
  recordKeys?: Float64Array;
  /**
   * How many of the largest contributions to keep per cell (dominance (n, k) needs n; p % needs 2).
   * @defaultValue 2
   */
  largestKept?: number;
  /**
   * Refuse negative values (the dominance and p % rules assume non-negative contributions).
   * @defaultValue false
   */
  nonNegative?: boolean;
  /**
   * Texts that mean "missing" in a `by` column: such cells form a category of their own, labelled
   * as written and sorted last (`null` and `undefined` are labelled `''`).
   * @defaultValue `[]`
   */
  missing?: readonly string[];
  /** The 1-based file line of a 0-based row, for error messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The file name for error messages. @defaultValue none */
  file?: string;
}

/** A dimension with what the kernel needs: the leaf node of each category label, each leaf's path. */
interface BuiltDimension {
  dimension: TableDimension;
  leafOf: Map<string, number>;
  /** `paths[node]`: the node and its ancestors up to the root (only filled for leaves). */
  paths: Int32Array[];
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Tabulates `data` by the `by` columns with all margins.
 *
 * A dimension without hierarchy is the root `Total` and its categories, sorted (numerically when
 * every category is a number; missing values last). A dimension with a hierarchy is its tree in
 * depth-first order, children in the order they first appear in the hierarchy; a level whose label
 * repeats its only child's is not a separate subtotal. Missing values are a category of their own,
 * labelled as the input writes them.
 *
 * @param data - the microdata.
 * @param options - see {@link TabulateOptions}.
 * @returns the tabulation: `count` (rows per cell), `value` (totals and largest contributions) with
 *   a value column, `cellKey` (Σ record keys mod 1) with record keys.
 * @throws DatanonymeError `NOT_FOUND` for an absent column; `BAD_PARAMETER` for no `by` column, a
 *   repeated one, `value` among `by`, bad `largestKept` or record keys of the wrong length;
 *   `BAD_INPUT` (with line, column and value) for a category labelled `Total`, values not in their
 *   hierarchy (the first 10 listed with their lines, and how many more), a non-numeric value or, with `nonNegative`, a negative one; `BAD_CONFIG` for a
 *   hierarchy label at two levels (see {@link tableDimension}).
 * @example
 * tabulate(dataset, { by: ['sex', 'region'] }).count[0] // => number of rows (grand total)
 */
export function tabulate(data: Dataset, options: TabulateOptions): Tabulation {
  const { table } = data;
  const names = new Set(table.columnNames());
  const by = options.by;
  if (by.length === 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'tabulate: give at least one column to tabulate by',
      {
        field: 'by',
      },
    );
  }
  const seen = new Set<string>();
  for (const name of [...by, ...(options.value === undefined ? [] : [options.value])]) {
    if (!names.has(name)) {
      throw new DatanonymeError('NOT_FOUND', `column "${name}" not found`, {
        column: name,
        ...(options.file === undefined ? {} : { file: options.file }),
      });
    }
    if (seen.has(name)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `column "${name}" is given twice (by and value columns must differ)`,
        { column: name },
      );
    }
    seen.add(name);
  }
  const kept = options.largestKept ?? 2;
  if (!Number.isInteger(kept) || kept < 1 || kept > 100) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `largestKept must be an integer from 1 to 100, got ${shownValue(kept)}`,
      { field: 'largestKept', value: String(kept) },
    );
  }
  const n = table.numRows();
  const keys = options.recordKeys;
  if (keys !== undefined && keys.length !== n) {
    throw new DatanonymeError('BAD_PARAMETER', `record keys: ${keys.length} given for ${n} rows`, {
      field: 'recordKeys',
    });
  }
  const lineOf = options.lineOf ?? ((row: number): number => row + 2);
  const where = (row: number, column: string, value: unknown): ErrorLocation => ({
    ...(options.file === undefined ? {} : { file: options.file }),
    line: lineOf(row),
    column,
    value: textOf(value),
  });
  const at = (row: number): string =>
    `${options.file === undefined ? '' : `${options.file}: `}line ${lineOf(row)}: `;
  const missing = new Set(options.missing ?? []);

  // 1. Encode each by-column once: leaf node per row.
  const built: BuiltDimension[] = [];
  const leafRows: Int32Array[] = [];
  for (const name of by) {
    const column = table.array(name) as ArrayLike<unknown>;
    const labelCodes = new Int32Array(n);
    const labelIndex = new Map<unknown, number>();
    const labels: string[] = [];
    for (let i = 0; i < n; i++) {
      const v = column[i];
      let c = labelIndex.get(v);
      if (c === undefined) {
        c = labels.length;
        labelIndex.set(v, c);
        const label = textOf(v);
        if (label === TOTAL_LABEL) {
          throw new DatanonymeError(
            'BAD_INPUT',
            `${at(i)}column "${name}" has the category "${TOTAL_LABEL}", which the table uses for its totals; recode it`,
            where(i, name, v),
          );
        }
        labels.push(label);
      }
      labelCodes[i] = c;
    }
    const hierarchy = options.hierarchies?.[name];
    const dim =
      hierarchy === undefined
        ? flatDimension(name, labels, missing)
        : hierarchyDimension(name, hierarchy);
    const leaf = new Int32Array(labels.length);
    labels.forEach((label, c) => {
      const node = dim.leafOf.get(label.normalize('NFC'));
      if (node === undefined) {
        // Every value the hierarchy lacks, as `anonymise` lists them (the first 10 and a count).
        if (hierarchy !== undefined) uncovered(hierarchy, column, name, options.file, lineOf);
        const row = labelCodes.indexOf(c);
        throw new DatanonymeError(
          'BAD_INPUT',
          `${at(row)}column "${name}": the value ${JSON.stringify(label)} is not in its hierarchy`,
          where(row, name, label),
        );
      }
      leaf[c] = node;
    });
    const rows = new Int32Array(n);
    for (let i = 0; i < n; i++) rows[i] = leaf[labelCodes[i] as number] as number;
    built.push(dim);
    leafRows.push(rows);
  }

  // 2. The value column.
  let values: Float64Array | undefined;
  if (options.value !== undefined) {
    const name = options.value;
    const column = table.array(name) as ArrayLike<unknown>;
    values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const v = column[i];
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new DatanonymeError(
          'BAD_INPUT',
          `${at(i)}column "${name}": the value to total must be a number, got ${v === null || v === undefined ? 'a missing value' : JSON.stringify(textOf(v))}`,
          where(i, name, v),
        );
      }
      if (v < 0 && options.nonNegative === true) {
        throw new DatanonymeError(
          'BAD_INPUT',
          `${at(i)}column "${name}": negative value ${v}; the dominance and p % rules assume non-negative contributions`,
          where(i, name, v),
        );
      }
      values[i] = v;
    }
  }

  // 3. Cells, row-major.
  const dimensions = built.map((b) => b.dimension);
  const stride: number[] = new Array<number>(dimensions.length).fill(1);
  for (let j = dimensions.length - 2; j >= 0; j--) {
    stride[j] = (stride[j + 1] as number) * (dimensions[j + 1] as TableDimension).labels.length;
  }
  const size = (stride[0] as number) * (dimensions[0] as TableDimension).labels.length;
  const count = new Float64Array(size);
  const total = values === undefined ? undefined : new Float64Array(size);
  // largest contributions, cell-major: top[c * kept + r] (descending).
  const top = values === undefined ? undefined : new Float64Array(size * kept).fill(-Infinity);
  const cellKey = keys === undefined ? undefined : new Float64Array(size);

  // 4. One pass over the rows into their leaf cells; then each non-empty leaf cell into every
  // cell of the product of its dimensions' paths to the root (its margins).
  const d = dimensions.length;
  const insert = (cell: number, v: number): void => {
    // Insert v into the cell's descending list of largest contributions.
    const t = top as Float64Array;
    const base = cell * kept;
    if (v > (t[base + kept - 1] as number)) {
      let r = kept - 1;
      while (r > 0 && v > (t[base + r - 1] as number)) {
        t[base + r] = t[base + r - 1] as number;
        r--;
      }
      t[base + r] = v;
    }
  };
  const leaves: number[] = [];
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < d; j++) {
      c += ((leafRows[j] as Int32Array)[i] as number) * (stride[j] as number);
    }
    if (count[c] === 0) leaves.push(c);
    count[c] = (count[c] as number) + 1;
    if (total !== undefined && values !== undefined) {
      const v = values[i] as number;
      total[c] = (total[c] as number) + v;
      insert(c, v);
    }
    if (cellKey !== undefined && keys !== undefined) {
      // (a + b) mod 1 at each step: exact, whatever the order, for keys on the 2⁻³² grid
      // (record-keys.ts), so a cell's key does not depend on the table it is part of.
      const sum = (cellKey[c] as number) + (keys[i] as number);
      cellKey[c] = sum >= 1 ? sum - 1 : sum;
    }
  }
  const paths: Int32Array[] = new Array<Int32Array>(d);
  const position = new Int32Array(d);
  for (const leaf of leaves) {
    for (let j = 0; j < d; j++) {
      const m = (dimensions[j] as TableDimension).labels.length;
      const node = Math.floor(leaf / (stride[j] as number)) % m;
      paths[j] = (built[j] as BuiltDimension).paths[node] as Int32Array;
    }
    const units = count[leaf] as number;
    const sum = total === undefined ? 0 : (total[leaf] as number);
    const key = cellKey === undefined ? 0 : (cellKey[leaf] as number);
    position.fill(0);
    // Enumerate the product of the paths (odometer), skipping the leaf cell itself (all zeros).
    for (;;) {
      let j = d - 1;
      while (j >= 0) {
        const p = (position[j] as number) + 1;
        if (p < (paths[j] as Int32Array).length) {
          position[j] = p;
          break;
        }
        position[j] = 0;
        j--;
      }
      if (j < 0) break;
      let c = 0;
      for (let q = 0; q < d; q++) {
        c += ((paths[q] as Int32Array)[position[q] as number] as number) * (stride[q] as number);
      }
      count[c] = (count[c] as number) + units;
      if (total !== undefined && top !== undefined) {
        total[c] = (total[c] as number) + sum;
        for (let r = 0; r < kept; r++) {
          const v = top[leaf * kept + r] as number;
          if (v === -Infinity) break;
          insert(c, v);
        }
      }
      if (cellKey !== undefined) {
        const k = (cellKey[c] as number) + key;
        cellKey[c] = k >= 1 ? k - 1 : k;
      }
    }
  }

  const result: {
    -readonly [K in keyof Tabulation]: Tabulation[K];
  } = { dimensions, size, stride, count };
  if (total !== undefined && top !== undefined && options.value !== undefined) {
    const largest: Float64Array[] = [];
    for (let r = 0; r < kept; r++) {
      const a = new Float64Array(size);
      for (let c = 0; c < size; c++) {
        const x = top[c * kept + r] as number;
        a[c] = x === -Infinity ? 0 : x;
      }
      largest.push(a);
    }
    result.value = { name: options.value, total, largest };
  }
  if (cellKey !== undefined) result.cellKey = cellKey;
  return result;
}

/**
 * One dimension of a table, as {@link tabulate} builds it: `Total` and the categories sorted
 * (numerically when all are numbers, missing values last), or the tree of a hierarchy.
 *
 * @param name - the column.
 * @param categories - the category labels (ignored with a hierarchy: its leaves are the categories).
 * @param options - a hierarchy, and the texts that mean "missing".
 * @throws DatanonymeError `BAD_CONFIG` (naming the hierarchy file, the column, the label and the
 *   lines) when a hierarchy label appears at two levels, as a value and a group or as two groups,
 *   so that two cells would have the same label.
 * @example
 * tableDimension('sex', ['M', 'F']).labels // => ['Total', 'F', 'M']
 */
export function tableDimension(
  name: string,
  categories: readonly string[],
  options: { hierarchy?: Hierarchy; missing?: readonly string[] } = {},
): TableDimension {
  return options.hierarchy === undefined
    ? flatDimension(name, [...new Set(categories)], new Set(options.missing ?? [])).dimension
    : hierarchyDimension(name, options.hierarchy).dimension;
}

/**
 * Throws `BAD_INPUT` listing the values of `column` its hierarchy lacks ({@link checkCoverage}'s
 * message: the first 10, each with the line it is first seen on, and how many more).
 */
function uncovered(
  hierarchy: Hierarchy,
  column: ArrayLike<unknown>,
  name: string,
  file: string | undefined,
  lineOf: (row: number) => number,
): void {
  try {
    checkCoverage(hierarchy, column, {
      attribute: name,
      lineOf,
      ...(file === undefined ? {} : { file }),
    });
  } catch (e) {
    if (!isDatanonymeError(e)) throw e;
    // A data value, not the hierarchy file, is what the user has to look at: BAD_INPUT.
    throw new DatanonymeError('BAD_INPUT', e.message, {
      ...(e.file === undefined ? {} : { file: e.file }),
      ...(e.line === undefined ? {} : { line: e.line }),
      ...(e.column === undefined ? {} : { column: e.column }),
      ...(e.value === undefined ? {} : { value: e.value }),
    });
  }
}

/** A cell as text: null and undefined are `''`. */
function textOf(value: unknown): string {
  // eslint-disable-next-line @typescript-eslint/no-base-to-string
  return value === null || value === undefined ? '' : String(value);
}

/** `Total` and the categories, sorted: numerically when all are numbers, missing values last. */
function flatDimension(
  name: string,
  labels: readonly string[],
  missing: ReadonlySet<string>,
): BuiltDimension {
  const isMissing = (l: string): boolean => l === '' || missing.has(l);
  const present = labels.filter((l) => !isMissing(l));
  const numeric = present.every((l) => NUMBER.test(l.trim()));
  present.sort((a, b) => {
    if (numeric) {
      const x = Number(a) - Number(b);
      if (x !== 0) return x;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  });
  const absent = labels.filter(isMissing).sort();
  const ordered = [TOTAL_LABEL, ...present, ...absent];
  const parent = new Int32Array(ordered.length).fill(0);
  parent[0] = -1;
  const children: number[][] = ordered.map(() => []);
  children[0] = ordered.map((_, i) => i).slice(1);
  const leafOf = new Map<string, number>();
  const paths: Int32Array[] = ordered.map(() => new Int32Array(0));
  paths[0] = Int32Array.of(0);
  for (let i = 1; i < ordered.length; i++) {
    leafOf.set(ordered[i] as string, i);
    paths[i] = Int32Array.of(i, 0);
  }
  return { dimension: { name, labels: ordered, parent, children }, leafOf, paths };
}

/**
 * The tree of a hierarchy in depth-first order; its root (or a new one over several tops) is
 * `Total`. Every node's label must be unique after collapsing unchanged levels: a label at two
 * levels (a value that is also a group, or a group label repeated higher up) would give the table
 * two cells the output could not tell apart.
 */
function hierarchyDimension(name: string, hierarchy: Hierarchy): BuiltDimension {
  interface Node {
    label: string;
    children: Node[];
    byLabel: Map<string, Node>;
    leaf: boolean;
    /** The hierarchy level (0: the values); `hierarchy.height` for the table's total. */
    level: number;
    /** The first hierarchy row the node is reached from; -1 for the total. */
    row: number;
  }
  const make = (label: string, level: number, row: number): Node => ({
    label,
    children: [],
    byLabel: new Map(),
    leaf: false,
    level,
    row,
  });
  const root = make(TOTAL_LABEL, hierarchy.height, -1);
  const top = hierarchy.height - 1;
  const tops = new Set(hierarchy.rows.map((r) => r[top] as string));
  // One top label: it is the total. Several: a new total above them.
  const from = tops.size === 1 && top > 0 ? top - 1 : top;
  hierarchy.rows.forEach((row, i) => {
    let node = root;
    for (let l = from; l >= 0; l--) {
      const label = row[l] as string;
      let child = node.byLabel.get(label);
      if (child === undefined) {
        child = make(label, l, i);
        node.byLabel.set(label, child);
        node.children.push(child);
      }
      node = child;
    }
    node.leaf = true;
  });
  // Collapse a subtotal whose only child has the same label (an unchanged level).
  const collapse = (node: Node): Node => {
    let x = node;
    while (x.children.length === 1 && (x.children[0] as Node).label === x.label) {
      x = x.children[0] as Node;
    }
    x.children = x.children.map(collapse);
    return x;
  };
  root.children = root.children.map(collapse);

  const labels: string[] = [];
  const parents: number[] = [];
  const children: number[][] = [];
  const leafOf = new Map<string, number>();
  const pathOf: number[][] = [];
  const seen = new Map<string, Node>();
  const visit = (node: Node, parent: number, path: number[]): void => {
    const other = seen.get(node.label);
    if (other !== undefined) throw ambiguousLabel(name, hierarchy, other, node);
    seen.set(node.label, node);
    const id = labels.length;
    labels.push(node.label);
    parents.push(parent);
    children.push([]);
    if (parent >= 0) (children[parent] as number[]).push(id);
    const here = [id, ...path];
    pathOf.push(here);
    if (node.children.length === 0 && node !== root) leafOf.set(node.label, id);
    for (const child of node.children) visit(child, id, here);
  };
  visit(root, -1, []);
  // leafOf must map each original value (row[0]) to its leaf: labels of leaves are the values.
  const paths = pathOf.map((p) => Int32Array.from(p));
  return {
    dimension: { name, labels, parent: Int32Array.from(parents), children },
    leafOf,
    paths,
  };
}

/**
 * The error for a hierarchy label that would name two cells of a table: where it appears, by level
 * and hierarchy file line.
 */
function ambiguousLabel(
  name: string,
  hierarchy: Hierarchy,
  first: { level: number; row: number },
  second: { level: number; row: number },
): DatanonymeError {
  const file = hierarchy.source.file;
  const lineOf = (row: number): number => hierarchy.lines?.[row] ?? row + 1;
  const unit = hierarchy.lines === undefined ? 'row' : 'line';
  const where = (at: { level: number; row: number }): string =>
    at.row < 0
      ? "as the table's total"
      : at.level === 0
        ? `as a value (level 0, ${unit} ${lineOf(at.row)})`
        : `at level ${at.level} (${unit} ${lineOf(at.row)})`;
  const label = hierarchy.rows[second.row]?.[second.level] ?? '';
  return new DatanonymeError(
    'BAD_CONFIG',
    `${file === undefined ? '' : `${file}: `}hierarchy of "${name}": the label ${JSON.stringify(label)} appears ${where(first)} and ${where(second)}; the table would have two rows labelled ${JSON.stringify(label)} that cannot be told apart: rename one of them`,
    {
      ...(file === undefined ? {} : { file }),
      line: lineOf(second.row),
      column: name,
      value: label,
    },
  );
}
