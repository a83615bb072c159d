/**
 * `datanonyme bench` on a small grid (a seeded 400-row sample of Adult, quick evaluation): the
 * files it writes, plain progress lines when stderr is not a terminal and a bar when it is, a
 * benchmark killed mid-way (SIGKILL, in its own process) that resumes to the figures of a fresh
 * run, and the parameter errors (exit 2, nothing written).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { progressReporter } from '../../src/cli/bench.js';
import type { BenchRecord, BenchResults } from '../../src/report/bench/types.js';
import { cli, folder } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const GRID = JSON.stringify({
  name: 'small',
  rows: 400,
  evaluation: 'quick',
  generalisation: { methods: ['optimal', 'mondrian'], k: [2, 5], l: [1] },
  dp: { releases: ['table', 'aggregates'], epsilon: [1] },
  synthesis: { generators: ['independent', 'mst'], epsilon: [1] },
  repeat: 1,
});
// 1 original + 4 generalisations + PRAM and swap (the default) + 2 DP releases + independent,
// independent ε=1, mst ε=1.
const RUNS = 12;

/** Everything measured but the costs, per run. */
const measured = (records: readonly BenchRecord[]): unknown[] =>
  records.map((r) => ({ key: r.key, figures: r.figures, notes: r.notes, error: r.error ?? null }));

const readResults = (dir: string): BenchResults =>
  JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as BenchResults;

describe('datanonyme bench', () => {
  it('writes results.json, report.md and report.html, with plain progress lines off a terminal', async () => {
    const dir = folder({ 'grid.json': GRID });
    const out = join(dir, 'out');
    const r = await cli('bench', '--grid', join(dir, 'grid.json'), '--out', out, '--seed', '5');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^bench: 12 run\(s\) \(12 measured now, 0 resumed, 0 failed\) in [\d.]+ s\n$/,
    );
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toBe(
      `bench: 12 run(s) of the small grid on adult (quick evaluation, seed 5); results in ${out}`,
    );
    expect(lines[1]).toMatch(
      /^bench: \[1\/12\] original: [\d.]+ s \+ evaluation [\d.]+ s; utility 1\.000, risk [\d.]+$/,
    );
    expect(lines.filter((l) => /^bench: \[\d+\/12\] /.test(l)).length).toBe(12);
    expect(r.stderr.includes('\u001b')).toBe(false); // no terminal escapes
    expect(readdirSync(out).sort()).toEqual([
      'report.html',
      'report.md',
      'results.json',
      'runs.jsonl',
    ]);
    const results = readResults(out);
    expect(results).toMatchObject({
      tool: 'datanonyme',
      seed: 5,
      grid: 'small',
      evaluation: 'quick',
      repeat: 1,
    });
    expect(results.version).toBe(
      (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
    );
    expect(results.gridDefinition.generalisation.k).toEqual([2, 5]);
    expect(results.gridDefinition.rows).toBe(400);
    expect(results.energy).toMatchObject({ wattsPerCore: 10, gramsPerKwh: 32 });
    expect(results.datasets).toEqual([
      expect.objectContaining({ name: 'adult', rows: 30162, releaseRows: 200, controlRows: 200 }),
    ]);
    expect(results.records.length).toBe(12);
    for (const rec of results.records) {
      expect(rec.error).toBeUndefined();
      expect(rec.resources.energyJ).toBeCloseTo((rec.resources.cpuMs / 1000) * 10, 9);
    }
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('Carbon = energy × 32 gCO₂eq/kWh');
    expect(md).toContain('### Reading of the frontier');
    expect(
      readFileSync(join(out, 'report.html'), 'utf8').match(/<figure class="chart"/g)?.length,
    ).toBe(results.charts.length);
  });

  it('a benchmark killed mid-way resumes to the figures of a fresh run', async () => {
    const dir = folder({ 'grid.json': GRID });
    const grid = join(dir, 'grid.json');
    const fresh = await cli('bench', '--grid', grid, '--out', join(dir, 'fresh'));
    expect(fresh.code, fresh.stderr).toBe(0);

    const out = join(dir, 'killed');
    const runs = join(out, 'runs.jsonl');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'bench', '--grid', grid, '--out', out],
      { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let childErr = '';
    child.stderr.on('data', (d: Buffer) => (childErr += d.toString()));
    const state = { finished: false };
    const exited = new Promise<void>((resolve) => {
      child.on('exit', () => {
        state.finished = true;
        resolve();
      });
    });
    // Kill it once 3 runs are in the file (the settings line, then one line a run).
    for (;;) {
      const lines = existsSync(runs) ? readFileSync(runs, 'utf8').split('\n').length - 1 : 0;
      if (lines >= 4 || state.finished) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(state.finished, `the benchmark ended before it could be killed: ${childErr}`).toBe(
      false,
    );
    child.kill('SIGKILL');
    await exited;
    expect(existsSync(join(out, 'results.json'))).toBe(false);
    const kept = readFileSync(runs, 'utf8').split('\n').length - 2;
    expect(kept).toBeGreaterThanOrEqual(3);
    expect(kept).toBeLessThan(RUNS);

    const resumed = await cli('bench', '--grid', grid, '--out', out);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain(`bench: ${kept} run(s) resumed from the results file`);
    expect(resumed.stdout).toContain(`(${RUNS - kept} measured now, ${kept} resumed, 0 failed)`);
    expect(measured(readResults(out).records)).toEqual(
      measured(readResults(join(dir, 'fresh')).records),
    );
  }, 60_000);

  it('refuses another seed or grid in the same folder, leaving it as it was', async () => {
    const dir = folder({ 'grid.json': GRID });
    const out = join(dir, 'out');
    expect(
      (await cli('bench', '--grid', join(dir, 'grid.json'), '--methods', 'mondrian', '--out', out))
        .code,
    ).toBe(0);
    const before = readFileSync(join(out, 'runs.jsonl'), 'utf8');
    const r = await cli(
      'bench',
      '--grid',
      join(dir, 'grid.json'),
      '--out',
      out,
      '--seed',
      '2',
      '--methods',
      'mondrian',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `datanonyme: error: ${join(out, 'runs.jsonl')} holds runs measured under other settings: seed 1 (this run: 2)`,
    );
    const q = await cli('bench', '--quick', '--out', out);
    expect(q.code).toBe(2);
    expect(q.stderr).toMatch(/rows 400 \(this run: 8000\)/);
    expect(readFileSync(join(out, 'runs.jsonl'), 'utf8')).toBe(before);
  });

  it('names a bad flag and writes nothing', async () => {
    const dir = folder({ 'grid.json': GRID, 'bad.json': '{"dp": {"epsilon": [0]}}' });
    const out = join(dir, 'out');
    const cases: [string[], RegExp][] = [
      [['--quick', '--grid', join(dir, 'grid.json')], /--quick and --grid are exclusive/],
      [['--datasets', 'census'], /--datasets census: unknown dataset \(known: adult\)/],
      [['--methods', 'mondrain'], /--methods mondrain: not a method or family of the grid/],
      [['--repeat', '0'], /--repeat must be an integer ≥ 1, got "0"/],
      [['--seed', '1.5'], /--seed must be an integer, got "1.5"/],
      [['--watts-per-core', '-3'], /watts-per-core must be a finite number ≥ 0/],
      [['--quick', '--cards'], /--cards writes the default grid’s figures/],
      [['--grid', join(dir, 'bad.json')], /bad\.json: dp\.epsilon must be a list of valid numbers/],
    ];
    for (const [flags, message] of cases) {
      const r = await cli('bench', ...flags, '--out', out);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
  });
});

describe('progress on a terminal', () => {
  it('draws a cli-progress bar instead of lines', () => {
    let drawn = '';
    const terminal = Object.assign(
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          drawn += chunk.toString();
          done();
        },
      }),
      {
        isTTY: true,
        columns: 100,
        cursorTo: () => true,
        clearLine: () => true,
        clearScreenDown: () => true,
        moveCursor: () => true,
      },
    ) as unknown as NodeJS.WriteStream;
    const lines: string[] = [];
    const progress = progressReporter((l) => lines.push(l), terminal);
    const run = {
      dataset: 'adult',
      method: 'mondrian',
      family: 'generalisation' as const,
      parameters: { k: 5 },
      repeat: 0,
    };
    progress.update({ kind: 'start', done: 0, total: 4, run });
    progress.stop();
    expect(lines).toEqual([]);
    expect(drawn).toContain('bench [');
    expect(drawn).toContain('0/4 mondrian k=5');
  });
});
