/**
 * Adult split in two halves for the attack tests: the first half is the "original" (training)
 * rows, the second the control rows; `age` is an integer column, the rest categorical. Every
 * value is kept as the file's text.
 */
import { table } from 'arquero';
import { seededRandom, uniformInt } from '../../../src/random/source.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { loadAdult } from '../../methods/generalisation/load.js';

export interface AdultSplit {
  original: Dataset;
  control: Dataset;
  columns: string[];
}

function subset(data: Dataset, from: number, to: number, specs: ColumnSpec[]): Dataset {
  const cols: Record<string, unknown[]> = {};
  for (const name of data.table.columnNames()) {
    cols[name] = (data.table.array(name) as unknown[]).slice(from, to);
  }
  return { table: table(cols, data.table.columnNames()), columns: specs };
}

/** Adult's two halves (rows [0, n/2) and [n/2, n)). */
export async function adultSplit(): Promise<AdultSplit> {
  const data = await loadAdult([]);
  const specs: ColumnSpec[] = data.columns.map((c) =>
    c.name === 'age' ? { ...c, type: 'integer' } : { ...c },
  );
  const n = data.table.numRows();
  const half = Math.floor(n / 2);
  return {
    original: subset(data, 0, half, specs),
    control: subset(data, half, n, specs),
    columns: data.table.columnNames(),
  };
}

/** Each column shuffled independently (seeded): the independent-marginals release. */
export function shuffleColumns(data: Dataset, seed: number): Dataset {
  const rng = seededRandom(seed);
  const cols: Record<string, unknown[]> = {};
  for (const name of data.table.columnNames()) {
    const v = (data.table.array(name) as unknown[]).slice();
    for (let i = v.length - 1; i > 0; i--) {
      const j = uniformInt(rng, i + 1);
      [v[i], v[j]] = [v[j], v[i]];
    }
    cols[name] = v;
  }
  return { table: table(cols, data.table.columnNames()), columns: data.columns };
}
