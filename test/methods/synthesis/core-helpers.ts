import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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

const ADULT = fileURLToPath(new URL('../../../datasets/adult/adult.csv', import.meta.url));

export function adult(): Dataset {
  const parsed = parseCsv(readFileSync(ADULT, 'utf8'));
  return {
    table: parsed.table,
    columns: parsed.table.columnNames().map((name) => ({
      name,
      type: parsed.types[name] ?? 'categorical',
      role: 'insensitive' as const,
    })),
  };
}

/**
 * Total variation distance ½ Σ |p − q| of one column: categories by their text, numeric columns
 * in 10 equal-width bins over the original's range (the convention for age), missing as
 * a category of its own. Computed here, independently of the library's metrics.
 */
export function columnTvd(real: Dataset, synth: Dataset, name: string): number {
  const a = cellsOf(real, name);
  const b = cellsOf(synth, name);
  const numeric = a.every((v) => v === null || typeof v === 'number');
  let key = (v: unknown): string =>
    v === null ? '∅' : typeof v === 'number' ? String(v) : (v as string);
  if (numeric) {
    const xs = a.filter((v): v is number => typeof v === 'number');
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    key = (v) =>
      typeof v !== 'number' ? '∅' : String(Math.min(9, Math.floor(((v - lo) / (hi - lo)) * 10)));
  }
  const p = new Map<string, number>();
  for (const v of a) p.set(key(v), (p.get(key(v)) ?? 0) + 1 / a.length);
  const q = new Map<string, number>();
  for (const v of b) q.set(key(v), (q.get(key(v)) ?? 0) + 1 / b.length);
  let sum = 0;
  for (const k of new Set([...p.keys(), ...q.keys()]))
    sum += Math.abs((p.get(k) ?? 0) - (q.get(k) ?? 0));
  return sum / 2;
}
