import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordSwapping, type SwapDetails } from '../../../methods/perturbation/swapping/swap.js';
import type { Dataset } from '../../../src/types.js';

function dataset(columns: Record<string, unknown[]>): Dataset {
  const names = Object.keys(columns);
  return {
    table: table(columns, names),
    columns: names.map((name) => ({ name, type: 'categorical', role: 'insensitive' })),
  };
}

// r2 is the only record of class (A, 40) on the risk columns (area, age): high-risk at k = 2.
// Classes: (A,30) = {r0, r1}, (A,40) = {r2}, (B,30) = {r3, r4, r5}.
const SMALL = {
  id: ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'],
  area: ['A', 'A', 'A', 'B', 'B', 'B'],
  size: ['1', '1', '2', '2', '2', '1'],
  age: ['30', '30', '40', '30', '30', '30'],
};

describe('recordSwapping', () => {
  it('hand case: the one high-risk record swaps with a same-size record of the other area', () => {
    // 6 units, rate 0.4: budget ⌊0.4 · 6 / 2⌋ = 1 pair. Donors of r2 (size 2, area A): r3 or r4.
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = recordSwapping(dataset(SMALL), {
        geography: ['area'],
        riskColumns: ['area', 'age'],
        k: 2,
        similar: ['size'],
        rate: 0.4,
        seed,
      });
      const d = r.details as unknown as SwapDetails;
      expect(d.highRiskUnits).toBe(1);
      expect(d.pairs).toBe(1);
      expect(d.highRiskSwapped).toBe(1);
      expect(d.changedCells).toBe(2);
      expect(d.swappedRecords).toBe(2);
      const [u, donor] = d.swaps[0] as [number, number];
      expect(u).toBe(2);
      expect([3, 4]).toContain(donor);
      const area = r.table.array('area') as string[];
      expect(area[2]).toBe('B');
      expect(area[donor]).toBe('A');
      expect(area.filter((a, i) => a !== SMALL.area[i]).length).toBe(2);
      for (const c of ['id', 'size', 'age'])
        expect(r.table.array(c)).toEqual(SMALL[c as keyof typeof SMALL]);
    }
  });

  it('a high-risk record with no donor is reported, and the rate is then filled at random', () => {
    // r2 now has size 3, which no record in area B has: not swappable. Rate 0.7: ⌊2.1⌋ = 2 pairs
    // of random records with the same size in different areas (size 1: r0/r1 with r5; size 2: r3/r4
    // have no partner in A left, as r2 has size 3), so only one pair can be made.
    const data = dataset({ ...SMALL, size: ['1', '1', '3', '2', '2', '1'] });
    const r = recordSwapping(data, {
      geography: ['area'],
      riskColumns: ['area', 'age'],
      k: 2,
      similar: ['size'],
      rate: 0.7,
      seed: 9,
    });
    const d = r.details as unknown as SwapDetails;
    expect(d.riskyNotSwappable).toBe(1);
    expect(d.highRiskSwapped).toBe(0);
    expect(d.pairs).toBe(1);
    const pair = (d.swaps[0] as [number, number]).slice().sort();
    expect([
      [0, 5],
      [1, 5],
    ]).toContainEqual(pair);
  });

  it('rate 0 swaps nothing; high-risk records beyond the budget are counted', () => {
    const r = recordSwapping(dataset(SMALL), {
      geography: ['area'],
      riskColumns: ['area', 'age'],
      k: 2,
      rate: 0,
      seed: 1,
    });
    const d = r.details as unknown as SwapDetails;
    expect(d.pairs).toBe(0);
    expect(d.riskyNotSwappedRate).toBe(1);
    expect(r.table.array('area')).toEqual(SMALL.area);
  });

  it('households move whole, and a household in two areas is refused', () => {
    const data = dataset({
      hh: ['h1', 'h1', 'h2', 'h2', 'h3', 'h4'],
      area: ['A', 'A', 'B', 'B', 'A', 'B'],
      size: ['2', '2', '2', '2', '1', '1'],
    });
    const r = recordSwapping(data, {
      geography: ['area'],
      household: 'hh',
      similar: ['size'],
      rate: 1,
      k: 5,
      seed: 2,
    });
    const d = r.details as unknown as SwapDetails;
    // 4 households, rate 1: 2 pairs — h1↔h2 (size 2) and h3↔h4 (size 1).
    expect(d.unit).toBe('household');
    expect(d.units).toBe(4);
    expect(d.pairs).toBe(2);
    expect(d.swappedHouseholds).toBe(4);
    expect(d.swappedRecords).toBe(6);
    expect(r.table.array('area')).toEqual(['B', 'B', 'A', 'A', 'B', 'A']);
    const split = dataset({ hh: ['h1', 'h1'], area: ['A', 'B'] });
    expect(() => recordSwapping(split, { geography: ['area'], household: 'hh', rate: 1 })).toThrow(
      /household "h1" lies in two areas: line 2 has area = "A", line 3 has "B"/,
    );
  });

  it('property: pairs exchange geography, agree on similarity, lie in different areas; rate and households respected', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 0, max: 2 }),
            fc.integer({ min: 0, max: 3 }),
            fc.integer({ min: 1, max: 3 }),
          ),
          { minLength: 1, maxLength: 40 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.integer({ min: 1, max: 4 }),
        (spec, rate, households, k) => {
          // Each tuple is a household: region, district, size class, number of members.
          const hh: string[] = [];
          const region: string[] = [];
          const district: string[] = [];
          const size: string[] = [];
          const note: number[] = [];
          spec.forEach(([g, d, s, m], h) => {
            for (let i = 0; i < (households ? m : 1); i++) {
              hh.push(`h${h}`);
              region.push(`R${g}`);
              district.push(`D${g}${d}`);
              size.push(`${s}`);
              note.push(hh.length);
            }
          });
          const data = dataset({ hh, region, district, size, note });
          const r = recordSwapping(data, {
            geography: ['region', 'district'],
            riskColumns: ['district', 'size'],
            similar: ['size'],
            k,
            rate,
            ...(households ? { household: 'hh' } : {}),
            seed: 4,
          });
          const d = r.details as unknown as SwapDetails;
          const outR = r.table.array('region') as string[];
          const outD = r.table.array('district') as string[];
          expect(r.table.array('hh')).toEqual(hh);
          expect(r.table.array('size')).toEqual(size);
          expect(r.table.array('note')).toEqual(note);
          expect(d.swappedUnits).toBeLessThanOrEqual(rate * d.units + 1e-9);
          const rowsOf = (first: number): number[] =>
            hh.flatMap((h, i) => (h === hh[first] ? [i] : []));
          const moved = new Set<number>();
          for (const [u, v] of d.swaps) {
            expect(district[u]).not.toBe(district[v]);
            expect(size[u]).toBe(size[v]);
            for (const [a, b] of [
              [u, v],
              [v, u],
            ] as const) {
              for (const row of rowsOf(a)) {
                moved.add(row);
                expect(outR[row]).toBe(region[b]);
                expect(outD[row]).toBe(district[b]);
              }
            }
          }
          // Rows outside the pairs keep their area; the multiset of areas is unchanged.
          hh.forEach((_, i) => {
            if (!moved.has(i)) expect(outD[i]).toBe(district[i]);
          });
          // Households of different sizes may swap (size class is the similarity), so the multiset
          // of areas is unchanged over households (first rows), not over rows.
          const firsts = hh.flatMap((h, i) => (hh.indexOf(h) === i ? [i] : []));
          expect(firsts.map((i) => outD[i]).sort()).toEqual(firsts.map((i) => district[i]).sort());
          // Households whole.
          hh.forEach((h, i) => {
            const j = hh.indexOf(h);
            expect(outD[i]).toBe(outD[j]);
          });
          expect(d.changedCells).toBe(
            outR.filter((x, i) => x !== region[i]).length +
              outD.filter((x, i) => x !== district[i]).length,
          );
        },
      ),
      { numRuns: 300, seed: 8 },
    );
  });

  it('the donor is uniform among the units of other areas, even when one area holds nearly all', () => {
    // 300 units in A, 1 in B, 2 in C; only unit 0 (in A) is high-risk; rate 2/303: one pair.
    // Rejection from the pool fails 64 times with probability (300/302)^64 ≈ 0.65, so most draws
    // go through the per-area fallback. Each of the 3 donors has probability 1/3 (a draw by area
    // alike would give B 1/2). 1,500 runs: counts ~ Binomial(1500, 1/3), sd 18.3; the bound 6.5 sd
    // fails with probability < 1e-9 per count.
    const areas = [...Array.from({ length: 300 }, () => 'A'), 'B', 'C', 'C'];
    const data = dataset({ area: areas });
    const risk = areas.map((_, i) => (i === 0 ? 1 : 0));
    const counts = new Map<number, number>();
    const runs = 1500;
    for (let seed = 0; seed < runs; seed++) {
      const r = recordSwapping(data, {
        geography: ['area'],
        risk,
        riskThreshold: 0.5,
        rate: 2 / areas.length,
        seed,
      });
      const d = r.details as unknown as SwapDetails;
      expect(d.swaps).toHaveLength(1);
      const [u, donor] = d.swaps[0] as [number, number];
      expect(u).toBe(0);
      counts.set(donor, (counts.get(donor) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([300, 301, 302]);
    const sd = Math.sqrt(runs * (1 / 3) * (2 / 3));
    for (const c of counts.values()) expect(Math.abs(c - runs / 3)).toBeLessThan(6.5 * sd);
  });
});
