/**
 * Loading the ARX-format datasets shipped in `datasets/` for the generalisation tests and timing
 * scripts. Hierarchies are read with the library's `readHierarchyFile`; the data files (`;`, no
 * quoting, CRLF) are split here, every value kept as a string, so that these tests do not depend
 * on the CSV reader's type inference.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { table } from 'arquero';
import { readHierarchyFile } from '../../../src/hierarchy/read.js';
import type { ColumnSpec, Dataset, Role } from '../../../src/types.js';

/** The repository's `datasets/` folder. */
export const DATASETS = fileURLToPath(new URL('../../../datasets/', import.meta.url));

/**
 * Loads `datasets/<folder>/<file>` with every value as a string, `repeat` times over; the columns
 * in `roles` get that role (quasi-identifiers with `<prefix><column>.csv` as hierarchy), the
 * others are insensitive.
 */
export async function loadArx(
  folder: string,
  file: string,
  hierarchyPrefix: string,
  roles: Readonly<Record<string, Role>>,
  repeat = 1,
): Promise<Dataset> {
  const [header, ...body] = readFileSync(`${DATASETS}${folder}/${file}`, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0)
    .map((line) => line.split(';'));
  if (header === undefined) throw new Error(`${file} is empty`);
  const columns: Record<string, string[]> = {};
  header.forEach((name, c) => {
    const values: string[] = [];
    for (let r = 0; r < repeat; r++) for (const row of body) values.push(row[c] ?? '');
    columns[name] = values;
  });
  const specs = await Promise.all(
    header.map(async (name): Promise<ColumnSpec> => {
      const role = roles[name] ?? 'insensitive';
      const spec: ColumnSpec = { name, type: 'categorical', role };
      if (role === 'quasi-identifier') {
        const path = `${DATASETS}${folder}/${hierarchyPrefix}${name}.csv`;
        spec.hierarchy = await readHierarchyFile(path, name);
      }
      return spec;
    }),
  );
  return { table: table(columns, header), columns: specs };
}

/** Adult's nine columns, in file order. */
export const ADULT_COLUMNS = [
  'sex',
  'age',
  'race',
  'marital-status',
  'education',
  'native-country',
  'workclass',
  'occupation',
  'salary-class',
] as const;

/**
 * Adult with the given columns as quasi-identifiers (default: all nine, as in ARX's benchmark:
 * lattice of 2·5·2·3·4·3·3·3·2 = 12,960 nodes), optionally repeated `repeat` times.
 */
export async function loadAdult(
  quasiIdentifiers: readonly string[] = ADULT_COLUMNS,
  repeat = 1,
): Promise<Dataset> {
  const roles: Record<string, Role> = {};
  for (const name of quasiIdentifiers) roles[name] = 'quasi-identifier';
  return loadArx('adult', 'adult.csv', 'adult_hierarchy_', roles, repeat);
}

/** The 7-row tiny table, all three columns quasi-identifiers. */
export async function loadTiny(): Promise<Dataset> {
  return loadArx('tiny', 'test.csv', 'test_hierarchy_', {
    age: 'quasi-identifier',
    gender: 'quasi-identifier',
    zipcode: 'quasi-identifier',
  });
}
