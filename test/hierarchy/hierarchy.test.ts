import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { catchError, expectTree } from './helpers.js';

const NFD = 'I\u0302le-de-France';
const NFC = '\u00cele-de-France';

describe('Hierarchy', () => {
  it('holds materialised rows and looks values up after NFC normalisation', () => {
    const h = new Hierarchy(
      [
        [NFD, 'France', '*'],
        ['Bretagne', 'France', '*'],
      ],
      {
        attribute: 'region',
      },
    );
    expect(h.height).toBe(3);
    expect(h.rows).toEqual([
      [NFC, 'France', '*'],
      ['Bretagne', 'France', '*'],
    ]);
    expect(h.values()).toEqual([NFC, 'Bretagne']);
    expect(h.indexOf(NFD)).toBe(0);
    expect(h.indexOf(NFC)).toBe(0);
    expect(h.indexOf('Ile-de-France')).toBe(-1);
    expect(h.generalise(NFD, 1)).toBe('France');
    expect(h.generalise('Bretagne', 2)).toBe('*');
    expect(h.generalise('Normandie', 1)).toBeUndefined();
    expect(h.source).toEqual({ attribute: 'region' });
    expectTree(h);
  });

  it('refuses an empty hierarchy', () => {
    const e = catchError(() => new Hierarchy([], { attribute: 'age' }));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.message).toBe('hierarchy of "age": the hierarchy has no rows');
  });

  it('cites row numbers without lines, and file lines with them', () => {
    const rows = [
      ['34', '<50', '*'],
      ['66', '*'],
    ];
    expect(catchError(() => new Hierarchy(rows)).message).toBe(
      'hierarchy: row 2 has 2 levels but row 1 has 3',
    );
    const e = catchError(() => new Hierarchy(rows, { file: 'age.csv', attribute: 'age' }, [1, 3]));
    expect(e.message).toBe('age.csv: hierarchy of "age": line 3 has 2 levels but line 1 has 3');
    expect([e.file, e.line, e.column, e.value]).toEqual(['age.csv', 3, 'age', '66']);
  });

  it('names a duplicated value, including one duplicated only after NFC normalisation', () => {
    const e = catchError(
      () =>
        new Hierarchy(
          [
            [NFC, 'France'],
            ['Bretagne', 'France'],
            [NFD, 'France'],
          ],
          { attribute: 'region' },
        ),
    );
    expect(e.message).toBe(`hierarchy of "region": value "${NFC}" is listed twice (rows 1 and 3)`);
    expect([e.line, e.value]).toEqual([3, NFC]);
  });

  it('refuses a label with two parents (not a tree)', () => {
    const e = catchError(
      () =>
        new Hierarchy(
          [
            ['13001', '1300*', '130**'],
            ['13002', '1300*', '131**'],
          ],
          { file: 'p.csv' },
          [4, 7],
        ),
    );
    expect(e.message).toBe(
      'p.csv: label "1300*" at level 1 has two parents, "130**" and "131**" (line 7); a hierarchy must be a tree',
    );
    expect([e.file, e.line, e.value]).toEqual(['p.csv', 7, '1300*']);
  });
});
