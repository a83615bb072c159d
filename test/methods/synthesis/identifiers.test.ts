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

  it('under DP reads nothing but the name: e-mail addresses for an "email" column', () => {
    const out = freshIdentifiers('email', null, 4, seededRandom(3));
    expect(new Set(out).size).toBe(4);
    for (const v of out) expect(v).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });
});
