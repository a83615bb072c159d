/**
 * `synth` bounds as the user gives them: the report writes date bounds as ISO text (not day
 * numbers), a config reads them back to the same run, and a config's `bounds` take the flag's
 * `"lo:hi"` text as well as `[lo, hi]`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

/** 120 rows: a birth date, an age, an income written with 2 decimals, a sex. */
const DATA = `date_naissance,age,revenu,sexe\n${Array.from({ length: 120 }, (_, i) => {
  const year = 1950 + (i % 60);
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + ((i * 7) % 28)).padStart(2, '0');
  const cents = String((i * 37) % 100).padStart(2, '0');
  return `${year}-${month}-${day},${18 + (i % 70)},${1000 + ((i * 791) % 3000)}.${cents},${'FM'[i % 2]}`;
}).join('\n')}\n`;

const COMMON = ['--method', 'mst', '--epsilon', '1', '--rows', '80', '--seed', '3'];

async function run(
  dir: string,
  name: string,
  ...flags: string[]
): Promise<{ code: number; stderr: string; csv: string; report: Record<string, unknown> }> {
  const out = join(dir, `${name}.csv`);
  const report = join(dir, `${name}.json`);
  const r = await cli('synth', join(dir, 'd.csv'), ...flags, '-o', out, '--report', report);
  if (r.code !== 0) return { code: r.code, stderr: r.stderr, csv: '', report: {} };
  return {
    code: r.code,
    stderr: r.stderr,
    csv: readFileSync(out, 'utf8'),
    report: JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>,
  };
}

type Parameters = { bounds: Record<string, unknown>; domains: Record<string, string[]> };

describe('synth: bounds in the report as given', () => {
  it('--bounds with ISO dates: the report writes the dates, numbers stay numbers', async () => {
    const dir = folder({ 'd.csv': DATA });
    const r = await run(
      dir,
      'a',
      ...COMMON,
      '--noise-seed',
      '5',
      '--bounds',
      'date_naissance=1950-01-01:2010-12-31',
      '--bounds',
      'age=0:100',
      '--bounds',
      'revenu=0:5000.00',
      '--domain',
      'sexe=F,M',
    );
    expect(r.code, r.stderr).toBe(0);
    const parameters = r.report.parameters as Parameters;
    expect(parameters.bounds).toEqual({
      date_naissance: ['1950-01-01', '2010-12-31'],
      age: [0, 100],
      revenu: [0, 5000],
    });
  });

  it("the report's parameters, used as a config, give the same bytes", async () => {
    const dir = folder({ 'd.csv': DATA });
    const flags = await run(
      dir,
      'flags',
      ...COMMON,
      '--noise-seed',
      '5',
      '--bounds',
      'date_naissance=1950-01-01:2010-12-31',
      '--bounds',
      'age=0:100',
      '--bounds',
      'revenu=0:5000.00',
      '--domain',
      'sexe=F,M',
    );
    expect(flags.code, flags.stderr).toBe(0);
    const p = flags.report.parameters as Parameters & Record<string, unknown>;
    writeFileSync(
      join(dir, 'again.config.json'),
      JSON.stringify({
        method: p.method,
        epsilon: p.epsilon,
        rows: p.rows,
        seed: flags.report.seed,
        noiseSeed: '5',
        bounds: p.bounds,
        domain: p.domains,
        decimals: p.decimals,
      }),
    );
    const again = await run(dir, 'again', '--config', join(dir, 'again.config.json'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.csv).toBe(flags.csv);
    expect((again.report.parameters as Parameters).bounds).toEqual(p.bounds);
  });
});

describe('synth --config: bounds as "lo:hi" text, as the flag takes them', () => {
  it('"lo:hi" gives the same run as [lo, hi] and as the flag, typed decimals included', async () => {
    const dir = folder({ 'd.csv': DATA });
    const base = [...COMMON, '--noise-seed', '7', '--domain', 'sexe=F,M'];
    const viaFlags = await run(
      dir,
      'flags',
      ...base,
      '--bounds',
      'date_naissance=1950-01-01:2010-12-31',
      '--bounds',
      'age=0:100',
      '--bounds',
      'revenu=0:5000.00',
    );
    expect(viaFlags.code, viaFlags.stderr).toBe(0);
    writeFileSync(
      join(dir, 'text.config.json'),
      JSON.stringify({
        bounds: {
          date_naissance: '1950-01-01:2010-12-31',
          age: ' 0 : 100 ',
          revenu: '0:5000.00',
        },
      }),
    );
    const viaText = await run(dir, 'text', ...base, '--config', join(dir, 'text.config.json'));
    expect(viaText.code, viaText.stderr).toBe(0);
    expect(viaText.csv).toBe(viaFlags.csv);
    const parameters = viaText.report.parameters as Parameters;
    expect(parameters.bounds).toEqual({
      date_naissance: ['1950-01-01', '2010-12-31'],
      age: [0, 100],
      revenu: [0, 5000],
    });
    // the decimals come from the text as typed, as the flag's do
    expect((viaText.report.details as Record<string, unknown>).decimals).toEqual({
      revenu: { decimals: 2, from: 'bounds', as: 'config bounds.revenu "0:5000.00"' },
    });
  });

  it.each([
    ['100:0', 'lo > hi'],
    ['0-100', 'no colon'],
    ['1950-13-01:2010-12-31', 'no such date'],
    ['', 'empty'],
  ])('"%s" (%s) is an error naming the file, the field and the value', async (text) => {
    const dir = folder({ 'd.csv': DATA, 'c.json': JSON.stringify({ bounds: { age: text } }) });
    const config = join(dir, 'c.json');
    const r = await run(dir, 'x', ...COMMON, '--config', config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${config}: bounds.age: must be`);
    expect(r.stderr).toContain(JSON.stringify(text));
  });
});
