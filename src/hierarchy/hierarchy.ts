/**
 * A generalisation hierarchy for one attribute, in ARX's materialised form: one row per original
 * value, `[value, level1, …, root]`. Level 0 is the original value; every row has the same number
 * of levels (the hierarchy's height). All labels are NFC-normalised.
 *
 * Reference: Samarati 2001 and Sweeney 2002 (domain generalisation hierarchies); the row format is
 * ARX's (Prasser and Kohlmayer 2015).
 */
import { DatanonymeError } from '../errors.js';
import { describeSource as describe, locateSource as locate } from './_internals/source.js';

/** Where a hierarchy came from, for error messages. */
export interface HierarchySource {
  /** The attribute it generalises. */
  attribute?: string;
  /** The file it was read from, if any. */
  file?: string;
}

/**
 * An immutable, validated generalisation hierarchy.
 *
 * Invariants (checked by the constructor):
 * - at least one row; every row has `height ≥ 1` labels;
 * - no original value appears twice;
 * - it is a tree: a label at level l (> 0) always has the same parent at level l + 1, whichever
 *   row it is reached from.
 */
export class Hierarchy {
  /** Number of levels, including level 0 (the original values). The top level is `height - 1`. */
  readonly height: number;
  /** One row per original value: `rows[i][l]` is the label of original value i at level l. */
  readonly rows: readonly (readonly string[])[];
  readonly source: HierarchySource;
  /**
   * The 1-based file line of every row (`lines[i]` for `rows[i]`), when the hierarchy was read
   * from a file; undefined otherwise (errors then cite 1-based row numbers).
   */
  readonly lines: readonly number[] | undefined;
  private readonly index: Map<string, number>;

  /**
   * Builds a hierarchy from materialised rows. Labels are NFC-normalised.
   *
   * @param rows - one row per original value, `[value, level1, …, root]`.
   * @param source - the attribute and file, for error messages.
   * @param lines - the 1-based file line each row was read from, for error messages. Without it,
   *   errors cite 1-based row numbers ("row 3") instead of file lines ("line 5").
   * @throws DatanonymeError `BAD_CONFIG` when there are no rows, rows are ragged, an original value
   *   is duplicated, or a label has two different parents; `line` is the offending row's line.
   * @example
   * new Hierarchy([['34', '<50', '*'], ['66', '>=50', '*']], { attribute: 'age' }).height // => 3
   */
  constructor(
    rows: readonly (readonly string[])[],
    source: HierarchySource = {},
    lines?: readonly number[],
  ) {
    const where = describe(source);
    const loc = locate(source);
    const lineOf = (i: number): number => lines?.[i] ?? i + 1;
    const unit = lines === undefined ? 'row' : 'line';
    if (rows.length === 0) {
      throw new DatanonymeError('BAD_CONFIG', `${where}: the hierarchy has no rows`, loc);
    }
    const first = rows[0];
    const height = first ? first.length : 0;
    if (height < 1) {
      throw new DatanonymeError('BAD_CONFIG', `${where}: the hierarchy rows are empty`, loc);
    }
    const normalised: string[][] = [];
    const index = new Map<string, number>();
    // parents[l] maps a label at level l to its label at level l + 1.
    const parents: Map<string, string>[] = Array.from(
      { length: height - 1 },
      () => new Map<string, string>(),
    );
    rows.forEach((row, i) => {
      if (row.length !== height) {
        throw new DatanonymeError(
          'BAD_CONFIG',
          `${where}: ${unit} ${lineOf(i)} has ${row.length} levels but ${unit} ${lineOf(0)} has ${height}`,
          { ...loc, line: lineOf(i), value: row[0] ?? '' },
        );
      }
      const labels = row.map((v) => v.normalize('NFC'));
      const value = labels[0] as string;
      const seen = index.get(value);
      if (seen !== undefined) {
        throw new DatanonymeError(
          'BAD_CONFIG',
          `${where}: value "${value}" is listed twice (${unit}s ${lineOf(seen)} and ${lineOf(i)})`,
          { ...loc, line: lineOf(i), value },
        );
      }
      for (let l = 1; l < height - 1; l++) {
        const label = labels[l] as string;
        const parent = labels[l + 1] as string;
        const known = (parents[l] as Map<string, string>).get(label);
        if (known === undefined) (parents[l] as Map<string, string>).set(label, parent);
        else if (known !== parent) {
          throw new DatanonymeError(
            'BAD_CONFIG',
            `${where}: label "${label}" at level ${l} has two parents, "${known}" and "${parent}" (${unit} ${lineOf(i)}); a hierarchy must be a tree`,
            { ...loc, line: lineOf(i), value: label },
          );
        }
      }
      index.set(value, i);
      normalised.push(labels);
    });
    this.height = height;
    this.rows = normalised;
    this.source = source;
    this.lines = lines === undefined ? undefined : [...lines];
    this.index = index;
  }

  /** The row index of an original value (NFC-normalised before the lookup), or -1. */
  indexOf(value: string): number {
    return this.index.get(value.normalize('NFC')) ?? -1;
  }

  /** The label of `value` at `level`, or undefined when the value is not in the hierarchy. */
  generalise(value: string, level: number): string | undefined {
    const i = this.indexOf(value);
    return i < 0 ? undefined : this.rows[i]?.[level];
  }

  /** The original values, in row order. */
  values(): string[] {
    return this.rows.map((r) => r[0] as string);
  }
}
