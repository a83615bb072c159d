/**
 * Gaussian elimination (Langsrud, *Journal of Official Statistics* 40(1), 2024): the 3 × 3 table
 * of issue 8 by hand, and on random tables no primary cell in the span of the published cells
 * (checked here with the attacker LP: an interval of positive width, and every margin line that
 * holds a suppressed cell holds at least two).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditTable } from '../../../methods/tables/audit.js';
import { additivityEquations } from '../../../methods/tables/equations.js';
import { gaussSuppression } from '../../../methods/tables/secondary-heuristic.js';
import { STATUS } from '../../../methods/tables/types.js';
import { fillTotals, flat, structure, tree } from './_structure.js';

/** Issue 8's example: a 3 × 3 table with margins, every inner cell 5 except (1, 1) = 1. */
function threeByThree() {
  const s = structure(flat('r', 3), flat('c', 3));
  const values = fillTotals(s, (c) => (c === 5 ? 1 : 5));
  const status = new Uint8Array(s.size);
  status[5] = STATUS.A;
  return { s, values, status };
}

describe('gaussSuppression', () => {
  it('3 × 3 with one small cell: a rectangle of four inner cells, nothing else', () => {
    const { s, values, status } = threeByThree();
    const out = gaussSuppression(s, values, status, { cost: Float64Array.from(values) });
    // Cell = 4 × row + column; inner rows and columns are 1..3. Hiding (1,1) alone lets its row
    // total minus (1,2), (1,3) recompute it; the cheapest protection is a rectangle (1,1), (1,q),
    // (p,1), (p,q): three secondary cells, all of value 5 (Hundepool et al. 2012, §4.3).
    expect(out.secondary).toBe(3);
    const hidden = [...out.status.keys()].filter((c) => out.status[c] !== STATUS.V);
    const rows = new Set(hidden.map((c) => Math.floor(c / 4)));
    const cols = new Set(hidden.map((c) => c % 4));
    expect(hidden).toContain(5);
    expect(rows.size).toBe(2);
    expect(cols.size).toBe(2);
    expect(rows.has(0) || cols.has(0)).toBe(false);
    expect(out.status[5]).toBe(STATUS.A);
  });

  it('a table without primaries suppresses nothing; a 1 × 1 table needs nothing', () => {
    const s = structure(flat('r', 2), flat('c', 2));
    const values = fillTotals(s, () => 4);
    expect(gaussSuppression(s, values, new Uint8Array(9), { cost: values }).secondary).toBe(0);
    const one = structure(tree('t', [-1]));
    const st = Uint8Array.of(STATUS.A);
    expect(
      gaussSuppression(one, Float64Array.of(2), st, { cost: Float64Array.of(2) }).secondary,
    ).toBe(0);
  });

  it('a single category: its total is the same cell and must go too', () => {
    // Total = c1: hiding c1 alone publishes it as the total.
    const s = structure(flat('g', 1));
    const out = gaussSuppression(s, Float64Array.of(2, 2), Uint8Array.of(0, STATUS.A), {
      cost: Float64Array.of(2, 2),
    });
    expect([...out.status]).toEqual([STATUS.D, STATUS.A]);
  });

  it('random 2-D, 3-D and hierarchical tables: no primary recomputable', async () => {
    const shapes = fc.oneof(
      fc
        .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 }))
        .map(([a, b]) => structure(flat('a', a), flat('b', b))),
      fc
        .tuple(
          fc.integer({ min: 2, max: 3 }),
          fc.integer({ min: 2, max: 3 }),
          fc.integer({ min: 1, max: 2 }),
        )
        .map(([a, b, c]) => structure(flat('a', a), flat('b', b), flat('c', c))),
      fc
        .integer({ min: 2, max: 3 })
        .map((b) => structure(tree('h', [-1, 0, 0, 1, 1, 2]), flat('b', b))),
    );
    await fc.assert(
      fc.asyncProperty(
        shapes.chain((s) =>
          fc.tuple(
            fc.constant(s),
            fc.array(fc.integer({ min: 1, max: 9 }), { minLength: s.size, maxLength: s.size }),
          ),
        ),
        async ([s, draw]) => {
          // Positive inner values (no zero on the attacker's bound), primaries where the value is
          // 1 or 2.
          const values = fillTotals(s, (c) => draw[c] ?? 1);
          const status = Uint8Array.from(values, (v) => (v < 3 ? STATUS.A : STATUS.V));
          const out = gaussSuppression(s, values, status, { cost: values });
          // Dense and sparse storage of the primaries give the same pattern.
          const sparse = gaussSuppression(s, values, status, { cost: values, denseLimit: 0 });
          expect([...sparse.status]).toEqual([...out.status]);
          for (const e of additivityEquations(s)) {
            const hidden = [e.total, ...e.parts].filter((c) => out.status[c] !== STATUS.V).length;
            expect(hidden === 0 || hidden >= 2).toBe(true);
          }
          const published = values.map((v, c) => (out.status[c] === STATUS.V ? v : NaN));
          for (const a of await auditTable(s, published)) {
            expect(a.upper - a.lower).toBeGreaterThan(1e-9);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
