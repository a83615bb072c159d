/**
 * Writing output files safely (Node only): to a temporary file next to the target, renamed into
 * place once complete, so a failed run leaves no partial output; and never over an input file.
 */
import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ColumnTable } from 'arquero';
import { DatanonymeError } from '../errors.js';
import { isSystemError } from './system-error.js';
import { formatCsvChunks, type WriteCsvOptions } from './format.js';

/** Options of {@link writeFileAtomic}. */
export interface WriteFileOptions {
  /**
   * Files that must not be overwritten (the inputs): writing to any of them, through any path
   * (relative, symbolic link, hard link), is refused.
   * @defaultValue `[]`
   */
  protect?: string[];
}

/** Where a path leads: the real path of the file, or of its directory when it does not exist. */
async function whereTo(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await realpath(absolute);
  } catch {
    try {
      return join(await realpath(dirname(absolute)), basename(absolute));
    } catch {
      return absolute;
    }
  }
}

/** Device and inode of an existing file, to recognise hard links; undefined when absent. */
async function identity(path: string): Promise<string | undefined> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a target that is one of the protected files.
 *
 * @throws {DatanonymeError} `BAD_PARAMETER` naming both paths.
 */
async function checkNotProtected(path: string, protect: readonly string[]): Promise<void> {
  if (protect.length === 0) return;
  const target = await whereTo(path);
  const targetId = await identity(target);
  for (const input of protect) {
    const source = await whereTo(input);
    const same =
      source === target || (targetId !== undefined && targetId === (await identity(source)));
    if (same) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `refusing to write ${path}: it is the input file ${input}; choose another output path`,
        { file: path, value: input },
      );
    }
  }
}

/**
 * Writes `content` (UTF-8) to `path` atomically: into a temporary file in the same directory,
 * flushed to disk, then renamed over `path`. On any failure the temporary file is removed and
 * `path` is left as it was. The content may be given in pieces (see `formatCsvChunks`), so that
 * a large file is never held as one string.
 *
 * @param path - the file to write (replaced if it exists).
 * @param content - the text to write, whole or in pieces.
 * @param options - see {@link WriteFileOptions}.
 * @throws {DatanonymeError} `BAD_PARAMETER` when `path` is one of `protect` (naming both); `IO`
 *   when the file cannot be written (naming `path` and the reason); any error thrown while the
 *   pieces are produced, after removing the temporary file.
 * @example await writeFileAtomic('out/adult-k5.csv', csv, { protect: ['datasets/adult/adult.csv'] });
 */
export async function writeFileAtomic(
  path: string,
  content: string | Iterable<string>,
  options: WriteFileOptions = {},
): Promise<void> {
  await checkNotProtected(path, options.protect ?? []);
  const absolute = resolve(path);
  const temporary = join(
    dirname(absolute),
    `.${basename(absolute)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let created = false;
  try {
    const handle = await open(temporary, 'wx');
    created = true;
    try {
      if (typeof content === 'string') await handle.writeFile(content, 'utf8');
      else for (const piece of content) await handle.writeFile(piece, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, absolute);
  } catch (error) {
    if (created) await unlink(temporary).catch(() => undefined);
    if (error instanceof DatanonymeError) throw error;
    if (!isSystemError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new DatanonymeError('IO', `cannot write ${path}: ${reason}`, { file: path });
  }
}

/**
 * Writes a table as a CSV file: {@link formatCsvChunks} into {@link writeFileAtomic}, so the text
 * is never held whole.
 *
 * @param path - the file to write.
 * @param table - the table.
 * @param options - the CSV options, and `protect`: the input files that must not be overwritten.
 * @throws {DatanonymeError} as `formatCsv` and `writeFileAtomic`.
 * @example await writeCsvFile('out.csv', release.table, { ...dialectOptions(parsed.dialect), protect: [input] });
 */
export async function writeCsvFile(
  path: string,
  table: ColumnTable,
  options: WriteCsvOptions & WriteFileOptions = {},
): Promise<void> {
  const { protect, ...csv } = options;
  const pieces = formatCsvChunks(table, csv);
  await writeFileAtomic(path, pieces, protect === undefined ? {} : { protect });
}
