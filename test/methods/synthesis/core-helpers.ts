import { parseCsv } from '../../../src/table/parse.js';
import type { Dataset, Role } from '../../../src/types.js';

/** A Dataset read from CSV text with the inferred types; every role insensitive unless given. */
export function datasetOf(csv: string, roles: Record<string, Role> = {}): Dataset {
  const parsed = parseCsv(csv);
  return {
    table: parsed.table,
    columns: parsed.table.columnNames().map((name) => ({
      name,
      type: parsed.types[name] ?? 'categorical',
      role: roles[name] ?? 'insensitive',
    })),
  };
}

/** Case B18 (shared cases): two constant columns, two varying ones. */
export const B18 = `country,consent,age,visits
FR,yes,23,1
FR,yes,35,4
FR,yes,41,2
FR,yes,29,7
FR,yes,52,3
FR,yes,38,5
FR,yes,61,2
FR,yes,47,6
FR,yes,33,1
FR,yes,56,4
`;

/** Case B19 (shared cases): an entirely empty column. */
export const B19 = `age,score,notes,group
34,7.5,,A
41,6.0,,B
29,8.25,,A
57,5.5,,B
46,7.0,,A
38,6.75,,B
52,9.0,,A
33,4.5,,B
`;

/** The column's cells as an array. */
export function cellsOf(data: Dataset, name: string): unknown[] {
  return data.table.array(name) as unknown[];
}
