import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/table/parse.js';
import { cli, folder } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');
const B18 = `country,consent,age,visits
FR,yes,23,1
FR,yes,35,4
FR,yes,41,2
FR,yes,29,7
FR,yes,52,3
FR,yes,38,5
FR,yes,61,2
FR,yes,47,6
FR,yes,33,1
FR,yes,56,4
`;
const B19 = `age,score,notes,group
34,7.5,,A
41,6.0,,B
29,8.25,,A
57,5.5,,B
46,7.0,,A
38,6.75,,B
52,9.0,,A
33,4.5,,B
`;

/** `datanonyme synth …` in a fresh Node process (through tsx, on the sources). */
function fresh(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'src/cli/main.ts'), 'synth', ...args],
    { encoding: 'utf8', cwd: root },
  );
  return { status: r.status, stderr: r.stderr };
}

describe('datanonyme synth', () => {
  it('B21: two fresh processes with seed 42 write the same bytes; seed 43 differs', () => {
    const dir = folder({ 'b18.csv': B18 });
    const input = join(dir, 'b18.csv');
    for (const method of ['independent', 'copula']) {
      const outs = ['42', '42', '43'].map((seed, i) => {
        const out = join(dir, `${method}-${i}.csv`);
        const r = fresh([input, '--method', method, '--rows', '20', '--seed', seed, '-o', out]);
        expect(r.status, r.stderr).toBe(0);
        return readFileSync(out, 'utf8');
      });
      expect(outs[1]).toBe(outs[0]);
      expect(outs[2]).not.toBe(outs[0]);
    }
  }, 60_000);

  it('B18: constants constant, integers in range; the report records seed and version', async () => {
    const dir = folder({ 'b18.csv': B18 });
    const out = join(dir, 'o.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'synth',
      join(dir, 'b18.csv'),
      '--method',
      'independent',
      '--rows',
      '50',
      '--seed',
      '7',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const parsed = parseCsv(readFileSync(out, 'utf8'));
    expect(parsed.rows).toBe(50);
    expect(parsed.types).toEqual({
      country: 'categorical',
      consent: 'categorical',
      age: 'integer',
      visits: 'integer',
    });
    expect(new Set(parsed.table.array('country') as unknown[])).toEqual(new Set(['FR']));
    for (const v of parsed.table.array('visits') as number[]) expect(v >= 1 && v <= 7).toBe(true);
    const json = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>;
    expect(json.seed).toBe('7');
    expect(typeof json.version).toBe('string');
    expect(json.dp).toBe(false);
  });

  it('B19: the empty column stays empty and the types hold (copula)', async () => {
    const dir = folder({ 'b19.csv': B19 });
    const out = join(dir, 'o.csv');
    const r = await cli(
      'synth',
      join(dir, 'b19.csv'),
      '--method',
      'copula',
      '--rows',
      '20',
      '--seed',
      '1',
      '-o',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const parsed = parseCsv(readFileSync(out, 'utf8'));
    expect(parsed.types.age).toBe('integer');
    expect(parsed.types.score).toBe('decimal');
    expect((parsed.table.array('notes') as unknown[]).every((v) => v === null)).toBe(true);
    for (const g of parsed.table.array('group') as unknown[]) expect(['A', 'B']).toContain(g);
  });

  it('DP: the ledger in the report sums to ε; the noise seed is flagged', async () => {
    const dir = folder({ 'b18.csv': B18 });
    const out = join(dir, 'o.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'synth',
      join(dir, 'b18.csv'),
      '--method',
      'independent',
      '--epsilon',
      '1',
      '--bounds',
      'age=18:90',
      '--bounds',
      'visits=0:10',
      '--domain',
      'country=FR,BE',
      '--domain',
      'consent=yes,no',
      '--rows',
      '30',
      '--seed',
      '3',
      '--noise-seed',
      '4',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      ledger: { epsilon: number }[];
      noiseSeeded: boolean;
      details: { privacy: { spent: { epsilon: number } } };
    };
    expect(json.ledger.map((e) => e.epsilon)).toEqual([0.25, 0.25, 0.25, 0.25]); // 1 / 4 columns
    expect(json.details.privacy.spent.epsilon).toBe(1);
    expect(json.noiseSeeded).toBe(true);
    expect(r.stderr).toMatch(/NOT fit for publication/);
  });

  it('refuses before reading: unknown methods, DP with a non-DP method, DP without bounds or rows; nothing written', async () => {
    const dir = folder({ 'b18.csv': B18 });
    const input = join(dir, 'b18.csv');
    const out = join(dir, 'o.csv');
    const cases: [string[], RegExp][] = [
      [['--method', 'cart', '--epsilon', '1', '--rows', '5'], /not differentially private/],
      [['--method', 'gan'], /method must be one of/],
      [['--method', 'copula', '--epsilon', '1', '--rows', '5'], /not differentially private/],
      [
        ['--method', 'mst', '--rows', '5'],
        /mst generator is differentially private: give --epsilon/,
      ],
      [['--method', 'privbayes', '--rows', '5'], /privbayes generator is differentially private/],
      [['--method', 'copula', '--degree', '2'], /--degree is for --method privbayes/],
      [['--method', 'independent', '--epsilon', '1'], /--rows/],
      [
        ['--method', 'independent', '--epsilon', '1', '--rows', '5', '--domain', 'country=FR'],
        /public bounds for "age", "visits" and public categories for "consent"/,
      ],
      [['--method', 'independent', '--bounds', 'age=9:1'], /--bounds must be/],
      [['--method', 'independent', '--identifier', 'nope'], /no column "nope"/],
    ];
    for (const [flags, message] of cases) {
      const r = await cli('synth', input, ...flags, '-o', out);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(existsSync(out)).toBe(false);
    }
  });

  it.each(['mst', 'privbayes'])(
    '%s: B18 with public domains and bounds; constants constant, ledger sums to ε',
    async (method) => {
      const dir = folder({ 'b18.csv': B18 });
      const out = join(dir, 'o.csv');
      const report = join(dir, 'r.json');
      const r = await cli(
        'synth',
        join(dir, 'b18.csv'),
        '--method',
        method,
        '--epsilon',
        '1',
        '--bounds',
        'age=23:61',
        '--bounds',
        'visits=1:7',
        '--domain',
        'country=FR',
        '--domain',
        'consent=yes',
        '--rows',
        '50',
        '--seed',
        '7',
        '--noise-seed',
        '7',
        '-o',
        out,
        '--report',
        report,
      );
      expect(r.code, r.stderr).toBe(0);
      const parsed = parseCsv(readFileSync(out, 'utf8'));
      expect(new Set(parsed.table.array('country') as unknown[])).toEqual(new Set(['FR']));
      expect(new Set(parsed.table.array('consent') as unknown[])).toEqual(new Set(['yes']));
      for (const v of parsed.table.array('visits') as number[]) {
        expect(Number.isInteger(v) && v >= 1 && v <= 7).toBe(true);
      }
      const json = JSON.parse(readFileSync(report, 'utf8')) as { ledger: { epsilon: number }[] };
      // the parts of splitBudget(1, …) add up to 1 in decimal; as doubles, to 1 within rounding
      const sum = json.ledger.reduce((a, e) => a + e.epsilon, 0);
      expect(sum).toBeCloseTo(1, 12);
      expect(r.stderr).toMatch(/NOT fit for publication/);
    },
  );

  it.each(['mst', 'privbayes'])(
    'B26 under DP (%s): the identifier column gets fresh values, none from the input',
    async (method) => {
      const dir = folder({
        'b26.csv': 'record_code,city,sex\nR-0001,Lyon,F\nR-0002,Lille,M\nR-0003,Lyon,F\n',
      });
      const out = join(dir, 'o.csv');
      const r = await cli(
        'synth',
        join(dir, 'b26.csv'),
        '--method',
        method,
        '--epsilon',
        '1',
        '--rows',
        '3',
        '--domain',
        'city=Lyon,Lille',
        '--domain',
        'sex=F,M',
        '--identifier',
        'record_code',
        '--noise-seed',
        '1',
        '-o',
        out,
      );
      expect(r.code, r.stderr).toBe(0);
      const lines = readFileSync(out, 'utf8').split('\n').slice(0, -1);
      expect(lines[0]).toBe('record_code,city,sex');
      const codes = lines.slice(1).map((l) => l.split(',')[0]);
      // Under DP the column is not read: fresh codes of a generic shape, all distinct.
      expect(new Set(codes).size).toBe(3);
      for (const c of codes) expect(['R-0001', 'R-0002', 'R-0003']).not.toContain(c);
    },
  );

  it('B26: an identifier column gets fresh values of its shape, distinct, none from the input', async () => {
    const input = 'record_code,city,sex\nR-0001,Lyon,F\nR-0002,Lille,M\nR-0003,Lyon,F\n';
    const dir = folder({ 'b26.csv': input });
    const out = join(dir, 'o.csv');
    const args = [
      'synth',
      join(dir, 'b26.csv'),
      '--method',
      'independent',
      '--identifier',
      'record_code',
      '--seed',
      '1',
    ];
    const r = await cli(...args, '-o', out);
    expect(r.code, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8').split('\n').slice(0, -1);
    expect(lines[0]).toBe('record_code,city,sex');
    const codes = lines.slice(1).map((l) => l.split(',')[0] ?? '');
    expect(new Set(codes).size).toBe(3);
    for (const c of codes) {
      expect(c).toMatch(/^R-\d{4}$/);
      expect(input).not.toContain(c);
    }
    // --identifiers drop removes the column, and says so.
    const dropped = join(dir, 'd.csv');
    const d = await cli(...args, '--identifiers', 'drop', '-o', dropped);
    expect(d.code, d.stderr).toBe(0);
    expect(readFileSync(dropped, 'utf8').split('\n')[0]).toBe('city,sex');
    expect(d.stderr).toMatch(/identifier column "record_code" dropped/);
  });

  it.each(['independent', 'mst', 'privbayes'])(
    'under DP (%s), an integer column with a public --domain is a set of codes: no other code appears',
    async (method) => {
      // A user trial found BAAC codes such as grav = 0 in DP output: integer columns were binned
      // over a range. With a domain they are categories.
      const dir = folder({ 'c.csv': 'code,sex\n1,F\n5,M\n10,F\n5,F\n1,M\n10,M\n' });
      const out = join(dir, 'o.csv');
      const r = await cli(
        'synth',
        join(dir, 'c.csv'),
        '--method',
        method,
        '--epsilon',
        '1',
        '--rows',
        '300',
        '--domain',
        'code=1,5,10',
        '--domain',
        'sex=F,M',
        '--noise-seed',
        '2',
        '--seed',
        '2',
        '-o',
        out,
      );
      expect(r.code, r.stderr).toBe(0);
      const codes = new Set(
        readFileSync(out, 'utf8')
          .split('\n')
          .slice(1, -1)
          .map((line) => line.split(',')[0]),
      );
      for (const c of codes) expect(['1', '5', '10']).toContain(c);
    },
  );
});

describe('synth keeps a decimal column written with a fixed number of decimals', () => {
  // 300 incomes, each with 2 decimals and a decimal comma (a ';' file), a tenth of them ending in
  // 0 (2517,40) and some in 00 (4339,00): read as numbers, these lost the trailing zeros, and the
  // output had 2517,4 and 4339 (a user trial: 24 to 33 such rows of 300).
  const rows = Array.from({ length: 300 }, (_, i) => {
    const cents = i % 10 === 0 ? (i % 20 === 0 ? 0 : 40) : (i * 37) % 100;
    const euros = 1000 + ((i * 7919) % 4000);
    return `${20 + (i % 50)};${euros},${String(cents).padStart(2, '0')};${['Lyon', 'Metz'][i % 2]}`;
  });
  const input = `age;revenu;ville\n${rows.join('\n')}\n`;

  it.each(['independent', 'copula', 'cart'])(
    '%s: every synthetic revenu has 2 decimals after a comma',
    async (method) => {
      const dir = folder({ 'in.csv': input });
      const out = join(dir, 'o.csv');
      const r = await cli(
        'synth',
        join(dir, 'in.csv'),
        '--method',
        method,
        '--seed',
        '3',
        '-o',
        out,
      );
      expect(r.code, r.stderr).toBe(0);
      const lines = readFileSync(out, 'utf8').split('\n').slice(1, -1);
      expect(lines).toHaveLength(300);
      const revenus = lines.map((l) => l.split(';')[1] ?? '');
      for (const v of revenus) expect(v).toMatch(/^\d+,\d{2}$/);
      // The rows a shortest form would have shortened are there, now padded.
      expect(revenus.some((v) => v.endsWith('0'))).toBe(true);
    },
  );

  it('leaves a column of mixed decimals in its shortest form (no padding)', async () => {
    const mixed = input.replace(/;(\d+),(\d)0;/g, ';$1,$2;');
    const dir = folder({ 'in.csv': mixed });
    const out = join(dir, 'o.csv');
    const r = await cli('synth', join(dir, 'in.csv'), '--method', 'cart', '--seed', '3', '-o', out);
    expect(r.code, r.stderr).toBe(0);
    const revenus = readFileSync(out, 'utf8')
      .split('\n')
      .slice(1, -1)
      .map((l) => l.split(';')[1] ?? '');
    for (const v of revenus) expect(v).not.toMatch(/,\d*0$/);
  });
});
