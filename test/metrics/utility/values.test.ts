import { describe, expect, it } from 'vitest';
import {
  categoricalDistribution,
  CategoryDomain,
  isMissingValue,
  numericColumn,
  numericValues,
  parseNumber,
} from '../../../src/metrics/utility/values.js';
import { Hierarchy } from './helpers.js';

const int = { type: 'integer' as const, missing: ['NA'] };

describe('numericValues: the generalised-value rule for numbers', () => {
  it('reads numbers, decimal commas, range midpoints, and * or missing as NaN', () => {
    const v = numericValues(
      [34, '12,5', '[30,40[', '[31-38]', '0-4', '(0, 5]', '*', 'NA', '', null, '-3', '[-5,-1['],
      { ...int, type: 'decimal' },
    );
    // [30,40[ → (30 + 40)/2 = 35; [31-38] → 34.5; 0-4 → 2; (0, 5] → 2.5; [-5,-1[ → -3.
    expect([...v]).toEqual([34, 12.5, 35, 34.5, 2, 2.5, NaN, NaN, NaN, NaN, -3, -3]);
  });

  it('counts missing, suppressed and unparsed cells apart', () => {
    const c = numericColumn(['*', 'NA', null, 'abc', '7'], int);
    expect([c.missing, c.suppressed, c.unparsed]).toEqual([2, 1, 1]);
  });

  it('reads a non-range hierarchy label as the mean of the values below it, and the root as suppressed', () => {
    const h = new Hierarchy([
      ['20', '<50', '*'],
      ['40', '<50', '*'],
      ['60', '>=50', '*'],
    ]);
    const c = numericColumn(['<50', '>=50', '*', '20'], { type: 'integer', hierarchy: h });
    // <50 → (20 + 40)/2 = 30; >=50 → 60.
    expect([...c.values]).toEqual([30, 60, NaN, 20]);
    expect(c.suppressed).toBe(1);
  });

  it('reads dates as day numbers, reduced precision as the midpoint of its period', () => {
    const v = numericValues(
      ['1970-01-02', '1970-01', '1970', '1970-1979', '[1970-01-01-1970-01-05]'],
      {
        type: 'date',
      },
    );
    // 1970-01 covers days 0…31 → (0 + 31)/2 = 15.5; 1970 → (0 + 365)/2; 1970-1979 covers
    // 1970-01-01 … 1980-01-01 = 3652 days → 1826; the Mondrian range → (0 + 4)/2 = 2.
    expect([...v]).toEqual([1, 15.5, 182.5, 1826, 2]);
  });

  it('parses defensively', () => {
    expect(parseNumber(' 3,25 ')).toBe(3.25);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('12 apples')).toBeNaN();
    expect(isMissingValue(NaN)).toBe(true);
    expect(isMissingValue('  ')).toBe(true);
    expect(isMissingValue('?', { missing: ['?'] })).toBe(true);
    expect(isMissingValue(0)).toBe(false);
  });
});

describe('categoricalDistribution: the generalised-value rule for categories', () => {
  const h = new Hierarchy([
    ['FR', 'Europe', '*'],
    ['DE', 'Europe', '*'],
    ['IT', 'Europe', '*'],
    ['US', 'America', '*'],
  ]);

  it('spreads a hierarchy label uniformly over the original values below it', () => {
    const d = categoricalDistribution(['FR', 'Europe', 'US', '*', ''], { hierarchy: h });
    // FR: 1 + 1/3; DE: 1/3; IT: 1/3; US: 1. * is suppressed, '' missing.
    expect(d.categories).toEqual(['FR', 'DE', 'IT', 'US']);
    expect([...d.counts].map((x) => Math.round(x * 1e12) / 1e12)).toEqual(
      [4 / 3, 1 / 3, 1 / 3, 1].map((x) => Math.round(x * 1e12) / 1e12),
    );
    expect([d.nonMissing, d.missing, d.suppressed, d.rows]).toEqual([3, 1, 1, 5]);
  });

  it('without a hierarchy, a label is a category of its own', () => {
    const d = categoricalDistribution(['FR', 'Europe', 'Europe'], {});
    expect(d.categories).toEqual(['FR', 'Europe']);
    expect([...d.counts]).toEqual([1, 2]);
  });

  it('shares category indices through a domain', () => {
    const domain = new CategoryDomain();
    categoricalDistribution(['b', 'a'], {}, domain);
    const d = categoricalDistribution(['a', 'c'], {}, domain);
    expect(d.categories).toEqual(['b', 'a', 'c']);
    expect([...d.counts]).toEqual([0, 1, 1]);
  });
});
