/**
 * Dates in the forms the synthesis reads (ISO, YYYY/MM/DD, day-first DD/MM/YYYY, DD-MM-YYYY,
 * DD.MM.YYYY, month-first MM/DD/YYYY): day numbers by hand, the pattern of a column, and
 * synthetic dates written back in the input's form within the input's range.
 */
import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { independent } from '../../../methods/synthesis/independent.js';
import {
  datePatternOf,
  dayOf,
  formatDay,
  type DatePattern,
} from '../../../methods/synthesis/schema.js';
import type { Dataset } from '../../../src/types.js';

const PATTERNS: DatePattern[] = [
  'YYYY-MM-DD',
  'YYYY/MM/DD',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'DD-MM-YYYY',
  'DD.MM.YYYY',
];

describe('day numbers', () => {
  it('by hand', () => {
    // 1970-01-02 is day 1; 2000-03-01 is 30 years (7 leap: 72…96) + 31 + 29 days:
    // 30·365 + 7 + 60 = 11,017
    expect(dayOf('02/01/1970', 'DD/MM/YYYY')).toBe(1);
    expect(dayOf('01/02/1970', 'MM/DD/YYYY')).toBe(1);
    expect(dayOf('01.03.2000', 'DD.MM.YYYY')).toBe(11017);
    expect(dayOf('2000/03/01', 'YYYY/MM/DD')).toBe(11017);
    expect(dayOf('01-03-2000', 'DD-MM-YYYY')).toBe(11017);
    expect(formatDay(11017, 'DD/MM/YYYY')).toBe('01/03/2000');
    expect(formatDay(11017, 'MM/DD/YYYY')).toBe('03/01/2000');
    // not calendar days, or not the shape
    expect(dayOf('31/02/2024', 'DD/MM/YYYY')).toBeNaN();
    expect(dayOf('29/02/2023', 'DD/MM/YYYY')).toBeNaN();
    expect(dayOf('2024-02-29', 'DD/MM/YYYY')).toBeNaN();
  });
  it('formatDay and dayOf are inverse for every pattern', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -100_000, max: 100_000 }),
        fc.constantFrom(...PATTERNS),
        (day, pattern) => {
          // years 1696–2243: four digits
          expect(dayOf(formatDay(day, pattern), pattern)).toBe(day);
        },
      ),
    );
  });
  it("a column's pattern: day first unless a value reads only month first", () => {
    expect(datePatternOf(['2024-12-25'])).toBe('YYYY-MM-DD');
    expect(datePatternOf(['25/12/2024', '01/02/2024'])).toBe('DD/MM/YYYY');
    expect(datePatternOf(['01/02/2024'])).toBe('DD/MM/YYYY');
    expect(datePatternOf(['12/25/2024', '01/02/2024'])).toBe('MM/DD/YYYY');
    expect(datePatternOf(['25.12.2024'])).toBe('DD.MM.YYYY');
    expect(datePatternOf(['25/12/2024', '2024-12-25'])).toBeUndefined();
    expect(datePatternOf(['25/13/2024', '13/25/2024'])).toBeUndefined();
    expect(datePatternOf([])).toBeUndefined();
  });
});

describe('synthetic dates', () => {
  it('come back in the input form, inside the input range', () => {
    for (const pattern of PATTERNS) {
      // days 19,000 … 19,099 (2022-01-08 … 2022-04-17)
      const days = Array.from({ length: 100 }, (_, i) => 19000 + i);
      const data: Dataset = {
        table: table({ d: days.map((x) => formatDay(x, pattern)) }),
        columns: [{ name: 'd', type: 'date', role: 'insensitive' }],
      };
      const out = independent.fit(data, {}).sample(200, 1);
      for (const v of out.table.array('d') as string[]) {
        const day = dayOf(v, pattern);
        expect(day, `${pattern}: ${v}`).toBeGreaterThanOrEqual(19000);
        expect(day, `${pattern}: ${v}`).toBeLessThanOrEqual(19099);
      }
    }
  });
});
