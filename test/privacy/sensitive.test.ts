import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { encodeSensitiveColumn } from '../../src/privacy/sensitive.js';
import { errorOf } from '../helpers/errors.js';

describe('encodeSensitiveColumn', () => {
  it('codes values in order of first appearance, −1 for missing cells (B10)', () => {
    const column = encodeSensitiveColumn('smoker', ['yes', 'yes', '', 'yes', 'no', null, 'no']);
    expect(column.name).toBe('smoker');
    expect(column.values).toEqual(['yes', 'no']);
    expect(Array.from(column.codes)).toEqual([0, 0, -1, 0, 1, -1, 1]);
    expect(Array.from(column.overall)).toEqual([3, 2]);
    expect(column.missing).toBe(2);
    expect(Array.from(column.rank)).toEqual([0, 1]);
    expect(column.ordered).toBe(false);
    expect(column.hierarchy).toBeUndefined();
  });

  it('null, undefined, empty text, NaN, an invalid Date and the caller’s tokens are missing', () => {
    const column = encodeSensitiveColumn(
      's',
      [null, undefined, '', Number.NaN, new Date('nope'), 'NA', 'x', ' '],
      { missing: (v) => v === 'NA' },
    );
    expect(column.missing).toBe(6);
    expect(column.values).toEqual(['x', ' ']); // a blank is a value: only '' is missing
  });

  it('compares values as NFC text, numbers as their text', () => {
    const composed = 'caf\u00e9';
    const decomposed = 'cafe\u0301';
    const column = encodeSensitiveColumn('s', [composed, decomposed, 12, '12', true]);
    expect(column.values).toEqual([composed, '12', 'true']);
    expect(Array.from(column.codes)).toEqual([0, 0, 1, 1, 2]);
  });

  it('ranks integers numerically, not as text or by appearance', () => {
    const column = encodeSensitiveColumn('n', ['10', '9', '100', 9, '-3'], { type: 'integer' });
    expect(column.values).toEqual(['10', '9', '100', '-3']);
    // −3 < 9 < 10 < 100.
    expect(Array.from(column.rank)).toEqual([2, 1, 3, 0]);
    expect(column.ordered).toBe(true);
  });

  it('reads decimals with a dot or a comma; equal numbers keep appearance order', () => {
    const column = encodeSensitiveColumn('d', ['3,5', '3.25', '1', '1.0', '-0,5'], {
      type: 'decimal',
    });
    // −0.5 < 1 = 1.0 (appearance order) < 3.25 < 3.5.
    expect(Array.from(column.rank)).toEqual([4, 3, 1, 2, 0]);
  });

  it('ranks dates chronologically, from text or Date objects', () => {
    const column = encodeSensitiveColumn(
      'd',
      ['2023-05-17', '2021-12-31', new Date(Date.UTC(2022, 0, 1)), '2021-12-31T12:00:00Z'],
      { type: 'date' },
    );
    expect(column.values).toEqual([
      '2023-05-17',
      '2021-12-31',
      '2022-01-01',
      '2021-12-31T12:00:00Z',
    ]);
    expect(Array.from(column.rank)).toEqual([3, 0, 2, 1]);
  });

  it('keeps the hierarchy', () => {
    const h = new Hierarchy([['a', '*']]);
    expect(encodeSensitiveColumn('s', ['a'], { hierarchy: h }).hierarchy).toBe(h);
  });

  it.each([
    ['integer', 'ten'],
    ['decimal', '1,000.5'],
    ['date', 'yesterday'],
  ] as const)('refuses a %s column holding %s, naming column and value', (type, value) => {
    const e = errorOf(() => encodeSensitiveColumn('amount', ['1', value], { type }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.column).toBe('amount');
    expect(e.value).toBe(value);
  });
});
