/**
 * Encodes the quasi-identifiers of a table once, for the lattice search: each column's values
 * become level-0 codes (one per distinct hierarchy row present in the data), each hierarchy level
 * a lookup table from level-0 code to a dense code at that level, and the rows are collapsed into
 * distinct level-0 code tuples with row counts, so that every node check runs on tuples, not rows.
 */
import { DatanonymeError } from '../../src/errors.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { cellText } from '../../src/hierarchy/validate.js';
import type {
  GeneralisationView,
  LevelView,
  QuasiIdentifierView,
} from '../../src/metrics/loss/view.js';
import type { EncodedColumn } from '../../src/table/encode.js';
import { KeyBuilder } from './grouping.js';

/** One quasi-identifier to encode: its name, hierarchy and dictionary-encoded column. */
export interface QuasiIdentifierColumn {
  name: string;
  hierarchy: Hierarchy;
  /** The column's values as a dictionary and one code per row (`encodeColumn`). */
  column: EncodedColumn;
}

/**
 * Encodes dictionary-encoded quasi-identifier columns of equal length into a
 * {@link GeneralisationView}.
 *
 * @throws DatanonymeError `BAD_CONFIG` when a value is not in its hierarchy (run `checkCoverage`
 *   first for a message that lists them all).
 * @example
 * encodeQuasiIdentifiers([{ name: 'age', hierarchy, column: encodeColumn([34, 45]) }]).tuples
 * // => 2
 */
export function encodeQuasiIdentifiers(
  columns: readonly QuasiIdentifierColumn[],
): GeneralisationView {
  const n = columns[0]?.column.codes.length ?? 0;
  const rowCodes: Int32Array[] = [];
  const quasiIdentifiers: QuasiIdentifierView[] = columns.map((column) => {
    const { codes, view } = encodeOne(column, n);
    rowCodes.push(codes);
    return view;
  });

  // Collapse rows into distinct level-0 tuples.
  const builder = new KeyBuilder();
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  builder.begin(n);
  quasiIdentifiers.forEach((qi, j) => {
    const level0 = qi.levels[0] as LevelView;
    builder.append(rowCodes[j] as Int32Array, level0.lut, rows, level0.cardinality);
  });
  const tupleOfRow = new Int32Array(n);
  const tuples = builder.finish(tupleOfRow);
  const tupleWeights = new Int32Array(tuples);
  const tupleCodes = rowCodes.map(() => new Int32Array(tuples));
  for (let i = 0; i < n; i++) {
    const t = tupleOfRow[i] as number;
    if (tupleWeights[t] === 0) {
      for (let j = 0; j < tupleCodes.length; j++) {
        (tupleCodes[j] as Int32Array)[t] = (rowCodes[j] as Int32Array)[i] as number;
      }
    }
    tupleWeights[t] = (tupleWeights[t] as number) + 1;
  }
  return { rows: n, quasiIdentifiers, tuples, tupleCodes, tupleWeights, tupleOfRow };
}

function encodeOne(
  column: QuasiIdentifierColumn,
  n: number,
): { codes: Int32Array; view: QuasiIdentifierView } {
  const { hierarchy, name, column: dictionary } = column;
  if (dictionary.codes.length !== n) {
    throw new RangeError(`column "${name}" has ${dictionary.codes.length} values, expected ${n}`);
  }
  // Distinct hierarchy rows present, numbered by first appearance: the level-0 codes.
  const codeOfRow = new Map<number, number>();
  const hierarchyRowOfCode: number[] = [];
  const codeOfEntry = dictionary.dictionary.map((value) => {
    const text = cellText(value);
    const row = hierarchy.indexOf(text);
    if (row < 0) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `attribute "${name}": value "${text}" is not in its hierarchy`,
        { column: name, value: text },
      );
    }
    let code = codeOfRow.get(row);
    if (code === undefined) {
      code = hierarchyRowOfCode.length;
      codeOfRow.set(row, code);
      hierarchyRowOfCode.push(row);
    }
    return code;
  });
  const codes = new Int32Array(n);
  const base = new Int32Array(hierarchyRowOfCode.length);
  for (let i = 0; i < n; i++) {
    const code = codeOfEntry[dictionary.codes[i] as number] as number;
    codes[i] = code;
    base[code] = (base[code] as number) + 1;
  }
  const levels: LevelView[] = [];
  for (let l = 0; l < hierarchy.height; l++) {
    levels.push(encodeLevel(hierarchy, l, hierarchyRowOfCode, base));
  }
  return {
    codes,
    view: { name, height: hierarchy.height, domainSize: hierarchy.rows.length, levels },
  };
}

function encodeLevel(
  hierarchy: Hierarchy,
  l: number,
  hierarchyRowOfCode: readonly number[],
  base: Int32Array,
): LevelView {
  const d = hierarchyRowOfCode.length;
  const lut = new Int32Array(d);
  const codeOfLabel = new Map<string, number>();
  const labels: string[] = [];
  for (let c = 0; c < d; c++) {
    const label = hierarchy.rows[hierarchyRowOfCode[c] as number]?.[l] as string;
    let code = codeOfLabel.get(label);
    if (code === undefined) {
      code = labels.length;
      codeOfLabel.set(label, code);
      labels.push(label);
    }
    lut[c] = code;
  }
  const frequency = new Int32Array(labels.length);
  for (let c = 0; c < d; c++) {
    const g = lut[c] as number;
    frequency[g] = (frequency[g] as number) + (base[c] as number);
  }
  const leaves = new Int32Array(labels.length);
  for (const row of hierarchy.rows) {
    const g = codeOfLabel.get(row[l] as string);
    if (g !== undefined) leaves[g] = (leaves[g] as number) + 1;
  }
  return { lut, cardinality: labels.length, labels, frequency, leaves };
}
