/** Loads Adult with its ARX hierarchies as a Dataset, for the benchmarks. */
import { join } from 'node:path';
import { readHierarchyFile } from '../src/hierarchy/read.js';
import { readCsvFile } from '../src/table/read-file.js';
import type { Dataset } from '../src/types.js';

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

/** Adult with its first `qis` columns as quasi-identifiers (in file order), the rest sensitive. */
export async function adultDataset(root: string, qis: number): Promise<Dataset> {
  const dir = join(root, 'datasets', 'adult');
  const parsed = await readCsvFile(join(dir, 'adult.csv'), { typed: false });
  const columns = await Promise.all(
    ADULT_COLUMNS.map(async (name, i) =>
      i < qis
        ? {
            name,
            type: parsed.types[name] ?? 'categorical',
            role: 'quasi-identifier' as const,
            hierarchy: await readHierarchyFile(join(dir, `adult_hierarchy_${name}.csv`), name),
          }
        : { name, type: parsed.types[name] ?? 'categorical', role: 'sensitive' as const },
    ),
  );
  return { table: parsed.table, columns };
}
