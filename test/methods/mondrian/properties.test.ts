/**
 * Properties of Mondrian over random tables (fast-check): two numeric quasi-identifiers (one with
 * missing values and negatives, one decimal), one hierarchical categorical one, an insensitive
 * payload, an identifier and a sensitive column; random k and variant.
 *
 * - the release has the input's rows, in order; the payload is unchanged; the identifier is gone;
 * - every class (rows with equal published quasi-identifiers) has at least k rows;
 * - every published label covers the row's value: `[a-b]` holds it, a single value is it, '' is
 *   a missing value, `*` (numeric) is a class mixing missing and non-missing values; a category
 *   label is the value or one of its ancestors in the hierarchy;
 * - strict only: the classes' regions are pairwise disjoint (some quasi-identifier separates any
 *   two classes: disjoint value ranges, or disjoint subtrees of the hierarchy);
 * - with distinct 2-diversity on the sensitive column, every class holds at least two distinct
 *   non-missing sensitive values (counted here, not with the library's evaluator), or the run is
 *   refused because the whole table has fewer.
 */
import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatanonymeError } from '../../../src/errors.js';
import { prepareModels } from '../../../src/privacy/columns.js';
import { ModelEvaluator } from '../../../src/privacy/histogram.js';
import { splitCondition } from '../../../methods/generalisation/mondrian/condition.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { Dataset } from '../../../src/types.js';
import {
  mondrian,
  type MondrianOptions,
} from '../../../methods/generalisation/mondrian/mondrian.js';

/** Three levels: leaf → group → *; labels unique across levels, so a label names one node. */
const PLACES: readonly (readonly string[])[] = [
  ['Lyon', 'Rhône', '*'],
  ['Villeurbanne', 'Rhône', '*'],
  ['Paris', 'Seine', '*'],
  ['Nanterre', 'Hauts-de-Seine', '*'],
  ['Boulogne', 'Hauts-de-Seine', '*'],
  ['Marseille', 'Bouches', '*'],
  ['', 'unknown', '*'],
];
const hierarchy = new Hierarchy(PLACES);
/** The leaves under each label (a leaf's own label covers itself). */
const leavesOf = new Map<string, Set<string>>();
for (const row of PLACES) {
  for (const label of row) {
    const set = leavesOf.get(label) ?? new Set<string>();
    set.add(row[0] as string);
    leavesOf.set(label, set);
  }
}

interface Row {
  age: number | null;
  score: number;
  place: string;
  sick: string | null;
}

const rowArbitrary: fc.Arbitrary<Row> = fc.record({
  age: fc.option(fc.integer({ min: -5, max: 30 }), { freq: 8 }),
  score: fc.integer({ min: 0, max: 400 }).map((x) => x / 4),
  place: fc.constantFrom(...PLACES.map((row) => row[0] as string)),
  sick: fc.option(fc.constantFrom('flu', 'cold', 'none'), { freq: 6 }),
});

const caseArbitrary = fc.array(rowArbitrary, { minLength: 1, maxLength: 80 }).chain((rows) =>
  fc.record({
    rows: fc.constant(rows),
    k: fc.integer({ min: 1, max: Math.min(rows.length, 7) }),
    variant: fc.constantFrom('strict' as const, 'relaxed' as const),
  }),
);

function datasetOf(rows: readonly Row[]): Dataset {
  return {
    table: table({
      name: rows.map((_, i) => `person ${i}`),
      age: rows.map((r) => (r.age === null ? null : String(r.age))),
      score: rows.map((r) => r.score.toFixed(2)),
      place: rows.map((r) => r.place),
      payload: rows.map((_, i) => i * 7),
      sick: rows.map((r) => r.sick),
    }),
    columns: [
      { name: 'name', type: 'categorical', role: 'identifier' },
      { name: 'age', type: 'integer', role: 'quasi-identifier' },
      { name: 'score', type: 'decimal', role: 'quasi-identifier' },
      { name: 'place', type: 'categorical', role: 'quasi-identifier', hierarchy },
      { name: 'payload', type: 'integer', role: 'insensitive' },
      { name: 'sick', type: 'categorical', role: 'sensitive' },
    ],
  };
}

/** The closed interval a numeric label stands for; null for '' (missing) and '*' (anything). */
function intervalOf(label: string): [number, number] | null {
  if (label === '' || label === '*') return null;
  const m = /^\[(-?[^-]+)-(-?[^-]+)\]$/.exec(label);
  if (m === null) return [Number(label), Number(label)];
  return [Number(m[1]), Number(m[2])];
}

/** Checks the release of one case; returns the classes (row lists) for further checks. */
function checkRelease(rows: readonly Row[], options: MondrianOptions): number[][] {
  const data = datasetOf(rows);
  const release = mondrian(data, options);
  const n = rows.length;
  expect(release.table.numRows()).toBe(n);
  expect(release.table.columnNames()).toEqual(['age', 'score', 'place', 'payload', 'sick']);
  expect(Array.from(release.table.array('payload'))).toEqual(rows.map((_, i) => i * 7));
  expect(Array.from(release.table.array('sick'))).toEqual(rows.map((r) => r.sick));
  const age = Array.from(release.table.array('age')) as string[];
  const score = Array.from(release.table.array('score')) as string[];
  const place = Array.from(release.table.array('place')) as string[];

  // Every label covers the row's value.
  for (let i = 0; i < n; i++) {
    const row = rows[i] as Row;
    const a = age[i] as string;
    if (row.age === null) expect(['', '*']).toContain(a);
    else if (a !== '*') {
      const [lo, hi] = intervalOf(a) as [number, number];
      expect(lo <= row.age && row.age <= hi).toBe(true);
    }
    const [slo, shi] = intervalOf(score[i] as string) as [number, number];
    expect(slo <= row.score && row.score <= shi).toBe(true);
    expect(hierarchy.rows[hierarchy.indexOf(row.place)]).toContain(place[i]);
  }

  // Classes: equal published tuples.
  const classes = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const key = JSON.stringify([age[i], score[i], place[i]]);
    const members = classes.get(key) ?? [];
    members.push(i);
    classes.set(key, members);
  }
  const list = [...classes.values()];
  for (const members of list) expect(members.length).toBeGreaterThanOrEqual(options.k);
  // A '*' in age marks a class that really mixes missing and non-missing ages.
  for (const members of list) {
    if (age[members[0] as number] !== '*') continue;
    const missing = members.filter((i) => rows[i]?.age === null).length;
    expect(missing > 0 && missing < members.length).toBe(true);
  }
  const d = release.details as { classes: number; minClassSize: number };
  expect(d.classes).toBe(list.length);
  expect(d.minClassSize).toBe(Math.min(...list.map((m) => m.length)));

  if ((options.variant ?? 'strict') === 'strict') {
    // Regions of the classes: per numeric column the [min, max] of the values (missing as −∞),
    // per category the leaves under the label. Any two classes are separated by one column.
    const box = (members: number[]) => {
      const ages = members.map((i) => rows[i]?.age ?? -Infinity);
      const scores = members.map((i) => rows[i]?.score as number);
      return {
        age: [Math.min(...ages), Math.max(...ages)],
        score: [Math.min(...scores), Math.max(...scores)],
        place: leavesOf.get(place[members[0] as number] as string) as Set<string>,
      };
    };
    const boxes = list.map(box);
    const apart = (x: number[], y: number[]): boolean =>
      (x[1] as number) < (y[0] as number) || (y[1] as number) < (x[0] as number);
    for (let a = 0; a < boxes.length; a++) {
      for (let b = a + 1; b < boxes.length; b++) {
        const A = boxes[a] as ReturnType<typeof box>;
        const B = boxes[b] as ReturnType<typeof box>;
        const placesApart = [...A.place].every((leaf) => !B.place.has(leaf));
        expect(apart(A.age, B.age) || apart(A.score, B.score) || placesApart).toBe(true);
      }
    }
  }
  return list;
}

describe('Mondrian over random tables', () => {
  it('publishes k-anonymous classes whose labels cover the values (strict: disjoint regions)', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ rows, k, variant }) => {
        checkRelease(rows, { k, variant });
      }),
      { numRuns: 300, seed: 20250603 },
    );
  });

  it('with distinct 2-diversity, every class holds two distinct sensitive values', () => {
    fc.assert(
      fc.property(caseArbitrary, ({ rows, k, variant }) => {
        const options: MondrianOptions = {
          k,
          variant,
          models: [{ model: 'l-diversity', column: 'sick', variant: 'distinct', l: 2 }],
        };
        const distinct = (members: readonly number[]): number =>
          new Set(members.map((i) => rows[i]?.sick).filter((v) => v !== null)).size;
        if (distinct(rows.map((_, i) => i)) < 2) {
          expect(() => mondrian(datasetOf(rows), options)).toThrow(DatanonymeError);
          return;
        }
        for (const members of checkRelease(rows, options)) {
          expect(distinct(members)).toBeGreaterThanOrEqual(2);
        }
      }),
      { numRuns: 300, seed: 20250604 },
    );
  });
});

describe('the split condition with sensitive models', () => {
  it('judges all cuts in one pass each way exactly as it judges each part alone', () => {
    fc.assert(
      fc.property(
        fc.array(rowArbitrary, { minLength: 2, maxLength: 60 }),
        fc.array(fc.integer({ min: 0, max: 1000 })),
        fc.array(fc.integer({ min: 1, max: 59 }), { maxLength: 20 }),
        (rows, keys, rawCuts) => {
          const data = datasetOf(rows);
          // Entropy 1.5-diversity and 0.4-closeness (equal distance) on the sensitive column.
          const { models, columns } = prepareModels(data, 1, [
            { model: 'l-diversity', column: 'sick', variant: 'entropy', l: 1.5 },
            { model: 't-closeness', column: 'sick', t: 0.4 },
          ]);
          const evaluator = new ModelEvaluator(models, columns);
          const condition = splitCondition(1, evaluator);
          const order = Int32Array.from(rows.keys()).sort(
            (a, b) => (keys[a] ?? a) - (keys[b] ?? b) || a - b,
          );
          const from = 0;
          const to = rows.length;
          const cuts = [...new Set(rawCuts.filter((c) => c > from && c < to))].sort(
            (a, b) => a - b,
          );
          const left = new Uint8Array(cuts.length);
          const right = new Uint8Array(cuts.length);
          condition.cutValidity?.(order, from, to, cuts, left, right);
          cuts.forEach((cut, c) => {
            expect(left[c] === 1).toBe(evaluator.isValidRows(order, from, cut));
            expect(right[c] === 1).toBe(evaluator.isValidRows(order, cut, to));
          });
        },
      ),
      { numRuns: 300, seed: 20250605 },
    );
  });
});
