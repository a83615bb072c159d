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
import type { SensitivePredicate } from '../../src/privacy/model.js';
import type { ClassPartition, GeneralisationView } from '../../src/metrics/loss/view.js';
import { levelOf } from '../../src/metrics/loss/view.js';
import { KeyBuilder } from './grouping.js';
import { identity, SensitiveJudge, type SensitiveItems } from './sensitive.js';

/** The classes of one node, with the figures the search keeps. */
export interface NodeCheck {
  partition: ClassPartition;
  /** Σ |E|² over all classes, suppressed or not (the discernibility without suppression). */
  sumOfSquares: number;
  /**
   * Rows in classes smaller than k, whatever the sensitive predicates say. k-anonymity with
   * suppression is monotone, so when these alone exceed the limit every predecessor fails too.
   */
  smallClassRows: number;
}

/**
 * A set of items to group: representative tuples with row counts and, under sensitive predicates,
 * the sensitive combination of each item.
 */
interface Source {
  levels: readonly number[] | null;
  count: number;
  items: Int32Array;
  weights: Int32Array;
  combos: Int32Array | null;
}

/** Options of a {@link NodeChecker}. */
export interface NodeCheckerOptions {
  /**
   * How many class entries (one representative and one size each) the roll-up cache may hold.
   * @defaultValue max(2^20, 4 × number of tuples)
   */
  cacheEntries?: number;
  /**
   * l-diversity, t-closeness and the like: a class of at least k rows is suppressed unless every
   * predicate holds on its sensitive values, read from `items`.
   */
  sensitive?: { items: SensitiveItems; predicates: readonly SensitivePredicate[] };
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
  private readonly judge: SensitiveJudge | null;
  /** Items sorted by class, and where each class starts, after the last grouping (sensitive only). */
  private members = new Int32Array(0);
  private starts = new Int32Array(0);
  private lastSeen = new Int32Array(0);

  constructor(view: GeneralisationView, model: ClassSizeModel, options: NodeCheckerOptions = {}) {
    this.view = view;
    this.model = model;
    const sensitive = options.sensitive;
    if (sensitive === undefined || sensitive.predicates.length === 0) {
      this.judge = null;
      this.base = {
        levels: null,
        count: view.tuples,
        items: identity(view.tuples),
        weights: view.tupleWeights,
        combos: null,
      };
    } else {
      const { items, predicates } = sensitive;
      this.judge = new SensitiveJudge(items, predicates);
      this.base = {
        levels: null,
        count: items.count,
        items: items.tuple,
        weights: items.weight,
        combos: items.combo,
      };
      this.lastSeen = new Int32Array(items.combos).fill(-1);
    }
    this.budget = options.cacheEntries ?? Math.max(1 << 20, 4 * this.base.count);
    this.groupOf = new Int32Array(this.base.count);
  }

  /** The classes of the transformation `levels`. */
  check(levels: readonly number[]): NodeCheck {
    const source = this.sourceFor(levels);
    const result = this.group(source, levels);
    this.remember(levels, source, result.partition);
    return result;
  }

  /**
   * The classes of `levels` computed from all tuples, and the class of each tuple
   * (`classOfTuple[t]` indexes the partition's classes).
   */
  classesOfTuples(levels: readonly number[]): NodeCheck & { classOfTuple: Int32Array } {
    const result = this.group(this.base, levels);
    const classOfTuple = new Int32Array(this.view.tuples);
    const { items, count } = this.base;
    for (let i = 0; i < count; i++) classOfTuple[items[i] as number] = this.groupOf[i] as number;
    return { ...result, classOfTuple };
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
    let smallClassRows = 0;
    let sumOfSquares = 0;
    for (let c = 0; c < count; c++) {
      const size = sizes[c] as number;
      sumOfSquares += size * size;
      if (!this.model.isValidClass(size)) {
        suppressed[c] = 1;
        suppressedRows += size;
        smallClassRows += size;
      }
    }
    if (this.judge !== null) {
      const { members, starts } = this.sortByClass(source.count, count);
      const combos = source.combos as Int32Array;
      for (let c = 0; c < count; c++) {
        if (suppressed[c] === 1) continue;
        if (
          !this.judge.isValid(
            members,
            starts[c] as number,
            starts[c + 1] as number,
            combos,
            weights,
          )
        ) {
          suppressed[c] = 1;
          suppressedRows += sizes[c] as number;
        }
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
    return { partition, sumOfSquares, smallClassRows };
  }

  /** Sorts the items of the last grouping by class (a counting sort). */
  private sortByClass(items: number, classes: number): { members: Int32Array; starts: Int32Array } {
    if (this.members.length < items) this.members = new Int32Array(items);
    if (this.starts.length < classes + 1) this.starts = new Int32Array(classes + 1);
    const { members, starts, groupOf } = this;
    starts.fill(0, 0, classes + 1);
    for (let i = 0; i < items; i++) {
      const c = groupOf[i] as number;
      starts[c + 1] = (starts[c + 1] as number) + 1;
    }
    for (let c = 0; c < classes; c++)
      starts[c + 1] = (starts[c + 1] as number) + (starts[c] as number);
    // Fill from the back of each class so that the class order of items is kept.
    for (let i = items - 1; i >= 0; i--) {
      const c = groupOf[i] as number;
      const slot = (starts[c + 1] as number) - 1;
      starts[c + 1] = slot;
      members[slot] = i;
    }
    // starts[c + 1] now holds the start of class c; shift back.
    for (let c = 0; c < classes; c++) starts[c] = starts[c + 1] as number;
    starts[classes] = items;
    return { members, starts };
  }

  /** The cached source with the fewest items among the predecessors of `levels`, or the tuples. */
  private sourceFor(levels: readonly number[]): Source {
    let best = this.base;
    for (const source of this.cache.values()) {
      if (source.count < best.count && isBelow(source.levels, levels)) best = source;
    }
    return best;
  }

  private remember(levels: readonly number[], source: Source, partition: ClassPartition): void {
    if (this.judge !== null) {
      this.rememberItems(levels, source, partition);
      return;
    }
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
    this.store(key, {
      levels: [...levels],
      count,
      items: partition.representatives,
      weights: partition.sizes,
      combos: null,
    });
  }

  /**
   * Under sensitive predicates, a node's classes roll up only together with their sensitive values:
   * the cached items are the distinct (class, sensitive combination) pairs of the node.
   */
  private rememberItems(
    levels: readonly number[],
    source: Source,
    partition: ClassPartition,
  ): void {
    if (partition.count > this.base.count / 2) return;
    const key = levels.join(',');
    if (this.cache.has(key)) return;
    const { members, starts, lastSeen } = this;
    lastSeen.fill(-1);
    const combos = source.combos as Int32Array;
    const pairItems: number[] = [];
    const pairWeights: number[] = [];
    const pairCombos: number[] = [];
    for (let c = 0; c < partition.count; c++) {
      const first = pairItems.length;
      for (let m = starts[c] as number; m < (starts[c + 1] as number); m++) {
        const i = members[m] as number;
        const combo = combos[i] as number;
        const seen = lastSeen[combo] as number;
        if (seen >= first) {
          pairWeights[seen] = (pairWeights[seen] as number) + (source.weights[i] as number);
        } else {
          lastSeen[combo] = pairItems.length;
          pairItems.push(source.items[i] as number);
          pairWeights.push(source.weights[i] as number);
          pairCombos.push(combo);
        }
      }
    }
    const count = pairItems.length;
    if (count > this.base.count / 2 || count > this.budget) return;
    this.store(key, {
      levels: [...levels],
      count,
      items: Int32Array.from(pairItems),
      weights: Int32Array.from(pairWeights),
      combos: Int32Array.from(pairCombos),
    });
  }

  private store(key: string, source: Source): void {
    while (this.cached + source.count > this.budget) {
      const oldest = this.cache.keys().next();
      if (oldest.done === true) break;
      const evicted = this.cache.get(oldest.value);
      this.cache.delete(oldest.value);
      this.cached -= evicted?.count ?? 0;
    }
    this.cache.set(key, source);
    this.cached += source.count;
  }
}

function isBelow(lower: readonly number[] | null, upper: readonly number[]): boolean {
  if (lower === null) return true;
  for (let j = 0; j < upper.length; j++) {
    if ((lower[j] ?? 0) > (upper[j] ?? 0)) return false;
  }
  return true;
}
