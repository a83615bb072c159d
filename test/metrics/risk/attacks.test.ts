import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { inferenceRisk } from '../../../src/metrics/risk/inference.js';
import { linkabilityRisk } from '../../../src/metrics/risk/linkability.js';
import { singlingOutRisk } from '../../../src/metrics/risk/singling-out.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { adultSplit, shuffleColumns } from './adult.js';

// Column names with spaces, hyphens and brackets: no attack builds a query string.
const AGE = 'age (years)';
const TOWN = 'home-town';
const BLOOD = 'blood type [ABO]';
const SPECS: ColumnSpec[] = [
  { name: AGE, type: 'integer', role: 'quasi-identifier' },
  { name: TOWN, type: 'categorical', role: 'quasi-identifier' },
  { name: BLOOD, type: 'categorical', role: 'sensitive' },
];
const data = (ages: number[], towns: string[], blood: string[]): Dataset => ({
  table: table({ [AGE]: ages, [TOWN]: towns, [BLOOD]: blood }),
  columns: SPECS,
});

// With 4 attacks of which 4 succeed on the original and 1 on the control, the Wilson rates at 95 %
// are (4 + z²/2)/(4 + z²) and (1 + z²/2)/(4 + z²), so the risk (main − control)/(1 − control) is
// 3 / (4 + z² − 1 − z²/2) = 3 / (3 + z²/2).
const Z = 1.959963984540054;
const RISK_4_OF_4_VS_1_OF_4 = 3 / (3 + (Z * Z) / 2);

describe('singlingOutRisk, univariate, by hand', () => {
  it('predicates from the rare values and extremes of a copied release', () => {
    // Release = original: ages 20, 30, 30, 40. Predicates that single out one release row:
    // age ≤ 20, age ≥ 40, age = 20, age = 40 (towns have no rare value). On the original (a copy)
    // all 4 single out; on the control (ages 20, 20, 35, 50) only age ≥ 40 does (the row 50).
    const original = data(
      [20, 30, 30, 40],
      ['Paris', 'Paris', 'Lyon', 'Lyon'],
      ['A', 'B', 'A', 'B'],
    );
    const control = data(
      [20, 20, 35, 50],
      ['Paris', 'Lyon', 'Lyon', 'Paris'],
      ['A', 'B', 'A', 'B'],
    );
    const r = singlingOutRisk(original, original, control, [AGE, TOWN], {
      mode: 'univariate',
      seed: 1,
    });
    expect(r.details?.attacks).toBe(4);
    expect(r.details?.successes).toBe(4);
    expect(r.details?.controlSuccesses).toBe(1);
    expect(r.value).toBeCloseTo(RISK_4_OF_4_VS_1_OF_4, 8);
    expect(r.ci?.[0]).toBeLessThanOrEqual(r.value as number);
    expect(r.ci?.[1]).toBeGreaterThanOrEqual(r.value as number);
  });

  it('scores original and control on samples of equal size', () => {
    // Original 6 rows, control 3: the original is subsampled to 3 rows for the scoring.
    const original = data(
      [20, 30, 40, 50, 60, 70],
      ['a', 'b', 'c', 'd', 'e', 'f'],
      ['A', 'B', 'A', 'B', 'A', 'B'],
    );
    const control = data([20, 30, 40], ['a', 'b', 'c'], ['A', 'B', 'A']);
    const r = singlingOutRisk(original, original, control, [AGE, TOWN], {
      mode: 'univariate',
      seed: 3,
    });
    expect(r.details?.comparedRowsEach).toBe(3);
    // Predicates: age ≤ 20, age ≥ 70, age = each of the 6 ages, town = each of the 6 towns: 14.
    // On the control: age = 20, 30, 40 and town = a, b, c single out, and age ≤ 20 (the 20): 7.
    // On 3 sampled original rows: the 6 equalities of those rows, plus ≤ 20 / ≥ 70 if sampled.
    expect(r.details?.attacks).toBe(14);
    expect(r.details?.controlSuccesses).toBe(7);
    expect(r.details?.successes as number).toBeGreaterThanOrEqual(6);
    expect(r.details?.successes as number).toBeLessThanOrEqual(8);
  });

  it('rejects a bad mode, and is not applicable without shared columns', () => {
    const d = data([1], ['a'], ['b']);
    expect(() =>
      singlingOutRisk(d, d, d, [AGE], { mode: 'both' as 'univariate', seed: 1 }),
    ).toThrow(/mode/);
    expect(singlingOutRisk(d, d, d, ['nope'], { mode: 'univariate', seed: 1 }).value).toBeNull();
  });
});

describe('linkabilityRisk, by hand', () => {
  it('links age to town through a copied release', () => {
    // Release = original: (20, Paris), (30, Lyon), (40, Nice), (50, Lille); A = [age], B = [town], 1
    // neighbour. Each original row finds itself on both sides: 4 of 4. Control rows:
    // (20, Lyon): age → row 0, town → row 1, no; (30, Paris): row 1 vs row 0, no;
    // (45, Nice): ages 40 and 50 tie, the earlier row 2 wins; town → row 2: linked;
    // (50, Brest): age → row 3; Brest matches nothing, every row ties, row 0 wins: no. 1 of 4.
    const original = data(
      [20, 30, 40, 50],
      ['Paris', 'Lyon', 'Nice', 'Lille'],
      ['A', 'B', 'O', 'AB'],
    );
    const control = data(
      [20, 30, 45, 50],
      ['Lyon', 'Paris', 'Nice', 'Brest'],
      ['A', 'B', 'O', 'AB'],
    );
    const r = linkabilityRisk(original, original, control, [[AGE], [TOWN]], { seed: 1 });
    expect(r.details?.successes).toBe(4);
    expect(r.details?.controlSuccesses).toBe(1);
    expect(r.value).toBeCloseTo(RISK_4_OF_4_VS_1_OF_4, 8);
  });

  it('rejects overlapping column sets', () => {
    const d = data([1], ['a'], ['b']);
    expect(() => linkabilityRisk(d, d, d, [[AGE], [AGE, TOWN]], { seed: 1 })).toThrow(/disjoint/);
  });
});

describe('inferenceRisk, by hand', () => {
  it('guesses the blood type of the nearest release row on the town', () => {
    // Release = original: Paris A, Lyon B, Nice O, Lille AB. Originals: each finds itself: 4 of 4.
    // Control: Paris B (guess A, wrong), Lyon B (guess B, right), Nice A (guess O, wrong),
    // Brest O (all rows tie, row 0 → A, wrong): 1 of 4.
    const original = data([1, 2, 3, 4], ['Paris', 'Lyon', 'Nice', 'Lille'], ['A', 'B', 'O', 'AB']);
    const control = data([1, 2, 3, 4], ['Paris', 'Lyon', 'Nice', 'Brest'], ['B', 'B', 'A', 'O']);
    const r = inferenceRisk(original, original, control, [TOWN], BLOOD, { seed: 1 });
    expect(r.details?.successes).toBe(4);
    expect(r.details?.controlSuccesses).toBe(1);
    expect(r.value).toBeCloseTo(RISK_4_OF_4_VS_1_OF_4, 8);
    expect(r.columns).toEqual([TOWN, BLOOD]);
  });

  it('judges a numeric secret within the relative tolerance', () => {
    // Secret = age; guesses come from the town. Original: Paris 100, Lyon 200. Control Paris 104
    // (|100 − 104| = 4 ≤ 0.05·104: right), Lyon 220 (|200 − 220| = 20 > 11: wrong).
    const original = data([100, 200], ['Paris', 'Lyon'], ['A', 'B']);
    const control = data([104, 220], ['Paris', 'Lyon'], ['A', 'B']);
    const r = inferenceRisk(original, original, control, [TOWN], AGE, { seed: 1 });
    expect(r.details?.successes).toBe(2);
    expect(r.details?.controlSuccesses).toBe(1);
  });

  it('refuses a secret that is also auxiliary', () => {
    const d = data([1], ['a'], ['b']);
    expect(() => inferenceRisk(d, d, d, [TOWN, BLOOD], BLOOD, { seed: 1 })).toThrow(/secret/);
  });
});

describe('the three attacks on Adult (first half = original, second half = control)', () => {
  const A = ['age', 'sex', 'race', 'marital-status'];
  const B = ['education', 'native-country', 'workclass', 'occupation', 'salary-class'];

  it('a copy of the original is at high risk; independent marginals are not', async () => {
    const { original, control, columns } = await adultSplit();
    const shuffled = shuffleColumns(original, 3);
    const aux = columns.filter((c) => c !== 'salary-class');

    // Singling out (multivariate predicates of 3 columns).
    const soCopy = singlingOutRisk(original, original, control, columns, {
      mode: 'multivariate',
      attacks: 150,
      seed: 2,
    });
    const soShuffled = singlingOutRisk(original, shuffled, control, columns, {
      mode: 'multivariate',
      attacks: 150,
      seed: 2,
    });
    expect(soCopy.value).toBeGreaterThan(0.8);
    expect(soShuffled.value).toBeLessThan(0.25);
    expect((soCopy.ci as [number, number])[0]).toBeGreaterThan(
      (soShuffled.ci as [number, number])[1],
    );

    // Inference of salary-class from the other eight columns.
    const infCopy = inferenceRisk(original, original, control, aux, 'salary-class', {
      attacks: 500,
      seed: 2,
    });
    const infShuffled = inferenceRisk(original, shuffled, control, aux, 'salary-class', {
      attacks: 500,
      seed: 2,
    });
    expect(infCopy.value).toBeGreaterThan(0.5);
    expect(infShuffled.value).toBeLessThan(0.2);

    // Linkability: Adult's rows repeat on four or five columns, so a copy links a minority of its
    // rows (ties go to the earliest release row), still far more than the control; shuffled columns
    // link nobody beyond the control.
    const linkCopy = linkabilityRisk(original, original, control, [A, B], {
      attacks: 500,
      neighbours: 10,
      seed: 2,
    });
    const linkShuffled = linkabilityRisk(original, shuffled, control, [A, B], {
      attacks: 500,
      neighbours: 10,
      seed: 2,
    });
    expect(linkCopy.value).toBeGreaterThan(0.1);
    expect(linkShuffled.value).toBeLessThan(0.03);
    expect((linkCopy.ci as [number, number])[0]).toBeGreaterThan(
      (linkShuffled.ci as [number, number])[1],
    );
  });
});
