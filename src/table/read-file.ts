/**
 * Reading a CSV file from disk (Node only): the file is streamed through csv-parse into the same
 * collector as `parseCsv`, so a file and its text read the same, and the whole file is never held
 * in memory, neither as text nor as rows.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { DatanonymeError } from '../errors.js';
import {
  CsvCollector,
  detectDialect,
  parserOptions,
  resolveReadOptions,
  SNIFF_SAMPLE_CHARS,
} from './collect.js';
import type { ParsedCsv, ReadCsvOptions } from './parse.js';
import { isSystemError } from './system-error.js';

/** The size of the chunks the file is read in. */
const CHUNK_BYTES = 1 << 20;

/** The error to report for a file that cannot be opened or read. */
function ioError(path: string, error: unknown): DatanonymeError {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') {
    return new DatanonymeError('NOT_FOUND', `${path}: no such file`, { file: path });
  }
  if (code === 'EISDIR') {
    return new DatanonymeError('BAD_PARAMETER', `${path}: is a directory, not a CSV file`, {
      file: path,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new DatanonymeError('IO', `${path}: cannot read the file: ${reason}`, { file: path });
}

/**
 * Reads a CSV file into an Arquero table, exactly as {@link parseCsv} reads its text, streaming
 * it in 1 MB chunks. Header names and values that are not valid UTF-8 are an error (the file is
 * probably Latin-1).
 *
 * @param path - the file to read.
 * @param options - as for `parseCsv`; `file` defaults to `path`.
 * @returns the table, its column types and dialect, and a map from rows to file lines.
 * @throws {DatanonymeError} `NOT_FOUND` when the file does not exist, `IO` when it cannot be
 *   read, `BAD_INPUT` for a UTF-16 file, invalid UTF-8 and everything `parseCsv` rejects,
 *   `BAD_PARAMETER` for invalid options or a directory.
 * @example const { table, types } = await readCsvFile('datasets/adult/adult.csv');
 */
export async function readCsvFile(path: string, options: ReadCsvOptions = {}): Promise<ParsedCsv> {
  const settings = resolveReadOptions({ ...options, file: options.file ?? path });
  const file = settings.file ?? path;
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw ioError(path, error);
  }
  const chunks = handle.createReadStream({ highWaterMark: CHUNK_BYTES, autoClose: false });
  try {
    const iterator = chunks[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    // Read enough to sniff the dialect from.
    const head: Buffer[] = [];
    let headBytes = 0;
    let done = false;
    while (headBytes < SNIFF_SAMPLE_CHARS * 2) {
      const next = await iterator.next();
      if (next.done === true) {
        done = true;
        break;
      }
      head.push(next.value);
      headBytes += next.value.length;
    }
    let first = Buffer.concat(head);
    if (
      first.length >= 2 &&
      ((first[0] === 0xff && first[1] === 0xfe) || (first[0] === 0xfe && first[1] === 0xff))
    ) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `${file}: the file is UTF-16; save it as UTF-8 to read it`,
        { file, line: 1 },
      );
    }
    const bom = first.length >= 3 && first[0] === 0xef && first[1] === 0xbb && first[2] === 0xbf;
    if (bom) first = first.subarray(3);
    const sample = first.toString('utf8', 0, Math.min(first.length, SNIFF_SAMPLE_CHARS * 2));
    const dialect = detectDialect(sample, settings);
    const collector = new CsvCollector(settings, dialect, bom, true);
    async function* source(): AsyncGenerator<Buffer> {
      if (first.length > 0) yield first;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    }
    const sink = new Writable({
      objectMode: true,
      write: (_record: unknown, _encoding, callback) => {
        callback();
      },
    });
    const parser = parse(parserOptions(dialect.delimiter, collector.onRecord));
    // For every record csv-parse hands to `on_record` it builds a fresh context object with two
    // object spreads, which costs about a quarter of the read time of a large file. The collector
    // reads only `lines` and `empty_lines`, which the parser's live `info` holds at that moment,
    // so it gets that object instead. If a later csv-parse renames these internals the guard
    // leaves the documented path, which gives the same result, only slower.
    const api = (parser as unknown as { api?: { info?: unknown; __infoRecord?: unknown } }).api;
    if (
      api !== undefined &&
      typeof api.__infoRecord === 'function' &&
      typeof api.info === 'object'
    ) {
      api.__infoRecord = () => api.info;
    }
    try {
      await pipeline(source, parser, sink);
    } catch (error) {
      throw collector.translate(error);
    }
    return collector.finish();
  } catch (error) {
    throw isSystemError(error) ? ioError(path, error) : error;
  } finally {
    chunks.destroy();
    await handle.close();
  }
}
