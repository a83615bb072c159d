/** Test helper: table structures built by hand (flat dimensions or explicit trees). */
import type { TableDimension, TableStructure } from '../../../methods/tables/types.js';

/** A flat dimension: `Total` and `k` categories. */
export function flat(name: string, k: number): TableDimension {
  const parent = new Int32Array(k + 1).fill(0);
  parent[0] = -1;
  const children: number[][] = [Array.from({ length: k }, (_, i) => i + 1)];
  for (let i = 0; i < k; i++) children.push([]);
  return {
    name,
    labels: ['Total', ...Array.from({ length: k }, (_, i) => `c${i + 1}`)],
    parent,
    children,
  };
}

/** A dimension from its parent array (node 0 the root). */
export function tree(name: string, parent: readonly number[]): TableDimension {
  const children: number[][] = parent.map(() => []);
  parent.forEach((p, i) => {
    if (p >= 0) children[p]?.push(i);
  });
  return {
    name,
    labels: parent.map((_, i) => (i === 0 ? 'Total' : `n${i}`)),
    parent: Int32Array.from(parent),
    children,
  };
}

/** The row-major structure of some dimensions. */
export function structure(...dimensions: TableDimension[]): TableStructure {
  const stride: number[] = new Array<number>(dimensions.length).fill(1);
  for (let j = dimensions.length - 2; j >= 0; j--) {
    stride[j] = (stride[j + 1] ?? 1) * (dimensions[j + 1]?.labels.length ?? 1);
  }
  const size = dimensions.reduce((p, d) => p * d.labels.length, 1);
  return { dimensions, size, stride };
}

/** Fills every cell of a structure from its inner cells' values (totals by additivity). */
export function fillTotals(s: TableStructure, inner: (cell: number) => number): Float64Array {
  const values = new Float64Array(s.size);
  const d = s.dimensions.length;
  const isLeaf = (c: number): boolean => {
    let rest = c;
    for (let j = 0; j < d; j++) {
      const st = s.stride[j] ?? 1;
      const n = Math.floor(rest / st);
      rest -= n * st;
      if ((s.dimensions[j]?.children[n]?.length ?? 0) > 0) return false;
    }
    return true;
  };
  for (let c = 0; c < s.size; c++) {
    if (!isLeaf(c)) continue;
    const v = inner(c);
    // Add v to every ancestor combination.
    let cells = [0];
    let rest = c;
    for (let j = 0; j < d; j++) {
      const st = s.stride[j] ?? 1;
      let n = Math.floor(rest / st);
      rest -= n * st;
      const chain: number[] = [];
      while (n >= 0) {
        chain.push(n);
        n = s.dimensions[j]?.parent[n] ?? -1;
      }
      const next: number[] = [];
      for (const b of cells) for (const m of chain) next.push(b + m * st);
      cells = next;
    }
    for (const x of cells) values[x] = (values[x] ?? 0) + v;
  }
  return values;
}
