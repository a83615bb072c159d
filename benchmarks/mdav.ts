/**
 * MDAV timings (`npm run bench -- --only mdav`, or `npx tsx benchmarks/mdav.ts`): k = 5 on
 *
 * 1. Adult (30,162 rows; its one numeric quasi-identifier, age), exact;
 * 2. credit card (30,000 rows, 6 numeric columns: LIMIT_BAL, AGE, BILL_AMT1, BILL_AMT2, PAY_AMT1,
 *    PAY_AMT2), exact and blocked (blocks of 5,000 and 2,000);
 * 3. about 1,000,000 rows: Adult's age repeated 33×, and credit card repeated 34× (1,020,000 rows),
 *    with the default (blocked, 2,000) and with blocks of 5,000.
 *
 * The credit-card data is read from the shared datasets folder (`../shared/datasets/creditcard`
 * beside the repository, or `DATANONYME_CREDITCARD`); its rows are skipped with a note when it is
 * absent. Times are for `mdav()` alone (data already in memory), median of the runs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { table } from 'arquero';
import { mdav, type MdavDetails } from '../methods/perturbation/microaggregation/mdav.js';
import type { Dataset } from '../src/types.js';

const root = join(import.meta.dirname, '..');

/** Numeric columns of a `;`-separated file, each repeated `copies` times. */
function readNumeric(path: string, names: readonly string[], copies: number): Dataset {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '')
    .map((l) => l.split(';'));
  const header = lines[0] ?? [];
  const body = lines.slice(1);
  const columns: Record<string, Float64Array> = {};
  for (const name of names) {
    const c = header.indexOf(name);
    if (c < 0) throw new Error(`${path}: no column ${name}`);
    const values = new Float64Array(body.length * copies);
    for (let copy = 0; copy < copies; copy++) {
      body.forEach((row, r) => (values[copy * body.length + r] = Number(row[c])));
    }
    columns[name] = values;
  }
  return {
    table: table(columns),
    columns: names.map((name) => ({ name, type: 'integer', role: 'quasi-identifier' })),
  };
}

function time(data: Dataset, blockSize: number | undefined, runs: number): string {
  const times: number[] = [];
  let details: MdavDetails | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const release = mdav(data, { k: 5, ...(blockSize === undefined ? {} : { blockSize }) });
    times.push(performance.now() - t);
    details = release.details as unknown as MdavDetails;
  }
  times.sort((a, b) => a - b);
  const median = times[times.length >> 1] as number;
  const d = details as MdavDetails;
  return `${median.toFixed(0)} | ${runs} | ${d.variant} | ${d.blocks} | ${d.groups} | ${d.minGroupSize}–${d.maxGroupSize} | ${d.informationLoss.toFixed(4)}`;
}

/**
 * Prints the MDAV table (markdown) to stdout.
 *
 * @example
 * benchMdav({ quick: true });
 */
export function benchMdav(options: { quick?: boolean } = {}): void {
  const quick = options.quick ?? false;
  const runs = quick ? 1 : 3;
  console.log('\n## MDAV microaggregation, k = 5 (mdav() alone, data in memory)\n');
  console.log(
    '| data | rows | QIs | block size | median ms | runs | variant | blocks | groups | group sizes | SSE/SST |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | ---: |');
  const adult = join(root, 'datasets', 'adult', 'adult.csv');
  const row = (name: string, data: Dataset, blockSize: number | undefined, r: number): void => {
    const shown = blockSize === undefined ? 'default' : String(blockSize);
    console.log(
      `| ${name} | ${data.table.numRows()} | ${data.columns.length} | ${shown} | ${time(data, blockSize, r)} |`,
    );
  };
  row('Adult (age)', readNumeric(adult, ['age'], 1), undefined, runs);
  const creditDir =
    process.env.DATANONYME_CREDITCARD ?? join(root, '..', 'shared', 'datasets', 'creditcard');
  const credit = join(creditDir, 'creditcard_int.csv');
  const numeric = ['LIMIT_BAL', 'AGE', 'BILL_AMT1', 'BILL_AMT2', 'PAY_AMT1', 'PAY_AMT2'];
  const hasCredit = existsSync(credit);
  if (hasCredit) {
    const data = readNumeric(credit, numeric, 1);
    for (const b of [undefined, 5000, 2000]) row('credit card', data, b, runs);
  }
  row('Adult (age) ×33', readNumeric(adult, ['age'], 33), undefined, 1);
  if (hasCredit) {
    const big = readNumeric(credit, numeric, 34);
    for (const b of [undefined, 5000]) row('credit card ×34', big, b, 1);
  } else {
    console.log(`\n(credit card data not found at ${credit}: its rows are skipped)`);
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  benchMdav({ quick: process.argv.includes('--quick') });
}
