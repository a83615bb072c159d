/**
 * The attacker's intervals (auditTable) on tables worked out by hand.
 */
import { describe, expect, it } from 'vitest';
import { auditTable } from '../../../methods/tables/audit.js';
import { isDatanonymeError } from '../../../src/errors.js';
import { flat, structure } from './_structure.js';

/**
 * A 2 × 2 table with margins (cell = 3 × row node + column node):
 *
 *            T   y1  y2
 *     T     14    4  10
 *     x1     5    1   4
 *     x2     9    3   6
 */
const s = structure(flat('x', 2), flat('y', 2));
const values = Float64Array.of(14, 4, 10, 5, 1, 4, 9, 3, 6);

describe('auditTable', () => {
  it('the four inner cells hidden: intervals by hand', async () => {
    // Unknowns a = (x1,y1), b = (x1,y2), c = (x2,y1), d = (x2,y2) with a + b = 5, c + d = 9,
    // a + c = 4, b + d = 10. With a free: b = 5 − a, c = 4 − a, d = 5 + a. Every cell ≥ 0 gives
    // 0 ≤ a ≤ 4, hence a ∈ [0, 4], b ∈ [1, 5], c ∈ [0, 4], d ∈ [5, 9].
    const published = values.map((v, i) => ([4, 5, 7, 8].includes(i) ? NaN : v));
    expect(await auditTable(s, published)).toEqual([
      { cell: 4, lower: 0, upper: 4 },
      { cell: 5, lower: 1, upper: 5 },
      { cell: 7, lower: 0, upper: 4 },
      { cell: 8, lower: 5, upper: 9 },
    ]);
  });

  it('a negative lower bound widens the intervals', async () => {
    // Same equations with every cell ≥ −2: −2 ≤ a, b = 5 − a ≥ −2 ⇒ a ≤ 7, c = 4 − a ≥ −2 ⇒
    // a ≤ 6, d = 5 + a ≥ −2 ⇒ a ≥ −7: a ∈ [−2, 6], b ∈ [−1, 7], c ∈ [−2, 6], d ∈ [3, 11].
    const published = values.map((v, i) => ([4, 5, 7, 8].includes(i) ? NaN : v));
    expect(await auditTable(s, published, { lowerBound: -2 })).toEqual([
      { cell: 4, lower: -2, upper: 6 },
      { cell: 5, lower: -1, upper: 7 },
      { cell: 7, lower: -2, upper: 6 },
      { cell: 8, lower: 3, upper: 11 },
    ]);
  });

  it('one hidden cell in a line is recomputed exactly', async () => {
    // (x1, y1) hidden alone: 5 − 4 = 1.
    const published = values.map((v, i) => (i === 4 ? NaN : v));
    expect(await auditTable(s, published)).toEqual([{ cell: 4, lower: 1, upper: 1 }]);
  });

  it('a 1-D table with its total hidden: the parts are unbounded above', async () => {
    // Total = a + b with all three hidden: a, b ≥ 0 and nothing else, so [0, ∞) for each.
    const one = structure(flat('g', 2));
    const out = await auditTable(one, Float64Array.of(NaN, NaN, NaN));
    expect(out).toEqual([
      { cell: 0, lower: 0, upper: Infinity },
      { cell: 1, lower: 0, upper: Infinity },
      { cell: 2, lower: 0, upper: Infinity },
    ]);
  });

  it('magnitude values (non-integer): 2.5 + 1.25 = 3.75', async () => {
    // 1-D: total 3.75 = a + b, a hidden with b: a ∈ [0, 3.75].
    const one = structure(flat('g', 2));
    const out = await auditTable(one, Float64Array.of(3.75, NaN, NaN));
    expect(out[0]?.lower).toBe(0);
    expect(out[0]?.upper).toBeCloseTo(3.75, 9);
  });

  it('published values that do not add up are refused', async () => {
    const bad = Float64Array.from(values);
    bad[1] = 5; // column total y1 says 5 but 1 + 3 = 4
    const err = await auditTable(s, bad).catch((e: unknown) => e);
    expect(isDatanonymeError(err) && err.code).toBe('BAD_INPUT');
    // The first equation that fails is the grand total along y: 14 against 5 + 10. The cell is
    // named by its labels (not its index), the parts by their labels along y.
    expect(isDatanonymeError(err) && err.message).toBe(
      'the published values are inconsistent with the additivity of the table: the cell ' +
        'x=Total, y=Total is 14 but its parts along "y" (c1, c2) add up to 15',
    );
    expect(isDatanonymeError(err) && [err.column, err.value]).toEqual(['y', '14']);
    const hidden = values.map((v, i) => (i === 4 || i === 5 ? NaN : v));
    hidden[3] = 20; // row x1: a + b = 20 but then column totals fail: infeasible
    const err2 = await auditTable(s, hidden).catch((e: unknown) => e);
    expect(isDatanonymeError(err2) && err2.code).toBe('BAD_INPUT');
  });
});
