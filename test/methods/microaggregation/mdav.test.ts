import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mdavKernel } from '../../../methods/perturbation/microaggregation/kernel.js';
import { mdav, mdavMethod } from '../../../methods/perturbation/microaggregation/mdav.js';
import { medianCutBlocks } from '../../../methods/perturbation/microaggregation/blocks.js';
import { tidyNumber } from '../../../methods/perturbation/microaggregation/numeric.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { errorOf } from '../../helpers/errors.js';

/** A dataset whose listed columns are integer quasi-identifiers and the rest insensitive. */
function numeric(
  columns: Record<string, unknown[]>,
  qis: string[],
  extra: ColumnSpec[] = [],
): Dataset {
  const specs: ColumnSpec[] = Object.keys(columns).map(
    (name) =>
      extra.find((s) => s.name === name) ?? {
        name,
        type: 'integer',
        role: qis.includes(name) ? 'quasi-identifier' : 'insensitive',
      },
  );
  return { table: table(columns), columns: specs };
}

/** The rows sharing each output tuple of the given columns. */
function outputClasses(data: Dataset['table'], names: string[]): Map<string, number[]> {
  const classes = new Map<string, number[]>();
  const arrays = names.map((name) => data.array(name) as ArrayLike<unknown>);
  for (let r = 0; r < data.numRows(); r++) {
    const key = JSON.stringify(arrays.map((a) => a[r]));
    const rows = classes.get(key) ?? [];
    rows.push(r);
    classes.set(key, rows);
  }
  return classes;
}

/**
 * MDAV written the slow, obvious way from the paper (centroid recomputed every time, sorts for the
 * nearest and farthest), for comparison with the kernel on random real-valued points (no ties).
 */
function referenceMdav(points: number[][], k: number): number[] {
  const n = points.length;
  const group = new Array<number>(n).fill(-1);
  let remaining = points.map((_, i) => i);
  let g = 0;
  const dist = (a: number[], b: number[]): number =>
    a.reduce((s, x, j) => s + (x - (b[j] as number)) ** 2, 0);
  const centroid = (): number[] =>
    (points[0] as number[]).map(
      (_, j) =>
        remaining.reduce((s, i) => s + ((points[i] as number[])[j] as number), 0) /
        remaining.length,
    );
  const farthest = (from: number[]): number =>
    remaining.reduce((best, i) =>
      dist(points[i] as number[], from) > dist(points[best] as number[], from) ? i : best,
    );
  const takeNearest = (p: number): void => {
    const order = remaining
      .filter((i) => i !== p)
      .sort(
        (a, b) =>
          dist(points[a] as number[], points[p] as number[]) -
          dist(points[b] as number[], points[p] as number[]),
      );
    const members = [p, ...order.slice(0, k - 1)];
    for (const i of members) group[i] = g;
    g++;
    remaining = remaining.filter((i) => !members.includes(i));
  };
  while (remaining.length >= 3 * k) {
    const r = farthest(centroid());
    const s = farthest(points[r] as number[]);
    takeNearest(r);
    takeNearest(s);
  }
  if (remaining.length >= 2 * k) takeNearest(farthest(centroid()));
  for (const i of remaining) group[i] = g;
  return group;
}

/** Two partitions are equal up to the numbering of their parts. */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if ((ab.get(x) ?? y) !== y || (ba.get(y) ?? x) !== x) return false;
    ab.set(x, y);
    ba.set(y, x);
  }
  return true;
}

describe('MDAV by hand', () => {
  it('groups 8 ages with k = 2 as the algorithm says, ties to the first row', () => {
    // Ages 20 21 22 23 50 51 52 53. n = 8 ≥ 3k = 6: centroid 36.5; farthest 20 and 53 are both
    // 16.5 away, the tie goes to row 0 (20) = r; s = farthest from 20 = 53. r's group {20, 21},
    // s's group {53, 52}. 4 left (2k ≤ 4 < 3k): centroid 36.5, farthest 22 and 51 tie (14.5),
    // row 2 (22) wins: {22, 23}; the rest {50, 51}. Means 20.5, 52.5, 22.5, 50.5.
    const data = numeric({ age: [20, 21, 22, 23, 50, 51, 52, 53] }, ['age']);
    const release = mdav(data, { k: 2 });
    expect(release.table.array('age')).toEqual([20.5, 20.5, 22.5, 22.5, 50.5, 50.5, 52.5, 52.5]);
    expect(release.details).toMatchObject({
      groups: 4,
      minGroupSize: 2,
      maxGroupSize: 2,
      variant: 'exact',
    });
    // SSE = 8 × 0.25 = 2 in years²; SST = Σ (x − 36.5)² = 2(16.5² + 15.5² + 14.5² + 13.5²) = 2(272.25 + 240.25 + 210.25 + 182.25) = 1810;
    // the ratio is the same on z-scores.
    expect(release.details.informationLoss).toBeCloseTo(2 / 1810, 12);
    expect(release.columns[0]?.type).toBe('decimal');
  });

  it('with 2k ≤ n < 3k, the group of the farthest point and then the rest; missing cells stay missing', () => {
    // Present ages 1 2 3 10 11 12 30 31 (k = 3, 6 ≤ 8 < 9): centroid 12.5, farthest 31 (18.5 vs
    // 11.5 for 1); its 2 nearest 30 and 12 → mean 73/3; the rest 1 2 3 10 11 → mean 27/5 = 5.4.
    // The three rows missing age form their own group and stay missing.
    const data = numeric({ age: [1, 2, 3, 10, 11, 12, 30, '31', null, null, ''] }, ['age']);
    const release = mdav(data, { k: 3 });
    const g = tidyNumber(73 / 3);
    expect(release.table.array('age')).toEqual([
      5.4,
      5.4,
      5.4,
      5.4,
      5.4,
      g,
      g,
      g,
      null,
      null,
      null,
    ]);
    expect(release.details).toMatchObject({
      groups: 3,
      missingPatterns: 2,
      blankedCells: { age: 0 },
    });
  });

  it('median, rounding and dates', () => {
    // k = 2 on 1 2 4 9 → groups {1, 2} (farthest from centroid 4 is 9: {9, 4}), then {1, 2}.
    const data = numeric({ x: [1, 2, 4, 9] }, ['x']);
    expect(mdav(data, { k: 2, aggregate: 'median' }).table.array('x')).toEqual([
      1.5, 1.5, 6.5, 6.5,
    ]);
    expect(mdav(data, { k: 2, round: true }).table.array('x')).toEqual([2, 2, 7, 7]);
    // Dates: 2024-01-01 and 2024-01-04 average to 2024-01-02 12:00, rounded half away → 01-03.
    const dates: Dataset = {
      table: table({ d: ['2024-01-01', '2024-01-04'] }),
      columns: [{ name: 'd', type: 'date', role: 'quasi-identifier' }],
    };
    const release = mdav(dates, { k: 2 });
    expect(release.table.array('d')).toEqual(['2024-01-03', '2024-01-03']);
    expect(release.columns[0]?.type).toBe('date');
  });

  it('reads text numbers with a decimal comma and keeps a constant column without NaN (B18)', () => {
    const data: Dataset = {
      table: table({
        a: ['1,5', '2,5', '10', '11'],
        c: ['7', '7', '7', '7'],
        id: ['p', 'q', 'r', 's'],
      }),
      columns: [
        { name: 'a', type: 'decimal', role: 'quasi-identifier' },
        { name: 'c', type: 'integer', role: 'quasi-identifier' },
        { name: 'id', type: 'categorical', role: 'identifier' },
      ],
    };
    const release = mdav(data, { k: 2 });
    expect(release.table.columnNames()).toEqual(['a', 'c']);
    expect(release.table.array('a')).toEqual([2, 2, 10.5, 10.5]);
    expect(release.table.array('c')).toEqual([7, 7, 7, 7]);
    expect(Number.isFinite(release.details.informationLoss)).toBe(true);
  });

  it('merges a pattern of missing values smaller than k into the cheapest one, blanking cells', () => {
    // Rows 0–3 have a and b; row 4 misses b. k = 2: pattern {b missing} has 1 row. Merging it into
    // the complete pattern blanks b in 4 rows (cost 4); there is no other pattern, so b is blanked
    // in rows 0–3 and all five rows are grouped on a alone.
    const data = numeric({ a: [1, 2, 3, 4, 5], b: [1, 1, 1, 1, null] }, ['a', 'b']);
    const release = mdav(data, { k: 2 });
    expect(release.table.array('b')).toEqual([null, null, null, null, null]);
    expect(release.accounting.suppressedCells).toBe(4);
    expect(release.details.blankedCells).toEqual({ a: 0, b: 4 });
  });

  it('merges groups that fail distinct 2-diversity with the nearest group', () => {
    // The groups of the first test: {20,21} flu flu fails; nearest {22,23} (centroid distance 2):
    // still only flu; then nearest of the union (centroid 21.5) is {50,51} (29) before {52,53}.
    const data: Dataset = {
      table: table({
        age: [20, 21, 22, 23, 50, 51, 52, 53],
        d: ['flu', 'flu', 'flu', 'flu', 'a', 'b', 'a', 'b'],
      }),
      columns: [
        { name: 'age', type: 'integer', role: 'quasi-identifier' },
        { name: 'd', type: 'categorical', role: 'sensitive' },
      ],
    };
    const release = mdav(data, {
      k: 2,
      models: [{ model: 'l-diversity', column: 'd', variant: 'distinct', l: 2 }],
    });
    const g = tidyNumber(187 / 6);
    expect(release.table.array('age')).toEqual([g, g, g, g, g, g, 52.5, 52.5]);
    expect(release.details).toMatchObject({ groups: 2, models: { mergedGroups: 2 } });
  });
});

describe('MDAV errors', () => {
  const data = numeric({ age: [1, 2, 3], s: ['a', 'b', 'c'] }, ['age']);
  it('checks parameters before the data', () => {
    const bad: Dataset = {
      ...data,
      columns: [{ name: 'age', type: 'categorical', role: 'quasi-identifier' }],
    };
    expect(errorOf(() => mdav(bad, { k: 0 }))).toMatchObject({ code: 'BAD_PARAMETER', field: 'k' });
    expect(errorOf(() => mdav(bad, { k: 2, aggregate: 'mode' as 'mean' }))).toMatchObject({
      field: 'aggregate',
    });
    expect(errorOf(() => mdav(bad, { k: 2, blockSize: 3 }))).toMatchObject({ field: 'blockSize' });
    expect(errorOf(() => mdav(bad, { k: 2 }))).toMatchObject({ code: 'BAD_CONFIG', column: 'age' });
  });
  it('refuses k above the rows and a value that is not a number', () => {
    expect(errorOf(() => mdav(data, { k: 4 }))).toMatchObject({ code: 'IMPOSSIBLE' });
    const text = numeric({ age: [1, 'x', 3] }, ['age']);
    expect(errorOf(() => mdav(text, { k: 2 }))).toMatchObject({
      code: 'BAD_INPUT',
      column: 'age',
      line: 3,
      value: 'x',
    });
  });
  it('is a Method of the perturbation family', async () => {
    expect(mdavMethod.family).toBe('perturbation');
    expect((await mdavMethod.run(data, { k: 3 })).table.array('age')).toEqual([2, 2, 2]);
  });
});

describe('MDAV kernel and blocks', () => {
  it('matches the reference MDAV on random real-valued points', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 60 }),
        fc.integer(),
        (k, d, n0, seed) => {
          const n = Math.max(n0, k);
          // A small LCG: real-valued coordinates, so that distances never tie.
          let state = seed >>> 0;
          const next = (): number =>
            (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
          const points = Array.from({ length: n }, () => Array.from({ length: d }, next));
          const kernel = mdavKernel(Float64Array.from(points.flat()), n, d, k);
          expect(samePartition(kernel.groupOf, referenceMdav(points, k))).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('median cuts make blocks of at most B and at least k points', () => {
    const n = 1000;
    const points = Float64Array.from({ length: 2 * n }, (_, i) => (i * 7919) % 1009);
    const { order, starts } = medianCutBlocks(points, n, 2, 64);
    expect(Array.from(order).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
    for (let b = 0; b + 1 < starts.length; b++) {
      const size = (starts[b + 1] as number) - (starts[b] as number);
      expect(size).toBeLessThanOrEqual(64);
      expect(size).toBeGreaterThanOrEqual(32);
    }
  });
});

describe('MDAV properties', () => {
  const cell = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: -20, max: 20 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  );
  it('groups of ≥ k identical tuples, < 2k per block except merges, sums kept, row order kept', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.tuple(cell, cell, cell), { minLength: 1, maxLength: 70 }),
        fc.boolean(),
        (k, d, rows, blocked) => {
          fc.pre(rows.length >= k);
          const names = ['a', 'b', 'c'].slice(0, d);
          const columns: Record<string, unknown[]> = { tag: rows.map((_, i) => i) };
          names.forEach((name, j) => (columns[name] = rows.map((row) => row[j])));
          const data = numeric(columns, names);
          const release = mdav(data, { k, ...(blocked ? { blockSize: 2 * k } : {}) });
          expect(release.table.array('tag')).toEqual(rows.map((_, i) => i));
          // k-anonymity over the output tuples.
          for (const members of outputClasses(release.table, names).values()) {
            expect(members.length).toBeGreaterThanOrEqual(k);
          }
          const details = release.details as {
            minGroupSize: number;
            maxGroupSize: number;
            blankedCells: Record<string, number>;
          };
          expect(details.minGroupSize).toBeGreaterThanOrEqual(k);
          // Groups have k … 2k − 1 records, in every block, except the one group of the records
          // missing every quasi-identifier (documented), which takes them all.
          const allMissing = rows.filter((row) => row.slice(0, d).every((x) => x === null)).length;
          // (Merging a missing-value pattern smaller than k can blank cells: then groups of the
          // merged pattern may be larger, as documented.)
          const blanked = Object.values(details.blankedCells).some((c) => c > 0);
          if (!blanked) {
            expect(details.maxGroupSize).toBeLessThanOrEqual(Math.max(2 * k - 1, allMissing));
          }
          // The sum of each column is kept, up to rounding, when no cell was blanked.
          for (const name of names) {
            if (details.blankedCells[name] !== 0) continue;
            const before = (columns[name] as (number | null)[]).reduce<number>(
              (s, x) => s + (x ?? 0),
              0,
            );
            const after = (release.table.array(name) as (number | null)[]).reduce<number>(
              (s, x) => s + (x ?? 0),
              0,
            );
            expect(Math.abs(after - before)).toBeLessThan(1e-6);
            // Missing stays missing, present stays present.
            (columns[name] as (number | null)[]).forEach((x, r) => {
              expect(x === null).toBe((release.table.array(name) as unknown[])[r] === null);
            });
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('with distinct 2-diversity every group has two distinct sensitive values (brute-force count)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 30 }), fc.constantFrom('x', 'y', 'z', 'x', 'x')),
          {
            minLength: 2,
            maxLength: 50,
          },
        ),
        (k, rows) => {
          fc.pre(rows.length >= k && new Set(rows.map((r) => r[1])).size >= 2);
          const data: Dataset = {
            table: table({ v: rows.map((r) => r[0]), s: rows.map((r) => r[1]) }),
            columns: [
              { name: 'v', type: 'integer', role: 'quasi-identifier' },
              { name: 's', type: 'categorical', role: 'sensitive' },
            ],
          };
          const release = mdav(data, {
            k,
            models: [{ model: 'l-diversity', column: 's', variant: 'distinct', l: 2 }],
          });
          for (const members of outputClasses(release.table, ['v']).values()) {
            expect(members.length).toBeGreaterThanOrEqual(k);
            expect(
              new Set(members.map((r) => (rows[r] as [number, string])[1])).size,
            ).toBeGreaterThanOrEqual(2);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
