/**
 * Additivity equations and inner members, checked against tables written out by hand
 * (τ-ARGUS's linear relations: every non-leaf node is the sum of its children; Hundepool et al.,
 * *Statistical Disclosure Control*, Wiley 2012, §4.2).
 */
import { describe, expect, it } from 'vitest';
import { additivityEquations, innerMembers } from '../../../methods/tables/equations.js';
import { flat, structure, tree } from './_structure.js';

const asLists = (s: ReturnType<typeof structure>) =>
  additivityEquations(s).map((e) => [e.total, [...e.parts]]);

describe('additivityEquations', () => {
  it('a 2 × 3 table with margins: 3 × 4 = 12 cells, 4 column equations and 3 row equations', () => {
    // Cell index = 4 × row node + column node; node 0 is Total.
    //          T   c1  c2  c3
    //   T      0   1   2   3
    //   r1     4   5   6   7
    //   r2     8   9  10  11
    // Row equations (dimension 1, the columns): 0 = 1+2+3, 4 = 5+6+7, 8 = 9+10+11.
    // Column equations (dimension 0, the rows): 0 = 4+8, 1 = 5+9, 2 = 6+10, 3 = 7+11.
    // Ordered by total cell, then by dimension.
    expect(asLists(structure(flat('r', 2), flat('c', 3)))).toEqual([
      [0, [4, 8]],
      [0, [1, 2, 3]],
      [1, [5, 9]],
      [2, [6, 10]],
      [3, [7, 11]],
      [4, [5, 6, 7]],
      [8, [9, 10, 11]],
    ]);
  });

  it('a hierarchical dimension: one equation per level of nesting', () => {
    // Total → {n1, n2}, n1 → {n3, n4}: Total = n1 + n2 and n1 = n3 + n4 (n2, n3, n4 leaves).
    expect(asLists(structure(tree('h', [-1, 0, 0, 1, 1])))).toEqual([
      [0, [1, 2]],
      [1, [3, 4]],
    ]);
  });

  it('a hierarchy crossed with a flat dimension', () => {
    // h: Total(0) → {n1(1), n2(2)}, n1 → {n3(3), n4(4)}; c: Total(0) → {c1(1), c2(2)}.
    // Cell = 3 × h + c. Equations of cell (n1, Total) = 3: in h, 3 = (n3,T) + (n4,T) = 9 + 12;
    // in c, 3 = 4 + 5.
    const eqs = asLists(structure(tree('h', [-1, 0, 0, 1, 1]), flat('c', 2)));
    expect(eqs).toContainEqual([3, [9, 12]]);
    expect(eqs).toContainEqual([3, [4, 5]]);
    expect(eqs).toContainEqual([4, [10, 13]]);
    // 3 non-leaf h nodes × 3 c nodes … : h-equations for h ∈ {Total, n1} × 3 c nodes = 6,
    // c-equations for c = Total × 5 h nodes = 5.
    expect(eqs).toHaveLength(11);
  });

  it('a single category and a single node', () => {
    // Total → {c1}: Total = c1.
    expect(asLists(structure(flat('a', 1)))).toEqual([[0, [1]]]);
    // A dimension that is only its total has no equation.
    expect(asLists(structure(tree('t', [-1])))).toEqual([]);
  });
});

describe('innerMembers', () => {
  it('the inner cells a margin sums, 2 × 3 with margins', () => {
    const s = structure(flat('r', 2), flat('c', 3));
    const { inner, rowOf, start, members } = innerMembers(s);
    expect([...inner]).toEqual([5, 6, 7, 9, 10, 11]);
    const of = (c: number) =>
      [...members.subarray(start[c] ?? 0, start[c + 1] ?? 0)].map((r) => inner[r]);
    expect(of(0)).toEqual([5, 6, 7, 9, 10, 11]);
    expect(of(1)).toEqual([5, 9]);
    expect(of(4)).toEqual([5, 6, 7]);
    expect(of(10)).toEqual([10]);
    expect(rowOf[0]).toBe(-1);
    expect(rowOf[10]).toBe(4);
  });

  it('a hierarchy: a subtotal sums the leaves below it', () => {
    const s = structure(tree('h', [-1, 0, 0, 1, 1]));
    const { inner, start, members } = innerMembers(s);
    expect([...inner]).toEqual([2, 3, 4]);
    const of = (c: number) =>
      [...members.subarray(start[c] ?? 0, start[c + 1] ?? 0)].map((r) => inner[r]);
    expect(of(0)).toEqual([2, 3, 4]);
    expect(of(1)).toEqual([3, 4]);
  });
});
