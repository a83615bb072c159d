/**
 * `datanonyme tables` and `tables audit` end to end: a hand-built 3 × 3 table with one small cell
 * (secondary suppression must hide at least a rectangle of four inner cells, and the audit must
 * leave the small cell an interval, not a point), dominance with a hand computation, a hierarchy
 * whose subtotals are sums, the cell key method consistent across two tables, and bad input
 * refused with exit code 2, file, line, column and value, and nothing written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

/** The output rows as objects, the header naming the fields. */
function rowsOf(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const names = (header ?? '').split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i] ?? '', v])));
}

/** A 3 × 3 table: every inner cell has 5 rows except (a, x), which has 1. */
function threeByThree(): string {
  let csv = 'r,s\n';
  for (const r of ['a', 'b', 'c']) {
    for (const s of ['x', 'y', 'z']) {
      const n = r === 'a' && s === 'x' ? 1 : 5;
      for (let i = 0; i < n; i++) csv += `${r},${s}\n`;
    }
  }
  return csv;
}

describe('datanonyme tables: suppression', () => {
  it('3 × 3 with one small cell: primary A, at least a rectangle of four hidden, margins have two', async () => {
    const dir = folder({ 'in.csv': threeByThree() });
    const out = join(dir, 'out.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'r,s',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.stderr).toContain('written');
    expect(r.code).toBe(0);
    const rows = rowsOf(out);
    // (1 + 3) × (1 + 3) = 16 cells, totals included.
    expect(rows).toHaveLength(16);
    const cell = (rr: string, ss: string) => rows.find((x) => x.r === rr && x.s === ss);
    // Grand total: 8 × 5 + 1 = 41 rows.
    expect(cell('Total', 'Total')).toEqual({ r: 'Total', s: 'Total', count: '41', status: 'V' });
    expect(cell('a', 'x')?.status).toBe('A');
    expect(cell('a', 'x')?.count).toBe('');
    const inner = rows.filter((x) => x.r !== 'Total' && x.s !== 'Total');
    const hidden = inner.filter((x) => x.status !== 'V');
    expect(hidden.length).toBeGreaterThanOrEqual(4);
    // Every line (row or column of the table, totals included) holding a suppressed cell holds two.
    for (const line of ['Total', 'a', 'b', 'c']) {
      const inRow = rows.filter((x) => x.r === line && x.status !== 'V').length;
      expect(inRow === 0 || inRow >= 2).toBe(true);
    }
    for (const line of ['Total', 'x', 'y', 'z']) {
      const inColumn = rows.filter((x) => x.s === line && x.status !== 'V').length;
      expect(inColumn === 0 || inColumn >= 2).toBe(true);
    }
    // A rectangle: some row p ≠ a and column q ≠ x with (a,q), (p,x), (p,q) all hidden.
    const isHidden = (rr: string, ss: string) => cell(rr, ss)?.status !== 'V';
    const rectangle = ['b', 'c'].some((p) =>
      ['y', 'z'].some((q) => isHidden('a', q) && isHidden(p, 'x') && isHidden(p, q)),
    );
    expect(rectangle).toBe(true);
    const rep = JSON.parse(readFileSync(report, 'utf8')) as {
      cells: {
        total: number;
        primaryA: number;
        primaryB: number;
        secondary: number;
        published: number;
      };
      rules: { frequency: { n: number } };
    };
    expect(rep.rules.frequency.n).toBe(3);
    expect(rep.cells.total).toBe(16);
    expect(rep.cells.primaryA).toBe(1);
    expect(rep.cells.primaryB).toBe(0);
    expect(rep.cells.published).toBe(16 - 1 - rep.cells.secondary);

    // The audit: (a, x) = 1 is not pinned; its interval reaches 1 ± its protection (1 − 1 = 0, 2).
    const audit = await cli('tables', 'audit', out, '--by', 'r,s', '--value', 'count');
    expect(audit.code).toBe(0);
    const line = audit.stdout.split('\n').find((l) => l.startsWith('a\tx\t'));
    const [, , lower, upper] = (line ?? '').split('\t').map(Number);
    expect(lower).toBeLessThanOrEqual(0);
    expect(upper).toBeGreaterThanOrEqual(2);
  });

  it('dominance (1, 85) with --value: hand computation, totals and B status', async () => {
    // g = a: 90 + 5 + 5 = 100, one unit holds 90 % > 85 % → B. g = b: 40 + 30 + 30 → V.
    // g = c: 30 + 30 + 40 → V. The total (300) is safe: 90/300 = 30 %.
    const dir = folder({
      'in.csv': 'g;t;v\na;1;90\na;1;5\na;1;5\nb;1;40\nb;1;30\nb;1;30\nc;1;30\nc;1;30\nc;1;40\n',
    });
    const out = join(dir, 'out.csv');
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'g',
      '--value',
      'v',
      '--dominance',
      '1:85',
      '-o',
      out,
    );
    expect(r.stderr).toContain('written');
    const rows = rowsOf(out).map((x) => Object.values(x)[0]?.split(';'));
    // Semicolon input → semicolon output: g;v;status. With one hidden cell in a one-way table
    // its line (the total) must hide a second one.
    expect(rows.find((x) => x?.[0] === 'a')?.[2]).toBe('B');
    const hidden = rows.filter((x) => x?.[2] !== 'V');
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    const total = rows.find((x) => x?.[0] === 'Total');
    if (total?.[2] === 'V') expect(total[1]).toBe('300');
  });

  it('a 2-level hierarchy: subtotals are the sums of their children', async () => {
    const dir = folder({
      'in.csv': 'age,n\n20,1\n20,2\n25,3\n60,4\n70,5\n70,6\n25,7\n60,8\n',
      'h.csv': '20;young;*\n25;young;*\n60;old;*\n70;old;*\n',
    });
    const out = join(dir, 'out.csv');
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'age',
      '--value',
      'n',
      '--hierarchy',
      `age=${join(dir, 'h.csv')}`,
      '--frequency-rule',
      '1',
      '-o',
      out,
    );
    expect(r.stderr).toContain('written');
    const rows = rowsOf(out);
    expect(rows.map((x) => x.age)).toEqual(['Total', 'young', '20', '25', 'old', '60', '70']);
    // young = 20 (1 + 2) + 25 (3 + 7) = 13; old = 60 (4 + 8) + 70 (5 + 6) = 23; total 36.
    expect(rows.map((x) => x.n)).toEqual(['36', '13', '3', '10', '23', '12', '11']);
    expect(rows.every((x) => x.status === 'V')).toBe(true);
  });
});

describe('datanonyme tables: cell key method', () => {
  it('the same cell gets the same perturbed count in two tables (record keys kept as a column)', async () => {
    let csv = 'r,s,key\n';
    let k = 1;
    for (const r of ['a', 'b', 'c']) {
      for (const s of ['x', 'y']) {
        for (let i = 0; i < 4 + (r.charCodeAt(0) % 3); i++) {
          csv += `${r},${s},${((k * 0.6180339887) % 1).toFixed(6)}\n`;
          k++;
        }
      }
    }
    const dir = folder({ 'in.csv': csv });
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const args = [
      '--method',
      'cell-key',
      '--record-key',
      'key',
      '--max-deviation',
      '2',
      '--variance',
      '1',
    ];
    expect((await cli('tables', join(dir, 'in.csv'), '--by', 'r', '-o', one, ...args)).code).toBe(
      0,
    );
    expect((await cli('tables', join(dir, 'in.csv'), '--by', 'r,s', '-o', two, ...args)).code).toBe(
      0,
    );
    const a = rowsOf(one);
    const b = rowsOf(two);
    for (const x of a) {
      const same = b.find((y) => y.r === x.r && y.s === 'Total');
      expect(same?.count).toBe(x.count);
      expect(x.status).toBe('V');
    }
    // Each published count is within D = 2 of the true count (r = a: 2 × (4 + 97 % 3) = 10).
    const trueA = 2 * (4 + (97 % 3));
    expect(Math.abs(Number(a.find((x) => x.r === 'a')?.count) - trueA)).toBeLessThanOrEqual(2);
  });
});

describe('datanonyme tables: refusals', () => {
  it('a value that is not a number: exit 2 naming file, line, column and value; nothing written', async () => {
    const dir = folder({ 'in.csv': 'g,v\na,1\nb,x1\n' });
    const out = join(dir, 'out.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'g',
      '--value',
      'v',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('in.csv');
    expect(r.stderr).toContain('line 3');
    expect(r.stderr).toContain('"v"');
    expect(r.stderr).toContain('x1');
    expect(existsSync(out)).toBe(false);
    expect(existsSync(report)).toBe(false);
  });

  it('a negative value under a dominance rule names its line', async () => {
    const dir = folder({ 'in.csv': 'g,v\na,1\na,2\nb,-4\n' });
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'g',
      '--value',
      'v',
      '-o',
      join(dir, 'o.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/line 4.*negative value -4/);
  });

  it('a hierarchy label that is also a value at another level: exit 2 naming the file, column, label and lines', async () => {
    // Before the fix: exit 0 and two rows labelled AB (6 and 3).
    const dir = folder({
      'in.csv': 'g\nA\nA\nA\nB\nB\nB\nAB\nAB\nAB\n',
      'h.csv': 'A;AB;*\nB;AB;*\nAB;X;*\n',
    });
    const out = join(dir, 'o.csv');
    const h = join(dir, 'h.csv');
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'g',
      '--hierarchy',
      `g=${h}`,
      '--frequency-rule',
      '1',
      '-o',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `${h}: hierarchy of "g": the label "AB" appears at level 1 (line 1) and as a value (level 0, line 3)`,
    );
    expect(existsSync(out)).toBe(false);
    // tables audit reads the same hierarchy: refused too.
    const t = join(dir, 't.csv');
    writeFileSync(t, 'g,count\nTotal,9\nAB,6\nA,3\nB,3\nX,3\nAB,3\n');
    const audit = await cli(
      'tables',
      'audit',
      t,
      '--by',
      'g',
      '--value',
      'count',
      '--hierarchy',
      `g=${h}`,
    );
    expect(audit.code).toBe(2);
    expect(audit.stderr).toContain('the label "AB" appears at level 1 (line 1)');
  });

  it('values missing from the hierarchy: all of them listed with their lines', async () => {
    const dir = folder({
      'in.csv': 'age\n20\n10\n25\n6\n7\n8\n10\n',
      'h.csv': '20;young;*\n25;young;*\n',
    });
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'age',
      '--hierarchy',
      `age=${join(dir, 'h.csv')}`,
      '-o',
      join(dir, 'o.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '4 values are not in its hierarchy: "10" (line 3), "6" (line 5), "7" (line 6), "8" (line 7)',
    );
    expect(existsSync(join(dir, 'o.csv'))).toBe(false);
  });

  it('the output may not be the input; bad flags are refused before reading', async () => {
    const dir = folder({ 'in.csv': threeByThree() });
    const input = join(dir, 'in.csv');
    const before = readFileSync(input, 'utf8');
    expect((await cli('tables', input, '--by', 'r', '-o', input)).code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(before);
    const bad = [
      ['--dominance', '85'],
      ['--dominance', '1:85'],
      ['--p-percent', '0', '--value', 'r'],
      ['--frequency-rule', '2.5'],
      ['--method', 'cell-key', '--frequency-rule', '3'],
      ['--max-deviation', '2'],
    ];
    for (const flags of bad) {
      const r = await cli('tables', input, '--by', 'r,s', '-o', join(dir, 'o.csv'), ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(existsSync(join(dir, 'o.csv'))).toBe(false);
    }
    expect((await cli('tables', input, '--by', 'nope', '-o', join(dir, 'o.csv'))).stderr).toContain(
      '"nope" not found',
    );
  });

  it('audit: --value defaults to the column count; without one, --value is asked for', async () => {
    const dir = folder({
      't.csv': 'g,count,status\nTotal,5,V\na,,A\nb,,D\n',
      'v.csv': 'g,n,status\nTotal,5,V\na,,A\nb,,D\n',
    });
    const ok = await cli('tables', 'audit', join(dir, 't.csv'), '--by', 'g');
    expect(ok.code).toBe(0);
    expect(ok.stdout.trim().split('\n').slice(1)).toEqual(['a\t0\t5', 'b\t0\t5']);
    const none = await cli('tables', 'audit', join(dir, 'v.csv'), '--by', 'g');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`${join(dir, 'v.csv')} has no column "count": give --value`);
  });

  it('audit of a hierarchical table without --hierarchy: the cell by its labels and line, and a hint', async () => {
    const dir = folder({
      'in.csv': 'age\n20\n20\n25\n60\n70\n70\n25\n60\n',
      'h.csv': '20;young;*\n25;young;*\n60;old;*\n70;old;*\n',
    });
    const made = join(dir, 'made.csv');
    const h = `age=${join(dir, 'h.csv')}`;
    const args = ['--by', 'age', '--hierarchy', h, '--frequency-rule', '1'];
    expect((await cli('tables', join(dir, 'in.csv'), ...args, '-o', made)).code).toBe(0);
    // Every cell published: read flat, Total (8) would be 20 + 25 + 60 + 70 + old + young = 16.
    const flat = await cli('tables', 'audit', made, '--by', 'age');
    expect(flat.code).toBe(2);
    expect(flat.stderr).toContain(
      `${made}: the published values are inconsistent with the additivity of the table: the cell age=Total (line 2) is 8 but its parts along "age" (20, 25, 60, 70, old, young) add up to 16; a table made with --hierarchy must be audited with the same --hierarchy options`,
    );
    const same = await cli('tables', 'audit', made, '--by', 'age', '--hierarchy', h);
    expect(same.code).toBe(0);
    expect(same.stderr).toContain('tables audit: 7 cells, 0 suppressed');
  });

  it('totals of amounts written with 2 decimals are written with 2, in the input mark', async () => {
    const rows = ['g;amount'];
    for (let i = 0; i < 12; i++)
      rows.push(`${i % 2 === 0 ? 'a' : 'b'};${10 + i},${i % 2 === 0 ? '50' : '25'}`);
    const dir = folder({ 'in.csv': rows.join('\n') + '\n' });
    const out = join(dir, 't.csv');
    const r = await cli(
      'tables',
      join(dir, 'in.csv'),
      '--by',
      'g',
      '--value',
      'amount',
      '--dominance',
      '1:99',
      '--frequency-rule',
      '1',
      '-o',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    // a: 10,50 + 12,50 + … + 20,50 = 93,00; b: 11,25 + … + 21,25 = 97,50; total 190,50.
    expect(readFileSync(out, 'utf8').trim().split('\n').slice(1)).toEqual([
      'Total;190,50;V',
      'a;93,00;V',
      'b;97,50;V',
    ]);
  });

  it('audit: bounds of a decimal-comma table are written with its decimal comma', async () => {
    // a + b + c = 10,5 with c = 2,25 published: a and b each lie in [0; 8,25].
    const dir = folder({ 't.csv': 'g;total;status\nTotal;10,5;V\na;;B\nb;;D\nc;2,25;V\n' });
    const r = await cli('tables', 'audit', join(dir, 't.csv'), '--by', 'g', '--value', 'total');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n').slice(1)).toEqual(['a\t0\t8,25', 'b\t0\t8,25']);
  });

  it('audit: a one-way table by hand, and a table with a missing cell refused', async () => {
    const dir = folder({
      't.csv': 'g,count,status\nTotal,5,V\na,,A\nb,,D\n',
      'gap.csv': 'r,s,count\nTotal,Total,5\na,Total,5\nTotal,x,5\n',
    });
    const ok = await cli('tables', 'audit', join(dir, 't.csv'), '--by', 'g', '--value', 'count');
    expect(ok.code).toBe(0);
    // a + b = 5, both ≥ 0: each lies in [0, 5].
    expect(ok.stdout.trim().split('\n').slice(1)).toEqual(['a\t0\t5', 'b\t0\t5']);
    const gap = await cli(
      'tables',
      'audit',
      join(dir, 'gap.csv'),
      '--by',
      'r,s',
      '--value',
      'count',
    );
    expect(gap.code).toBe(2);
    expect(gap.stderr).toContain('r=a, s=x is missing');
  });
});
