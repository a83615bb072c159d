/**
 * Privacy models as predicates on equivalence classes, the shape every method shares.
 *
 * An equivalence class is a set of records with equal (generalised) quasi-identifiers. k-anonymity
 * judges a class by its size; l-diversity and t-closeness judge it by the distribution of one
 * sensitive column inside it. Every method (lattice search, Mondrian, microaggregation, local
 * suppression) hands each class to the same predicates, as a {@link SensitiveHistogram} per
 * sensitive column.
 *
 * Missing values (the rule, case B10): a missing sensitive value is not a value. It is counted in
 * `missing`, never in the histogram, so it adds nothing to l and is not part of the distribution
 * compared by t-closeness. A missing quasi-identifier value is an ordinary value ('') of its
 * column: records missing it form their own class unless the column is generalised.
 *
 * Monotonicity (what the lattice search may predict), for a class predicate P:
 * - P is *monotone* when the union of two valid classes is valid. Then, without record
 *   suppression, every generalisation of a satisfying transformation satisfies.
 * - P is *monotone with suppression* when the union of a valid class with any class is valid. Only
 *   then does the number of suppressed records never grow under generalisation, so that Flash may
 *   tag by prediction when records may be suppressed.
 */
import type { Hierarchy } from '../hierarchy/hierarchy.js';

/**
 * One sensitive column, dictionary-encoded over its non-missing values.
 * Codes run 0 … values.length − 1; a missing cell has code −1.
 */
export interface SensitiveColumn {
  readonly name: string;
  /** The distinct non-missing values, as text, in code order. */
  readonly values: readonly string[];
  /** The code of each row; −1 for a missing cell. */
  readonly codes: Int32Array;
  /** Rows per code over the whole input: the reference distribution of t-closeness. */
  readonly overall: Float64Array;
  /** Rows whose value is missing, over the whole input. */
  readonly missing: number;
  /**
   * The rank of each code in the column's order, for ordered distances: numeric ascending for a
   * numeric or date column, else the order of first appearance unless an order was declared.
   */
  readonly rank: Int32Array;
  /** The column's hierarchy, if it has one (for the hierarchical distance). */
  readonly hierarchy?: Hierarchy;
  /**
   * True when `rank` is a meaningful order (a numeric or date column, or a declared order): then
   * t-closeness defaults to the ordered distance. Absent means false.
   */
  readonly ordered?: boolean;
}

/**
 * The sensitive values of one class in one sensitive column: a sparse histogram of the codes
 * present (in no particular order) with their row counts. Only entries 0 … length − 1 are valid;
 * the arrays may be longer (scratch buffers reused across classes).
 */
export interface SensitiveHistogram {
  readonly codes: Int32Array;
  readonly counts: Float64Array;
  /** Number of distinct codes present. */
  readonly length: number;
  /** Σ counts: the class's records with a non-missing value. */
  readonly total: number;
  /** The class's records with a missing value. */
  readonly missing: number;
}

/** A privacy model on the sensitive distribution of a class (l-diversity, t-closeness). */
export interface SensitivePredicate {
  /** For reports: `distinct-2-diversity on "disease"`, `0.2-closeness on "salary"`. */
  readonly name: string;
  /** `l-diversity` or `t-closeness`. */
  readonly model: 'l-diversity' | 't-closeness';
  /** The sensitive column it reads. */
  readonly column: string;
  /** The union of two valid classes is valid. */
  readonly monotone: boolean;
  /** The union of a valid class with any class is valid (see the module comment). */
  readonly monotoneWithSuppression: boolean;
  /**
   * A weaker predicate that is monotone with suppression and holds on every class this one
   * accepts (entropy l-diversity implies distinct ⌈l⌉-diversity). When the models are not
   * monotone under suppression, the lattice search prefilters with it.
   */
  readonly implies?: SensitivePredicate;
  /** True when the class is valid. */
  isValid(histogram: SensitiveHistogram): boolean;
  /**
   * What the model measures in the class: the l reached (distinct values, exp of the entropy, or
   * the largest l for which (c,l) holds) or the t reached (the distance to the overall
   * distribution). For a whole release, the report gives the least l / the greatest t over the
   * released classes.
   */
  measure(histogram: SensitiveHistogram): number;
}

/**
 * The privacy models a release must satisfy, all at once: k-anonymity (every class has at least
 * k records) and any number of sensitive predicates.
 */
export interface PrivacyModels {
  readonly k: number;
  readonly sensitive: readonly SensitivePredicate[];
}

/** True when k-anonymity and every sensitive predicate may be used for prediction with suppression. */
export function monotoneWithSuppression(models: PrivacyModels): boolean {
  return models.sensitive.every((p) => p.monotoneWithSuppression);
}

/** True when every predicate is monotone without suppression (all the models here are). */
export function monotone(models: PrivacyModels): boolean {
  return models.sensitive.every((p) => p.monotone);
}
