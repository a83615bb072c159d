import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertL,
  distinctLDiversity,
  entropy,
  entropyLDiversity,
  recursiveCLDiversity,
} from '../../src/privacy/lDiversity.js';
import { errorOf } from '../helpers/errors.js';
import { histogramOf, mergedCounts } from './helpers.js';

const EMPTY = histogramOf([0, 0, 0], 4); // four records, all with a missing sensitive value

describe('distinct l-diversity (Machanavajjhala et al. 2007)', () => {
  it('counts the distinct non-missing values', () => {
    const p = distinctLDiversity('smoker', 2);
    expect(p.name).toBe('distinct-2-diversity on "smoker"');
    expect(p.model).toBe('l-diversity');
    expect(p.column).toBe('smoker');
    // {yes × 2, no × 1}: two distinct values.
    expect(p.measure(histogramOf([2, 1]))).toBe(2);
    expect(p.isValid(histogramOf([2, 1]))).toBe(true);
    // {yes × 2} plus one missing value: one distinct value (the missing one is not a value, B10).
    expect(p.measure(histogramOf([2, 0], 1))).toBe(1);
    expect(p.isValid(histogramOf([2, 0], 1))).toBe(false);
  });

  it('a class with no non-missing value has l = 0 and fails even l = 1', () => {
    expect(distinctLDiversity('s', 1).measure(EMPTY)).toBe(0);
    expect(distinctLDiversity('s', 1).isValid(EMPTY)).toBe(false);
    expect(distinctLDiversity('s', 1).isValid(histogramOf([1]))).toBe(true);
  });

  it('is monotone, and monotone with suppression', () => {
    const p = distinctLDiversity('s', 3);
    expect(p.monotone).toBe(true);
    expect(p.monotoneWithSuppression).toBe(true);
  });
});

describe('entropy l-diversity (Machanavajjhala et al. 2007)', () => {
  it('B10: {yes, yes, no} has exp(entropy) = 1.8899…, {yes, no} 2', () => {
    // H = −(2/3 ln 2/3 + 1/3 ln 1/3) = 0.27031 + 0.36620 = 0.63651; exp(0.63651) = 1.88988.
    const h = -((2 / 3) * Math.log(2 / 3) + (1 / 3) * Math.log(1 / 3));
    expect(h).toBeCloseTo(0.636514, 6);
    const p = entropyLDiversity('smoker', 2);
    expect(p.measure(histogramOf([2, 1]))).toBeCloseTo(1.889882, 6);
    expect(p.isValid(histogramOf([2, 1]))).toBe(false); // 0.6365 < ln 2 = 0.6931
    // H = −2 · ½ ln ½ = ln 2, so exp(H) = 2 and 2-diversity holds exactly.
    expect(p.measure(histogramOf([1, 1]))).toBeCloseTo(2, 12);
    expect(p.isValid(histogramOf([1, 1]))).toBe(true);
  });

  it('l equally frequent values pass exactly l, and fail anything above', () => {
    // Seven values × 13 records each: H = ln 7 computed with rounding; the tolerance lets it pass.
    const seven = histogramOf([13, 13, 13, 13, 13, 13, 13]);
    expect(entropyLDiversity('s', 7).isValid(seven)).toBe(true);
    expect(entropyLDiversity('s', 7.000001).isValid(seven)).toBe(false);
    // Three values × 1/3 each, through weights that are not exact in binary.
    const thirds = histogramOf([0.1, 0.1, 0.1]);
    expect(entropyLDiversity('s', 3).isValid(thirds)).toBe(true);
  });

  it('l = 1 asks for one non-missing value; an empty class fails with measure 0', () => {
    expect(entropyLDiversity('s', 1).isValid(histogramOf([5]))).toBe(true);
    expect(entropyLDiversity('s', 1).isValid(EMPTY)).toBe(false);
    expect(entropyLDiversity('s', 1).measure(EMPTY)).toBe(0);
    expect(entropy(EMPTY)).toBe(0);
  });

  it('accepts a real l ≥ 1', () => {
    // {a × 3, b × 1}: H = −(¾ ln ¾ + ¼ ln ¼) = 0.21576 + 0.34657 = 0.56233, exp = 1.7548.
    expect(entropyLDiversity('s', 1.75).isValid(histogramOf([3, 1]))).toBe(true);
    expect(entropyLDiversity('s', 1.76).isValid(histogramOf([3, 1]))).toBe(false);
  });
});

describe('recursive (c,l)-diversity (Machanavajjhala et al. 2007)', () => {
  // Counts sorted: r1 = 5, r2 = 3, r3 = 2, r4 = 1.
  const h = histogramOf([2, 5, 1, 3]);

  it('checks r1 < c · (r_l + … + r_m) by hand', () => {
    // c = 2, l = 3: r3 + r4 = 3, 5 < 2 · 3 = 6: valid.
    expect(recursiveCLDiversity('s', 2, 3).isValid(h)).toBe(true);
    // c = 2, l = 4: r4 = 1, 5 < 2 · 1 = 2 fails.
    expect(recursiveCLDiversity('s', 2, 4).isValid(h)).toBe(false);
    // c = 1, l = 2: r2 + r3 + r4 = 6, 5 < 6: valid; c = 1, l = 3: 5 < 3 fails.
    expect(recursiveCLDiversity('s', 1, 2).isValid(h)).toBe(true);
    expect(recursiveCLDiversity('s', 1, 3).isValid(h)).toBe(false);
    // m ≥ l is required: l = 5 > m = 4 fails whatever c.
    expect(recursiveCLDiversity('s', 1000, 5).isValid(h)).toBe(false);
    // The inequality is strict: {a × 4, b × 2}, c = 2, l = 2: 4 < 2 · 2 fails.
    expect(recursiveCLDiversity('s', 2, 2).isValid(histogramOf([4, 2]))).toBe(false);
  });

  it('measures the largest l for which (c,l) holds', () => {
    expect(recursiveCLDiversity('s', 2, 2).measure(h)).toBe(3); // l = 4 fails, l = 3 holds
    expect(recursiveCLDiversity('s', 1, 2).measure(h)).toBe(2);
    expect(recursiveCLDiversity('s', 6, 2).measure(h)).toBe(4); // 5 < 6 · 1
    // c = 0.5: l = 2 needs 5 < 0.5 · 6 = 3, fails; one value is there: measure 1.
    expect(recursiveCLDiversity('s', 0.5, 2).measure(h)).toBe(1);
    expect(recursiveCLDiversity('s', 0.5, 1).isValid(h)).toBe(true);
    expect(recursiveCLDiversity('s', 2, 1).measure(EMPTY)).toBe(0);
    expect(recursiveCLDiversity('s', 2, 1).isValid(EMPTY)).toBe(false);
    expect(recursiveCLDiversity('s', 3, 2).name).toBe('recursive-(3,2)-diversity on "s"');
  });

  it('valid iff measure ≥ l, on random histograms', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }),
        fc.double({ min: 0.1, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 6 }),
        (counts, c, l) => {
          const p = recursiveCLDiversity('s', c, l);
          const hist = histogramOf(counts);
          expect(p.isValid(hist)).toBe(p.measure(hist) >= l);
          // Independent check from the definition.
          const r = counts.filter((x) => x > 0).sort((a, b) => b - a);
          const tail = r.slice(l - 1).reduce((a, b) => a + b, 0);
          const expected = l === 1 ? r.length >= 1 : r.length >= l && (r[0] as number) < c * tail;
          expect(p.isValid(hist)).toBe(expected);
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('recursive (c,l) on more than 32 values (the sorting path)', () => {
  it('counts 1 … 40 in shuffled order', () => {
    // Sorted: r1 = 40, r_j = 41 − j. Tail r_l + … + r_40 = Σ_{v=1}^{41−l} v = (41 − l)(42 − l)/2.
    // c = 0.1, l = 20: tail = 21 · 22 / 2 = 231, 0.1 · 231 = 23.1 < 40 fails;
    // l = 10: tail = 31 · 32 / 2 = 496, 49.6 > 40 holds; l = 12: 29 · 30 / 2 = 435 → 43.5 holds;
    // l = 13: 28 · 29 / 2 = 406 → 40.6 holds; l = 14: 27 · 28 / 2 = 378 → 37.8 fails. Measure 13.
    const counts = Array.from({ length: 40 }, (_, i) => ((i * 17) % 40) + 1);
    expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    const h = histogramOf(counts);
    expect(recursiveCLDiversity('s', 0.1, 13).isValid(h)).toBe(true);
    expect(recursiveCLDiversity('s', 0.1, 14).isValid(h)).toBe(false);
    expect(recursiveCLDiversity('s', 0.1, 2).measure(h)).toBe(13);
  });
});

describe('monotonicity (model.ts): merge two valid classes → valid', () => {
  const counts = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 });
  const cases = [
    ['distinct', (l: number) => distinctLDiversity('s', Math.round(l))],
    ['entropy', (l: number) => entropyLDiversity('s', l)],
    ['recursive c = 2', (l: number) => recursiveCLDiversity('s', 2, Math.round(l))],
    ['recursive c = 0.7', (l: number) => recursiveCLDiversity('s', 0.7, Math.round(l))],
  ] as const;
  it.each(cases)('%s', (_name, make) => {
    let bothValid = 0;
    fc.assert(
      fc.property(counts, counts, fc.double({ min: 1, max: 3, noNaN: true }), (a, b, l) => {
        const p = make(l);
        expect(p.monotone).toBe(true);
        if (p.isValid(histogramOf(a)) && p.isValid(histogramOf(b))) {
          bothValid++;
          expect(p.isValid(histogramOf(mergedCounts(a, b)))).toBe(true);
        }
      }),
      { numRuns: 600, seed: 7 },
    );
    expect(bothValid).toBeGreaterThan(50); // the property was not vacuous
  });
});

describe('monotonicity with suppression: valid ∪ any → valid', () => {
  it('holds for distinct l-diversity, on random histograms', () => {
    const counts = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(counts, counts, fc.integer({ min: 1, max: 4 }), (a, b, l) => {
        const p = distinctLDiversity('s', l);
        if (p.isValid(histogramOf(a))) {
          expect(p.isValid(histogramOf(mergedCounts(a, b)))).toBe(true);
        }
      }),
    );
  });

  it('fails for entropy and recursive: {a, b} ∪ {a × 10} (counter-example in lDiversity.ts)', () => {
    const valid = [1, 1]; // {a, b}
    const skewed = [10, 0]; // {a × 10}
    const union = mergedCounts(valid, skewed); // {a × 11, b × 1}
    const e = entropyLDiversity('s', 2);
    expect(e.isValid(histogramOf(valid))).toBe(true); // H = ln 2
    // H = −(11/12 ln 11/12 + 1/12 ln 1/12) = 0.07976 + 0.20708 = 0.28684 < ln 2 = 0.69315.
    expect(entropy(histogramOf(union))).toBeCloseTo(0.286836, 5);
    expect(e.isValid(histogramOf(union))).toBe(false);
    expect(e.monotoneWithSuppression).toBe(false);
    const r = recursiveCLDiversity('s', 2, 2);
    expect(r.isValid(histogramOf(valid))).toBe(true); // 1 < 2 · 1
    expect(r.isValid(histogramOf(union))).toBe(false); // 11 ≥ 2 · 1
    expect(r.monotoneWithSuppression).toBe(false);
    // With l = 1 one value suffices, which no union removes.
    expect(entropyLDiversity('s', 1).monotoneWithSuppression).toBe(true);
    expect(recursiveCLDiversity('s', 2, 1).monotoneWithSuppression).toBe(true);
  });
});

describe('parameter checks', () => {
  it.each([0, -1, 2.5, Number.NaN, Infinity, '2', null])(
    'distinct and recursive refuse l = %s',
    (l) => {
      for (const make of [
        () => distinctLDiversity('s', l as number),
        () => recursiveCLDiversity('s', 2, l as number),
      ]) {
        const e = errorOf(make);
        expect(e.code).toBe('BAD_PARAMETER');
        expect(e.field).toBe('l');
        expect(e.value).toBe(String(l));
        expect(e.message).toMatch(/^l must be an integer ≥ 1, got /);
      }
    },
  );

  it.each([0.99, 0, Number.NaN, Infinity, '2'])('entropy refuses l = %s', (l) => {
    const e = errorOf(() => entropyLDiversity('s', l as number));
    expect(e.code).toBe('BAD_PARAMETER');
    expect(e.field).toBe('l');
    expect(e.message).toMatch(/^l must be a finite number ≥ 1, got /);
  });

  it('entropy accepts a real l, distinct does not', () => {
    expect(entropyLDiversity('s', 2.5).l).toBe(2.5);
    expect(() => {
      assertL(2.5, true);
    }).toThrow(/integer/);
  });

  it.each([0, -2, Number.NaN, Infinity, '3'])('recursive refuses c = %s', (c) => {
    const e = errorOf(() => recursiveCLDiversity('s', c as number, 2));
    expect(e.code).toBe('BAD_PARAMETER');
    expect(e.field).toBe('c');
    expect(e.value).toBe(String(c));
    expect(e.message).toMatch(/^c must be a finite number > 0, got /);
  });
});
