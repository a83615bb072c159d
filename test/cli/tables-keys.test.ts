/**
 * `datanonyme tables keys`: a column of record keys drawn once (Thompson, Broadfoot and Elazar
 * 2013), then used by `tables --method cell-key --record-key` so that two tables of the same file
 * publish a shared cell identically; refusals write nothing and never touch the input.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

/** 60 rows over r ∈ {a, b, c} × s ∈ {x, y}, unequal counts. */
function microdata(): string {
  let csv = 'r;s;age\n';
  let i = 0;
  for (const r of ['a', 'b', 'c']) {
    for (const s of ['x', 'y']) {
      const n = 5 + ((r.charCodeAt(0) + s.charCodeAt(0)) % 7);
      for (let j = 0; j < n; j++) csv += `${r};${s};${20 + (i++ % 50)}\n`;
    }
  }
  return csv;
}

function column(path: string, name: string, delimiter: string): string[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const at = (header ?? '').split(delimiter).indexOf(name);
  return lines.map((l) => l.split(delimiter)[at] ?? '');
}

describe('datanonyme tables keys', () => {
  it('adds record keys in [0, 1) on the 2^-32 grid; the input columns are kept as written', async () => {
    const dir = folder({ 'in.csv': microdata() });
    const out = join(dir, 'keys.csv');
    const r = await cli('tables', 'keys', join(dir, 'in.csv'), '-o', out);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text.split(/\r?\n/)[0]).toBe('r;s;age;record_key');
    const keys = column(out, 'record_key', ';').map(Number);
    const rows = microdata().trim().split('\n').length - 1;
    expect(keys).toHaveLength(rows);
    for (const k of keys) {
      expect(k).toBeGreaterThanOrEqual(0);
      expect(k).toBeLessThan(1);
      expect(Number.isInteger(k * 2 ** 32)).toBe(true);
    }
    // Secure keys: 2 of 60 uniform 32-bit draws coincide with probability < 60²/2³³ ≈ 4e-7.
    expect(new Set(keys).size).toBe(rows);
    expect(column(out, 'age', ';')).toEqual(column(join(dir, 'in.csv'), 'age', ';'));
    expect(r.stderr).not.toContain('NOT fit for publication');
  });

  it('with --seed: the same bytes twice, and a warning that the tables are not for publication', async () => {
    const dir = folder({ 'in.csv': microdata() });
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const a = await cli('tables', 'keys', join(dir, 'in.csv'), '-o', one, '--seed', '7');
    const b = await cli('tables', 'keys', join(dir, 'in.csv'), '-o', two, '--seed', '7');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(readFileSync(one, 'utf8')).toBe(readFileSync(two, 'utf8'));
    expect(a.stderr).toContain('NOT fit for publication');
  });

  it('the kept keys make two tables publish a shared cell identically', async () => {
    const dir = folder({ 'in.csv': microdata() });
    const keyed = join(dir, 'keyed.csv');
    expect((await cli('tables', 'keys', join(dir, 'in.csv'), '-o', keyed)).code).toBe(0);
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const args = ['--method', 'cell-key', '--record-key', 'record_key'];
    const r1 = await cli('tables', keyed, '--by', 'r', '-o', one, ...args);
    const r2 = await cli('tables', keyed, '--by', 'r,s', '-o', two, ...args);
    expect(r1.code, r1.stderr).toBe(0);
    expect(r2.code, r2.stderr).toBe(0);
    const byR = column(one, 'r', ';');
    const countOne = column(one, 'count', ';');
    const rTwo = column(two, 'r', ';');
    const sTwo = column(two, 's', ';');
    const countTwo = column(two, 'count', ';');
    for (let i = 0; i < byR.length; i++) {
      const j = rTwo.findIndex((r, at) => r === byR[i] && sTwo[at] === 'Total');
      expect(j).toBeGreaterThanOrEqual(0);
      expect(countTwo[j]).toBe(countOne[i]);
    }
  });

  it('a file with a decimal comma: keys written with a comma are read back exactly by tables', async () => {
    // A French file: `;` and amounts such as 12,50. The keys then carry a comma too, and have
    // more than 15 significant digits, so the reader leaves them as text: tables must still read them.
    const rows = microdata()
      .trim()
      .split('\n')
      .map((l, i) => (i === 0 ? `${l};income` : `${l};${10 + (i % 7)},${(i * 13) % 100}`));
    const dir = folder({ 'in.csv': rows.join('\n') + '\n' });
    const keyed = join(dir, 'keyed.csv');
    const k = await cli('tables', 'keys', join(dir, 'in.csv'), '-o', keyed, '--seed', '3');
    expect(k.code, k.stderr).toBe(0);
    const keys = column(keyed, 'record_key', ';');
    expect(keys.some((x) => x.includes(','))).toBe(true);
    for (const x of keys)
      expect(Number.isInteger(Number(x.replace(',', '.')) * 2 ** 32)).toBe(true);
    const one = join(dir, 'one.csv');
    const two = join(dir, 'two.csv');
    const args = ['--method', 'cell-key', '--record-key', 'record_key'];
    const r1 = await cli('tables', keyed, '--by', 'r', '-o', one, ...args);
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await cli('tables', keyed, '--by', 's,r', '-o', two, ...args);
    expect(r2.code, r2.stderr).toBe(0);
    const byR = column(one, 'r', ';');
    const countOne = column(one, 'count', ';');
    byR.forEach((r, i) => {
      const j = column(two, 'r', ';').findIndex(
        (x, at) => x === r && column(two, 's', ';')[at] === 'Total',
      );
      expect(column(two, 'count', ';')[j]).toBe(countOne[i]);
    });
  });

  it('refuses a file that already has the column, an unknown flag, and a missing -o; writes nothing', async () => {
    const dir = folder({ 'in.csv': 'a,record_key\nx,0.5\n' });
    const input = join(dir, 'in.csv');
    const out = join(dir, 'out.csv');
    const again = await cli('tables', 'keys', input, '-o', out);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already has a column "record_key"');
    expect(again.stderr).toContain(input);
    const flag = await cli('tables', 'keys', input, '-o', out, '--by', 'a');
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('--by is not an option of tables keys');
    const noOut = await cli('tables', 'keys', input);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toContain('-o');
    const column = await cli('tables', input, '--by', 'a', '-o', out, '--column', 'k');
    expect(column.code).toBe(2);
    expect(column.stderr).toContain('--column is an option of tables keys');
    // A wrong --delimiter (case B24): refused, where it wrote a file mixing separators.
    const wrong = await cli(
      'tables',
      'keys',
      join(dir, 'in.csv'),
      '--delimiter',
      ';',
      '-o',
      out,
      '--column',
      'k2',
    );
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain("Did you mean --delimiter ','?");
    expect(existsSync(out)).toBe(false);
    expect(readFileSync(input, 'utf8')).toBe('a,record_key\nx,0.5\n');
  });
});
