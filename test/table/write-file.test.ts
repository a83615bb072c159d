import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import * as aq from 'arquero';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCsvFile, writeFileAtomic } from '../../src/table/write-file.js';
import { rejectionOf } from './helpers.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datanonyme-write-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('writes the content and leaves no temporary file', async () => {
    const out = join(dir, 'out.csv');
    await writeFileAtomic(out, 'a,b\n1,2\n');
    expect(await readFile(out, 'utf8')).toBe('a,b\n1,2\n');
    await writeFileAtomic(out, 'a\n3\n');
    expect(await readFile(out, 'utf8')).toBe('a\n3\n');
    expect(await readdir(dir)).toEqual(['out.csv']);
  });

  it('refuses to overwrite an input, by any path, and leaves its bytes unchanged', async () => {
    const input = join(dir, 'in.csv');
    const bytes = 'age,postcode\n34,13008\n';
    await writeFile(input, bytes);
    await symlink(input, join(dir, 'alias.csv'));
    await link(input, join(dir, 'hard.csv'));
    const targets = [
      input,
      relative(process.cwd(), input),
      `${dir}/sub/../in.csv`,
      join(dir, 'alias.csv'),
      join(dir, 'hard.csv'),
    ];
    await mkdir(join(dir, 'sub'));
    for (const target of targets) {
      const error = await rejectionOf(writeFileAtomic(target, 'x\n', { protect: [input] }));
      expect(error.code, target).toBe('BAD_PARAMETER');
      expect(error.message).toBe(
        `refusing to write ${target}: it is the input file ${input}; choose another output path`,
      );
    }
    // Protected through the symbolic link, the real file is refused too.
    expect(
      (await rejectionOf(writeFileAtomic(input, 'x\n', { protect: [join(dir, 'alias.csv')] })))
        .code,
    ).toBe('BAD_PARAMETER');
    expect(await readFile(input, 'utf8')).toBe(bytes);
    expect((await readdir(dir)).sort()).toEqual(['alias.csv', 'hard.csv', 'in.csv', 'sub']);
  });

  it('writes next to a protected input under another name', async () => {
    const input = join(dir, 'in.csv');
    await writeFile(input, 'a\n1\n');
    await writeFileAtomic(join(dir, 'out.csv'), 'a\n2\n', {
      protect: [input, join(dir, 'missing.csv')],
    });
    expect(await readFile(join(dir, 'out.csv'), 'utf8')).toBe('a\n2\n');
    expect(await readFile(input, 'utf8')).toBe('a\n1\n');
  });

  it('leaves no output and no temporary file when the write fails', async () => {
    const target = join(dir, 'taken');
    await mkdir(target);
    await writeFile(join(target, 'inside.txt'), 'keep');
    const error = await rejectionOf(writeFileAtomic(target, 'a\n1\n'));
    expect(error.code).toBe('IO');
    expect(error.file).toBe(target);
    expect(error.message.startsWith(`cannot write ${target}: `)).toBe(true);
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(target)).toEqual(['inside.txt']);

    const nowhere = join(dir, 'no-such-dir', 'out.csv');
    expect((await rejectionOf(writeFileAtomic(nowhere, 'a\n'))).code).toBe('IO');
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('writeFileAtomic with content in pieces', () => {
  it('writes the pieces in order', async () => {
    const out = join(dir, 'out.csv');
    await writeFileAtomic(out, ['a,b\n', '1,2\n', 'é,3\n']);
    expect(await readFile(out, 'utf8')).toBe('a,b\n1,2\né,3\n');
  });

  it('removes the temporary file and keeps the old output when a piece fails', async () => {
    const out = join(dir, 'out.csv');
    await writeFile(out, 'old\n');
    function* pieces(): Generator<string> {
      yield 'a,b\n';
      throw new Error('formatting failed');
    }
    await expect(writeFileAtomic(out, pieces())).rejects.toThrow('formatting failed');
    expect(await readFile(out, 'utf8')).toBe('old\n');
    expect(await readdir(dir)).toEqual(['out.csv']);
  });
});

describe('writeCsvFile', () => {
  it('writes the table as CSV in the options given', async () => {
    const out = join(dir, 'out.csv');
    const table = aq.table({ id: [1, 2], income: [2150.5, 1980] });
    await writeCsvFile(out, table, { delimiter: ';', decimal: ',', lineEnding: '\r\n' });
    expect(await readFile(out, 'utf8')).toBe('id;income\r\n1;2150,5\r\n2;1980\r\n');
  });

  it('refuses to overwrite an input', async () => {
    const input = join(dir, 'in.csv');
    await writeFile(input, 'id\n1\n');
    const error = await rejectionOf(
      writeCsvFile(input, aq.table({ id: [9] }), { protect: [input] }),
    );
    expect(error.code).toBe('BAD_PARAMETER');
    expect(await readFile(input, 'utf8')).toBe('id\n1\n');
    expect(await readdir(dir)).toEqual(['in.csv']);
  });
});
