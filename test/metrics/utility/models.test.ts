import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  machineLearningEfficacy,
  marginalQueryUtility,
  propensityMse,
  rocAuc,
} from '../../../src/metrics/utility/index.js';
import { seededRandom, uniformInt } from '../../../src/random/source.js';
import type { Dataset } from '../../../src/types.js';
import { csvDataset, dataset } from './helpers.js';

const value = (ms: { name: string; value: number | null }[], name: string) =>
  ms.find((m) => m.name === name)?.value;

/** A seeded table where `label` depends on `x` and `g`. */
function synthetic(seed: number, n: number): Dataset {
  const rng = seededRandom(seed);
  const x = Array.from({ length: n }, () => uniformInt(rng, 100));
  const g = x.map(() => ['a', 'b', 'c', 'd'][uniformInt(rng, 4)] as string);
  const label = x.map((v, i) =>
    v + (g[i] === 'a' ? 40 : 0) + uniformInt(rng, 30) > 80 ? 'yes' : 'no',
  );
  const z = x.map(() => uniformInt(rng, 10));
  return dataset({ x, g, z, label }, { x: 'integer', z: 'integer' });
}

function rows(d: Dataset, from: number, to: number): Dataset {
  return { table: d.table.slice(from, to), columns: d.columns };
}

describe('marginalQueryUtility', () => {
  it('a copy of the original: 3-way TVD 0 and range-query error 0', () => {
    const d = synthetic(1, 300);
    const ms = marginalQueryUtility(d, d, ['x', 'g', 'z', 'label'], { seed: 2, queries: 50 });
    expect(value(ms, 'threeWayMarginal')).toBe(0);
    expect(value(ms, 'rangeQueryError')).toBe(0);
    // 4 columns have C(4,3) = 4 triples ≤ 50 queries: every triple once.
    expect(ms[0]?.details?.marginals).toBe(4);
  });

  it('range query by hand: one column, release half the size, counts scaled', () => {
    // Only column c, categories {a, b}; every IN set is {a}, {b} or {a, b}.
    // o: a ×3, b ×1; r: a ×1, b ×1 (n_r = 2, scale 4/2 = 2): answers o/r·2:
    // {a}: 3 vs 2 → 1/3; {b}: 1 vs 2 → 1; {a,b}: 4 vs 4 → 0. Sanity bound max(1, 0.004) = 1.
    const o = dataset({ c: ['a', 'a', 'a', 'b'] });
    const r = dataset({ c: ['a', 'b'] });
    const m = marginalQueryUtility(o, r, ['c'], { seed: 5, queries: 30 }).find(
      (v) => v.name === 'rangeQueryError',
    );
    expect(m?.value).toBeGreaterThan(0);
    // The mean of 30 errors each in {1/3, 1, 0}: a multiple of 1/90.
    expect(Math.abs((m?.value ?? 0) * 90 - Math.round((m?.value ?? 0) * 90))).toBeLessThan(1e-9);
    expect(marginalQueryUtility(o, r, ['c'], { seed: 5 })[0]?.reason).toBe(
      'fewer than three columns in both tables',
    );
  });
});

describe('propensityMse', () => {
  it('logistic, a saturated case worked out by hand', () => {
    // Original: x = a ×3, b ×1; release: a ×1, b ×3. N = 8, c = 4/8 = 0.5. The model (intercept +
    // x=b) is saturated: p̂(a) = 1/4, p̂(b) = 3/4, so every (p̂ − c)² = 1/16 and pMSE = 1/16.
    // k = 2: null mean (k−1)(1−c)²c/N = 0.125/8 = 1/64 → ratio 4; SD = √2/64 → S = (3/64)/(√2/64).
    const o = dataset({ x: ['a', 'a', 'a', 'b'] });
    const r = dataset({ x: ['a', 'b', 'b', 'b'] });
    const ms = propensityMse(o, r, ['x'], { model: 'logistic', seed: 1 });
    expect(value(ms, 'pMSE')).toBeCloseTo(1 / 16, 5);
    expect(value(ms, 'pMSERatio')).toBeCloseTo(4, 3);
    expect(value(ms, 'standardisedPMSE')).toBeCloseTo(3 / Math.SQRT2, 3);
  });

  it('a copy of the original has pMSE 0 with both models', () => {
    const d = synthetic(2, 400);
    for (const model of ['logistic', 'cart'] as const) {
      const ms = propensityMse(d, d, ['x', 'g', 'z', 'label'], { model, seed: 3 });
      expect(value(ms, 'pMSE')).toBeCloseTo(0, 8);
    }
  });

  it('two halves of one sample score a ratio near 1; a distorted release scores far above', () => {
    const d = synthetic(3, 4000);
    const a = rows(d, 0, 2000);
    const b = rows(d, 2000, 4000);
    const cols = ['x', 'g', 'z', 'label'];
    const same = value(propensityMse(a, b, cols, { model: 'logistic', seed: 4 }), 'pMSERatio');
    // Under the null, ratio = χ²_(k−1)/(k−1) with k − 1 = 9: P(ratio > 4) < 1e-4 (fixed seed).
    expect(same).toBeGreaterThan(0.1);
    expect(same).toBeLessThan(4);
    const bent = dataset(
      {
        x: (b.table.array('x') as number[]).map((v) => Math.min(99, v + 20)),
        g: b.table.array('g') as string[],
        z: b.table.array('z') as number[],
        label: b.table.array('label') as string[],
      },
      { x: 'integer', z: 'integer' },
    );
    expect(
      value(propensityMse(a, bent, cols, { model: 'logistic', seed: 4 }), 'pMSERatio'),
    ).toBeGreaterThan(20);
    const cartSame = propensityMse(a, b, cols, { model: 'cart', seed: 4, quick: true });
    const cartBent = propensityMse(a, bent, cols, { model: 'cart', seed: 4, quick: true });
    expect(value(cartBent, 'pMSE')).toBeGreaterThan(3 * (value(cartSame, 'pMSE') ?? 0));
  });

  it('not applicable without rows or shared columns', () => {
    const o = dataset({ x: ['a'] });
    const ms = propensityMse(o, dataset({ y: ['a'] }), ['x'], { model: 'cart', seed: 1 });
    expect(ms.map((m) => m.reason)).toEqual(Array(3).fill('no column in both tables'));
  });
});

describe('machineLearningEfficacy', () => {
  it('ROC AUC by hand: pairs (pos, neg) ranked right 3 of 4 → 0.75; ties count ½', () => {
    expect(rocAuc(Float64Array.of(0.1, 0.4, 0.35, 0.8), Uint8Array.of(0, 0, 1, 1))).toBe(0.75);
    expect(rocAuc(Float64Array.of(0.5, 0.5), Uint8Array.of(0, 1))).toBe(0.5);
  });

  it('a copy of the original scores exactly the baseline, and learns something', () => {
    const d = synthetic(5, 3000);
    const train = rows(d, 0, 2000);
    const test = rows(d, 2000, 3000);
    const ms = machineLearningEfficacy(train, train, test, 'label', { seed: 6 });
    for (const m of ms) {
      expect(m.value).not.toBeNull();
      expect(m.value).toBe(m.details?.baseline);
    }
    const labels = test.table.array('label') as string[];
    const yes = labels.filter((l) => l === 'yes').length / labels.length;
    expect(value(ms, 'efficacyAccuracy')).toBeGreaterThan(Math.max(yes, 1 - yes) + 0.1);
    expect(value(ms, 'efficacyRocAuc')).toBeGreaterThan(0.8);
  });

  it('a release with a shuffled target scores below the baseline', () => {
    const d = synthetic(7, 3000);
    const train = rows(d, 0, 2000);
    const test = rows(d, 2000, 3000);
    const rng = seededRandom(8);
    const label = (train.table.array('label') as string[]).slice();
    for (let i = label.length - 1; i > 0; i--) {
      const j = uniformInt(rng, i + 1);
      [label[i], label[j]] = [label[j] as string, label[i] as string];
    }
    const noisy = dataset(
      {
        x: train.table.array('x') as number[],
        g: train.table.array('g') as string[],
        z: train.table.array('z') as number[],
        label,
      },
      { x: 'integer', z: 'integer' },
    );
    const auc = machineLearningEfficacy(noisy, train, test, 'label', { seed: 6 }).find(
      (m) => m.name === 'efficacyRocAuc',
    );
    expect(auc?.value).toBeLessThan(0.65);
    expect(auc?.details?.baseline).toBeGreaterThan(0.8);
  });

  it('on Adult (15k/15k split), quick mode well within the 3 s budget', () => {
    const all = csvDataset(readFileSync('datasets/adult/adult.csv', 'utf8'));
    const header = all.table.columnNames();
    const half = Math.floor(all.table.numRows() / 2);
    const a = rows(all, 0, half);
    const b = rows(all, half, all.table.numRows());
    const t0 = performance.now();
    const ms = machineLearningEfficacy(a, a, b, 'salary-class', { seed: 1, quick: true });
    const pm = propensityMse(a, b, header, { model: 'logistic', seed: 1, quick: true });
    const t1 = performance.now();
    expect(value(ms, 'efficacyAccuracy')).toBeGreaterThan(0.78);
    expect(value(pm, 'pMSERatio')).toBeLessThan(4);
    expect(t1 - t0).toBeLessThan(3000);
  });
});

describe('machineLearningEfficacy, figures by hand', () => {
  it('a feature that decides the target: the tree predicts the test rows as worked out', () => {
    // Train: x = 0 → 'no', x = 1 → 'yes' (20 rows each, leaves ≥ 10 rows). Test: 3 rows x = 0 with
    // truth no, no, yes; 1 row x = 1 with truth yes. Predictions no, no, no, yes: accuracy 3/4;
    // F1(no) = 2·2/(2·2 + 1 + 0) = 0.8, F1(yes) = 2·1/(2·1 + 0 + 1) = 2/3 → macro 11/15;
    // AUC: positives (yes) scores 0, 1; negatives 0, 0 → pairs: (0 vs 0) ½ ×2, (1 vs 0) 1 ×2 → 3/4.
    const x = [...Array<number>(20).fill(0), ...Array<number>(20).fill(1)];
    const train = dataset({ x, y: x.map((v) => (v === 1 ? 'yes' : 'no')) }, { x: 'integer' });
    const test = dataset({ x: [0, 0, 0, 1], y: ['no', 'no', 'yes', 'yes'] }, { x: 'integer' });
    const ms = machineLearningEfficacy(train, train, test, 'y', { seed: 1 });
    expect(value(ms, 'efficacyAccuracy')).toBe(0.75);
    expect(value(ms, 'efficacyMacroF1')).toBeCloseTo(11 / 15, 12);
    expect(value(ms, 'efficacyRocAuc')).toBe(0.75);
  });
});
