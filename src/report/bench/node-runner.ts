/**
 * Runs a benchmark grid in this process (Node only: CPU time, memory and the results file).
 *
 * The results file (`runs.jsonl`) starts with one line of settings ({@link BenchSettings}: the
 * seed, the evaluation mode, the sample size, the suppression limit, the version) and then holds
 * one JSON line per finished run, keyed by dataset, method, parameters and repeat ({@link runKey}).
 * A restart with the same settings skips the runs already there, so an interrupted benchmark
 * loses at most the run it was in; a line cut short by the interruption is cut off the file.
 * A results file written under other settings is refused, never mixed with nor overwritten.
 */
import { appendFile, mkdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatanonymeError } from '../../errors.js';
import { energyOf } from './energy.js';
import { runKey } from './grid.js';
import { makeRelease, measure, type BenchDataset, type MadeRelease } from './methods.js';
import type { BenchFigures, BenchRecord, BenchRun, EnergyAssumptions } from './types.js';

/**
 * What a run's figures depend on besides its configuration: runs measured under different settings
 * are not comparable, so a results file holds runs of one settings only.
 */
export interface BenchSettings {
  seed: number;
  evaluation: 'full' | 'quick';
  /** The size of the seeded sample of each dataset, or null for every row. */
  rows: number | null;
  /** Optimal generalisation's suppression limit. */
  suppressionLimit: number;
  /** The datanonyme version that measured the runs. */
  version: string;
}

/** Options of {@link runBench}. */
export interface RunBenchOptions {
  runs: readonly BenchRun[];
  settings: BenchSettings;
  /** The JSON-lines file finished runs are appended to (and resumed from). */
  resultsFile: string;
  energy: EnergyAssumptions;
  /** Loads a dataset by name (called once per dataset that still has runs to do). */
  loadDataset: (name: string) => Promise<BenchDataset>;
  /** Called before and after each run, and for each run resumed from the file. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Stop after this many newly finished runs, as an interruption would (tests).
   * @defaultValue no stop
   */
  stopAfter?: number;
}

/** What {@link runBench} reports while it works. */
export interface ProgressEvent {
  kind: 'resumed' | 'start' | 'done';
  /** Runs finished so far (resumed ones included). */
  done: number;
  total: number;
  run: BenchRun;
  record?: BenchRecord;
}

/** What {@link runBench} did. */
export interface BenchOutcome {
  /** Every finished run of the grid, in grid order (resumed ones included). */
  records: BenchRecord[];
  /** Runs measured by this call. */
  ran: number;
  /** Runs taken from the results file. */
  resumed: number;
  /** True when `stopAfter` stopped it before the end. */
  stopped: boolean;
  wallMs: number;
}

/** A results file as read: its settings line (null for a new or empty file) and its runs. */
export interface ResultsFile {
  settings: BenchSettings | null;
  records: BenchRecord[];
  /** Bytes of a last line cut short by an interruption (no end of line), 0 if none. */
  cutShort: number;
}

/**
 * Reads a results file: the settings line, then one JSON record a line; a last line without its
 * end of line (a run cut short) is left out and counted in `cutShort`. A missing file is no run.
 *
 * @throws DatanonymeError `BAD_INPUT` naming the file and line for a complete line that is not a
 *   record, or a file whose first line is not the settings (not a results file of `bench`).
 * @example (await readResultsFile('out/bench/runs.jsonl')).records.length // => 12
 */
export async function readResultsFile(file: string): Promise<ResultsFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return { settings: null, records: [], cutShort: 0 };
    }
    throw e;
  }
  const end = text.lastIndexOf('\n') + 1;
  const cutShort = Buffer.byteLength(text.slice(end));
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  const bad = (line: number, what: string): DatanonymeError =>
    new DatanonymeError(
      'BAD_INPUT',
      `${file}:${line}: ${what}; it is not a results file of datanonyme bench: give another --out`,
      { file, line },
    );
  let settings: BenchSettings | null = null;
  const records: BenchRecord[] = [];
  lines.forEach((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw bad(i + 1, 'not a JSON line');
    }
    const v = value as { settings?: BenchSettings; key?: unknown; figures?: unknown };
    if (i === 0) {
      if (typeof v.settings !== 'object') throw bad(1, 'the first line is not the settings line');
      settings = v.settings;
      return;
    }
    if (typeof v.key !== 'string' || typeof v.figures !== 'object') {
      throw bad(i + 1, 'not a run record');
    }
    records.push(value as BenchRecord);
  });
  return { settings, records, cutShort };
}

/**
 * The settings that differ, as `seed 1 (this run: 2)`; empty when they are the same.
 *
 * @example settingsDifferences({ ...s, seed: 1 }, { ...s, seed: 2 }) // => ['seed 1 (this run: 2)']
 */
export function settingsDifferences(file: BenchSettings, run: BenchSettings): string[] {
  const names: (keyof BenchSettings)[] = [
    'seed',
    'evaluation',
    'rows',
    'suppressionLimit',
    'version',
  ];
  const shown = (x: BenchSettings[keyof BenchSettings]): string =>
    x === null ? 'every row' : String(x);
  return names
    .filter((n) => file[n] !== run[n])
    .map((n) => `${n} ${shown(file[n])} (this run: ${shown(run[n])})`);
}

/**
 * Runs the grid's runs that the results file does not hold yet, appending each as it finishes.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when the results file holds runs of other settings,
 *   `BAD_INPUT` when it is not a results file; whatever reading or appending to it throws. A
 *   failing method or evaluation is recorded with its error, not thrown.
 * @example (await runBench({ runs, settings, resultsFile, energy: DEFAULT_ENERGY, loadDataset })).ran // => 12
 */
export async function runBench(options: RunBenchOptions): Promise<BenchOutcome> {
  const started = performance.now();
  const { runs, settings, resultsFile } = options;
  const { seed, evaluation } = settings;
  await mkdir(dirname(resultsFile), { recursive: true });
  const file = await readResultsFile(resultsFile);
  if (file.settings === null) {
    await writeFile(resultsFile, JSON.stringify({ settings }) + '\n');
  } else {
    const differences = settingsDifferences(file.settings, settings);
    if (differences.length > 0) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `${resultsFile} holds runs measured under other settings: ${differences.join(', ')}; they cannot be mixed: give another --out, or delete the folder to start over`,
        { file: resultsFile },
      );
    }
    if (file.cutShort > 0) {
      const size = Buffer.byteLength(await readFile(resultsFile, 'utf8'));
      await truncate(resultsFile, size - file.cutShort);
    }
  }
  const previous = new Map<string, BenchRecord>();
  for (const r of file.records) previous.set(r.key, r);
  const records: BenchRecord[] = [];
  const datasets = new Map<string, BenchDataset>();
  let done = 0;
  let ran = 0;
  let resumed = 0;
  const total = runs.length;
  for (const run of runs) {
    const key = runKey(run);
    const old = previous.get(key);
    if (old !== undefined) {
      // The energy follows the current assumptions (--watts-per-core, --grid-intensity).
      const e = energyOf(old.resources.cpuMs, options.energy);
      records.push({
        ...old,
        resources: { ...old.resources, energyJ: e.joules, carbonMg: e.carbonMg },
      });
      done++;
      resumed++;
      options.onProgress?.({ kind: 'resumed', done, total, run, record: old });
      continue;
    }
    if (options.stopAfter !== undefined && ran >= options.stopAfter) {
      return { records, ran, resumed, stopped: true, wallMs: performance.now() - started };
    }
    options.onProgress?.({ kind: 'start', done, total, run });
    let data = datasets.get(run.dataset);
    if (data === undefined) {
      data = await options.loadDataset(run.dataset);
      datasets.set(run.dataset, data);
    }
    const record = measureRun(data, run, key, seed, evaluation, options.energy);
    await appendFile(resultsFile, JSON.stringify(record) + '\n');
    records.push(record);
    done++;
    ran++;
    options.onProgress?.({ kind: 'done', done, total, run, record });
  }
  return { records, ran, resumed, stopped: false, wallMs: performance.now() - started };
}

const NO_FIGURES: BenchFigures = {
  rows: 0,
  utility: null,
  risk: null,
  singlingOut: null,
  linkability: null,
  inference: null,
  prosecutorAverage: null,
  informationLoss: null,
  error: null,
};

/** One run: the release timed (wall, CPU, heap, peak RSS), then evaluated. */
function measureRun(
  data: BenchDataset,
  run: BenchRun,
  key: string,
  seed: number,
  evaluation: 'full' | 'quick',
  energy: EnergyAssumptions,
): BenchRecord {
  const runSeed = `${seed}:${key}`;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let made: MadeRelease | undefined;
  let error: string | undefined;
  try {
    made = makeRelease(data, run, runSeed);
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const methodMs = performance.now() - wallBefore;
  const cpu = process.cpuUsage(cpuBefore);
  const heapDeltaMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  let figures = NO_FIGURES;
  let unmeasured: string[] = [];
  const evaluationStarted = performance.now();
  if (made !== undefined) {
    try {
      ({ unmeasured, ...figures } = measure(
        data,
        made,
        evaluation,
        seed + run.repeat,
        run.family === 'synthesis' && run.parameters.epsilon !== undefined,
      ));
    } catch (e) {
      error = `evaluation: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  const evaluationMs = performance.now() - evaluationStarted;
  const e = energyOf(cpuMs, energy);
  return {
    ...run,
    key,
    seed,
    evaluation,
    figures,
    resources: {
      methodMs,
      cpuMs,
      evaluationMs,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      heapDeltaMb,
      energyJ: e.joules,
      carbonMg: e.carbonMg,
    },
    notes: [...(made?.notes ?? []), ...unmeasured],
    ...(error === undefined ? {} : { error }),
  };
}
