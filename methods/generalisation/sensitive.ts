/**
 * The sensitive side of the node check. Under l-diversity or t-closeness a class is judged by the
 * sensitive values of its rows, so the rows collapse into distinct (quasi-identifier tuple,
 * sensitive combination) *items* rather than into quasi-identifier tuples alone: an item is a
 * tuple index, a combination of sensitive codes, and a row count. Every class of a node is then a
 * set of items, and its histograms are summed from them.
 */
import type { GeneralisationView } from '../../src/metrics/loss/view.js';
import type {
  SensitiveColumn,
  SensitiveHistogram,
  SensitivePredicate,
} from '../../src/privacy/model.js';
import { KeyBuilder } from './grouping.js';

/** The rows of a view as distinct (tuple, sensitive combination) items. */
export interface SensitiveItems {
  readonly columns: readonly SensitiveColumn[];
  /** Number of items. */
  readonly count: number;
  /** The quasi-identifier tuple of each item (an index into the view's tuples). */
  readonly tuple: Int32Array;
  /** Rows per item. */
  readonly weight: Int32Array;
  /** The sensitive combination of each item. */
  readonly combo: Int32Array;
  /** Number of distinct combinations. */
  readonly combos: number;
  /** Per sensitive column, the code of each combination (−1: missing). */
  readonly comboCodes: readonly Int32Array[];
}

/**
 * Collapses the rows of `view` into (tuple, sensitive combination) items.
 *
 * @example
 * encodeSensitiveItems(view, [encodeSensitiveColumn('disease', values)]).count
 */
export function encodeSensitiveItems(
  view: GeneralisationView,
  columns: readonly SensitiveColumn[],
): SensitiveItems {
  const n = view.rows;
  const builder = new KeyBuilder();
  const rows = identity(n);
  // Combinations of sensitive codes (shifted by one so that missing, −1, is a digit).
  builder.begin(n);
  for (const column of columns) {
    if (column.codes.length !== n) {
      throw new RangeError(
        `sensitive column "${column.name}" has ${column.codes.length} values, expected ${n}`,
      );
    }
    const shifted = new Int32Array(n);
    for (let r = 0; r < n; r++) shifted[r] = (column.codes[r] as number) + 1;
    const cardinality = column.values.length + 1;
    builder.append(shifted, identity(cardinality), rows, cardinality);
  }
  const comboOfRow = new Int32Array(n);
  const combos = columns.length === 0 ? (n > 0 ? 1 : 0) : builder.finish(comboOfRow);
  const comboCodes = columns.map(() => new Int32Array(combos));
  const seenCombo = new Uint8Array(combos);
  for (let r = 0; r < n; r++) {
    const c = comboOfRow[r] as number;
    if (seenCombo[c] === 1) continue;
    seenCombo[c] = 1;
    columns.forEach((column, s) => {
      (comboCodes[s] as Int32Array)[c] = column.codes[r] as number;
    });
  }
  // Items: distinct (tuple, combination).
  builder.begin(n);
  builder.append(view.tupleOfRow, identity(view.tuples), rows, view.tuples);
  builder.append(comboOfRow, identity(combos), rows, combos);
  const itemOfRow = new Int32Array(n);
  const count = builder.finish(itemOfRow);
  const tuple = new Int32Array(count);
  const weight = new Int32Array(count);
  const combo = new Int32Array(count);
  for (let r = 0; r < n; r++) {
    const i = itemOfRow[r] as number;
    if (weight[i] === 0) {
      tuple[i] = view.tupleOfRow[r] as number;
      combo[i] = comboOfRow[r] as number;
    }
    weight[i] = (weight[i] as number) + 1;
  }
  return { columns, count, tuple, weight, combo, combos, comboCodes };
}

/** 0, 1, …, n − 1. */
export function identity(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/**
 * Judges classes by their sensitive values: sums the histograms of a class's items, column by
 * column, into reusable sparse buffers and asks each predicate. Allocation-free per class.
 */
export class SensitiveJudge {
  private readonly dense: Float64Array[];
  private readonly codes: Int32Array[];
  private readonly counts: Float64Array[];
  /** The predicates, grouped by column so that each histogram is built once per class. */
  private readonly predicates: readonly SensitivePredicate[];
  /** For each predicate, the index of its column in `items.columns`. */
  private readonly columnOf: Int32Array;

  constructor(
    private readonly items: SensitiveItems,
    predicates: readonly SensitivePredicate[],
  ) {
    this.dense = items.columns.map((c) => new Float64Array(c.values.length));
    this.codes = items.columns.map((c) => new Int32Array(c.values.length));
    this.counts = items.columns.map((c) => new Float64Array(c.values.length));
    const indexed = predicates.map((p) => {
      const s = items.columns.findIndex((c) => c.name === p.column);
      if (s < 0) throw new RangeError(`no sensitive column "${p.column}" for ${p.name}`);
      return { p, s };
    });
    indexed.sort((a, b) => a.s - b.s);
    this.predicates = indexed.map((x) => x.p);
    this.columnOf = Int32Array.from(indexed.map((x) => x.s));
  }

  /** The sensitive histogram of column `s` over `members[from … to)` (item indices, weighted by `weights`). */
  histogram(
    s: number,
    members: Int32Array,
    from: number,
    to: number,
    comboOf: Int32Array,
    weights: Int32Array,
  ): SensitiveHistogram {
    const dense = this.dense[s] as Float64Array;
    const codes = this.codes[s] as Int32Array;
    const counts = this.counts[s] as Float64Array;
    const comboCodes = this.items.comboCodes[s] as Int32Array;
    let length = 0;
    let total = 0;
    let missing = 0;
    for (let m = from; m < to; m++) {
      const i = members[m] as number;
      const code = comboCodes[comboOf[i] as number] as number;
      const w = weights[i] as number;
      if (code < 0) {
        missing += w;
        continue;
      }
      if (dense[code] === 0) codes[length++] = code;
      dense[code] = (dense[code] as number) + w;
      total += w;
    }
    for (let x = 0; x < length; x++) {
      const code = codes[x] as number;
      counts[x] = dense[code] as number;
      dense[code] = 0;
    }
    return { codes, counts, length, total, missing };
  }

  /** True when every predicate holds on the class made of `members[from … to)`. */
  isValid(
    members: Int32Array,
    from: number,
    to: number,
    comboOf: Int32Array,
    weights: Int32Array,
  ): boolean {
    let built = -1;
    let histogram: SensitiveHistogram | null = null;
    for (let p = 0; p < this.predicates.length; p++) {
      const s = this.columnOf[p] as number;
      if (s !== built || histogram === null) {
        histogram = this.histogram(s, members, from, to, comboOf, weights);
        built = s;
      }
      if (!(this.predicates[p] as SensitivePredicate).isValid(histogram)) return false;
    }
    return true;
  }
}
