import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkClass,
  HistogramBuilder,
  ModelEvaluator,
  sensitiveColumnsOf,
} from '../../src/privacy/histogram.js';
import {
  distinctLDiversity,
  entropyLDiversity,
  recursiveCLDiversity,
} from '../../src/privacy/lDiversity.js';
import type { PrivacyModels, SensitiveColumn } from '../../src/privacy/model.js';
import { encodeSensitiveColumn } from '../../src/privacy/sensitive.js';
import { tCloseness } from '../../src/privacy/tCloseness.js';
import { errorOf } from '../helpers/errors.js';
import { histogramOf } from './helpers.js';

/** Groups rows by the text of their quasi-identifiers, classes numbered by first appearance. */
function classesOf(qis: readonly (readonly string[])[]): {
  classOfRow: Int32Array;
  classes: number;
} {
  const ids = new Map<string, number>();
  const classOfRow = Int32Array.from(qis, (row) => {
    const key = JSON.stringify(row);
    let id = ids.get(key);
    if (id === undefined) {
      id = ids.size;
      ids.set(key, id);
    }
    return id;
  });
  return { classOfRow, classes: ids.size };
}

/** The rows of each class, in row order. */
function rowsOfClasses(classOfRow: Int32Array, classes: number): Int32Array[] {
  return Array.from({ length: classes }, (_, c) =>
    Int32Array.from(
      Array.from(classOfRow.keys()).filter((r) => classOfRow[r] === c),
      (r) => r,
    ),
  );
}

describe('HistogramBuilder', () => {
  it('counts codes sparsely, missing apart, and resets in place', () => {
    const b = new HistogramBuilder(5);
    for (const code of [3, -1, 3, 0, 3]) b.add(code);
    const h = b.histogram();
    expect(h.length).toBe(2);
    expect(Array.from(h.codes.subarray(0, 2))).toEqual([3, 0]); // order of first addition
    expect(Array.from(h.counts.subarray(0, 2))).toEqual([3, 1]);
    expect(h.total).toBe(4);
    expect(h.missing).toBe(1);
    b.reset();
    expect([b.length, b.total, b.missing]).toEqual([0, 0, 0]);
    b.add(0, 2.5);
    b.add(4);
    expect(b.length).toBe(2);
    expect(Array.from(b.codes.subarray(0, 2))).toEqual([0, 4]);
    expect(Array.from(b.counts.subarray(0, 2))).toEqual([2.5, 1]);
    expect(b.total).toBe(3.5);
  });

  it('refuses codes outside −1 … domain − 1', () => {
    const b = new HistogramBuilder(2);
    expect(() => {
      b.add(2);
    }).toThrow(RangeError);
    expect(() => {
      b.add(-2);
    }).toThrow(RangeError);
  });

  it('after any sequence of classes, holds exactly the counts of the last one', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -1, max: 5 }), { maxLength: 12 }), { minLength: 1 }),
        (batches) => {
          const b = new HistogramBuilder(6);
          for (const batch of batches) {
            b.reset();
            for (const code of batch) b.add(code);
          }
          const last = batches[batches.length - 1] as number[];
          const expected = new Map<number, number>();
          for (const code of last) if (code >= 0) expected.set(code, (expected.get(code) ?? 0) + 1);
          const got = new Map<number, number>();
          for (let i = 0; i < b.length; i++) got.set(b.codes[i] as number, b.counts[i] as number);
          expect(got).toEqual(expected);
          expect(b.missing).toBe(last.filter((c) => c === -1).length);
        },
      ),
    );
  });
});

// Case B10 (/work/shared/cases.md): QIs sex, job, region; sensitive smoker.
const B10 = [
  ['F', '', 'West', 'yes'],
  ['F', '', 'West', 'yes'],
  ['F', '', 'West', 'no'],
  ['M', 'teacher', 'West', 'yes'],
  ['M', 'teacher', 'West', 'no'],
  ['F', 'nurse', 'East', 'no'],
  ['F', 'nurse', 'East', 'yes'],
];

describe('case B10: missing QI and sensitive values', () => {
  const { classOfRow, classes } = classesOf(B10.map((r) => r.slice(0, 3)));
  const models = (smoker: SensitiveColumn): ModelEvaluator =>
    new ModelEvaluator(
      {
        k: 2,
        sensitive: [distinctLDiversity('smoker', 2), entropyLDiversity('smoker', 1.5)],
      },
      [smoker],
    );

  it('three classes (F, "", West) × 3, (M, teacher, West) × 2, (F, nurse, East) × 2', () => {
    expect(classes).toBe(3);
    expect(Array.from(classOfRow)).toEqual([0, 0, 0, 1, 1, 2, 2]);
  });

  it('distinct l = 2, 2, 2; entropy l = 1.89, 2.00, 2.00; the table has l = 2', () => {
    const smoker = encodeSensitiveColumn(
      'smoker',
      B10.map((r) => r[3]),
    );
    const evaluator = models(smoker);
    const perClass = rowsOfClasses(classOfRow, classes).map((rows) =>
      Array.from(evaluator.measureRows(rows)),
    );
    // Class 1 {yes, yes, no}: exp(−(2/3 ln 2/3 + 1/3 ln 1/3)) = exp(0.63651) = 1.88988.
    // Classes 2 and 3 {yes, no}: exp(ln 2) = 2.
    expect(perClass.map((m) => m[0])).toEqual([2, 2, 2]);
    expect(perClass.map((m) => m[1] as number)).toEqual([
      expect.closeTo(1.889882, 6),
      expect.closeTo(2, 12),
      expect.closeTo(2, 12),
    ]);
    const summary = evaluator.summarise(classOfRow, classes);
    expect(summary.minClassSize).toBe(2);
    expect(summary.perModel).toEqual([
      {
        name: 'distinct-2-diversity on "smoker"',
        model: 'l-diversity',
        column: 'smoker',
        required: 2,
        reached: 2,
      },
      {
        name: 'entropy-1.5-diversity on "smoker"',
        model: 'l-diversity',
        column: 'smoker',
        required: 1.5,
        reached: expect.closeTo(1.889882, 6) as unknown,
      },
    ]);
    expect(summary.missingSensitive).toEqual({ smoker: 0 });
    for (const rows of rowsOfClasses(classOfRow, classes)) {
      expect(evaluator.isValidRows(rows)).toBe(true);
    }
  });

  it('variant: row 3’s smoker empty → class 1 has distinct l = 1, and 1 missing value is reported', () => {
    const smoker = encodeSensitiveColumn(
      'smoker',
      B10.map((r, i) => (i === 2 ? '' : r[3])),
    );
    expect(smoker.missing).toBe(1);
    const evaluator = models(smoker);
    const rows = rowsOfClasses(classOfRow, classes);
    // Class 1 is {yes, yes, (missing)}: one distinct value, entropy 0 → exp 1.
    expect(Array.from(evaluator.measureRows(rows[0] as Int32Array))).toEqual([1, 1]);
    expect(evaluator.isValidRows(rows[0] as Int32Array)).toBe(false);
    expect(evaluator.isValidRows(rows[1] as Int32Array)).toBe(true);
    const summary = evaluator.summarise(classOfRow, classes);
    expect(summary.perModel.map((m) => m.reached)).toEqual([1, 1]);
    expect(summary.missingSensitive).toEqual({ smoker: 1 });
    // With class 1 suppressed, the kept classes reach l = 2 and hold no missing value.
    const kept = Uint8Array.of(0, 1, 1);
    const keptSummary = evaluator.summarise(classOfRow, classes, kept);
    expect(keptSummary.perModel.map((m) => m.reached)).toEqual([2, expect.closeTo(2, 12)]);
    expect(keptSummary.missingSensitive).toEqual({ smoker: 0 });
    expect(keptSummary.minClassSize).toBe(2);
  });
});

describe('ModelEvaluator and checkClass', () => {
  it('isValidRows checks k first, then every predicate, over a slice of rows', () => {
    const s = encodeSensitiveColumn('s', ['a', 'b', 'a', 'c', 'c']);
    const evaluator = new ModelEvaluator({ k: 2, sensitive: [distinctLDiversity('s', 2)] }, [s]);
    const rows = Int32Array.of(4, 3, 0, 1, 2);
    expect(evaluator.isValidRows(rows, 0, 2)).toBe(false); // {c, c}: one value
    expect(evaluator.isValidRows(rows, 1, 3)).toBe(true); // {c, a}
    expect(evaluator.isValidRows(rows, 2, 3)).toBe(false); // one row < k
    expect(evaluator.isValidRows(rows)).toBe(true);
  });

  it('refuses a predicate on a column it was not given', () => {
    const s = encodeSensitiveColumn('s', ['a']);
    const e = errorOf(
      () => new ModelEvaluator({ k: 1, sensitive: [distinctLDiversity('disease', 2)] }, [s]),
    );
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.column).toBe('disease');
  });

  it('checkClass reads histograms in the order of sensitiveColumnsOf', () => {
    const models: PrivacyModels = {
      k: 3,
      sensitive: [
        distinctLDiversity('a', 2),
        distinctLDiversity('b', 3),
        recursiveCLDiversity('a', 2, 2),
      ],
    };
    expect(sensitiveColumnsOf(models)).toEqual(['a', 'b']);
    const a = histogramOf([2, 1]); // distinct 2; recursive (2,2): 2 < 2 · 1 fails
    const a2 = histogramOf([1, 1, 1]); // distinct 3; recursive (2,2): 1 < 2 · 2
    const b = histogramOf([1, 1, 1]);
    expect(checkClass(3, [a2, b], models)).toBe(true);
    expect(checkClass(2, [a2, b], models)).toBe(false); // size < k
    expect(checkClass(3, [a, b], models)).toBe(false); // recursive on a fails
    expect(checkClass(3, [b, histogramOf([3])], models)).toBe(false); // distinct 3 on b fails
    expect(() => checkClass(3, [a2], models)).toThrow(RangeError);
  });

  it('agrees with predicates on freshly built histograms, and summarise with per-class measures', () => {
    const world = fc.record({
      s1: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 12, maxLength: 12 }),
      s2: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 12, maxLength: 12 }),
      classOf: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 12, maxLength: 12 }),
      k: fc.integer({ min: 1, max: 3 }),
      kept: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
    });
    fc.assert(
      fc.property(world, ({ s1, s2, classOf, k, kept }) => {
        const c1 = encodeSensitiveColumn(
          'one',
          s1.map((v) => (v < 0 ? null : `v${v}`)),
        );
        const c2 = encodeSensitiveColumn('two', s2, { type: 'integer' });
        const models: PrivacyModels = {
          k,
          sensitive: [
            entropyLDiversity('one', 1.5),
            tCloseness(c2, 0.3),
            distinctLDiversity('one', 2),
          ],
        };
        const evaluator = new ModelEvaluator(models, [c2, c1]);
        const classOfRow = Int32Array.from(classOf);
        const keptMask = Uint8Array.from(kept, (x) => (x ? 1 : 0));
        const summary = evaluator.summarise(classOfRow, 4, keptMask);
        let minSize = 0;
        const reached: (number | null)[] = [null, null, null];
        let missing = 0;
        for (let c = 0; c < 4; c++) {
          const rows = Int32Array.from(classOf.flatMap((x, r) => (x === c ? [r] : [])));
          if (rows.length === 0) continue;
          const h1 = new HistogramBuilder(c1);
          const h2 = new HistogramBuilder(c2);
          for (const r of rows) {
            h1.add(c1.codes[r] as number);
            h2.add(c2.codes[r] as number);
          }
          const expected = checkClass(rows.length, [h1, h2], models);
          expect(evaluator.isValidRows(rows)).toBe(expected);
          if (!kept[c]) continue;
          minSize = minSize === 0 ? rows.length : Math.min(minSize, rows.length);
          const measured = [
            models.sensitive[0]?.measure(h1) ?? Number.NaN,
            models.sensitive[1]?.measure(h2) ?? Number.NaN,
            models.sensitive[2]?.measure(h1) ?? Number.NaN,
          ];
          // Least l (predicates 0 and 2), greatest t (predicate 1).
          measured.forEach((value, i) => {
            const best = reached[i] ?? null;
            reached[i] =
              best === null ? value : i === 1 ? Math.max(best, value) : Math.min(best, value);
          });
          missing += h1.missing;
        }
        expect(summary.minClassSize).toBe(minSize);
        expect(summary.perModel.map((p) => p.reached)).toEqual(reached);
        expect(summary.perModel.map((p) => p.required)).toEqual([1.5, 0.3, 2]);
        expect(summary.missingSensitive).toEqual({ two: 0, one: missing });
      }),
      { numRuns: 200 },
    );
  });
});
