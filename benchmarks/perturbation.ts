/**
 * Microdata perturbation timings (`npm run bench -- --only perturbation`, or
 * `npx tsx benchmarks/perturbation.ts [--quick]`): PRAM and targeted record swapping on
 *
 * 1. Adult (30,162 rows): PRAM on sex, race, native-country and occupation (retention 0.8, uniform,
 *    plain and invariant, and invariant per stratum of sex); swapping with native-country as the
 *    area (the only geographic column of Adult), risk on native-country × age × sex × race (k = 3),
 *    donors of the same sex, rate 5 %;
 * 2. the French road-accident victims of 2022 (BAAC usagers, 126,662 rows,
 *    `../shared/datasets/baac-usagers-2022` or `DATANONYME_BAAC`; skipped with a note when absent):
 *    PRAM on catu, grav, sexe and trajet (retention 0.9); this copy has no geographic column (its
 *    README: no département nor commune), so swapping is timed with `place` (seat position, 11
 *    codes) standing in for the area — the cost depends on the numbers of units, areas and donor
 *    profiles, not on what the column means.
 *
 * Times are for the data already in memory (read as text, as the CLI reads it): one warm-up run,
 * then the median of the timed ones (3, or 1 with `--quick`). Seeded runs, so the counts printed
 * beside the times are reproducible.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pram, type PramOptions } from '../methods/perturbation/pram/pram.js';
import { recordSwapping, type SwapOptions } from '../methods/perturbation/swapping/swap.js';
import { readCsvFile } from '../src/table/read-file.js';
import type { ColumnSpec, Dataset, Release } from '../src/types.js';

const defaultRoot = join(import.meta.dirname, '..');

async function load(path: string): Promise<Dataset> {
  const parsed = await readCsvFile(path, { typed: false, keepMissingText: true });
  const columns = parsed.table.columnNames().map((name): ColumnSpec => ({
    name,
    type: 'categorical',
    role: 'insensitive',
    ...(parsed.missing.length > 0 ? { missing: parsed.missing } : {}),
  }));
  return { table: parsed.table, columns };
}

function time(runs: number, f: () => Release): { ms: number; release: Release } {
  let release = f(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    release = f();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)] as number, release };
}

function pramRow(name: string, data: Dataset, options: PramOptions, runs: number): void {
  const { ms, release } = time(runs, () => pram(data, { ...options, seed: 1 }));
  const d = release.details as { changedCells: number; changedRecords: number };
  const what =
    `${options.columns.join(', ')}; p = ${String(options.retention)}` +
    (options.invariant === true ? ', invariant' : '') +
    (options.strata === undefined ? '' : `, strata ${options.strata}`);
  console.log(
    `| ${name} | ${data.table.numRows()} | PRAM | ${what} | ${d.changedCells} cells, ${d.changedRecords} records | ${ms.toFixed(0)} |`,
  );
}

function swapRow(name: string, data: Dataset, options: SwapOptions, runs: number): void {
  const { ms, release } = time(runs, () => recordSwapping(data, { ...options, seed: 1 }));
  const d = release.details as {
    pairs: number;
    highRiskUnits: number;
    highRiskSwapped: number;
    changedCells: number;
  };
  const what = `area ${options.geography.join(', ')}; risk ${(options.riskColumns ?? []).join(' × ')}, k = ${String(options.k ?? 3)}; similar ${(options.similar ?? []).join(', ')}; rate ${String(options.rate)}`;
  console.log(
    `| ${name} | ${data.table.numRows()} | swap | ${what} | ${d.pairs} pairs, ${d.highRiskSwapped}/${d.highRiskUnits} high-risk swapped | ${ms.toFixed(0)} |`,
  );
}

/**
 * Prints the perturbation table (markdown) to stdout.
 *
 * @example
 * await benchPerturbation({ quick: true, root });
 */
export async function benchPerturbation(
  options: { quick?: boolean; root?: string } = {},
): Promise<void> {
  const root = options.root ?? defaultRoot;
  const runs = options.quick === true ? 1 : 3;
  console.log('\n## Microdata perturbation: PRAM and targeted record swapping\n');
  console.log(
    `Data in memory (read as text); one warm-up, then the median of ${runs} seeded run(s).\n`,
  );
  console.log('| data | rows | method | parameters | changed | ms |');
  console.log('| --- | ---: | --- | --- | --- | ---: |');
  const adult = await load(join(root, 'datasets', 'adult', 'adult.csv'));
  const columns = ['sex', 'race', 'native-country', 'occupation'];
  pramRow('Adult', adult, { columns, retention: 0.8 }, runs);
  pramRow('Adult', adult, { columns, retention: 0.8, invariant: true }, runs);
  pramRow(
    'Adult',
    adult,
    {
      columns: ['race', 'native-country', 'occupation'],
      retention: 0.8,
      invariant: true,
      strata: 'sex',
    },
    runs,
  );
  swapRow(
    'Adult',
    adult,
    {
      geography: ['native-country'],
      riskColumns: ['native-country', 'age', 'sex', 'race'],
      k: 3,
      similar: ['sex'],
      rate: 0.05,
    },
    runs,
  );
  const baacDir =
    process.env.DATANONYME_BAAC ?? join(root, '..', 'shared', 'datasets', 'baac-usagers-2022');
  const baacFile = join(baacDir, 'usagers-2022.csv');
  if (existsSync(baacFile)) {
    const baac = await load(baacFile);
    const baacColumns = ['catu', 'grav', 'sexe', 'trajet'];
    pramRow('BAAC 2022', baac, { columns: baacColumns, retention: 0.9 }, runs);
    pramRow('BAAC 2022', baac, { columns: baacColumns, retention: 0.9, invariant: true }, runs);
    swapRow(
      'BAAC 2022',
      baac,
      {
        geography: ['place'],
        riskColumns: ['place', 'an_nais', 'sexe', 'catu'],
        k: 3,
        similar: ['sexe', 'catu'],
        rate: 0.05,
      },
      runs,
    );
  } else {
    console.log(`\n(BAAC data not found at ${baacFile}: its rows are skipped)`);
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  await benchPerturbation({ quick: process.argv.includes('--quick') });
}
