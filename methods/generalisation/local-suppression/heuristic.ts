/**
 * The local-suppression heuristic on integer codes, and the naive baseline it is compared with.
 *
 * A record's output tuple is its quasi-identifier codes at the chosen levels, some replaced by the
 * suppression token's code. A class is a set of records with equal output tuples (the token is an
 * ordinary value: `(*, M)` and `(30, M)` are different classes). A class is valid when it has at
 * least k records and, with sensitive models, satisfies them; a record is unsafe while its class is
 * not valid.
 *
 * The heuristic (in the spirit of sdcMicro's `localSuppression`, Templ, Kowarik and Meindl 2015,
 * which suppresses the values of unsafe records column by column in importance order; finding the
 * fewest suppressions is NP-hard, Meyerson and Williams 2004):
 *
 * 1. Sweep: for each suppression pattern in increasing cost (`patterns.ts`: fewer cells first, then
 *    the less important columns), map every unsafe class to its tuple with the pattern's columns
 *    suppressed; valid classes stay where they are. Each group of classes mapping to one tuple that
 *    holds an unsafe class and, all together, forms a valid class, is merged into that class: the
 *    unsafe classes in it take the pattern (their records become safe), the valid class already
 *    there (if any) is unchanged. Safe records never move again, so valid classes stay valid.
 * 2. Sweeps repeat, from the cheapest pattern, while one of them merged anything (a class formed
 *    late can make a cheaper pattern work for others). At most one sweep per merge, so it ends.
 * 3. Fix-up (shared with the baseline): records still unsafe get every quasi-identifier suppressed.
 *    If the all-token class is then still not valid, more records join it: with k alone, either the
 *    surplus records (beyond k) of valid classes, cheapest first (fewest cells left to suppress, then
 *    class and row order), or the cheapest whole valid class, whichever suppresses fewer cells; with
 *    sensitive models, whole valid classes, cheapest first, until it is valid. If every record is in
 *    it and it still fails, no suppression can satisfy the models (`null`).
 *
 * The baseline suppresses every quasi-identifier of every initially unsafe record, then the same
 * fix-up. The method keeps the heuristic's result unless the baseline suppresses fewer cells (it
 * cannot with k alone when the fix-up is not needed; with it, it can, rarely), so the result is never
 * worse than the baseline.
 */
import { KeyBuilder } from '../grouping.js';

/** A local-suppression problem on integer codes. */
export interface SuppressionInput {
  readonly rows: number;
  /** Per quasi-identifier, the code of each row at the chosen level (0 … cardinality − 1). */
  readonly codes: readonly Int32Array[];
  /** Per quasi-identifier, the code of the suppression token (a level label equal to it, or a new code). */
  readonly star: Int32Array;
  /** Per quasi-identifier, the number of codes, the token's included. */
  readonly cardinality: Int32Array;
  readonly k: number;
  /** Suppression patterns, cheapest first; the last suppresses every column. */
  readonly patterns: readonly Uint8Array[];
  /**
   * With sensitive models: true when rows[from … to − 1] form a valid class (k included). Without,
   * a class is valid when it has at least k rows.
   */
  readonly valid?: (rows: Int32Array, from: number, to: number) => boolean;
}

/** Output codes of every row, or null when no suppression satisfies the models. */
export type SuppressionOutput = Int32Array[] | null;

/**
 * Runs the heuristic (module comment) and returns the output codes per quasi-identifier.
 *
 * @example
 * suppressByPatterns(input)?.[0] // => Int32Array of the first QI's output codes
 */
export function suppressByPatterns(input: SuppressionInput): SuppressionOutput {
  const { codes, star, cardinality, patterns } = input;
  const m = codes.length;
  const identity = identities(cardinality);
  const state = new ClassState(input);
  const builder = new KeyBuilder();
  let changed = true;
  while (changed && state.unsafeCount > 0) {
    changed = false;
    for (const pattern of patterns) {
      if (state.unsafeCount === 0) break;
      const alive = state.aliveList();
      const count = alive.length;
      builder.begin(count);
      for (let j = 0; j < m; j++) {
        const column = state.classCodes[j] as Int32Array;
        const mapped = state.scratch;
        const s = star[j] as number;
        const suppress = pattern[j] === 1;
        for (let i = 0; i < count; i++) {
          const c = alive[i] as number;
          mapped[c] = suppress && state.unsafe[c] === 1 ? s : (column[c] as number);
        }
        builder.append(mapped, identity[j] as Int32Array, alive, cardinality[j] as number);
      }
      const bucketOf = state.bucketBuffer(count);
      const buckets = builder.finish(bucketOf);
      if (state.mergeBuckets(alive, bucketOf, buckets, pattern)) changed = true;
    }
  }
  const out = state.rowCodes();
  return fixUp(input, out, state.unsafeRows());
}

/**
 * The naive baseline: every quasi-identifier of every row of an invalid class suppressed, then the
 * fix-up of the module comment.
 *
 * @example
 * suppressNaively(input)?.[0] // => Int32Array of the first QI's output codes
 */
export function suppressNaively(input: SuppressionInput): SuppressionOutput {
  const state = new ClassState(input);
  return fixUp(input, state.rowCodes(), state.unsafeRows());
}

/**
 * Number of cells an output suppresses: cells whose output is the token and whose input is not.
 *
 * @example
 * suppressedCellCount(input, output) // => 1771 on Adult, k = 5, level 0 …
 */
export function suppressedCellCount(input: SuppressionInput, out: readonly Int32Array[]): number {
  let cells = 0;
  input.codes.forEach((column, j) => {
    const s = input.star[j] as number;
    const o = out[j] as Int32Array;
    for (let r = 0; r < input.rows; r++) if (o[r] === s && column[r] !== s) cells++;
  });
  return cells;
}

/** The identity lookup table of each column. */
function identities(cardinality: Int32Array): Int32Array[] {
  return Array.from(cardinality, (c) => {
    const lut = new Int32Array(c);
    for (let i = 0; i < c; i++) lut[i] = i;
    return lut;
  });
}

/**
 * Classes of rows by output tuple: each class's codes, size, rows and validity; merging a group of
 * classes makes a new class (ids grow) and forwards the old ones to it.
 */
class ClassState {
  classCodes: Int32Array[];
  size: Int32Array;
  unsafe: Uint8Array;
  forward: Int32Array;
  members: (Int32Array | null)[];
  scratch: Int32Array;
  unsafeCount = 0;
  private classes = 0;
  private alive: Int32Array;
  private aliveCount = 0;
  private buckets = new Int32Array(0);
  private readonly classOfRow: Int32Array;

  constructor(private readonly input: SuppressionInput) {
    const { rows: n, codes, cardinality } = input;
    const m = codes.length;
    const builder = new KeyBuilder();
    const items = new Int32Array(n);
    for (let r = 0; r < n; r++) items[r] = r;
    builder.begin(n);
    const identity = identities(cardinality);
    for (let j = 0; j < m; j++) {
      builder.append(
        codes[j] as Int32Array,
        identity[j] as Int32Array,
        items,
        cardinality[j] as number,
      );
    }
    this.classOfRow = new Int32Array(n);
    const count = builder.finish(this.classOfRow);
    // At most count − 1 merges, each making one class: 2·count ids suffice.
    const capacity = 2 * count + 1;
    this.classCodes = codes.map(() => new Int32Array(capacity));
    this.size = new Int32Array(capacity);
    this.unsafe = new Uint8Array(capacity);
    this.forward = new Int32Array(capacity).fill(-1);
    this.scratch = new Int32Array(capacity);
    this.alive = new Int32Array(count);
    this.members = new Array<Int32Array | null>(capacity).fill(null);
    for (let r = 0; r < n; r++) {
      const c = this.classOfRow[r] as number;
      if (this.size[c] === 0) {
        for (let j = 0; j < m; j++) {
          (this.classCodes[j] as Int32Array)[c] = (codes[j] as Int32Array)[r] as number;
        }
      }
      this.size[c] = (this.size[c] as number) + 1;
    }
    this.classes = count;
    if (input.valid !== undefined) {
      // Rows per class, for the models.
      const fill = new Int32Array(count);
      for (let c = 0; c < count; c++) this.members[c] = new Int32Array(this.size[c] as number);
      for (let r = 0; r < n; r++) {
        const c = this.classOfRow[r] as number;
        (this.members[c] as Int32Array)[fill[c] as number] = r;
        fill[c] = (fill[c] as number) + 1;
      }
    }
    for (let c = 0; c < count; c++) {
      this.alive[c] = c;
      const ok = this.isValid(c);
      this.unsafe[c] = ok ? 0 : 1;
      if (!ok) this.unsafeCount++;
    }
    this.aliveCount = count;
  }

  private isValid(c: number): boolean {
    const valid = this.input.valid;
    if (valid === undefined) return (this.size[c] as number) >= this.input.k;
    const rows = this.members[c] as Int32Array;
    return valid(rows, 0, rows.length);
  }

  aliveList(): Int32Array {
    return this.alive.subarray(0, this.aliveCount);
  }

  bucketBuffer(count: number): Int32Array {
    if (this.buckets.length < count) this.buckets = new Int32Array(count);
    return this.buckets.subarray(0, count);
  }

  /**
   * Merges every bucket that holds an unsafe class and more than one class, when all its classes
   * together are valid. Returns true when something merged.
   */
  mergeBuckets(
    alive: Int32Array,
    bucketOf: Int32Array,
    buckets: number,
    pattern: Uint8Array,
  ): boolean {
    const count = alive.length;
    const total = new Int32Array(buckets);
    const classesIn = new Int32Array(buckets);
    const unsafeIn = new Int32Array(buckets);
    for (let i = 0; i < count; i++) {
      const b = bucketOf[i] as number;
      const c = alive[i] as number;
      total[b] = (total[b] as number) + (this.size[c] as number);
      classesIn[b] = (classesIn[b] as number) + 1;
      unsafeIn[b] = (unsafeIn[b] as number) + (this.unsafe[c] as number);
    }
    const candidate = new Uint8Array(buckets);
    let any = false;
    for (let b = 0; b < buckets; b++) {
      if (
        (unsafeIn[b] as number) > 0 &&
        (classesIn[b] as number) > 1 &&
        (total[b] as number) >= this.input.k
      ) {
        candidate[b] = 1;
        any = true;
      }
    }
    if (!any) return false;
    // The classes of each candidate bucket, in alive order.
    const start = new Int32Array(buckets + 1);
    for (let i = 0; i < count; i++) {
      const b = bucketOf[i] as number;
      if (candidate[b] === 1) start[b + 1] = (start[b + 1] as number) + 1;
    }
    for (let b = 0; b < buckets; b++)
      start[b + 1] = (start[b + 1] as number) + (start[b] as number);
    const next = start.slice(0, buckets);
    const inBucket = new Int32Array(start[buckets] as number);
    for (let i = 0; i < count; i++) {
      const b = bucketOf[i] as number;
      if (candidate[b] === 1) inBucket[(next[b] as number)++] = alive[i] as number;
    }
    let merged = false;
    const before = this.classes;
    const m = this.classCodes.length;
    for (let b = 0; b < buckets; b++) {
      if (candidate[b] !== 1) continue;
      const from = start[b] as number;
      const to = start[b + 1] as number;
      let rows: Int32Array | null = null;
      if (this.input.valid !== undefined) {
        rows = new Int32Array(total[b] as number);
        let at = 0;
        for (let i = from; i < to; i++) {
          const part = this.members[inBucket[i] as number] as Int32Array;
          rows.set(part, at);
          at += part.length;
        }
        if (!this.input.valid(rows, 0, rows.length)) continue;
      }
      const id = this.classes++;
      const first = inBucket[from] as number;
      for (let j = 0; j < m; j++) {
        const column = this.classCodes[j] as Int32Array;
        column[id] =
          pattern[j] === 1 && this.unsafe[first] === 1
            ? (this.input.star[j] as number)
            : (column[first] as number);
      }
      this.size[id] = total[b] as number;
      this.members[id] = rows;
      for (let i = from; i < to; i++) {
        const c = inBucket[i] as number;
        this.forward[c] = id;
        if (this.unsafe[c] === 1) this.unsafeCount--;
        this.members[c] = null;
      }
      merged = true;
    }
    if (merged) {
      // Survivors keep their order; the classes just made (ids from `before`) follow.
      let w = 0;
      for (let i = 0; i < this.aliveCount; i++) {
        const c = this.alive[i] as number;
        if ((this.forward[c] as number) < 0) this.alive[w++] = c;
      }
      for (let c = before; c < this.classes; c++) this.alive[w++] = c;
      this.aliveCount = w;
    }
    return merged;
  }

  /** The final class of a class id. */
  private resolve(c: number): number {
    let x = c;
    while ((this.forward[x] as number) >= 0) x = this.forward[x] as number;
    return x;
  }

  /** Output codes of every row, from its class. */
  rowCodes(): Int32Array[] {
    const n = this.input.rows;
    const out = this.classCodes.map(() => new Int32Array(n));
    for (let r = 0; r < n; r++) {
      const c = this.resolve(this.classOfRow[r] as number);
      this.classCodes.forEach((column, j) => ((out[j] as Int32Array)[r] = column[c] as number));
    }
    return out;
  }

  /** Rows whose class is still unsafe. */
  unsafeRows(): Int32Array {
    const rows: number[] = [];
    for (let r = 0; r < this.input.rows; r++) {
      if (this.unsafe[this.resolve(this.classOfRow[r] as number)] === 1) rows.push(r);
    }
    return Int32Array.from(rows);
  }
}

/** The classes of the rows by output tuple: class of each row, count, and rows per class (CSR). */
function classesOfRows(
  input: SuppressionInput,
  out: readonly Int32Array[],
): { classOf: Int32Array; count: number; start: Int32Array; order: Int32Array } {
  const n = input.rows;
  const builder = new KeyBuilder();
  const items = new Int32Array(n);
  for (let r = 0; r < n; r++) items[r] = r;
  builder.begin(n);
  const identity = identities(input.cardinality);
  out.forEach((column, j) => {
    builder.append(column, identity[j] as Int32Array, items, input.cardinality[j] as number);
  });
  const classOf = new Int32Array(n);
  const count = builder.finish(classOf);
  const start = new Int32Array(count + 1);
  for (const c of classOf) start[c + 1] = (start[c + 1] as number) + 1;
  for (let c = 0; c < count; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const next = start.slice(0, count);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[(next[classOf[r] as number] as number)++] = r;
  return { classOf, count, start, order };
}

/**
 * Suppresses every quasi-identifier of the `pending` rows, then makes the all-token class valid
 * (module comment, step 3). Returns the output codes, or null when no suppression makes it valid.
 */
function fixUp(input: SuppressionInput, out: Int32Array[], pending: Int32Array): SuppressionOutput {
  const { star, k } = input;
  const m = out.length;
  for (const r of pending)
    for (let j = 0; j < m; j++) (out[j] as Int32Array)[r] = star[j] as number;
  const { count, start, order } = classesOfRows(input, out);
  // The all-token class, if any row has every column suppressed.
  let all = -1;
  for (let c = 0; c < count && all < 0; c++) {
    const r = order[start[c] as number] as number;
    let every = true;
    for (let j = 0; j < m && every; j++) every = (out[j] as Int32Array)[r] === star[j];
    if (every) all = c;
  }
  if (all < 0) return out;
  const valid = input.valid;
  const allRows = (): Int32Array => {
    const rows: number[] = [];
    for (let r = 0; r < input.rows; r++) {
      let every = true;
      for (let j = 0; j < m && every; j++) every = (out[j] as Int32Array)[r] === star[j];
      if (every) rows.push(r);
    }
    return Int32Array.from(rows);
  };
  const allSize = (start[all + 1] as number) - (start[all] as number);
  const isAllValid = (): boolean => {
    if (valid === undefined) return false;
    const rows = allRows();
    return valid(rows, 0, rows.length);
  };
  if (valid === undefined ? allSize >= k : isAllValid()) return out;

  // The cost of suppressing one more row of class c: its cells not yet the token.
  const costOf = new Int32Array(count);
  for (let c = 0; c < count; c++) {
    const r = order[start[c] as number] as number;
    let cost = 0;
    for (let j = 0; j < m; j++) if ((out[j] as Int32Array)[r] !== star[j]) cost++;
    costOf[c] = cost;
  }
  const others = Array.from({ length: count }, (_, c) => c).filter((c) => c !== all);
  const sizeOf = (c: number): number => (start[c + 1] as number) - (start[c] as number);
  const suppressRow = (r: number): void => {
    for (let j = 0; j < m; j++) (out[j] as Int32Array)[r] = star[j] as number;
  };
  const suppressClass = (c: number): void => {
    for (let i = start[c] as number; i < (start[c + 1] as number); i++)
      suppressRow(order[i] as number);
  };
  const byWholeCost = others
    .slice()
    .sort((a, b) => sizeOf(a) * (costOf[a] as number) - sizeOf(b) * (costOf[b] as number) || a - b);

  if (valid === undefined) {
    const deficit = k - allSize;
    // (a) surplus rows of valid classes, cheapest first; the last rows of each class go first.
    const bySurplusCost = others
      .filter((c) => sizeOf(c) > k)
      .sort((a, b) => (costOf[a] as number) - (costOf[b] as number) || a - b);
    let surplusCost = 0;
    let need = deficit;
    const surplusRows: number[] = [];
    for (const c of bySurplusCost) {
      const take = Math.min(need, sizeOf(c) - k);
      for (let t = 0; t < take; t++)
        surplusRows.push(order[(start[c + 1] as number) - 1 - t] as number);
      surplusCost += take * (costOf[c] as number);
      need -= take;
      if (need === 0) break;
    }
    // (b) the cheapest whole class.
    const whole = byWholeCost[0];
    const wholeCost = whole === undefined ? Infinity : sizeOf(whole) * (costOf[whole] as number);
    if (need === 0 && surplusCost <= wholeCost) {
      for (const r of surplusRows) suppressRow(r);
      return out;
    }
    if (whole === undefined) return null;
    suppressClass(whole);
    return out;
  }
  for (const c of byWholeCost) {
    suppressClass(c);
    if (isAllValid()) return out;
  }
  return null;
}
