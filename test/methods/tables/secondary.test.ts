/**
 * secondarySuppression: the dispatcher, the default cost, the interval repairs of the heuristic
 * (Kelly, Golden & Assad, *Networks* 22, 1992) checked with the attacker's LP (auditTable), and
 * random magnitude tables with dominance protection levels.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditTable } from '../../../methods/tables/audit.js';
import { dominanceProtection, frequencyProtection } from '../../../methods/tables/protection.js';
import { gaussSuppression } from '../../../methods/tables/secondary-heuristic.js';
import { secondarySuppression } from '../../../methods/tables/secondary.js';
import { STATUS, type TableStructure } from '../../../methods/tables/types.js';
import { isDatanonymeError } from '../../../src/errors.js';
import { fillTotals, flat, structure, tree } from './_structure.js';

const published = (values: Float64Array, status: Uint8Array) =>
  values.map((v, c) => (status[c] === STATUS.V ? v : NaN));

/** Every primary's attacker interval contains [x − lower, x + upper] (1e-6). */
async function expectProtected(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  lower: Float64Array,
  upper: Float64Array,
): Promise<void> {
  let lb = 0;
  for (const v of values) lb = Math.min(lb, v);
  for (const a of await auditTable(s, published(values, status), { lowerBound: lb })) {
    if (status[a.cell] !== STATUS.A && status[a.cell] !== STATUS.B) continue;
    const x = values[a.cell] ?? 0;
    const tol = 1e-6 * Math.max(1, Math.abs(x));
    expect(a.lower, `cell ${a.cell} lower`).toBeLessThanOrEqual(
      Math.max(lb, x - (lower[a.cell] ?? 0)) + tol,
    );
    expect(a.upper, `cell ${a.cell} upper`).toBeGreaterThanOrEqual(x + (upper[a.cell] ?? 0) - tol);
  }
}

describe('secondarySuppression', () => {
  for (const method of ['heuristic', 'optimal'] as const) {
    it(`${method}: issue 8's 3 × 3 table with one small cell hides a rectangle of four`, async () => {
      const s = structure(flat('r', 3), flat('c', 3));
      const values = fillTotals(s, (c) => (c === 5 ? 1 : 5));
      const status = new Uint8Array(s.size);
      status[5] = STATUS.A;
      // Frequency rule protection: max(1, 10 % of 1) = 1 each way (protection.ts).
      const lower = new Float64Array(s.size);
      const upper = new Float64Array(s.size);
      lower[5] = 1;
      upper[5] = 1;
      const r = await secondarySuppression(s, values, status, { lower, upper }, { method });
      // A rectangle (1,1), (1,q), (p,1), (p,q) of inner cells: three secondaries of value 5, the
      // cheapest pattern under cost = value (15 units), and (1,1) then ranges over [0, 6]
      // (moving the rectangle by ±t with t ≤ 1 down and t ≤ 5 up).
      expect(r.secondary).toBe(3);
      const hidden = [...r.status.keys()].filter((c) => r.status[c] !== STATUS.V);
      expect(new Set(hidden.map((c) => Math.floor(c / 4))).size).toBe(2);
      expect(new Set(hidden.map((c) => c % 4)).size).toBe(2);
      expect(hidden.every((c) => c >= 4 && c % 4 !== 0)).toBe(true);
      const a = (await auditTable(s, published(values, r.status))).find((x) => x.cell === 5);
      expect(a).toEqual({ cell: 5, lower: 0, upper: 6 });
      expect(r.details.method).toBe(method);
      expect(r.details.cost).toBe('value');
    });
  }

  it('heuristic: a rectangle too thin for the upper level is widened by the repair LP', async () => {
    // Inner cells (cell = 4 × row + column):
    //        c1  c2  c3
    //   r1    2   3  50      primary (1,1) = 2 with upper level 5 and lower level 2
    //   r2    3  40  50
    //   r3   50  50  50
    // Gaussian elimination keeps the cheapest cells hidden: the rectangle (1,1), (1,2), (2,1),
    // (2,2). There (1,1) + t forces (1,2) − t and (2,1) − t, both 3, so the attacker's maximum
    // is 2 + 3 = 5 < 2 + 5 = 7 (audited below): not protected upwards.
    const s = structure(flat('r', 3), flat('c', 3));
    const inner: Record<number, number> = { 5: 2, 6: 3, 7: 50, 9: 3, 10: 40, 11: 50 };
    const values = fillTotals(s, (c) => inner[c] ?? 50);
    const status = new Uint8Array(s.size);
    status[5] = STATUS.B;
    const lower = new Float64Array(s.size);
    const upper = new Float64Array(s.size);
    lower[5] = 2;
    upper[5] = 5;
    const gauss = gaussSuppression(s, values, status, { cost: values });
    expect([...gauss.status.keys()].filter((c) => gauss.status[c] !== STATUS.V)).toEqual([
      5, 6, 9, 10,
    ]);
    const before = (await auditTable(s, published(values, gauss.status))).find((x) => x.cell === 5);
    expect(before).toEqual({ cell: 5, lower: 0, upper: 5 });
    const r = await secondarySuppression(
      s,
      values,
      status,
      { lower, upper },
      { method: 'heuristic' },
    );
    expect(r.details.intervalRepairs).toBe(1);
    expect(r.secondary).toBeGreaterThan(3);
    await expectProtected(s, values, r.status, lower, upper);
  });

  it('a 1-D table: one small category hides a second one, the total stays', async () => {
    // Total 12 = 1 + 5 + 6. Hiding 1 alone gives it back as 12 − 5 − 6; the cheaper partner
    // under cost = value is 5, and then 1 ranges over [0, 6] (1 + t, 5 − t): U = L = 1 met.
    const s = structure(flat('g', 3));
    const values = Float64Array.of(12, 1, 5, 6);
    const status = Uint8Array.of(0, STATUS.A, 0, 0);
    const levels = { lower: Float64Array.of(0, 1, 0, 0), upper: Float64Array.of(0, 1, 0, 0) };
    const r = await secondarySuppression(s, values, status, levels, { method: 'heuristic' });
    expect([...r.status]).toEqual([STATUS.V, STATUS.A, STATUS.D, STATUS.V]);
    expect(await auditTable(s, published(values, r.status))).toEqual([
      { cell: 1, lower: 0, upper: 6 },
      { cell: 2, lower: 0, upper: 6 },
    ]);
  });

  it('negative values (profits): the attacker bound is the smallest value', async () => {
    // Inner cells (cell = 4 × row + column), losses negative:
    //        c1    c2    c3
    //   r1  −4.5   2.25  30
    //   r2   3    −1     12.5
    // Primary (1,1) = −4.5 with levels 2 each way; every cell ≥ −4.5 for the attacker.
    const s = structure(flat('r', 2), flat('c', 3));
    const inner: Record<number, number> = { 5: -4.5, 6: 2.25, 7: 30, 9: 3, 10: -1, 11: 12.5 };
    const values = fillTotals(s, (c) => inner[c] ?? 0);
    const status = new Uint8Array(s.size);
    status[5] = STATUS.B;
    const lower = new Float64Array(s.size);
    const upper = new Float64Array(s.size);
    lower[5] = 2;
    upper[5] = 2;
    const r = await secondarySuppression(
      s,
      values,
      status,
      { lower, upper },
      { method: 'heuristic' },
    );
    expect(r.secondary).toBeGreaterThanOrEqual(3);
    await expectProtected(s, values, r.status, lower, upper);
  });

  it('refuses arrays of the wrong length and negative costs', async () => {
    const s = structure(flat('r', 2), flat('c', 2));
    const values = fillTotals(s, () => 4);
    const levels = { lower: new Float64Array(9), upper: new Float64Array(9) };
    const wrong = await secondarySuppression(s, values.subarray(1), new Uint8Array(9), levels, {
      method: 'heuristic',
    }).catch((e: unknown) => e);
    expect(isDatanonymeError(wrong) && wrong.code).toBe('BAD_PARAMETER');
    const cost = new Float64Array(9).fill(1);
    cost[3] = -1;
    const negative = await secondarySuppression(s, values, new Uint8Array(9), levels, {
      method: 'heuristic',
      cost,
    }).catch((e: unknown) => e);
    expect(isDatanonymeError(negative) && negative.code).toBe('BAD_PARAMETER');
  });

  it('heuristic on random magnitude tables with dominance levels: every interval respected', async () => {
    const shapes = fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 2, max: 4 }))
        .map(([a, b]) => structure(flat('a', a), flat('b', b))),
      fc
        .tuple(fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 3 }))
        .map(([a, b]) => structure(flat('a', a), flat('b', b), flat('c', 2))),
      fc
        .integer({ min: 2, max: 3 })
        .map((b) => structure(tree('h', [-1, 0, 0, 1, 1]), flat('b', b))),
    );
    await fc.assert(
      fc.asyncProperty(
        shapes.chain((s) =>
          fc.tuple(
            fc.constant(s),
            // Inner totals in cents (non-integer euros), some zero; largest share in (0, 1].
            fc.array(
              fc.tuple(
                fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50_000 })),
                fc.double({ min: 0.05, max: 1, noNaN: true }),
              ),
              { minLength: s.size, maxLength: s.size },
            ),
          ),
        ),
        async ([s, draw]) => {
          const values = fillTotals(s, (c) => (draw[c]?.[0] ?? 0) / 100);
          const largest = fillTotals(s, (c) => ((draw[c]?.[0] ?? 0) / 100) * (draw[c]?.[1] ?? 0));
          // Dominance (1, 85) on the inner cells (a margin's largest share is at most the sum).
          const status = new Uint8Array(s.size);
          const lower = new Float64Array(s.size);
          const upper = new Float64Array(s.size);
          for (let c = 0; c < s.size; c++) {
            const v = values[c] ?? 0;
            const level = dominanceProtection(v, Math.min(largest[c] ?? 0, v), 85);
            if (level > 0) {
              status[c] = STATUS.B;
              upper[c] = level;
              lower[c] = Math.min(level, v);
            }
          }
          const r = await secondarySuppression(
            s,
            values,
            status,
            { lower, upper },
            {
              method: 'heuristic',
            },
          );
          for (let c = 0; c < s.size; c++) {
            if (status[c] !== STATUS.V) expect(r.status[c]).toBe(status[c]);
          }
          await expectProtected(s, values, r.status, lower, upper);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('heuristic on random count tables with protected zeros: every interval respected', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }))
          .chain(([a, b]) =>
            fc.tuple(
              fc.constant(structure(flat('a', a), flat('b', b))),
              fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 25, maxLength: 25 }),
            ),
          ),
        async ([s, draw]) => {
          const values = fillTotals(s, (c) => draw[c % 25] ?? 0);
          // Frequency rule 3 with protectZeros: 0, 1 and 2 are unsafe.
          const status = Uint8Array.from(values, (v) => (v < 3 ? STATUS.A : STATUS.V));
          const upper = Float64Array.from(values, (v, c) =>
            status[c] === STATUS.A ? frequencyProtection(v, 10, true) : 0,
          );
          const lower = Float64Array.from(upper, (u, c) => Math.min(u, values[c] ?? 0));
          const r = await secondarySuppression(
            s,
            values,
            status,
            { lower, upper },
            {
              method: 'heuristic',
            },
          );
          await expectProtected(s, values, r.status, lower, upper);
        },
      ),
      { numRuns: 40 },
    );
  });
});
