/**
 * Properties of every non-DP generator of this module over random tables (fast-check): the output
 * has the input's columns (identifiers dropped) and types, categorical values stay in their
 * domain, numeric values within [min, max] (integers stay integers), constant columns stay
 * constant, empty ones empty, and the same seed gives the same bytes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gaussianCopula } from '../../../methods/synthesis/copula.js';
import { independentMarginals } from '../../../methods/synthesis/independent.js';
import type { SynthesisModel } from '../../../methods/synthesis/types.js';
import { formatCsv } from '../../../src/table/format.js';
import type { Dataset } from '../../../src/types.js';
import { cellsOf, datasetOf } from './core-helpers.js';

/** A random CSV: an id, a category (some missing), an integer, a decimal, a date, a constant. */
const tables = fc
  .array(
    fc.record({
      cat: fc.option(fc.constantFrom('a', 'b', 'c', 'dd'), { nil: null, freq: 5 }),
      int: fc.integer({ min: -20, max: 300 }),
      dec: fc.integer({ min: 0, max: 5000 }),
      day: fc.integer({ min: 0, max: 800 }),
    }),
    { minLength: 2, maxLength: 60 },
  )
  .map((rows) => {
    const lines = ['id,cat,int,dec,day,const,empty'];
    rows.forEach((r, i) => {
      const day = new Date(Date.UTC(2020, 0, 1) + r.day * 86_400_000).toISOString().slice(0, 10);
      lines.push(`X${i},${r.cat ?? 'NA'},${r.int},${(r.dec / 10).toFixed(1)},${day},k,`);
    });
    // the empty column needs a non-comma ending to be read: write NA
    return lines.map((l) => (l.endsWith(',') ? l + 'NA' : l)).join('\n') + '\n';
  });

const generators: [string, (d: Dataset) => SynthesisModel][] = [
  ['independent', (d) => independentMarginals(d)],
  ['copula', (d) => gaussianCopula(d)],
];

describe.each(generators)('%s over random tables', (_, fit) => {
  it('keeps columns, types, domains, ranges, constants, empties; same seed same bytes', () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 1, max: 80 }), (csv, n) => {
        const data = datasetOf(csv, { id: 'identifier' });
        const model = fit(data);
        const out = model.sample(n, n);
        expect(out.table.columnNames()).toEqual(['cat', 'int', 'dec', 'day', 'const', 'empty']);
        const typeOf = (d: Dataset, c: string): string | undefined =>
          d.columns.find((s) => s.name === c)?.type;
        for (const c of out.table.columnNames()) expect(typeOf(out, c)).toBe(typeOf(data, c));
        const cats = new Set(cellsOf(data, 'cat'));
        for (const v of cellsOf(out, 'cat')) expect(cats.has(v)).toBe(true);
        for (const c of ['int', 'dec']) {
          const xs = cellsOf(data, c) as number[];
          const lo = Math.min(...xs);
          const hi = Math.max(...xs);
          for (const v of cellsOf(out, c) as number[]) {
            expect(v).toBeGreaterThanOrEqual(lo);
            expect(v).toBeLessThanOrEqual(hi);
            if (c === 'int') expect(Number.isInteger(v)).toBe(true);
            else expect(Math.abs(v * 10 - Math.round(v * 10))).toBeLessThan(1e-9);
          }
        }
        const days = (cellsOf(data, 'day') as string[]).slice().sort();
        for (const v of cellsOf(out, 'day') as string[]) {
          expect(v).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(v >= (days[0] as string) && v <= (days[days.length - 1] as string)).toBe(true);
        }
        expect(cellsOf(out, 'const').every((v) => v === 'k')).toBe(true);
        expect(cellsOf(out, 'empty').every((v) => v === null)).toBe(true);
        expect(formatCsv(fit(data).sample(n, n).table)).toBe(formatCsv(out.table));
      }),
      { numRuns: 60, seed: 20261203 },
    );
  });

  it('missing rates within tolerance: 30 of 120 missing comes back as 25 % ± 4 points', () => {
    const lines = ['c,x'];
    for (let i = 0; i < 120; i++) lines.push(`${i % 4 === 0 ? 'NA' : ['u', 'v', 'w'][i % 3]},${i}`);
    const out = fit(datasetOf(lines.join('\n') + '\n')).sample(6000, 8);
    const rate = cellsOf(out, 'c').filter((v) => v === null).length / 6000;
    // Binomial(6000, 0.25): sd = √(0.25·0.75/6000) = 0.0056; 0.04 is 7 sd
    expect(Math.abs(rate - 0.25)).toBeLessThan(0.04);
  });
});
