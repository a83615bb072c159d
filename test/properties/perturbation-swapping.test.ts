/**
 * Independent property tests of targeted record swapping (issue 8), over random households
 * (1–4 rows each) spread over areas (region × commune), with or without a household column,
 * similarity columns (household size and/or a band read on the household's first row, as the
 * implementation documents), a swap rate, k or a given risk.
 *
 * Oracles written here from the raw rows:
 * - every column but the geography is bit-identical (Object.is), row order kept;
 * - with a household column, every household keeps one area (its rows move together);
 * - every reported pair joins two distinct units not swapped elsewhere, from different areas, equal
 *   on the similarity columns; each takes the other's original area; every unit outside the pairs
 *   keeps its area; at most ⌊rate · units / 2⌋ pairs;
 * - the multiset of unit areas is preserved (and of row areas, when units are records or the
 *   household size is a similarity column);
 * - the number of high-risk units (a record in a class of fewer than k on the risk columns, or a
 *   risk above the threshold) is recomputed here, and the changed geography cells are counted.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordSwapping, type SwapOptions } from '../../methods/perturbation/swapping/swap.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';

function get<T>(a: ArrayLike<T>, i: number): T {
  const v = a[i];
  if (v === undefined) throw new Error(`index ${i} out of range`);
  return v;
}

interface Draw {
  households: { size: number; region: number; commune: number; bands: number[] }[];
  useHousehold: boolean;
  similar: ('size' | 'band')[];
  rate: number;
  k: number;
  risk: number[] | null;
  threshold: number;
  order: number[];
  seed: number;
}

const drawArb: fc.Arbitrary<Draw> = fc.record({
  households: fc.array(
    fc.integer({ min: 1, max: 4 }).chain((size) =>
      fc.record({
        size: fc.constant(size),
        region: fc.integer({ min: 0, max: 2 }),
        commune: fc.integer({ min: 0, max: 2 }),
        bands: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: size, maxLength: size }),
      }),
    ),
    { minLength: 2, maxLength: 60 },
  ),
  useHousehold: fc.boolean(),
  similar: fc.subarray<'size' | 'band'>(['size', 'band']),
  rate: fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)),
  k: fc.integer({ min: 2, max: 5 }),
  risk: fc.option(
    fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 240, maxLength: 240 }),
    {
      nil: null,
      freq: 3,
    },
  ),
  threshold: fc.double({ min: 0, max: 1, noNaN: true }),
  order: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  seed: fc.integer(),
});

interface Built {
  dataset: Dataset;
  options: SwapOptions;
  /** Unit of every row. */
  unitOf: number[];
  units: number;
}

function build(d: Draw): Built {
  const rows: { hh: number; member: number }[] = [];
  d.households.forEach((h, hh) => {
    for (let m = 0; m < h.size; m++) rows.push({ hh, member: m });
  });
  // Interleave the households' rows (a deterministic shuffle from the drawn words).
  for (let i = rows.length - 1; i > 0; i--) {
    const j = (get(d.order, i % d.order.length) + i * 13) % (i + 1);
    const t = get(rows, i);
    rows[i] = get(rows, j);
    rows[j] = t;
  }
  // A household's first row (in row order) is its reference person: number members in order.
  const seen = new Map<number, number>();
  const member = rows.map((r) => {
    const m = seen.get(r.hh) ?? 0;
    seen.set(r.hh, m + 1);
    return m;
  });
  const hh = (i: number) => get(d.households, get(rows, i).hh);
  const columns: ColumnSpec[] = [
    { name: 'id', type: 'categorical', role: 'identifier' },
    { name: 'household', type: 'categorical', role: 'insensitive' },
    { name: 'region', type: 'categorical', role: 'quasi-identifier' },
    { name: 'commune', type: 'integer', role: 'quasi-identifier' },
    { name: 'size', type: 'integer', role: 'quasi-identifier' },
    { name: 'band', type: 'categorical', role: 'quasi-identifier' },
    { name: 'income', type: 'decimal', role: 'sensitive' },
    { name: 'note', type: 'categorical', role: 'insensitive' },
  ];
  const table = aq.table({
    id: rows.map((_, i) => `P${i}`),
    household: rows.map((r) => `H${r.hh}`),
    region: rows.map((_, i) => `R${hh(i).region}`),
    commune: rows.map((_, i) => 100 * hh(i).region + hh(i).commune),
    size: rows.map((_, i) => hh(i).size),
    band: rows.map((_, i) => `b${get(hh(i).bands, get(member, i))}`),
    income: rows.map((_, i) => (i % 6 === 0 ? NaN : i % 11 === 0 ? -0 : i * 12.5)),
    note: rows.map((_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? '' : `n${i % 5}`)),
  });
  const options: SwapOptions = {
    geography: ['region', 'commune'],
    rate: d.rate,
    similar: [...d.similar],
    seed: d.seed,
  };
  if (d.useHousehold) options.household = 'household';
  if (d.risk !== null) {
    options.risk = d.risk.slice(0, rows.length);
    options.riskThreshold = d.threshold;
  } else options.k = d.k;
  const unitOf = d.useHousehold ? rows.map((r) => r.hh) : rows.map((_, i) => i);
  return {
    dataset: { table, columns },
    options,
    unitOf,
    units: d.useHousehold ? d.households.length : rows.length,
  };
}

describe('record swapping (oracle: units, areas and risk recomputed from the rows)', () => {
  it('swaps whole units between areas, equal on similarity, and keeps everything else', () => {
    let swappedPairs = 0;
    let householdPairs = 0;
    fc.assert(
      fc.property(drawArb, (d) => {
        const b = build(d);
        const release = recordSwapping(b.dataset, b.options);
        const input = b.dataset.table;
        const output = release.table;
        const n = input.numRows();
        expect(output.columnNames()).toEqual(input.columnNames());
        expect(output.numRows()).toBe(n);
        const col = (t: typeof input, name: string): unknown[] =>
          Array.from(t.array(name) as ArrayLike<unknown>);
        for (const name of ['id', 'household', 'size', 'band', 'income', 'note']) {
          const before = col(input, name);
          col(output, name).forEach((v, i) => {
            expect(Object.is(v, before[i]), `column ${name} row ${i}`).toBe(true);
          });
        }
        const areaIn = (i: number): string =>
          `${String(col(input, 'region')[i])}|${String(col(input, 'commune')[i])}`;
        const regionOut = col(output, 'region');
        const communeOut = col(output, 'commune');
        const areaOut = (i: number): string => `${String(regionOut[i])}|${String(communeOut[i])}`;
        // Types of geography values are kept (a commune stays a number).
        communeOut.forEach((v) => {
          expect(typeof v).toBe('number');
        });
        // Units: rows and first row.
        const rowsOf = new Map<number, number[]>();
        b.unitOf.forEach((u, i) => {
          const list = rowsOf.get(u) ?? [];
          list.push(i);
          rowsOf.set(u, list);
        });
        const unitAreaIn = new Map<number, string>();
        const unitAreaOut = new Map<number, string>();
        for (const [u, rs] of rowsOf) {
          unitAreaIn.set(u, areaIn(get(rs, 0)));
          const out = areaOut(get(rs, 0));
          for (const r of rs) expect(areaOut(r), `unit ${u} split over areas`).toBe(out);
          unitAreaOut.set(u, out);
        }
        const details = release.details as {
          units: number;
          pairs: number;
          highRiskUnits: number;
          changedCells: number;
          swaps: [number, number][];
        };
        expect(details.units).toBe(b.units);
        expect(details.pairs).toBe(details.swaps.length);
        swappedPairs += details.pairs;
        if (d.useHousehold) householdPairs += details.pairs;
        expect(details.pairs).toBeLessThanOrEqual(Math.floor((d.rate * b.units) / 2));
        const partner = new Map<number, number>();
        const similarOf = (r: number): string =>
          d.similar.map((name) => String(col(input, name)[r])).join('|');
        for (const [ru, rd] of details.swaps) {
          const u = get(b.unitOf, ru);
          const v = get(b.unitOf, rd);
          expect(get(rowsOf.get(u) ?? [], 0), 'pair names a unit by its first row').toBe(ru);
          expect(get(rowsOf.get(v) ?? [], 0)).toBe(rd);
          expect(u).not.toBe(v);
          expect(partner.has(u) || partner.has(v), `unit swapped twice`).toBe(false);
          partner.set(u, v);
          partner.set(v, u);
          expect(unitAreaIn.get(u), `pair ${ru}/${rd} in one area`).not.toBe(unitAreaIn.get(v));
          expect(similarOf(ru), `pair ${ru}/${rd} differ on ${d.similar.join(',')}`).toBe(
            similarOf(rd),
          );
        }
        for (const [u] of rowsOf) {
          const v = partner.get(u);
          expect(unitAreaOut.get(u), `unit ${u}`).toBe(unitAreaIn.get(v ?? u));
        }
        // Multisets of areas.
        const sorted = (xs: string[]): string[] => [...xs].sort();
        expect(sorted([...unitAreaOut.values()])).toEqual(sorted([...unitAreaIn.values()]));
        if (!d.useHousehold || d.similar.includes('size')) {
          const all = Array.from({ length: n }, (_, i) => i);
          expect(sorted(all.map(areaOut))).toEqual(sorted(all.map(areaIn)));
        }
        let changed = 0;
        for (let i = 0; i < n; i++) {
          if (!Object.is(regionOut[i], col(input, 'region')[i])) changed++;
          if (!Object.is(communeOut[i], col(input, 'commune')[i])) changed++;
        }
        expect(details.changedCells).toBe(changed);
        // High-risk units, recomputed.
        const riskCols = ['region', 'commune', ...d.similar];
        const key = (i: number): string => riskCols.map((c) => String(col(input, c)[i])).join('|');
        const classSize = new Map<string, number>();
        for (let i = 0; i < n; i++) classSize.set(key(i), (classSize.get(key(i)) ?? 0) + 1);
        const high = (i: number): boolean =>
          d.risk !== null ? get(d.risk, i) > d.threshold : (classSize.get(key(i)) ?? 0) < d.k;
        let highUnits = 0;
        for (const [, rs] of rowsOf) if (rs.some(high)) highUnits++;
        expect(details.highRiskUnits).toBe(highUnits);
      }),
      { numRuns: 200 },
    );
    // The runs did swap (the properties above are not vacuous).
    expect(swappedPairs).toBeGreaterThan(0);
    expect(householdPairs).toBeGreaterThan(0);
  });
});
