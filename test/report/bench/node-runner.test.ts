/**
 * The runner on a seeded 400-row sample of Adult (quick evaluation): an interrupted benchmark
 * resumes to the same figures as a fresh run (timings aside), a line cut short by the interruption
 * is cut off, runs of other settings are refused, and a resumed run's energy follows the current
 * assumptions.
 */
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DatanonymeError } from '../../../src/errors.js';
import { DEFAULT_ENERGY } from '../../../src/report/bench/energy.js';
import { expandGrid, quickGrid } from '../../../src/report/bench/grid.js';
import type { BenchDataset } from '../../../src/report/bench/methods.js';
import { loadBenchDataset } from '../../../src/report/bench/node-datasets.js';
import {
  readResultsFile,
  runBench,
  type BenchSettings,
} from '../../../src/report/bench/node-runner.js';
import type { BenchRecord } from '../../../src/report/bench/types.js';

const root = join(import.meta.dirname, '..', '..', '..');
const settings: BenchSettings = {
  seed: 3,
  evaluation: 'quick',
  rows: 400,
  suppressionLimit: 0.05,
  version: 'test',
};
const runs = expandGrid({
  ...quickGrid(),
  generalisation: { methods: ['mondrian'], k: [2, 5], l: [1], suppressionLimit: 0.05 },
  dp: { releases: ['table', 'aggregates'], epsilon: [10] },
  synthesis: { generators: ['independent'], epsilon: [1] },
});
let data: BenchDataset;
const loadDataset = (): Promise<BenchDataset> => Promise.resolve(data);

/** What must not depend on the interruption: everything but the costs. */
const measured = (records: readonly BenchRecord[]): unknown[] =>
  records.map((r) => ({ key: r.key, figures: r.figures, notes: r.notes, error: r.error ?? null }));

describe('runBench', () => {
  beforeAll(async () => {
    data = await loadBenchDataset('adult', root, settings.seed, settings.rows ?? undefined);
  });

  it('an interrupted run resumes to the figures of a fresh run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datanonyme-runner-'));
    const common = { runs, settings, energy: DEFAULT_ENERGY, loadDataset };
    const fresh = await runBench({ ...common, resultsFile: join(dir, 'fresh.jsonl') });
    expect(fresh.ran).toBe(9); // original, mondrian ×2, pram, swap, dp ×2, independent ×2
    expect(fresh.records.every((r) => r.error === undefined)).toBe(true);
    // dp-aggregates at ε = 10 splits its budget in three without overspending it.
    expect(
      fresh.records.find((r) => r.method === 'dp-aggregates')?.figures.error,
    ).toBeGreaterThanOrEqual(0);

    const file = join(dir, 'runs.jsonl');
    const first = await runBench({ ...common, resultsFile: file, stopAfter: 3 });
    expect(first).toMatchObject({ ran: 3, resumed: 0, stopped: true });
    // The interruption cut the next line short.
    appendFileSync(file, '{"dataset":"adult","method":"mondr');
    expect((await readResultsFile(file)).cutShort).toBe(34);
    const events: string[] = [];
    const second = await runBench({
      ...common,
      resultsFile: file,
      onProgress: (e) => events.push(`${e.kind} ${e.done}/${e.total}`),
    });
    expect(second).toMatchObject({ ran: 6, resumed: 3, stopped: false });
    expect(events.slice(0, 4)).toEqual(['resumed 1/9', 'resumed 2/9', 'resumed 3/9', 'start 3/9']);
    expect(measured(second.records)).toEqual(measured(fresh.records));
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.length).toBe(1 + 9 + 1); // settings, 9 runs, the final end of line
    expect(JSON.parse(lines[0] as string)).toEqual({ settings });
    const reread = await readResultsFile(file);
    expect(reread.cutShort).toBe(0);
    expect(reread.records.length).toBe(9);

    // A third invocation measures nothing; the energy follows the assumptions of this one.
    const third = await runBench({
      ...common,
      resultsFile: file,
      energy: { ...DEFAULT_ENERGY, wattsPerCore: 20 },
    });
    expect(third).toMatchObject({ ran: 0, resumed: 9 });
    for (const r of third.records) {
      expect(r.resources.energyJ).toBeCloseTo((r.resources.cpuMs / 1000) * 20, 9);
    }
  });

  it('refuses to mix runs of other settings, and leaves the file as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datanonyme-runner-'));
    const file = join(dir, 'runs.jsonl');
    const one = runs.slice(0, 1);
    await runBench({ runs: one, settings, energy: DEFAULT_ENERGY, loadDataset, resultsFile: file });
    const before = readFileSync(file, 'utf8');
    const refused = async (other: Partial<BenchSettings>, message: RegExp): Promise<void> => {
      const run = runBench({
        runs: one,
        settings: { ...settings, ...other },
        energy: DEFAULT_ENERGY,
        loadDataset,
        resultsFile: file,
      });
      await expect(run).rejects.toThrow(DatanonymeError);
      await expect(run).rejects.toThrow(message);
      expect(readFileSync(file, 'utf8')).toBe(before);
    };
    await refused({ seed: 4 }, /other settings: seed 3 \(this run: 4\); they cannot be mixed/);
    await refused({ evaluation: 'full' }, /evaluation quick \(this run: full\)/);
    await refused({ rows: null }, /rows 400 \(this run: every row\)/);
    await refused(
      { suppressionLimit: 0.1, version: 'x' },
      /suppressionLimit 0.05 \(this run: 0.1\), version test/,
    );
  });

  it('refuses a file that is not a results file, naming the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'datanonyme-runner-'));
    const file = join(dir, 'runs.jsonl');
    writeFileSync(file, 'age,sex\n34,F\n');
    await expect(readResultsFile(file)).rejects.toThrow(`${file}:1: not a JSON line`);
    writeFileSync(file, `${JSON.stringify({ settings })}\n{"key":"a"}\n`);
    await expect(readResultsFile(file)).rejects.toThrow(`${file}:2: not a run record`);
    expect(await readResultsFile(join(dir, 'none.jsonl'))).toEqual({
      settings: null,
      records: [],
      cutShort: 0,
    });
  });
});
