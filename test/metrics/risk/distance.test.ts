import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { MetricValue } from '../../../src/metrics/result.js';
import { distanceToClosestRecord } from '../../../src/metrics/risk/distance.js';
import { gowerDistance } from '../../../src/metrics/risk/gower.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { adultSplit, shuffleColumns } from './adult.js';

const byName = (values: MetricValue[]): Record<string, MetricValue> =>
  Object.fromEntries(values.map((v) => [v.name, v]));

const SPECS: ColumnSpec[] = [
  { name: 'age (years)', type: 'integer', role: 'quasi-identifier' },
  { name: 'sex-code', type: 'categorical', role: 'quasi-identifier' },
];
const data = (ages: unknown[], sexes: string[]): Dataset => ({
  table: table({ 'age (years)': ages, 'sex-code': sexes }),
  columns: SPECS,
});

describe('gowerDistance (Gower 1971), by hand', () => {
  it('averages range-scaled numeric and 0/1 categorical differences', () => {
    // (|30 − 40| / 50 + 1 + 0) / 3 = (0.2 + 1 + 0) / 3
    expect(
      gowerDistance(
        [30, 'F', null],
        [40, 'M', null],
        ['numeric', 'categorical', 'categorical'],
        [50, 0, 0],
      ),
    ).toBeCloseTo(0.4, 12);
    // One missing value counts 1; a zero range counts 0.
    expect(gowerDistance([null, 5], ['a', 7], ['categorical', 'numeric'], [0, 0])).toBe(0.5);
  });

  it('rejects mismatched lengths', () => {
    expect(() => gowerDistance([1], [1, 2], ['numeric'], [1])).toThrow(/length/);
  });
});

describe('distanceToClosestRecord, by hand', () => {
  // Ages range over all tables: 20 … 61, R = 41. Two columns: distance = (|Δage|/41 + [sex differs]) / 2.
  const original = data([20, 30, 40, 60], ['F', 'M', 'F', 'M']);
  const control = data([25, 50, 61, 20], ['F', 'M', 'M', 'M']);
  const release = data(['20', '35', '60'], ['F', 'M', 'F']);

  it('DCR, NNDR, closer-to-original share and exact matches', () => {
    // Release (20,F): original (20,F) at 0; next (40,F) at 20/82 → NNDR 0; control (25,F) at 5/82.
    // Release (35,M): original (30,M) at 5/82, next (60,M) at 25/82 → NNDR 0.2; control 15/82.
    // Release (60,F): original (40,F) at 20/82, next (20,F) at 40/82 → NNDR 0.5; control (25,F) 35/82.
    // DCR = [0, 5/82, 20/82] → median 5/82; every release row is closer to the original → 1;
    // NNDR median 0.2; exact matches 1 of 3.
    const r = byName(
      distanceToClosestRecord(original, release, control, ['age (years)', 'sex-code'], { seed: 1 }),
    );
    expect(r.distanceToClosestRecord?.value).toBeCloseTo(5 / 82, 12);
    expect(r.closerToOriginalShare?.value).toBe(1);
    expect(r.nearestNeighbourDistanceRatio?.value).toBeCloseTo(0.2, 12);
    expect(r.exactMatchRate?.value).toBeCloseTo(1 / 3, 12);
    expect(r.exactMatchRate?.details?.controlRate).toBe(0);
    expect((r.distanceToClosestRecord?.details?.control as { median: number }).median).toBeCloseTo(
      15 / 82,
      12,
    );
  });

  it('without a control: closer-to-original share not applicable; absent columns skipped', () => {
    const r = byName(
      distanceToClosestRecord(original, release, undefined, ['age (years)', 'sex-code', 'gone'], {
        seed: 1,
      }),
    );
    expect(r.closerToOriginalShare?.value).toBeNull();
    expect(r.distanceToClosestRecord?.details?.skippedColumns).toEqual(['gone']);
    // Without the control the ages range over 20 … 60 only (R = 40): the median DCR is 5/80.
    expect(r.distanceToClosestRecord?.value).toBeCloseTo(5 / 80, 12);
  });

  it('reads generalised values: a range as its midpoint, a hierarchy label spread over its values', () => {
    // Release '[30,40[' counts 35; original ages 30 and 40 (R = 10 over 30, 35, 40): distance 0.5 per
    // column → the age part is 5/10. Country 'Europe' stands for France or Germany: against France
    // the chance the values differ is 1 − 1/2 = 0.5. DCR = (0.5 + 0.5)/2 = 0.5; control (Japan, 40):
    // (0.5 + 1)/2 = 0.75.
    const hierarchy = new Hierarchy(
      [
        ['France', 'Europe', '*'],
        ['Germany', 'Europe', '*'],
        ['Japan', 'Asia', '*'],
      ],
      { attribute: 'country' },
    );
    const specs: ColumnSpec[] = [
      { name: 'age', type: 'integer', role: 'quasi-identifier' },
      { name: 'country', type: 'categorical', role: 'quasi-identifier', hierarchy },
    ];
    const o: Dataset = { table: table({ age: [30], country: ['France'] }), columns: specs };
    const c: Dataset = { table: table({ age: [40], country: ['Japan'] }), columns: specs };
    const rel: Dataset = { table: table({ age: ['[30,40['], country: ['Europe'] }), columns: [] };
    const r = byName(distanceToClosestRecord(o, rel, c, ['age', 'country'], { seed: 1 }));
    expect(r.distanceToClosestRecord?.value).toBeCloseTo(0.5, 12);
    expect((r.distanceToClosestRecord?.details?.control as { median: number }).median).toBeCloseTo(
      0.75,
      12,
    );
    expect(r.closerToOriginalShare?.value).toBe(1);
    expect(r.nearestNeighbourDistanceRatio?.value).toBeNull();
  });
});

describe('distanceToClosestRecord on Adult (half original, half control)', () => {
  it('a copy matches exactly and sits closer to the original; shuffled columns do not', async () => {
    const { original, control, columns } = await adultSplit();
    const copy = byName(
      distanceToClosestRecord(original, original, control, columns, { seed: 5, sample: 400 }),
    );
    expect(copy.exactMatchRate?.value).toBe(1);
    expect(copy.distanceToClosestRecord?.value).toBe(0);
    expect(copy.closerToOriginalShare?.value).toBeGreaterThan(0.7);
    const shuffled = byName(
      distanceToClosestRecord(original, shuffleColumns(original, 3), control, columns, {
        seed: 5,
        sample: 400,
      }),
    );
    expect(shuffled.closerToOriginalShare?.value).toBeGreaterThan(0.4);
    expect(shuffled.closerToOriginalShare?.value).toBeLessThan(0.62);
    expect(shuffled.exactMatchRate?.value).toBeLessThan(0.3);
  });
});
