/**
 * Reading ARX hierarchy files from disk (Node only; the rest of `src/hierarchy/` is browser-safe).
 */
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { DatanonymeError } from '../errors.js';
import { parseArxHierarchy } from './arx.js';
import type { Hierarchy } from './hierarchy.js';

/**
 * ARX's file naming, `<anything>hierarchy_<attribute>.csv` (`adult_hierarchy_marital-status.csv`).
 * The attribute is everything after the first `hierarchy_`; case-insensitive.
 */
const ARX_NAME = /^.*?hierarchy_(.+)\.csv$/i;

/**
 * The attribute an ARX hierarchy file is named after: the part of `*hierarchy_<attribute>.csv`
 * after the first `hierarchy_` (matched case-insensitively), NFC-normalised; undefined when the
 * name does not follow that pattern. Only the file name is looked at, not its folder.
 *
 * Reference: the naming of ARX's example data (`data/adult_hierarchy_<column>.csv`).
 *
 * @throws never.
 * @example
 * attributeFromFileName('datasets/adult/adult_hierarchy_marital-status.csv') // => 'marital-status'
 */
export function attributeFromFileName(path: string): string | undefined {
  return ARX_NAME.exec(basename(path))?.[1]?.normalize('NFC');
}

/**
 * Reads one hierarchy file in ARX's CSV format (`;`-separated, see {@link parseArxHierarchy}).
 * The file must be UTF-8 (a byte-order mark is allowed).
 *
 * @param path - the file.
 * @param attribute - the attribute it generalises, for error messages.
 *   @defaultValue the attribute in the file name when it follows ARX's naming
 *   ({@link attributeFromFileName}), otherwise none.
 * @throws DatanonymeError `NOT_FOUND` naming the path when the file does not exist; `IO` when it
 *   cannot be read; `BAD_CONFIG` with the file and line when it is not valid UTF-8 or not a valid
 *   hierarchy.
 * @example
 * (await readHierarchyFile('datasets/adult/adult_hierarchy_age.csv')).generalise('39', 1) // => '35-39'
 */
export async function readHierarchyFile(path: string, attribute?: string): Promise<Hierarchy> {
  const name = attribute ?? attributeFromFileName(path);
  const column = name === undefined ? {} : { column: name };
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT') {
      throw new DatanonymeError('NOT_FOUND', `hierarchy file not found: ${path}`, {
        file: path,
        ...column,
      });
    }
    throw new DatanonymeError('IO', `cannot read hierarchy file ${path}: ${errorMessage(e)}`, {
      file: path,
      ...column,
    });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Point at the first undecodable byte: the lossy decoding marks it with U+FFFD.
    const lossy = new TextDecoder('utf-8').decode(bytes);
    const at = lossy.indexOf('\uFFFD');
    const line = lossy.slice(0, at).split(/\r\n|\r|\n/).length;
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${path}: line ${line} is not valid UTF-8; save the hierarchy file as UTF-8`,
      { file: path, line, ...column },
    );
  }
  return parseArxHierarchy(
    text,
    name === undefined ? { file: path } : { file: path, attribute: name },
  );
}

/**
 * Finds the hierarchy files in a folder by ARX's naming, `*hierarchy_<attribute>.csv` (see
 * {@link attributeFromFileName}), and maps each attribute to its file's path (`join(dir, name)`).
 * No other name is recognised: a file called `age.csv` is not taken as the hierarchy of `age`.
 * Hidden files (name starting with `.`, such as macOS `._` files) and sub-folders are skipped;
 * the folder is not searched recursively. Entries are in file-name order.
 *
 * @param dir - the folder.
 * @throws DatanonymeError `NOT_FOUND` naming the folder when it does not exist or is not a folder;
 *   `IO` when it cannot be listed; `BAD_CONFIG` naming both files when two files name the same
 *   attribute.
 * @example
 * (await findHierarchyFiles('datasets/adult')).get('marital-status') // => 'datasets/adult/adult_hierarchy_marital-status.csv'
 */
export async function findHierarchyFiles(dir: string): Promise<Map<string, string>> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = errorCode(e);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new DatanonymeError(
        'NOT_FOUND',
        code === 'ENOTDIR'
          ? `hierarchy folder ${dir} is not a folder`
          : `hierarchy folder not found: ${dir}`,
        { file: dir },
      );
    }
    throw new DatanonymeError('IO', `cannot list hierarchy folder ${dir}: ${errorMessage(e)}`, {
      file: dir,
    });
  }
  const names = entries
    .filter((d) => (d.isFile() || d.isSymbolicLink()) && !d.name.startsWith('.'))
    .map((d) => d.name)
    .sort();
  const found = new Map<string, string>();
  for (const name of names) {
    const attribute = attributeFromFileName(name);
    if (attribute === undefined) continue;
    const path = join(dir, name);
    const other = found.get(attribute);
    if (other !== undefined) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `two hierarchy files for attribute "${attribute}": ${other} and ${path}; keep one`,
        { file: path, column: attribute },
      );
    }
    found.set(attribute, path);
  }
  return found;
}

function errorCode(e: unknown): unknown {
  return typeof e === 'object' && e !== null && 'code' in e ? e.code : undefined;
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
