import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate } from '../../../src/metrics/result.js';
import {
  columnUtility,
  kolmogorovSmirnovStatistic,
  totalVariationDistance,
  wassersteinDistance,
} from '../../../src/metrics/utility/index.js';
import { csvDataset, dataset } from './helpers.js';

const byName = (ms: ReturnType<typeof columnUtility>, name: string) =>
  ms.find((m) => m.name === name);

describe('kernels, by hand', () => {
  it('TVD of {a 2/3, b 1/3} and {a 1/3, b 2/3} is ½(1/3 + 1/3) = 1/3', () => {
    expect(totalVariationDistance([2, 1], [1, 2])).toBeCloseTo(1 / 3, 12);
    expect(totalVariationDistance([1, 0], [0, 5])).toBe(1);
    expect(totalVariationDistance([0, 0], [0, 0])).toBeNaN();
  });

  it('KS D of {1,2,3} and {2,3,4}: F_a − F_b at 1, 2, 3 is 1/3 each → 1/3', () => {
    expect(kolmogorovSmirnovStatistic([1, 2, 3], [2, 3, 4])).toBeCloseTo(1 / 3, 12);
    // Ties: {1,1,2} vs {1,2,2}: at 1, 2/3 − 1/3 = 1/3; at 2, 0.
    expect(kolmogorovSmirnovStatistic([1, 1, 2], [1, 2, 2])).toBeCloseTo(1 / 3, 12);
    expect(kolmogorovSmirnovStatistic([1, NaN], [5])).toBe(1);
  });

  it('W₁ of {0,0,3} and {0,3,3}: |2/3 − 1/3| on [0,3[ → 1; a shift by 1 moves by 1', () => {
    expect(wassersteinDistance([0, 0, 3], [0, 3, 3])).toBeCloseTo(1, 12);
    expect(wassersteinDistance([0, 1], [1, 2])).toBeCloseTo(1, 12);
  });
});

describe('columnUtility', () => {
  it('categorical: TVD and its complement on non-missing values, missing-rate difference', () => {
    const o = dataset({ c: ['a', 'a', 'b', null] });
    const r = dataset({ c: ['a', 'b', 'b', 'b'] });
    const ms = columnUtility(o, r, 'c');
    // o: {a 2/3, b 1/3}; r: {a 1/4, b 3/4} → TVD = ½(5/12 + 5/12) = 5/12. Missing rates 1/4, 0.
    expect(byName(ms, 'totalVariationDistance')?.value).toBeCloseTo(5 / 12, 12);
    expect(byName(ms, 'totalVariationComplement')?.value).toBeCloseTo(7 / 12, 12);
    expect(byName(ms, 'missingRateDifference')?.value).toBeCloseTo(0.25, 12);
    expect(byName(ms, 'missingSimilarity')?.value).toBeCloseTo(0.75, 12);
  });

  it('numeric: KS, and Wasserstein divided by the original range', () => {
    const o = dataset({ x: [0, 0, 3] }, { x: 'integer' });
    const r = dataset({ x: ['0', '[2-4]', '3'] }, { x: 'integer' });
    const ms = columnUtility(o, r, 'x');
    // r reads as {0, 3, 3}: D = 2/3 − 1/3 = 1/3; W₁ = 1, range 3 → 1/3.
    expect(byName(ms, 'kolmogorovSmirnov')?.value).toBeCloseTo(1 / 3, 12);
    expect(byName(ms, 'wasserstein')?.value).toBeCloseTo(1 / 3, 12);
  });

  it('counts * as missing in the missing rate and reports the suppressions', () => {
    const o = dataset({ x: [1, 2, 3, 4] }, { x: 'integer' });
    const r = dataset({ x: ['1', '*', '3', '4'] }, { x: 'integer' });
    const m = byName(columnUtility(o, r, 'x'), 'missingRateDifference');
    expect(m?.value).toBe(0.25);
    expect(m?.details?.releaseSuppressed).toBe(1);
  });

  it('a column the release dropped is not applicable, with its reason', () => {
    const ms = columnUtility(dataset({ a: [1], b: ['x'] }), dataset({ b: ['x'] }), 'a');
    expect(ms.every((m) => m.value === null && m.reason === 'column not in the release')).toBe(
      true,
    );
  });

  it('a copy of the original scores TVD 0, KS 0, W 0, missing difference 0 (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            c: fc.constantFrom('a', 'b', 'c', null),
            x: fc.option(fc.integer({ min: -50, max: 50 })),
          }),
          {
            minLength: 1,
            maxLength: 40,
          },
        ),
        (rows) => {
          const d = dataset({ c: rows.map((r) => r.c), x: rows.map((r) => r.x) }, { x: 'integer' });
          for (const col of ['c', 'x']) {
            for (const m of columnUtility(d, d, col)) {
              if (m.value === null) continue;
              const better = m.details?.better;
              expect(m.value).toBeCloseTo(better === 'higher' ? 1 : 0, 12);
            }
          }
        },
      ),
      { numRuns: 100, seed: 6 },
    );
  });
});

describe('case B22: all-missing and empty columns', () => {
  const real = csvDataset('row,colour\n1,red\n2,red\n3,blue\n4,\n5,\n');
  const synth = csvDataset('row,colour\n1,\n2,\n3,\n4,\n5,\n');

  it('TV complement 0 (TVD 1) against an all-missing release, no exception', () => {
    const ms = columnUtility(real, synth, 'colour');
    expect(byName(ms, 'totalVariationDistance')?.value).toBe(1);
    expect(byName(ms, 'totalVariationComplement')?.value).toBe(0);
  });

  it('missing-value similarity = 1 − |0.4 − 1.0| = 0.4', () => {
    expect(byName(columnUtility(real, synth, 'colour'), 'missingSimilarity')?.value).toBeCloseTo(
      0.4,
      12,
    );
  });

  it('header-only tables: every figure not applicable, never 0', () => {
    const empty = csvDataset('row,colour\n');
    const ms = columnUtility(empty, empty, 'colour');
    expect(ms).toHaveLength(4);
    for (const m of ms) {
      expect(m.value).toBeNull();
      expect(m.reason).toBeTruthy();
    }
  });

  it('the aggregate averages only the applicable figures and lists the skipped ones', () => {
    const empty = csvDataset('row,colour\n');
    const figures = [
      byName(columnUtility(real, synth, 'colour'), 'totalVariationComplement'),
      byName(columnUtility(real, synth, 'colour'), 'missingSimilarity'),
      byName(columnUtility(empty, empty, 'colour'), 'totalVariationComplement'),
    ].filter((m) => m !== undefined);
    const a = aggregate(figures);
    // (0 + 0.4) / 2 = 0.2; the header-only figure skipped.
    expect(a.mean).toBeCloseTo(0.2, 12);
    expect(a.used).toBe(2);
    expect(a.skipped).toEqual(['totalVariationComplement(colour)']);
  });
});
