/**
 * The five loss metrics on the 7-row `datasets/tiny` table, against values worked out by hand
 * (arithmetic in the comments). Hierarchy sizes |D|: age 100 (1–100), gender 2, zipcode 10,000.
 * Rows: (34,male,81667) (45,female,81675) (66,male,81925) (70,female,81931) (34,female,81931)
 * (70,male,81931) (45,male,81931).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NodeChecker } from '../../../methods/generalisation/check.js';
import { encodeDataset, quasiIdentifiersOf } from '../../../methods/generalisation/options.js';
import {
  aecsLowerBound,
  aecsMetric,
  discernibilityLowerBound,
  discernibilityMetric,
  entropyLowerBound,
  entropyMetric,
  lossLowerBound,
  lossMetric,
  precisionLowerBound,
  precisionMetric,
  precisionOfLevel,
  type ClassPartition,
  type GeneralisationView,
} from '../../../src/metrics/loss/index.js';
import { kAnonymity } from '../../../src/privacy/kAnonymity.js';
import { loadTiny } from '../../methods/generalisation/load.js';

let view: GeneralisationView;
const partitionAt = (levels: number[], k: number): ClassPartition =>
  new NodeChecker(view, kAnonymity(k)).check(levels).partition;

beforeAll(async () => {
  const tiny = await loadTiny();
  view = encodeDataset(tiny, quasiIdentifiersOf(tiny), {});
});

const log2 = Math.log2;

describe('loss metrics at (1,1,2), k = 2: classes 3, 2, 2, nothing suppressed', () => {
  // Classes: <50,*,816** (34,45) · >=50,*,819** (66,70,70) · <50,*,819** (34,45).
  it('Loss (Iyengar): age (4·48 + 3·50)/(7·99), gender 1, zipcode 99/9999', () => {
    const age = (4 * 48 + 3 * 50) / (7 * 99);
    const { value, perAttribute } = lossMetric(view, partitionAt([1, 1, 2], 2));
    expect(perAttribute[0]).toBeCloseTo(age, 14);
    expect(perAttribute[1]).toBe(1);
    expect(perAttribute[2]).toBeCloseTo(99 / 9999, 14);
    expect(value).toBeCloseTo((age + 1 + 99 / 9999) / 3, 14);
    expect(lossLowerBound(view, [1, 1, 2])).toBeCloseTo(value, 14);
  });

  it('Precision (Sweeney): (1/2 + 1/1 + 2/5) / 3', () => {
    const { value, perAttribute } = precisionMetric(view, partitionAt([1, 1, 2], 2));
    expect(perAttribute).toEqual([0.5, 1, 0.4]);
    expect(value).toBeCloseTo(1.9 / 3, 14);
    expect(precisionLowerBound(view, [1, 1, 2])).toBeCloseTo(value, 14);
  });

  it('Discernibility: 3² + 2² + 2² = 17', () => {
    expect(discernibilityMetric(view, partitionAt([1, 1, 2], 2)).value).toBe(17);
  });

  it('AECS: 7 / 3', () => {
    expect(aecsMetric(view, partitionAt([1, 1, 2], 2)).value).toBeCloseTo(7 / 3, 14);
  });

  it('Non-uniform entropy: Σ_rows log2(f(g)/f(v)) per column', () => {
    // age: f(<50) = 4 over 34,34,45,45 (f = 2 each): 4·log2(4/2); f(>=50) = 3 over 66 (1), 70 (2).
    const age = 4 * log2(4 / 2) + log2(3 / 1) + 2 * log2(3 / 2);
    // gender: f(*) = 7 over male (4) and female (3).
    const gender = 4 * log2(7 / 4) + 3 * log2(7 / 3);
    // zipcode: 816** = {81667, 81675} (1 each); 819** = {81925 (1), 81931 (4)}.
    const zipcode = 2 * log2(2 / 1) + log2(5 / 1) + 4 * log2(5 / 4);
    const { value, perAttribute } = entropyMetric(view, partitionAt([1, 1, 2], 2));
    expect(perAttribute[0]).toBeCloseTo(age, 12);
    expect(perAttribute[1]).toBeCloseTo(gender, 12);
    expect(perAttribute[2]).toBeCloseTo(zipcode, 12);
    expect(value).toBeCloseTo(age + gender + zipcode, 12);
    expect(entropyLowerBound(view, [1, 1, 2])).toBeCloseTo(value, 12);
  });
});

describe('loss metrics at (1,1,2), k = 3: the two classes of 2 are suppressed (|S| = 4)', () => {
  const partition = (): ClassPartition => partitionAt([1, 1, 2], 3);

  it('suppresses 4 rows', () => {
    expect(partition().suppressedRows).toBe(4);
  });

  it('Loss: (3·(50/99 + 1 + 99/9999) + 4·3) / (7·3)', () => {
    const expected = (3 * (50 / 99 + 1 + 99 / 9999) + 4 * 3) / 21;
    expect(lossMetric(view, partition()).value).toBeCloseTo(expected, 14);
    expect(lossLowerBound(view, [1, 1, 2])).toBeLessThan(expected);
  });

  it('Precision: (3·(1/2 + 1 + 2/5) + 4·3) / (7·3)', () => {
    expect(precisionMetric(view, partition()).value).toBeCloseTo((3 * 1.9 + 12) / 21, 14);
  });

  it('Discernibility: 3² + 4·7 = 37', () => {
    expect(discernibilityMetric(view, partition()).value).toBe(37);
  });

  it('AECS: the suppressed rows count as one class: 7 / 2', () => {
    expect(aecsMetric(view, partition()).value).toBe(3.5);
  });

  it('Entropy: kept rows log2(f(g)/f(v)), suppressed rows log2(n/f(v))', () => {
    // Kept: 66 (f 1), 70, 70 (f 2) under >=50 (f 3); male, female, male under * (f 7);
    // 81925 (f 1), 81931, 81931 (f 4) under 819** (f 5).
    const kept =
      log2(3 / 1) + 2 * log2(3 / 2) + 2 * log2(7 / 4) + log2(7 / 3) + log2(5) + 2 * log2(5 / 4);
    // Suppressed: 34, 45, 34, 45 (f 2 each); male, female, female, male; 81667, 81675 (f 1),
    // 81931, 81931 (f 4); n = 7.
    const suppressed =
      4 * log2(7 / 2) + 2 * log2(7 / 4) + 2 * log2(7 / 3) + 2 * log2(7) + 2 * log2(7 / 4);
    expect(entropyMetric(view, partition()).value).toBeCloseTo(kept + suppressed, 12);
  });
});

describe('every row suppressed at (0,0,0), k = 2', () => {
  it('costs 1 per cell for Loss and Precision, n per row for discernibility, one class', () => {
    const partition = partitionAt([0, 0, 0], 2);
    expect(partition.suppressedRows).toBe(7);
    expect(lossMetric(view, partition).value).toBe(1);
    expect(precisionMetric(view, partition).value).toBe(1);
    expect(discernibilityMetric(view, partition).value).toBe(49);
    expect(aecsMetric(view, partition).value).toBe(7);
  });
});

describe('bounds and helpers', () => {
  it('precision of a one-level hierarchy is 0 (0/0 := 0)', () => {
    expect(precisionOfLevel(0, 1)).toBe(0);
    expect(precisionOfLevel(2, 5)).toBe(0.5);
  });

  it('discernibility ≥ max(Σ|E|² before suppression, n·k)', () => {
    expect(discernibilityLowerBound(7, 2, 13)).toBe(14);
    expect(discernibilityLowerBound(7, 2, 17)).toBe(17);
    expect(discernibilityLowerBound(3, 5, 1)).toBe(9);
  });

  it('aecs ≥ n / min(classes before suppression, ⌊n/k⌋ + 1)', () => {
    expect(aecsLowerBound(7, 2, 3)).toBeCloseTo(7 / 3, 14);
    expect(aecsLowerBound(7, 2, 7)).toBeCloseTo(7 / 4, 14);
  });
});
