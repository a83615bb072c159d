/**
 * A brute-force oracle for optimal full-domain generalisation with record suppression, written
 * from the definitions alone (no code shared with `methods/generalisation/optimal.ts`). It works on
 * plain string matrices: a hierarchy is its materialised rows `[value, level1, …, top]`.
 */

/** The five information-loss metrics, in a fixed order. */
export const METRICS = ['loss', 'precision', 'discernibility', 'entropy', 'aecs'] as const;
export type Metric = (typeof METRICS)[number];

/** One quasi-identifier as the oracle sees it. */
export interface BruteQI {
  name: string;
  /** Materialised hierarchy rows, `[value, level1, …, top]`, all the same length. */
  hierarchy: readonly (readonly string[])[];
  /** The QI's value in each data row, as text (`String(v)`). */
  values: readonly string[];
}

/** Everything the oracle knows about one lattice node. */
export interface NodeEvaluation {
  node: number[];
  /** `suppressed[i]` is true when row i is in a class smaller than k. */
  suppressed: boolean[];
  suppressedCount: number;
  /** Sizes of the classes that are kept (size ≥ k). */
  keptClassSizes: number[];
  satisfies: boolean;
  metrics: Record<Metric, number>;
}

/** Precomputed lookups for one QI. */
interface Prepared {
  height: number;
  domainSize: number;
  /** value → its hierarchy row. */
  rowOf: Map<string, readonly string[]>;
  /** leaves[l] : label at level l → number of hierarchy rows with that label at level l. */
  leaves: Map<string, number>[];
  /** Frequency of each original value in the data. */
  freq: Map<string, number>;
}

function at<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`oracle: index ${i} out of range (${xs.length})`);
  return x;
}

function inc(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/** The oracle for one data set and one (k, suppression limit). */
export class BruteLattice {
  readonly n: number;
  readonly heights: number[];
  private readonly prepared: Prepared[];

  constructor(
    readonly qis: readonly BruteQI[],
    n: number,
  ) {
    this.n = n;
    this.prepared = qis.map((q) => {
      const height = at(q.hierarchy, 0).length;
      const rowOf = new Map<string, readonly string[]>();
      for (const r of q.hierarchy) rowOf.set(at(r, 0), r);
      const leaves: Map<string, number>[] = [];
      for (let l = 0; l < height; l++) {
        const m = new Map<string, number>();
        for (const r of q.hierarchy) inc(m, at(r, l));
        leaves.push(m);
      }
      const freq = new Map<string, number>();
      for (const v of q.values) inc(freq, v);
      if (q.values.length !== n) throw new Error('oracle: column length differs from n');
      return { height, domainSize: q.hierarchy.length, rowOf, leaves, freq };
    });
    this.heights = this.prepared.map((p) => p.height);
  }

  /** The label of QI j's value in row i at level l. */
  label(j: number, i: number, l: number): string {
    const q = at(this.qis, j);
    const row = at(this.prepared, j).rowOf.get(at(q.values, i));
    if (row === undefined) throw new Error(`oracle: value ${at(q.values, i)} not in hierarchy`);
    return at(row, l);
  }

  /** Every node of the lattice, in lexicographic order. */
  nodes(): number[][] {
    let out: number[][] = [[]];
    for (const h of this.heights) {
      const next: number[][] = [];
      for (const prefix of out) for (let l = 0; l < h; l++) next.push([...prefix, l]);
      out = next;
    }
    return out;
  }

  /** The lattice size: the product of the hierarchy heights. */
  size(): number {
    return this.heights.reduce((a, b) => a * b, 1);
  }

  /**
   * Evaluates node `node` for k and suppression limit `limit` (a fraction of the rows). A class is
   * kept when it has at least k rows and, if given, `valid` accepts its rows (l-diversity and the
   * like); the rows of every other class are suppressed.
   */
  evaluate(
    node: readonly number[],
    k: number,
    limit: number,
    valid?: (rows: readonly number[]) => boolean,
  ): NodeEvaluation {
    const n = this.n;
    const m = this.qis.length;
    const keys: string[] = [];
    for (let i = 0; i < n; i++) {
      const tuple: string[] = [];
      for (let j = 0; j < m; j++) tuple.push(this.label(j, i, at(node, j)));
      const key = JSON.stringify(tuple);
      keys.push(key);
    }
    const rowsOf = new Map<string, number[]>();
    keys.forEach((key, i) => {
      const rows = rowsOf.get(key);
      if (rows === undefined) rowsOf.set(key, [i]);
      else rows.push(i);
    });
    const kept = new Map<string, boolean>();
    for (const [key, rows] of rowsOf) {
      kept.set(key, rows.length >= k && (valid === undefined || valid(rows)));
    }
    const suppressed = keys.map((key) => kept.get(key) !== true);
    const suppressedCount = suppressed.filter(Boolean).length;
    const keptClassSizes = [...rowsOf.entries()]
      .filter(([key]) => kept.get(key) === true)
      .map(([, rows]) => rows.length);
    const satisfies = suppressedCount <= Math.floor(limit * n + 1e-9);

    // Per-QI frequency of each generalised label among all rows.
    const genFreq: Map<string, number>[] = [];
    for (let j = 0; j < m; j++) {
      const f = new Map<string, number>();
      for (let i = 0; i < n; i++) inc(f, this.label(j, i, at(node, j)));
      genFreq.push(f);
    }

    let precision = 0;
    let loss = 0;
    let entropy = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const p = at(this.prepared, j);
        const l = at(node, j);
        const v = at(at(this.qis, j).values, i);
        const fv = p.freq.get(v) ?? 0;
        if (at(suppressed, i)) {
          precision += 1;
          loss += 1;
          entropy += -Math.log2(fv / n);
        } else {
          const g = this.label(j, i, l);
          precision += p.height - 1 === 0 ? 0 : l / (p.height - 1);
          const leaves = at(p.leaves, l).get(g) ?? 0;
          loss += p.domainSize - 1 === 0 ? 0 : (leaves - 1) / (p.domainSize - 1);
          const fg = at(genFreq, j).get(g) ?? 0;
          entropy += -Math.log2(fv / fg);
        }
      }
    }
    const discernibility = keptClassSizes.reduce((a, s) => a + s * s, 0) + suppressedCount * n;
    const c = keptClassSizes.length + (suppressedCount > 0 ? 1 : 0);
    const aecs = n / c;
    return {
      node: [...node],
      suppressed,
      suppressedCount,
      keptClassSizes,
      satisfies,
      metrics: {
        loss: loss / (n * m),
        precision: precision / (n * m),
        discernibility,
        entropy,
        aecs,
      },
    };
  }

  /** Every node evaluated. */
  evaluateAll(
    k: number,
    limit: number,
    valid?: (rows: readonly number[]) => boolean,
  ): NodeEvaluation[] {
    return this.nodes().map((node) => this.evaluate(node, k, limit, valid));
  }
}

/** The least value of `metric` over the satisfying nodes, or undefined when none satisfies. */
export function bruteOptimum(all: readonly NodeEvaluation[], metric: Metric): number | undefined {
  let best: number | undefined;
  for (const e of all) {
    if (!e.satisfies) continue;
    const v = e.metrics[metric];
    if (best === undefined || v < best) best = v;
  }
  return best;
}

/** True when `a ≥ b` componentwise. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  return a.every((x, i) => x >= at(b, i));
}

/** Equality within 1e-9, relative for values larger than 1. */
export function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}
