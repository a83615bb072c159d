/**
 * `datanonyme bench [--datasets adult] [--methods <names>] [--grid <file>] [--quick]
 * [--repeat <n>] [--out <folder>] [--seed <s>] [--watts-per-core <W>] [--grid-intensity <g>]
 * [--cards]`: every method on real data, side by side.
 *
 * Runs the grid (the default one of issue 7, the quick one, or a JSON file), appending each
 * finished run to `<out>/runs.jsonl`; a restart with the same seed and evaluation mode skips the
 * runs already there. Then writes `<out>/results.json` (every figure and parameter, the version,
 * the seed), `<out>/report.md` and a self-contained `<out>/report.html` (charts as inline SVG, no
 * script). A progress bar on a terminal, plain lines otherwise. With `--cards`, also rewrites the
 * measured block of the method cards (default grid only).
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { cpus, arch, platform } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SingleBar } from 'cli-progress';
import { DatanonymeError } from '../errors.js';
import { cardBlock, CARD_METHODS, withBenchBlock } from '../report/bench/cards.js';
import { chartSpecs, renderSvg } from '../report/bench/charts.js';
import { DEFAULT_ENERGY, energyOf } from '../report/bench/energy.js';
import { summariseConfigurations } from '../report/bench/frontier.js';
import {
  checkGrid,
  configurationLabel,
  defaultGrid,
  expandGrid,
  filterRuns,
  quickGrid,
  type BenchGrid,
} from '../report/bench/grid.js';
import { benchHtml } from '../report/bench/html.js';
import { benchMarkdown } from '../report/bench/markdown.js';
import { loadBenchDataset, BENCH_DATASETS } from '../report/bench/node-datasets.js';
import { runBench, type ProgressEvent } from '../report/bench/node-runner.js';
import type { BenchResults, EnergyAssumptions } from '../report/bench/types.js';
import { ensureParentDirectory, writeFileAtomic } from '../table/write-file.js';
import { numberFlag, parseList, readJsonFile } from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `bench`, as commander hands them over. */
export interface BenchFlags {
  datasets?: string;
  methods?: string;
  grid?: string;
  quick?: boolean;
  repeat?: string;
  out?: string;
  seed?: string;
  wattsPerCore?: string;
  gridIntensity?: string;
  cards?: boolean;
}

/**
 * The folder holding the package's package.json (datasets/ and methods/ are there): found by
 * going up from this module, so that it works from src/ (tsx) and from an installed dist/.
 *
 * @throws Error when no package.json named datanonyme is above this module (a broken install).
 * @example packageRoot() // => '/home/me/project/node_modules/datanonyme'
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (json.name === 'datanonyme') return dir;
    } catch {
      // not here: go up
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('datanonyme: package.json not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * Runs the command (module comment): checks every flag, runs the grid (resuming from
 * `<out>/runs.jsonl`), writes results.json, report.md and report.html, and with `--cards` the
 * method cards; returns the exit code. `terminal` is where the progress bar goes (null: plain
 * lines on `stderr`).
 *
 * @throws DatanonymeError `BAD_PARAMETER` / `BAD_CONFIG` for a bad flag or grid file (before
 *   anything runs or is written), `BAD_PARAMETER` for a results folder of other settings.
 * @example await benchCommand({ quick: true, out: 'out/bench' }, console.log, console.error) // => 0
 */
export async function benchCommand(
  flags: BenchFlags,
  stdout: (line: string) => void,
  stderr: (line: string) => void,
  terminal: NodeJS.WriteStream | null = process.stderr.isTTY ? process.stderr : null,
): Promise<number> {
  const started = performance.now();
  const root = packageRoot();

  // 1. The grid and the options, checked before anything runs.
  if (flags.quick === true && flags.grid !== undefined) {
    throw new DatanonymeError('BAD_PARAMETER', '--quick and --grid are exclusive: give one', {
      field: 'grid',
    });
  }
  let grid: BenchGrid =
    flags.grid !== undefined
      ? checkGrid(await readJsonFile(flags.grid), flags.grid)
      : flags.quick === true
        ? quickGrid()
        : defaultGrid();
  if (flags.datasets !== undefined) {
    const datasets = parseList(flags.datasets);
    for (const d of datasets) {
      if (!(BENCH_DATASETS as readonly string[]).includes(d)) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `--datasets ${d}: unknown dataset (known: ${BENCH_DATASETS.join(', ')})`,
          { field: 'datasets', value: d },
        );
      }
    }
    grid = { ...grid, datasets };
  }
  if (flags.repeat !== undefined) {
    const repeat = numberFlag(flags.repeat, 'repeat');
    if (!Number.isInteger(repeat) || repeat < 1) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--repeat must be an integer ≥ 1, got "${flags.repeat}"`,
        {
          field: 'repeat',
          value: flags.repeat,
        },
      );
    }
    grid = { ...grid, repeat };
  }
  const methods = parseList(flags.methods);
  const runs = filterRuns(expandGrid(grid), methods);
  const seed = flags.seed === undefined ? 1 : integerFlag(flags.seed, 'seed');
  const energy: EnergyAssumptions = { ...DEFAULT_ENERGY };
  if (flags.wattsPerCore !== undefined) {
    energy.wattsPerCore = numberFlag(flags.wattsPerCore, 'watts-per-core');
    energy.powerSource = 'given with --watts-per-core';
  }
  if (flags.gridIntensity !== undefined) {
    energy.gramsPerKwh = numberFlag(flags.gridIntensity, 'grid-intensity');
    energy.intensitySource = 'given with --grid-intensity';
  }
  energyOf(0, energy); // checks both figures
  if (
    flags.cards === true &&
    (grid.name !== 'default' || methods.length > 0 || !grid.datasets.includes('adult'))
  ) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--cards writes the default grid’s figures on Adult into the method cards: run it without --quick, --grid or --methods',
      { field: 'cards' },
    );
  }
  const out = flags.out ?? join('out', 'bench');
  const resultsFile = join(out, 'runs.jsonl');
  await ensureParentDirectory(resultsFile, { label: 'results file' });

  // 2. The runs.
  stderr(
    `bench: ${runs.length} run(s) of the ${grid.name} grid on ${grid.datasets.join(', ')} (${grid.evaluation} evaluation, seed ${seed}); results in ${out}`,
  );
  const progress = progressReporter(stderr, terminal);
  const datasetInfo = new Map<string, BenchResults['datasets'][number]>();
  const outcome = await runBench({
    runs,
    settings: {
      seed,
      evaluation: grid.evaluation,
      rows: grid.rows ?? null,
      suppressionLimit: grid.generalisation.suppressionLimit,
      version: packageVersion(),
    },
    resultsFile,
    energy,
    loadDataset: async (name) => {
      const d = {
        ...(await loadBenchDataset(name, root, seed, grid.rows)),
        suppressionLimit: grid.generalisation.suppressionLimit,
      };
      datasetInfo.set(name, {
        name,
        rows: d.rows,
        releaseRows: d.original.table.numRows(),
        controlRows: d.control.table.numRows(),
        description: d.description,
      });
      return d;
    },
    onProgress: progress.update,
  });
  progress.stop();

  // 3. The results and the reports.
  for (const name of grid.datasets) {
    if (!datasetInfo.has(name)) {
      // Every run was resumed: the split's sizes are still needed for the report.
      const d = await loadBenchDataset(name, root, seed, grid.rows);
      datasetInfo.set(name, {
        name,
        rows: d.rows,
        releaseRows: d.original.table.numRows(),
        controlRows: d.control.table.numRows(),
        description: d.description,
      });
    }
  }
  const summaries = summariseConfigurations(outcome.records);
  const charts = chartSpecs(summaries);
  const cpuList = cpus();
  const results: BenchResults = {
    tool: 'datanonyme',
    version: packageVersion(),
    written: new Date().toISOString(),
    seed,
    grid: grid.name,
    gridDefinition: grid,
    methods,
    evaluation: grid.evaluation,
    repeat: grid.repeat,
    machine: {
      platform: platform(),
      arch: arch(),
      cpus: cpuList.length,
      cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
      node: process.version,
    },
    energy,
    datasets: grid.datasets.map((n) => datasetInfo.get(n) as BenchResults['datasets'][number]),
    wallMs: performance.now() - started,
    records: outcome.records,
    charts,
  };
  const svgs: string[] = [];
  for (const chart of charts) svgs.push(await renderSvg(chart.spec));
  const written = {
    json: join(out, 'results.json'),
    md: join(out, 'report.md'),
    html: join(out, 'report.html'),
  };
  await writeFileAtomic(written.json, JSON.stringify(results, null, 2) + '\n', {
    label: 'results',
  });
  await writeFileAtomic(written.md, benchMarkdown(results), { label: 'report' });
  await writeFileAtomic(written.html, benchHtml(results, svgs), { label: 'HTML report' });
  const failed = outcome.records.filter((r) => r.error !== undefined);
  for (const r of failed)
    stderr(`datanonyme: warning: ${configurationLabel(r)} failed: ${r.error ?? ''}`);
  if (flags.cards === true) {
    for (const card of Object.keys(CARD_METHODS)) {
      const block = cardBlock(results, card);
      if (block === null) continue;
      const path = join(root, card);
      const text = await readFile(path, 'utf8');
      await writeFileAtomic(path, withBenchBlock(text, block), { label: 'method card' });
      stderr(`card: ${card}`);
    }
  }
  stdout(
    `bench: ${outcome.records.length} run(s) (${outcome.ran} measured now, ${outcome.resumed} resumed, ${failed.length} failed) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  stderr(`written: ${written.json}, ${written.md}, ${written.html}`);
  return 0;
}

/**
 * What the benchmark shows while it runs: a progress bar (cli-progress) on `terminal` when there
 * is one, else one plain line per finished run on `stderr` (logs, pipes, CI).
 *
 * @example progressReporter((l) => console.error(l), null).update(event) // prints 'bench: [3/12] optimal k=10: …'
 */
export function progressReporter(
  stderr: (line: string) => void,
  terminal: NodeJS.WriteStream | null,
): {
  update: (e: ProgressEvent) => void;
  stop: () => void;
} {
  if (terminal !== null) {
    const bar = new SingleBar({
      format: 'bench [{bar}] {value}/{total} {label}',
      stream: terminal,
      hideCursor: true,
    });
    let startedBar = false;
    return {
      update: (e) => {
        if (!startedBar) {
          bar.start(e.total, 0, { label: '' });
          startedBar = true;
        }
        bar.update(e.done, { label: e.kind === 'start' ? configurationLabel(e.run) : '' });
      },
      stop: () => {
        if (startedBar) bar.stop();
      },
    };
  }
  let resumed = 0;
  return {
    update: (e) => {
      if (e.kind === 'resumed') {
        resumed++;
        return;
      }
      if (e.kind === 'start') {
        if (resumed > 0) {
          stderr(`bench: ${resumed} run(s) resumed from the results file`);
          resumed = 0;
        }
        return;
      }
      const r = e.record;
      if (r === undefined) return;
      const f = r.figures;
      const what =
        r.error !== undefined
          ? `failed: ${r.error}`
          : [
              f.utility === null ? null : `utility ${f.utility.toFixed(3)}`,
              f.risk === null ? null : `risk ${f.risk.toFixed(3)}`,
              f.error === null ? null : `error ${f.error.toFixed(3)}`,
            ]
              .filter((x) => x !== null)
              .join(', ');
      stderr(
        `bench: [${e.done}/${e.total}] ${configurationLabel(r)}${r.repeat > 0 ? ` #${r.repeat + 1}` : ''}: ${(r.resources.methodMs / 1000).toFixed(2)} s + evaluation ${(r.resources.evaluationMs / 1000).toFixed(1)} s; ${what}`,
      );
    },
    stop: () => {
      if (resumed > 0) stderr(`bench: ${resumed} run(s) resumed from the results file`);
    },
  };
}

function integerFlag(text: string, field: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t) || !Number.isSafeInteger(Number(t))) {
    throw new DatanonymeError('BAD_PARAMETER', `--${field} must be an integer, got "${text}"`, {
      field,
      value: text,
    });
  }
  return Number(t);
}
