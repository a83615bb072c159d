/**
 * `implies`: the weaker, suppression-monotone predicate the lattice search prefilters with must
 * accept every class the stronger one accepts, or the prefilter would discard satisfying
 * transformations and the search would no longer be exact.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { entropyLDiversity, recursiveCLDiversity } from '../../src/privacy/lDiversity.js';
import type { SensitiveHistogram, SensitivePredicate } from '../../src/privacy/model.js';

function histogram(counts: readonly number[]): SensitiveHistogram {
  const present = counts.filter((c) => c > 0);
  return {
    codes: Int32Array.from(present.map((_, i) => i)),
    counts: Float64Array.from(present),
    length: present.length,
    total: present.reduce((a, b) => a + b, 0),
    missing: 0,
  };
}

function checkImplication(p: SensitivePredicate, counts: readonly number[]): void {
  const implied = p.implies;
  expect(implied).toBeDefined();
  if (implied === undefined) return;
  expect(implied.monotoneWithSuppression).toBe(true);
  const h = histogram(counts);
  if (p.isValid(h)) expect(implied.isValid(h)).toBe(true);
}

describe('implied predicates', () => {
  it('entropy l-diversity implies distinct ⌈l⌉-diversity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(1.2, 1.5, 2, 2.5, 3, 4),
        (counts, l) => {
          checkImplication(entropyLDiversity('s', l), counts);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('an entropy-2 class with exactly two equally frequent values passes both (no rounding loss)', () => {
    // ln 2 entropy exactly: {a × 3, b × 3}; distinct count 2.
    const p = entropyLDiversity('s', 2);
    expect(p.isValid(histogram([3, 3]))).toBe(true);
    expect(p.implies?.isValid(histogram([3, 3]))).toBe(true);
    expect(p.implies?.isValid(histogram([6]))).toBe(false);
  });

  it('recursive (c,l)-diversity implies distinct l-diversity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(0.5, 1, 2, 3),
        fc.integer({ min: 1, max: 4 }),
        (counts, c, l) => {
          checkImplication(recursiveCLDiversity('s', c, l), counts);
        },
      ),
      { numRuns: 500 },
    );
  });
});
