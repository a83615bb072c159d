/**
 * Table protection timings (`npm run bench -- --only tables`, or `npx tsx benchmarks/tables.ts`):
 * tabulation, primary rules (frequency n = 3) and secondary suppression, heuristic and optimal, on
 *
 * 1. the French road-accident victims of 2022 (BAAC usagers, `../shared/datasets/baac-usagers-2022`
 *    or `DATANONYME_BAAC`): birth decade × user category × severity, with margins (skipped with a
 *    note when absent);
 * 2. Adult: native-country × occupation;
 * 3. Adult: native-country × occupation × education (about 10,000 cells: the bar of issue 8 is the
 *    heuristic under 2 s for tables of up to 10,000 cells).
 *
 * Times are for the data already in memory: tabulate + primarySuppression + secondarySuppression.
 * The optimal mode is skipped, with its reason, when it refuses a table (above its maxCells). The
 * heuristic's row says how long its Gaussian elimination took and how many interval repairs and
 * attacker LPs followed. `--stress` adds the two Adult tables with a safety range of 400 % (levels
 * up to 8 units), where the interval stage repairs hundreds of primaries (minutes, not seconds).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from 'arquero';
import { primarySuppression } from '../methods/tables/rules.js';
import { secondarySuppression } from '../methods/tables/secondary.js';
import { tabulate } from '../methods/tables/tabulate.js';
import { STATUS } from '../methods/tables/types.js';
import { isDatanonymeError } from '../src/errors.js';
import type { Dataset } from '../src/types.js';

const defaultRoot = join(import.meta.dirname, '..');

/** Columns of a `;`-separated file as text. */
function readColumns(path: string, names: readonly string[]): Record<string, string[]> {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((l) => l.split(';'));
  const header = lines[0] ?? [];
  const body = lines.slice(1);
  const out: Record<string, string[]> = {};
  for (const name of names) {
    const c = header.indexOf(name);
    if (c < 0) throw new Error(`${path}: no column ${name}`);
    out[name] = body.map((row) => row[c] ?? '');
  }
  return out;
}

const dataset = (columns: Record<string, string[]>): Dataset => ({
  table: table(columns),
  columns: [],
});

async function row(
  name: string,
  data: Dataset,
  by: string[],
  method: 'heuristic' | 'optimal',
  safetyRange?: number,
): Promise<void> {
  const t0 = performance.now();
  const tab = tabulate(data, { by });
  const primary = primarySuppression(tab, {
    frequency: { n: 3, ...(safetyRange === undefined ? {} : { safetyRange }) },
  });
  let a = 0;
  for (const s of primary.status) if (s === STATUS.A) a++;
  try {
    const result = await secondarySuppression(tab, tab.count, primary.status, primary.protection, {
      method,
    });
    const ms = performance.now() - t0;
    const d = result.details;
    const stages =
      method === 'heuristic'
        ? `Gaussian elimination ${String(d.gaussianMs)} ms; ${String(d.intervalRepairs)} interval repairs, ${String(d.attackerLps)} attacker LPs`
        : '';
    console.log(
      `| ${name} | ${tab.size} | ${method} | ${a} | ${result.secondary} | ${ms.toFixed(0)} | ${stages} |`,
    );
  } catch (e) {
    if (!isDatanonymeError(e)) throw e;
    console.log(`| ${name} | ${tab.size} | ${method} | ${a} | skipped: ${e.message} | | |`);
  }
}

/**
 * Prints the table-protection table (markdown) to stdout.
 *
 * @example
 * await benchTables({ quick: true, root });
 */
export async function benchTables(
  options: { quick?: boolean; root?: string; stress?: boolean } = {},
): Promise<void> {
  const root = options.root ?? defaultRoot;
  console.log('\n## Table protection: frequency rule n = 3, then secondary suppression\n');
  console.log(
    'Tabulation (all margins), primary and secondary suppression, data in memory; one run each.\n',
  );
  console.log('| table | cells | secondary | primary (A) | secondary (D) | ms | stages |');
  console.log('| --- | ---: | --- | ---: | ---: | ---: | --- |');
  const baacDir =
    process.env.DATANONYME_BAAC ?? join(root, '..', 'shared', 'datasets', 'baac-usagers-2022');
  const baacFile = join(baacDir, 'usagers-2022.csv');
  const notes: string[] = [];
  if (existsSync(baacFile)) {
    const c = readColumns(baacFile, ['an_nais', 'catu', 'grav']);
    // Birth decade; the 2,874 rows without a birth year are a category of their own.
    const decade = (c.an_nais ?? []).map((y) =>
      y === '' ? 'unknown' : `${Math.floor(Number(y) / 10) * 10}s`,
    );
    const data = dataset({ decade, catu: c.catu ?? [], grav: c.grav ?? [] });
    for (const m of ['heuristic', 'optimal'] as const) {
      await row('BAAC 2022: birth decade × catu × grav', data, ['decade', 'catu', 'grav'], m);
    }
  } else {
    notes.push(`(BAAC data not found at ${baacFile}: its rows are skipped)`);
  }
  const adult = readColumns(join(root, 'datasets', 'adult', 'adult.csv'), [
    'native-country',
    'occupation',
    'education',
  ]);
  const data = dataset(adult);
  for (const m of ['heuristic', 'optimal'] as const) {
    await row('Adult: native-country × occupation', data, ['native-country', 'occupation'], m);
  }
  await row(
    'Adult: native-country × occupation × education',
    data,
    ['native-country', 'occupation', 'education'],
    'heuristic',
  );
  if (options.stress === true) {
    await row(
      'Adult: native-country × occupation, safety range 400 %',
      data,
      ['native-country', 'occupation'],
      'heuristic',
      400,
    );
    await row(
      'Adult: native-country × occupation × education, safety range 400 %',
      data,
      ['native-country', 'occupation', 'education'],
      'heuristic',
      400,
    );
  }
  for (const note of notes) console.log(`\n${note}`);
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  await benchTables({
    quick: process.argv.includes('--quick'),
    stress: process.argv.includes('--stress'),
  });
}
