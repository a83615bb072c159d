/**
 * Sensitive histograms of equivalence classes, on typed arrays, and the evaluation of all the
 * privacy models of a release on a class: the kernel every method (lattice search, Mondrian, MDAV,
 * local suppression) calls on its candidate groups.
 *
 * A {@link HistogramBuilder} counts the codes of one sensitive column over the rows of one class and
 * is reset in O(values present), so that one builder serves every class. A {@link ModelEvaluator}
 * holds one builder per sensitive column and answers "is this group of rows valid under k and
 * every predicate?" without allocating.
 */
import { DatanonymeError } from '../errors.js';
import type {
  PrivacyModels,
  SensitiveColumn,
  SensitiveHistogram,
  SensitivePredicate,
} from './model.js';

/**
 * Builds the sparse histogram of one class in one sensitive column; reusable across classes.
 * The builder is itself the histogram ({@link HistogramBuilder.histogram} returns it): a live view,
 * valid until the next `reset` or `add`.
 */
export class HistogramBuilder implements SensitiveHistogram {
  /** The codes present, entries 0 … length − 1 (in order of first addition). */
  readonly codes: Int32Array;
  /** Their counts (summed weights). */
  readonly counts: Float64Array;
  /** slot[code] = the position of `code` in `codes`, or −1. */
  private readonly slot: Int32Array;
  private present = 0;
  private sum = 0;
  private absent = 0;

  /**
   * @param domain - the number of codes (codes run 0 … domain − 1), or the column whose
   *   `values.length` it is.
   * @example
   * new HistogramBuilder(column).add(2).histogram().length // => 1
   */
  constructor(domain: number | SensitiveColumn) {
    const size = typeof domain === 'number' ? domain : domain.values.length;
    this.codes = new Int32Array(size);
    this.counts = new Float64Array(size);
    this.slot = new Int32Array(size).fill(-1);
  }

  /** Number of distinct codes present. */
  get length(): number {
    return this.present;
  }

  /** Σ counts: the weight of the non-missing values added. */
  get total(): number {
    return this.sum;
  }

  /** The weight of the missing values (code −1) added. */
  get missing(): number {
    return this.absent;
  }

  /** Empties the histogram, in O(codes present). */
  reset(): void {
    const slot = this.slot;
    const codes = this.codes;
    for (let i = 0; i < this.present; i++) slot[codes[i] as number] = -1;
    this.present = 0;
    this.sum = 0;
    this.absent = 0;
  }

  /**
   * Adds one value: `code` in 0 … domain − 1, or −1 for a missing value.
   *
   * @param weight - how many records it stands for. @defaultValue 1
   * @returns this builder, for chaining.
   * @throws RangeError when `code` is outside −1 … domain − 1 (a bug in the caller).
   */
  add(code: number, weight = 1): this {
    if (code < 0) {
      if (code !== -1) throw new RangeError(`code ${code} is not a sensitive code`);
      this.absent += weight;
      return this;
    }
    let at = this.slot[code];
    if (at === undefined) throw new RangeError(`code ${code} is outside the domain`);
    if (at < 0) {
      at = this.present++;
      this.slot[code] = at;
      this.codes[at] = code;
      this.counts[at] = 0;
    }
    this.counts[at] = (this.counts[at] as number) + weight;
    this.sum += weight;
    return this;
  }

  /** Adds the codes of `rows[from … to − 1]` (row indices into `codes`), weight 1 each. */
  addRows(codes: Int32Array, rows: ArrayLike<number>, from = 0, to = rows.length): void {
    const slot = this.slot;
    const present = this.codes;
    const counts = this.counts;
    let size = this.present;
    let sum = 0;
    let absent = 0;
    for (let i = from; i < to; i++) {
      const code = codes[rows[i] as number] as number;
      if (code < 0) {
        if (code !== -1) throw new RangeError(`code ${code} is not a sensitive code`);
        absent++;
        continue;
      }
      let at = slot[code];
      if (at === undefined) throw new RangeError(`code ${code} is outside the domain`);
      if (at < 0) {
        at = size++;
        slot[code] = at;
        present[at] = code;
        counts[at] = 0;
      }
      counts[at] = (counts[at] as number) + 1;
      sum++;
    }
    this.present = size;
    this.sum += sum;
    this.absent += absent;
  }

  /** The histogram built so far: this builder, as a live view. */
  histogram(): SensitiveHistogram {
    return this;
  }
}

/**
 * The sensitive columns the predicates of `models` read, each once, in order of first appearance
 * in `models.sensitive`: the order of the `histograms` argument of {@link checkClass}.
 *
 * @example
 * sensitiveColumnsOf({ k: 2, sensitive: [distinctLDiversity('a', 2), tCloseness(b, 0.2)] }) // => ['a', 'b']
 */
export function sensitiveColumnsOf(models: PrivacyModels): string[] {
  const names: string[] = [];
  for (const p of models.sensitive) if (!names.includes(p.column)) names.push(p.column);
  return names;
}

/**
 * True when a class of `size` records is valid under every model: size ≥ k, and every sensitive
 * predicate accepts the histogram of its column. `histograms[j]` is the class's histogram of the
 * column `sensitiveColumnsOf(models)[j]`.
 *
 * @throws RangeError when a predicate's column has no histogram (a bug in the caller).
 * @example
 * checkClass(3, [h], { k: 2, sensitive: [distinctLDiversity('smoker', 2)] }) // => true when h is {yes × 2, no × 1}
 */
export function checkClass(
  size: number,
  histograms: readonly SensitiveHistogram[],
  models: PrivacyModels,
): boolean {
  if (size < models.k) return false;
  const predicates = models.sensitive;
  for (let i = 0; i < predicates.length; i++) {
    const p = predicates[i] as SensitivePredicate;
    // The index of p.column among the distinct columns, without allocating: the number of
    // distinct columns read before the first predicate on p.column.
    let first = 0;
    while ((predicates[first] as SensitivePredicate).column !== p.column) first++;
    let at = 0;
    for (let e = 0; e < first; e++) if (isFirst(predicates, e)) at++;
    const h = histograms[at];
    if (h === undefined) throw new RangeError(`no histogram for sensitive column "${p.column}"`);
    if (!p.isValid(h)) return false;
  }
  return true;
}

/** True when no predicate before `i` reads the column of predicate `i`. */
function isFirst(predicates: readonly SensitivePredicate[], i: number): boolean {
  const column = (predicates[i] as SensitivePredicate).column;
  for (let e = 0; e < i; e++)
    if ((predicates[e] as SensitivePredicate).column === column) return false;
  return true;
}

/** One privacy model's outcome over a release, for reports. */
export interface ModelOutcome {
  /** The predicate's name, such as `distinct-2-diversity on "disease"`. */
  readonly name: string;
  readonly model: 'l-diversity' | 't-closeness';
  readonly column: string;
  /** The l or t asked for (NaN for a predicate that does not expose it). */
  readonly required: number;
  /**
   * The least l (l-diversity) or the greatest t (t-closeness) measured over the kept classes;
   * null when no class is kept.
   */
  readonly reached: number | null;
}

/** What a release reached under its privacy models. */
export interface ModelSummary {
  /** The size of the smallest kept class (the k reached); 0 when no class is kept. */
  readonly minClassSize: number;
  readonly perModel: readonly ModelOutcome[];
  /** Per sensitive column: how many records of the kept classes have a missing value. */
  readonly missingSensitive: Record<string, number>;
}

/**
 * Evaluates k-anonymity and every sensitive predicate of a release on groups of rows. Methods call
 * {@link ModelEvaluator.isValidRows} on candidate groups (it allocates nothing), and
 * {@link ModelEvaluator.summarise} once on the final classes for the report.
 */
export class ModelEvaluator {
  readonly models: PrivacyModels;
  readonly columns: readonly SensitiveColumn[];
  /** One builder per column of `columns`. */
  private readonly builders: HistogramBuilder[];
  /** The columns (indices into `columns`) some predicate reads, in order of first use. */
  private readonly used: Int32Array;
  /** For each used column (same order), the predicates that read it. */
  private readonly byColumn: SensitivePredicate[][];

  /**
   * @param models - k and the sensitive predicates.
   * @param columns - the encoded sensitive columns; every predicate's column must be among them.
   * @throws DatanonymeError `BAD_CONFIG` naming the column when a predicate reads a column that is
   *   not in `columns`.
   * @example
   * new ModelEvaluator({ k: 2, sensitive: [distinctLDiversity('smoker', 2)] }, [smoker]);
   */
  constructor(models: PrivacyModels, columns: readonly SensitiveColumn[]) {
    this.models = models;
    this.columns = columns;
    this.builders = columns.map((c) => new HistogramBuilder(c));
    const used: number[] = [];
    this.byColumn = [];
    for (const p of models.sensitive) {
      const at = columns.findIndex((c) => c.name === p.column);
      if (at < 0) {
        throw new DatanonymeError(
          'BAD_CONFIG',
          `${p.name}: "${p.column}" is not one of the sensitive columns (${columns.map((c) => `"${c.name}"`).join(', ') || 'none'})`,
          { column: p.column },
        );
      }
      let u = used.indexOf(at);
      if (u < 0) {
        u = used.length;
        used.push(at);
        this.byColumn.push([]);
      }
      (this.byColumn[u] as SensitivePredicate[]).push(p);
    }
    this.used = Int32Array.from(used);
  }

  /**
   * True when the rows `rows[from … to − 1]` (row indices into the columns' codes), taken as one
   * class, satisfy k-anonymity and every sensitive predicate. Allocates nothing; stops at the first
   * failing model.
   *
   * @example
   * evaluator.isValidRows(Int32Array.of(0, 1, 2)) // => true when rows 0–2 form a valid class
   */
  isValidRows(rows: ArrayLike<number>, from = 0, to: number = rows.length): boolean {
    if (to - from < this.models.k) return false;
    for (let u = 0; u < this.used.length; u++) {
      const at = this.used[u] as number;
      const builder = this.builders[at] as HistogramBuilder;
      builder.reset();
      builder.addRows((this.columns[at] as SensitiveColumn).codes, rows, from, to);
      const predicates = this.byColumn[u] as SensitivePredicate[];
      for (const p of predicates) if (!p.isValid(builder)) return false;
    }
    return true;
  }

  /**
   * The measure of every sensitive predicate (in the order of `models.sensitive`) on the rows
   * `rows[from … to − 1]` taken as one class: the l reached, or the EMD.
   *
   * @param out - where to write them. @defaultValue a new array
   * @example
   * evaluator.measureRows(Int32Array.of(0, 1, 2)) // => Float64Array [2, 1.8899…]
   */
  measureRows(
    rows: ArrayLike<number>,
    from = 0,
    to: number = rows.length,
    out: Float64Array = new Float64Array(this.models.sensitive.length),
  ): Float64Array {
    const predicates = this.models.sensitive;
    for (let u = 0; u < this.used.length; u++) {
      const at = this.used[u] as number;
      const builder = this.builders[at] as HistogramBuilder;
      builder.reset();
      builder.addRows((this.columns[at] as SensitiveColumn).codes, rows, from, to);
      const name = (this.columns[at] as SensitiveColumn).name;
      for (let i = 0; i < predicates.length; i++) {
        const p = predicates[i] as SensitivePredicate;
        if (p.column === name) out[i] = p.measure(builder);
      }
    }
    return out;
  }

  /**
   * What a release reached: the smallest kept class, the least l / greatest t of each predicate
   * over the kept classes, and the missing sensitive values in them.
   *
   * @param classOfRow - the class of each row, 0 … classes − 1; a negative value leaves the row out
   *   (a removed row).
   * @param classes - the number of classes.
   * @param kept - per class, non-zero when the class is released as such (not suppressed).
   *   @defaultValue every class kept
   * @example
   * evaluator.summarise(Int32Array.of(0, 0, 0, 1, 1), 2).minClassSize // => 2
   */
  summarise(classOfRow: Int32Array, classes: number, kept?: Uint8Array): ModelSummary {
    const sizes = new Int32Array(classes + 1);
    for (const c of classOfRow) if (c >= 0) sizes[c + 1] = (sizes[c + 1] as number) + 1;
    for (let c = 0; c < classes; c++)
      sizes[c + 1] = (sizes[c + 1] as number) + (sizes[c] as number);
    const start = sizes; // start[c] … start[c + 1] − 1: the rows of class c in `order`
    const order = new Int32Array(start[classes] as number);
    const next = start.slice(0, classes);
    classOfRow.forEach((c, row) => {
      if (c >= 0) order[(next[c] as number)++] = row;
    });
    const predicates = this.models.sensitive;
    const reached: (number | null)[] = predicates.map(() => null);
    const measures = new Float64Array(predicates.length);
    const missing = new Float64Array(this.columns.length);
    let minClassSize = 0;
    for (let c = 0; c < classes; c++) {
      const from = start[c] as number;
      const to = start[c + 1] as number;
      if (to === from || (kept !== undefined && kept[c] === 0)) continue;
      const size = to - from;
      minClassSize = minClassSize === 0 ? size : Math.min(minClassSize, size);
      this.measureRows(order, from, to, measures);
      predicates.forEach((p, i) => {
        const value = measures[i] as number;
        const best = reached[i];
        reached[i] =
          best === null || best === undefined
            ? value
            : p.model === 'l-diversity'
              ? Math.min(best, value)
              : Math.max(best, value);
      });
      this.columns.forEach((column, j) => {
        let count = 0;
        for (let i = from; i < to; i++) if (column.codes[order[i] as number] === -1) count++;
        missing[j] = (missing[j] as number) + count;
      });
    }
    const missingSensitive: Record<string, number> = {};
    this.columns.forEach((column, j) => (missingSensitive[column.name] = missing[j] as number));
    return {
      minClassSize,
      perModel: predicates.map((p, i) => ({
        name: p.name,
        model: p.model,
        column: p.column,
        required: requiredOf(p),
        reached: reached[i] ?? null,
      })),
      missingSensitive,
    };
  }
}

/** The l or t a predicate asks for, when it exposes it (the predicates of this folder do). */
function requiredOf(p: SensitivePredicate): number {
  const record = p as unknown as Record<string, unknown>;
  const value = p.model === 'l-diversity' ? record.l : record.t;
  return typeof value === 'number' ? value : Number.NaN;
}
