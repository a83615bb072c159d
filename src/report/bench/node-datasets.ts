/**
 * The benchmark's datasets, read from the package's `datasets/` folder (Node only: it reads
 * files). Each is split 50/50 by a seeded permutation: releases are made from the first half, the
 * second half is the attacks' control set.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { table as arqueroTable } from 'arquero';
import { DatanonymeError } from '../../errors.js';
import { readHierarchyFile } from '../../hierarchy/read.js';
import { seededRandom, uniformInt } from '../../random/source.js';
import { readCsvFile } from '../../table/read-file.js';
import type { ColumnSpec, Dataset } from '../../types.js';
import type { BenchDataset } from './methods.js';

/** The names `--datasets` accepts. */
export const BENCH_DATASETS = ['adult'] as const;

/** The 8 usual quasi-identifiers of Adult (ARX's example), in file order. */
const ADULT_QIS = [
  'sex',
  'age',
  'race',
  'marital-status',
  'education',
  'native-country',
  'workclass',
  'occupation',
];

/**
 * Loads a dataset by name from `<root>/datasets` and splits it.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for an unknown name; `BAD_INPUT` / `NOT_FOUND` when its files cannot be read.
 * @example (await loadBenchDataset('adult', root, 1)).original.table.numRows() // => 15081
 * @param sample - use a seeded sample of this many rows. @defaultValue every row
 */
export async function loadBenchDataset(
  name: string,
  root: string,
  seed: number,
  sample?: number,
): Promise<BenchDataset> {
  if (name !== 'adult') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--datasets ${name}: unknown dataset (known: ${BENCH_DATASETS.join(', ')})`,
      { field: 'datasets', value: name },
    );
  }
  const dir = join(root, 'datasets', 'adult');
  const parsed = await readCsvFile(join(dir, 'adult.csv'), { typed: false });
  const domains: Record<string, string[]> = {};
  const columns: ColumnSpec[] = [];
  for (const column of parsed.table.columnNames()) {
    const file = join(dir, `adult_hierarchy_${column}.csv`);
    const type = parsed.types[column] ?? 'categorical';
    if (ADULT_QIS.includes(column)) {
      columns.push({
        name: column,
        type,
        role: 'quasi-identifier',
        hierarchy: await readHierarchyFile(file, column),
      });
    } else {
      columns.push({ name: column, type, role: 'sensitive' });
    }
    if (type === 'categorical') domains[column] = await leaves(file);
  }
  const n = parsed.table.numRows();
  const used = sample === undefined ? n : Math.min(sample, n);
  const order = permutation(n, seed).subarray(0, used);
  const half = Math.floor(used / 2);
  const full: Dataset = { table: parsed.table, columns };
  return {
    name,
    description: `Adult (UCI census extract, ARX edition): ${n} rows${used < n ? ` of which a seeded sample of ${used}` : ''}, 8 quasi-identifiers with ARX’s hierarchies, salary-class sensitive`,
    rows: n,
    original: take(full, order.subarray(0, half)),
    control: take(full, order.subarray(half)),
    sensitive: 'salary-class',
    bounds: { age: [17, 90] },
    domains,
    pramColumns: columns
      .filter((c) => c.role === 'quasi-identifier' && c.type === 'categorical')
      .map((c) => c.name),
    geography: ['native-country'],
    swapSimilar: ['sex'],
    tableColumns: ['sex', 'race', 'salary-class'],
    numericColumn: 'age',
    suppressionLimit: 0.05,
  };
}

/** The first column of an ARX hierarchy file: the public list of a column's values. */
async function leaves(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const values = text
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => line.split(';')[0] as string);
  return [...new Set(values)];
}

/** The rows of `data` at `rows`, in that order. */
function take(data: Dataset, rows: Int32Array): Dataset {
  const columns: Record<string, unknown[]> = {};
  for (const name of data.table.columnNames()) {
    const values = data.table.array(name) as ArrayLike<unknown>;
    columns[name] = Array.from(rows, (r) => values[r]);
  }
  return { table: arqueroTable(columns, data.table.columnNames()), columns: data.columns };
}

/** A seeded permutation of 0…n−1 (Fisher-Yates). */
function permutation(n: number, seed: number): Int32Array {
  const rng = seededRandom(`bench-split:${seed}`);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}
