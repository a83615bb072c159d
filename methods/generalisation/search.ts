/**
 * The exact search for the optimal transformation of a generalisation lattice.
 *
 * 1. Classification (Flash: Kohlmayer, Prasser, Eckert, Kemper and Kuhn 2012). Nodes are visited
 *    bottom-up, level by level; from each untagged node a path is built greedily towards the top
 *    through untagged successors, and the path is searched by bisection for its lowest satisfying
 *    node. Every check tags by prediction: a satisfying node's successors all satisfy, a failing
 *    node's predecessors all fail (k-anonymity with a suppression limit is monotone: generalising
 *    only merges classes, so the suppressed rows of a node include those of its successors).
 *    Failing nodes go to a priority queue whose successors start new paths.
 * 2. Optimum, in one of three ways:
 *    - Without suppression every metric is monotone over satisfying nodes, so only the minimal
 *      satisfying nodes (all direct predecessors fail, as in OLA: El Emam et al. 2009) are
 *      candidates, and Flash has checked them all.
 *    - With suppression, for loss, precision and entropy: the value without suppression is a lower
 *      bound (separable per column, monotone, ≤ the true value). Nodes are visited in ascending
 *      order of it; untagged ones are classified on the way by Flash paths kept below the best
 *      value found (steered towards the lowest bound), and the search stops when the bound exceeds
 *      the best value. The lattice is not classified in full.
 *    - With suppression, for discernibility and aecs: Flash classifies the whole lattice, then the
 *      satisfying nodes are visited in ascending order of a bound carried up from the checked
 *      predecessors: DM ≥ max(Σ|E|² of a predecessor, n·k); AECS ≥ n / min(classes of a
 *      predecessor, ⌊n/k⌋ + 1).
 * Ties (relative tolerance 1e-12) go to the fewest suppressed rows, then the lowest height Σ l_j,
 * then the lexicographically smallest level vector.
 */
import {
  aecsLowerBound,
  discernibilityLowerBound,
  entropyByLevel,
  LOSS_METRICS,
  lossByLevel,
  precisionOfLevel,
  type ClassPartition,
  type GeneralisationView,
  type LossMetricName,
} from '../../src/metrics/loss/index.js';
import type { NodeChecker } from './check.js';
import type { Lattice } from './lattice.js';

/** What the search minimises, and under which constraint. */
export interface SearchOptions {
  k: number;
  /** The most rows that may be suppressed: ⌊L·n⌋. */
  maxSuppressed: number;
  metric: LossMetricName;
  /**
   * True when the privacy models are monotone under this suppression setting, so that a satisfying
   * node predicts its successors and a failing one its predecessors (see src/privacy/model.ts).
   * When false, every candidate node is checked from data; only the monotone k-anonymity part still
   * predicts failures downwards. @defaultValue true
   */
  predictable?: boolean;
  /**
   * When the search is not predictable: a checker for the monotone part of the models
   * (k-anonymity and the predicates monotone under suppression). Flash then classifies the lattice
   * under it first; a node that fails it fails the whole model, so only the nodes it satisfies are
   * checked under every model.
   */
  monotonePart?: NodeChecker;
}

/** The optimum and what it took to find it. */
export interface SearchOutcome {
  index: number;
  levels: number[];
  value: number;
  nodesChecked: number;
}

interface Candidate {
  index: number;
  value: number;
}

/** Relative tolerance under which two metric values tie. */
export const TIE_TOLERANCE = 1e-12;

const SATISFIES = 1;
const FAILS = 2;
const TAGGED = SATISFIES | FAILS;

interface CheckedNode {
  suppressedRows: number;
  smallClassRows: number;
  classes: number;
  sumOfSquares: number;
  /** The metric's value at a satisfying node; NaN at a failing one. */
  value: number;
}

/**
 * Finds the satisfying node of least metric value, or null when none satisfies.
 *
 * @example
 * findOptimum(view, checker, lattice, { k: 5, maxSuppressed: 0, metric: 'loss' })?.levels
 * // => [0, 4, 1, 1, 3, 2, 2, 1, 0] on Adult with nine QIs
 */
export function findOptimum(
  view: GeneralisationView,
  checker: NodeChecker,
  lattice: Lattice,
  options: SearchOptions,
): SearchOutcome | null {
  const search = new Search(view, checker, lattice, options);
  if (options.predictable === false && options.monotonePart !== undefined) {
    const { monotonePart, ...rest } = options;
    const prefilter = new Search(view, monotonePart, lattice, { ...rest, predictable: true });
    prefilter.classify();
    search.excludeFailures(prefilter.states(), prefilter.checkedNodes());
  }
  return search.run();
}

class Search {
  private readonly state: Uint8Array;
  /** Visiting order: height first, then relative generalisation Σ l_j/(h_j − 1), then index. */
  private readonly priority: Float64Array;
  private readonly checked = new Map<number, CheckedNode>();
  private readonly heap: number[] = [];
  private readonly separable: readonly (readonly number[])[] | null;
  private readonly separableScale: number;
  /** Nodes a prefilter checked (under the monotone part of the models). */
  private prefiltered: ReadonlySet<number> = new Set();

  constructor(
    private readonly view: GeneralisationView,
    private readonly checker: NodeChecker,
    private readonly lattice: Lattice,
    private readonly options: SearchOptions,
  ) {
    this.state = new Uint8Array(lattice.size);
    this.priority = new Float64Array(lattice.size);
    const m = lattice.heights.length;
    for (let x = 0; x < lattice.size; x++) {
      let height = 0;
      let relative = 0;
      for (let j = 0; j < m; j++) {
        const l = lattice.level(x, j);
        height += l;
        relative += precisionOfLevel(l, lattice.heights[j] as number);
      }
      this.priority[x] = height * (m + 2) + relative;
    }
    const table = separableTable(view, options.metric);
    this.separable = table?.table ?? null;
    this.separableScale = table?.scale ?? 1;
  }

  run(): SearchOutcome | null {
    let best: Candidate | null;
    if (this.options.predictable === false) {
      best = this.separable !== null ? this.exhaustiveBoundedSearch() : this.exhaustiveSearch();
    } else if (this.options.maxSuppressed === 0) {
      this.classify();
      best = this.bestOf(this.minimalNodes());
    } else if (this.separable !== null) {
      best = this.boundedSearch();
    } else {
      this.classify();
      best = this.bestWithSuppression();
    }
    if (best === null) return null;
    return {
      index: best.index,
      levels: this.lattice.levelsOf(best.index),
      value: best.value,
      nodesChecked: this.nodesCheckedInAll(),
    };
  }

  /** The tags of every node after {@link classify}. */
  states(): Uint8Array {
    return this.state;
  }

  /** The nodes checked from data. */
  checkedNodes(): ReadonlySet<number> {
    return new Set(this.checked.keys());
  }

  /** Tags as failing every node that a prefilter (the monotone part of the models) failed. */
  excludeFailures(states: Uint8Array, checked: ReadonlySet<number>): void {
    for (let x = 0; x < this.lattice.size; x++) {
      if (((states[x] as number) & FAILS) !== 0) this.state[x] = (this.state[x] as number) | FAILS;
    }
    this.prefiltered = checked;
  }

  /** Distinct nodes checked from data, by the prefilter or the search (at most the lattice). */
  private nodesCheckedInAll(): number {
    let count = this.checked.size;
    for (const x of this.prefiltered) if (!this.checked.has(x)) count++;
    return count;
  }

  // ---- classification (Flash) ----

  /** Tags every node of the lattice, checking as few as Flash can. */
  classify(): void {
    const order = Array.from({ length: this.lattice.size }, (_, i) => i).sort((a, b) =>
      this.compareOrder(a, b),
    );
    for (const x of order) {
      if (((this.state[x] as number) & TAGGED) !== 0) continue;
      this.checkPath(this.findPath(x));
      while (this.heap.length > 0) {
        const failing = this.popHeap();
        for (const s of this.sortedSuccessors(failing)) {
          if (((this.state[s] as number) & TAGGED) === 0) this.checkPath(this.findPath(s));
        }
      }
    }
  }

  private compareOrder(a: number, b: number): number {
    return (this.priority[a] as number) - (this.priority[b] as number) || a - b;
  }

  private sortedSuccessors(x: number): number[] {
    const successors: number[] = [];
    this.lattice.forEachSuccessor(x, (s) => successors.push(s));
    return successors.sort((a, b) => this.compareOrder(a, b));
  }

  /** A greedy path upwards from `start` through untagged successors (accepted by `within`). */
  private findPath(
    start: number,
    within?: (node: number) => boolean,
    rank: (a: number, b: number) => number = (a, b) => this.compareOrder(a, b),
  ): number[] {
    const path = [start];
    let current = start;
    for (;;) {
      let next = -1;
      this.lattice.forEachSuccessor(current, (s) => {
        if (
          ((this.state[s] as number) & TAGGED) === 0 &&
          (next < 0 || rank(s, next) < 0) &&
          (within === undefined || within(s))
        ) {
          next = s;
        }
      });
      if (next < 0) return path;
      path.push(next);
      current = next;
    }
  }

  private checkPath(path: readonly number[]): void {
    let low = 0;
    let high = path.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const node = path[mid] as number;
      if (((this.state[node] as number) & TAGGED) === 0) this.checkNode(node);
      if (((this.state[node] as number) & SATISFIES) !== 0) high = mid - 1;
      else low = mid + 1;
    }
  }

  /** Checks a node from data, tags it and what it predicts, and remembers its figures. */
  private checkNode(x: number): CheckedNode {
    const { partition, sumOfSquares, smallClassRows } = this.checker.check(
      this.lattice.levelsOf(x),
    );
    const satisfies = partition.suppressedRows <= this.options.maxSuppressed;
    const node: CheckedNode = {
      suppressedRows: partition.suppressedRows,
      smallClassRows,
      classes: partition.count,
      sumOfSquares,
      value: satisfies ? this.valueOf(partition) : Number.NaN,
    };
    this.checked.set(x, node);
    if (this.options.predictable === false) {
      // Only k-anonymity predicts: too many rows in small classes here means as many below.
      if (smallClassRows > this.options.maxSuppressed) this.tag(x, FAILS);
      else this.state[x] = (this.state[x] as number) | (satisfies ? SATISFIES : FAILS);
      return node;
    }
    if (satisfies) this.tag(x, SATISFIES);
    else {
      this.tag(x, FAILS);
      this.pushHeap(x);
    }
    return node;
  }

  // ---- search without prediction (models that are not monotone under suppression) ----

  /**
   * Separable metrics: every node in ascending order of its no-suppression value (a lower bound),
   * each checked from data unless k-anonymity alone has ruled it out, until the bound exceeds the
   * best value found.
   */
  private exhaustiveBoundedSearch(): Candidate | null {
    const { bound, order } = this.boundOrder();
    let best: Candidate | null = null;
    for (const x of order) {
      const b = bound[x] as number;
      if (best !== null && b - slackOf(b, best.value) > best.value) break;
      if (((this.state[x] as number) & TAGGED) === 0) this.checkNode(x);
      if (((this.state[x] as number) & SATISFIES) === 0) continue;
      const value = (this.checked.get(x) as CheckedNode).value;
      if (best === null || this.better(x, value, best.index, best.value))
        best = { index: x, value };
    }
    return best;
  }

  /**
   * Discernibility and AECS: every node checked from data (top down, so that a k-anonymity failure
   * rules out the nodes below it unchecked), then the satisfying ones compared.
   */
  private exhaustiveSearch(): Candidate | null {
    for (let x = this.lattice.size - 1; x >= 0; x--) {
      if (((this.state[x] as number) & TAGGED) === 0) this.checkNode(x);
    }
    return this.bestWithSuppression();
  }

  private valueOf(partition: ClassPartition): number {
    return LOSS_METRICS[this.options.metric](this.view, partition).value;
  }

  /** Tags `x` and, by prediction, its up-set (SATISFIES) or its down-set (FAILS). */
  private tag(x: number, flag: number): void {
    const state = this.state;
    if (((state[x] as number) & flag) !== 0) return;
    state[x] = (state[x] as number) | flag;
    const stack = [x];
    const visit = (y: number): void => {
      if (((state[y] as number) & flag) === 0) {
        state[y] = (state[y] as number) | flag;
        stack.push(y);
      }
    };
    while (stack.length > 0) {
      const y = stack.pop() as number;
      if (flag === SATISFIES) this.lattice.forEachSuccessor(y, visit);
      else this.lattice.forEachPredecessor(y, visit);
    }
  }

  private pushHeap(x: number): void {
    const heap = this.heap;
    heap.push(x);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.compareOrder(heap[parent] as number, x) <= 0) break;
      heap[i] = heap[parent] as number;
      i = parent;
    }
    heap[i] = x;
  }

  private popHeap(): number {
    const heap = this.heap;
    const top = heap[0] as number;
    const last = heap.pop() as number;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child =
          right < heap.length && this.compareOrder(heap[right] as number, heap[left] as number) < 0
            ? right
            : left;
        if (this.compareOrder(last, heap[child] as number) <= 0) break;
        heap[i] = heap[child] as number;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }

  // ---- optimum ----

  private minimalNodes(): number[] {
    const minimal: number[] = [];
    for (let x = 0; x < this.lattice.size; x++) {
      if (((this.state[x] as number) & SATISFIES) === 0) continue;
      if (!this.hasSatisfyingPredecessor(x)) minimal.push(x);
    }
    return minimal;
  }

  private hasSatisfyingPredecessor(x: number): boolean {
    const { lattice } = this;
    for (let j = 0; j < lattice.heights.length; j++) {
      if (lattice.level(x, j) === 0) continue;
      const p = x - (lattice.strides[j] as number);
      if (((this.state[p] as number) & SATISFIES) !== 0) return true;
    }
    return false;
  }

  /** Every node's lower bound, and the nodes in ascending order of it (ties: visiting order). */
  private boundOrder(): { bound: Float64Array; order: number[] } {
    const size = this.lattice.size;
    const bound = new Float64Array(size);
    for (let x = 0; x < size; x++) bound[x] = this.lowerBound(x);
    const order = Array.from({ length: size }, (_, i) => i).sort(
      (a, b) => (bound[a] as number) - (bound[b] as number) || this.compareOrder(a, b),
    );
    return { bound, order };
  }

  /** The separable metric's value without suppression: a lower bound, exact when |S| = 0. */
  private lowerBound(x: number): number {
    const table = this.separable;
    if (table === null) return 0;
    let sum = 0;
    for (let j = 0; j < table.length; j++) sum += table[j]?.[this.lattice.level(x, j)] ?? 0;
    return sum * this.separableScale;
  }

  /** The exact value of a satisfying node when nothing is suppressed. */
  private unsuppressedValue(x: number): number {
    if (this.separable !== null) return this.lowerBound(x);
    const node = this.checked.get(x) ?? this.checkNode(x);
    return this.options.metric === 'discernibility'
      ? node.sumOfSquares
      : this.view.rows / Math.max(1, node.classes);
  }

  private bestOf(candidates: readonly number[]): Candidate | null {
    let best: Candidate | null = null;
    for (const x of candidates) {
      const value = this.unsuppressedValue(x);
      if (best === null || this.better(x, value, best.index, best.value))
        best = { index: x, value };
    }
    return best;
  }

  private bestWithSuppression(): Candidate | null {
    const bounds = this.bounds();
    const candidates: number[] = [];
    for (let x = 0; x < this.lattice.size; x++) {
      if (((this.state[x] as number) & SATISFIES) !== 0) candidates.push(x);
    }
    candidates.sort(
      (a, b) =>
        (bounds[a] as number) - (bounds[b] as number) ||
        this.lattice.heightOf(a) - this.lattice.heightOf(b) ||
        a - b,
    );
    let best: Candidate | null = null;
    for (const x of candidates) {
      const bound = bounds[x] as number;
      if (best !== null && bound - slackOf(bound, best.value) > best.value) break;
      let node = this.checked.get(x);
      if (node === undefined) node = this.checkNode(x);
      const value = node.value;
      if (best === null || this.better(x, value, best.index, best.value))
        best = { index: x, value };
    }
    return best;
  }

  /**
   * With suppression, for loss, precision and entropy: visit nodes in ascending order of the
   * no-suppression value (a monotone lower bound), classifying on the way with Flash paths kept
   * below the best value found, and stop when the bound exceeds it.
   */
  private boundedSearch(): Candidate | null {
    const { bound, order } = this.boundOrder();
    let best: Candidate | null = null;
    let limit = Infinity;
    for (const x of order) {
      const b = bound[x] as number;
      if (best !== null && b - slackOf(b, best.value) > best.value) break;
      if (((this.state[x] as number) & TAGGED) === 0) {
        this.checkPath(
          this.findPath(
            x,
            (s) => (bound[s] as number) <= limit,
            (a, b) => (bound[a] as number) - (bound[b] as number) || this.compareOrder(a, b),
          ),
        );
      }
      if (((this.state[x] as number) & SATISFIES) === 0) continue;
      const value = (this.checked.get(x) ?? this.checkNode(x)).value;
      if (best === null || this.better(x, value, best.index, best.value)) {
        best = { index: x, value };
        limit = value + slackOf(value, value);
      }
    }
    this.heap.length = 0;
    return best;
  }

  /**
   * For discernibility and aecs: a lower bound of the metric at every node, exact at checked
   * satisfying ones. Σ|E|² only grows and the class count only shrinks upwards, so the figures of
   * the checked predecessors (and of the bottom, known from the tuples) are swept up the lattice.
   */
  private bounds(): Float64Array {
    const { lattice, checked, view } = this;
    const size = lattice.size;
    const bounds = new Float64Array(size);
    const n = view.rows;
    const k = Math.min(this.options.k, n);
    const discernibility = this.options.metric === 'discernibility';
    const carried = new Float64Array(size);
    let squares = 0;
    for (let t = 0; t < view.tuples; t++) {
      const w = view.tupleWeights[t] as number;
      squares += w * w;
    }
    for (let x = 0; x < size; x++) {
      let c = x === 0 ? (discernibility ? squares : view.tuples) : discernibility ? 0 : Infinity;
      const own = checked.get(x);
      if (own !== undefined) {
        c = discernibility ? Math.max(c, own.sumOfSquares) : Math.min(c, own.classes);
      }
      lattice.forEachPredecessor(x, (p) => {
        const v = carried[p] as number;
        c = discernibility ? Math.max(c, v) : Math.min(c, v);
      });
      carried[x] = c;
      bounds[x] = discernibility ? discernibilityLowerBound(n, k, c) : aecsLowerBound(n, k, c);
      if (own !== undefined && ((this.state[x] as number) & SATISFIES) !== 0) bounds[x] = own.value;
    }
    return bounds;
  }

  /**
   * True when (x, value) beats (y, other): smaller value, then fewer suppressed rows (between
   * equally good releases, the one that keeps more records), then lower height, then
   * lexicographic. Candidates are checked nodes, or minimal nodes of a search without suppression.
   */
  private better(x: number, value: number, y: number, other: number): boolean {
    const tolerance = TIE_TOLERANCE * Math.max(Math.abs(value), Math.abs(other));
    if (value < other - tolerance) return true;
    if (value > other + tolerance) return false;
    const sx = this.checked.get(x)?.suppressedRows ?? 0;
    const sy = this.checked.get(y)?.suppressedRows ?? 0;
    if (sx !== sy) return sx < sy;
    const hx = this.lattice.heightOf(x);
    const hy = this.lattice.heightOf(y);
    return hx !== hy ? hx < hy : x < y;
  }
}

/**
 * How far a lower bound may exceed the value it bounds through rounding alone: bounds and values
 * are sums of the same terms in different orders.
 */
function slackOf(bound: number, value: number): number {
  return 1e-9 * Math.max(Math.abs(bound), Math.abs(value));
}

/** The per-column, per-level table of a separable metric, and the factor applied to its sum. */
function separableTable(
  view: GeneralisationView,
  metric: LossMetricName,
): { table: readonly (readonly number[])[]; scale: number } | null {
  const m = view.quasiIdentifiers.length;
  switch (metric) {
    case 'loss':
      return { table: lossByLevel(view), scale: 1 / m };
    case 'precision':
      return {
        table: view.quasiIdentifiers.map((qi) =>
          qi.levels.map((_, l) => precisionOfLevel(l, qi.height)),
        ),
        scale: 1 / m,
      };
    case 'entropy':
      return { table: entropyByLevel(view), scale: 1 };
    default:
      return null;
  }
}
