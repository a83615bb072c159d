/**
 * Optimal secondary suppression: hand-checked optima (the rectangle argument of Hundepool et al.,
 * *Statistical Disclosure Control*, Wiley 2012, §4.3: in a two-way table with margins, a hidden
 * inner cell needs at least one other hidden cell in its row and in its column, and a hidden cell
 * closing the cycle), interval protection confirmed by the attacker's audit (`auditTable`,
 * Fischetti & Salazar-González 2001), and random tables against the Gaussian-elimination
 * heuristic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { auditTable } from '../../../methods/tables/audit.js';
import {
  optimalSuppression,
  repairSuppression,
} from '../../../methods/tables/secondary-optimal.js';
import { gaussSuppression } from '../../../methods/tables/secondary-heuristic.js';
import { STATUS, type TableStructure } from '../../../methods/tables/types.js';
import { isDatanonymeError } from '../../../src/errors.js';
import { fillTotals, flat, structure, tree } from './_structure.js';

/** A 3 × 3 table with margins: cell (i, j) is `4 i + j`, node 0 being `Total`. */
const s33 = structure(flat('r', 3), flat('c', 3));
const at = (i: number, j: number): number => 4 * i + j;

/** A table whose inner cells are given row by row (row-major over the inner nodes 1…k). */
function table2(s: TableStructure, rows: number[][]): Float64Array {
  const width = s.dimensions[1]?.labels.length ?? 1;
  return fillTotals(s, (c) => rows[Math.floor(c / width) - 1]?.[(c % width) - 1] ?? 0);
}

/** Status and symmetric protection levels with the given primaries. */
function primaries(
  size: number,
  cells: readonly number[],
  levels: (c: number) => { lower: number; upper: number },
): { status: Uint8Array; protection: { lower: Float64Array; upper: Float64Array } } {
  const status = new Uint8Array(size);
  const lower = new Float64Array(size);
  const upper = new Float64Array(size);
  for (const c of cells) {
    status[c] = STATUS.A;
    const l = levels(c);
    lower[c] = l.lower;
    upper[c] = l.upper;
  }
  return { status, protection: { lower, upper } };
}

function suppressedCells(status: Uint8Array, code: number = STATUS.D): number[] {
  const out: number[] = [];
  status.forEach((st, c) => {
    if (st === code) out.push(c);
  });
  return out;
}

/**
 * Primaries whose audited interval misses `[x − lower, x + upper]` (the audit's attacker: the
 * published cells, additivity, every cell ≥ 0).
 */
async function unprotected(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  protection: { lower: Float64Array; upper: Float64Array },
): Promise<number[]> {
  const published = Float64Array.from(values, (v, c) => (status[c] === STATUS.V ? v : NaN));
  const intervals = await auditTable(s, published);
  const bad: number[] = [];
  for (const { cell, lower, upper } of intervals) {
    if (status[cell] !== STATUS.A && status[cell] !== STATUS.B) continue;
    const x = values[cell] ?? 0;
    const tol = 1e-6 * Math.max(1, x);
    if (lower > x - (protection.lower[cell] ?? 0) + tol) bad.push(cell);
    else if (upper < x + (protection.upper[cell] ?? 0) - tol) bad.push(cell);
  }
  return bad;
}

describe('optimalSuppression: hand-checked optima', () => {
  // Inner cells (rows r1…r3, columns c1…c3); row totals 13, 19, 21; column totals 15, 12, 26;
  // grand total 53. Primary: (1, 1) = 1, protection 1 both ways (a count under the frequency
  // rule). Cost = cell value (τ-ARGUS's default).
  const values = table2(s33, [
    [1, 5, 7],
    [6, 4, 9],
    [8, 3, 10],
  ]);

  it('3 × 3 with margins, one primary: the cheapest rectangle (cost 5 + 6 + 4 = 15)', async () => {
    const { status, protection } = primaries(s33.size, [at(1, 1)], () => ({ lower: 1, upper: 1 }));
    const result = await optimalSuppression(s33, values, status, protection, { cost: values });
    // Rectangles through (1, 1), the other corner at (i, j): (2, 2) costs 5 + 6 + 4 = 15,
    // (2, 3) 7 + 6 + 9 = 22, (3, 2) 5 + 8 + 3 = 16, (3, 3) 7 + 8 + 10 = 25. A pattern with a
    // total costs at least 13 + 15 (row and column totals) + more. Row 1 needs another hidden
    // cell (≥ 5), column 1 too (≥ 6), and the row of that column cell one more (≥ 4): 15 is the
    // optimum. The rectangle (1,1) (1,2) (2,1) (2,2) lets (1, 1) rise by min(5, 6) = 5 ≥ 1 and
    // fall by min(1, 4) = 1 ≥ 1: interval-safe.
    expect(result.optimal).toBe(true);
    expect(result.objective).toBe(15);
    expect(result.secondary).toBe(3);
    expect(suppressedCells(result.status)).toEqual([at(1, 2), at(2, 1), at(2, 2)]);
    expect(result.status[at(1, 1)]).toBe(STATUS.A);
    expect(await unprotected(s33, values, result.status, protection)).toEqual([]);
    const audit = await auditTable(
      s33,
      Float64Array.from(values, (v, c) => (result.status[c] === STATUS.V ? v : NaN)),
    );
    // (1, 1) ∈ [1 − min(1, 4), 1 + min(5, 6)] = [0, 6].
    expect(audit.find((i) => i.cell === at(1, 1))).toEqual({ cell: at(1, 1), lower: 0, upper: 6 });
  });

  it('a cell already suppressed (D) is used for free: cost 5 + 6 = 11', async () => {
    const { status, protection } = primaries(s33.size, [at(1, 1)], () => ({ lower: 1, upper: 1 }));
    status[at(2, 2)] = STATUS.D;
    const result = await optimalSuppression(s33, values, status, protection, { cost: values });
    expect(result.objective).toBe(11);
    expect(result.secondary).toBe(2);
    expect(suppressedCells(result.status)).toEqual([at(1, 2), at(2, 1), at(2, 2)]);
  });

  it('the cheapest exact-disclosure rectangle is not interval-safe: a larger pattern (cost 80)', async () => {
    // Row totals 26, 33, 90; column totals 26, 33, 90; grand total 149. Primary (1, 1) = 5 with
    // levels 3 both ways (as a dominance rule would set).
    const v = table2(s33, [
      [5, 1, 20],
      [1, 2, 30],
      [20, 30, 40],
    ]);
    const { status, protection } = primaries(s33.size, [at(1, 1)], () => ({ lower: 3, upper: 3 }));
    // The cheapest rectangle, corner (2, 2), costs 1 + 1 + 2 = 4 and hides (1, 1) from exact
    // disclosure, but (1, 1) can rise only by min(x12, x21) = 1 < 3 and fall only by x22 = 2 < 3.
    const rectangle = Uint8Array.from(status);
    for (const c of [at(1, 2), at(2, 1), at(2, 2)]) rectangle[c] = STATUS.D;
    expect(await unprotected(s33, v, rectangle, protection)).toEqual([at(1, 1)]);
    // Repaired (one cheapest attacker's move per failed direction), it becomes interval-safe.
    const repaired = await repairSuppression(s33, v, rectangle, protection, { cost: v });
    expect(repaired.added).toBeGreaterThan(0);
    expect(await unprotected(s33, v, repaired.status, protection)).toEqual([]);
    // A rise of 3 needs row 1 to give 3 back: x13 = 20 (x12 = 1 is too small) or the row total
    // (26); column 1 likewise: x31 = 20 or its total. Closing the cycle through (3, 3) (40) costs
    // 20 + 20 + 40 = 80, and lets (1, 1) fall by min(5, 40) = 5 ≥ 3. Through a total, the totals
    // alone cost ≥ 26 + 33 + 20; through row 2 the cycle (1,3) (2,3) (2,1) (2,2) (3,1) (3,2) costs
    // 103. Corners (2, 3) and (3, 2) fail: x21 = 1, x12 = 1 < 3.
    const result = await optimalSuppression(s33, v, status, protection, { cost: v });
    expect(result.optimal).toBe(true);
    expect(result.objective).toBe(80);
    expect(suppressedCells(result.status)).toEqual([at(1, 3), at(3, 1), at(3, 3)]);
    expect(await unprotected(s33, v, result.status, protection)).toEqual([]);
  });

  it('one-way table: the cheapest other category (10), not the total (40)', async () => {
    const s = structure(flat('a', 4));
    const v = fillTotals(s, (c) => [0, 3, 10, 12, 15][c] ?? 0);
    const { status, protection } = primaries(s.size, [1], () => ({ lower: 1, upper: 1 }));
    const result = await optimalSuppression(s, v, status, protection, { cost: v });
    expect(v[0]).toBe(40);
    expect(result.objective).toBe(10);
    expect(suppressedCells(result.status)).toEqual([2]);
    expect(await unprotected(s, v, result.status, protection)).toEqual([]);
  });

  it('1 × 1 table: every margin equals the cell, so all three are hidden', async () => {
    const s = structure(flat('a', 1), flat('b', 1));
    const v = fillTotals(s, () => 2);
    const { status, protection } = primaries(s.size, [3], () => ({ lower: 1, upper: 1 }));
    const result = await optimalSuppression(s, v, status, protection, { cost: v });
    expect(result.secondary).toBe(3);
    expect(result.objective).toBe(6);
    expect(await unprotected(s, v, result.status, protection)).toEqual([]);
  });

  it('no candidate left (every cell primary) or a one-cell table: nothing to add, optimal', async () => {
    // A one-cell table has no equation: the attacker knows only x ≥ 0, so x = 2 hidden can be
    // anything in [0, ∞) ⊇ [1, 3]. In Total = c1 + c2 with all three hidden, each can move by 1.
    for (const s of [structure(flat('a', 0)), structure(flat('a', 2))]) {
      const v = fillTotals(s, () => 2);
      const all = Array.from({ length: s.size }, (_, c) => c);
      const { status, protection } = primaries(s.size, all, () => ({ lower: 1, upper: 1 }));
      const result = await optimalSuppression(s, v, status, protection, { cost: v });
      expect(result).toMatchObject({ secondary: 0, objective: 0, optimal: true });
      expect(await unprotected(s, v, result.status, protection)).toEqual([]);
    }
  });

  it('no primary: nothing is added', async () => {
    const status = new Uint8Array(s33.size);
    const zero = new Float64Array(s33.size);
    const result = await optimalSuppression(
      s33,
      values,
      status,
      { lower: zero, upper: zero },
      { cost: values },
    );
    expect(result).toMatchObject({ secondary: 0, objective: 0, optimal: true, iterations: 0 });
    expect(result.status).toEqual(status);
  });

  it('a primary with both levels 0 is still not left exactly computable', async () => {
    const { status, protection } = primaries(s33.size, [at(1, 1)], () => ({ lower: 0, upper: 0 }));
    const result = await optimalSuppression(s33, values, status, protection, { cost: values });
    expect(result.objective).toBe(15);
    const audit = await auditTable(
      s33,
      Float64Array.from(values, (v, c) => (result.status[c] === STATUS.V ? v : NaN)),
    );
    for (const { lower, upper } of audit) expect(upper).toBeGreaterThan(lower);
  });
});

describe('optimalSuppression: refusals', () => {
  const values = table2(s33, [
    [1, 5, 7],
    [6, 4, 9],
    [8, 3, 10],
  ]);

  it('a primary that no pattern can protect (lower level above its value)', async () => {
    const { status, protection } = primaries(s33.size, [at(1, 1)], () => ({ lower: 2, upper: 1 }));
    await expect(
      optimalSuppression(s33, values, status, protection, { cost: values }),
    ).rejects.toThrow(/primary cell 5 has value 1 but a lower protection level of 2/);
  });

  it('a table above maxCells, named with the limit and the heuristic', async () => {
    const { status, protection } = primaries(s33.size, [at(1, 1)], () => ({ lower: 1, upper: 1 }));
    const error: unknown = await optimalSuppression(s33, values, status, protection, {
      cost: values,
      maxCells: 10,
    }).catch((e: unknown) => e);
    expect(isDatanonymeError(error)).toBe(true);
    expect((error as Error).message).toMatch(/limited to tables of 10 cells.*has 16.*heuristic/);
  });

  it('bad arrays and parameters', async () => {
    const { status, protection } = primaries(s33.size, [at(1, 1)], () => ({ lower: 1, upper: 1 }));
    await expect(
      optimalSuppression(s33, values, status, protection, { cost: new Float64Array(3) }),
    ).rejects.toThrow(/cost has 3 entries/);
    const negative = Float64Array.from(values);
    negative[at(3, 3)] = -1;
    await expect(
      optimalSuppression(s33, negative, status, protection, { cost: values }),
    ).rejects.toThrow(/values of cell 15 must be a finite number ≥ 0/);
    await expect(
      optimalSuppression(s33, values, status, protection, { cost: values, timeLimitSeconds: 0 }),
    ).rejects.toThrow(/timeLimitSeconds must be a positive/);
  });

  it('a time limit too short for any pattern: an error naming it, or a protected pattern', async () => {
    const v = table2(s33, [
      [5, 1, 20],
      [1, 2, 30],
      [20, 30, 40],
    ]);
    const { status, protection } = primaries(s33.size, [at(1, 1), at(2, 2)], () => ({
      lower: 1,
      upper: 3,
    }));
    const outcome = await optimalSuppression(s33, v, status, protection, {
      cost: v,
      timeLimitSeconds: 1e-6,
    }).catch((e: unknown) => e);
    if (outcome instanceof Error) {
      expect(isDatanonymeError(outcome)).toBe(true);
      expect(outcome.message).toMatch(/time limit of 0.000001 s.*heuristic/);
    } else {
      const result = outcome as Awaited<ReturnType<typeof optimalSuppression>>;
      expect(await unprotected(s33, v, result.status, protection)).toEqual([]);
    }
  });
});

describe('optimalSuppression: random tables (fast-check)', () => {
  /**
   * A random table: 2-D up to 4 × 4 (or with a two-level hierarchy) or 3-D up to 3 × 3 × 3, with
   * margins, and its primaries.
   */
  const arbitraryTable = fc
    .oneof(
      fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 })),
      fc.tuple(
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 2, max: 3 }),
        fc.integer({ min: 2, max: 3 }),
      ),
    )
    .chain((dims) => {
      // A 2-D draw of width 4 gets a hierarchy instead: Total → {n1, n2}, n1 → {n3, n4},
      // n2 → {n5, n6} (subtotals are cells with equations of their own).
      const s =
        dims.length === 2 && dims[1] === 4
          ? structure(flat('d0', dims[0]), tree('h', [-1, 0, 0, 1, 1, 2, 2]))
          : structure(...dims.map((k, j) => flat(`d${j}`, k)));
      return fc.record({
        s: fc.constant(s),
        inner: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: s.size, maxLength: s.size }),
        primary: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: s.size, maxLength: s.size }),
        level: fc.integer({ min: 1, max: 3 }),
      });
    });

  it('every primary is protected (audit); cost ≤ the heuristic (repaired) pattern', async () => {
    await fc.assert(
      fc.asyncProperty(arbitraryTable, async ({ s, inner, primary, level }) => {
        const values = fillTotals(s, (c) => inner[c] ?? 0);
        // About one inner or total cell in ten is primary (a frequency-rule cell: value < 3).
        const cells: number[] = [];
        for (let c = 0; c < s.size; c++) {
          if ((primary[c] ?? 9) === 0 && (values[c] ?? 0) > 0) cells.push(c);
        }
        const { status, protection } = primaries(s.size, cells, (c) => ({
          lower: Math.min(level, values[c] ?? 0),
          upper: level,
        }));
        const cost = Float64Array.from(values, (v) => v + 1);
        const result = await optimalSuppression(s, values, status, protection, { cost });
        expect(result.optimal).toBe(true);
        for (const c of cells) expect(result.status[c]).toBe(STATUS.A);
        expect(await unprotected(s, values, result.status, protection)).toEqual([]);
        // The heuristic's pattern, when interval-safe, and once repaired in any case, is a
        // protected pattern: the optimum costs no more.
        const heuristic = gaussSuppression(s, values, status, { cost });
        const costOf = (st: Uint8Array): number =>
          suppressedCells(st).reduce((sum, c) => sum + (cost[c] ?? 0), 0);
        if ((await unprotected(s, values, heuristic.status, protection)).length === 0) {
          expect(result.objective).toBeLessThanOrEqual(costOf(heuristic.status) + 1e-9);
        }
        const repaired = await repairSuppression(s, values, heuristic.status, protection, { cost });
        expect(await unprotected(s, values, repaired.status, protection)).toEqual([]);
        expect(result.objective).toBeLessThanOrEqual(costOf(repaired.status) + 1e-9);
      }),
      { numRuns: 10, seed: 8 },
    );
  });
});
