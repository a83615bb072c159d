import { spawn } from 'node:child_process';
import { link, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as aq from 'arquero';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkOutputPath,
  ensureParentDirectory,
  writeCsvFile,
  writeFileAtomic,
} from '../../src/table/write-file.js';
import { fixture, rejectionOf } from './helpers.js';

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
        `refusing to write the output ${target}: it is the input file ${input}; choose another path`,
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
    expect(error.message).toBe(`cannot write the output ${target}: it is a directory`);
    expect(await readdir(dir)).toEqual(['taken']);
    expect(await readdir(target)).toEqual(['inside.txt']);

    const nowhere = join(dir, 'no-such-dir', 'out.csv');
    const absent = await rejectionOf(writeFileAtomic(nowhere, 'a\n', { label: 'report' }));
    expect(absent).toMatchObject({ code: 'IO', file: nowhere });
    expect(absent.message).toBe(
      `cannot write the report ${nowhere}: its folder ${join(dir, 'no-such-dir')} does not exist`,
    );
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('checkOutputPath', () => {
  it('refuses a protected input, naming the file with its label', async () => {
    const input = join(dir, 'age_h.csv');
    await writeFile(input, 'a\n');
    await symlink(input, join(dir, 'alias.csv'));
    for (const target of [input, join(dir, 'alias.csv'), `${dir}/./age_h.csv`]) {
      const error = await rejectionOf(
        checkOutputPath(target, { protect: [join(dir, 'in.csv'), input], label: 'report' }),
      );
      expect(error).toMatchObject({ code: 'BAD_PARAMETER', file: target, value: input });
      expect(error.message).toBe(
        `refusing to write the report ${target}: it is the input file ${input}; choose another path`,
      );
    }
    const unlabelled = await rejectionOf(checkOutputPath(input, { protect: [input] }));
    expect(unlabelled.message.startsWith(`refusing to write the output ${input}: `)).toBe(true);
    // writeFileAtomic and writeCsvFile say the same, with their label.
    const viaWrite = await rejectionOf(
      writeFileAtomic(input, 'x\n', { protect: [input], label: 'report' }),
    );
    expect(viaWrite.message).toBe(
      `refusing to write the report ${input}: it is the input file ${input}; choose another path`,
    );
    const viaCsv = await rejectionOf(
      writeCsvFile(input, aq.table({ a: [1] }), { protect: [input], label: 'release' }),
    );
    expect(viaCsv.message.startsWith(`refusing to write the release ${input}: `)).toBe(true);
    expect(await readFile(input, 'utf8')).toBe('a\n');
  });

  it('accepts a new file, in folders that do not exist yet', async () => {
    await checkOutputPath(join(dir, 'out.csv'), {});
    await checkOutputPath(join(dir, 'a', 'b', 'out.csv'), { protect: [join(dir, 'in.csv')] });
    await writeFile(join(dir, 'old.csv'), 'x\n');
    await checkOutputPath(join(dir, 'old.csv'), { protect: [join(dir, 'in.csv')] });
    expect((await readdir(dir)).sort()).toEqual(['old.csv']);
  });

  it('refuses a path under a file, as an IO error naming the file in the way', async () => {
    const file = join(dir, 'afile');
    await writeFile(file, 'x\n');
    for (const target of [join(file, 'o.csv'), join(file, 'sub', 'deeper', 'o.csv')]) {
      const error = await rejectionOf(checkOutputPath(target, { label: 'report' }));
      expect(error).toMatchObject({ code: 'IO', file: target });
      expect(error.message).toBe(
        `cannot write the report ${target}: ${file} is a file, not a directory`,
      );
      const viaWrite = await rejectionOf(writeFileAtomic(target, 'a\n'));
      expect(viaWrite.message).toBe(
        `cannot write the output ${target}: ${file} is a file, not a directory`,
      );
    }
    // As the user wrote it: a relative path names the file relatively.
    const relativeTarget = join(relative(process.cwd(), file), 'o.csv');
    expect((await rejectionOf(checkOutputPath(relativeTarget, {}))).message).toBe(
      `cannot write the output ${relativeTarget}: ${relative(process.cwd(), file)} is a file, not a directory`,
    );
    expect(await readdir(dir)).toEqual(['afile']);
  });

  it('refuses a directory', async () => {
    const error = await rejectionOf(checkOutputPath(dir, { label: 'report' }));
    expect(error).toMatchObject({ code: 'IO', file: dir });
    expect(error.message).toBe(`cannot write the report ${dir}: it is a directory`);
  });
});

describe('ensureParentDirectory', () => {
  it('creates the missing folders, and accepts existing ones', async () => {
    const target = join(dir, 'a', 'b', 'out.csv');
    await ensureParentDirectory(target);
    await ensureParentDirectory(target);
    await ensureParentDirectory(join(dir, 'top.csv'));
    expect(await readdir(join(dir, 'a'))).toEqual(['b']);
    expect(await readdir(join(dir, 'a', 'b'))).toEqual([]);
    await writeFileAtomic(target, 'a\n');
    expect(await readFile(target, 'utf8')).toBe('a\n');
  });

  it('reports a file in the way as an IO error, not a raw Node error', async () => {
    const file = join(dir, 'afile');
    await writeFile(file, 'x\n');
    for (const target of [join(file, 'o.csv'), join(file, 'sub', 'o.csv')]) {
      const error = await rejectionOf(ensureParentDirectory(target));
      expect(error).toMatchObject({ code: 'IO', file: target });
      expect(error.message).toBe(
        `cannot create the folder of the output ${target}: ${file} is a file, not a directory`,
      );
    }
    const labelled = await rejectionOf(
      ensureParentDirectory(join(file, 'r.json'), { label: 'report' }),
    );
    expect(labelled.message.startsWith('cannot create the folder of the report ')).toBe(true);
    expect(await readFile(file, 'utf8')).toBe('x\n');
  });
});

describe('writeFileAtomic and signals', () => {
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const counts = () => signals.map((s) => process.listenerCount(s));

  it('listens to SIGINT and SIGTERM only while a temporary file exists', async () => {
    const before = counts();
    const during: number[][] = [];
    function* pieces(): Generator<string> {
      yield 'a\n';
      during.push(counts());
      yield '1\n';
    }
    // Two writes at once share one pair of listeners.
    await Promise.all([
      writeFileAtomic(join(dir, 'a.csv'), pieces()),
      writeFileAtomic(join(dir, 'b.csv'), pieces()),
    ]);
    expect(during).toEqual([before.map((n) => n + 1), before.map((n) => n + 1)]);
    expect(counts()).toEqual(before);
    function* failing(): Generator<string> {
      yield 'a\n';
      throw new Error('formatting failed');
    }
    await expect(writeFileAtomic(join(dir, 'c.csv'), failing())).rejects.toThrow('formatting');
    await rejectionOf(writeFileAtomic(join(dir, 'nowhere', 'd.csv'), 'a\n'));
    expect(counts()).toEqual(before);
    expect((await readdir(dir)).sort()).toEqual(['a.csv', 'b.csv']);
  });

  /** Starts a large write in a child process, sends `signal` once its temporary file exists. */
  async function interrupt(signal: 'SIGINT' | 'SIGTERM') {
    const target = join(dir, 'o.csv');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fixture('interrupted-write.ts'), target, '1500000'],
      { cwd: fileURLToPath(new URL('../..', import.meta.url)), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
      child.on('exit', (code, signal) => {
        done({ code, signal });
      });
    });
    let seen: string[] = [];
    for (let waited = 0; waited < 50_000 && child.exitCode === null; waited += 5) {
      seen = (await readdir(dir)).filter((name) => name.endsWith('.tmp'));
      if (seen.length > 0) break;
      await new Promise((wake) => setTimeout(wake, 5));
    }
    expect(seen, `no temporary file appeared; child said: ${output}`).toHaveLength(1);
    child.kill(signal);
    const ended = await exit;
    return { ended, output, files: await readdir(dir) };
  }

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)(
    'removes the temporary file when %s interrupts a large write, and still dies',
    async (signal, code) => {
      const { ended, output, files } = await interrupt(signal);
      expect(output).not.toContain('finished');
      expect(ended.signal === signal || ended.code === code, JSON.stringify(ended)).toBe(true);
      expect(files).toEqual([]);
    },
  );
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
