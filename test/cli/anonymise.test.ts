/**
 * The `anonymise` command's contract beyond the field cases: pass-through columns keep their text
 * (missing-value tokens included), nothing is written when a run fails, the report can reproduce
 * the run, and errors name where the problem is.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

const people = 'age,pays,note,income\n34,NA,?,"1,5"\n36,NA,NULL,2.25\n45,FR,NA,3\n47,FR,ok,\n';

describe('anonymise: pass-through columns', () => {
  it('keeps missing-value tokens as they were written in columns it does not touch', async () => {
    const dir = folder({ 'in.csv': people });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '2',
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(
      'age,pays,note,income\n"[30,40[",NA,?,"1,5"\n"[30,40[",NA,NULL,2.25\n"[40,50[",FR,NA,3\n"[40,50[",FR,ok,\n',
    );
  });

  it('treats a missing-value token in a quasi-identifier as missing: its own class, kept as empty', async () => {
    const dir = folder({ 'in.csv': 'zip,x\n75013,a\nNA,b\n75013,c\n,d\n' });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '2',
      '--qi',
      'zip',
      '--hierarchy',
      'zip=mask',
      '--report',
      join(dir, 'r.json'),
    );
    expect(r.code, r.stderr).toBe(0);
    // NA and '' are the same missing value: a class of 2 at level 0, like 75013.
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('zip,x\n75013,a\n,b\n75013,c\n,d\n');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      transformation: Record<string, number>;
    };
    expect(report.transformation).toEqual({ zip: 0 });
  });

  it('converts decimal marks of decimal columns when --output-decimal asks for it', async () => {
    const dir = folder({ 'in.csv': 'age;income\n34;2150,50\n36;1980,00\n' });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '2',
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
      '--output-decimal',
      '.',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(
      'age;income\n[30,40[;2150.50\n[30,40[;1980.00\n',
    );
  });
});

describe('anonymise: a failed run writes nothing', () => {
  it('refuses a report path that is an input before writing the output', async () => {
    const dir = folder({ 'in.csv': people, 'age.csv': '34;*\n36;*\n45;*\n47;*\n' });
    const before = readFileSync(join(dir, 'age.csv'), 'utf8');
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '2',
      '--qi',
      'age',
      '--hierarchy',
      `age=${join(dir, 'age.csv')}`,
      '--report',
      join(dir, 'age.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('report');
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    expect(readFileSync(join(dir, 'age.csv'), 'utf8')).toBe(before);
  });

  it('reports an output under a regular file as a path error, not an internal one', async () => {
    const dir = folder({ 'in.csv': people, afile: 'x' });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'afile', 'o.csv'),
      '--k',
      '2',
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('afile');
    expect(r.stderr).not.toContain('internal error');
  });

  it('says a header-only file has no data rows', async () => {
    const dir = folder({ 'in.csv': 'age,x\n' });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '1',
      '--qi',
      'age',
      '--hierarchy',
      'age=flat',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no data rows');
    expect(readdirSync(dir)).toEqual(['in.csv']);
  });
});

describe('anonymise: where outputs go', () => {
  const args = (): string[] => ['--k', '2', '--qi', 'age', '--hierarchy', 'age=intervals:10'];

  it('refuses to replace a pipe or a device, before reading the data', async () => {
    const dir = folder({});
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const r = await cli('anonymise', join(dir, 'absent.csv'), '-o', join(dir, 'fifo'), ...args());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not a regular file');
    expect(lstatSync(join(dir, 'fifo')).isFIFO()).toBe(true);
  });

  it('writes through a symbolic link, keeping the link', async () => {
    const dir = folder({ 'in.csv': people, 'target.csv': 'old\n' });
    symlinkSync(join(dir, 'target.csv'), join(dir, 'latest.csv'));
    const r = await cli('anonymise', join(dir, 'in.csv'), '-o', join(dir, 'latest.csv'), ...args());
    expect(r.code, r.stderr).toBe(0);
    expect(lstatSync(join(dir, 'latest.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'target.csv'), 'utf8')).toMatch(
      /^age,pays,note,income\n"\[30,40\["/,
    );
  });

  it('says so when the report and the output are the same file', async () => {
    const dir = folder({ 'in.csv': people });
    const out = join(dir, 'o.csv');
    const r = await cli('anonymise', join(dir, 'in.csv'), '-o', out, '--report', out, ...args());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the report and the output are the same file');
    expect(readdirSync(dir)).toEqual(['in.csv']);
  });

  it('accepts --insensitive and records every role in the report', async () => {
    const dir = folder({ 'in.csv': people });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'o.csv'),
      '--insensitive',
      'note',
      '--identifier',
      'pays',
      '--report',
      join(dir, 'r.json'),
      ...args(),
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      parameters: Record<string, unknown>;
    };
    expect(report.parameters).toMatchObject({
      identifiers: ['pays'],
      sensitive: [],
      insensitive: ['note', 'income'],
    });
  });
});

describe('anonymise: errors name the place', () => {
  it('names the data file, line and column of a value a builder rejects', async () => {
    const dir = folder({ 'in.csv': 'age,x\n34,a\nabc,b\n' });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '1',
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${join(dir, 'in.csv')}: line 3, column "age"`);
    expect(r.stderr).toContain('abc');
  });

  it('refuses a --hierarchy for a column that does not exist, and warns for one that is not a QI', async () => {
    const dir = folder({ 'in.csv': people });
    const missing = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '2',
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
      '--hierarchy',
      'nope=flat',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('"nope" not found');
    const ignored = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '2',
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
      '--hierarchy',
      'pays=flat',
    );
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.stderr).toContain('warning: --hierarchy pays=… ignored');
  });

  it('says an option lacks its value instead of miscounting arguments', async () => {
    const r = await cli('anonymise', 'in.csv', '-o', 'o.csv', '--k', '--qi', 'age');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('option --k needs a value, got the option --qi');
    const last = await cli('anonymise', 'in.csv', '--qi', 'age', '--k');
    expect(last.stderr).toContain('option --k needs a value');
    // A negative number is a value, not an option: it reaches the k check.
    const negative = await cli('anonymise', 'in.csv', '-o', 'o.csv', '--k', '-1', '--qi', 'age');
    expect(negative.stderr).toContain('k must be an integer ≥ 1, got -1');
  });

  it('prefixes usage errors like its own', async () => {
    const r = await cli('anonymise', 'a.csv', '--metric', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^datanonyme: error:/);
  });
});

describe('anonymise: the report reproduces the run', () => {
  it('records hierarchy specs, dialects, missing tokens and output options', async () => {
    const dir = folder({ 'in.csv': people });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '2',
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10,2',
      '--guard-formulas',
      '--report',
      join(dir, 'r.json'),
    );
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      parameters: Record<string, unknown>;
    };
    expect(report.parameters.hierarchies).toEqual({ age: 'intervals:10,2' });
    expect(report.parameters.input).toMatchObject({
      delimiter: ',',
      decimal: '.',
      lineEnding: 'LF',
      missing: ['', 'NA', '?', 'NULL'],
    });
    expect(report.parameters.output).toEqual({
      delimiter: ',',
      decimal: '.',
      bom: false,
      guardFormulas: true,
    });
    expect(report.parameters).toMatchObject({
      k: 2,
      suppressionLimit: 0,
      metric: 'loss',
      dropSuppressed: false,
      suppressionToken: '*',
    });
  });
});

/** A `;` register with birth dates written dd/mm/yyyy (or in ISO form with `iso`). */
function register(iso = false): string {
  const lines = ['nom;date_naissance;commune'];
  for (let i = 0; i < 12; i++) {
    const [d, m, y] = [String(10 + i), String(1 + (i % 9)).padStart(2, '0'), String(1950 + i)];
    lines.push(
      `N${i};${iso ? `${y}-${m}-${d}` : `${d}/${m}/${y}`};${i % 2 === 0 ? 'Lyon' : 'Nantes'}`,
    );
  }
  return lines.join('\n') + '\n';
}

describe('anonymise: dates not written in ISO form', () => {
  it('Mondrian warns, on stderr and in the report, when such dates all become *', async () => {
    const dir = folder({ 'in.csv': register() });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '3',
      '--qi',
      'date_naissance,commune',
      '--identifier',
      'nom',
      '--method',
      'mondrian',
      '--report',
      join(dir, 'r.json'),
    );
    expect(r.code, r.stderr).toBe(0);
    const dates = readFileSync(join(dir, 'out.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(';')[0]);
    expect(new Set(dates)).toEqual(new Set(['*']));
    const warning =
      'quasi-identifier "date_naissance" is "*" in every released row: it is categorical without a hierarchy, and Mondrian can only keep or suppress such a column whole (a partition keeps its value only when all its records share it); its values look like dates written dd/mm/yyyy: convert them to ISO (YYYY-MM-DD) to get ranges of dates, or give it a hierarchy';
    expect(r.stderr).toContain(`datanonyme: warning: ${warning}\n`);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { warnings: string[] };
    expect(report.warnings).toContain(warning);
  });

  it('Mondrian cuts ISO dates into ranges, without a warning', async () => {
    const dir = folder({ 'in.csv': register(true) });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '3',
      '--qi',
      'date_naissance,commune',
      '--identifier',
      'nom',
      '--method',
      'mondrian',
      '--report',
      join(dir, 'r.json'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('warning');
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain('[1950-01-10-');
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { warnings: string[] };
    expect(report.warnings).toEqual([]);
  });
});

describe('anonymise: a quasi-identifier of dates written dd/mm/yyyy', () => {
  const warning =
    'column "date_naissance" looks like dates written dd/mm/yyyy; outside synth datanonyme reads dates in ISO form (YYYY-MM-DD): convert it to use date hierarchies, Mondrian ranges or MDAV; as it is, it is a category';

  it('is said to be read as a category, on stderr and first in the report', async () => {
    const dir = folder({ 'in.csv': register() });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '3',
      '--qi',
      'date_naissance,commune',
      '--identifier',
      'nom',
      '--method',
      'mondrian',
      '--report',
      join(dir, 'r.json'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.startsWith(`datanonyme: warning: ${warning}\n`)).toBe(true);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as { warnings: string[] };
    expect(report.warnings[0]).toBe(warning);
    expect(report.warnings).toHaveLength(2);
  });

  it('is said before MDAV refuses it as categorical', async () => {
    const dir = folder({ 'in.csv': register() });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--k',
      '3',
      '--qi',
      'date_naissance',
      '--identifier',
      'nom',
      '--method',
      'mdav',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^datanonyme: warning: ${warning.replace(/[()]/g, '\\$&')}\ndatanonyme: error: .*categorical`,
      ),
    );
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });

  it('is not said of a column the config declares categorical', async () => {
    const dir = folder({
      'in.csv': register(),
      'c.json': JSON.stringify({ attributes: { date_naissance: { type: 'categorical' } } }),
    });
    const r = await cli(
      'anonymise',
      join(dir, 'in.csv'),
      '-o',
      join(dir, 'out.csv'),
      '--config',
      join(dir, 'c.json'),
      '--k',
      '3',
      '--qi',
      'date_naissance,commune',
      '--identifier',
      'nom',
      '--method',
      'mondrian',
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('looks like dates');
  });
});
