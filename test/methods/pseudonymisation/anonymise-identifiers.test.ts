/**
 * `anonymise --identifiers drop|hash|fake` on case B26: drop by default, hash keyed by the
 * environment variable named by --identifier-key-env (its value never in the output, the report
 * or the messages), fakes consistent and seeded; the report records the mode and the variable's
 * name.
 */
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, folder } from '../../cli/helpers.js';

const b26 = [
  'record_code,city,clinic,smoker,sex',
  'R-0001,Lyon,C01,yes,F',
  'R-0002,Lyon,C02,no,M',
  'R-0003,Lille,C03,no,F',
  'R-0004,Nantes,C04,yes,M',
  'R-0005,Rennes,C05,no,F',
  'R-0006,Dijon,C06,no,M',
  'R-0007,Lille,C07,yes,F',
  'R-0008,Nantes,C08,no,M',
  'R-0009,Brest,C09,no,F',
  'R-0010,Metz,C10,yes,M',
  'R-0011,Lyon,C11,no,F',
  'R-0012,Dijon,C12,no,M',
  '',
].join('\n');
const codes = b26
  .split('\n')
  .slice(1, 13)
  .map((line) => line.split(',')[0] as string);

const KEY = 'Zq8-sécret-7Fh';
const VARS = ['DATANONYME_HMAC_KEY', 'P5_TEST_KEY'];
afterEach(() => {
  for (const v of VARS) Reflect.deleteProperty(process.env, v);
});

async function anonymise(dir: string, ...extra: string[]): ReturnType<typeof cli> {
  return cli(
    'anonymise',
    join(dir, 'b26.csv'),
    '-o',
    join(dir, 'out.csv'),
    '--report',
    join(dir, 'report.json'),
    '--k',
    '2',
    '--qi',
    'sex,smoker',
    '--hierarchy',
    'sex=flat',
    '--hierarchy',
    'smoker=flat',
    '--identifier',
    'record_code',
    ...extra,
  );
}

const rows = (dir: string): string[][] =>
  readFileSync(join(dir, 'out.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));

const treatment = (dir: string): Record<string, unknown> =>
  (
    JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as {
      parameters: { identifierTreatment: Record<string, unknown> };
    }
  ).parameters.identifierTreatment;

describe('anonymise --identifiers', () => {
  it('drops identifier columns by default, and says so in the report', async () => {
    const dir = folder({ 'b26.csv': b26 });
    const r = await anonymise(dir);
    expect(r.code, r.stderr).toBe(0);
    expect(rows(dir)[0]).toEqual(['city', 'clinic', 'smoker', 'sex']);
    expect(treatment(dir)).toEqual({ mode: 'drop' });
  });

  it('hash: HMAC-SHA-256 under the key of DATANONYME_HMAC_KEY; the key is nowhere in the files or messages', async () => {
    const dir = folder({ 'b26.csv': b26 });
    process.env.DATANONYME_HMAC_KEY = KEY;
    const r = await anonymise(dir, '--identifiers', 'hash');
    expect(r.code, r.stderr).toBe(0);
    const out = rows(dir);
    expect(out[0]).toEqual(['record_code', 'city', 'clinic', 'smoker', 'sex']);
    expect(out.slice(1).map((row) => row[0])).toEqual(
      codes.map((c) => createHmac('sha256', KEY).update(c).digest('hex')),
    );
    expect(treatment(dir)).toEqual({
      mode: 'hash',
      algorithm: 'HMAC-SHA-256 (hex)',
      keyVariable: 'DATANONYME_HMAC_KEY',
    });
    for (const file of ['out.csv', 'report.json']) {
      const written = readFileSync(join(dir, file), 'utf8');
      expect(written).not.toContain(KEY);
      expect(written).not.toContain('sécret');
      for (const c of codes) expect(written).not.toContain(c);
    }
    expect(r.stderr + r.stdout).not.toContain(KEY);
  });

  it('hash: --identifier-key-env names the variable; unset or empty is BAD_PARAMETER naming it, and nothing is written', async () => {
    const dir = folder({ 'b26.csv': b26 });
    process.env.DATANONYME_HMAC_KEY = KEY; // present, but not the variable asked for
    const r = await anonymise(dir, '--identifiers', 'hash', '--identifier-key-env', 'P5_TEST_KEY');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('P5_TEST_KEY');
    expect(r.stderr).not.toContain(KEY);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    expect(existsSync(join(dir, 'report.json'))).toBe(false);
    process.env.P5_TEST_KEY = '';
    const empty = await anonymise(
      dir,
      '--identifiers',
      'hash',
      '--identifier-key-env',
      'P5_TEST_KEY',
    );
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('P5_TEST_KEY');
    process.env.P5_TEST_KEY = KEY;
    const ok = await anonymise(dir, '--identifiers', 'hash', '--identifier-key-env', 'P5_TEST_KEY');
    expect(ok.code, ok.stderr).toBe(0);
    expect(treatment(dir).keyVariable).toBe('P5_TEST_KEY');
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).not.toContain(KEY);
  });

  it('a failing run with a key set never prints the key', async () => {
    const dir = folder({ 'b26.csv': b26 });
    process.env.DATANONYME_HMAC_KEY = KEY;
    const r = await anonymise(dir, '--identifiers', 'hash', '--k', '13');
    expect(r.code).toBe(2);
    expect(r.stderr + r.stdout).not.toContain(KEY);
  });

  it('fake: fresh R-#### codes, none an input code, the same bytes for the same --identifier-seed', async () => {
    const dir = folder({ 'b26.csv': b26 });
    const r = await anonymise(dir, '--identifiers', 'fake', '--identifier-seed', '26');
    expect(r.code, r.stderr).toBe(0);
    const first = readFileSync(join(dir, 'out.csv'), 'utf8');
    const fakes = rows(dir)
      .slice(1)
      .map((row) => row[0] as string);
    expect(fakes).toHaveLength(12);
    expect(new Set(fakes).size).toBe(12);
    for (const f of fakes) {
      expect(f).toMatch(/^R-[0-9]{4}$/);
      expect(codes).not.toContain(f);
    }
    expect(treatment(dir)).toEqual({
      mode: 'fake',
      // B26 is ,-separated with decimal points: English (localeOfDialect)
      locale: 'en',
      localeFrom: 'the input dialect',
      seeded: true,
      kinds: { record_code: 'code' },
    });
    const again = await anonymise(dir, '--identifiers', 'fake', '--identifier-seed', '26');
    expect(again.code, again.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe(first);
  });

  it('refuses an unknown treatment, and a key variable or seed without the mode that uses it', async () => {
    const dir = folder({ 'b26.csv': b26 });
    for (const extra of [
      ['--identifiers', 'mask'],
      ['--identifier-key-env', 'P5_TEST_KEY'],
      ['--identifiers', 'hash', '--identifier-seed', '1'],
    ]) {
      process.env.P5_TEST_KEY = KEY;
      process.env.DATANONYME_HMAC_KEY = KEY;
      const r = await anonymise(dir, ...extra);
      expect(r.code, extra.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/--identifier/);
    }
  });
});
