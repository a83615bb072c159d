/**
 * The shapes every part of datanonyme shares: a Dataset going in, a Release coming out.
 * See DESIGN.md ("The core shapes").
 */
import type { ColumnTable } from 'arquero';
import type { Hierarchy } from './hierarchy/hierarchy.js';
import type { LedgerEntry } from './privacy/accountant.js';

/** What a column is to the people in the data (ARX's attribute types). */
export type Role = 'identifier' | 'quasi-identifier' | 'sensitive' | 'insensitive';

/** The kind of values a column holds. `categorical` is any text, including codes with leading zeros. */
export type ColumnType = 'categorical' | 'integer' | 'decimal' | 'date';

/** One column's type, role and, for a quasi-identifier, its generalisation hierarchy. */
export interface ColumnSpec {
  name: string;
  type: ColumnType;
  role: Role;
  hierarchy?: Hierarchy;
  /**
   * Cell texts that mean "missing" in this column, besides null and '' (such as `NA` or `?`, as
   * read by the CSV reader's missing-value tokens). Methods that read values (sensitive columns,
   * numeric quasi-identifiers) treat them as missing; pass-through columns keep them as they are.
   */
  missing?: readonly string[];
  /** Public bounds of a numeric column, for differential privacy. */
  bounds?: [number, number];
}

/** A table together with what each column is. Column order follows `table.columnNames()`. */
export interface Dataset {
  table: ColumnTable;
  columns: ColumnSpec[];
}

/** What a method did to the rows: rows in = rows out + rows removed. */
export interface Accounting {
  rowsIn: number;
  rowsOut: number;
  /** Rows whose quasi-identifiers were all suppressed (kept with `*`, or removed). */
  suppressedRows: number;
  /** Cells replaced by the suppression token. */
  suppressedCells: number;
  /** Differential privacy: every spend of the budget, in order (the accountant's ledger). */
  privacy?: LedgerEntry[];
}

/** The result of any method: the table to publish, and everything needed to account for it. */
export interface Release {
  method: string;
  parameters: Record<string, unknown>;
  table: ColumnTable;
  columns: ColumnSpec[];
  accounting: Accounting;
  details: Record<string, unknown>;
  /** True when a seed made this release reproducible; such a release is not for publication under DP. */
  seeded: boolean;
}

/** The families of methods, as the benchmark groups them. */
export type MethodFamily = 'generalisation' | 'dp' | 'synthesis' | 'tables' | 'perturbation';

/**
 * A method as the benchmark and the CLI see it: a name, a family, and a function from a Dataset
 * and options to a Release. Every method module exports one next to its plain function.
 */
export interface Method<O> {
  name: string;
  family: MethodFamily;
  run(data: Dataset, options: O): Promise<Release>;
}
