import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  dialectOptions,
  formatCsv,
  formatCsvChunks,
  formatNumber,
} from '../../src/table/format.js';
import { parseCsv } from '../../src/table/parse.js';
import { errorOf } from './helpers.js';

describe('formatCsv', () => {
  it('quotes only the fields that need it', () => {
    const table = aq.table({
      a: ['plain', 'x,y', 'say "hi"', 'two\nlines', 'cr\ronly', ' spaced ', ''],
      b: ['1', '2', '3', '4', '5', '6', '7'],
    });
    expect(formatCsv(table)).toBe(
      'a,b\nplain,1\n"x,y",2\n"say ""hi""",3\n"two\nlines",4\n"cr\ronly",5\n spaced ,6\n,7\n',
    );
    expect(formatCsv(table, { delimiter: ';' })).toContain('\nx,y;2\n');
    expect(formatCsv(table, { lineEnding: '\r\n' })).toContain(
      '\r\n"two\nlines",4\r\n"cr\ronly",5\r\n',
    );
  });

  it('always writes the header', () => {
    expect(formatCsv(aq.table({ a: [], b: [] }))).toBe('a,b\n');
  });

  it('writes numbers plainly, with the decimal mark asked for', () => {
    const table = aq.table({ n: [2150.5, 1980, -3, 1e21, 1.5e-7, -0, 2 ** 53, 0.1 + 0.2] });
    expect(formatCsv(table).split('\n')).toEqual([
      'n',
      '2150.5',
      '1980',
      '-3',
      '1000000000000000000000',
      '0.00000015',
      '0',
      '9007199254740992',
      '0.30000000000000004',
      '',
    ]);
    expect(formatCsv(table, { decimal: ',', delimiter: ';' }).split('\n')[1]).toBe('2150,5');
    expect(formatCsv(table, { decimal: ',' }).split('\n')[1]).toBe('"2150,5"');
  });

  it('guards text cells that a spreadsheet would run, never numeric ones', () => {
    const table = aq.table({
      text: ['=SUM(A1)', '+1', '-3', '@cmd', '\tx', 'safe', '－1'],
      count: [-3, 1, 2, 3, 4, 5, 6],
      code: ['-3', '+4', '1', '2', '3', '4', '5'],
    });
    const out = formatCsv(table, { guardFormulas: true, types: { code: 'integer' } });
    expect(out.split('\n')).toEqual([
      'text,count,code',
      "'=SUM(A1),-3,-3",
      '+1,1,+4',
      '-3,2,1',
      "'@cmd,3,2",
      "'\tx,4,3",
      'safe,5,4',
      "'－1,6,5",
      '',
    ]);
    expect(formatCsv(table).split('\n')[1]).toBe('=SUM(A1),-3,-3');
  });

  it('leaves plain numbers in text columns unguarded, and guards everything else', () => {
    const plain = ['-1', '+1', '-0', '-007', '-1.5', '-1,5', '+2,25', '-1e5', '+1.5E-3', '-2e+10'];
    const formulas = [
      '=SUM(A1)',
      '=1',
      '+33 6 12 34 56 78',
      '-1+1',
      '-1 ',
      '- 1',
      '-',
      '+',
      '-1.',
      '-.5',
      '-1e',
      '-1e5e5',
      '-1,5,3',
      '-1.5,3',
      '+1e5+cmd|calc',
      '-０',
      '@1',
      '\t1',
      '\r1',
      '－1',
      '＋1',
      '＝1',
      '＠1',
    ];
    const write = (values: string[]) =>
      formatCsv(aq.table({ t: values }), { delimiter: ';', guardFormulas: true });
    const expected = (values: string[]) => formatCsv(aq.table({ t: values }), { delimiter: ';' });
    expect(write(plain)).toBe(expected(plain));
    expect(write(formulas)).toBe(expected(formulas.map((v) => `'${v}`)));
    expect(write(['1', 'safe', ' -1'])).toBe(expected(['1', 'safe', ' -1']));
  });

  it('writes missing values with the given token, and "" in a one-column table', () => {
    const table = aq.table({ a: ['x', null, undefined], b: [1, null, 3] });
    expect(formatCsv(table)).toBe('a,b\nx,1\n,\n,3\n');
    expect(formatCsv(table, { missing: 'NA' })).toBe('a,b\nx,1\nNA,NA\nNA,3\n');
    const one = aq.table({ a: ['x', null, ''] });
    const out = formatCsv(one);
    expect(out).toBe('a\nx\n""\n""\n');
    expect(parseCsv(out).table.array('a')).toEqual(['x', null, null]);
  });

  it('writes CRLF, a BOM at byte 0 only when asked, and NFC text', () => {
    const table = aq.table({ 'cafe\u0301': ['Saint-E\u0301tienne'] });
    expect(formatCsv(table, { lineEnding: '\r\n' })).toBe('café\r\nSaint-Étienne\r\n');
    const withBom = formatCsv(table, { bom: true });
    expect(withBom).toBe('\uFEFFcafé\nSaint-Étienne\n');
    expect(formatCsv(table).charCodeAt(0)).toBe(0x63);
  });

  it('writes dates as ISO dates, other values as text', () => {
    const table = aq.table({
      d: [new Date(Date.UTC(2024, 1, 29)), new Date(Date.UTC(2024, 1, 29, 12, 30)), new Date(NaN)],
      b: [true, false, 10n],
    });
    expect(formatCsv(table)).toBe('d,b\n2024-02-29,true\n2024-02-29T12:30:00.000Z,false\n,10\n');
  });

  it('follows the table order and filter', () => {
    const table = aq
      .table({ k: [3, 1, 2, 4] })
      .filter((d: { k: number }) => d.k < 4)
      .orderby('k');
    expect(formatCsv(table)).toBe('k\n1\n2\n3\n');
  });

  it('refuses options that would write unreadable CSV', () => {
    const table = aq.table({ a: [1] });
    expect(errorOf(() => formatCsv(table, { delimiter: '"' })).code).toBe('BAD_PARAMETER');
    const decimal = JSON.parse('{"decimal":";"}') as { decimal: '.' };
    expect(errorOf(() => formatCsv(table, decimal)).code).toBe('BAD_PARAMETER');
  });
});

describe('formatCsvChunks', () => {
  it('gives the header, then pieces of 10,000 rows, that join into formatCsv', () => {
    const table = aq.table({ i: Array.from({ length: 25_000 }, (_, i) => i) });
    const pieces = Array.from(formatCsvChunks(table, { bom: true }));
    expect(pieces.length).toBe(4);
    expect(pieces[0]).toBe('\uFEFFi\n');
    expect(pieces[1]?.startsWith('0\n1\n')).toBe(true);
    expect(pieces[3]?.endsWith('\n24999\n')).toBe(true);
    expect(pieces.join('')).toBe(formatCsv(table, { bom: true }));
  });

  it('checks the options before the first piece is taken', () => {
    expect(errorOf(() => formatCsvChunks(aq.table({ a: [1] }), { delimiter: '\n' })).code).toBe(
      'BAD_PARAMETER',
    );
  });
});

describe('formatNumber', () => {
  it('never uses exponents', () => {
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(-1.25e-10, ',')).toBe('-0,000000000125');
    expect(formatNumber(1.5e22)).toBe('15000000000000000000000');
    expect(formatNumber(123.456)).toBe('123.456');
    expect(formatNumber(Number.NaN)).toBe('NaN');
    expect(formatNumber(-Infinity)).toBe('-Infinity');
  });
});

describe('dialectOptions', () => {
  it('writes in the dialect that was read, without a BOM', () => {
    const parsed = parseCsv('\uFEFFa;b\r\n1;2,5\r\n');
    expect(dialectOptions(parsed.dialect)).toEqual({
      delimiter: ';',
      decimal: ',',
      lineEnding: '\r\n',
      bom: false,
    });
    expect(formatCsv(parsed.table, dialectOptions(parsed.dialect))).toBe('a;b\r\n1;2,5\r\n');
  });
});
