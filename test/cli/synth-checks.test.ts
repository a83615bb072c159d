/**
 * `synth` on the mistakes a fresh user makes with a real file (BAAC-like, `;`-separated): a
 * wrong `--delimiter`, values outside a public `--domain`, high-cardinality columns, integer
 * codes under DP, missing values MST cannot model, and the shape of invented identifiers.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/table/parse.js';
import { cli, folder } from './helpers.js';

/** A `;`-separated file like BAAC's victims: integer codes, a birth year with gaps. */
function baacLike(rows: number): string {
  const lines = ['place;catu;grav;sexe;an_nais'];
  for (let i = 0; i < rows; i++) {
    const grav = i % 17 === 0 ? -1 : 1 + (i % 4);
    const year = i % 20 === 3 ? '' : String(1940 + ((i * 7) % 70));
    lines.push(`${1 + (i % 9)};${1 + (i % 3)};${grav};${1 + (i % 2)};${year}`);
  }
  return lines.join('\n') + '\n';
}

const BAAC = baacLike(200);

describe('synth: a wrong --delimiter is an error, not a copy of the input', () => {
  it.each([
    ['cart', ','],
    ['independent', ','],
    ['copula', '\t'],
  ])('%s with --delimiter %j stops, names the file and suggests ";"', async (method, sep) => {
    const dir = folder({ 'u.csv': BAAC });
    const out = join(dir, 'x.csv');
    const r = await cli(
      'synth',
      join(dir, 'u.csv'),
      '--delimiter',
      sep,
      '--method',
      method,
      '--seed',
      '1',
      '--rows',
      '5',
      '-o',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('u.csv: the header split on');
    expect(r.stderr).toContain('gave 1 column: "place;catu;grav;sexe;an_nais"');
    expect(r.stderr).toContain("Did you mean --delimiter ';'?");
    expect(existsSync(out)).toBe(false);
  });

  it('mst with --delimiter "|" stops too (it wrote only "(other)" rows)', async () => {
    const dir = folder({ 'u.csv': BAAC });
    const out = join(dir, 'x.csv');
    const r = await cli(
      'synth',
      join(dir, 'u.csv'),
      '--delimiter',
      '|',
      '--method',
      'mst',
      '--epsilon',
      '1',
      '--domain-from-data',
      '--rows',
      '5',
      '-o',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Did you mean --delimiter ';'?");
    expect(existsSync(out)).toBe(false);
  });

  it('a true one-column file is still synthesised', async () => {
    const text = ['town', ...Array.from({ length: 30 }, (_, i) => `T${i % 5}`)].join('\n') + '\n';
    const dir = folder({ 't.csv': text });
    const out = join(dir, 'x.csv');
    const r = await cli(
      'synth',
      join(dir, 't.csv'),
      '--delimiter',
      ';',
      '--method',
      'independent',
      '--seed',
      '1',
      '-o',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(parseCsv(readFileSync(out, 'utf8')).rows).toBe(30);
  });
});

describe('synth: every DP generator reads integer codes alike', () => {
  it.each(['independent', 'mst', 'privbayes'])(
    '%s --domain-from-data needs no --bounds for integer columns',
    async (method) => {
      const dir = folder({ 'u.csv': BAAC });
      const out = join(dir, 'x.csv');
      const report = join(dir, 'r.json');
      const r = await cli(
        'synth',
        join(dir, 'u.csv'),
        '--method',
        method,
        '--epsilon',
        '0.5',
        '--domain-from-data',
        '--rows',
        '50',
        '--seed',
        '1',
        '--noise-seed',
        '1',
        '-o',
        out,
        '--report',
        report,
      );
      expect(r.code, r.stderr).toBe(0);
      expect(parseCsv(readFileSync(out, 'utf8')).rows).toBe(50);
      const warnings = (JSON.parse(readFileSync(report, 'utf8')) as { warnings: string[] })
        .warnings;
      // The bounds read from the data are flagged, as the categories are.
      expect(warnings.join('\n')).toMatch(/place.*an_nais/);
    },
  );

  it.each(['independent', 'mst', 'privbayes'])(
    '%s without public domains names every column, and the flags that fix it',
    async (method) => {
      const dir = folder({ 'u.csv': BAAC });
      const r = await cli(
        'synth',
        join(dir, 'u.csv'),
        '--method',
        method,
        '--epsilon',
        '1',
        '--bounds',
        'place=1:9',
        '--rows',
        '5',
        '-o',
        join(dir, 'x.csv'),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('public bounds for "catu", "grav", "sexe", "an_nais"');
      expect(r.stderr).toContain('--bounds catu=lo:hi');
      expect(r.stderr).toContain('--domain-from-data');
    },
  );
});

describe('synth: a value outside a public --domain', () => {
  // BAAC's grav has -1 ("not stated"), left out of this domain: rows 0, 17, 34, … (12 of 200).
  const domainFlags = [
    '--domain',
    'grav=1,2,3,4',
    '--domain',
    'place=1,2,3,4,5,6,7,8,9',
    '--bounds',
    'catu=1:3',
    '--bounds',
    'sexe=1:2',
    '--bounds',
    'an_nais=1900:2022',
  ];

  it.each(['mst', 'privbayes', 'independent'])(
    '%s stops, naming the file, the first line, the column, the value and the count',
    async (method) => {
      const dir = folder({ 'u.csv': BAAC });
      const out = join(dir, 'x.csv');
      const r = await cli(
        'synth',
        join(dir, 'u.csv'),
        '--method',
        method,
        '--epsilon',
        '1',
        ...domainFlags,
        '--rows',
        '20',
        '-o',
        out,
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        'u.csv: line 2, column "grav": "-1" is not in the public --domain of "grav" (12 row(s) hold a value outside it)',
      );
      expect(r.stderr).toContain('--outside drop');
      expect(existsSync(out)).toBe(false);
    },
  );

  it('--outside drop leaves the rows out and says so; the count on stderr only under DP', async () => {
    const dir = folder({ 'u.csv': BAAC });
    const out = join(dir, 'x.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'synth',
      join(dir, 'u.csv'),
      '--method',
      'mst',
      '--epsilon',
      '1',
      ...domainFlags,
      '--outside',
      'drop',
      '--rows',
      '40',
      '--seed',
      '1',
      '--noise-seed',
      '1',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'datanonyme: the warnings below are read from the data: under DP they are printed here only, never written in the report\n' +
        'datanonyme: warning: --outside drop: 12 row(s) whose value of "grav" is outside its public --domain were left out of the fit\n',
    );
    expect(r.stderr).not.toContain('(not in the report)');
    const text = readFileSync(report, 'utf8');
    expect(text).toContain(
      'rows whose value of \\"grav\\" is outside the public --domain were left',
    );
    expect(text).not.toContain('12 row(s)');
    const grav = parseCsv(readFileSync(out, 'utf8')).table.array('grav') as unknown[];
    expect(grav.every((g) => [1, 2, 3, 4].includes(g as number))).toBe(true);
  });

  it('without DP the report gives the count; privbayes refuses --outside drop', async () => {
    const dir = folder({ 'u.csv': BAAC });
    const report = join(dir, 'r.json');
    const r = await cli(
      'synth',
      join(dir, 'u.csv'),
      '--method',
      'cart',
      '--domain',
      'grav=1,2,3,4',
      '--outside',
      'drop',
      '--seed',
      '1',
      '-o',
      join(dir, 'x.csv'),
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('12 row(s) whose value of \\"grav\\"');
    const p = await cli(
      'synth',
      join(dir, 'u.csv'),
      '--method',
      'privbayes',
      '--epsilon',
      '1',
      '--domain-from-data',
      '--outside',
      'drop',
      '--rows',
      '5',
      '-o',
      join(dir, 'y.csv'),
    );
    expect(p.code).toBe(2);
    expect(p.stderr).toContain('--outside drop is not for --method privbayes');
  });
});

describe('synth: DP generators say when missing values are not modelled', () => {
  it.each(['mst', 'privbayes', 'independent'])(
    '%s: the report names the columns; stderr gives the share of missing cells',
    async (method) => {
      const dir = folder({ 'u.csv': BAAC });
      const out = join(dir, 'x.csv');
      const report = join(dir, 'r.json');
      const r = await cli(
        'synth',
        join(dir, 'u.csv'),
        '--method',
        method,
        '--epsilon',
        '1',
        '--domain-from-data',
        '--rows',
        '200',
        '--seed',
        '1',
        '--noise-seed',
        '1',
        '-o',
        out,
        '--report',
        report,
      );
      expect(r.code, r.stderr).toBe(0);
      const year = parseCsv(readFileSync(out, 'utf8')).table.array('an_nais') as unknown[];
      expect(year.some((y) => y === null || y === undefined || y === '')).toBe(false);
      const warnings = (
        JSON.parse(readFileSync(report, 'utf8')) as { warnings: string[] }
      ).warnings.join('\n');
      // 10 of the 200 birth years are missing.
      expect(warnings).toMatch(/\([^)\n]*an_nais\) (are modelled without|have no) missing/);
      expect(warnings).not.toContain('5.0 %');
      expect(r.stderr).toContain(
        `datanonyme: warning: column "an_nais": 5.0 % of the input's cells are missing, the output has none (--with-missing an_nais models them)\n`,
      );
    },
  );
});

describe('synth: the high-cardinality rule is said, not silent', () => {
  /** 2,000 rows of 80 towns (T0–T49: 31 rows each; T50–T79: 15 each, 450 rows) and a sex. */
  function towns(): string {
    const lines = ['town;sexe'];
    let row = 0;
    for (let t = 0; t < 80; t++) {
      for (let k = 0; k < (t < 50 ? 31 : 15); k++, row++) lines.push(`T${t};${1 + (row % 2)}`);
    }
    return lines.join('\n') + '\n';
  }

  it('mst --domain-from-data: the report names the column, the categories kept; stderr the share', async () => {
    const dir = folder({ 't.csv': towns() });
    const out = join(dir, 'x.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'synth',
      join(dir, 't.csv'),
      '--method',
      'mst',
      '--epsilon',
      '1',
      '--domain-from-data',
      '--rows',
      '500',
      '--seed',
      '1',
      '--noise-seed',
      '1',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const warnings = (
      JSON.parse(readFileSync(report, 'utf8')) as { warnings: string[] }
    ).warnings.join('\n');
    expect(warnings).toContain(
      'column "town" has 80 categories read from the data, more than 50: the 50 most frequent are kept and the other 30 are written "(other)"',
    );
    expect(warnings).toContain('--domain town=');
    expect(warnings).not.toMatch(/22\.5 %/);
    // 30 towns of 15 rows = 450 of 2,000 rows.
    expect(r.stderr).toContain(
      `datanonyme: warning: column "town": 22.5 % of the input's rows hold a value written "(other)"\n`,
    );
    expect(r.stderr).toContain('column "town" has 80 categories');
    const town = parseCsv(readFileSync(out, 'utf8')).table.array('town') as unknown[];
    expect(town).toContain('(other)');
  });

  it('a public --domain keeps every town: no warning', async () => {
    const dir = folder({ 't.csv': towns() });
    const report = join(dir, 'r.json');
    const domain = `town=${Array.from({ length: 80 }, (_, t) => `T${t}`).join(',')}`;
    const r = await cli(
      'synth',
      join(dir, 't.csv'),
      '--method',
      'mst',
      '--epsilon',
      '1',
      '--domain',
      domain,
      '--domain',
      'sexe=1,2',
      '--rows',
      '500',
      '--noise-seed',
      '1',
      '-o',
      join(dir, 'x.csv'),
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(report, 'utf8')).not.toContain('(other)');
  });

  it('cart (not DP) says the rule with the share in the report', async () => {
    const dir = folder({ 't.csv': towns() });
    const report = join(dir, 'r.json');
    const r = await cli(
      'synth',
      join(dir, 't.csv'),
      '--method',
      'cart',
      '--seed',
      '1',
      '-o',
      join(dir, 'x.csv'),
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain(
      'column \\"town\\" has 80 categories, more than 50: the 50 most frequent are modelled, the other 30 (22.5 % of the rows)',
    );
  });
});

describe('synth: invented identifiers have the shape of the column', () => {
  const IDS = 'id;grav\n1;1\n2;2\n3;1\n4;3\n5;1\n6;2\n';

  it('integer ids 1–6 become six distinct two-digit integers; the same seed, the same bytes', async () => {
    const dir = folder({ 'ids.csv': IDS });
    const run = async (out: string): Promise<string> => {
      const r = await cli(
        'synth',
        join(dir, 'ids.csv'),
        '--method',
        'cart',
        '--identifier',
        'id',
        '--seed',
        '1',
        '-o',
        join(dir, out),
      );
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(dir, out), 'utf8');
    };
    const a = await run('a.csv');
    expect(await run('b.csv')).toBe(a);
    const ids = (parseCsv(a).table.array('id') as unknown[]).map(String);
    expect(new Set(ids).size).toBe(6);
    for (const id of ids) expect(id).toMatch(/^[1-9]\d$/);
  });

  it('under DP every id is ID- and six digits', async () => {
    const dir = folder({ 'ids.csv': IDS });
    const out = join(dir, 'x.csv');
    const r = await cli(
      'synth',
      join(dir, 'ids.csv'),
      '--method',
      'mst',
      '--epsilon',
      '1',
      '--domain',
      'grav=1,2,3',
      '--identifier',
      'id',
      '--rows',
      '300',
      '--noise-seed',
      '1',
      '-o',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    const ids = (parseCsv(readFileSync(out, 'utf8')).table.array('id') as unknown[]).map(String);
    expect(new Set(ids).size).toBe(300);
    expect(ids.every((id) => /^ID-\d{6}$/.test(id))).toBe(true);
  });
});

describe('DP warnings: the same for every generator, no "if any", read-from-data lines explained once', () => {
  // 60 rows, no missing cell; `code` has a different value in every row.
  const input =
    'code,sex,age\n' +
    Array.from(
      { length: 60 },
      (_, i) => `C${100 + i},${i % 2 === 0 ? 'F' : 'M'},${20 + (i % 40)}`,
    ).join('\n') +
    '\n';

  it.each(['independent', 'mst', 'privbayes'])('%s', async (method) => {
    const dir = folder({ 'in.csv': input });
    const report = join(dir, 'r.json');
    const r = await cli(
      'synth',
      join(dir, 'in.csv'),
      '--method',
      method,
      '--epsilon',
      '1',
      '--rows',
      '50',
      '--domain-from-data',
      '--noise-seed',
      '1',
      '--seed',
      '1',
      '-o',
      join(dir, 'o.csv'),
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const warnings = (JSON.parse(readFileSync(report, 'utf8')) as { warnings: string[] }).warnings;
    // The rule on missing cells is stated without reading the data, and without "if any".
    expect(warnings.join('\n')).toMatch(/\(sex, age\) (are modelled without|have no) missing/);
    expect(`${warnings.join('\n')}\n${r.stderr}`).not.toMatch(/if any|not in the report/);
    // No column has a missing cell: no share of missing cells on stderr.
    expect(r.stderr).not.toMatch(/% of the input's cells are missing/);
    // The detected identifier (domains read from the data): on stderr for every DP generator,
    // after the one explaining line; never in the report's warnings.
    const lines = r.stderr.split('\n');
    const header = lines.indexOf(
      'datanonyme: the warnings below are read from the data: under DP they are printed here only, never written in the report',
    );
    const likely = lines.findIndex((l) =>
      l.startsWith(
        'datanonyme: warning: column "code" has a different value in every row: treated as an identifier',
      ),
    );
    expect(header).toBeGreaterThanOrEqual(0);
    expect(likely).toBeGreaterThan(header);
    expect(lines.filter((l) => l.startsWith('datanonyme: the warnings below')).length).toBe(1);
    expect(warnings.join('\n')).not.toContain('different value in every row');
    const codes = new Set(input.split('\n').map((l) => l.split(',')[0]));
    const out = parseCsv(readFileSync(join(dir, 'o.csv'), 'utf8')).table.array('code') as unknown[];
    expect(out.filter((c) => codes.has(String(c)))).toEqual([]);
  });
});
