import { describe, expect, it } from 'vitest';
import {
  decimalsOfText,
  fixedDecimalsOf,
  maxDecimalsOf,
  withDecimals,
} from '../../src/table/decimals.js';

describe('decimals of a column, read from its text and written back', () => {
  it('reads the decimals of one value, either mark', () => {
    expect(decimalsOfText('2517,40')).toBe(2);
    expect(decimalsOfText('-3.125')).toBe(3);
    expect(decimalsOfText('4339')).toBe(0);
    expect(decimalsOfText('1e5')).toBeNull();
    expect(decimalsOfText('abc')).toBeNull();
  });

  it('a fixed count only when every present value shares it (missing cells skipped)', () => {
    expect(fixedDecimalsOf(['2517,40', '4339,00', 'NA', '', null], ['NA'])).toBe(2);
    expect(fixedDecimalsOf(['2517,4', '4339,00'], [])).toBeUndefined();
    expect(fixedDecimalsOf(['12', '13'], [])).toBeUndefined();
    expect(fixedDecimalsOf(['12,50', 'x'], [])).toBeUndefined();
    expect(fixedDecimalsOf(['0.123456789012'], [])).toBe(10);
  });

  it('the largest count, 0 for integers, undefined when a value is not a number', () => {
    expect(maxDecimalsOf(['7252,59', '12', ''], [])).toBe(2);
    expect(maxDecimalsOf(['3', '4'], [])).toBe(0);
    expect(maxDecimalsOf(['3', 'x'], [])).toBeUndefined();
  });

  it('writes numbers with the count and the mark, never -0, other cells unchanged', () => {
    expect(withDecimals(2517.4, 2, ',')).toBe('2517,40');
    expect(withDecimals(4339, 2, '.')).toBe('4339.00');
    expect(withDecimals(-0.001, 2, ',')).toBe('0,00');
    expect(withDecimals(null, 2, ',')).toBeNull();
    expect(withDecimals('Total', 2, ',')).toBe('Total');
  });
});
