import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perturbCommand, type PerturbFlags } from '../../src/cli/perturb.js';
import { DatanonymeError } from '../../src/errors.js';
import { parseCsv } from '../../src/table/parse.js';
import { cli, folder } from './helpers.js';

// Cells whose text would change if read as numbers and written back (007, 1.50, NA).
const DATA = `id;sex;diag;region;size;age;income
007;F;flu;A;1;30;1.50
008;M;cold;A;1;30;NA
009;F;flu;A;2;40;2,25
010;M;NA;B;2;30;3.0
011;F;cold;B;2;30;
012;M;flu;B;1;30;10
`;

async function perturb(input: string, flags: PerturbFlags): Promise<string[]> {
  const lines: string[] = [];
  await perturbCommand(input, flags, (s) => lines.push(s));
  return lines;
}

function columns(text: string): Record<string, unknown[]> {
  const parsed = parseCsv(text, { typed: false, keepMissingText: true });
  return Object.fromEntries(
    parsed.table
      .columnNames()
      .map((c) => [c, Array.from(parsed.table.array(c) as ArrayLike<unknown>)]),
  );
}

describe('datanonyme perturb', () => {
  it('pram: other columns byte for byte, dialect kept, report with counts', async () => {
    const dir = folder({ 'd.csv': DATA });
    const out = join(dir, 'o.csv');
    const report = join(dir, 'r.json');
    const lines = await perturb(join(dir, 'd.csv'), {
      method: 'pram',
      columns: 'diag',
      retention: '0.5',
      seed: '1',
      output: out,
      report,
    });
    const text = readFileSync(out, 'utf8');
    const before = DATA.split('\n').map((l) => l.split(';'));
    const after = text.split('\n').map((l) => l.split(';'));
    expect(after.length).toBe(before.length);
    before.forEach((cells, i) => {
      cells.forEach((cell, j) => {
        if (j !== 2) expect(after[i]?.[j]).toBe(cell);
      });
    });
    const diag = columns(text).diag as string[];
    expect(diag[3]).toBe('NA');
    const r = JSON.parse(readFileSync(report, 'utf8')) as {
      method: string;
      seeded: boolean;
      details: { changedCells: number };
    };
    expect(r.method).toBe('pram');
    expect(r.seeded).toBe(true);
    expect(r.details.changedCells).toBe(
      diag.filter((v, i) => v !== (columns(DATA).diag as string[])[i]).length,
    );
    expect(lines.join('\n')).toMatch(/NOT fit for publication/);
  });

  it('pram with a matrix file: a deterministic matrix gives a known output', async () => {
    const dir = folder({ 'd.csv': DATA, 'm.csv': ',flu,cold\nflu,0,1\ncold,0,1\n' });
    const out = join(dir, 'o.csv');
    await perturb(join(dir, 'd.csv'), {
      method: 'pram',
      columns: 'diag',
      matrix: ['diag=' + join(dir, 'm.csv')],
      output: out,
    });
    expect(columns(readFileSync(out, 'utf8')).diag).toEqual([
      'cold',
      'cold',
      'cold',
      'NA',
      'cold',
      'cold',
    ]);
  });

  it('swap: the high-risk record moves to the other area, the report counts it', async () => {
    const dir = folder({ 'd.csv': DATA });
    const out = join(dir, 's.csv');
    const report = join(dir, 'r.json');
    await perturb(join(dir, 'd.csv'), {
      method: 'swap',
      geography: 'region',
      riskColumns: 'region,age',
      k: '2',
      similar: 'size',
      rate: '40%',
      seed: '3',
      output: out,
      report,
    });
    const after = columns(readFileSync(out, 'utf8'));
    expect((after.region as string[])[2]).toBe('B');
    const r = JSON.parse(readFileSync(report, 'utf8')) as {
      details: { pairs: number; highRiskSwapped: number; changedCells: number };
    };
    expect(r.details).toMatchObject({ pairs: 1, highRiskSwapped: 1, changedCells: 2 });
    for (const c of ['id', 'sex', 'diag', 'size', 'age', 'income'])
      expect(after[c]).toEqual(columns(DATA)[c]);
  });

  it('errors carry their location and nothing is written', async () => {
    const dir = folder({
      'd.csv': DATA,
      'm.csv': ',flu,cold\nflu,0.5,0.5\ncold,x,1\n',
      'n.csv': ',flu\nflu,1\n',
    });
    const out = join(dir, 'o.csv');
    const report = join(dir, 'r.json');
    const attempt = async (flags: PerturbFlags): Promise<DatanonymeError> => {
      try {
        await perturb(join(dir, 'd.csv'), { output: out, report, ...flags });
      } catch (e) {
        expect(e).toBeInstanceOf(DatanonymeError);
        return e as DatanonymeError;
      }
      throw new Error('no error');
    };
    const bad = await attempt({
      method: 'pram',
      columns: 'diag',
      matrix: ['diag=' + join(dir, 'm.csv')],
    });
    expect(bad.message).toMatch(/m\.csv: line 3, column "flu"/);
    expect(bad.line).toBe(3);
    const uncovered = await attempt({
      method: 'pram',
      columns: 'diag',
      matrix: ['diag=' + join(dir, 'n.csv')],
    });
    expect(uncovered.message).toMatch(/line 3, column "diag": "cold" is not a category/);
    expect((await attempt({ method: 'pram', columns: 'diag' })).message).toMatch(/--retention/);
    expect((await attempt({ method: 'swap', geography: 'region' })).message).toMatch(/--rate/);
    expect((await attempt({ method: 'swap', geography: 'region', rate: '2' })).field).toBe('rate');
    expect(
      (await attempt({ method: 'pram', columns: 'diag', retention: '0.5', geography: 'region' }))
        .message,
    ).toMatch(/--geography is not an option of --method pram/);
    expect((await attempt({ method: 'shuffle' })).field).toBe('method');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(report)).toBe(false);
  });

  describe('as a user: exit code 2, a located message, nothing written', () => {
    const HOUSEHOLDS =
      'hh,region,size,age\nH1,A,2,30\nH1,A,2,31\nH2,B,2,40\nH2,C,2,41\nH3,B,1,50\n';
    const setup = (): { dir: string; run: (...args: string[]) => ReturnType<typeof cli> } => {
      const dir = folder({
        'd.csv': DATA,
        'h.csv': HOUSEHOLDS,
        'sum.csv': ',flu,cold\nflu,0.9,0.2\ncold,0.1,0.9\n',
        'unknown.csv': ',flu,cold,grippe\nflu,0.8,0.1,0.1\ncold,0,1,0\ngrippe,0,0,1\n',
      });
      const run = (...args: string[]): ReturnType<typeof cli> =>
        cli(
          'perturb',
          ...args.map((a) =>
            a.replace(/(^|=)(\w+\.(csv|json))$/, (_, pre: string, f: string) => pre + join(dir, f)),
          ),
        );
      return { dir, run };
    };
    const untouched = (dir: string): void => {
      expect(readdirSync(dir).sort()).toEqual(['d.csv', 'h.csv', 'sum.csv', 'unknown.csv']);
      expect(readFileSync(join(dir, 'd.csv'), 'utf8')).toBe(DATA);
    };

    it.each([['2'], ['-1'], ['abc'], ['1.5'], ['NaN']])('--retention %s', async (p) => {
      const { dir, run } = setup();
      const r = await run(
        'd.csv',
        '--method',
        'pram',
        '--columns',
        'diag',
        `--retention=${p}`,
        '-o',
        'o.csv',
        '--report',
        'r.json',
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--retention must be a probability in [0, 1], got "${p}"`);
      untouched(dir);
    });

    it('unknown column: the file, the column and the header; a wrong separator is named', async () => {
      const { dir, run } = setup();
      let r = await run(
        'd.csv',
        '--method',
        'pram',
        '--columns',
        'diagnosis',
        '--retention',
        '0.9',
        '-o',
        'o.csv',
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /d\.csv: PRAM column "diagnosis" not found; the header split on ';' gave 7 columns/,
      );
      r = await run(
        'd.csv',
        '--delimiter',
        '|',
        '--method',
        'swap',
        '--geography',
        'region',
        '--rate',
        '0.1',
        '-o',
        'o.csv',
      );
      expect(r.stderr).toMatch(
        /geography column "region" not found.*Did you mean --delimiter ';'\?/,
      );
      r = await run(
        'd.csv',
        '--method',
        'pram',
        '--columns',
        'diag',
        '--retention',
        '0.9',
        '--strata',
        'sexe',
        '-o',
        'o.csv',
      );
      expect(r.stderr).toMatch(/strata column "sexe" not found/);
      r = await run(
        'h.csv',
        '--method',
        'swap',
        '--geography',
        'region',
        '--household',
        'menage',
        '--rate',
        '1',
        '-o',
        'o.csv',
      );
      expect(r.stderr).toMatch(/h\.csv: household column "menage" not found/);
      untouched(dir);
    });

    it('a matrix row not summing to 1: the matrix file, its line, the category and the sum', async () => {
      const { dir, run } = setup();
      const r = await run(
        'd.csv',
        '--method',
        'pram',
        '--columns',
        'diag',
        '--matrix',
        `diag=sum.csv`,
        '-o',
        'o.csv',
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/sum\.csv: line 2: the row of category "flu" sums to 1\.1, not 1/);
      untouched(dir);
    });

    it('a matrix category no record holds is accepted with a warning in the report and on stderr', async () => {
      const { dir, run } = setup();
      const r = await run(
        'd.csv',
        '--method',
        'pram',
        '--columns',
        'diag',
        '--matrix',
        'diag=unknown.csv',
        '--seed',
        '2',
        '-o',
        'o.csv',
        '--report',
        'r.json',
      );
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(
        /unknown\.csv: category "grippe" of the matrix of "diag" occurs in no record/,
      );
      const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
        warnings: string[];
      };
      expect(report.warnings.some((w) => w.includes('"grippe"'))).toBe(true);
      // A data category absent from the matrix is an error naming the data line (see above).
    });

    it('--geography missing for swap; a foreign flag; no method', async () => {
      const { dir, run } = setup();
      let r = await run('d.csv', '--method', 'swap', '--rate', '0.1', '-o', 'o.csv');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('record swapping needs --geography');
      r = await run(
        'd.csv',
        '--method',
        'swap',
        '--geography',
        'region',
        '--rate',
        '0.1',
        '--retention',
        '0.5',
        '-o',
        'o.csv',
      );
      expect(r.stderr).toContain('--retention is not an option of --method swap');
      r = await run('d.csv', '--columns', 'diag', '-o', 'o.csv');
      expect(r.stderr).toContain('no method: give --method pram|swap');
      untouched(dir);
    });

    it('a household over two areas: the file, both lines and both areas', async () => {
      const { dir, run } = setup();
      const r = await run(
        'h.csv',
        '--method',
        'swap',
        '--geography',
        'region',
        '--household',
        'hh',
        '--rate',
        '1',
        '-o',
        'o.csv',
        '--report',
        'r.json',
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /h\.csv: household "H2" lies in two areas: line 4 has region = "B", line 5 has "C"/,
      );
      untouched(dir);
    });

    it('never overwrites its input, nor the matrix file, by the output or the report', async () => {
      const { dir, run } = setup();
      for (const args of [
        ['-o', 'd.csv'],
        ['-o', 'o.csv', '--report', 'd.csv'],
        ['--matrix', 'diag=unknown.csv', '-o', 'unknown.csv'],
      ]) {
        const r = await run(
          'd.csv',
          '--method',
          'pram',
          '--columns',
          'diag',
          '--retention',
          '0.9',
          ...args,
        );
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/refusing to write the (output|report)/);
      }
      untouched(dir);
      expect(readFileSync(join(dir, 'unknown.csv'), 'utf8')).toMatch(/^,flu,cold,grippe/);
    });
  });

  it('report: what changed (cells, records, pairs by file line), the seed and that it is seeded', async () => {
    const dir = folder({ 'd.csv': DATA });
    const r1 = await cli(
      'perturb',
      join(dir, 'd.csv'),
      '--method',
      'swap',
      '--geography',
      'region',
      '--risk-columns',
      'region,age',
      '--k',
      '2',
      '--similar',
      'size',
      '--rate',
      '40%',
      '--seed',
      '3',
      '-o',
      join(dir, 's.csv'),
      '--report',
      join(dir, 's.json'),
    );
    expect(r1.code).toBe(0);
    const swap = JSON.parse(readFileSync(join(dir, 's.json'), 'utf8')) as Record<
      string,
      unknown
    > & {
      details: { swaps: [number, number][]; swappedRecords: number; changedCells: number };
    };
    expect(swap).toMatchObject({ seeded: true, seed: '3', method: 'record-swapping' });
    expect(swap.randomness).toMatch(/seeded with "3"/);
    // The only pair: line 4 (row 009, area A, size 2, age 40: alone in its class) and a size-2 record of B.
    expect(swap.details.swaps).toHaveLength(1);
    const [a, b] = swap.details.swaps[0] as [number, number];
    expect(a).toBe(4);
    expect([5, 6]).toContain(b);
    const out = readFileSync(join(dir, 's.csv'), 'utf8').split('\n');
    expect(out[a - 1]?.split(';')[3]).toBe('B');
    expect(out[b - 1]?.split(';')[3]).toBe('A');
    expect(swap.details).toMatchObject({ swappedRecords: 2, changedCells: 2 });

    const r2 = await cli(
      'perturb',
      join(dir, 'd.csv'),
      '--method',
      'pram',
      '--columns',
      'diag,sex',
      '--retention',
      '0.5',
      '-o',
      join(dir, 'p.csv'),
      '--report',
      join(dir, 'p.json'),
    );
    expect(r2.code).toBe(0);
    expect(r2.stderr).not.toMatch(/NOT fit for publication/);
    const pramReport = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')) as Record<
      string,
      unknown
    > & {
      details: {
        changedCells: number;
        changedRecords: number;
        columns: Record<string, { changedCells: number }>;
      };
    };
    expect(pramReport.seeded).toBe(false);
    expect(pramReport.seed).toBeUndefined();
    expect(pramReport.randomness).toMatch(/^secure/);
    const before = columns(DATA);
    const after = columns(readFileSync(join(dir, 'p.csv'), 'utf8'));
    const changed = (c: string): boolean[] =>
      (before[c] as string[]).map((v, i) => v !== (after[c] as string[])[i]);
    const diag = changed('diag');
    const sex = changed('sex');
    expect(pramReport.details.columns.diag?.changedCells).toBe(diag.filter(Boolean).length);
    expect(pramReport.details.changedCells).toBe(
      diag.filter(Boolean).length + sex.filter(Boolean).length,
    );
    expect(pramReport.details.changedRecords).toBe(diag.filter((x, i) => x || sex[i]).length);
  });

  it('warns of a numeric PRAM column with many values (not of a code), and of a swap report that names records', async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${i};${i % 2 === 0 ? 1 : 2};${1900 + i};${i % 3 === 0 ? 'A' : 'B'}`,
    );
    const dir = folder({ 'd.csv': `id;code;year;area\n${rows.join('\n')}\n` });
    const pram = await cli(
      'perturb',
      join(dir, 'd.csv'),
      '--method',
      'pram',
      '--columns',
      'code,year',
      '--retention',
      '0.8',
      '-o',
      join(dir, 'p.csv'),
      '--report',
      join(dir, 'p.json'),
    );
    expect(pram.code).toBe(0);
    expect(pram.stderr).toMatch(
      /"year" is an integer column with 40 distinct values: PRAM moves a changed value to another one regardless of their order/,
    );
    expect(pram.stderr).not.toMatch(/"code" is/);
    const pramReport = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')) as {
      warnings: string[];
    };
    expect(pramReport.warnings.filter((w) => w.includes('distinct values'))).toHaveLength(1);
    const swap = await cli(
      'perturb',
      join(dir, 'd.csv'),
      '--method',
      'swap',
      '--geography',
      'area',
      '--risk-columns',
      'area,year',
      '--rate',
      '10%',
      '-o',
      join(dir, 's.csv'),
      '--report',
      join(dir, 's.json'),
    );
    expect(swap.code).toBe(0);
    expect(swap.stderr).toMatch(
      /s\.json names the swapped records by their lines in .*d\.csv: it undoes the swapping/,
    );
    const quiet = await cli(
      'perturb',
      join(dir, 'd.csv'),
      '--method',
      'swap',
      '--geography',
      'area',
      '--risk-columns',
      'area,year',
      '--rate',
      '10%',
      '-o',
      join(dir, 's2.csv'),
    );
    expect(quiet.stderr).not.toMatch(/undoes the swapping/);
  });

  it('case B01: a BOM and quoted header; case B05: NFD data against an NFC matrix', async () => {
    const nfc = 'Île-de-France'.normalize('NFC');
    const nfd = nfc.normalize('NFD');
    const dir = folder({
      'bom.csv': '\uFEFF"region","age"\nIle,30\nCorse,40\n',
      'nfd.csv': `region,age\n${nfd},30\nCorse,40\n${nfd},50\n`,
      'm.csv': `,${nfc},Corse\n${nfc},0,1\nCorse,1,0\n`,
    });
    let r = await cli(
      'perturb',
      join(dir, 'bom.csv'),
      '--method',
      'pram',
      '--columns',
      'region',
      '--retention',
      '0.5',
      '--seed',
      '1',
      '-o',
      join(dir, 'bom-out.csv'),
    );
    expect(r.code).toBe(0);
    const bom = readFileSync(join(dir, 'bom-out.csv'), 'utf8');
    expect(bom.startsWith('region,age\n')).toBe(true); // no BOM, no quote in the header
    expect(
      bom
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(',')[1]),
    ).toEqual(['30', '40']);
    // The matrix swaps the two categories: NFD cells are the NFC category, written in NFC.
    r = await cli(
      'perturb',
      join(dir, 'nfd.csv'),
      '--method',
      'pram',
      '--columns',
      'region',
      '--matrix',
      `region=${join(dir, 'm.csv')}`,
      '-o',
      join(dir, 'nfd-out.csv'),
    );
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'nfd-out.csv'), 'utf8')).toBe(
      `region,age\nCorse,30\n${nfc},40\nCorse,50\n`,
    );
  });

  it('swap --risk-threshold: prosecutor risk 1/f, or journalist risk 1/F with --population-size', async () => {
    // Risk columns region × age: classes (A,30) = {007, 008}, (A,40) = {009}, (B,30) = {010, 011, 012}.
    const dir = folder({ 'd.csv': DATA });
    const swap = async (flags: PerturbFlags): Promise<Record<string, unknown>> => {
      const report = join(dir, 'r.json');
      await perturb(join(dir, 'd.csv'), {
        method: 'swap',
        geography: 'region',
        riskColumns: 'region,age',
        rate: '1',
        seed: '1',
        output: join(dir, 'o.csv'),
        report,
        ...flags,
      });
      return JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>;
    };
    // Prosecutor: risks 1/2, 1/2, 1, 1/3, 1/3, 1/3; above 0.4: the three records of area A.
    let r = await swap({ riskThreshold: '0.4' });
    expect(r.details).toMatchObject({ highRiskUnits: 3, highRiskRecords: 3 });
    expect(r.parameters).toMatchObject({
      riskThreshold: 0.4,
      riskModel: 'prosecutor (1/class size)',
    });
    // Journalist, the file a sample of 12 people (F = 2f): risks 1/4, 1/4, 1/2, 1/6 ×3: only 009.
    r = await swap({ riskThreshold: '0.4', populationSize: '12' });
    expect(r.details).toMatchObject({ highRiskUnits: 1, highRiskRecords: 1 });
    expect(r.parameters).toMatchObject({ riskModel: 'journalist (population 12)' });

    const refused = async (flags: PerturbFlags): Promise<string> => {
      const out = join(dir, 'never.csv');
      try {
        await perturb(join(dir, 'd.csv'), {
          method: 'swap',
          geography: 'region',
          rate: '1',
          output: out,
          ...flags,
        });
      } catch (e) {
        expect(e).toBeInstanceOf(DatanonymeError);
        expect(existsSync(out)).toBe(false);
        return (e as DatanonymeError).message;
      }
      throw new Error('no error');
    };
    expect(await refused({ riskThreshold: '0.2', k: '3' })).toMatch(/not both/);
    expect(await refused({ riskThreshold: '1.5' })).toMatch(
      /--risk-threshold must be a risk in \[0, 1\), got "1\.5"/,
    );
    expect(await refused({ populationSize: '100' })).toMatch(
      /--population-size needs --risk-threshold/,
    );
    expect(await refused({ riskThreshold: '0.2', populationSize: 'many' })).toMatch(/whole number/);
    expect(await refused({ riskThreshold: '0.2', populationSize: '3' })).toMatch(
      /--population-size 3 is smaller than the 6 records of .*d\.csv/,
    );
  });

  it('the README examples on Adult run: invariant PRAM keeps expected counts, swapping keeps its budget', async () => {
    const dir = folder();
    const adult = join(import.meta.dirname, '..', '..', 'datasets', 'adult', 'adult.csv');
    let r = await cli(
      'perturb',
      adult,
      '--method',
      'pram',
      '--columns',
      'race,native-country',
      '--retention',
      '0.8',
      '--invariant',
      '--strata',
      'sex',
      '-o',
      join(dir, 'adult-pram.csv'),
      '--report',
      join(dir, 'adult-pram.json'),
    );
    expect(r.code).toBe(0);
    const pramReport = JSON.parse(readFileSync(join(dir, 'adult-pram.json'), 'utf8')) as {
      details: {
        columns: Record<
          string,
          { before: Record<string, number>; expected: Record<string, number> }
        >;
      };
    };
    for (const column of ['race', 'native-country']) {
      const c = pramReport.details.columns[column];
      for (const [category, count] of Object.entries(c?.before ?? {}))
        expect(Math.abs((c?.expected[category] as number) - count)).toBeLessThan(
          1e-6 * Math.max(1, count),
        );
    }
    r = await cli(
      'perturb',
      adult,
      '--method',
      'swap',
      '--geography',
      'native-country',
      '--risk-columns',
      'native-country,age,sex,race',
      '--k',
      '3',
      '--similar',
      'sex',
      '--rate',
      '5%',
      '-o',
      join(dir, 'adult-swap.csv'),
      '--report',
      join(dir, 'adult-swap.json'),
    );
    expect(r.code).toBe(0);
    const swapReport = JSON.parse(readFileSync(join(dir, 'adult-swap.json'), 'utf8')) as {
      details: { pairs: number; units: number; highRiskUnits: number };
    };
    expect(swapReport.details.units).toBe(30162);
    expect(swapReport.details.pairs).toBeLessThanOrEqual(Math.floor((0.05 * 30162) / 2));
    expect(swapReport.details.highRiskUnits).toBeGreaterThan(0);
  });
});
