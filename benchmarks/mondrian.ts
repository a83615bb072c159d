/**
 * Mondrian's speed figures (`npm run bench -- --only mondrian`, or `node --import tsx
 * benchmarks/mondrian.ts`): on Adult (30,162 rows, 8 quasi-identifiers: age as an integer range,
 * the others along their ARX hierarchies, salary-class sensitive) and on Adult repeated to about
 * 1,000,000 rows, k = 5, strict and relaxed; plus a high-cardinality case (the 1M rows with age
 * made a decimal with a distinct fraction per row), and distinct 2-diversity on salary-class as
 * part of the split condition. Times are the whole `mondrian()` call
 * (encoding, partitioning, labels, table), in this process, after one warm-up run on Adult.
 */
import { join } from 'node:path';
import { table } from 'arquero';
import {
  mondrian,
  type MondrianOptions,
  type MondrianVariant,
} from '../methods/generalisation/mondrian/mondrian.js';
import type { Dataset } from '../src/types.js';
import { adultDataset } from './adult.js';

/** Options of {@link benchMondrian}. */
export interface BenchMondrianOptions {
  /** Fewer repetitions. @defaultValue false */
  quick?: boolean;
  /** The repository root. @defaultValue the parent of this folder */
  root?: string;
}

/** Adult's rows repeated `times` times; with `jitter`, age becomes a decimal distinct per row. */
function repeated(data: Dataset, times: number, jitter: boolean): Dataset {
  const n = data.table.numRows();
  const columns: Record<string, unknown[]> = {};
  for (const name of data.table.columnNames()) {
    const values = data.table.array(name) as ArrayLike<unknown>;
    const out = new Array<unknown>(n * times);
    for (let t = 0; t < times; t++) for (let r = 0; r < n; r++) out[t * n + r] = values[r];
    columns[name] = out;
  }
  const specs = data.columns.map((spec) => ({ ...spec }));
  if (jitter) {
    const age = columns.age as unknown[];
    for (let i = 0; i < age.length; i++) age[i] = `${String(age[i])}.${String(i).padStart(7, '0')}`;
    const spec = specs.find((s) => s.name === 'age');
    if (spec !== undefined) spec.type = 'decimal';
  }
  return { table: table(columns, data.table.columnNames()), columns: specs };
}

function time(
  data: Dataset,
  k: number,
  variant: MondrianVariant,
  diverse: boolean,
): { ms: number; line: string } {
  const options: MondrianOptions = { k, variant };
  if (diverse) {
    options.models = [{ model: 'l-diversity', column: 'salary-class', variant: 'distinct', l: 2 }];
  }
  const t = performance.now();
  const release = mondrian(data, options);
  const ms = performance.now() - t;
  const d = release.details as {
    partitions: number;
    minClassSize: number;
    informationLoss: { ncp: number; aecs: number };
  };
  return {
    ms,
    line: `${d.partitions} | ${d.minClassSize} | ${d.informationLoss.ncp.toFixed(4)} | ${d.informationLoss.aecs.toFixed(2)}`,
  };
}

/**
 * Prints the Mondrian timings as Markdown tables.
 *
 * @example
 * await benchMondrian({ quick: true });
 */
export async function benchMondrian(options: BenchMondrianOptions = {}): Promise<void> {
  const root = options.root ?? join(import.meta.dirname, '..');
  const runs = options.quick === true ? 1 : 3;
  const adult = await adultDataset(root, 8);
  const age = adult.columns.find((spec) => spec.name === 'age');
  if (age !== undefined) age.type = 'integer';
  // adultDataset reads every value as text and types columns from the text; salary-class is the
  // one sensitive column here.
  mondrian(adult, { k: 5 }); // warm-up
  const copies = Math.ceil(1_000_000 / adult.table.numRows());
  const million = repeated(adult, copies, false);
  const distinct = repeated(adult, copies, true);
  console.log(
    '\n## Mondrian (8 quasi-identifiers: age as a range, 7 along their hierarchies), k = 5\n',
  );
  console.log('| data | rows | variant | run | ms | partitions | min class | GCP | AECS |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const cases: [string, Dataset, boolean][] = [
    ['Adult', adult, false],
    ['Adult, distinct 2-diversity on salary-class', adult, true],
    [`Adult ×${copies}`, million, false],
    [`Adult ×${copies}, age distinct decimals`, distinct, false],
    [`Adult ×${copies}, age distinct decimals, distinct 2-diversity`, distinct, true],
  ];
  for (const [name, data, diverse] of cases) {
    for (const variant of ['strict', 'relaxed'] as const) {
      for (let i = 1; i <= runs; i++) {
        const r = time(data, 5, variant, diverse);
        console.log(
          `| ${name} | ${data.table.numRows()} | ${variant} | ${i} | ${r.ms.toFixed(0)} | ${r.line} |`,
        );
      }
    }
  }
  console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  await benchMondrian({ quick: process.argv.includes('--quick') });
}
