import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DENSE_LIMIT, KeyBuilder } from '../../../methods/generalisation/grouping.js';
import { Lattice, MAX_LATTICE_SIZE } from '../../../methods/generalisation/lattice.js';

/** Group ids by first appearance of the joined codes: the reference. */
function reference(columns: number[][], count: number): number[] {
  const ids = new Map<string, number>();
  return Array.from({ length: count }, (_, i) => {
    const key = columns.map((c) => c[i]).join(',');
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  });
}

/** The identity lookup table for every column (cardinalities up to 2^22). */
const identity = new Int32Array(DENSE_LIMIT).map((_, c) => c);

/** One builder for all groupings, as a node checker reuses its buffers across nodes. */
const builder = new KeyBuilder();

function group(columns: number[][], cardinalities: number[], count: number): number[] {
  const items = Int32Array.from({ length: count }, (_, i) => i);
  builder.begin(count);
  columns.forEach((column, j) => {
    builder.append(Int32Array.from(column), identity, items, cardinalities[j] ?? 1);
  });
  const out = new Int32Array(count);
  const groups = builder.finish(out);
  expect(groups).toBe(new Set(reference(columns, count)).size);
  return [...out];
}

describe('KeyBuilder', () => {
  it('groups like string keys, with dense, hashed and re-numbered key spaces', () => {
    fc.assert(
      fc.property(
        // Cardinalities up to 2^20: products from tiny (dense) to far above 2^53 (re-numbering).
        fc.array(fc.integer({ min: 1, max: 2 ** 20 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 1, max: 300 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        (cardinalities, count, spread, seed) => {
          // Few distinct values per column so that groups repeat.
          let state = seed >>> 0;
          const next = (): number => {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            return state;
          };
          const columns = cardinalities.map((c) => {
            const values = Array.from({ length: Math.min(c, spread) }, () => next() % c);
            return Array.from({ length: count }, () => values[next() % values.length] as number);
          });
          expect(group(columns, cardinalities, count)).toEqual(reference(columns, count));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reaches each path: dense, hashed (space > DENSE_LIMIT) and above 2^53', () => {
    const count = 50;
    const column = (c: number): number[] => Array.from({ length: count }, (_, i) => (i * 7) % c);
    for (const cardinalities of [
      [10, 10],
      [DENSE_LIMIT, 3],
      [2 ** 20, 2 ** 20, 2 ** 20, 7],
    ]) {
      const columns = cardinalities.map(column);
      expect(group(columns, cardinalities, count)).toEqual(reference(columns, count));
    }
  });

  it('can be reused across groupings of different sizes', () => {
    const builder = new KeyBuilder();
    for (const count of [5, 100, 3]) {
      const items = Int32Array.from({ length: count }, (_, i) => i);
      const codes = Int32Array.from({ length: count }, (_, i) => i % 4);
      builder.begin(count);
      builder.append(codes, Int32Array.from([0, 1, 2, 3]), items, 4);
      const out = new Int32Array(count);
      expect(builder.finish(out)).toBe(Math.min(count, 4));
    }
  });
});

describe('Lattice', () => {
  const lattice = new Lattice([3, 2, 6]);

  it('numbers level vectors in lexicographic order', () => {
    expect(lattice.size).toBe(36);
    expect(lattice.maxHeight).toBe(8);
    expect(lattice.levelsOf(0)).toEqual([0, 0, 0]);
    expect(lattice.levelsOf(lattice.top)).toEqual([2, 1, 5]);
    let previous: number[] | null = null;
    for (let x = 0; x < lattice.size; x++) {
      const levels = lattice.levelsOf(x);
      expect(lattice.indexOf(levels)).toBe(x);
      expect(lattice.heightOf(x)).toBe(levels.reduce((a, b) => a + b, 0));
      if (previous !== null) expect(levels.join() > previous.join()).toBe(true);
      previous = levels;
    }
  });

  it('lists direct successors and predecessors', () => {
    const x = lattice.indexOf([1, 0, 5]);
    const successors: number[][] = [];
    lattice.forEachSuccessor(x, (s) => successors.push(lattice.levelsOf(s)));
    expect(successors).toEqual([
      [2, 0, 5],
      [1, 1, 5],
    ]);
    const predecessors: number[][] = [];
    lattice.forEachPredecessor(x, (p) => predecessors.push(lattice.levelsOf(p)));
    expect(predecessors).toEqual([
      [0, 0, 5],
      [1, 0, 4],
    ]);
  });

  it('refuses a lattice larger than the limit', () => {
    expect(() => new Lattice([10, 10, 10, 10, 10, 10, 10])).toThrow(
      `the optimal search supports at most ${MAX_LATTICE_SIZE}`,
    );
  });
});
