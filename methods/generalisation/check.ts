/**
 * The node check: the equivalence classes of one transformation, computed on typed arrays.
 *
 * Each check runs on a *source*: the distinct level-0 tuples with their row counts, or, when one
 * is cached, the classes of an already checked predecessor (each class with one representative
 * tuple and its size). Rolling up from a predecessor is exact because generalisation is a function
 * of the generalised value: all tuples of a predecessor's class share their label at every higher
 * level (the hierarchy is a tree).
 */
import type { ClassSizeModel } from '../../src/privacy/kAnonymity.js';
import type { ClassPartition, GeneralisationView } from '../../src/metrics/loss/view.js';
import { levelOf } from '../../src/metrics/loss/view.js';
import { KeyBuilder } from './grouping.js';

/** The classes of one node, with the figures the search keeps. */
export interface NodeCheck {
  partition: ClassPartition;
  /** Σ |E|² over all classes, suppressed or not (the discernibility without suppression). */
  sumOfSquares: number;
}

/** A set of items to group: representative tuples with row counts. */
interface Source {
  levels: readonly number[] | null;
  count: number;
  items: Int32Array;
  weights: Int32Array;
}

/** Options of a {@link NodeChecker}. */
export interface NodeCheckerOptions {
  /**
   * How many class entries (one representative and one size each) the roll-up cache may hold.
   * @defaultValue max(2^20, 4 × number of tuples)
   */
  cacheEntries?: number;
}

/** Computes the classes of nodes, rolling up from cached predecessors. */
export class NodeChecker {
  private readonly view: GeneralisationView;
  private readonly model: ClassSizeModel;
  private readonly builder = new KeyBuilder();
  private readonly base: Source;
  private readonly cache = new Map<string, Source>();
  private readonly budget: number;
  private cached = 0;
  private groupOf: Int32Array;

  constructor(view: GeneralisationView, model: ClassSizeModel, options: NodeCheckerOptions = {}) {
    this.view = view;
    this.model = model;
    const items = new Int32Array(view.tuples);
    for (let t = 0; t < view.tuples; t++) items[t] = t;
    this.base = { levels: null, count: view.tuples, items, weights: view.tupleWeights };
    this.budget = options.cacheEntries ?? Math.max(1 << 20, 4 * view.tuples);
    this.groupOf = new Int32Array(view.tuples);
  }

  /** The classes of the transformation `levels`. */
  check(levels: readonly number[]): NodeCheck {
    const source = this.sourceFor(levels);
    const result = this.group(source, levels);
    this.remember(levels, result.partition);
    return result;
  }

  /**
   * The classes of `levels` computed from all tuples, and the class of each tuple
   * (`classOfTuple[t]` indexes the partition's classes).
   */
  classesOfTuples(levels: readonly number[]): NodeCheck & { classOfTuple: Int32Array } {
    const result = this.group(this.base, levels);
    return { ...result, classOfTuple: this.groupOf.slice(0, this.view.tuples) };
  }

  private group(source: Source, levels: readonly number[]): NodeCheck {
    const { view, builder } = this;
    builder.begin(source.count);
    for (let j = 0; j < view.quasiIdentifiers.length; j++) {
      const level = levelOf(view, j, levels[j] ?? 0);
      builder.append(view.tupleCodes[j] as Int32Array, level.lut, source.items, level.cardinality);
    }
    if (this.groupOf.length < source.count) this.groupOf = new Int32Array(source.count);
    const groupOf = this.groupOf;
    const count = builder.finish(groupOf);
    const sizes = new Int32Array(count);
    const representatives = new Int32Array(count).fill(-1);
    const { items, weights } = source;
    for (let i = 0; i < source.count; i++) {
      const c = groupOf[i] as number;
      sizes[c] = (sizes[c] as number) + (weights[i] as number);
      if (representatives[c] === -1) representatives[c] = items[i] as number;
    }
    const suppressed = new Uint8Array(count);
    let suppressedRows = 0;
    let sumOfSquares = 0;
    for (let c = 0; c < count; c++) {
      const size = sizes[c] as number;
      sumOfSquares += size * size;
      if (!this.model.isValidClass(size)) {
        suppressed[c] = 1;
        suppressedRows += size;
      }
    }
    const partition: ClassPartition = {
      levels: [...levels],
      count,
      sizes,
      representatives,
      suppressed,
      suppressedRows,
    };
    return { partition, sumOfSquares };
  }

  /** The cached source with the fewest items among the predecessors of `levels`, or the tuples. */
  private sourceFor(levels: readonly number[]): Source {
    let best = this.base;
    for (const source of this.cache.values()) {
      if (source.count < best.count && isBelow(source.levels, levels)) best = source;
    }
    return best;
  }

  private remember(levels: readonly number[], partition: ClassPartition): void {
    const count = partition.count;
    // Worth keeping only when it makes later checks markedly cheaper.
    if (count > this.base.count / 2 || count > this.budget) return;
    while (this.cached + count > this.budget) {
      const oldest = this.cache.keys().next();
      if (oldest.done === true) break;
      const evicted = this.cache.get(oldest.value);
      this.cache.delete(oldest.value);
      this.cached -= evicted?.count ?? 0;
    }
    const key = levels.join(',');
    if (this.cache.has(key)) return;
    this.cache.set(key, {
      levels: [...levels],
      count,
      items: partition.representatives,
      weights: partition.sizes,
    });
    this.cached += count;
  }
}

function isBelow(lower: readonly number[] | null, upper: readonly number[]): boolean {
  if (lower === null) return true;
  for (let j = 0; j < upper.length; j++) {
    if ((lower[j] ?? 0) > (upper[j] ?? 0)) return false;
  }
  return true;
}
