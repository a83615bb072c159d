/**
 * freshIdentifiers: distinct invented values, never an input value, of the column's kind and
 * shape, reproducible from the seed; under DP (no originals) a generic shape.
 */
import { describe, expect, it } from 'vitest';
import { freshIdentifiers } from '../../../methods/synthesis/identifiers.js';
import { seededRandom } from '../../../src/random/source.js';

describe('freshIdentifiers', () => {
  it('gives more rows than input values distinct codes, none an input value', () => {
    const originals = ['R-0001', 'R-0002', 'R-0003'];
    const out = freshIdentifiers('record_code', originals, 10, seededRandom(1));
    expect(out).toHaveLength(10);
    expect(new Set(out).size).toBe(10);
    for (const v of out) {
      expect(originals).not.toContain(v);
      // The input's shape (R-dddd), with a digit suffix past the third row.
      expect(v).toMatch(/^R-\d{4}\d*$/);
    }
  });

  it('is reproducible from the seed and changes with it', () => {
    const a = freshIdentifiers('record_code', ['R-0001', 'R-0002'], 5, seededRandom(7));
    const b = freshIdentifiers('record_code', ['R-0001', 'R-0002'], 5, seededRandom(7));
    const c = freshIdentifiers('record_code', ['R-0001', 'R-0002'], 5, seededRandom(8));
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('gives an integer identifier distinct integers of its digit width, none an input value', () => {
    const six = ['1', '2', '3', '4', '5', '6'];
    // Three free one-digit integers (7, 8, 9): enough for three rows…
    const three = freshIdentifiers('id', six, 3, seededRandom(1));
    expect([...three].sort()).toEqual(['7', '8', '9']);
    // …not for six: then two digits, never `1-2` or `0`.
    const more = freshIdentifiers('id', six, 6, seededRandom(1));
    expect(new Set(more).size).toBe(6);
    for (const v of more) expect(v).toMatch(/^[1-9]\d$/);
    const wide = Array.from({ length: 100 }, (_, i) => String(10_400 + i));
    const out = freshIdentifiers('num_acc', wide, 500, seededRandom(2));
    expect(new Set(out).size).toBe(500);
    for (const v of out) {
      expect(v).toMatch(/^[1-9]\d{4}$/);
      expect(wide).not.toContain(v);
    }
    expect(freshIdentifiers('num_acc', wide, 500, seededRandom(2))).toEqual(out);
    // Leading zeros make a code, not an integer: its shape is kept.
    for (const v of freshIdentifiers('code', ['007', '012'], 2, seededRandom(3))) {
      expect(v).toMatch(/^\d{3}$/);
    }
  });

  it('under DP gives codes of one fixed width: ID- and 6 digits, 7 past 100,000 rows', () => {
    const out = freshIdentifiers('record_id', null, 1000, seededRandom(4));
    expect(new Set(out).size).toBe(1000);
    for (const v of out) expect(v).toMatch(/^ID-\d{6}$/);
    expect(freshIdentifiers('record_id', null, 1000, seededRandom(4))).toEqual(out);
    const many = freshIdentifiers('record_id', null, 200_000, seededRandom(5));
    expect(new Set(many).size).toBe(200_000);
    expect(many.every((v) => /^ID-\d{7}$/.test(v))).toBe(true);
  });

  it('under DP reads nothing but the name: e-mail addresses for an "email" column', () => {
    const out = freshIdentifiers('email', null, 4, seededRandom(3));
    expect(new Set(out).size).toBe(4);
    for (const v of out) expect(v).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  it('an integer identifier column of 200,000 values (a spread of that many arguments overflows the stack)', () => {
    const originals = Array.from({ length: 200_000 }, (_, i) => String(100_000 + i));
    const out = freshIdentifiers('id', originals, 5, seededRandom(1));
    expect(out).toHaveLength(5);
    const taken = new Set(originals);
    for (const x of out) {
      expect(x).toMatch(/^\d{6}$/);
      expect(taken.has(x)).toBe(false);
    }
  });
});
