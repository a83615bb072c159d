/**
 * Writing output files safely (Node only): to a temporary file next to the target, renamed into
 * place once complete, so a failed or interrupted run leaves no partial output; and never over an
 * input file. Output paths can be checked before any work is done.
 */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { constants } from 'node:fs';
import { access, mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { ColumnTable } from 'arquero';
import { DatanonymeError } from '../errors.js';
import { isSystemError } from './system-error.js';
import { formatCsvChunks, type WriteCsvOptions } from './format.js';

/** Options of {@link writeFileAtomic} and {@link checkOutputPath}. */
export interface WriteFileOptions {
  /**
   * Files that must not be overwritten (the inputs): writing to any of them, through any path
   * (relative, symbolic link, hard link), is refused.
   * @defaultValue `[]`
   */
  protect?: string[];
  /**
   * What the file is, as messages name it: `refusing to write the report r.json: …`.
   * @defaultValue `'output'`
   */
  label?: string;
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

/** The error message of anything thrown. */
function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The nearest existing ancestor of `path` (walking up the path as given, so that it is shown as
 * the user wrote it) when it is not a directory; undefined when it is one, when none exists, or
 * when one cannot be looked at (the write then reports why).
 */
async function fileInTheWay(path: string): Promise<string | undefined> {
  let directory = dirname(path);
  for (;;) {
    try {
      return (await stat(directory)).isDirectory() ? undefined : directory;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
    }
    const up = dirname(directory);
    if (up === directory) return undefined;
    directory = up;
  }
}

/**
 * Checks, before any work, that `path` can be written as an output: it is none of the protected
 * input files (through any path: relative, symbolic or hard link), it is not a directory, and no
 * file stands where one of its folders should be. Its folders need not exist yet (see
 * {@link ensureParentDirectory}). {@link writeFileAtomic} runs the same check.
 *
 * @param path - the file to write.
 * @param options - `protect`: the input files; `label`: what the file is, for messages.
 * @throws {DatanonymeError} `BAD_PARAMETER` when `path` is a protected file, e.g. `refusing to
 *   write the report out/age.csv: it is the input file hierarchies/age.csv; choose another path`;
 *   `IO` when `path` is a directory or a folder on its way is a file, e.g. `cannot write the
 *   output afile/o.csv: afile is a file, not a directory`.
 * @example await checkOutputPath(flags.report, { protect: [input, ...hierarchyFiles], label: 'report' });
 */
export async function checkOutputPath(path: string, options: WriteFileOptions = {}): Promise<void> {
  const label = options.label ?? 'output';
  const protect = options.protect ?? [];
  if (protect.length > 0) {
    const target = await whereTo(path);
    const targetId = await identity(target);
    for (const input of protect) {
      const source = await whereTo(input);
      const same =
        source === target || (targetId !== undefined && targetId === (await identity(source)));
      if (same) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `refusing to write the ${label} ${path}: it is the input file ${input}; choose another path`,
          { file: path, value: input },
        );
      }
    }
  }
  let existing: Awaited<ReturnType<typeof stat>> | undefined;
  try {
    existing = await stat(path);
  } catch {
    // Absent (the usual case), or not reachable: the folders are checked below.
  }
  if (existing?.isDirectory() === true) {
    throw new DatanonymeError('IO', `cannot write the ${label} ${path}: it is a directory`, {
      file: path,
    });
  }
  if (existing !== undefined && !existing.isFile()) {
    // A pipe, a device or a socket: renaming a temporary file over it would replace it.
    throw new DatanonymeError(
      'IO',
      `cannot write the ${label} ${path}: it is not a regular file (a pipe, device or socket); write to a file`,
      { file: path },
    );
  }
  const blocker = await fileInTheWay(path);
  if (blocker !== undefined) {
    throw new DatanonymeError(
      'IO',
      `cannot write the ${label} ${path}: ${blocker} is a file, not a directory`,
      { file: path },
    );
  }
  const folder = await nearestFolder(await whereTo(path));
  if (folder !== undefined) {
    try {
      await access(folder, constants.W_OK);
    } catch {
      throw new DatanonymeError(
        'IO',
        `cannot write the ${label} ${path}: the folder ${folder} is not writable`,
        { file: path },
      );
    }
  }
}

/** The nearest existing folder at or above the parent of `path`; undefined if none can be seen. */
async function nearestFolder(path: string): Promise<string | undefined> {
  let directory = dirname(path);
  for (;;) {
    try {
      if ((await stat(directory)).isDirectory()) return directory;
    } catch {
      // Not there yet: it will be created under an existing ancestor.
    }
    const up = dirname(directory);
    if (up === directory) return undefined;
    directory = up;
  }
}

/**
 * Creates the folders of `path` that do not exist yet (`mkdir -p` of its parent).
 *
 * @param path - the file about to be written.
 * @param options - `label`: what the file is, for messages.
 * @throws {DatanonymeError} `IO` naming `path` and the reason, e.g. `cannot create the folder of
 *   the output afile/o.csv: afile is a file, not a directory`.
 * @example await ensureParentDirectory('out/adult-k5.csv');
 */
export async function ensureParentDirectory(
  path: string,
  options: Pick<WriteFileOptions, 'label'> = {},
): Promise<void> {
  try {
    await mkdir(dirname(resolve(path)), { recursive: true });
  } catch (error) {
    const blocker = await fileInTheWay(path);
    const reason =
      blocker === undefined ? reasonOf(error) : `${blocker} is a file, not a directory`;
    throw new DatanonymeError(
      'IO',
      `cannot create the folder of the ${options.label ?? 'output'} ${path}: ${reason}`,
      { file: path },
    );
  }
}

/** Exit codes of a process ended by each signal that removes the temporary files. */
const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
type CleanupSignal = keyof typeof SIGNAL_EXIT_CODES;
const SIGNALS = Object.keys(SIGNAL_EXIT_CODES) as CleanupSignal[];

/** The temporary files being written, which an interruption must not leave behind. */
const temporaries = new Set<string>();

/**
 * On SIGINT or SIGTERM during a write: removes the temporary files, then ends the process as the
 * signal would have (the signal is raised again when nothing else listens to it; otherwise the
 * process exits with code 130 or 143).
 */
function onSignal(signal: CleanupSignal): void {
  for (const file of temporaries) {
    try {
      unlinkSync(file);
    } catch {
      // Not created yet, or already gone.
    }
  }
  temporaries.clear();
  for (const s of SIGNALS) process.off(s, onSignal);
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  process.exit(SIGNAL_EXIT_CODES[signal]);
}

/** Registers a temporary file; the first one installs the signal handlers. */
function track(file: string): void {
  if (temporaries.size === 0) for (const s of SIGNALS) process.on(s, onSignal);
  temporaries.add(file);
}

/** Forgets a temporary file (renamed or removed); the last one removes the signal handlers. */
function untrack(file: string): void {
  if (!temporaries.delete(file)) return;
  if (temporaries.size === 0) for (const s of SIGNALS) process.off(s, onSignal);
}

/**
 * Writes `content` (UTF-8) to `path` atomically: into a temporary file in the same directory,
 * flushed to disk, then renamed over `path`. On any failure the temporary file is removed and
 * `path` is left as it was; while the temporary file exists, SIGINT and SIGTERM remove it before
 * the process ends (with the signal, or exit code 130 or 143). The content may be given in
 * pieces (see `formatCsvChunks`), so that a large file is never held as one string. The folder
 * of `path` must exist (see {@link ensureParentDirectory}).
 *
 * @param path - the file to write (replaced if it exists; through a symbolic link, the file it
 *   points to is replaced and the link kept).
 * @param content - the text to write, whole or in pieces.
 * @param options - see {@link WriteFileOptions}.
 * @throws {DatanonymeError} as {@link checkOutputPath}, before anything is written; `IO` when
 *   the file cannot be written (naming `path` and the reason); any error thrown while the
 *   pieces are produced, after removing the temporary file.
 * @example await writeFileAtomic('out/adult-k5.csv', csv, { protect: ['datasets/adult/adult.csv'] });
 */
export async function writeFileAtomic(
  path: string,
  content: string | Iterable<string>,
  options: WriteFileOptions = {},
): Promise<void> {
  await checkOutputPath(path, options);
  const label = options.label ?? 'output';
  // Through a symbolic link, the file it points to is replaced, not the link.
  const absolute = await whereTo(path);
  const temporary = join(
    dirname(absolute),
    `.${basename(absolute)}.${randomBytes(6).toString('hex')}.tmp`,
  );
  let created = false;
  track(temporary);
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
    const reason =
      !created && error.code === 'ENOENT'
        ? `its folder ${dirname(path)} does not exist`
        : reasonOf(error);
    throw new DatanonymeError('IO', `cannot write the ${label} ${path}: ${reason}`, {
      file: path,
    });
  } finally {
    untrack(temporary);
  }
}

/**
 * Writes a table as a CSV file: {@link formatCsvChunks} into {@link writeFileAtomic}, so the text
 * is never held whole.
 *
 * @param path - the file to write.
 * @param table - the table.
 * @param options - the CSV options, and `protect` and `label` as for {@link writeFileAtomic}.
 * @throws {DatanonymeError} as `formatCsv` and `writeFileAtomic`.
 * @example await writeCsvFile('out.csv', release.table, { ...dialectOptions(parsed.dialect), protect: [input] });
 */
export async function writeCsvFile(
  path: string,
  table: ColumnTable,
  options: WriteCsvOptions & WriteFileOptions = {},
): Promise<void> {
  const { protect, label, ...csv } = options;
  const pieces = formatCsvChunks(table, csv);
  const file: WriteFileOptions = {};
  if (protect !== undefined) file.protect = protect;
  if (label !== undefined) file.label = label;
  await writeFileAtomic(path, pieces, file);
}
