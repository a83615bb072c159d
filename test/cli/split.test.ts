/**
 * `datanonyme split`: every row in exactly one of the two files, input order kept in each, the
 * cells' text and the dialect unchanged, the part's size round(f·n), and the same seed the same
 * split.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

const INPUT =
  'id;age;note\r\n' +
  Array.from({ length: 11 }, (_, i) => `${i + 1};${20 + i};${i === 3 ? 'NA' : `n${i}`}`).join(
    '\r\n',
  ) +
  '\r\n';

function body(path: string): string[] {
  return readFileSync(path, 'utf8').split('\r\n').slice(1, -1);
}

describe('split', () => {
  it('puts each row in exactly one file, in input order, with the text and dialect kept', async () => {
    const dir = folder({ 'in.csv': INPUT });
    const part = join(dir, 'part.csv');
    const rest = join(dir, 'rest.csv');
    const r = await cli(
      'split',
      join(dir, 'in.csv'),
      '--fraction',
      '0.3',
      '--seed',
      '7',
      '-o',
      part,
      '--rest',
      rest,
    );
    expect(r.code, r.stderr).toBe(0);
    const a = body(part);
    const b = body(rest);
    // round(0.3 × 11) = round(3.3) = 3 rows in the part, 8 in the rest.
    expect(a).toHaveLength(3);
    expect(b).toHaveLength(8);
    const all = INPUT.split('\r\n').slice(1, -1);
    expect([...a, ...b].sort()).toEqual([...all].sort());
    const position = (line: string): number => all.indexOf(line);
    for (const side of [a, b]) {
      const positions = side.map(position);
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
    expect(readFileSync(part, 'utf8').startsWith('id;age;note\r\n')).toBe(true);
    expect([...a, ...b]).toContain('4;23;NA');
  });

  it('gives the same split for the same seed, and another for another seed', async () => {
    const dir = folder({ 'in.csv': INPUT });
    const run = async (seed: string, name: string): Promise<string[]> => {
      const part = join(dir, `${name}.csv`);
      const r = await cli(
        'split',
        join(dir, 'in.csv'),
        '--seed',
        seed,
        '-o',
        part,
        '--rest',
        join(dir, `${name}-rest.csv`),
      );
      expect(r.code, r.stderr).toBe(0);
      return body(part);
    };
    const first = await run('1', 'a');
    expect(await run('1', 'b')).toEqual(first);
    const others = await Promise.all(['2', '3', '4'].map((seed, i) => run(seed, `c${i}`)));
    expect(others.some((o) => JSON.stringify(o) !== JSON.stringify(first))).toBe(true);
  });

  it('refuses a file read with the wrong --delimiter (case B24), writing nothing', async () => {
    const dir = folder({ 'in.csv': INPUT });
    const part = join(dir, 'part.csv');
    const rest = join(dir, 'rest.csv');
    const r = await cli(
      'split',
      join(dir, 'in.csv'),
      '--delimiter',
      ',',
      '--fraction',
      '0.5',
      '-o',
      part,
      '--rest',
      rest,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `the header split on ',' gave 1 column: "id;age;note". Did you mean --delimiter ';'?`,
    );
    expect(existsSync(part) || existsSync(rest)).toBe(false);
  });

  it('refuses to write over its input, and needs both outputs', async () => {
    const dir = folder({ 'in.csv': INPUT });
    const input = join(dir, 'in.csv');
    const over = await cli('split', input, '-o', input, '--rest', join(dir, 'rest.csv'));
    expect(over.code).toBe(2);
    expect(readFileSync(input, 'utf8')).toBe(INPUT);
    const missing = await cli('split', input, '-o', join(dir, 'part.csv'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--rest');
    expect(existsSync(join(dir, 'part.csv'))).toBe(false);
  });
});
