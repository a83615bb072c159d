/**
 * Independent property tests of `mdav` (issue 3), over random small tables of 1–3 numeric
 * quasi-identifiers (integer and decimal, negatives included, no missing cell), random k,
 * aggregate, block size and 0–2 sensitive models judged by `oracle.ts`.
 *
 * - the release keeps every row, in order; non-QI columns are unchanged; the identifier is gone;
 * - every group (rows with identical output QIs) has ≥ k rows and satisfies every model; the run
 *   is IMPOSSIBLE exactly when the whole table fails a model (merging everything always works);
 * - mean aggregate: each output value is the mean of its group's original values (so two MDAV
 *   groups that happen to share an output tuple still pass), and each column's overall mean is
 *   preserved, both up to a relative 1e-9 (outputs are rounded to 12 significant digits);
 * - median aggregate: each output value lies between the group's smallest and largest value.
 */
import * as aq from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mdav, type MdavOptions } from '../../methods/perturbation/microaggregation/mdav.js';
import { DatanonymeError } from '../../src/errors.js';
import type { ColumnSpec, Dataset } from '../../src/types.js';
import { at, failure, groupBy, type ModelSpec } from './oracle.js';
import { modelArb } from './scenario.js';

interface Draw {
  kinds: ('integer' | 'decimal')[];
  cells: number[][];
  s: (string | null)[];
  y: (number | null)[];
  k: number;
  aggregate: 'mean' | 'median' | undefined;
  blocked: boolean;
  models: ModelSpec[];
}

const MAX_ROWS = 30;

const drawArb: fc.Arbitrary<Draw> = fc
  .record({
    kinds: fc.array(fc.constantFrom<'integer' | 'decimal'>('integer', 'decimal'), {
      minLength: 1,
      maxLength: 3,
    }),
    cells: fc.array(
      fc.array(
        fc.oneof(
          { weight: 1, arbitrary: fc.nat({ max: 3 }) },
          { weight: 2, arbitrary: fc.integer({ min: -40, max: 120 }) },
        ),
        { minLength: 3, maxLength: 3 },
      ),
      { minLength: 2, maxLength: MAX_ROWS, size: 'max' },
    ),
    s: fc.array(fc.constantFrom<string | null>('a', 'a', 'b', 'c', 'd', '', null), {
      minLength: MAX_ROWS,
      maxLength: MAX_ROWS,
    }),
    y: fc.array(fc.constantFrom<number | null>(1, 1, 2, 3, 5, 8, null), {
      minLength: MAX_ROWS,
      maxLength: MAX_ROWS,
    }),
    k: fc.integer({ min: 1, max: 5 }),
    aggregate: fc.constantFrom<'mean' | 'median' | undefined>('mean', 'median', undefined),
    blocked: fc.boolean(),
    models: fc.oneof(
      fc.constant<ModelSpec[]>([]),
      fc.array(modelArb, { minLength: 1, maxLength: 2 }),
    ),
  })
  .map((r) => ({
    ...r,
    s: r.s.slice(0, r.cells.length),
    y: r.y.slice(0, r.cells.length),
    k: Math.min(r.k, r.cells.length),
  }));

const NUMERIC = { s: false, y: true };

function build(d: Draw): { dataset: Dataset; names: string[]; values: number[][] } {
  const data: Record<string, unknown[]> = { pid: d.cells.map((_, i) => `P${i}`) };
  const columns: ColumnSpec[] = [{ name: 'pid', type: 'categorical', role: 'identifier' }];
  const names: string[] = [];
  const values: number[][] = [];
  d.kinds.forEach((kind, j) => {
    const name = `q${j}`;
    const v = d.cells.map((row) => (kind === 'integer' ? at(row, j) : at(row, j) / 4));
    names.push(name);
    values.push(v);
    data[name] = v;
    columns.push({ name, type: kind, role: 'quasi-identifier' });
  });
  data.s = d.s;
  data.y = d.y;
  data.rid = d.cells.map((_, i) => i);
  columns.push({ name: 's', type: 'categorical', role: 'sensitive' });
  columns.push({ name: 'y', type: 'integer', role: 'sensitive' });
  columns.push({ name: 'rid', type: 'integer', role: 'insensitive' });
  return { dataset: { table: aq.table(data), columns }, names, values };
}

function wholeSatisfies(d: Draw): boolean {
  const cols: Record<string, readonly unknown[]> = { s: d.s, y: d.y };
  return d.models.every((spec) => {
    const whole = cols[spec.column] ?? [];
    return failure(spec, whole, whole, NUMERIC[spec.column as 's' | 'y']) === null;
  });
}

/** |a − b| ≤ 1e-9 · max(1, scale). */
function near(a: number, b: number, scale: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, scale);
}

describe('mdav (independent properties)', () => {
  it('groups of at least k, each value its group mean (or within its range), means preserved, models satisfied', () => {
    fc.assert(
      fc.property(drawArb, (d) => {
        const n = d.cells.length;
        const b = build(d);
        const options: MdavOptions = { k: d.k, models: d.models };
        if (d.aggregate !== undefined) options.aggregate = d.aggregate;
        if (d.blocked) options.blockSize = 2 * d.k;
        let release;
        try {
          release = mdav(b.dataset, options);
        } catch (error) {
          if (error instanceof DatanonymeError && error.code === 'IMPOSSIBLE') {
            expect(wholeSatisfies(d)).toBe(false);
            return;
          }
          throw error;
        }
        expect(wholeSatisfies(d)).toBe(true);
        const out = release.table;
        expect(out.numRows()).toBe(n);
        expect(out.columnNames()).toEqual([...b.names, 's', 'y', 'rid']);
        expect(Array.from(out.array('rid') as ArrayLike<number>)).toEqual(d.cells.map((_, i) => i));
        expect(Array.from(out.array('s') as ArrayLike<unknown>)).toEqual(d.s);
        expect(Array.from(out.array('y') as ArrayLike<unknown>)).toEqual(d.y);
        const outputs = b.names.map((name) => Array.from(out.array(name) as ArrayLike<number>));
        for (const col of outputs) for (const v of col) expect(Number.isFinite(v)).toBe(true);
        const keys = d.cells.map((_, i) => JSON.stringify(outputs.map((col) => col[i])));
        const cols: Record<string, readonly unknown[]> = { s: d.s, y: d.y };
        for (const group of groupBy(keys)) {
          expect(group.length).toBeGreaterThanOrEqual(d.k);
          for (const spec of d.models) {
            const whole = cols[spec.column] ?? [];
            const cells = group.map((r) => whole[r]);
            expect(failure(spec, cells, whole, NUMERIC[spec.column as 's' | 'y'])).toBe(null);
          }
          b.names.forEach((_, j) => {
            const original = group.map((r) => at(at(b.values, j), r));
            const released = at(at(outputs, j), at(group, 0));
            const scale = Math.max(...original.map(Math.abs));
            if ((d.aggregate ?? 'mean') === 'mean') {
              const mean = original.reduce((a, x) => a + x, 0) / original.length;
              expect(near(released, mean, scale), `group mean ${mean}, released ${released}`).toBe(
                true,
              );
            } else {
              expect(released).toBeGreaterThanOrEqual(Math.min(...original));
              expect(released).toBeLessThanOrEqual(Math.max(...original));
            }
          });
        }
        if ((d.aggregate ?? 'mean') === 'mean') {
          b.names.forEach((_, j) => {
            const original = at(b.values, j);
            const released = at(outputs, j);
            const scale = Math.max(...original.map(Math.abs));
            const before = original.reduce((a, x) => a + x, 0) / n;
            const after = released.reduce((a, x) => a + x, 0) / n;
            expect(near(after, before, scale), `column mean ${before} → ${after}`).toBe(true);
          });
        }
      }),
      { numRuns: 800 },
    );
  });
});
