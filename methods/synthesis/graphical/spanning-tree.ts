/**
 * Spanning trees over columns: a union-find forest, Kruskal's rule (join two components with the
 * best remaining edge), and the rooting of a tree for ancestral sampling.
 *
 * Reference: J. Kruskal, "On the shortest spanning subtree of a graph", Proc. AMS 7(1), 1956;
 * R. Tarjan, "Efficiency of a good but not linear set union algorithm", JACM 22(2), 1975.
 */

/** An undirected edge between two columns (indices), a < b. */
export interface Edge {
  a: number;
  b: number;
}

/** A union-find forest over n items, with path halving and union by size. */
export class DisjointSets {
  readonly #parent: Int32Array;
  readonly #size: Int32Array;

  constructor(n: number) {
    this.#parent = new Int32Array(n);
    this.#size = new Int32Array(n).fill(1);
    for (let i = 0; i < n; i++) this.#parent[i] = i;
  }

  /** The representative of the set holding x. */
  find(x: number): number {
    let v = x;
    while ((this.#parent[v] as number) !== v) {
      const up = this.#parent[this.#parent[v] as number] as number;
      this.#parent[v] = up;
      v = up;
    }
    return v;
  }

  /** Joins the sets of x and y; false when they were already one. */
  union(x: number, y: number): boolean {
    let rx = this.find(x);
    let ry = this.find(y);
    if (rx === ry) return false;
    if ((this.#size[rx] as number) < (this.#size[ry] as number)) [rx, ry] = [ry, rx];
    this.#parent[ry] = rx;
    this.#size[rx] = (this.#size[rx] as number) + (this.#size[ry] as number);
    return true;
  }
}

/**
 * A spanning tree over `n` columns grown by Kruskal's rule with a caller-supplied choice: at each of
 * the n − 1 rounds, `choose` receives the candidate edges that join two different components
 * (in the order of `edges`) and returns the index of the one to add. With `choose` picking the
 * highest weight this is the maximum spanning tree; MST (McKenna et al. 2021) picks with the
 * exponential mechanism instead.
 *
 * @throws Error when `choose` returns an index outside the candidates (a bug in the caller).
 * @example
 * growSpanningTree(3, [{ a: 0, b: 1 }, { a: 1, b: 2 }], () => 0) // => [{ a: 0, b: 1 }, { a: 1, b: 2 }]
 */
export function growSpanningTree(
  n: number,
  edges: readonly Edge[],
  choose: (candidates: readonly Edge[]) => number,
): Edge[] {
  const sets = new DisjointSets(n);
  const tree: Edge[] = [];
  for (let round = 0; round < n - 1; round++) {
    const candidates = edges.filter((e) => sets.find(e.a) !== sets.find(e.b));
    if (candidates.length === 0) break;
    const k = choose(candidates);
    const e = candidates[k];
    if (e === undefined) throw new Error(`spanning tree: chose ${k} of ${candidates.length}`);
    sets.union(e.a, e.b);
    tree.push(e);
  }
  return tree;
}

/** A rooted forest: the visiting order (parents before children) and each node's parent (−1 at a root). */
export interface RootedTree {
  order: Int32Array;
  parent: Int32Array;
}

/**
 * Roots a forest over n nodes by breadth-first search from node 0, then from each node not yet
 * reached, in index order: parents come before their children in `order`.
 *
 * @example
 * rootTree(3, [{ a: 1, b: 2 }, { a: 0, b: 1 }]).parent // => Int32Array [-1, 0, 1]
 */
export function rootTree(n: number, edges: readonly Edge[]): RootedTree {
  const neighbours: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    (neighbours[e.a] as number[]).push(e.b);
    (neighbours[e.b] as number[]).push(e.a);
  }
  const parent = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  const order = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let root = 0; root < n; root++) {
    if (seen[root] === 1) continue;
    seen[root] = 1;
    order[tail++] = root;
    while (head < tail) {
      const v = order[head++] as number;
      for (const w of neighbours[v] as number[]) {
        if (seen[w] === 1) continue;
        seen[w] = 1;
        parent[w] = v;
        order[tail++] = w;
      }
    }
  }
  return { order, parent };
}
