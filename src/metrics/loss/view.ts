/**
 * The encoded view the information-loss metrics of full-domain generalisation run on: quasi-
 * identifiers as integer codes with one lookup table per hierarchy level, rows collapsed into
 * distinct code tuples, and a partition of those tuples into equivalence classes.
 *
 * Built once by `methods/generalisation/encoding.ts` (ARX's design: encode once, then integers all
 * the way). Codes are dense: level-0 codes number the distinct original values present in the
 * data; the codes at level l number the distinct labels at that level among them.
 */

/** One hierarchy level of one quasi-identifier. */
export interface LevelView {
  /** Level-0 code → code at this level. At level 0 it is the identity. */
  readonly lut: Int32Array;
  /** Number of distinct labels at this level among the values present in the data. */
  readonly cardinality: number;
  /** The label of each code at this level. */
  readonly labels: readonly string[];
  /** f(g): number of rows whose value generalises to label g at this level. */
  readonly frequency: Int32Array;
  /** leaves(g): number of hierarchy rows (original values, present or not) under label g. */
  readonly leaves: Int32Array;
}

/** One quasi-identifier: its hierarchy, reduced to the values present in the data. */
export interface QuasiIdentifierView {
  readonly name: string;
  /** Number of hierarchy levels, level 0 included. Levels run 0 … height − 1. */
  readonly height: number;
  /** |D|: number of rows of the hierarchy (its original values, present in the data or not). */
  readonly domainSize: number;
  /** One entry per level. `levels[0].frequency` holds f(v) of each original value v. */
  readonly levels: readonly LevelView[];
}

/** The data as distinct level-0 code tuples with their row counts. */
export interface GeneralisationView {
  /** n: number of rows. */
  readonly rows: number;
  readonly quasiIdentifiers: readonly QuasiIdentifierView[];
  /** Number of distinct level-0 quasi-identifier tuples. */
  readonly tuples: number;
  /** Per quasi-identifier, the level-0 code of each tuple. */
  readonly tupleCodes: readonly Int32Array[];
  /** Rows per tuple. */
  readonly tupleWeights: Int32Array;
  /** The tuple of each row. */
  readonly tupleOfRow: Int32Array;
}

/**
 * The equivalence classes of one transformation (a level per quasi-identifier). Each class is
 * given by a representative tuple (all its tuples share the generalised values) and its size.
 */
export interface ClassPartition {
  /** The level of each quasi-identifier. */
  readonly levels: readonly number[];
  /** Number of classes, suppressed or not. */
  readonly count: number;
  /** Rows per class (indices 0 … count − 1). */
  readonly sizes: Int32Array;
  /** A tuple index of each class, into the view's tuples. */
  readonly representatives: Int32Array;
  /** 1 when the class is suppressed (too small), else 0. */
  readonly suppressed: Uint8Array;
  /** |S|: rows in suppressed classes. */
  readonly suppressedRows: number;
}

/** A metric's value and, for the separable metrics, its share per quasi-identifier. */
export interface MetricValue {
  readonly value: number;
  /** Per quasi-identifier (view order); empty for metrics defined on classes only. */
  readonly perAttribute: readonly number[];
}

/** Level `l` of quasi-identifier `j`, or an error naming both when it does not exist. */
export function levelOf(view: GeneralisationView, j: number, l: number): LevelView {
  const level = view.quasiIdentifiers[j]?.levels[l];
  if (level === undefined) {
    throw new RangeError(`quasi-identifier ${j} has no level ${l}`);
  }
  return level;
}

/**
 * Calls `visit(size, code)` for every suppressed class: its size and the code, at the partition's
 * level, of its representative's value of quasi-identifier `j`.
 */
export function forEachSuppressedCode(
  view: GeneralisationView,
  partition: ClassPartition,
  j: number,
  visit: (size: number, code: number) => void,
): void {
  const level = levelOf(view, j, partition.levels[j] ?? 0);
  const codes = view.tupleCodes[j] as Int32Array;
  const { lut } = level;
  for (let c = 0; c < partition.count; c++) {
    if (partition.suppressed[c] === 1) {
      const code = lut[codes[partition.representatives[c] as number] as number] as number;
      visit(partition.sizes[c] as number, code);
    }
  }
}
