/**
 * The additivity equations of a table: every cell whose node is not a leaf in some dimension is
 * the sum of the cells that replace that node by each of its children.
 */
import type { AdditivityEquation, TableStructure } from './types.js';

/**
 * Lists the additivity equations of a table (τ-ARGUS's linear relations; Hundepool et al.,
 * *Statistical Disclosure Control*, Wiley 2012, §4.2): for every cell `c = (i_0, …, i_{d-1})`
 * and every dimension `j` whose node `i_j` has children `k_1 … k_m`,
 * `cell(c) = Σ_r cell(c with i_j replaced by k_r)`. A table with hierarchies gets one equation per
 * level of nesting, so subtotals are equations of their own.
 *
 * @param s - the table's dimensions, size and strides.
 * @returns the equations, ordered by total cell and then by dimension.
 * @throws never: a well-formed structure always has equations (possibly none, for a table whose
 * dimensions are all single nodes).
 * @example
 * additivityEquations(structure) // a 2 × 3 table with margins: 3 + 2 = 5 equations… (see tests)
 */
export function additivityEquations(s: TableStructure): AdditivityEquation[] {
  const d = s.dimensions.length;
  const equations: AdditivityEquation[] = [];
  const node = new Int32Array(d);
  for (let c = 0; c < s.size; c++) {
    let rest = c;
    for (let j = 0; j < d; j++) {
      const stride = s.stride[j] ?? 1;
      node[j] = Math.floor(rest / stride);
      rest -= (node[j] ?? 0) * stride;
    }
    for (let j = 0; j < d; j++) {
      const dimension = s.dimensions[j];
      const here = node[j] ?? 0;
      const children = dimension?.children[here] ?? [];
      if (children.length === 0) continue;
      const stride = s.stride[j] ?? 1;
      const parts = new Int32Array(children.length);
      for (let r = 0; r < children.length; r++) parts[r] = c + ((children[r] ?? 0) - here) * stride;
      equations.push({ total: c, parts });
    }
  }
  return equations;
}

/**
 * The inner cells of a table (every node a leaf) and, for every cell, the inner cells it sums:
 * cell `c` is `Σ inner[r]` over `r` in `members[c]`, with `members` in CSR form.
 *
 * @example
 * innerMembers(structure).inner // the leaf cells, in cell order
 */
export function innerMembers(s: TableStructure): {
  inner: Int32Array;
  rowOf: Int32Array;
  start: Int32Array;
  members: Int32Array;
} {
  const d = s.dimensions.length;
  // Leaves under every node of every dimension.
  const leavesUnder: Int32Array[][] = s.dimensions.map((dim) => {
    const out: Int32Array[] = [];
    const collect = (n: number, acc: number[]): void => {
      const ch = dim.children[n] ?? [];
      if (ch.length === 0) acc.push(n);
      else for (const k of ch) collect(k, acc);
    };
    for (let n = 0; n < dim.labels.length; n++) {
      const acc: number[] = [];
      collect(n, acc);
      out.push(Int32Array.from(acc));
    }
    return out;
  });
  const rowOf = new Int32Array(s.size).fill(-1);
  const innerList: number[] = [];
  const node = new Int32Array(d);
  const decode = (c: number): void => {
    let rest = c;
    for (let j = 0; j < d; j++) {
      const stride = s.stride[j] ?? 1;
      node[j] = Math.floor(rest / stride);
      rest -= (node[j] ?? 0) * stride;
    }
  };
  for (let c = 0; c < s.size; c++) {
    decode(c);
    let leaf = true;
    for (let j = 0; j < d; j++) {
      if ((s.dimensions[j]?.children[node[j] ?? 0]?.length ?? 0) > 0) leaf = false;
    }
    if (leaf) {
      rowOf[c] = innerList.length;
      innerList.push(c);
    }
  }
  const start = new Int32Array(s.size + 1);
  const chunks: Int32Array[] = [];
  let total = 0;
  for (let c = 0; c < s.size; c++) {
    decode(c);
    // Cartesian product of the leaves under each node.
    let cells = [0];
    for (let j = 0; j < d; j++) {
      const leaves = leavesUnder[j]?.[node[j] ?? 0] ?? new Int32Array(0);
      const stride = s.stride[j] ?? 1;
      const next: number[] = [];
      for (const base of cells) for (const l of leaves) next.push(base + l * stride);
      cells = next;
    }
    const rows = Int32Array.from(cells, (cell) => rowOf[cell] ?? -1).sort();
    chunks.push(rows);
    total += rows.length;
    start[c + 1] = total;
  }
  const members = new Int32Array(total);
  for (let c = 0; c < s.size; c++) members.set(chunks[c] ?? new Int32Array(0), start[c] ?? 0);
  return { inner: Int32Array.from(innerList), rowOf, start, members };
}
