import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classRisks } from '../../../src/metrics/risk/reidentification-risks.js';
import { gowerDistance, type GowerCell } from '../../../src/metrics/risk/gower.js';
import { readFeatures } from '../../../src/metrics/risk/_internals/features.js';
import { NeighbourIndex } from '../../../src/metrics/risk/_internals/neighbours.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';

const SPECS: ColumnSpec[] = [
  { name: 'n', type: 'integer', role: 'insensitive' },
  { name: 'c', type: 'categorical', role: 'insensitive' },
];
const cell = fc.record({
  n: fc.option(fc.integer({ min: 0, max: 6 }), { nil: null }),
  c: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: null }),
});
const toDataset = (rows: { n: number | null; c: string | null }[]): Dataset => ({
  table: table({ n: rows.map((r) => r.n), c: rows.map((r) => r.c) }),
  columns: SPECS,
});

describe('NeighbourIndex agrees with the plain Gower definition (fast-check)', () => {
  it('k nearest rows by (distance, row index), on random mixed tables with missing values', () => {
    fc.assert(
      fc.property(
        fc.array(cell, { minLength: 1, maxLength: 25 }),
        fc.array(cell, { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 4 }),
        (reference, queries, k) => {
          const f = readFeatures([toDataset(reference), toDataset(queries)], ['n', 'c']);
          const index = new NeighbourIndex(f, 0, [0, 1]);
          const all = [...reference, ...queries]
            .map((r) => r.n)
            .filter((x): x is number => x !== null);
          const range = all.length === 0 ? 0 : Math.max(...all) - Math.min(...all);
          const asCells = (r: { n: number | null; c: string | null }): GowerCell[] => [r.n, r.c];
          queries.forEach((q, qi) => {
            const brute = reference
              .map((r, i) => ({
                i,
                d: gowerDistance(asCells(q), asCells(r), ['numeric', 'categorical'], [range, 0]),
              }))
              .sort((x, y) => x.d - y.d || x.i - y.i)
              .slice(0, k);
            const got = index.nearest(1, qi, k);
            expect(got.rows).toEqual(brute.map((b) => b.i));
            got.distances.forEach((d, j) => {
              expect(d).toBeCloseTo((brute[j] as { d: number }).d, 12);
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('classRisks invariants (fast-check)', () => {
  it('prosecutor average = J/n; journalist and marketer never above prosecutor', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 50 })), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (classes, threshold) => {
          const f = classes.map(([s]) => s);
          const F = classes.map(([s, extra]) => s + extra);
          const n = f.reduce((a, b) => a + b, 0);
          const r = classRisks(f, F, threshold);
          expect(r.prosecutor.average).toBeCloseTo(f.length / n, 12);
          expect(r.journalist.highest).toBeLessThanOrEqual(r.prosecutor.highest + 1e-12);
          expect(r.journalist.recordsAtRisk).toBeLessThanOrEqual(
            r.prosecutor.recordsAtRisk + 1e-12,
          );
          expect(r.marketer).toBeLessThanOrEqual(r.prosecutor.average + 1e-12);
          expect(r.journalist.average).toBeGreaterThanOrEqual(r.marketer - 1e-12);
        },
      ),
      { numRuns: 300 },
    );
  });
});
