/**
 * A protected table as users read it: one row per cell, totals included, in the table's
 * row-major order; the grouping columns (a total written `Total`), the published value (empty
 * when the cell is suppressed) and the τ-ARGUS status letter.
 */
import { table as arqueroTable, type ColumnTable } from 'arquero';
import { DatanonymeError } from '../../src/errors.js';
import { STATUS, STATUS_CODES, type TableStructure } from './types.js';

/** How to name the output columns. */
export interface TableOutputOptions {
  /** The name of the published value's column. @defaultValue `'count'` */
  valueName?: string;
  /** The name of the status column. @defaultValue `'status'` */
  statusName?: string;
}

/**
 * The output table of a protected tabulation. A cell whose status is not `V` is suppressed: its
 * value is empty (null). Values are written with at most 15 significant digits, so that sums of
 * decimals read as the decimals they add up to (`0.1 + 0.2` is written `0.3`), and a value below
 * 10⁻¹⁴ of the table's largest (the residue of a cancellation, `0.1 + 0.2 − 0.3`) is written 0.
 *
 * @param s - the table's structure.
 * @param values - the value of every cell (a count, a total, or a perturbed count).
 * @param status - the status of every cell (`STATUS`).
 * @param options - column names.
 * @returns an Arquero table: one column per dimension, then the value, then the status.
 * @throws DatanonymeError `BAD_PARAMETER` when a dimension is named like the value or status
 *   column, or the arrays do not have one entry per cell.
 * @example
 * tableOutput(tab, tab.count, status).columnNames() // => ['sex', 'region', 'count', 'status']
 */
export function tableOutput(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  options: TableOutputOptions = {},
): ColumnTable {
  const valueName = options.valueName ?? 'count';
  const statusName = options.statusName ?? 'status';
  const names = s.dimensions.map((d) => d.name);
  for (const name of [valueName, statusName]) {
    if (names.includes(name) || (name === statusName && name === valueName)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the output column "${name}" would repeat a column name; rename the input column`,
        { column: name },
      );
    }
  }
  if (values.length !== s.size || status.length !== s.size) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `tableOutput: ${s.size} cells, but ${values.length} values and ${status.length} statuses`,
    );
  }
  const columns: Record<string, unknown[]> = {};
  s.dimensions.forEach((d, j) => {
    const stride = s.stride[j] as number;
    const m = d.labels.length;
    const col = new Array<string>(s.size);
    for (let c = 0; c < s.size; c++) col[c] = d.labels[Math.floor(c / stride) % m] as string;
    columns[d.name] = col;
  });
  let largest = 0;
  for (const v of values) if (Math.abs(v) > largest) largest = Math.abs(v);
  // Below this, a value is the residue of a cancellation (0.1 + 0.2 − 0.3): written 0.
  const residue = largest * 1e-14;
  const published = new Array<number | null>(s.size);
  const letters = new Array<string>(s.size);
  for (let c = 0; c < s.size; c++) {
    const st = status[c] as number;
    letters[c] = STATUS_CODES[st] ?? '?';
    const v = values[c] as number;
    published[c] = st !== STATUS.V ? null : Math.abs(v) <= residue ? 0 : Number(v.toPrecision(15));
  }
  columns[valueName] = published;
  columns[statusName] = letters;
  return arqueroTable(columns);
}

/**
 * The published value of each cell: the value when the status is `V`, `NaN` when suppressed (the
 * form `auditTable` reads).
 *
 * @throws never.
 * @example publishedValues(Float64Array.of(5, 1), Uint8Array.of(0, 1)) // => Float64Array [5, NaN]
 */
export function publishedValues(values: Float64Array, status: Uint8Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let c = 0; c < values.length; c++) {
    out[c] = status[c] === STATUS.V ? (values[c] as number) : NaN;
  }
  return out;
}
