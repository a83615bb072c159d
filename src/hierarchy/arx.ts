/**
 * Reading a generalisation hierarchy in ARX's CSV format (browser-safe: takes text, not a path).
 */
import { CsvError, parse, type InfoRecord } from 'csv-parse/browser/esm/sync';
import { DatanonymeError } from '../errors.js';
import { describeSource as describe, locateSource as locate } from './_internals/source.js';
import { Hierarchy, type HierarchySource } from './hierarchy.js';

/** Where an ARX hierarchy comes from, and how its fields are separated. */
export interface ArxSource extends HierarchySource {
  /** The field separator. @defaultValue `';'` */
  delimiter?: string;
}

/**
 * Parses a generalisation hierarchy in ARX's CSV format: no header, one row per original value,
 * `value;level1;…;root`, every row with the same number of fields.
 *
 * Accepted: a UTF-8 byte-order mark (stripped), CRLF, LF or CR line endings (mixed too), an
 * optional final newline, blank lines (ignored, but still counted in line numbers) and quoted
 * fields (`"Saint-Étienne; centre"`). A `"` inside an unquoted field is kept as it is. Labels are
 * NFC-normalised; an empty first field is the row of the missing value.
 *
 * Reference: the hierarchy files of ARX (Prasser and Kohlmayer, "Putting statistical disclosure
 * control into practice: the ARX data anonymization tool", 2015), e.g. `adult_hierarchy_age.csv`.
 *
 * @param text - the file's contents.
 * @param source - the attribute and file, for error messages, and the delimiter.
 * @throws DatanonymeError `BAD_CONFIG` with `file`, `line` (1-based, as an editor shows it),
 *   `column` (the attribute) and `value` when the CSV is malformed (an unclosed quote), the file
 *   has no rows, rows have different lengths, a value is listed twice, or a label has two parents.
 * @example
 * parseArxHierarchy('39;35-39;30-39;20-39;*\n').generalise('39', 2) // => '30-39'
 */
export function parseArxHierarchy(text: string, source: ArxSource = {}): Hierarchy {
  const { delimiter = ';', ...rest } = source;
  const where: HierarchySource = {};
  if (rest.file !== undefined) where.file = rest.file;
  if (rest.attribute !== undefined) where.attribute = rest.attribute;
  if (delimiter.length === 0 || /[\r\n"]/.test(delimiter)) {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${describe(where)}: the delimiter must be a non-empty string without quotes or line breaks, got ${JSON.stringify(delimiter)}`,
      { ...locate(where), value: delimiter },
    );
  }
  const rows: string[][] = [];
  const lines: number[] = [];
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (!body.includes('"')) {
    // Without quotes, CSV is plain splitting: much faster than csv-parse on large hierarchies.
    body.split(/\r\n|\r|\n/).forEach((line, i) => {
      if (line === '') return;
      rows.push(line.split(delimiter));
      lines.push(i + 1);
    });
    return new Hierarchy(rows, where, lines);
  }
  let lastLine = 0;
  try {
    parse(text, {
      delimiter,
      bom: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: (record: string[], context: InfoRecord) => {
        // csv-parse gives the line a record ends on; a quoted field may span several lines.
        let breaks = 0;
        for (const field of record) breaks += countLineBreaks(field);
        rows.push(record);
        lines.push(context.lines - breaks);
        lastLine = context.lines;
        return undefined; // collected here, not kept twice
      },
    });
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    // csv-parse reports an unclosed quote at the end of the text; point at the record it opens.
    if (e.code === 'CSV_QUOTE_NOT_CLOSED') {
      const line = firstNonBlankLineAfter(text, lastLine);
      throw new DatanonymeError(
        'BAD_CONFIG',
        `${describe(where)}: line ${line} opens a quoted field that is never closed`,
        { ...locate(where), line },
      );
    }
    const line = e.lines;
    throw new DatanonymeError('BAD_CONFIG', `${describe(where)}: ${e.message}`, {
      ...locate(where),
      ...(typeof line === 'number' ? { line } : {}),
    });
  }
  return new Hierarchy(rows, where, lines);
}

function countLineBreaks(s: string): number {
  return s.match(/\r\n|\r|\n/g)?.length ?? 0;
}

/** The 1-based number of the first non-blank line after line `after`. */
function firstNonBlankLineAfter(text: string, after: number): number {
  const all = text.split(/\r\n|\r|\n/);
  let i = after;
  while (i < all.length - 1 && (all[i] ?? '').replace(/^\uFEFF/, '') === '') i++;
  return i + 1;
}
