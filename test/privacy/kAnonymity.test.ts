import { describe, expect, it } from 'vitest';
import { DatanonymeError } from '../../src/errors.js';
import { assertK, kAnonymity } from '../../src/privacy/kAnonymity.js';

describe('kAnonymity', () => {
  it('accepts a class iff its size is at least k (Sweeney 2002)', () => {
    const model = kAnonymity(3);
    expect(model.name).toBe('3-anonymity');
    expect(model.k).toBe(3);
    expect([0, 1, 2, 3, 4, 100].map((size) => model.isValidClass(size))).toEqual([
      false,
      false,
      false,
      true,
      true,
      true,
    ]);
  });

  it('k = 1 accepts every non-empty class', () => {
    expect(kAnonymity(1).isValidClass(1)).toBe(true);
  });

  it.each([0, -1, 2.5, Number.NaN, Infinity, '3', null])(
    'refuses k = %s with a parameter error naming k',
    (k) => {
      let error: unknown;
      try {
        assertK(k);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatanonymeError);
      const e = error as DatanonymeError;
      expect(e.code).toBe('BAD_PARAMETER');
      expect(e.field).toBe('k');
      expect(e.message).toMatch(/^k must be an integer ≥ 1, got /);
    },
  );

  it('names the value in the message', () => {
    expect(() => kAnonymity(2.5)).toThrow('k must be an integer ≥ 1, got 2.5');
    expect(() => {
      assertK('3');
    }).toThrow('k must be an integer ≥ 1, got "3"');
  });
});
