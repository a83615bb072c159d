/**
 * The split condition of Mondrian: a cut is allowable when every part it makes satisfies the
 * privacy models. Everything the partitioning kernel knows about the models goes through
 * {@link SplitCondition.isValid}, so that k-anonymity alone and k-anonymity with l-diversity and
 * t-closeness are the same kernel.
 */

/** Whether a set of rows may form a partition. */
export interface SplitCondition {
  /** The k of k-anonymity: no partition may have fewer rows. */
  readonly k: number;
  /**
   * True when the rows `rows[from]` … `rows[to − 1]` (indices into the table) satisfy every model.
   * Implementations may assume `to − from ≥ k` (the kernel checks sizes first).
   */
  isValid(rows: Int32Array, from: number, to: number): boolean;
}

/** Something that judges a set of rows by the models on sensitive columns (l-diversity, t-closeness). */
export interface RowsPredicate {
  isValidRows(rows: Int32Array, from: number, to: number): boolean;
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
  return {
    k,
    isValid: (rows, from, to) => to - from >= k && sensitive.isValidRows(rows, from, to),
  };
}
