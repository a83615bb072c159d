/**
 * The shapes every table-protection module shares: a tabulation with all its margins, the status
 * of each cell, and the protection each unsafe cell needs.
 *
 * Conventions follow τ-ARGUS (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012,
 * ch. 4; τ-ARGUS manual): a table is the cross-classification of its dimensions, each dimension
 * a tree of categories whose root is the total; a cell is a tuple of nodes, one per dimension;
 * every non-leaf node of a dimension is the sum of its children, which gives the table its
 * additivity equations.
 */

/** One classification variable: its categories as a tree whose root (node 0) is the total. */
export interface TableDimension {
  readonly name: string;
  /** Label of every node in output order; node 0 is the root, labelled `Total`. */
  readonly labels: readonly string[];
  /** Parent of every node; -1 for the root. */
  readonly parent: Int32Array;
  /** Children of every node, in output order; empty for a leaf. */
  readonly children: readonly (readonly number[])[];
}

/**
 * The cells of a table: cell `c` is the node tuple `(i_0, …, i_{d-1})` with
 * `c = Σ_j i_j × stride_j` (row-major: the last dimension varies fastest).
 */
export interface TableStructure {
  readonly dimensions: readonly TableDimension[];
  /** Number of cells, the product of the dimensions' node counts. */
  readonly size: number;
  /** `stride[j]`: how far apart two cells are that differ by one node in dimension j. */
  readonly stride: readonly number[];
}

/** A tabulation of microdata with every margin (subtotal and grand total). */
export interface Tabulation extends TableStructure {
  /** Number of units (rows) in each cell. */
  readonly count: Float64Array;
  /** Present when tabulated with a value column (a magnitude table). */
  readonly value?: {
    readonly name: string;
    /** Sum of the value over the cell's units. */
    readonly total: Float64Array;
    /** `largest[j][c]`: the (j+1)-th largest single contribution to cell c (0 when fewer units). */
    readonly largest: readonly Float64Array[];
  };
  /** Present when record keys were given (cell key method): the cell key, Σ record keys mod 1. */
  readonly cellKey?: Float64Array;
}

/**
 * Cell status codes, as τ-ARGUS writes them: `A` primary unsafe by the frequency rule, `B` primary
 * unsafe by a concentration rule (dominance or p %), `D` secondary suppression, `V` publishable.
 */
export type CellStatusCode = 'A' | 'B' | 'D' | 'V';

/** Status codes stored per cell (`Uint8Array`) in kernels. */
export const STATUS = { V: 0, A: 1, B: 2, D: 3 } as const;

/** The letter of a stored status. */
export const STATUS_CODES: readonly CellStatusCode[] = ['V', 'A', 'B', 'D'];

/**
 * The protection an unsafe cell needs: an attacker who knows the published cells, the table's
 * additivity and that every cell is ≥ 0 must not narrow the cell's value x to an interval that
 * misses `x - lower[c]` or `x + upper[c]` (τ-ARGUS lower and upper protection levels).
 * Zero for safe cells.
 */
export interface ProtectionLevels {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/** One additivity equation: `cells[total] = Σ cells[parts[i]]`. */
export interface AdditivityEquation {
  readonly total: number;
  readonly parts: Int32Array;
}

/** The interval an attacker can deduce for one suppressed cell (audit). */
export interface AuditInterval {
  readonly cell: number;
  readonly lower: number;
  readonly upper: number;
}
