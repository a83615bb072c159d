/**
 * An independent reference for the optimal search: every node of the lattice evaluated from the
 * definitions, with string labels (`Hierarchy.generalise`) and per-row sums, no typed arrays, no
 * pruning. Written from the definitions in `methods/generalisation/README.md`, not from the
 * library's modules.
 */
import type { Hierarchy } from '../../../src/hierarchy/hierarchy.js';

export type MetricName = 'loss' | 'precision' | 'discernibility' | 'entropy' | 'aecs';

export interface Problem {
  /** Per row, the text of each quasi-identifier (`String(v)`, '' when missing). */
  rows: readonly (readonly string[])[];
  hierarchies: readonly Hierarchy[];
}

export interface NodeValue {
  levels: number[];
  suppressed: number;
  keptSizes: number[];
  metrics: Record<MetricName, number>;
}

/** Groups equal rows once: the distinct QI tuples and how many rows have each. */
function distinct(problem: Problem): { tuples: string[][]; weights: number[] } {
  const index = new Map<string, number>();
  const tuples: string[][] = [];
  const weights: number[] = [];
  for (const row of problem.rows) {
    const key = JSON.stringify(row);
    const i = index.get(key);
    if (i === undefined) {
      index.set(key, tuples.length);
      tuples.push([...row]);
      weights.push(1);
    } else weights[i] = (weights[i] ?? 0) + 1;
  }
  return { tuples, weights };
}

/** Evaluates one node from the definitions. */
export function evaluateNode(problem: Problem, levels: readonly number[], k: number): NodeValue {
  const n = problem.rows.length;
  const m = problem.hierarchies.length;
  const { tuples, weights } = distinct(problem);
  const label = (j: number, v: string, l: number): string => {
    const g = problem.hierarchies[j]?.generalise(v, l);
    if (g === undefined) throw new Error(`value ${v} not in hierarchy ${j}`);
    return g;
  };
  // f(v) and f(g) per column.
  const fv = problem.hierarchies.map(() => new Map<string, number>());
  const fg = problem.hierarchies.map(() => new Map<string, number>());
  tuples.forEach((tuple, t) => {
    const w = weights[t] ?? 0;
    tuple.forEach((v, j) => {
      const g = label(j, v, levels[j] ?? 0);
      const fvj = fv[j] as Map<string, number>;
      const fgj = fg[j] as Map<string, number>;
      fvj.set(v, (fvj.get(v) ?? 0) + w);
      fgj.set(g, (fgj.get(g) ?? 0) + w);
    });
  });
  // leaves(g): hierarchy rows whose label at the level is g.
  const leaves = problem.hierarchies.map((h, j) => {
    const counts = new Map<string, number>();
    for (const row of h.rows) {
      const g = row[levels[j] ?? 0] as string;
      counts.set(g, (counts.get(g) ?? 0) + 1);
    }
    return counts;
  });
  // Classes.
  const classes = new Map<string, number>();
  const keyOf = tuples.map((tuple) =>
    JSON.stringify(tuple.map((v, j) => label(j, v, levels[j] ?? 0))),
  );
  keyOf.forEach((key, t) => classes.set(key, (classes.get(key) ?? 0) + (weights[t] ?? 0)));
  let suppressed = 0;
  const keptSizes: number[] = [];
  for (const size of classes.values()) {
    if (size < k) suppressed += size;
    else keptSizes.push(size);
  }
  let loss = 0;
  let precision = 0;
  let entropy = 0;
  tuples.forEach((tuple, t) => {
    const w = weights[t] ?? 0;
    const isSuppressed = (classes.get(keyOf[t] as string) ?? 0) < k;
    tuple.forEach((v, j) => {
      const h = problem.hierarchies[j] as Hierarchy;
      const l = levels[j] ?? 0;
      const g = label(j, v, l);
      const d = h.rows.length;
      loss += w * (isSuppressed ? 1 : d === 1 ? 0 : ((leaves[j]?.get(g) ?? 0) - 1) / (d - 1));
      precision += w * (isSuppressed ? 1 : h.height === 1 ? 0 : l / (h.height - 1));
      const f = fv[j]?.get(v) ?? 0;
      const fgen = isSuppressed ? n : (fg[j]?.get(g) ?? 0);
      entropy += w * -Math.log2(f / fgen);
    });
  });
  let discernibility = suppressed * n;
  for (const size of keptSizes) discernibility += size * size;
  const c = keptSizes.length + (suppressed > 0 ? 1 : 0);
  return {
    levels: [...levels],
    suppressed,
    keptSizes: keptSizes.sort((a, b) => b - a),
    metrics: {
      loss: loss / (n * m),
      precision: precision / (n * m),
      discernibility,
      entropy,
      aecs: n / c,
    },
  };
}

/** Every level vector, lexicographic order. */
export function allNodes(heights: readonly number[]): number[][] {
  let nodes: number[][] = [[]];
  for (const h of heights) {
    const next: number[][] = [];
    for (const prefix of nodes) for (let l = 0; l < h; l++) next.push([...prefix, l]);
    nodes = next;
  }
  return nodes;
}

const sum = (levels: readonly number[]): number => levels.reduce((a, b) => a + b, 0);

/**
 * True when node a (value va, sa suppressed rows) beats node b under the documented order:
 * smaller value, then fewer suppressed rows, then lower height, then lexicographic.
 */
export function beats(
  a: readonly number[],
  va: number,
  sa: number,
  b: readonly number[],
  vb: number,
  sb: number,
): boolean {
  const tolerance = 1e-12 * Math.max(Math.abs(va), Math.abs(vb));
  if (va < vb - tolerance) return true;
  if (va > vb + tolerance) return false;
  if (sa !== sb) return sa < sb;
  if (sum(a) !== sum(b)) return sum(a) < sum(b);
  for (let j = 0; j < a.length; j++) if (a[j] !== b[j]) return (a[j] ?? 0) < (b[j] ?? 0);
  return false;
}

/** The optimum over the whole lattice, or null when no node satisfies. */
export function bruteForceOptimum(
  problem: Problem,
  k: number,
  suppressionLimit: number,
  metric: MetricName,
): NodeValue | null {
  const limit = Math.floor(suppressionLimit * problem.rows.length + 1e-9);
  let best: NodeValue | null = null;
  for (const levels of allNodes(problem.hierarchies.map((h) => h.height))) {
    const node = evaluateNode(problem, levels, k);
    if (node.suppressed > limit) continue;
    if (
      best === null ||
      beats(
        levels,
        node.metrics[metric],
        node.suppressed,
        best.levels,
        best.metrics[metric],
        best.suppressed,
      )
    ) {
      best = node;
    }
  }
  return best;
}

/** One (k, suppression limit) setting of {@link lossOverLattice}. */
export interface Setting {
  k: number;
  suppressionLimit: number;
}

/** The Loss optimum of one setting. */
export interface LossOptimum extends Setting {
  levels: number[];
  loss: number;
  suppressed: number;
  minClassSize: number;
  nodesSatisfying: number;
}

/**
 * Exhaustive Loss optimum over every node of the lattice for several settings at once, fast
 * enough for Adult (12,960 nodes). Nodes are enumerated along a spanning tree of the lattice (the
 * parent of a node lowers its rightmost non-zero level by one), and each node's classes are formed
 * by regrouping its parent's classes, which is exact because a node generalises its parent.
 * Labels come from `Hierarchy.generalise`; Loss from its definition, per class:
 * (Σ_kept classes |E|·Σ_j (leaves_j(g) − 1)/(|D_j| − 1) + |S|·m) / (n·m).
 */
export function lossOverLattice(problem: Problem, settings: readonly Setting[]): LossOptimum[] {
  const n = problem.rows.length;
  const m = problem.hierarchies.length;
  const { tuples, weights } = distinct(problem);
  const T = tuples.length;
  const heights = problem.hierarchies.map((h) => h.height);
  // codes[j][l][t]: label of tuple t at level l as an integer; ratio[j][l][code]: its Loss term.
  const codes: Int32Array[][] = [];
  const cards: number[][] = [];
  const ratio: number[][][] = [];
  problem.hierarchies.forEach((h, j) => {
    codes.push([]);
    cards.push([]);
    ratio.push([]);
    for (let l = 0; l < h.height; l++) {
      const leaves = new Map<string, number>();
      for (const row of h.rows)
        leaves.set(row[l] as string, (leaves.get(row[l] as string) ?? 0) + 1);
      const index = new Map<string, number>();
      const terms: number[] = [];
      const column = new Int32Array(T);
      tuples.forEach((tuple, t) => {
        const g = h.generalise(tuple[j] as string, l) as string;
        let c = index.get(g);
        if (c === undefined) {
          c = terms.length;
          index.set(g, c);
          const d = h.rows.length;
          terms.push(d === 1 ? 0 : ((leaves.get(g) ?? 0) - 1) / (d - 1));
        }
        column[t] = c;
      });
      codes[j]?.push(column);
      cards[j]?.push(terms.length);
      ratio[j]?.push(terms);
    }
  });
  const best: (LossOptimum | null)[] = settings.map(() => null);
  const satisfying = settings.map(() => 0);

  const visit = (levels: number[], reps: Int32Array, sizes: Int32Array, from: number): void => {
    // Regroup the parent's classes at `levels`.
    const mult: number[] = [];
    let space = 1;
    for (let j = m - 1; j >= 0; j--) {
      mult[j] = space;
      space *= cards[j]?.[levels[j] ?? 0] ?? 1;
    }
    const index = new Map<number, number>();
    const classReps: number[] = [];
    const classSizes: number[] = [];
    for (let i = 0; i < reps.length; i++) {
      const t = reps[i] as number;
      let key = 0;
      for (let j = 0; j < m; j++) key += (codes[j]?.[levels[j] ?? 0]?.[t] ?? 0) * (mult[j] ?? 0);
      const c = index.get(key);
      if (c === undefined) {
        index.set(key, classReps.length);
        classReps.push(t);
        classSizes.push(sizes[i] ?? 0);
      } else classSizes[c] = (classSizes[c] ?? 0) + (sizes[i] ?? 0);
    }
    const termOf = classReps.map((t) => {
      let s = 0;
      for (let j = 0; j < m; j++) {
        const l = levels[j] ?? 0;
        s += ratio[j]?.[l]?.[codes[j]?.[l]?.[t] ?? 0] ?? 0;
      }
      return s;
    });
    settings.forEach((setting, s) => {
      let suppressed = 0;
      let kept = 0;
      let minClassSize = 0;
      classSizes.forEach((size, c) => {
        if (size < setting.k) suppressed += size;
        else {
          kept += size * (termOf[c] ?? 0);
          if (minClassSize === 0 || size < minClassSize) minClassSize = size;
        }
      });
      if (suppressed > Math.floor(setting.suppressionLimit * n + 1e-9)) return;
      satisfying[s] = (satisfying[s] ?? 0) + 1;
      const loss = (kept + suppressed * m) / (n * m);
      const current = best[s];
      if (
        current === null ||
        current === undefined ||
        beats(levels, loss, suppressed, current.levels, current.loss, current.suppressed)
      ) {
        best[s] = {
          ...setting,
          levels: [...levels],
          loss,
          suppressed,
          minClassSize,
          nodesSatisfying: 0,
        };
      }
    });
    const childReps = Int32Array.from(classReps);
    const childSizes = Int32Array.from(classSizes);
    for (let j = from; j < m; j++) {
      if ((levels[j] ?? 0) < (heights[j] ?? 1) - 1) {
        const child = [...levels];
        child[j] = (child[j] ?? 0) + 1;
        visit(child, childReps, childSizes, j);
      }
    }
  };
  visit(
    heights.map(() => 0),
    Int32Array.from({ length: T }, (_, t) => t),
    Int32Array.from(weights),
    0,
  );
  return best.map((b, s) => {
    if (b === null) throw new Error('no satisfying node');
    return { ...b, nodesSatisfying: satisfying[s] ?? 0 };
  });
}
