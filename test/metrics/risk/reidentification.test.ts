import { describe, expect, it } from 'vitest';
import { equivalenceClasses, prosecutorRisk } from '../../../src/metrics/risk/reidentification.js';

describe('equivalenceClasses', () => {
  it('groups rows equal on every column, numbering classes by first appearance', () => {
    const sex = ['F', 'M', 'F', 'F', 'M'];
    const age = [30, 30, 30, 40, 30];
    const { classOf, sizes } = equivalenceClasses([sex, age], 5);
    expect([...classOf]).toEqual([0, 1, 0, 2, 1]);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('puts every row in one class when there is no column, and handles zero rows', () => {
    expect(equivalenceClasses([], 3).sizes).toEqual([3]);
    expect(equivalenceClasses([[]], 0).sizes).toEqual([]);
  });
});

describe('prosecutorRisk (El Emam 2013)', () => {
  it('matches a hand computation', () => {
    // Classes of sizes 1, 2 and 5: 8 records. Highest risk 1/1; average = 3 classes / 8 records.
    const r = prosecutorRisk([1, 2, 5]);
    expect(r.records).toBe(8);
    expect(r.classes).toBe(3);
    expect(r.minClassSize).toBe(1);
    expect(r.uniques).toBe(1);
    expect(r.recordsInClassesSmallerThan).toEqual({ '2': 1, '5': 3, '10': 8 });
    expect(r.highestProsecutorRisk).toBe(1);
    expect(r.averageProsecutorRisk).toBe(3 / 8);
  });

  it('is the mean of 1/|class| over records', () => {
    const sizes = [3, 4, 4, 7];
    const perRecord = sizes.flatMap((s) => Array<number>(s).fill(1 / s));
    const mean = perRecord.reduce((a, b) => a + b, 0) / perRecord.length;
    expect(prosecutorRisk(sizes).averageProsecutorRisk).toBeCloseTo(mean, 12);
    expect(prosecutorRisk(sizes).highestProsecutorRisk).toBe(1 / 3);
  });

  it('is zero for an empty table', () => {
    const r = prosecutorRisk([]);
    expect([r.records, r.highestProsecutorRisk, r.averageProsecutorRisk, r.minClassSize]).toEqual([
      0, 0, 0, 0,
    ]);
  });
});
