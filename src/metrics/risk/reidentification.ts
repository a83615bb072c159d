/**
 * Re-identification risk of a table under the prosecutor model, from the sizes of the
 * equivalence classes its quasi-identifiers form.
 *
 * Prosecutor risk of a record = 1 / |E|, where E is the record's equivalence class (the attacker
 * knows the person is in the data). The highest risk is 1 / (smallest class size); the average
 * over records is (number of classes) / (number of records).
 *
 * Reference: K. El Emam, "Guide to the de-identification of personal health information", 2013;
 * the same definitions as ARX's risk analysis (Prasser and Kohlmayer 2015).
 */
import { encodeColumn } from '../../table/encode.js';

/** The prosecutor-risk picture of a table. */
export interface ReidentificationRisk {
  records: number;
  classes: number;
  /** Size of the smallest equivalence class (0 for an empty table). */
  minClassSize: number;
  /** Records alone in their class (sample uniques). */
  uniques: number;
  /** Records in classes smaller than 2, 5 and 10 (and the thresholds asked for). */
  recordsInClassesSmallerThan: Record<string, number>;
  /** 1 / smallest class size; 0 for an empty table. */
  highestProsecutorRisk: number;
  /** Mean over records of 1 / class size = classes / records; 0 for an empty table. */
  averageProsecutorRisk: number;
}

/**
 * The equivalence class of every row: rows with equal values in every given column share a class.
 * Values are compared with SameValueZero. Classes are numbered in order of first appearance.
 *
 * @example
 * equivalenceClasses([['a', 'a', 'b']], 3) // => { classOf: Int32Array [0, 0, 1], sizes: [2, 1] }
 */
export function equivalenceClasses(
  columns: readonly ArrayLike<unknown>[],
  rows: number,
): { classOf: Int32Array; sizes: number[] } {
  let classOf = new Int32Array(rows);
  let count = rows > 0 ? 1 : 0;
  for (const column of columns) {
    // Refine the current partition by this column: key = (class, code) packed in a number.
    const { codes, dictionary } = encodeColumn(column);
    const width = Math.max(dictionary.length, 1);
    const next = new Map<number, number>();
    const refined = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      const key = (classOf[i] as number) * width + (codes[i] as number);
      let c = next.get(key);
      if (c === undefined) {
        c = next.size;
        next.set(key, c);
      }
      refined[i] = c;
    }
    classOf = refined;
    count = next.size;
  }
  const sizes = new Array<number>(count).fill(0);
  for (let i = 0; i < rows; i++)
    sizes[classOf[i] as number] = (sizes[classOf[i] as number] as number) + 1;
  return { classOf, sizes };
}

/**
 * Prosecutor risk from class sizes (see the module comment).
 *
 * @param sizes the size of every equivalence class
 * @param thresholds report the records in classes smaller than each. @defaultValue [2, 5, 10]
 * @example
 * prosecutorRisk([1, 3]).averageProsecutorRisk // => 0.5 (2 classes / 4 records)
 */
export function prosecutorRisk(
  sizes: readonly number[],
  thresholds: readonly number[] = [2, 5, 10],
): ReidentificationRisk {
  const records = sizes.reduce((a, b) => a + b, 0);
  let minClassSize = sizes.length === 0 ? 0 : Infinity;
  for (const s of sizes) if (s < minClassSize) minClassSize = s;
  const smaller: Record<string, number> = {};
  for (const t of thresholds)
    smaller[String(t)] = sizes.filter((s) => s < t).reduce((a, b) => a + b, 0);
  return {
    records,
    classes: sizes.length,
    minClassSize,
    uniques: sizes.filter((s) => s === 1).length,
    recordsInClassesSmallerThan: smaller,
    highestProsecutorRisk: minClassSize === 0 ? 0 : 1 / minClassSize,
    averageProsecutorRisk: records === 0 ? 0 : sizes.length / records,
  };
}
