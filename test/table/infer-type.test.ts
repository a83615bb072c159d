import { describe, expect, it } from 'vitest';
import {
  columnType,
  isIsoDate,
  KIND_ANY,
  KIND_DATE,
  KIND_DECIMAL_COMMA,
  KIND_DECIMAL_DOT,
  KIND_HAS_COMMA,
  KIND_HAS_DOT,
  KIND_INTEGER,
  valueKinds,
} from '../../src/table/infer-type.js';

const NUMBER_KINDS = KIND_INTEGER | KIND_DECIMAL_DOT | KIND_DECIMAL_COMMA;

describe('valueKinds', () => {
  it('reads integers without leading zeros and with at most 15 digits', () => {
    expect(valueKinds('0')).toBe(NUMBER_KINDS);
    expect(valueKinds('34')).toBe(NUMBER_KINDS);
    expect(valueKinds('-12')).toBe(NUMBER_KINDS);
    expect(valueKinds('+7')).toBe(NUMBER_KINDS);
    expect(valueKinds('123456789012345')).toBe(NUMBER_KINDS);
  });

  it('keeps codes as text: leading zeros, 16+ digits, signed zero', () => {
    for (const text of ['01200', '007', '1234567890123456', '4000123412341234567', '-0', '+0']) {
      expect(valueKinds(text), text).toBe(0);
    }
  });

  it('reads strict decimals with either mark', () => {
    expect(valueKinds('2150.50')).toBe(KIND_DECIMAL_DOT | KIND_HAS_DOT);
    expect(valueKinds('2150,50')).toBe(KIND_DECIMAL_COMMA | KIND_HAS_COMMA);
    expect(valueKinds('-0.5')).toBe(KIND_DECIMAL_DOT | KIND_HAS_DOT);
    expect(valueKinds('0.000000000000001')).toBe(KIND_DECIMAL_DOT | KIND_HAS_DOT);
    expect(valueKinds('12345678901234.5')).toBe(KIND_DECIMAL_DOT | KIND_HAS_DOT);
  });

  it('rejects what is not a plain decimal', () => {
    for (const text of [
      '007.5',
      '.5',
      '5.',
      '1e5',
      '0x1F',
      'Infinity',
      'NaN',
      '1.2.3',
      '1 000',
      '1,234.5',
      '123456789012345.6',
    ]) {
      expect(valueKinds(text), text).toBe(0);
    }
  });

  it('reads valid ISO dates only', () => {
    expect(valueKinds('2024-02-29')).toBe(KIND_DATE);
    expect(valueKinds('2023-02-29')).toBe(0);
    expect(valueKinds('2023-13-01')).toBe(0);
    expect(valueKinds('2023-1-01')).toBe(0);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2023-04-31')).toBe(false);
    expect(isIsoDate('2023-12-31')).toBe(true);
  });
});

describe('columnType', () => {
  const summarise = (values: string[]) => {
    let kinds = KIND_ANY;
    let marks = 0;
    for (const v of values) {
      kinds &= valueKinds(v);
      marks |= valueKinds(v);
    }
    return { kinds, marks, seen: values.length };
  };

  it('types integer, decimal, date and categorical columns', () => {
    expect(columnType(summarise(['1', '22', '-3']), true, true)).toEqual({ type: 'integer' });
    expect(columnType(summarise(['1', '2.5']), true, true)).toEqual({ type: 'decimal', mark: '.' });
    expect(columnType(summarise(['1980', '2150,50']), true, true)).toEqual({
      type: 'decimal',
      mark: ',',
    });
    expect(columnType(summarise(['2024-01-31', '1999-12-01']), true, true)).toEqual({
      type: 'date',
    });
    expect(columnType(summarise(['1', 'one']), true, true)).toEqual({ type: 'categorical' });
    expect(columnType(summarise([]), true, true)).toEqual({ type: 'categorical' });
  });

  it('never mixes marks, and obeys which marks are allowed', () => {
    expect(columnType(summarise(['1.5', '2,5']), true, true)).toEqual({ type: 'categorical' });
    expect(columnType(summarise(['2150,50']), true, false)).toEqual({ type: 'categorical' });
    expect(columnType(summarise(['2150.50']), false, true)).toEqual({ type: 'categorical' });
  });
});
