/**
 * The evaluation's speed and headline figures (`npm run bench -- --only evaluate`, or `node
 * --import tsx benchmarks/evaluate.ts`).
 *
 * Adult (30,162 rows, the 8 usual quasi-identifiers with ARX's hierarchies, salary-class
 * sensitive and the target) is split 50/50 by a seeded permutation into an original half (15,081
 * rows) and a control half (15,081 rows). Three releases of the original half are evaluated:
 *
 * 1. the original half itself (a copy: utility perfect, risk high);
 * 2. its optimal k = 5 generalisation, at most 5 % suppressed (`optimalGeneralisation`);
 * 3. independent marginals, 30,162 rows: each column drawn with replacement, independently, from
 *    the original half's column (the column-shuffled table; every correlation broken; the size of
 *    the budget's 30,162-row release).
 *
 * Each is evaluated in full and in quick mode, in this process, after one quick warm-up run. The
 * bars of the issue: full under 30 s, quick under 3 s, on this machine.
 */
import { join } from 'node:path';
import { table } from 'arquero';
import { optimalGeneralisation } from '../methods/generalisation/optimal.js';
import { evaluateRelease, type Evaluation } from '../src/metrics/evaluate.js';
import { seededRandom, uniformInt } from '../src/random/source.js';
import { formatFigure, summaryLines } from '../src/report/evaluation-report.js';
import type { Dataset } from '../src/types.js';
import { adultDataset } from './adult.js';

/** Options of {@link benchEvaluate}. */
export interface BenchEvaluateOptions {
  /** Only the copy and the 30,162-row release, no generalisation. @defaultValue false */
  quick?: boolean;
  /** The repository root. @defaultValue the parent of this folder */
  root?: string;
}

/** The rows of `data` at `rows`, in that order. */
function take(data: Dataset, rows: Int32Array): Dataset {
  const columns: Record<string, unknown[]> = {};
  for (const name of data.table.columnNames()) {
    const values = data.table.array(name) as ArrayLike<unknown>;
    columns[name] = Array.from(rows, (r) => values[r]);
  }
  return { table: table(columns, data.table.columnNames()), columns: data.columns };
}

/** Each column drawn independently with replacement: `rows` rows of independent marginals. */
function independentMarginals(data: Dataset, rows: number, seed: number): Dataset {
  const rng = seededRandom(seed);
  const n = data.table.numRows();
  const columns: Record<string, unknown[]> = {};
  for (const name of data.table.columnNames()) {
    const values = data.table.array(name) as ArrayLike<unknown>;
    columns[name] = Array.from({ length: rows }, () => values[uniformInt(rng, n)]);
  }
  return { table: table(columns, data.table.columnNames()), columns: data.columns };
}

/** A seeded permutation of 0…n−1 (Fisher-Yates). */
function permutation(n: number, seed: number): Int32Array {
  const rng = seededRandom(seed);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = uniformInt(rng, i + 1);
    const t = p[i] as number;
    p[i] = p[j] as number;
    p[j] = t;
  }
  return p;
}

function headline(e: Evaluation): string {
  const pick = (label: RegExp): string => {
    const line = summaryLines(e).find((l) => label.test(l.label));
    if (line === undefined) return '–';
    const ci =
      line.ci === undefined ? '' : ` [${formatFigure(line.ci[0])}, ${formatFigure(line.ci[1])}]`;
    return formatFigure(line.value) + ci;
  };
  return [
    pick(/^utility score/),
    pick(/^2-way/),
    pick(/^pMSE ratio/),
    pick(/^singling-out/),
    pick(/^linkability/),
    pick(/^inference/),
    pick(/prosecutor/i),
  ].join(' | ');
}

/** Runs the benchmark and prints its table. */
export async function benchEvaluate(options: BenchEvaluateOptions = {}): Promise<void> {
  const root = options.root ?? join(import.meta.dirname, '..');
  const adult = await adultDataset(root, 8);
  const n = adult.table.numRows();
  const order = permutation(n, 2024);
  const half = Math.floor(n / 2);
  const original = take(adult, order.slice(0, half));
  const control = take(adult, order.slice(half));
  const releases: [string, Dataset][] = [['copy of the original half', original]];
  if (options.quick !== true) {
    const k5 = optimalGeneralisation(original, { k: 5, suppressionLimit: 0.05 });
    releases.push([
      'optimal k = 5 generalisation (≤ 5 % suppressed)',
      { table: k5.table, columns: k5.columns },
    ]);
  }
  releases.push([`independent marginals, ${n} rows`, independentMarginals(original, n, 7)]);

  console.log(
    `\n## Evaluation against Adult (original half ${half} rows, control ${n - half} rows; 8 quasi-identifiers, target salary-class)\n`,
  );
  console.log(
    'Times are whole `evaluateRelease` calls in this process, after a quick warm-up. Bars: full < 30 s, quick < 3 s.\n',
  );
  console.log(
    '| release | rows | mode | ms | utility score | 2-way TVD | pMSE ratio | singling out | linkability | inference (salary-class) | prosecutor risk |',
  );
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  evaluateRelease({ original, release: original, control, target: 'salary-class', quick: true });
  for (const [name, release] of releases) {
    for (const quick of [false, true]) {
      const t = performance.now();
      const e = evaluateRelease({
        original,
        release,
        control,
        target: 'salary-class',
        quick,
        seed: 1,
      });
      const ms = performance.now() - t;
      const bar = quick ? 3000 : 30000;
      console.log(
        `| ${name} | ${release.table.numRows()} | ${quick ? 'quick' : 'full'} | ${ms.toFixed(0)}${ms > bar ? ' (over the bar)' : ''} | ${headline(e)} |`,
      );
    }
  }
}

if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  await benchEvaluate({ quick: process.argv.includes('--quick') });
}
