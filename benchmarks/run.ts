/**
 * `npm run bench`: the speed figures the issues ask for, printed as tables.
 *
 * 1. Optimal generalisation on Adult, all 9 columns as quasi-identifiers, k = 2, 5, 10, 100,
 *    suppression 0 and 5 %: median time after warm-up, lattice nodes checked, peak RSS.
 * 2. A whole CLI run on Adult (cold process, k = 5): wall time and peak RSS.
 * 3. Adult repeated to about 1,000,000 rows, k = 5: reading + anonymising in a fresh process,
 *    wall time and peak RSS.
 * 4. Mondrian on Adult and on Adult repeated to about 1,000,000 rows, k = 5 (`mondrian.ts`).
 * 5. MDAV on Adult, credit card and about 1,000,000 rows, k = 5 (`mdav.ts`).
 * 6. The utility and risk evaluation of three releases of half of Adult, full and quick (`evaluate.ts`).
 *
 * Options: `--quick` (fewer repetitions), `--stress` (tables: a slow interval-repair case), `--only adult|cli|million|mondrian|dp|mdav|evaluate`.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { benchEvaluate } from './evaluate.js';
import { benchMdav } from './mdav.js';
import { benchDpQueries } from './dp-queries.js';
import { benchDpSamplers } from './dp-samplers.js';
import { benchModels } from './models.js';
import { benchSynthesis } from './synthesis.js';
import { benchMondrian } from './mondrian.js';
import { benchTables } from './tables.js';

const root = join(import.meta.dirname, '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

interface AdultRun {
  median: number;
  min: number;
  nodesChecked: number;
  latticeSize: number;
  suppressed: number;
  transformation: string;
  peakRssMb: number;
  heapUsedMb: number;
}

function benchAdult(): void {
  console.log(
    '\n## Optimal generalisation, Adult (30162 rows, all 9 columns as quasi-identifiers, metric loss)\n',
  );
  console.log(
    'Each configuration runs in its own process: five warm-up runs, then the timed ones. Peak RSS is',
  );
  console.log("the process's, Adult and its hierarchies loaded included.\n");
  console.log(
    '| k | suppression | median ms | min ms | runs | nodes checked | lattice | suppressed rows | transformation | peak RSS MB |',
  );
  console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
  const runs = quick ? 3 : 9;
  for (const suppressionLimit of [0, 0.05]) {
    for (const k of [2, 5, 10, 100]) {
      const r = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'benchmarks', 'adult-run.ts'),
          String(k),
          String(suppressionLimit),
          String(runs),
        ],
        { cwd: root, encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(r.stderr);
      const x = JSON.parse(r.stdout.trim().split('\n').pop() as string) as AdultRun;
      console.log(
        `| ${k} | ${suppressionLimit * 100} % | ${x.median.toFixed(1)} | ${x.min.toFixed(1)} | ${runs} | ${x.nodesChecked} | ` +
          `${x.latticeSize} | ${x.suppressed} | ${x.transformation} | ${x.peakRssMb.toFixed(0)} |`,
      );
    }
  }
}

/** Runs the built CLI in a fresh process; returns wall ms and peak RSS in MB. */
function timeCli(argv: string[]): {
  ms: number;
  rssMb: number;
  status: number | null;
  stderr: string;
} {
  const cli = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error('dist/ is missing: run `npm run build` first');
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    ['--import', join(root, 'benchmarks', 'report-maxrss.mjs'), cli, ...argv],
    {
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      encoding: 'utf8',
    },
  );
  const ms = performance.now() - t;
  const rss = Number((r.output[3] as string | null) ?? 'NaN') / 1024;
  return { ms, rssMb: rss, status: r.status, stderr: r.stderr };
}

function benchCli(): void {
  mkdirSync(join(root, 'out'), { recursive: true });
  console.log(
    '\n## Whole CLI run on Adult (cold process, datasets/adult/config.json: 8 QIs, k = 5, at most 5 % suppressed)\n',
  );
  console.log('| run | wall ms | peak RSS MB | exit |');
  console.log('| ---: | ---: | ---: | ---: |');
  const runs = quick ? 2 : 5;
  for (let i = 1; i <= runs; i++) {
    const r = timeCli([
      'anonymise',
      join(root, 'datasets/adult/adult.csv'),
      '--config',
      join(root, 'datasets/adult/config.json'),
      '-o',
      join(root, 'out/bench-adult-k5.csv'),
    ]);
    if (r.status !== 0) throw new Error(r.stderr);
    console.log(`| ${i} | ${r.ms.toFixed(0)} | ${r.rssMb.toFixed(0)} | ${String(r.status)} |`);
  }
}

async function benchMillion(): Promise<void> {
  const file = join(root, 'out', 'adult-1m.csv');
  mkdirSync(join(root, 'out'), { recursive: true });
  const source = readFileSync(join(root, 'datasets/adult/adult.csv'), 'utf8')
    .split('\r\n')
    .filter((l) => l !== '');
  const header = source[0] as string;
  const body = source.slice(1);
  const copies = Math.ceil(1_000_000 / body.length);
  if (!existsSync(file)) {
    const out = createWriteStream(file);
    out.write(header + '\r\n');
    for (let c = 0; c < copies; c++) {
      if (!out.write(body.join('\r\n') + '\r\n')) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
  }
  const rows = copies * body.length;
  console.log(
    `\n## Adult repeated ${copies}× (${rows} rows, 9 quasi-identifiers, k = 5): read + anonymise + write, fresh process\n`,
  );
  console.log('| run | wall ms | peak RSS MB | exit |');
  console.log('| ---: | ---: | ---: | ---: |');
  const qis =
    'sex,age,race,marital-status,education,native-country,workclass,occupation,salary-class';
  for (let i = 1; i <= (quick ? 1 : 3); i++) {
    const r = timeCli([
      'anonymise',
      file,
      '--k',
      '5',
      '--qi',
      qis,
      '--hierarchies',
      join(root, 'datasets/adult'),
      '-o',
      join(root, 'out/bench-adult-1m-k5.csv'),
    ]);
    if (r.status !== 0) throw new Error(r.stderr);
    console.log(`| ${i} | ${r.ms.toFixed(0)} | ${r.rssMb.toFixed(0)} | ${String(r.status)} |`);
  }
}

console.log(`datanonyme benchmark — node ${process.version}, ${new Date().toISOString()}`);
if (only === undefined || only === 'adult') benchAdult();
if (only === undefined || only === 'cli') benchCli();
if (only === undefined || only === 'million') await benchMillion();
if (only === undefined || only === 'models') await benchModels({ quick, root });
if (only === undefined || only === 'mondrian') await benchMondrian({ quick, root });
if (only === undefined || only === 'dp') benchDpSamplers({ quick });
if (only === undefined || only === 'dp') await benchDpQueries({ quick });
if (only === undefined || only === 'mdav') benchMdav({ quick });
if (only === undefined || only === 'evaluate') await benchEvaluate({ quick, root });
if (only === undefined || only === 'synthesis') await benchSynthesis({ quick, root });
if (only === undefined || only === 'tables')
  await benchTables({ quick, root, stress: args.includes('--stress') });
if (only === undefined || only === 'perturbation')
  await (await import('./perturbation.js')).benchPerturbation({ quick, root });
