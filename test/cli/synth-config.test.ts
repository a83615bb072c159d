/**
 * `synth --config`, `--locale`, CART's `--order` / `--min-leaf`, the likely-identifier warning and
 * the missing-value default of MST and PrivBayes, through `synthCommand` (and `anonymiseCommand`
 * for its `--locale`).
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faker as fakerEn } from '@faker-js/faker/locale/en';
import { faker as fakerFr } from '@faker-js/faker/locale/fr';
import { describe, expect, it } from 'vitest';
import { anonymiseCommand } from '../../src/cli/anonymise.js';
import { loadSynthConfig, synthCommand, type SynthFlags } from '../../src/cli/synth.js';
import { DatanonymeError } from '../../src/errors.js';
import { parseCsv } from '../../src/table/parse.js';

/** A new temporary folder holding the given files (helpers.ts's, without loading the whole CLI). */
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'datanonyme-synth-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** Runs synth; returns stderr lines and the parsed report. */
async function synth(
  input: string,
  flags: SynthFlags,
): Promise<{ stderr: string[]; report: Record<string, unknown>; csv: string }> {
  const stderr: string[] = [];
  const report = `${flags.output as string}.json`;
  await synthCommand(input, { report, ...flags }, (l) => stderr.push(l));
  return {
    stderr,
    report: JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>,
    csv: readFileSync(flags.output as string, 'utf8'),
  };
}

async function errorOf(p: Promise<unknown>): Promise<DatanonymeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DatanonymeError) return e;
    throw e;
  }
  throw new Error('no error');
}

// 12 rows; `group` decides `level` exactly (A → low, B → high).
const DATA = `code,group,level,age
X1,A,low,30
X2,A,low,31
X3,A,low,32
X4,A,low,33
X5,A,low,34
X6,A,low,35
X7,B,high,50
X8,B,high,51
X9,B,high,52
X10,B,high,53
X11,B,high,54
X12,B,high,55
`;

describe('synth --config', () => {
  it('a config gives the same bytes as the same flags; flags override it', async () => {
    const dir = folder({ 'd.csv': DATA });
    const input = join(dir, 'd.csv');
    writeFileSync(
      join(dir, 'synth.json'),
      JSON.stringify({
        description: 'test',
        method: 'cart',
        rows: 8,
        seed: 42,
        minLeaf: 2,
        order: ['level', 'group'],
        attributes: {
          code: { role: 'identifier' },
          group: { type: 'categorical' },
          age: { type: 'categorical' },
        },
      }),
    );
    const viaConfig = await synth(input, {
      config: join(dir, 'synth.json'),
      output: join(dir, 'a.csv'),
    });
    const viaFlags = await synth(input, {
      method: 'cart',
      rows: '8',
      seed: '42',
      minLeaf: '2',
      order: 'level,group',
      identifier: 'code',
      output: join(dir, 'b.csv'),
    });
    // age is categorical through the config only: its values differ, so compare the rest
    const drop = (csv: string): string[] =>
      csv.split('\n').map((l) => l.split(',').slice(0, 3).join(','));
    expect(drop(viaConfig.csv)).toEqual(drop(viaFlags.csv));
    const params = viaConfig.report.parameters as Record<string, unknown>;
    expect(params.identifiers).toEqual(['code']);
    expect(params.order).toEqual(['level', 'group']);
    expect(params.minLeaf).toBe(2);
    expect(params.rows).toBe(8);
    // the config's type reaches the generator: age is 12 categories there, a numeric column
    // from the flags
    const kindOf = (r: typeof viaFlags): string | undefined =>
      (r.report.details as { columns: { name: string; kind: string }[] }).columns.find(
        (c) => c.name === 'age',
      )?.kind;
    expect(kindOf(viaConfig)).toBe('categorical');
    expect(kindOf(viaFlags)).toBe('numeric');
    // flags override: rows and method
    const over = await synth(input, {
      config: join(dir, 'synth.json'),
      method: 'independent',
      rows: '5',
      output: join(dir, 'c.csv'),
    }).catch((e: unknown) => e);
    // order and minLeaf of the config belong to cart: with --method independent they are refused
    expect((over as DatanonymeError).field).toBe('order');
    writeFileSync(
      join(dir, 'plain.json'),
      JSON.stringify({ method: 'cart', rows: 8, seed: 1, identifier: ['code'] }),
    );
    const flagged = await synth(input, {
      config: join(dir, 'plain.json'),
      method: 'independent',
      rows: '5',
      output: join(dir, 'out-d.csv'),
    });
    expect(flagged.report.method).toBe('independent');
    expect(flagged.report.rows).toBe(5);
    expect(parseCsv(flagged.csv).rows).toBe(5);
  });

  it('unknown or malformed fields are BAD_CONFIG errors naming the field path', async () => {
    const dir = folder();
    const cases: [unknown, string][] = [
      [{ methd: 'cart' }, 'methd'],
      [{ bounds: { age: [90, 17] } }, 'bounds.age'],
      [{ bounds: { age: 'x' } }, 'bounds.age'],
      [{ domain: { sex: [] } }, 'domain.sex'],
      [{ epsilon: '1' }, 'epsilon'],
      [{ withMissing: 'a' }, 'withMissing'],
      [{ domainFromData: 'yes' }, 'domainFromData'],
      [{ attributes: { age: { colour: 'red' } } }, 'attributes.age.colour'],
      [{ attributes: { age: { role: 'boss' } } }, 'attributes.age.role'],
      [{ attributes: { age: { hierarchy: { type: 'flat' } } } }, 'attributes.age.hierarchy'],
      [{ input: { delimiter: ':' } }, 'input.delimiter'],
    ];
    for (const [json, field] of cases) {
      const path = join(dir, `${field}.json`);
      writeFileSync(path, JSON.stringify(json));
      const e = await errorOf(loadSynthConfig(path));
      expect(e.code, field).toBe('BAD_CONFIG');
      expect(e.field, JSON.stringify(json)).toBe(field);
      expect(e.message).toContain(field);
    }
    const ok = join(dir, 'ok.json');
    writeFileSync(
      ok,
      JSON.stringify({
        method: 'mst',
        epsilon: 1,
        bounds: { age: [17, 90], day: ['2020-01-01', '2020-12-31'] },
        domain: { sex: ['F', 'M'], code: [1, 2] },
        input: { delimiter: ';' },
      }),
    );
    const config = await loadSynthConfig(ok);
    expect(config.flags).toEqual({ method: 'mst', epsilon: '1' });
    // 2020-01-01 is day 18262 since 1970-01-01 (50 years, 12 of them leap: 50·365 + 12);
    // 2020-12-31 is 365 days later (2020 is a leap year)
    expect(config.bounds).toEqual({ age: [17, 90], day: [18262, 18627] });
    expect(config.domains).toEqual({ sex: ['F', 'M'], code: ['1', '2'] });
  });

  it('datasets/adult/synth.json runs', async () => {
    const root = join(import.meta.dirname, '..', '..');
    const dir = folder();
    const out = await synth(join(root, 'datasets/adult/adult.csv'), {
      config: join(root, 'datasets/adult/synth.json'),
      rows: '200',
      noiseSeed: '1',
      output: join(dir, 'adult.csv'),
    });
    expect(out.report.dp).toBe(true);
    expect(parseCsv(out.csv).rows).toBe(200);
  }, 20_000);
});

const firstNames = (f: typeof fakerFr): Set<string> => {
  const d = f.definitions.person.first_name as Record<string, string[]>;
  return new Set(Object.values(d).flat());
};

describe('--locale', () => {
  const rows = (sep: string): string =>
    [`prenom${sep}ville`, ...Array.from({ length: 12 }, (_, i) => `P${i}${sep}V${i % 3}`)].join(
      '\n',
    ) + '\n';

  it('synth: French for a ;-separated file, English for a ,-separated one, the flag wins', async () => {
    const dir = folder({ 'fr.csv': rows(';'), 'en.csv': rows(',') });
    const fr = firstNames(fakerFr);
    const en = firstNames(fakerEn);
    const run = async (
      file: string,
      extra: SynthFlags,
    ): Promise<{ locale: unknown; names: string[] }> => {
      const r = await synth(join(dir, file), {
        method: 'independent',
        identifier: 'prenom',
        seed: '3',
        output: join(dir, `${file}-${extra.locale ?? 'x'}.out`),
        ...extra,
      });
      const parsed = parseCsv(r.csv);
      return {
        locale: r.report.identifierLocale,
        names: parsed.table.array('prenom') as string[],
      };
    };
    const a = await run('fr.csv', {});
    expect((a.locale as { locale: string }).locale).toBe('fr');
    for (const n of a.names) expect(fr.has(n), n).toBe(true);
    const b = await run('en.csv', {});
    expect((b.locale as { locale: string }).locale).toBe('en');
    for (const n of b.names) expect(en.has(n), n).toBe(true);
    const c = await run('fr.csv', { locale: 'en' });
    expect(c.locale).toEqual({ locale: 'en', from: 'flag' });
    for (const n of c.names) expect(en.has(n), n).toBe(true);
    // 12 English names none of which is French would be rare; at least one differs from the fr list
    expect(c.names.some((n) => !fr.has(n))).toBe(true);
    const bad = await errorOf(
      synthCommand(
        join(dir, 'fr.csv'),
        { method: 'independent', locale: 'xx', output: join(dir, 'z.csv') },
        () => undefined,
      ),
    );
    expect(bad.field).toBe('locale');
    const drop = await errorOf(
      synthCommand(
        join(dir, 'fr.csv'),
        { method: 'independent', locale: 'fr', identifiers: 'drop', output: join(dir, 'z.csv') },
        () => undefined,
      ),
    );
    expect(drop.field).toBe('locale');
  });

  it('anonymise --identifiers fake: the same default and flag', async () => {
    const dir = folder({ 'fr.csv': rows(';'), 'en.csv': rows(',') });
    const run = async (file: string, locale?: string): Promise<Record<string, unknown>> => {
      const report = join(dir, `${file}-${locale ?? 'x'}.json`);
      await anonymiseCommand(
        join(dir, file),
        {
          identifier: 'prenom',
          identifiers: 'fake',
          identifierSeed: '1',
          qi: 'ville',
          hierarchy: ['ville=flat'],
          k: '2',
          output: join(dir, `${file}-${locale ?? 'x'}.out`),
          report,
          ...(locale === undefined ? {} : { locale }),
        },
        () => undefined,
      );
      const r = JSON.parse(readFileSync(report, 'utf8')) as {
        parameters: { identifierTreatment: { locale: string } };
      };
      return r.parameters.identifierTreatment;
    };
    expect((await run('fr.csv')).locale).toBe('fr');
    expect((await run('en.csv')).locale).toBe('en');
    expect((await run('fr.csv', 'en')).locale).toBe('en');
    const e = await errorOf(
      anonymiseCommand(
        join(dir, 'fr.csv'),
        {
          identifier: 'prenom',
          qi: 'ville',
          hierarchy: ['ville=flat'],
          k: '2',
          locale: 'fr',
          output: join(dir, 'q.csv'),
        },
        () => undefined,
      ),
    );
    expect(e.field).toBe('locale');
  });
});

describe('cart --order and --min-leaf', () => {
  it('the visit sequence and the leaf size reach the trees', async () => {
    const dir = folder({ 'd.csv': DATA });
    const input = join(dir, 'd.csv');
    const run = async (flags: SynthFlags): Promise<Record<string, unknown>> =>
      (
        await synth(input, {
          method: 'cart',
          identifier: 'code',
          seed: '1',
          output: join(dir, `${flags.order ?? ''}${flags.minLeaf ?? ''}.csv`),
          ...flags,
        })
      ).report.details as Record<string, unknown>;
    const ordered = await run({ order: 'level' });
    expect(ordered.order).toEqual(['level', 'group', 'age']);
    // min-leaf 5: group splits level 6 | 6 (each side ≥ 5), so level's tree... level is first
    // here, so group's tree (on level) has 2 leaves: A|low and B|high, 6 rows each.
    expect((ordered.leaves as Record<string, number>).group).toBe(2);
    expect((ordered.leaves as Record<string, number>).level).toBe(1);
    // min-leaf 7: a split needs two children of ≥ 7 rows, 14 > 12: one leaf per tree
    const one = await run({ minLeaf: '7' });
    expect(one.minLeaf).toBe(7);
    expect(Object.values(one.leaves as Record<string, number>)).toEqual([1, 1, 1]);
    for (const [flags, field] of [
      [{ minLeaf: '0' }, 'min-leaf'],
      [{ minLeaf: '2.5' }, 'min-leaf'],
      [{ method: 'copula', order: 'level' }, 'order'],
      [{ method: 'independent', minLeaf: '3' }, 'min-leaf'],
    ] as [SynthFlags, string][]) {
      const e = await errorOf(
        synthCommand(
          input,
          { method: 'cart', output: join(dir, 'e.csv'), ...flags },
          () => undefined,
        ),
      );
      expect(e.field).toBe(field);
    }
    const missing = await errorOf(
      synthCommand(
        input,
        { method: 'cart', order: 'nope', output: join(dir, 'e.csv') },
        () => undefined,
      ),
    );
    expect(missing.code).toBe('NOT_FOUND');
  });
});

describe('likely identifiers (B26)', () => {
  const inputCodes = new Set(
    DATA.trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]),
  );
  const codesOf = (csv: string): string[] =>
    (parseCsv(csv).table.array('code') as unknown[]).map(String);

  it('a categorical column distinct in every row is treated as an identifier: fresh values, none copied', async () => {
    const dir = folder({ 'd.csv': DATA });
    const input = join(dir, 'd.csv');
    for (const method of ['independent', 'cart'] as const) {
      const plain = await synth(input, { method, seed: '1', output: join(dir, `${method}.csv`) });
      const warning = (plain.report.warnings as string[]).find((w) => w.includes('"code"'));
      expect(warning).toContain('treated as an identifier (fresh invented values), never copied');
      expect((plain.report.parameters as { identifiers: string[] }).identifiers).toEqual(['code']);
      const codes = codesOf(plain.csv);
      expect(codes.filter((c) => inputCodes.has(c))).toEqual([]);
      expect(new Set(codes).size).toBe(codes.length);
      // age is an integer column of 12 distinct values: fewer than 50, not flagged
      expect((plain.report.warnings as string[]).some((w) => w.includes('"age"'))).toBe(false);
    }
    const declared = await synth(input, {
      method: 'independent',
      identifier: 'code',
      seed: '1',
      output: join(dir, 'b.csv'),
    });
    expect((declared.report.warnings as string[]).some((w) => w.includes('every row'))).toBe(false);
    // under DP (domains read from the data) the detection is read from the data: stderr only
    const dp = await synth(input, {
      method: 'independent',
      epsilon: '1',
      rows: '12',
      domainFromData: true,
      bounds: ['age=0:100'],
      noiseSeed: '1',
      output: join(dir, 'c.csv'),
    });
    expect(JSON.stringify(dp.report.warnings)).not.toContain('every row');
    const line = dp.stderr.findIndex(
      (l) => l.includes('column "code"') && l.includes('treated as an identifier'),
    );
    expect(line).toBeGreaterThan(0);
    expect(dp.stderr.slice(0, line)).toContain(
      'datanonyme: the warnings below are read from the data: under DP they are printed here only, never written in the report',
    );
    expect(codesOf(dp.csv).filter((c) => inputCodes.has(c))).toEqual([]);
  });

  it('a column the config models is kept as data, with the warning that its values can be copied', async () => {
    const dir = folder({
      'd.csv': DATA,
      'c.json': JSON.stringify({ attributes: { code: { role: 'insensitive' } } }),
    });
    const modelled = await synth(join(dir, 'd.csv'), {
      method: 'cart',
      config: join(dir, 'c.json'),
      seed: '1',
      output: join(dir, 'm.csv'),
    });
    const warning = (modelled.report.warnings as string[]).find((w) => w.includes('"code"'));
    expect(warning).toContain('likely an identifier; it is modelled as data');
    expect(codesOf(modelled.csv).every((c) => inputCodes.has(c))).toBe(true);
  });
});

describe('missing values under MST and PrivBayes', () => {
  // 40 rows; `b` missing in 20 (half), else u.
  const lines = ['a,b'];
  for (let i = 0; i < 40; i++) lines.push(`${i % 2 === 0 ? 'x' : 'y'},${i < 20 ? '' : 'u'}`);
  const text = lines.join('\n') + '\n';

  it('are modelled in the --with-missing columns only; PrivBayes imputes the others', async () => {
    const dir = folder({ 'm.csv': text });
    const input = join(dir, 'm.csv');
    const shares = async (
      method: string,
      extra: SynthFlags,
    ): Promise<{ missing: number; u: number }> => {
      const r = await synth(input, {
        method,
        epsilon: '50',
        rows: '400',
        domain: ['a=x,y', 'b=u,v'],
        noiseSeed: '1',
        seed: '1',
        output: join(dir, `${method}${extra.withMissing ?? ''}.csv`),
        ...extra,
      });
      const b = parseCsv(r.csv).table.array('b') as unknown[];
      return {
        missing: b.filter((v) => v === null).length / 400,
        u: b.filter((v) => v === 'u').length / 400,
      };
    };
    for (const method of ['mst', 'privbayes']) {
      // declared: the true share 1/2 survives (ε = 50 on 40 rows: noise of a few counts at most;
      // 400 draws: sd 0.025)
      const declared = await shares(method, { withMissing: 'b' });
      expect(declared.missing, method).toBeGreaterThan(0.3);
      expect(declared.missing, method).toBeLessThan(0.7);
      // not declared: no missing value comes out
      expect((await shares(method, {})).missing, method).toBe(0);
    }
    // PrivBayes keeps every row: the 20 missing cells become u or v uniformly, so u's share is
    // (20 + ~10) / 40 ≈ 0.75, not 1 (rows left out) — seeded, one fixed outcome
    const imputed = await shares('privbayes', {});
    expect(imputed.u).toBeGreaterThan(0.55);
    expect(imputed.u).toBeLessThan(0.95);
  });
});

describe('dates in the input form', () => {
  it('DD/MM/YYYY in, DD/MM/YYYY out (with ISO bounds under DP)', async () => {
    const lines = ['jour;sexe'];
    for (let i = 0; i < 30; i++)
      lines.push(`${String(i + 1).padStart(2, '0')}/03/2024;${i % 2 ? 'F' : 'M'}`);
    const dir = folder({ 'f.csv': lines.join('\n') + '\n' });
    const input = join(dir, 'f.csv');
    const check = (csv: string): void => {
      const rows = csv.trim().split('\n').slice(1);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const [day] = row.split(';');
        // 01/03/2024 … 30/03/2024: the day-first form, inside March 2024
        expect(day).toMatch(/^(0[1-9]|[12]\d|30)\/03\/2024$/);
      }
    };
    for (const method of ['independent', 'copula', 'cart']) {
      check((await synth(input, { method, seed: '1', output: join(dir, `${method}.csv`) })).csv);
    }
    check(
      (
        await synth(input, {
          method: 'mst',
          epsilon: '1',
          rows: '50',
          bounds: ['jour=2024-03-01:2024-03-30'],
          domain: ['sexe=F,M'],
          noiseSeed: '1',
          seed: '1',
          output: join(dir, 'mst.csv'),
        })
      ).csv,
    );
  });
});

describe('a config naming a column the input lacks', () => {
  it.each([
    [{ attributes: { nm: { role: 'identifier' } } }, 'attributes.nm'],
    [{ attributes: { nm: { type: 'categorical' } } }, 'attributes.nm'],
    [{ attributes: { nm: { role: 'sensitive' } } }, 'attributes.nm'],
    [{ identifier: ['nm'] }, 'identifier'],
    [{ bounds: { nm: [0, 10] } }, 'bounds.nm'],
  ] as [Record<string, unknown>, string][])(
    '%j: names the config file and the field %s, not a flag',
    async (json, field) => {
      const dir = mkdtempSync(join(tmpdir(), 'datanonyme-synth-config-'));
      writeFileSync(join(dir, 'in.csv'), DATA);
      writeFileSync(join(dir, 'c.json'), JSON.stringify({ method: 'cart', ...json }));
      const e = await errorOf(
        synthCommand(
          join(dir, 'in.csv'),
          { config: join(dir, 'c.json'), output: join(dir, 'o.csv') },
          () => undefined,
        ),
      );
      expect(e.code).toBe('BAD_CONFIG');
      expect(e.file).toBe(join(dir, 'c.json'));
      expect(e.field).toBe(field);
      expect(e.column).toBe('nm');
      expect(e.message.startsWith(`${join(dir, 'c.json')}: ${field}: `)).toBe(true);
      expect(e.message).toMatch(/"nm" not found; the header split on ',' gave 4 columns/);
      expect(e.message).not.toMatch(/--identifier|--bounds/);
      expect(existsSync(join(dir, 'o.csv'))).toBe(false);
    },
  );
});
