/**
 * Synthetic data generators: fit and sample time, peak memory, and the fidelity of the marginals,
 * on Adult (30,162 rows, 9 columns) and, when `../shared/datasets` is there, the French
 * road-accident victims of 2022 (126,662 rows, 12 columns). Fidelity: the mean total-variation
 * distance of the 1-way and 2-way marginals between the data and an equally large sample (numeric
 * columns in 10 equal-width bins on the data's range, `src/metrics/utility`). The bars on
 * Adult: every generator under 10 s, PrivBayes and MST at ε = 1 under 5 s; MST at ε = 1 under
 * 0.03 (1-way) and 0.04 (2-way); shuffling each column independently gives 0.081 (2-way).
 *
 * 1. Every generator on every dataset, each in a fresh process (`node --expose-gc --import tsx
 *    benchmarks/synthesis.ts --child <data> <generator> <root>`), so that its peak resident set
 *    size (`process.resourceUsage().maxRSS`, read right after sampling) is its own; the resident
 *    set after the data is read is printed beside it. One untimed run warms the JIT up first.
 * 2. MST at ε = 1 over seeds (10; 3 with `--quick`) on Adult's 9 columns and on its 8 columns
 *    without `salary-class`, and at ε = 1000 (the tree itself, almost without noise): mean,
 *    standard deviation, smallest and largest 1-way and 2-way TVD (every column's TVD, age in 10
 *    bins).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { sequentialCart } from '../methods/synthesis/cart.js';
import { gaussianCopula } from '../methods/synthesis/copula.js';
import { independentMarginals } from '../methods/synthesis/independent.js';
import { fitMst } from '../methods/synthesis/mst.js';
import { fitPrivBayes } from '../methods/synthesis/privbayes.js';
import type { SynthesisModel } from '../methods/synthesis/types.js';
import { aggregate } from '../src/metrics/result.js';
import { columnUtility, twoWayMarginals } from '../src/metrics/utility/index.js';
import { marginalColumn, marginalDistance } from '../src/metrics/utility/marginals.js';
import { readCsvFile } from '../src/table/read-file.js';
import type { Dataset } from '../src/types.js';

interface Case {
  name: string;
  data: Dataset;
  bounds: Record<string, readonly [number, number]>;
}

/** What a child process measures for one generator on one dataset. */
interface Run {
  rows: number;
  fitMs: number;
  sampleMs: number;
  loadedRssMb: number;
  peakRssMb: number;
  oneWay: number | null;
  twoWay: number | null;
}

const CASES = ['Adult', 'BAAC 2022 victims'] as const;
const GENERATORS = [
  'independent',
  'independent, ε = 1',
  'copula',
  'sequential CART',
  'MST, ε = 1',
  'PrivBayes, ε = 1',
] as const;

async function load(path: string, bounds: Case['bounds'], name: string): Promise<Case> {
  const parsed = await readCsvFile(path, { typed: false });
  const data: Dataset = {
    table: parsed.table,
    columns: parsed.table.columnNames().map((column) => ({
      name: column,
      type: parsed.types[column] ?? 'categorical',
      role: 'insensitive' as const,
      missing: parsed.missing,
    })),
  };
  return { name, data, bounds };
}

function baacPath(root: string): string {
  return join(root, '..', 'shared', 'datasets', 'baac-usagers-2022', 'usagers-2022.csv');
}

async function loadCase(name: string, root: string): Promise<Case> {
  if (name === 'Adult') {
    return load(join(root, 'datasets/adult/adult.csv'), { age: [17, 90] }, 'Adult');
  }
  // Public bounds from the BAAC code book (codes −1 = not given), not from the data.
  const codes = (hi: number): readonly [number, number] => [-1, hi];
  return load(
    baacPath(root),
    {
      place: codes(10),
      catu: [1, 3],
      grav: [1, 4],
      sexe: codes(2),
      an_nais: [1900, 2023],
      trajet: codes(9),
      secu1: codes(9),
      secu2: codes(9),
      secu3: codes(9),
      locp: codes(9),
      etatp: codes(3),
    },
    'BAAC 2022 victims',
  );
}

function fidelity(
  data: Dataset,
  sample: Dataset,
): { oneWay: number | null; twoWay: number | null } {
  const columns = data.table.columnNames();
  const oneWay = aggregate(
    columns.flatMap((c) =>
      columnUtility(data, sample, c).filter(
        (m) => m.name === 'totalVariationDistance' || m.name === 'kolmogorovSmirnov',
      ),
    ),
  ).mean;
  const twoWay =
    twoWayMarginals(data, sample, columns).find((m) => m.name === 'twoWayMarginalMean')?.value ??
    null;
  return { oneWay, twoWay };
}

function generator(label: string, c: Case): () => SynthesisModel {
  const dp = { epsilon: 1, bounds: c.bounds, domainsFromData: true } as const;
  switch (label) {
    case 'independent':
      return () => independentMarginals(c.data, {});
    case 'independent, ε = 1':
      return () => independentMarginals(c.data, { ...dp, noiseSeed: 1 });
    case 'copula':
      return () => gaussianCopula(c.data, {});
    case 'sequential CART':
      return () => sequentialCart(c.data, {});
    case 'MST, ε = 1':
      return () => fitMst(c.data, { ...dp, seed: 1 });
    case 'PrivBayes, ε = 1':
      return () => fitPrivBayes(c.data, { ...dp, seed: 1 });
    default:
      throw new Error(`unknown generator ${label}`);
  }
}

/** The child's part: one generator on one dataset; prints a {@link Run} as JSON. */
async function child(caseName: string, label: string, root: string): Promise<void> {
  const c = await loadCase(caseName, root);
  const fit = generator(label, c);
  const loadedRssMb = process.memoryUsage().rss / 2 ** 20;
  // one untimed run warms the JIT up (a CLI run pays it once; the times are the steady state),
  // then the garbage is collected so that the peak is about one run's
  fit().sample(c.data.table.numRows(), 1);
  globalThis.gc?.();
  const t0 = performance.now();
  const model = fit();
  const t1 = performance.now();
  const sample = model.sample(c.data.table.numRows(), 1);
  const t2 = performance.now();
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const run: Run = {
    rows: c.data.table.numRows(),
    fitMs: t1 - t0,
    sampleMs: t2 - t1,
    loadedRssMb,
    peakRssMb,
    ...fidelity(c.data, sample),
  };
  console.log(JSON.stringify(run));
}

const mean = (x: readonly number[]): number => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: readonly number[]): number =>
  x.length < 2 ? 0 : Math.sqrt(x.reduce((a, b) => a + (b - mean(x)) ** 2, 0) / (x.length - 1));
const spread = (x: readonly number[]): string =>
  `${mean(x).toFixed(4)} ± ${sd(x).toFixed(4)} | ${Math.min(...x).toFixed(4)} | ${Math.max(...x).toFixed(4)}`;

/** MST on Adult (9 and 8 columns) over seeds: the spread of its 1-way and 2-way TVD. */
async function mstSeeds(root: string, seeds: number): Promise<void> {
  const adult = await loadCase('Adult', root);
  console.log(
    `\n## MST on Adult over seeds 1–${seeds} (noise seed = sample seed), age in 10 bins for every TVD\n`,
  );
  console.log(
    '| columns | ε | 1-way TVD mean ± sd | min | max | 2-way TVD mean ± sd | min | max | fit + sample ms (mean) | tree (seed 1) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const all = adult.data.table.columnNames();
  for (const columns of [all, all.filter((c) => c !== 'salary-class')]) {
    const data: Dataset = {
      table: adult.data.table.select(columns),
      columns: adult.data.columns.filter((c) => columns.includes(c.name)),
    };
    for (const epsilon of [1, 1000]) {
      const one: number[] = [];
      const two: number[] = [];
      const ms: number[] = [];
      let tree = '';
      const runs = epsilon === 1 ? seeds : Math.min(seeds, 3);
      for (let seed = 1; seed <= runs; seed++) {
        const t0 = performance.now();
        const model = fitMst(data, { epsilon, bounds: adult.bounds, domainsFromData: true, seed });
        const sample = model.sample(data.table.numRows(), seed);
        ms.push(performance.now() - t0);
        if (seed === 1) {
          tree = (model.details.tree as string[][]).map((e) => e.join('–')).join(', ');
        }
        const marginals = columns.map(
          (c) => marginalColumn(data, sample, c) as NonNullable<ReturnType<typeof marginalColumn>>,
        );
        one.push(mean(marginals.map((m) => marginalDistance([m]))));
        const pair = twoWayMarginals(data, sample, columns).find(
          (m) => m.name === 'twoWayMarginalMean',
        )?.value;
        two.push(pair as number);
      }
      console.log(
        `| ${columns.length} | ${epsilon} | ${spread(one)} | ${spread(two)} | ${mean(ms).toFixed(0)} | ${tree} |`,
      );
    }
  }
  console.log(
    '\nε = 1000 (3 seeds) shows what the tree itself keeps: the rest of the 2-way distance at ε = 1 is the noise.',
  );
}

/** Prints the tables: every generator on every dataset present, then MST over seeds. */
export async function benchSynthesis(options: { quick: boolean; root: string }): Promise<void> {
  const cases: string[] = ['Adult'];
  if (existsSync(baacPath(options.root)) && !options.quick) cases.push('BAAC 2022 victims');
  console.log(
    '\n## Synthetic data: fit, sample, peak memory and marginal fidelity (one run each, seed 1)\n',
  );
  console.log(
    'Each row runs in a fresh process: one untimed run, garbage collection, then the timed run; peak RSS is that process\'s over both (Node, the data and the generator), "after reading" its resident set once the data is read.\n',
  );
  console.log(
    '| data | rows | generator | fit ms | sample ms | peak RSS MB | after reading MB | 1-way TVD/KS (mean) | 2-way TVD (mean) |',
  );
  console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const self = join(options.root, 'benchmarks', 'synthesis.ts');
  for (const name of cases) {
    for (const label of GENERATORS) {
      const r = spawnSync(
        process.execPath,
        ['--expose-gc', '--import', 'tsx', self, '--child', name, label, options.root],
        { cwd: options.root, encoding: 'utf8', maxBuffer: 2 ** 24 },
      );
      if (r.status !== 0) throw new Error(`${name}, ${label}: ${r.stderr}`);
      const x = JSON.parse(r.stdout.trim().split('\n').pop() as string) as Run;
      const show = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(4));
      console.log(
        `| ${name} | ${x.rows} | ${label} | ${x.fitMs.toFixed(0)} | ${x.sampleMs.toFixed(0)} | ${x.peakRssMb.toFixed(0)} | ${x.loadedRssMb.toFixed(0)} | ${show(x.oneWay)} | ${show(x.twoWay)} |`,
      );
    }
  }
  console.log(
    '\nThe DP rows read their categories from the data (`domainsFromData`, not private) and seed the noise: they are for measurement, not publication. The 1-way column is the TVD of categorical columns and the Kolmogorov-Smirnov distance of numeric ones.',
  );
  await mstSeeds(options.root, options.quick ? 3 : 10);
}

if (process.argv[2] === '--child') {
  const [caseName, label, root] = process.argv.slice(3);
  if (
    caseName === undefined ||
    label === undefined ||
    !CASES.includes(caseName as (typeof CASES)[number]) ||
    !GENERATORS.includes(label as (typeof GENERATORS)[number]) ||
    root === undefined
  ) {
    throw new Error(`usage: synthesis.ts --child <${CASES.join('|')}> <generator> <root>`);
  }
  await child(caseName, label, root);
}
