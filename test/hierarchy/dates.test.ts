/**
 * dateHierarchy. Expected rows are written out by hand; leap years follow the Gregorian rule
 * (divisible by 4, except centuries not divisible by 400).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateHierarchy, type DateLevel } from '../../src/hierarchy/dates.js';
import { catchError, expectTree } from './helpers.js';

describe('dateHierarchy', () => {
  it('truncates day → month → year → decade → *', () => {
    const h = dateHierarchy(['2023-05-17', '2019-12-31', '2020-01-01', ''], { attribute: 'd' });
    expect(h.rows).toEqual([
      ['2023-05-17', '2023-05', '2023', '2020-2029', '*'],
      ['2019-12-31', '2019-12', '2019', '2010-2019', '*'],
      ['2020-01-01', '2020-01', '2020', '2020-2029', '*'],
      ['', '', '', '', '*'],
    ]);
    expectTree(h);
  });

  it('keeps only the levels asked for', () => {
    expect(dateHierarchy(['2023-05-17'], { levels: ['year'] }).rows).toEqual([
      ['2023-05-17', '2023', '*'],
    ]);
    expect(dateHierarchy(['2023-05-17'], { levels: ['month', 'decade'] }).rows).toEqual([
      ['2023-05-17', '2023-05', '2020-2029', '*'],
    ]);
    expect(dateHierarchy(['2023-05-17', ''], { levels: [] }).rows).toEqual([
      ['2023-05-17', '*'],
      ['', '*'],
    ]);
  });

  it('writes four-digit years', () => {
    expect(dateHierarchy(['0005-03-01', '9999-12-31']).rows).toEqual([
      ['0005-03-01', '0005-03', '0005', '0000-0009', '*'],
      ['9999-12-31', '9999-12', '9999', '9990-9999', '*'],
    ]);
  });

  it('accepts 29 February in leap years only', () => {
    expect(dateHierarchy(['2024-02-29', '2000-02-29']).height).toBe(5);
    for (const bad of ['2023-02-29', '1900-02-29']) {
      expect(catchError(() => dateHierarchy([bad])).value).toBe(bad);
    }
  });

  it('names an invalid date', () => {
    for (const bad of [
      '2023-02-30',
      '2023-04-31',
      '2023-13-01',
      '2023-00-10',
      '2023-05-00',
      '2023-5-1',
      '17/05/2023',
      '2023-05-17T10:00',
      ' 2023-05-17',
      '20230517',
    ]) {
      const e = catchError(() => dateHierarchy(['2023-05-17', bad], { attribute: 'visit' }));
      expect(e.message).toBe(
        `hierarchy of "visit": value "${bad}" is not a valid date in the form YYYY-MM-DD`,
      );
      expect([e.code, e.column, e.value]).toEqual(['BAD_CONFIG', 'visit', bad]);
    }
  });

  it('refuses levels out of order, repeated or unknown', () => {
    expect(catchError(() => dateHierarchy([], { levels: ['year', 'month'] })).message).toBe(
      'hierarchy: date levels must go from finest to coarsest without repeats (month, year, decade), got year, month',
    );
    expect(catchError(() => dateHierarchy([], { levels: ['year', 'year'] })).value).toBe('year');
    const week = 'week' as DateLevel;
    expect(catchError(() => dateHierarchy([], { levels: [week] })).message).toBe(
      'hierarchy: unknown date level "week" (expected month, year or decade)',
    );
  });
});

describe('dateHierarchy properties', () => {
  it('every label is a prefix-truncation of the date, and the result is a tree', () => {
    const dates = fc.uniqueArray(
      fc
        .date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z') })
        .filter((d) => !Number.isNaN(d.getTime()))
        .map((d) => d.toISOString().slice(0, 10)),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(dates, (values) => {
        const h = dateHierarchy(values);
        expectTree(h);
        for (const v of values) {
          const decade = `${v.slice(0, 3)}0`;
          const end = String(Number(decade) + 9).padStart(4, '0');
          expect(h.rows[h.indexOf(v)]).toEqual([
            v,
            v.slice(0, 7),
            v.slice(0, 4),
            `${decade}-${end}`,
            '*',
          ]);
        }
      }),
    );
  });
});
