import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv } from '../../src/table/format.js';
import { parseCsv } from '../../src/table/parse.js';

/** Cells that break naive CSV code, mixed with arbitrary Unicode text. */
const cell = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom(
    '',
    ',',
    ';',
    '\t',
    '|',
    '"',
    '""',
    '\n',
    '\r',
    '\r\n',
    'a"b',
    ' lead',
    'trail ',
    '01200',
    '4000123412341234567',
    '-0',
    '2150,50',
    '1e5',
    'NA',
    '?',
    'NULL',
    'Saint-E\u0301tienne; centre',
    '=SUM(A1)',
    '\uFEFF',
  ),
);

/** Column names: unique after NFC normalisation, non-empty, not a BOM at the start. */
const names = fc.uniqueArray(
  fc
    .oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), cell)
    .map((name) => name.normalize('NFC'))
    .filter((name) => name !== '' && name !== '__proto__' && !name.startsWith('\uFEFF')),
  { minLength: 1, maxLength: 5 },
);

const tables = names.chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.array(cell, { minLength: columns.length, maxLength: columns.length }), {
      maxLength: 15,
    }),
    delimiter: fc.constantFrom(',', ';', '\t', '|'),
    lineEnding: fc.constantFrom('\n' as const, '\r\n' as const),
    bom: fc.boolean(),
  }),
);

describe('formatCsv then parseCsv', () => {
  it('gives back every text cell (empty text read as missing)', () => {
    fc.assert(
      fc.property(tables, ({ columns, rows, delimiter, lineEnding, bom }) => {
        const data = columns.map((_, j) => rows.map((row) => row[j] ?? ''));
        const table = aq.table(
          columns.map((name, j) => [name, data[j]]),
          columns,
        );
        const text = formatCsv(table, { delimiter, lineEnding, bom });
        const parsed = parseCsv(text, { delimiter, typed: false, missing: [''] });
        expect(parsed.table.columnNames()).toEqual(columns);
        expect(parsed.rows).toBe(rows.length);
        expect(parsed.dialect.bom).toBe(bom);
        columns.forEach((name, j) => {
          const expected = (data[j] ?? []).map((v) => (v === '' ? null : v.normalize('NFC')));
          expect(parsed.table.array(name)).toEqual(expected);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('gives back every cell exactly, missing tokens too, with keepMissingText', () => {
    fc.assert(
      fc.property(tables, ({ columns, rows, delimiter, lineEnding, bom }) => {
        const data = columns.map((_, j) => rows.map((row) => row[j] ?? ''));
        const table = aq.table(
          columns.map((name, j) => [name, data[j]]),
          columns,
        );
        const text = formatCsv(table, { delimiter, lineEnding, bom });
        const parsed = parseCsv(text, { delimiter, typed: false, keepMissingText: true });
        expect(parsed.rows).toBe(rows.length);
        columns.forEach((name, j) => {
          const expected = (data[j] ?? []).map((v) => v.normalize('NFC'));
          expect(parsed.table.array(name)).toEqual(expected);
        });
        expect(formatCsv(parsed.table, { delimiter, lineEnding, bom })).toBe(
          formatCsv(
            aq.table(
              columns.map((name, j) => [name, (data[j] ?? []).map((v) => v.normalize('NFC'))]),
              columns,
            ),
            { delimiter, lineEnding, bom },
          ),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('gives back the exact line of every row', () => {
    fc.assert(
      fc.property(tables, ({ columns, rows, delimiter }) => {
        const table = aq.table(
          columns.map((name, j) => [name, rows.map((row) => row[j] ?? '')]),
          columns,
        );
        const text = formatCsv(table, { delimiter });
        const parsed = parseCsv(text, { delimiter, typed: false, missing: [''] });
        // Lines of the text, counting CR LF, LF and CR as one break each.
        const lineStarts: number[] = [];
        const header = formatCsv(
          aq.table(
            columns.map((n) => [n, []]),
            columns,
          ),
          { delimiter },
        );
        let line = 1 + (header.match(/\r\n|\r|\n/g)?.length ?? 0);
        for (let r = 0; r < rows.length; r++) {
          lineStarts.push(line);
          const one = formatCsv(
            aq.table(
              columns.map((n, j) => [n, [rows[r]?.[j] ?? '']]),
              columns,
            ),
            { delimiter },
          ).slice(header.length);
          line += one.match(/\r\n|\r|\n/g)?.length ?? 0;
        }
        expect(rows.map((_, r) => parsed.lineOf(r))).toEqual(lineStarts);
      }),
      { numRuns: 200 },
    );
  });
});
