/**
 * Noticing a column of dates written in a form other than ISO (read as a category outside
 * `synth`): nearly all present values must be dates of one non-ISO form.
 */
import { describe, expect, it } from 'vitest';
import { dateFormName, FOREIGN_DATE_SHARE, foreignDatePattern } from '../../src/table/dates.js';

describe('foreignDatePattern', () => {
  it('finds each non-ISO form, day-first before month-first', () => {
    expect(foreignDatePattern(['25/12/1980', '01/02/1975'])).toBe('DD/MM/YYYY');
    expect(foreignDatePattern(['12/25/1980', '01/02/1975'])).toBe('MM/DD/YYYY');
    expect(foreignDatePattern(['1980/12/25'])).toBe('YYYY/MM/DD');
    expect(foreignDatePattern(['25-12-1980'])).toBe('DD-MM-YYYY');
    expect(foreignDatePattern(['25.12.1980'])).toBe('DD.MM.YYYY');
  });

  it('leaves out missing values and tokens, and tolerates a few non-dates', () => {
    const dates = Array.from({ length: 19 }, (_, i) => `${String(10 + i)}/03/1970`);
    expect(foreignDatePattern([...dates, '', null, 'NA'], ['NA'])).toBe('DD/MM/YYYY');
    // 19 dates and one typo: 95 % of the present values.
    expect(foreignDatePattern([...dates, '32/03/1970'])).toBe('DD/MM/YYYY');
    expect(FOREIGN_DATE_SHARE).toBe(0.95);
    // 19 dates and two non-dates: under 95 %.
    expect(foreignDatePattern([...dates, 'inconnue', '32/03/1970'])).toBeUndefined();
  });

  it('says nothing of ISO dates, of other text or of an empty column', () => {
    expect(foreignDatePattern(['1980-12-25', '1975-02-01'])).toBeUndefined();
    expect(foreignDatePattern(['Lyon', 'Nantes'])).toBeUndefined();
    expect(foreignDatePattern(['', null, undefined])).toBeUndefined();
    expect(foreignDatePattern([19801225, 19750201])).toBeUndefined();
  });

  it('names a form in lower case for messages', () => {
    expect(dateFormName('DD/MM/YYYY')).toBe('dd/mm/yyyy');
  });
});
