import { describe, expect, it } from 'vitest';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import { catchError, expectTree } from './helpers.js';

const AGE = [
  ['34', '<50', '*'],
  ['66', '>=50', '*'],
];

describe('parseArxHierarchy', () => {
  it('parses `value;level1;…;root` rows with LF line endings', () => {
    const h = parseArxHierarchy('34;<50;*\n66;>=50;*\n', { attribute: 'age' });
    expect(h.rows).toEqual(AGE);
    expect(h.height).toBe(3);
    expect(h.source).toEqual({ attribute: 'age' });
    expectTree(h);
  });

  it('accepts CRLF, CR and mixed line endings, and no final newline', () => {
    expect(parseArxHierarchy('34;<50;*\r\n66;>=50;*\r\n').rows).toEqual(AGE);
    expect(parseArxHierarchy('34;<50;*\r66;>=50;*').rows).toEqual(AGE);
    expect(parseArxHierarchy('34;<50;*\r\n66;>=50;*\n').rows).toEqual(AGE);
    expect(parseArxHierarchy('34;<50;*\n66;>=50;*\r\n').rows).toEqual(AGE);
    expect(parseArxHierarchy('34;<50;*\n66;>=50;*').rows).toEqual(AGE);
  });

  it('strips a byte-order mark', () => {
    const h = parseArxHierarchy('\uFEFF34;<50;*\n66;>=50;*\n');
    expect(h.rows).toEqual(AGE);
    expect(h.indexOf('34')).toBe(0);
  });

  it('ignores blank lines but counts them in error lines', () => {
    expect(parseArxHierarchy('\n34;<50;*\n\n\r\n66;>=50;*\n\n').rows).toEqual(AGE);
    const e = catchError(() =>
      parseArxHierarchy('\n34;<50;*\n\n66;>=50\n', { file: 'age.csv', attribute: 'age' }),
    );
    expect(e.message).toBe('age.csv: hierarchy of "age": line 4 has 2 levels but line 2 has 3');
    expect([e.code, e.file, e.line, e.column, e.value]).toEqual([
      'BAD_CONFIG',
      'age.csv',
      4,
      'age',
      '66',
    ]);
  });

  it('reads quoted fields, with the separator or a line break inside', () => {
    const h = parseArxHierarchy('"Saint-Étienne; centre";Loire;*\n"a ""b""";"x\ny";*\nz;w;*\n');
    expect(h.rows).toEqual([
      ['Saint-Étienne; centre', 'Loire', '*'],
      ['a "b"', 'x\ny', '*'],
      ['z', 'w', '*'],
    ]);
    // The quoted line break makes row 2 span lines 2–3, so row 3 starts on line 4.
    const e = catchError(() => parseArxHierarchy('a;b;*\n"x\ny";c;*\nz;*\n', { file: 'q.csv' }));
    expect(e.message).toBe('q.csv: line 4 has 2 levels but line 1 has 3');
  });

  it('reads quoted text with the same rules: BOM, mixed line endings, blank lines', () => {
    expect(parseArxHierarchy('\uFEFF"34";<50;*\r\n\r\n66;">=50";*\n').rows).toEqual(AGE);
    expect(parseArxHierarchy('"34";<50;*\r66;>=50;"*"').rows).toEqual(AGE);
    const e = catchError(() => parseArxHierarchy('"34";<50;*\r\n\r\n66;>=50\n', { file: 'a.csv' }));
    expect([e.message, e.line]).toEqual(['a.csv: line 3 has 2 levels but line 1 has 3', 3]);
  });

  it('keeps a quote inside an unquoted field as it is', () => {
    expect(parseArxHierarchy(`5'10";tall;*\n`).rows).toEqual([[`5'10"`, 'tall', '*']]);
  });

  it('takes another delimiter', () => {
    expect(parseArxHierarchy('34,<50,*\n66,>=50,*\n', { delimiter: ',' }).rows).toEqual(AGE);
    expect(parseArxHierarchy('34\t<50\t*\n66\t>=50\t*\n', { delimiter: '\t' }).rows).toEqual(AGE);
    const e = catchError(() => parseArxHierarchy('34;*\n', { delimiter: '' }));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.message).toBe(
      'hierarchy: the delimiter must be a non-empty string without quotes or line breaks, got ""',
    );
  });

  it('normalises labels to NFC (B05)', () => {
    const h = parseArxHierarchy('I\u0302le-de-France;France\nBretagne;France\n');
    expect(h.rows[0]).toEqual(['\u00cele-de-France', 'France']);
    expect(h.indexOf('\u00cele-de-France')).toBe(0);
  });

  it('keeps a row for the missing value (an empty first field)', () => {
    const h = parseArxHierarchy(';;*\n34;<50;*\n');
    expect(h.generalise('', 1)).toBe('');
    expect(h.generalise('', 2)).toBe('*');
  });

  it('names a duplicated value and both of its lines (B05)', () => {
    const e = catchError(() =>
      parseArxHierarchy('13001;1300*;*\n\n75005;7500*;*\n13001;1301*;*\n', {
        file: 'postcode.csv',
        attribute: 'postcode',
      }),
    );
    expect(e.message).toBe(
      'postcode.csv: hierarchy of "postcode": value "13001" is listed twice (lines 1 and 4)',
    );
    expect([e.code, e.file, e.line, e.column, e.value]).toEqual([
      'BAD_CONFIG',
      'postcode.csv',
      4,
      'postcode',
      '13001',
    ]);
  });

  it('names a label with two parents and its line', () => {
    const e = catchError(() =>
      parseArxHierarchy('13001;1300*;130**;*\n\n13002;1300*;131**;*\n', { file: 'p.csv' }),
    );
    expect(e.message).toBe(
      'p.csv: label "1300*" at level 1 has two parents, "130**" and "131**" (line 3); a hierarchy must be a tree',
    );
    expect(e.line).toBe(3);
  });

  it('reports an unclosed quote on the line that opens it', () => {
    const e = catchError(() =>
      parseArxHierarchy('34;<50;*\n\n"66;>=50;*\n\n70;>=50;*\n', { file: 'age.csv' }),
    );
    expect(e.message).toBe('age.csv: line 3 opens a quoted field that is never closed');
    expect([e.code, e.file, e.line]).toEqual(['BAD_CONFIG', 'age.csv', 3]);
    expect(catchError(() => parseArxHierarchy('"66;>=50;*')).line).toBe(1);
  });

  it('refuses an empty file or one with only blank lines', () => {
    for (const text of ['', '\uFEFF', '\n\r\n\n']) {
      const e = catchError(() => parseArxHierarchy(text, { file: 'x.csv' }));
      expect(e.message).toBe('x.csv: the hierarchy has no rows');
    }
  });
});
