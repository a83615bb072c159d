/** Which of the asked columns every table has. Internal. */
import type { Dataset } from '../../../types.js';

/** The columns present in every table, and those skipped (absent from at least one). */
export function sharedColumns(
  tables: readonly Dataset[],
  columns: readonly string[],
): { present: string[]; skipped: string[] } {
  const sets = tables.map((t) => new Set(t.table.columnNames()));
  const present: string[] = [];
  const skipped: string[] = [];
  for (const c of columns) (sets.every((s) => s.has(c)) ? present : skipped).push(c);
  return { present, skipped };
}
