/**
 * l-diversity as predicates on the sensitive histogram of an equivalence class.
 *
 * Definitions (Machanavajjhala, Kifer, Gehrke, Venkitasubramaniam, "l-diversity: privacy beyond
 * k-anonymity", ACM TKDD 1(1), 2007), over the class's non-missing sensitive values only (a missing
 * value is not a value: case B10, see model.ts):
 * - distinct l-diversity: the class holds at least l distinct values;
 * - entropy l-diversity: −Σ p(s) ln p(s) ≥ ln l, p(s) the share of value s in the class;
 * - recursive (c,l)-diversity: with the value counts sorted r1 ≥ r2 ≥ … ≥ rm, m ≥ l and
 *   r1 < c·(r_l + r_{l+1} + … + r_m).
 * A class with no non-missing value has no diversity at all (distinct l = 0) and fails every
 * variant, whatever l.
 *
 * Monotonicity (see model.ts for what the flags mean):
 * - All three are monotone: the union of two valid classes is valid. Distinct: the union holds
 *   every value of either class. Entropy: the distribution of the union is a mixture λP + (1−λ)Q of
 *   the two, and entropy is concave, so H(λP + (1−λ)Q) ≥ λH(P) + (1−λ)H(Q) ≥ ln l.
 *   Recursive (c,l): Machanavajjhala et al. 2007 prove it (with entropy l-diversity) monotone, where
 *   they adapt Incognito to l-diversity.
 * - Only distinct l-diversity is monotone with suppression: adding ANY records to a class never
 *   removes a distinct value. Entropy and recursive are not. Counter-example: the class {a, b} is
 *   entropy 2-diverse (H = ln 2) and recursive (2,2)-diverse (r1 = 1 < 2·r2 = 2); add the class
 *   {a × 10} and the union {a × 11, b × 1} has H = −(11/12) ln(11/12) − (1/12) ln(1/12) ≈ 0.287 <
 *   ln 2 ≈ 0.693, and r1 = 11 ≥ 2·1. The test file demonstrates both. (With l = 1 every variant
 *   only asks for one non-missing value, which no union removes: then all are monotone with
 *   suppression.)
 */
import { DatanonymeError } from '../errors.js';
import type { SensitiveHistogram, SensitivePredicate } from './model.js';
import { sortPrefix } from './sort.js';

/** The l-diversity variants. */
export type LDiversityVariant = 'distinct' | 'entropy' | 'recursive';

/** An l-diversity predicate, with its parameters for reports. */
export interface LDiversityPredicate extends SensitivePredicate {
  readonly model: 'l-diversity';
  readonly variant: LDiversityVariant;
  readonly l: number;
  /** Recursive (c,l)-diversity only. */
  readonly c?: number;
}

/** Relative tolerance of the entropy test, so that l equally frequent values give exactly l. */
const ENTROPY_TOLERANCE = 1e-12;

/**
 * Distinct l-diversity on `column`: a class is valid iff it holds at least `l` distinct non-missing
 * values. Measure: the number of distinct non-missing values (0 for a class with none).
 *
 * Reference: Machanavajjhala et al., TKDD 2007 (the l-diversity principle; distinct l-diversity).
 *
 * @param column - the sensitive column it reads.
 * @param l - an integer ≥ 1 (l = 1 asks for one non-missing value).
 * @throws DatanonymeError `BAD_PARAMETER` naming `l` when it is not an integer ≥ 1.
 * @example
 * distinctLDiversity('disease', 2).name // => 'distinct-2-diversity on "disease"'
 */
export function distinctLDiversity(column: string, l: number): LDiversityPredicate {
  assertL(l, true);
  const measure = (h: SensitiveHistogram): number => {
    let distinct = 0;
    for (let i = 0; i < h.length; i++) if ((h.counts[i] as number) > 0) distinct++;
    return distinct;
  };
  return {
    name: `distinct-${l}-diversity on "${column}"`,
    model: 'l-diversity',
    variant: 'distinct',
    column,
    l,
    // Union of two valid classes holds the values of both: still ≥ l.
    monotone: true,
    // Adding records never removes a distinct value.
    monotoneWithSuppression: true,
    isValid: (h: SensitiveHistogram): boolean => measure(h) >= l,
    measure,
  };
}

/**
 * Entropy l-diversity on `column`: a class is valid iff the Shannon entropy (natural log) of its
 * non-missing values is at least ln l, −Σ p ln p ≥ ln l, with a relative tolerance of 1e-12 so that
 * a class of exactly l equally frequent values passes. Measure: exp(entropy), the "effective
 * number" of values (0 for a class with no non-missing value, which fails).
 *
 * Reference: Machanavajjhala et al., TKDD 2007, entropy l-diversity.
 *
 * @param column - the sensitive column it reads.
 * @param l - a real number ≥ 1.
 * @throws DatanonymeError `BAD_PARAMETER` naming `l` when it is not a finite number ≥ 1.
 * @example
 * entropyLDiversity('smoker', 2).measure(h) // => 1.8899… when h is {yes × 2, no × 1}
 */
export function entropyLDiversity(column: string, l: number): LDiversityPredicate {
  assertL(l, false);
  const bound = Math.log(l);
  const slack = ENTROPY_TOLERANCE * Math.max(1, bound);
  return {
    name: `entropy-${l}-diversity on "${column}"`,
    model: 'l-diversity',
    variant: 'entropy',
    column,
    l,
    // Entropy is concave: the entropy of a mixture is at least the mixed entropies (≥ ln l).
    monotone: true,
    // Not for l > 1: {a, b} ∪ {a × 10} loses entropy (module comment). l = 1: one value suffices.
    monotoneWithSuppression: l === 1,
    // m distinct values give entropy ≤ ln m, so a valid class has m ≥ l·e^(−slack) values.
    implies: distinctLDiversity(column, Math.max(1, Math.ceil(l * Math.exp(-slack) * (1 - 1e-12)))),
    isValid: (h: SensitiveHistogram): boolean => h.total > 0 && entropy(h) >= bound - slack,
    measure: (h: SensitiveHistogram): number => (h.total > 0 ? Math.exp(entropy(h)) : 0),
  };
}

/**
 * Recursive (c,l)-diversity on `column`: with the non-missing value counts of a class sorted
 * r1 ≥ … ≥ rm, a class is valid iff m ≥ l and r1 < c·(r_l + … + r_m): the most frequent value is
 * not too frequent even after removing the l − 2 next most frequent ones. For l = 1 the formula
 * degenerates (r1 < c·Σr fails for c ≤ 1 with one value); here l = 1 asks only for one non-missing
 * value, like the other variants.
 *
 * Measure: the largest l′ for which (c,l′) holds: 0 for a class with no non-missing value, else the
 * largest l′ in 2 … m with r1 < c·(r_{l′} + … + r_m), or 1 when none does. The condition only
 * weakens as l′ falls (its tail sum grows), so the class is valid iff measure ≥ l.
 *
 * Reference: Machanavajjhala et al., TKDD 2007, recursive (c,l)-diversity.
 *
 * @param column - the sensitive column it reads.
 * @param c - a finite number > 0.
 * @param l - an integer ≥ 1.
 * @throws DatanonymeError `BAD_PARAMETER` naming `c` or `l` when out of range.
 * @example
 * recursiveCLDiversity('disease', 3, 2).name // => 'recursive-(3,2)-diversity on "disease"'
 */
export function recursiveCLDiversity(column: string, c: number, l: number): LDiversityPredicate {
  assertC(c);
  assertL(l, true);
  let sorted = new Float64Array(16);
  const measure = (h: SensitiveHistogram): number => {
    let m = 0;
    if (sorted.length < h.length) sorted = new Float64Array(Math.max(h.length, 2 * sorted.length));
    for (let i = 0; i < h.length; i++) {
      const count = h.counts[i] as number;
      if (count > 0) sorted[m++] = count;
    }
    if (m === 0) return 0;
    sortPrefix(sorted, m);
    const r = sorted; // ascending: r1 is r[m − 1], r_j is r[m − j]
    const r1 = r[m - 1] as number;
    // Tail sums r_{l′} + … + r_m grow as l′ falls; find the largest l′ ≥ 2 with r1 < c·tail.
    let tail = 0;
    for (let lp = m; lp >= 2; lp--) {
      tail += r[m - lp] as number;
      if (r1 < c * tail) return lp;
    }
    return 1;
  };
  return {
    name: `recursive-(${c},${l})-diversity on "${column}"`,
    model: 'l-diversity',
    variant: 'recursive',
    column,
    l,
    c,
    // Machanavajjhala et al. 2007 prove recursive (c,l)-diversity monotone.
    monotone: true,
    // Not for l > 1: {a, b} ∪ {a × 10} breaks (2,2) (module comment). l = 1: one value suffices.
    monotoneWithSuppression: l === 1,
    // A valid class has at least l distinct values (measure ≥ l needs m ≥ l).
    implies: distinctLDiversity(column, l),
    isValid: (h: SensitiveHistogram): boolean => measure(h) >= l,
    measure,
  };
}

/**
 * The Shannon entropy (natural log) of a histogram's non-missing values, −Σ p ln p; 0 when empty.
 *
 * @example
 * entropy(h) // => 0.6931… (ln 2) when h is {a × 1, b × 1}
 */
export function entropy(h: SensitiveHistogram): number {
  let total = 0;
  for (let i = 0; i < h.length; i++) total += h.counts[i] as number;
  if (total <= 0) return 0;
  let sum = 0;
  for (let i = 0; i < h.length; i++) {
    const count = h.counts[i] as number;
    if (count > 0) {
      const p = count / total;
      sum -= p * Math.log(p);
    }
  }
  return sum;
}

/**
 * Checks l: an integer ≥ 1 when `integer`, else a finite number ≥ 1.
 *
 * @param field - the name the error gives the parameter. @defaultValue `'l'`
 * @throws DatanonymeError `BAD_PARAMETER` naming `field` and the value.
 * @example
 * assertL(2.5, false); // passes: entropy l may be real
 */
export function assertL(l: unknown, integer: boolean, field = 'l'): asserts l is number {
  const ok =
    typeof l === 'number' && Number.isFinite(l) && l >= 1 && (!integer || Number.isInteger(l));
  if (!ok) {
    const what = integer ? 'an integer ≥ 1' : 'a finite number ≥ 1';
    throw new DatanonymeError('BAD_PARAMETER', `${field} must be ${what}, got ${shown(l)}`, {
      field,
      value: String(l),
    });
  }
}

/**
 * Checks c (recursive (c,l)-diversity): a finite number > 0.
 *
 * @param field - the name the error gives the parameter. @defaultValue `'c'`
 * @throws DatanonymeError `BAD_PARAMETER` naming `field` and the value.
 * @example
 * assertC(0); // throws: c must be a finite number > 0, got 0
 */
export function assertC(c: unknown, field = 'c'): asserts c is number {
  if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} must be a finite number > 0, got ${shown(c)}`,
      { field, value: String(c) },
    );
  }
}

function shown(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : String(v);
}
