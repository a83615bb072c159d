import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perturbCommand, type PerturbFlags } from '../../src/cli/perturb.js';
import { DatanonymeError } from '../../src/errors.js';
import { parseCsv } from '../../src/table/parse.js';
import { folder } from './helpers.js';

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
});
