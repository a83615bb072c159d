/**
 * Independent property tests of `localSuppression` (issue 3), over random small tables with random
 * hierarchies (whose root is sometimes the token `*` itself), random levels, importance orders,
 * suppression limits and 0–2 sensitive models judged by `oracle.ts`.
 *
 * - the release keeps every row, in order; non-QI columns are unchanged; the identifier is gone;
 * - every non-`*` QI cell is the original value generalised to the chosen level;
 * - the release is k-anonymous, `*` counting as an ordinary value, and every class satisfies every
 *   model; the run is IMPOSSIBLE without a row limit only when even the whole table (every cell
 *   suppressed: one class) fails a model;
 * - `accounting.suppressedCells` is the number of `*` cells that were not already `*` at the
 *   chosen level; `accounting.suppressedRows` the rows whose QIs are all `*` with at least one of
 *   them suppressed, at most ⌊limit · n⌋.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  localSuppression,
  type LocalSuppressionOptions,
} from '../../methods/generalisation/local-suppression/local-suppression.js';
import { DatanonymeError } from '../../src/errors.js';
import { at, failure, groupBy, type ModelSpec } from './oracle.js';
import {
  buildTable,
  fitModels,
  hierarchicalModelArb,
  modelArb,
  tableArb,
  type TableDraw,
} from './scenario.js';

interface Draw {
  table: TableDraw;
  k: number;
  levels: number[];
  root: '*' | 'ANY';
  importance: number[] | null;
  limit: number | undefined;
  models: ModelSpec[];
}

const drawArb: fc.Arbitrary<Draw> = fc.record({
  table: tableArb(1, 3, 4, 24),
  k: fc.integer({ min: 1, max: 4 }),
  levels: fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 3 }),
  root: fc.constantFrom<'*' | 'ANY'>('*', 'ANY'),
  importance: fc.option(fc.array(fc.nat({ max: 9 }), { minLength: 3, maxLength: 3 })),
  limit: fc.constantFrom(undefined, undefined, 0, 0.2, 0.5),
  models: fc.oneof(
    fc.constant<ModelSpec[]>([]),
    fc.array(fc.oneof(modelArb, modelArb, hierarchicalModelArb), { minLength: 1, maxLength: 2 }),
  ),
});

describe('localSuppression (independent properties)', () => {
  it('k-anonymous with * as a value, models satisfied, cells generalised or *, suppressions counted', () => {
    fc.assert(
      fc.property(drawArb, (d) => {
        const t = buildTable(d.table, d.root);
        const n = t.n;
        const k = Math.min(d.k, n);
        const levels = t.qiNames.map((_, j) => at(d.levels, j) % at(d.table.qis, j).height);
        const models = fitModels(d.models, d.table.sTree);
        const options: LocalSuppressionOptions = {
          k,
          models,
          levels: Object.fromEntries(t.qiNames.map((name, j) => [name, at(levels, j)])),
        };
        if (d.importance !== null) {
          const keys = d.importance;
          options.importance = [...t.qiNames].sort(
            (a, b) => at(keys, Number(a.slice(1))) - at(keys, Number(b.slice(1))),
          );
        }
        if (d.limit !== undefined) options.suppressionLimit = d.limit;
        const everyRow = t.qiValues[0]?.map((_, i) => i) ?? [];
        const wholeFails = models.some((spec) => {
          const whole = t.sensitive[spec.column] ?? [];
          return (
            failure(
              spec,
              everyRow.map((r) => whole[r]),
              whole,
              t.numeric[spec.column] ?? false,
              t.trees[spec.column],
            ) !== null
          );
        });
        let release;
        try {
          release = localSuppression(t.dataset, options);
        } catch (error) {
          if (error instanceof DatanonymeError && error.code === 'IMPOSSIBLE') {
            // Without a row limit, only a table that fails as a whole is impossible.
            if (d.limit === undefined) expect(wholeFails).toBe(true);
            return;
          }
          throw error;
        }
        expect(wholeFails).toBe(false);
        const out = release.table;
        expect(out.numRows()).toBe(n);
        expect(out.columnNames()).toEqual([...t.qiNames, 's', 'y', 'rid']);
        expect(Array.from(out.array('rid') as ArrayLike<number>)).toEqual(everyRow);
        expect(Array.from(out.array('s') as ArrayLike<unknown>)).toEqual(t.raw.s);
        expect(Array.from(out.array('y') as ArrayLike<unknown>)).toEqual(t.sensitive.y);
        const cells = t.qiNames.map((name) => Array.from(out.array(name) as ArrayLike<unknown>));
        let suppressedCells = 0;
        let suppressedRows = 0;
        for (let i = 0; i < n; i++) {
          let allStar = true;
          let any = false;
          for (let j = 0; j < t.qiNames.length; j++) {
            const level = at(levels, j);
            const row = at(t.hierarchies, j).find((r) => r[0] === at(at(t.qiValues, j), i));
            const generalised = at(row ?? [], level);
            const cell = at(at(cells, j), i);
            if (cell === '*') {
              if (generalised !== '*') {
                suppressedCells++;
                any = true;
              }
            } else {
              allStar = false;
              expect(cell).toBe(generalised);
            }
          }
          if (allStar && any) suppressedRows++;
        }
        expect(release.accounting.suppressedCells).toBe(suppressedCells);
        expect(release.accounting.suppressedRows).toBe(suppressedRows);
        if (d.limit !== undefined) {
          expect(suppressedRows).toBeLessThanOrEqual(Math.floor(d.limit * n + 1e-9));
        }
        const keys = everyRow.map((i) => JSON.stringify(cells.map((col) => col[i])));
        for (const cls of groupBy(keys)) {
          expect(cls.length).toBeGreaterThanOrEqual(k);
          for (const spec of models) {
            const whole = t.sensitive[spec.column] ?? [];
            const why = failure(
              spec,
              cls.map((r) => whole[r]),
              whole,
              t.numeric[spec.column] ?? false,
              t.trees[spec.column],
            );
            expect(why, `${JSON.stringify(spec)} on rows ${cls.join(',')}`).toBe(null);
          }
        }
      }),
      { numRuns: 800 },
    );
  });
});
