/**
 * Guessing a CSV file's dialect from a sample of its text: the field separator and the line
 * ending. Browser-safe.
 */
import { DatanonymeError } from '../errors.js';

/** The separators {@link sniffDelimiter} chooses among, in order of preference on a tie. */
export const DELIMITER_CANDIDATES: readonly string[] = [',', ';', '\t', '|'];

/** How many complete lines {@link sniffDelimiter} looks at. */
const SNIFF_LINES = 20;

/**
 * Splits the start of a sample into lines, ignoring line breaks inside double-quoted fields, and
 * counts each candidate separator outside quotes on each non-blank line. A final line with no
 * line break after it is kept only when it is the only line (it may be cut short).
 */
function countPerLine(sample: string, candidates: readonly string[]): number[][] {
  const lines: number[][] = [];
  let counts = candidates.map(() => 0);
  let quoted = false;
  let blank = true;
  for (let i = 0; i < sample.length && lines.length < SNIFF_LINES; i++) {
    const ch = sample[i];
    if (ch === '"') {
      quoted = !quoted;
      blank = false;
      continue;
    }
    if (quoted) continue;
    if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && sample[i + 1] === '\n') i++;
      if (!blank) lines.push(counts);
      counts = candidates.map(() => 0);
      blank = true;
      continue;
    }
    blank = false;
    const k = candidates.indexOf(ch ?? '');
    if (k >= 0) counts[k] = (counts[k] ?? 0) + 1;
  }
  if (lines.length === 0 && !blank && !quoted) lines.push(counts);
  return lines;
}

/**
 * Guesses the field separator of CSV text: among `,` `;` tab and `|`, the one that occurs the same,
 * non-zero number of times outside quotes on each of the first 20 complete non-blank lines. When
 * several qualify, the one with the most occurrences per line wins (then the earlier in that
 * list). When none does, returns `,`, and the reader's header checks explain what went wrong.
 *
 * @param sample - the start of the text (a few kilobytes are enough).
 * @returns the separator.
 * @throws never.
 * @example sniffDelimiter('id;town\n1;"Lyon; centre"\n') // => ';'
 */
export function sniffDelimiter(sample: string): string {
  const lines = countPerLine(sample, DELIMITER_CANDIDATES);
  let best = ',';
  let bestCount = 0;
  DELIMITER_CANDIDATES.forEach((candidate, k) => {
    const first = lines[0]?.[k] ?? 0;
    if (first === 0) return;
    if (!lines.every((counts) => counts[k] === first)) return;
    if (first > bestCount) {
      best = candidate;
      bestCount = first;
    }
  });
  return best;
}

/**
 * Tells which line ending CSV text uses, from its first line break outside quotes: `\r\n` when
 * that break is CR LF, `\n` otherwise (including text with no line break at all).
 *
 * @param sample - the start of the text.
 * @returns `'\r\n'` or `'\n'`.
 * @throws never.
 * @example sniffLineEnding('a,b\r\n1,2\r\n') // => '\r\n'
 */
export function sniffLineEnding(sample: string): '\n' | '\r\n' {
  let quoted = false;
  for (let i = 0; i < sample.length; i++) {
    const ch = sample[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) {
      return ch === '\r' && sample[i + 1] === '\n' ? '\r\n' : '\n';
    }
  }
  return '\n';
}

/**
 * Checks that a separator can be written and read back: a non-empty string without a double
 * quote or a line break.
 *
 * @throws {DatanonymeError} `BAD_PARAMETER` otherwise.
 * @example checkDelimiter(';') // passes; checkDelimiter('"') // throws
 */
export function checkDelimiter(delimiter: unknown): asserts delimiter is string {
  if (typeof delimiter !== 'string' || delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the delimiter must be a non-empty string without '"' or line breaks, got ${JSON.stringify(delimiter)}`,
      { value: String(delimiter) },
    );
  }
}
