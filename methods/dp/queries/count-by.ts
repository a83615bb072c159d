/**
 * DP counts grouped by public keys: a contingency table of one or more columns over public
 * domains. Every combination of the domains' values is a cell and is released — including the
 * combinations no row has (true zeros) — so which combinations occur in the data is never
 * revealed by which rows are output (releasing only the keys seen would need thresholding and δ:
 * see `private-keys.ts`). Noise on every cell (see `cells.ts`), then post-processing (see
 * `consistent.ts`): non-negative integers whose total is the noisy total; marginal totals are
 * sums of released cells, so they are consistent with them.
 *
 * Matching: cells and domain values are compared as text (numbers by their decimal text, text
 * NFC-normalised, a missing cell as ''); a value outside its column's domain is an error
 * (`outside: 'reject'`, the default, naming the column, line and value) or its row is left out
 * (`'drop'`: a per-row filter, sensitivities unchanged).
 */
import { table as arqueroTable, type ColumnTable } from 'arquero';
import { DatanonymeError } from '../../../src/errors.js';
import type { Dataset } from '../../../src/types.js';
import { checkPostProcess, MAX_CELLS, noisyCells, planCells, postProcessNote } from './cells.js';
import type { PostProcess } from './consistent.js';
import { pick } from './count.js';
import type { CountMechanism, GaussianCalibration } from './noise.js';
import {
  checkName,
  checkQueryOptions,
  tableOf,
  type DpTable,
  type QueryOptions,
} from './options.js';
import { queryReport } from './report.js';
import { cellKey, columnOf, keptRows } from './rows.js';

/** A public domain value. */
export type DomainValue = string | number;

/** Options of {@link dpCountBy}. */
export interface CountByOptions extends QueryOptions {
  /** The grouping columns, in output order. */
  by: readonly string[];
  /** The public domain of each grouping column: its possible values, in output order. */
  domains: Readonly<Record<string, readonly DomainValue[]>>;
  /** A value outside its domain: refused, or its row left out. @defaultValue `'reject'` */
  outside?: 'reject' | 'drop';
  /** @defaultValue `'geometric'` */
  mechanism?: CountMechanism;
  /** @defaultValue `'analytic'` */
  calibration?: GaussianCalibration;
  /** @defaultValue `'consistent'` */
  postProcess?: PostProcess;
  /** The name of the count column. @defaultValue `'count'` */
  countColumn?: string;
}

/**
 * Noisy counts of every combination of the public domains of `by`. The table has the `by`
 * columns (domain values as given) and a `count` column; rows in domain order, the last column
 * varying fastest.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for a missing, empty or duplicated domain, too many
 *   cells, a bad budget (before the data is read); `BUDGET_EXCEEDED`; `BAD_INPUT` for a value
 *   outside its domain under `'reject'`; `NOT_FOUND` for a missing column.
 * @example dpCountBy(t, { accountant, epsilon: 1, by: ['sex'], domains: { sex: ['F', 'M'] } }).table.numRows() // => 2
 */
export function dpCountBy(data: Dataset | ColumnTable, options: CountByOptions): DpTable {
  const o = checkQueryOptions(options, 'count-by');
  const by = checkBy(options.by);
  const domains = checkDomains(by, options.domains);
  const outside = options.outside ?? 'reject';
  if (!(['reject', 'drop'] as unknown[]).includes(outside)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `outside must be "reject" or "drop", got ${JSON.stringify(outside)}`,
      {
        field: 'outside',
        value: JSON.stringify(outside),
      },
    );
  }
  const countColumn = options.countColumn ?? 'count';
  if (by.includes(countColumn)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the count column "${countColumn}" is also a grouping column`,
      {
        field: 'countColumn',
        value: countColumn,
      },
    );
  }
  const how = checkPostProcess(options.postProcess);
  const budget = pick(options);
  const plan = planCells(o, options.mechanism ?? 'geometric', budget, options.calibration);
  o.accountant.check(plan.spend);
  // The data, only now.
  const table = tableOf(data);
  const rows = keptRows(table, o);
  const sizes = domains.map((d) => d.values.length);
  const strides = new Array<number>(by.length);
  let cellsCount = 1;
  for (let j = by.length - 1; j >= 0; j--) {
    strides[j] = cellsCount;
    cellsCount *= sizes[j] as number;
  }
  const cellOf = new Int32Array(rows.length);
  const keep = new Uint8Array(rows.length).fill(1);
  by.forEach((column, j) => {
    const cells = columnOf(table, column, o.file);
    const index = (domains[j] as CheckedDomain).index;
    const stride = strides[j] as number;
    for (let r = 0; r < rows.length; r++) {
      if (keep[r] === 0) continue;
      const row = rows[r] as number;
      const code = index.get(cellKey(cells[row]));
      if (code === undefined) {
        if (outside === 'drop') {
          keep[r] = 0;
          continue;
        }
        throw new DatanonymeError(
          'BAD_INPUT',
          `${column}: line ${o.lineOf(row)} holds ${JSON.stringify(cellKey(cells[row]))}, which is not in the public domain of "${column}"; ` +
            `add it to the domain or leave such rows out (outside: 'drop')`,
          {
            column,
            line: o.lineOf(row),
            value: cellKey(cells[row]),
            ...(o.file === undefined ? {} : { file: o.file }),
          },
        );
      }
      cellOf[r] = (cellOf[r] as number) + code * stride;
    }
  });
  const counts = new Float64Array(cellsCount);
  for (let r = 0; r < rows.length; r++) {
    const c = cellOf[r] as number;
    if (keep[r] === 1) counts[c] = (counts[c] as number) + 1;
  }
  const { cells, first } = noisyCells(o, plan, counts, how);
  const columns: Record<string, unknown[]> = {};
  by.forEach((column, j) => {
    const values = (domains[j] as CheckedDomain).values;
    const stride = strides[j] as number;
    const size = sizes[j] as number;
    const out = new Array<unknown>(cellsCount);
    for (let c = 0; c < cellsCount; c++) out[c] = values[Math.floor(c / stride) % size];
    columns[column] = out;
  });
  columns[countColumn] = Array.from(cells);
  return {
    table: arqueroTable(columns, [...by, countColumn]),
    report: queryReport(
      o,
      'count-by',
      budget,
      [plan],
      [first],
      [
        `${cellsCount} cells: every combination of the public domains of ${by.map((c) => `"${c}"`).join(', ')}`,
        postProcessNote(how),
        outside === 'drop'
          ? 'rows with a value outside the domains were left out'
          : 'every value was in its domain',
      ],
    ),
  };
}

interface CheckedDomain {
  values: readonly DomainValue[];
  index: Map<string, number>;
}

function checkBy(by: unknown): string[] {
  if (!Array.isArray(by) || by.length === 0) {
    throw new DatanonymeError('BAD_PARAMETER', 'by must list at least one column', { field: 'by' });
  }
  const names = by.map((c, i) => checkName(c, `by[${i}]`));
  const twice = names.find((c, i) => names.indexOf(c) !== i);
  if (twice !== undefined) {
    throw new DatanonymeError('BAD_PARAMETER', `by names "${twice}" twice`, {
      field: 'by',
      value: twice,
    });
  }
  return names;
}

function checkDomains(by: readonly string[], domains: unknown): CheckedDomain[] {
  if (typeof domains !== 'object' || domains === null) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'domains must give the public values of every grouping column',
      {
        field: 'domains',
      },
    );
  }
  let product = 1;
  const out = by.map((column): CheckedDomain => {
    const values = (domains as Record<string, unknown>)[column];
    const field = `domains.${column}`;
    if (!Array.isArray(values) || values.length === 0) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `no public domain for "${column}": give its possible values (they must not be read from the data)`,
        { field, column },
      );
    }
    const index = new Map<string, number>();
    values.forEach((v: unknown, i) => {
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw new DatanonymeError('BAD_PARAMETER', `${field}[${i}] must be a string or a number`, {
          field,
          value: String(v),
        });
      }
      const key = cellKey(v);
      if (index.has(key)) {
        throw new DatanonymeError('BAD_PARAMETER', `${field} lists ${JSON.stringify(key)} twice`, {
          field,
          value: key,
        });
      }
      index.set(key, i);
    });
    product *= values.length;
    return { values: values as DomainValue[], index };
  });
  if (product > MAX_CELLS) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the domains make ${product} cells, more than ${MAX_CELLS}: group by fewer or coarser columns`,
      { field: 'domains', value: String(product) },
    );
  }
  return out;
}
