/**
 * Primary rules: frequency, dominance (n, k) and p %, with their protection levels computed by
 * hand from the formulas of Hundepool et al. 2012, §4.2.2.
 */
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  dominanceProtection,
  frequencyProtection,
  pPercentProtection,
} from '../../../methods/tables/protection.js';
import { primarySuppression } from '../../../methods/tables/rules.js';
import { tabulate } from '../../../methods/tables/tabulate.js';
import { STATUS } from '../../../methods/tables/types.js';

const tab = (g: string[], v?: number[], largestKept?: number) =>
  tabulate(
    { table: table(v === undefined ? { g } : { g, v }), columns: [] },
    {
      by: ['g'],
      ...(v === undefined ? {} : { value: 'v' }),
      ...(largestKept === undefined ? {} : { largestKept }),
    },
  );

describe('protection levels (hand computations)', () => {
  it('dominance (1, 85): 100 / 85 × 90 − 100 = 5.882…', () => {
    expect(dominanceProtection(100, 90, 85)).toBeCloseTo(9000 / 85 - 100, 12);
    // 80 ≤ 0.85 × 100: safe, level 0.
    expect(dominanceProtection(100, 80, 85)).toBe(0);
  });
  it('p % (p = 10): 0.1 × 60 − (100 − 60 − 35) = 1', () => {
    expect(pPercentProtection(100, 60, 35, 10)).toBeCloseTo(1, 12);
    // remainder 100 − 50 − 20 = 30 ≥ 5: safe.
    expect(pPercentProtection(100, 50, 20, 10)).toBe(0);
  });
  it('frequency: 10 % of the value, at least 1 on counts', () => {
    expect(frequencyProtection(2, 10, true)).toBe(1);
    expect(frequencyProtection(50, 10, true)).toBe(5);
    expect(frequencyProtection(200, 10, false)).toBe(20);
  });
});

describe('primarySuppression', () => {
  it('frequency rule n = 3: cells of 1 and 2 units are A, zeros only when protected', () => {
    // a: 1 unit, b: 2, c: 3 → labels Total, a, b, c
    const t = tab(['a', 'b', 'b', 'c', 'c', 'c']);
    const r = primarySuppression(t, { frequency: { n: 3 } });
    expect(Array.from(r.status)).toEqual([STATUS.V, STATUS.A, STATUS.A, STATUS.V]);
    // counts 1 and 2: max(1, 10 % of x) = 1; lower capped at x (1 ≤ 1).
    expect(Array.from(r.protection.upper)).toEqual([0, 1, 1, 0]);
    expect(Array.from(r.protection.lower)).toEqual([0, 1, 1, 0]);
  });

  it('protects zeros on request (a hierarchy leaf absent from the data)', async () => {
    const { Hierarchy } = await import('../../../src/hierarchy/hierarchy.js');
    const h = new Hierarchy([
      ['a', '*'],
      ['b', '*'],
    ]);
    const t = tabulate(
      { table: table({ g: ['a', 'a', 'a'] }), columns: [] },
      { by: ['g'], hierarchies: { g: h } },
    );
    expect(Array.from(primarySuppression(t, { frequency: { n: 3 } }).status)).toEqual([0, 0, 0]);
    const z = primarySuppression(t, { frequency: { n: 3, protectZeros: true } });
    expect(Array.from(z.status)).toEqual([0, 0, STATUS.A]);
    // zero cell: lower capped at 0, upper 1.
    expect(z.protection.lower[2]).toBe(0);
    expect(z.protection.upper[2]).toBe(1);
  });

  it('dominance (1, 85): a cell where one unit holds 90 of 100 is B, level 100/85 × 90 − 100', () => {
    // a: 90 + 5 + 5 = 100 (90 % > 85 %): unsafe; b: 40 + 30 + 30 = 100 (40 %): safe.
    // Total: 200, largest 90 (45 %): safe.
    const t = tab(['a', 'a', 'a', 'b', 'b', 'b'], [90, 5, 5, 40, 30, 30]);
    const r = primarySuppression(t, { dominance: { n: 1, k: 85 } });
    expect(Array.from(r.status)).toEqual([STATUS.V, STATUS.B, STATUS.V]);
    expect(r.protection.upper[1]).toBeCloseTo(9000 / 85 - 100, 10);
    expect(r.protection.lower[1]).toBeCloseTo(9000 / 85 - 100, 10);
  });

  it('dominance (2, 80): top two 70 + 25 = 95 of 110 > 88 → B, level 100/80 × 95 − 110 = 8.75', () => {
    const t = tab(['a', 'a', 'a', 'a'], [70, 25, 10, 5], 2);
    const r = primarySuppression(t, { dominance: { n: 2, k: 80 } });
    expect(r.status[1]).toBe(STATUS.B);
    expect(r.protection.upper[1]).toBeCloseTo(8.75, 10);
  });

  it('p % (p = 10): remainder 100 − 60 − 35 = 5 < 6 → B with level 1; remainder 30 ≥ 5 → V', () => {
    const t = tab(['a', 'a', 'a', 'b', 'b', 'b'], [60, 35, 5, 50, 20, 30]);
    const r = primarySuppression(t, { pPercent: { p: 10 } });
    expect(r.status[1]).toBe(STATUS.B);
    expect(r.protection.upper[1]).toBeCloseTo(1, 10);
    expect(r.status[2]).toBe(STATUS.V);
    // Total 200, x1 = 60, x2 = 50: remainder 90 ≥ 6: safe.
    expect(r.status[0]).toBe(STATUS.V);
  });

  it('A wins over B; protection is the larger of the two', () => {
    // a: one unit of 50. Frequency n = 3 → A (level max(1, 5) = 5); dominance → 100/85 × 50 − 50 = 8.82.
    const t = tab(['a', 'b', 'b', 'b'], [50, 10, 10, 10]);
    const r = primarySuppression(t, { frequency: { n: 3 }, dominance: { n: 1, k: 85 } });
    expect(r.status[1]).toBe(STATUS.A);
    expect(r.protection.upper[1]).toBeCloseTo(5000 / 85 - 50, 10);
    // lower capped at the cell value 50.
    expect(r.protection.lower[1]).toBeCloseTo(5000 / 85 - 50, 10);
  });

  it('refuses concentration rules on counts, negative values, and too few kept contributions', () => {
    expect(() => primarySuppression(tab(['a']), { dominance: { n: 1, k: 85 } })).toThrow(
      /magnitude/,
    );
    expect(() => primarySuppression(tab(['a', 'a'], [5, -3]), { pPercent: { p: 10 } })).toThrow(
      /negative/,
    );
    expect(() => primarySuppression(tab(['a'], [5]), { dominance: { n: 3, k: 85 } })).toThrow(
      /largestKept/,
    );
    expect(() => primarySuppression(tab(['a']), {})).toThrow(/no primary rule/);
    expect(() => primarySuppression(tab(['a'], [1]), { dominance: { n: 1, k: 0 } })).toThrow(
      /percentage/,
    );
  });
});
