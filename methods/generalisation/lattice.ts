/**
 * The generalisation lattice of full-domain generalisation (Samarati 2001; Sweeney 2002): one node
 * per level vector (l_1 … l_m), 0 ≤ l_j < h_j. A node's direct successors raise one level by one;
 * its direct predecessors lower one level by one; its height is Σ l_j.
 *
 * Nodes are numbered in mixed radix with the first quasi-identifier most significant, so that
 * index order is the lexicographic order of level vectors and every predecessor has a smaller
 * index than its successors (index order is a topological order).
 */
import { DatanonymeError } from '../../src/errors.js';

/** The largest lattice the optimal search accepts. */
export const MAX_LATTICE_SIZE = 5_000_000;

/** A lattice of level vectors over hierarchies of the given heights. */
export class Lattice {
  /** h_j: number of levels of each quasi-identifier (≥ 1). */
  readonly heights: readonly number[];
  /** Index step of one level of each quasi-identifier. */
  readonly strides: readonly number[];
  /** Number of nodes: Π h_j. */
  readonly size: number;
  /** Height of the top node: Σ (h_j − 1). */
  readonly maxHeight: number;
  /** Index of the top node (every QI at its top level). */
  readonly top: number;

  /**
   * @throws DatanonymeError `BAD_CONFIG` when the lattice has more than {@link MAX_LATTICE_SIZE}
   *   nodes.
   * @example
   * new Lattice([3, 2, 6]).size // => 36
   */
  constructor(heights: readonly number[]) {
    let size = 1;
    for (const h of heights) size *= h;
    if (size > MAX_LATTICE_SIZE) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `the generalisation lattice has ${size.toExponential(2)} nodes (hierarchy heights ${heights.join(' × ')}); the optimal search supports at most ${MAX_LATTICE_SIZE}: use fewer quasi-identifiers or shorter hierarchies`,
      );
    }
    const strides: number[] = new Array<number>(heights.length).fill(1);
    for (let j = heights.length - 2; j >= 0; j--) {
      strides[j] = (strides[j + 1] as number) * (heights[j + 1] as number);
    }
    this.heights = [...heights];
    this.strides = strides;
    this.size = size;
    this.maxHeight = heights.reduce((s, h) => s + h - 1, 0);
    this.top = size - 1;
  }

  /** The level of quasi-identifier `j` at node `index`. */
  level(index: number, j: number): number {
    return Math.floor(index / (this.strides[j] as number)) % (this.heights[j] as number);
  }

  /** The level vector of node `index`. */
  levelsOf(index: number): number[] {
    return this.heights.map((_, j) => this.level(index, j));
  }

  /** The index of a level vector. */
  indexOf(levels: readonly number[]): number {
    let index = 0;
    for (let j = 0; j < this.heights.length; j++) {
      index += (levels[j] ?? 0) * (this.strides[j] as number);
    }
    return index;
  }

  /** The height Σ l_j of node `index`. */
  heightOf(index: number): number {
    let sum = 0;
    for (let j = 0; j < this.heights.length; j++) sum += this.level(index, j);
    return sum;
  }

  /** Calls `visit` with each direct successor of `index`. */
  forEachSuccessor(index: number, visit: (successor: number) => void): void {
    for (let j = 0; j < this.heights.length; j++) {
      if (this.level(index, j) < (this.heights[j] as number) - 1) {
        visit(index + (this.strides[j] as number));
      }
    }
  }

  /** Calls `visit` with each direct predecessor of `index`. */
  forEachPredecessor(index: number, visit: (predecessor: number) => void): void {
    for (let j = 0; j < this.heights.length; j++) {
      if (this.level(index, j) > 0) visit(index - (this.strides[j] as number));
    }
  }
}
