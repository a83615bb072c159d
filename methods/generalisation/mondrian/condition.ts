/**
 * The split condition of Mondrian: a cut is allowable when every part it makes satisfies the
 * privacy models. Everything the partitioning kernel knows about the models goes through
 * {@link SplitCondition}, so that k-anonymity alone and k-anonymity with l-diversity and
 * t-closeness are the same kernel.
 */
import { HistogramBuilder } from '../../../src/privacy/histogram.js';
import type {
  PrivacyModels,
  SensitiveColumn,
  SensitivePredicate,
} from '../../../src/privacy/model.js';

/** Whether a set of rows may form a partition. */
export interface SplitCondition {
  /** The k of k-anonymity: no partition may have fewer rows. */
  readonly k: number;
  /**
   * True when the rows `rows[from]` … `rows[to − 1]` (indices into the table) satisfy every model,
   * k-anonymity included.
   */
  isValid(rows: Int32Array, from: number, to: number): boolean;
  /**
   * For many cuts of one range at once (absent for k-anonymity alone, where sizes say it all):
   * for each cut position `cuts[c]` (ascending, from < cut < to), sets `left[c]` to 1 when
   * rows[from … cut − 1] satisfies the sensitive models and `right[c]` to 1 when rows[cut … to − 1]
   * does (sizes are not checked). Runs in one pass each way, O(to − from) plus one evaluation of
   * the predicates per cut, instead of O(to − from) per cut.
   */
  cutValidity?(
    rows: Int32Array,
    from: number,
    to: number,
    cuts: readonly number[],
    left: Uint8Array,
    right: Uint8Array,
  ): void;
}

/** Something that judges a set of rows by the models on sensitive columns (l-diversity, t-closeness). */
export interface RowsPredicate {
  isValidRows(rows: Int32Array, from: number, to: number): boolean;
  /** The models and the columns they read (a `ModelEvaluator` has both), for {@link SplitCondition.cutValidity}. */
  readonly models?: PrivacyModels;
  readonly columns?: readonly SensitiveColumn[];
}

/**
 * The split condition of k-anonymity, and of the sensitive models judged by `sensitive` if given:
 * a part is valid iff it has at least k rows and `sensitive` accepts it.
 *
 * @example
 * splitCondition(5).isValid(rows, 0, 5) // => true
 */
export function splitCondition(k: number, sensitive?: RowsPredicate): SplitCondition {
  if (sensitive === undefined) {
    return { k, isValid: (_rows, from, to) => to - from >= k };
  }
  const condition: SplitCondition = {
    k,
    isValid: (rows, from, to) => to - from >= k && sensitive.isValidRows(rows, from, to),
  };
  const { models, columns } = sensitive;
  if (models !== undefined && columns !== undefined) {
    condition.cutValidity = cutValidityOf(models, columns);
  }
  return condition;
}

/** The sensitive models of each column they read, with a histogram builder for it. */
interface ColumnModels {
  codes: Int32Array;
  builder: HistogramBuilder;
  predicates: SensitivePredicate[];
}

function cutValidityOf(
  models: PrivacyModels,
  columns: readonly SensitiveColumn[],
): NonNullable<SplitCondition['cutValidity']> {
  const used: ColumnModels[] = [];
  for (const p of models.sensitive) {
    const column = columns.find((c) => c.name === p.column);
    if (column === undefined) throw new RangeError(`no sensitive column "${p.column}"`);
    let entry = used.find((u) => u.codes === column.codes);
    if (entry === undefined) {
      entry = { codes: column.codes, builder: new HistogramBuilder(column), predicates: [] };
      used.push(entry);
    }
    entry.predicates.push(p);
  }
  const valid = (): boolean => used.every((u) => u.predicates.every((p) => p.isValid(u.builder)));
  const add = (row: number): void => {
    for (const u of used) u.builder.add(u.codes[row] as number);
  };
  const reset = (): void => {
    for (const u of used) u.builder.reset();
  };
  return (rows, from, to, cuts, left, right) => {
    // Prefixes: the part before cut c holds rows[from … cuts[c] − 1].
    reset();
    let c = 0;
    for (let i = from; i < to && c < cuts.length; i++) {
      while (c < cuts.length && cuts[c] === i) left[c++] = valid() ? 1 : 0;
      add(rows[i] as number);
    }
    // Suffixes: the part from cut c holds rows[cuts[c] … to − 1].
    reset();
    c = cuts.length - 1;
    for (let i = to - 1; i >= from && c >= 0; i--) {
      add(rows[i] as number);
      while (c >= 0 && cuts[c] === i) right[c--] = valid() ? 1 : 0;
    }
  };
}
