/**
 * `synth` under DP: a decimal column's number of decimals is public (`--decimals`, the config's
 * `decimals`, else the decimals its `--bounds` are typed with), never read from the rows.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

/** 200 rows: an age, an income written with 2 decimals, a town. */
const LINES = Array.from({ length: 200 }, (_, i) => {
  const euros = 1000 + ((i * 7919) % 3000);
  const cents = String((i * 37) % 100).padStart(2, '0');
  return `${20 + (i % 50)},${euros}.${cents},${['Lyon', 'Metz'][i % 2]}`;
});
const PLAIN = `age,revenu,ville\n${LINES.join('\n')}\n`;
// One record written with a third decimal (same bin): 1234.56 → 1234.565.
const ODD = PLAIN.replace(LINES[17] as string, (LINES[17] as string).replace(/(\.\d\d)/, '$15'));

const DP = ['--epsilon', '1', '--bounds', 'age=0:100', '--domain', 'ville=Lyon,Metz'];
const SEEDS = ['--rows', '150', '--seed', '4', '--noise-seed', '6'];

async function run(
  input: string,
  ...flags: string[]
): Promise<{ code: number; stderr: string; csv: string; report: Record<string, unknown> }> {
  const dir = folder({ 'in.csv': input });
  const out = join(dir, 'o.csv');
  const report = join(dir, 'r.json');
  const r = await cli('synth', join(dir, 'in.csv'), ...flags, '-o', out, '--report', report);
  if (r.code !== 0) return { code: r.code, stderr: r.stderr, csv: '', report: {} };
  return {
    code: r.code,
    stderr: r.stderr,
    csv: readFileSync(out, 'utf8'),
    report: JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>,
  };
}

function revenus(csv: string): string[] {
  return csv
    .split('\n')
    .slice(1, -1)
    .map((l) => l.split(',')[1] ?? '');
}

describe('synth under DP: decimals from public information only', () => {
  it('precondition: the odd input differs from the plain one in one value only', () => {
    const a = PLAIN.split('\n');
    const b = ODD.split('\n');
    expect(a.filter((l, i) => l !== b[i])).toHaveLength(1);
    expect(b[18]).toMatch(/^\d+,\d+\.\d{3},/);
  });

  it.each(['mst', 'privbayes', 'independent'])(
    '%s: --bounds revenu=0:5000.00 gives 2 decimals; one row with 3 decimals changes no byte',
    async (method) => {
      const flags = ['--method', method, ...DP, '--bounds', 'revenu=0:5000.00', ...SEEDS];
      const plain = await run(PLAIN, ...flags);
      const odd = await run(ODD, ...flags);
      expect(plain.code, plain.stderr).toBe(0);
      expect(odd.code, odd.stderr).toBe(0);
      expect(odd.csv).toBe(plain.csv);
      // Written with their public decimals, trailing zeros kept.
      for (const v of revenus(plain.csv)) expect(v).toMatch(/^\d+\.\d{2}$/);
      const details = plain.report.details as Record<string, unknown>;
      expect(details.decimals).toEqual({
        revenu: { decimals: 2, from: 'bounds', as: '--bounds revenu=0:5000.00' },
      });
      expect((plain.report.parameters as Record<string, unknown>).decimals).toEqual({ revenu: 2 });
    },
  );

  it('bounds typed without decimals give none; --decimals overrides them, also as a list', async () => {
    const base = ['--method', 'mst', ...DP, '--bounds', 'revenu=0:5000', ...SEEDS];
    const none = await run(ODD, ...base);
    expect(none.code, none.stderr).toBe(0);
    for (const v of revenus(none.csv)) expect(v).toMatch(/^\d+$/);
    const one = await run(ODD, ...base, '--decimals', 'revenu=1');
    expect(one.code, one.stderr).toBe(0);
    for (const v of revenus(one.csv)) expect(v).toMatch(/^\d+\.\d$/);
    expect((one.report.details as Record<string, unknown>).decimals).toEqual({
      revenu: { decimals: 1, from: 'option', as: '--decimals revenu=1' },
    });
    // a comma list, and the same bytes with the plain input
    const three = await run(ODD, ...base, '--decimals', 'revenu=3,revenu=1');
    const plainThree = await run(PLAIN, ...base, '--decimals', 'revenu=3,revenu=1');
    expect(three.csv).toBe(one.csv);
    expect(plainThree.csv).toBe(one.csv);
  });

  it("the config's decimals field, overridden by the flag", async () => {
    const dir = folder();
    const config = join(dir, 'synth.json');
    writeFileSync(
      config,
      JSON.stringify({ bounds: { revenu: [0, 5000] }, decimals: { revenu: 2 } }),
    );
    const fromConfig = await run(ODD, '--method', 'mst', ...DP, ...SEEDS, '--config', config);
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    for (const v of revenus(fromConfig.csv)) expect(v).toMatch(/^\d+\.\d{2}$/);
    expect((fromConfig.report.details as Record<string, unknown>).decimals).toEqual({
      revenu: { decimals: 2, from: 'option', as: 'config decimals.revenu' },
    });
    // config bounds are JSON numbers: the library's rule, their shortest text (5000.5 → 1)
    writeFileSync(config, JSON.stringify({ bounds: { revenu: [0, 5000.5] } }));
    const short = await run(ODD, '--method', 'mst', ...DP, ...SEEDS, '--config', config);
    expect(short.code, short.stderr).toBe(0);
    expect((short.report.details as Record<string, unknown>).decimals).toEqual({
      revenu: { decimals: 1, from: 'bounds' },
    });
    for (const v of revenus(short.csv)) expect(v).toMatch(/^\d+\.\d$/);
  });

  it('--decimals is refused outside DP, for a non-decimal column, and when malformed', async () => {
    const noDp = await run(PLAIN, '--method', 'copula', '--decimals', 'revenu=2');
    expect(noDp.code).toBe(2);
    expect(noDp.stderr).toMatch(/--decimals is for a DP run/);
    const dp = ['--method', 'mst', ...DP, '--bounds', 'revenu=0:5000', ...SEEDS];
    const integer = await run(PLAIN, ...dp, '--decimals', 'age=1');
    expect(integer.code).toBe(2);
    expect(integer.stderr).toMatch(/--decimals age: "age" is an integer column/);
    const bad = await run(PLAIN, ...dp, '--decimals', 'revenu=two');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--decimals must be <column>=<n>/);
  });

  it('with --domain-from-data the decimals are read from the data, as the bounds are', async () => {
    const r = await run(ODD, '--method', 'mst', ...DP, '--domain-from-data', ...SEEDS);
    expect(r.code, r.stderr).toBe(0);
    expect((r.report.details as Record<string, unknown>).decimals).toEqual({
      revenu: { decimals: 3, from: 'data' },
    });
  });
});
