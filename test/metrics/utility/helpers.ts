import { table } from 'arquero';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import { parseCsv } from '../../../src/table/parse.js';
import type { ColumnSpec, ColumnType, Dataset } from '../../../src/types.js';

/** A dataset from columns of values and a type per column (categorical by default). */
export function dataset(
  columns: Record<string, unknown[]>,
  types: Record<string, ColumnType> = {},
  extra: Record<string, Partial<ColumnSpec>> = {},
): Dataset {
  return {
    table: table(columns),
    columns: Object.keys(columns).map((name) => ({
      name,
      type: types[name] ?? 'categorical',
      role: 'insensitive',
      ...extra[name],
    })),
  };
}

/** A dataset read from CSV text by the library's reader, typed as inferred. */
export function csvDataset(text: string): Dataset {
  const parsed = parseCsv(text);
  return {
    table: parsed.table,
    columns: parsed.table.columnNames().map((name) => ({
      name,
      type: parsed.types[name] ?? 'categorical',
      role: 'insensitive',
    })),
  };
}

export { Hierarchy };
