import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import {
  classRisks,
  reidentificationRisks,
} from '../../../src/metrics/risk/reidentification-risks.js';
import { equivalenceClasses, prosecutorRisk } from '../../../src/metrics/risk/reidentification.js';
import type { MetricValue } from '../../../src/metrics/result.js';
import type { Dataset } from '../../../src/types.js';
import { adultSplit } from './adult.js';

const byName = (values: MetricValue[]): Record<string, MetricValue> =>
  Object.fromEntries(values.map((v) => [v.name, v]));

/** A generalised release: classes A (1 row), B (2), C (3), and 2 suppressed rows. Odd column names. */
function release(): Dataset {
  return {
    table: table({
      'age band [years]': [
        '[30,40[',
        '[30,40[',
        '[30,40[',
        '[40,50[',
        '[40,50[',
        '[40,50[',
        '*',
        '*',
      ],
      'sex-code': ['F', 'M', 'M', 'F', 'F', 'F', '*', '*'],
      'salary class': ['a', 'b', 'a', 'b', 'a', 'b', 'a', 'b'],
    }),
    columns: [
      { name: 'age band [years]', type: 'categorical', role: 'quasi-identifier' },
      { name: 'sex-code', type: 'categorical', role: 'quasi-identifier' },
      { name: 'salary class', type: 'categorical', role: 'sensitive' },
    ],
  };
}
const QI = ['age band [years]', 'sex-code'];

describe('reidentificationRisks (El Emam 2013, as ARX computes them), by hand', () => {
  it('prosecutor risk without a population; journalist not applicable; marketer = J / n', () => {
    // Suppressed rows (every QI `*`) are left out: n = 6 records in classes f = 1, 2, 3 (J = 3).
    // Highest = 1/1; average = 3/6; threshold 0.4: 1/1 and 1/2 exceed it, 1/3 does not → 3/6.
    const r = byName(reidentificationRisks(release(), QI, { threshold: 0.4 }));
    expect(r.prosecutorRiskHighest?.value).toBe(1);
    expect(r.prosecutorRiskAverage?.value).toBe(0.5);
    expect(r.prosecutorRecordsAtRisk?.value).toBe(0.5);
    expect(r.prosecutorRiskHighest?.details?.suppressedRecords).toBe(2);
    expect(r.journalistRiskAverage?.value).toBeNull();
    expect(r.journalistRiskAverage?.reason).toMatch(/population/);
    expect(r.marketerRisk?.value).toBe(0.5);
    expect(r.sampleUniques?.value).toBeCloseTo(1 / 6, 12);
    expect(r.populationUniquesDankar?.value).toBeNull();
  });

  it('journalist and marketer risk from a population size (F = f · N / n)', () => {
    // N = 12, n = 6: F = 2, 4, 6. Highest = 1/2. Average = max(J/ΣF, (1/n) Σ f/F)
    // = max(3/12, (1/6)(1/2 + 2/4 + 3/6)) = 0.25. Threshold 0.4: only 1/2 exceeds → 1/6.
    // Marketer = (1/6)(3 · 1/2) = 0.25.
    const r = byName(reidentificationRisks(release(), QI, { threshold: 0.4, populationSize: 12 }));
    expect(r.journalistRiskHighest?.value).toBe(0.5);
    expect(r.journalistRiskAverage?.value).toBeCloseTo(0.25, 12);
    expect(r.journalistRecordsAtRisk?.value).toBeCloseTo(1 / 6, 12);
    expect(r.marketerRisk?.value).toBeCloseTo(0.25, 12);
    // Zayatz with classes 1, 2, 3 and N = 12 (worked out in population.test.ts): 11/16 uniques.
    expect(r.populationUniquesZayatz?.value).toBeCloseTo(11 / 16 / 12, 12);
    expect(r.populationUniquesZayatz?.details?.count).toBeCloseTo(11 / 16, 12);
  });

  it('journalist risk from a population table', () => {
    // Population classes: A ×4, B ×2, C ×3, and 5 others (N = 14). F = 4, 2, 3 for f = 1, 2, 3.
    // Highest = 1/2; ΣF = 9 → J/ΣF = 1/3; (1/n) Σ f/F = (1/6)(1/4 + 1 + 1) = 0.375 → average 0.375.
    // Threshold 0.4: 1/4 no, 1/2 yes (2 records), 1/3 no → 2/6. Marketer 0.375.
    const population: Dataset = {
      table: table({
        'age band [years]': [
          ...Array<string>(6).fill('[30,40['),
          ...Array<string>(3).fill('[40,50['),
          ...Array<string>(5).fill('[50,60['),
        ],
        'sex-code': ['F', 'F', 'F', 'F', 'M', 'M', 'F', 'F', 'F', 'M', 'M', 'M', 'M', 'M'],
      }),
      columns: [],
    };
    const r = byName(reidentificationRisks(release(), QI, { threshold: 0.4, population }));
    expect(r.journalistRiskHighest?.value).toBe(0.5);
    expect(r.journalistRiskAverage?.value).toBeCloseTo(0.375, 12);
    expect(r.journalistRecordsAtRisk?.value).toBeCloseTo(2 / 6, 12);
    expect(r.marketerRisk?.value).toBeCloseTo(0.375, 12);
    expect(r.populationUniquesZayatz?.details?.populationSize).toBe(14);
  });

  it('classRisks: ARX picks the larger of J/ΣF and the mean of f/F', () => {
    // f = [1, 1], F = [1, 9]: J/ΣF = 2/10 = 0.2; (1/2)(1 + 1/9) = 0.5556.
    expect(classRisks([1, 1], [1, 9], 0.5).journalist.average).toBeCloseTo((1 + 1 / 9) / 2, 12);
    // f = [2], F = [2]: both 0.5.
    expect(classRisks([2], null, 0.5).prosecutor).toEqual({
      recordsAtRisk: 0,
      highest: 0.5,
      average: 0.5,
    });
  });

  it('treats missing values as one value, numbers equal to their text, and skips absent columns', () => {
    const data: Dataset = {
      table: table({ age: [30, '30', null, '', 'NA'], zip: ['1', '1', '2', '2', '2'] }),
      columns: [{ name: 'age', type: 'integer', role: 'quasi-identifier', missing: ['NA'] }],
    };
    const r = byName(reidentificationRisks(data, ['age', 'zip', 'not there']));
    // Classes: (30, 1) ×2, (missing, 2) ×3 → average 2/5, no uniques.
    expect(r.prosecutorRiskAverage?.value).toBeCloseTo(2 / 5, 12);
    expect(r.sampleUniques?.value).toBe(0);
    expect(r.prosecutorRiskAverage?.details?.skippedColumns).toEqual(['not there']);
  });

  it('is not applicable when no quasi-identifier is in the release', () => {
    const r = reidentificationRisks(release(), ['nope']);
    expect(r.every((m) => m.value === null && m.reason !== undefined)).toBe(true);
  });

  it('agrees with prosecutorRisk over equivalenceClasses on Adult', async () => {
    const { original } = await adultSplit();
    const qi = ['sex', 'age', 'race', 'marital-status', 'education'];
    const { sizes } = equivalenceClasses(
      qi.map((q) => original.table.array(q) as ArrayLike<unknown>),
      original.table.numRows(),
    );
    const expected = prosecutorRisk(sizes, [5]);
    const r = byName(reidentificationRisks(original, qi));
    expect(r.prosecutorRiskAverage?.value).toBeCloseTo(expected.averageProsecutorRisk, 12);
    expect(r.prosecutorRiskHighest?.value).toBe(expected.highestProsecutorRisk);
    expect(r.prosecutorRecordsAtRisk?.value).toBeCloseTo(
      (expected.recordsInClassesSmallerThan['5'] as number) / expected.records,
      12,
    );
    expect(r.sampleUniques?.details?.count).toBe(expected.uniques);
  });
});

describe('reidentificationRisks on many classes', () => {
  it('200,000 sample uniques (a spread of that many sizes into Math.min overflowed the stack)', () => {
    const n = 200_000;
    const data: Dataset = {
      table: table({ id: Array.from({ length: n }, (_, i) => i), sex: Array(n).fill('F') }),
      columns: [],
    };
    const m = byName(reidentificationRisks(data, ['id', 'sex']));
    expect(m.prosecutorRiskHighest?.value).toBe(1);
    expect(m.prosecutorRiskHighest?.details?.minClassSize).toBe(1);
  });
});
