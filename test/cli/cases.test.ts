/**
 * End-to-end CLI tests on the field cases of ../shared/cases.md that touch the foundation
 * (B01, B02, B04, B05, B07, B08, B24). Each test runs the real command in-process and checks the
 * exit code, the message and the bytes written.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/table/parse.js';
import { cli, folder } from './helpers.js';

const cases = join(import.meta.dirname, '..', 'fixtures', 'cases');
const fixture = (name: string): string => join(cases, name);

const tempDir = (): string => folder();

/** Parses an output with the project's CSV reader, as text, header first. */
function rows(text: string, delimiter = ','): string[][] {
  const { table } = parseCsv(text, { delimiter, typed: false, missing: [] });
  const names = table.columnNames();
  const columns = names.map((n) => table.array(n) as ArrayLike<string | null>);
  const body = Array.from({ length: table.numRows() }, (_, i) => columns.map((c) => c[i] ?? ''));
  return [names, ...body];
}

/** Groups rows (without header) by the given column indexes and returns the class sizes. */
function classSizes(data: string[][], columns: number[]): number[] {
  const counts = new Map<string, number>();
  for (const row of data) {
    const key = JSON.stringify(columns.map((c) => row[c]));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.values()].sort((a, b) => a - b);
}

describe('B01: byte-order mark on a quoted header', () => {
  it('finds the QI age, generalises age only, and writes the same bytes with or without the BOM', async () => {
    const dir = tempDir();
    const args = [
      '--k',
      '2',
      '--qi',
      'age,postcode',
      '--hierarchy',
      'age=intervals:10',
      '--hierarchy',
      'postcode=mask',
    ];
    const a = await cli(
      'anonymise',
      fixture('b01.csv'),
      '-o',
      join(dir, 'a.csv'),
      ...args,
      '--report',
      join(dir, 'a.json'),
    );
    expect(a.code, a.stderr).toBe(0);
    const b = await cli('anonymise', fixture('b01-nobom.csv'), '-o', join(dir, 'b.csv'), ...args);
    expect(b.code, b.stderr).toBe(0);
    const out = readFileSync(join(dir, 'a.csv'));
    expect(out.equals(readFileSync(join(dir, 'b.csv')))).toBe(true);
    expect(out[0]).not.toBe(0xef); // no BOM unless asked
    expect(out.toString('utf8')).toBe(
      // The labels hold the separator, so they are quoted (RFC 4180).
      'age,postcode,condition\n"[30,40[",13008,flu\n"[30,40[",13008,asthma\n"[40,50[",13001,flu\n"[40,50[",13001,migraine\n',
    );
    const report = JSON.parse(readFileSync(join(dir, 'a.json'), 'utf8')) as Record<string, unknown>;
    expect(report.transformation).toEqual({ age: 1, postcode: 0 });
    expect(report.suppressed).toBe(0);
    expect(report.minClassSize).toBe(2);
  });

  it('writes a BOM only when asked, and only at byte 0', async () => {
    const dir = tempDir();
    const r = await cli(
      'anonymise',
      fixture('b01.csv'),
      '-o',
      join(dir, 'bom.csv'),
      '--k',
      '2',
      '--qi',
      'age,postcode',
      '--hierarchy',
      'age=intervals:10',
      '--hierarchy',
      'postcode=mask',
      '--bom',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = readFileSync(join(dir, 'bom.csv'));
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(out.subarray(3).includes(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(out.subarray(3, 6).toString()).toBe('age');
  });
});

describe('B02: semicolons, decimal comma and a quoted separator', () => {
  it.each([
    ['explicit', ['--delimiter', ';', '--decimal', ',']],
    ['auto-detected', []],
  ])(
    '%s: reads 6 × 4, keeps the quoted town whole and the decimal comma in the output',
    async (_label, flags) => {
      const dir = tempDir();
      const inspect = await cli('inspect', fixture('b02.csv'), '--json', ...flags);
      expect(inspect.code, inspect.stderr).toBe(0);
      const inspection = JSON.parse(inspect.stdout) as {
        rows: number;
        columns: { name: string; type: string; numeric?: { sum: number; mean: number } }[];
      };
      // The exact (non-private) summary of income_eur, as a parsing check: 13737.00 and 2289.50.
      const income = inspection.columns.find((c) => c.name === 'income_eur');
      expect(income?.numeric?.sum).toBeCloseTo(13737, 9);
      expect(income?.numeric?.mean).toBeCloseTo(2289.5, 9);
      expect(inspection.rows).toBe(6);
      expect(inspection.columns.map((c) => [c.name, c.type])).toEqual([
        ['id', 'integer'],
        ['age', 'integer'],
        ['income_eur', 'decimal'],
        ['town', 'categorical'],
      ]);
      const r = await cli(
        'anonymise',
        fixture('b02.csv'),
        '-o',
        join(dir, 'out.csv'),
        '--k',
        '2',
        '--qi',
        'age',
        '--hierarchy',
        'age=intervals:10,2',
        '--identifier',
        'id',
        ...flags,
      );
      expect(r.code, r.stderr).toBe(0);
      const out = rows(readFileSync(join(dir, 'out.csv'), 'utf8'), ';');
      expect(out[0]).toEqual(['age', 'income_eur', 'town']);
      // income_eur passes through byte-identical, decimal comma and trailing zeros included.
      expect(out.slice(1).map((row) => row[1])).toEqual([
        '2150,50',
        '1980,00',
        '3020,75',
        '2500,25',
        '1875,50',
        '2210,00',
      ]);
      const incomes = out.slice(1).map((row) => Number((row[1] as string).replace(',', '.')));
      expect(incomes.reduce((a, b) => a + b, 0)).toBeCloseTo(13737, 9);
      expect(out[4]?.[2]).toBe('Saint-Étienne; centre');
      expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain(';"Saint-Étienne; centre"');
    },
  );
});

describe('B04: leading zeros and long digit codes', () => {
  it('keeps postcodes and batch codes as text and finds the minimal 3-anonymous node', async () => {
    const dir = tempDir();
    const r = await cli(
      'anonymise',
      fixture('b04.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '3',
      '--qi',
      'postcode,age',
      '--hierarchy',
      'postcode=mask',
      '--hierarchy',
      'age=intervals:10',
      '--report',
      join(dir, 'r.json'),
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<string, unknown>;
    expect(report.transformation).toEqual({ postcode: 2, age: 1 });
    expect(report.suppressed).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(
      [
        'postcode,age,batch_code,diagnosis',
        '012**,"[30,40[",4000123412341234567,flu',
        '012**,"[30,40[",4000123412341234568,asthma',
        '061**,"[50,60[",4000123412341234569,flu',
        '061**,"[50,60[",4000123412341234570,asthma',
        '061**,"[50,60[",4000123412341234571,flu',
        '012**,"[30,40[",4000123412341234572,flu',
        '',
      ].join('\n'),
    );
  });
});

describe('B05: a hierarchy missing a value, and Unicode variants', () => {
  const base = (dir: string, postcode: string): string[] => [
    'anonymise',
    fixture('b05.csv'),
    '-o',
    join(dir, 'out.csv'),
    '--k',
    '2',
    '--qi',
    'age,sex,postcode,region',
    '--hierarchy',
    `age=${fixture('b05-age.csv')}`,
    '--hierarchy',
    `sex=${fixture('b05-sex.csv')}`,
    '--hierarchy',
    `postcode=${fixture(postcode)}`,
    '--hierarchy',
    `region=${fixture('b05-region.csv')}`,
  ];

  it('stops before anonymising, naming postcode, 13008 and its line, and writes nothing', async () => {
    const dir = tempDir();
    const r = await cli(...base(dir, 'b05-postcode.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"postcode"');
    expect(r.stderr).toContain('"13008" (line 2)');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('succeeds once 13008 is added; NFD and NFC spellings are one value, written in NFC', async () => {
    const dir = tempDir();
    const r = await cli(...base(dir, 'b05-postcode-fixed.csv'));
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(dir, 'out.csv'), 'utf8');
    expect(text).toBe(text.normalize('NFC'));
    const data = rows(text).slice(1);
    const released = data.filter((row) => row[0] !== '*');
    expect(Math.min(...classSizes(released, [0, 1, 2, 3]))).toBeGreaterThanOrEqual(2);
  });

  it('names a duplicated rule', async () => {
    const dir = tempDir();
    const r = await cli(...base(dir, 'b05-postcode-duplicate.csv'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('13001');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('B07: k larger than the rows, and other impossible k', () => {
  const args = (dir: string, k: string, postcode = 'flat'): string[] => [
    'anonymise',
    fixture('b07.csv'),
    '-o',
    join(dir, 'out.csv'),
    `--k=${k}`,
    '--qi',
    'age,postcode',
    '--hierarchy',
    'age=intervals:10',
    '--hierarchy',
    `postcode=${postcode}`,
    '--report',
    join(dir, 'r.json'),
  ];

  it('k = 5: refuses with the row count and writes nothing', async () => {
    const dir = tempDir();
    const r = await cli(...args(dir, '5'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('k = 5 exceeds the number of records (4)');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('k = 4: one class of four, every QI at *, reported k the integer 4', async () => {
    const dir = tempDir();
    const r = await cli(...args(dir, '4'));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(
      'age,postcode,condition\n*,*,flu\n*,*,asthma\n*,*,flu\n*,*,diabetes\n',
    );
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<string, unknown>;
    expect(report.minClassSize).toBe(4);
    expect(report.classes).toBe(1);
    expect(report.suppressed).toBe(0);
    // Every QI reads '*' but no row is suppressed: one class of 4, prosecutor risk 1/4.
    expect(report.risk).toMatchObject({ records: 4, classes: 1, highestProsecutorRisk: 0.25 });
  });

  it('k = 4 with a masking postcode hierarchy: still one class of four', async () => {
    const dir = tempDir();
    const r = await cli(...args(dir, '4', 'mask'));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<string, unknown>;
    expect(report.minClassSize).toBe(4);
    // 13008, 13001 and 13005 already share 1300* at level 1.
    expect(report.transformation).toEqual({ age: 2, postcode: 1 });
  });

  it('k = 1: the data comes out unchanged', async () => {
    const dir = tempDir();
    const r = await cli(...args(dir, '1'));
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(
      readFileSync(fixture('b07.csv'), 'utf8'),
    );
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<string, unknown>;
    expect(report.minClassSize).toBe(1);
  });

  it.each(['0', '-1', '2.5'])(
    'k = %s: a parameter error naming k, before the data is read',
    async (k) => {
      const dir = tempDir();
      const argv = args(dir, k);
      argv[1] = join(dir, 'does-not-exist.csv'); // proves the data is never read
      const r = await cli(...argv);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`k must be an integer ≥ 1, got ${k}`);
      expect(readdirSync(dir)).toEqual([]);
    },
  );
});

describe('B08: a quasi-identifier with a single distinct value', () => {
  const args = (dir: string, k: string): string[] => [
    'anonymise',
    fixture('b08.csv'),
    '-o',
    join(dir, 'out.csv'),
    '--k',
    k,
    '--qi',
    'sex,age',
    '--hierarchy',
    'sex=flat',
    '--hierarchy',
    'age=intervals:5,2,2',
    '--report',
    join(dir, 'r.json'),
  ];

  it('k = 2: sex stays, age in 5-year bins of 2, loss 0 for sex', async () => {
    const dir = tempDir();
    const started = performance.now();
    const r = await cli(...args(dir, '2'));
    expect(performance.now() - started).toBeLessThan(5000); // bounded, no suppression loop
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      transformation: Record<string, number>;
      suppressed: number;
      informationLossPerAttribute: Record<
        string,
        { loss: number; precision: number; entropy: number }
      >;
      informationLoss: Record<string, number>;
    };
    expect(report.transformation).toEqual({ sex: 0, age: 1 });
    expect(report.suppressed).toBe(0);
    expect(report.informationLossPerAttribute.sex).toEqual({ loss: 0, precision: 0, entropy: 0 });
    for (const value of Object.values(report.informationLoss))
      expect(Number.isFinite(value)).toBe(true);
    const data = rows(readFileSync(join(dir, 'out.csv'), 'utf8')).slice(1);
    expect(data.map((row) => row[1])).toEqual([
      '[30,35[',
      '[30,35[',
      '[35,40[',
      '[35,40[',
      '[40,45[',
      '[40,45[',
      '[45,50[',
      '[45,50[',
    ]);
  });

  it('k = 3: age in 10-year bins of 4', async () => {
    const dir = tempDir();
    const r = await cli(...args(dir, '3'));
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Record<string, unknown>;
    expect(report.transformation).toEqual({ sex: 0, age: 2 });
    expect(report.suppressed).toBe(0);
    const data = rows(readFileSync(join(dir, 'out.csv'), 'utf8')).slice(1);
    expect(classSizes(data, [0, 1])).toEqual([4, 4]);
  });
});

describe('B24: wrong delimiter and mismatched field counts', () => {
  // (a) and (b) are the case's own command lines: `--input` and `--out` are accepted spellings.
  it('(a) a wrong --delimiter: exit 2, names the QI, the one column and the likely separator', async () => {
    const dir = tempDir();
    const r = await cli(
      'anonymise',
      '--input',
      fixture('b24a.csv'),
      '--delimiter',
      ';',
      '--qi',
      'age,postcode',
      '--k',
      '2',
      '--out',
      join(dir, 'out.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"age" not found');
    expect(r.stderr).toContain('1 column');
    expect(r.stderr).toContain('age,postcode,condition');
    expect(r.stderr).toContain("--delimiter ','");
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });

  it('(b) a trailing comma in the header: exit 2 with the field counts, no output', async () => {
    const dir = tempDir();
    const r = await cli(
      'anonymise',
      '--input',
      fixture('b24b.csv'),
      '--delimiter',
      ',',
      '--qi',
      'age,postcode',
      '--k',
      '2',
      '--out',
      join(dir, 'out.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'line 2 has 3 fields but the header (line 1) has 4; header field 4 is empty',
    );
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });

  it('(c) the right command: exit 0 and 2-anonymous output', async () => {
    const dir = tempDir();
    const r = await cli(
      'anonymise',
      fixture('b24a.csv'),
      '--qi',
      'age,postcode',
      '--k',
      '2',
      '-o',
      join(dir, 'out.csv'),
      '--hierarchy',
      'age=intervals:10',
      '--hierarchy',
      'postcode=mask',
    );
    expect(r.code, r.stderr).toBe(0);
    const data = rows(readFileSync(join(dir, 'out.csv'), 'utf8')).slice(1);
    expect(Math.min(...classSizes(data, [0, 1]))).toBeGreaterThanOrEqual(2);
  });
});
