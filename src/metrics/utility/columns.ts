/**
 * Matching the original's and the release's columns by name, and the spec a release column is
 * read with: the original's type (a generalised `age` holds labels but is still a number), the
 * release's hierarchy or else the original's, and the missing tokens of both.
 */
import { DatanonymeError } from '../../errors.js';
import type { ColumnSpec, ColumnType, Dataset } from '../../types.js';

/** True for the types read as numbers (dates as day numbers). */
export function isNumericType(type: ColumnType): boolean {
  return type !== 'categorical';
}

/**
 * The spec of a column of a dataset; a column without one is read as categorical.
 *
 * @throws DatanonymeError `NOT_FOUND` naming the column when the table does not have it.
 * @example
 * specOf(data, 'age').type // => 'integer'
 */
export function specOf(data: Dataset, name: string): ColumnSpec {
  if (!data.table.columnNames().includes(name)) {
    throw new DatanonymeError('NOT_FOUND', `column "${name}" is not in the original table`, {
      column: name,
    });
  }
  return (
    data.columns.find((c) => c.name === name) ?? { name, type: 'categorical', role: 'insensitive' }
  );
}

/**
 * The spec a release column is read with (see the module comment), or undefined when the release
 * does not have the column.
 *
 * @throws never.
 * @example
 * releaseSpec(original.columns[0], release, 'age')?.type // => 'integer'
 */
export function releaseSpec(
  originalSpec: ColumnSpec,
  release: Dataset,
  name: string,
): ColumnSpec | undefined {
  if (!release.table.columnNames().includes(name)) return undefined;
  const own = release.columns.find((c) => c.name === name);
  const missing = [...new Set([...(originalSpec.missing ?? []), ...(own?.missing ?? [])])];
  const hierarchy = own?.hierarchy ?? originalSpec.hierarchy;
  return {
    name,
    type: originalSpec.type,
    role: own?.role ?? originalSpec.role,
    missing,
    ...(hierarchy === undefined ? {} : { hierarchy }),
  };
}

/** The cells of a column, in row order. */
export function cells(data: Dataset, name: string): ArrayLike<unknown> {
  return data.table.array(name) as ArrayLike<unknown>;
}
