import { describe, expect, it } from 'vitest';
import { aggregate } from '../../../src/metrics/result.js';
import {
  correlationRatio,
  cramersV,
  pairUtility,
  pearson,
  spearman,
} from '../../../src/metrics/utility/index.js';
import { categoricalColumn, CategoryDomain } from '../../../src/metrics/utility/values.js';
import { seededRandom, uniformInt } from '../../../src/random/source.js';
import { csvDataset, dataset } from './helpers.js';

describe('association statistics, by hand', () => {
  it("Cramér's V of [[3,1],[1,3]]: expected 2 per cell, χ² = 4 · 1²/2 = 2, V = √(2 / (8 · 1)) = 0.5", () => {
    expect(cramersV([3, 1, 1, 3], 2, 2)).toBeCloseTo(0.5, 12);
    expect(cramersV([4, 0, 0, 4], 2, 2)).toBeCloseTo(1, 12);
    expect(cramersV([4, 4], 1, 2)).toBeNaN();
  });

  it('Pearson r of (1,2,3) and (2,4,7): Σdxdy = 5, Σdx² = 2, Σdy² = 114/9 → 5/√(228/9)', () => {
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt(228 / 9), 12);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('Spearman ρ of (1,2,3,4) and (1,3,2,4): 1 − 6 · 2 / (4 · 15) = 0.8; ties take average ranks', () => {
    expect(spearman([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(0.8, 12);
    // x ranks (1.5, 1.5, 3), y ranks (1, 2, 3): Σdxdy = 1.5, Σdx² = 1.5, Σdy² = 2 → 1.5/√3.
    expect(spearman([5, 5, 9], [1, 2, 3])).toBeCloseTo(1.5 / Math.sqrt(3), 12);
  });

  it('correlation ratio of A:(1,2), B:(4,5): η² = (2·1.5² + 2·1.5²) / 10 = 0.9', () => {
    const domain = new CategoryDomain();
    const c = categoricalColumn(['A', 'A', 'B', 'B'], {}, domain);
    expect(correlationRatio(c, [1, 2, 4, 5], domain.size)).toBeCloseTo(Math.sqrt(0.9), 12);
  });
});

describe('pairUtility', () => {
  it('differences of each statistic, by hand', () => {
    const o = dataset({
      a: ['x', 'x', 'x', 'y', 'y', 'y', 'x', 'y'],
      b: ['p', 'p', 'p', 'q', 'q', 'q', 'q', 'p'],
    });
    const r = dataset({
      a: ['x', 'x', 'x', 'x', 'y', 'y', 'y', 'y'],
      b: ['p', 'p', 'p', 'p', 'q', 'q', 'q', 'q'],
    });
    // o: [[3,1],[1,3]] → V 0.5; r: [[4,0],[0,4]] → V 1. Difference 0.5.
    const v = pairUtility(o, r, ['a', 'b']).find((m) => m.name === 'cramersVDifference');
    expect(v?.value).toBeCloseTo(0.5, 12);
  });

  it('a copy of the original has every difference 0 and 2-way marginal TVD 0', () => {
    const rng = seededRandom(3);
    const n = 200;
    const x = Array.from({ length: n }, () => uniformInt(rng, 100));
    const d = dataset(
      {
        x,
        y: x.map((v) => v + uniformInt(rng, 20)),
        g: x.map((v) => (v > 50 ? 'hi' : uniformInt(rng, 2) === 0 ? 'lo' : 'mid')),
        h: x.map(() => ['u', 'v', 'w'][uniformInt(rng, 3)]),
      },
      { x: 'integer', y: 'integer' },
    );
    const ms = pairUtility(d, d, ['x', 'y', 'g', 'h']);
    // 6 pairs: x-y (2), x-g, x-h, y-g, y-h (1 each), g-h (1) = 7, plus mean and worst marginals.
    expect(ms).toHaveLength(9);
    for (const m of ms) expect(m.value).toBe(0);
  });

  it('a shuffled column breaks its correlations', () => {
    const rng = seededRandom(4);
    const n = 500;
    const x = Array.from({ length: n }, () => uniformInt(rng, 1000));
    const y = x.map((v) => v + uniformInt(rng, 100));
    const shuffled = y.slice();
    for (let i = n - 1; i > 0; i--) {
      const j = uniformInt(rng, i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
    }
    const o = dataset({ x, y }, { x: 'integer', y: 'integer' });
    const r = dataset({ x, y: shuffled }, { x: 'integer', y: 'integer' });
    const ms = pairUtility(o, r, ['x', 'y']);
    // r ≈ 0.995 in the original, ≈ 0 ± 0.2 (4 standard errors of 1/√500) once shuffled.
    expect(ms.find((m) => m.name === 'pearsonDifference')?.value).toBeGreaterThan(0.75);
    expect(ms.find((m) => m.name === 'spearmanDifference')?.value).toBeGreaterThan(0.75);
    expect(ms.find((m) => m.name === 'twoWayMarginalMean')?.value).toBeGreaterThan(0.3);
  });
});

describe('case B18: constant columns', () => {
  const b18 = csvDataset(
    'country,consent,age,visits\nFR,yes,23,1\nFR,yes,35,4\nFR,yes,41,2\nFR,yes,29,7\nFR,yes,52,3\nFR,yes,38,5\nFR,yes,61,2\nFR,yes,47,6\nFR,yes,33,1\nFR,yes,56,4\n',
  );

  it('correlations with country and consent are "undefined (constant column)" and left out of the aggregate', () => {
    const ms = pairUtility(b18, b18, ['country', 'consent', 'age', 'visits']);
    const correlations = ms.filter((m) => !m.name.startsWith('twoWay'));
    const withConstant = correlations.filter((m) =>
      m.columns?.some((c) => c === 'country' || c === 'consent'),
    );
    // Pairs with a constant column: country-consent, country-age, country-visits, consent-age,
    // consent-visits: 5 pairs, 1 figure each (Cramér's V or η).
    expect(withConstant).toHaveLength(5);
    for (const m of withConstant) {
      expect(m.value).toBeNull();
      expect(m.reason).toBe('undefined (constant column)');
    }
    const a = aggregate(correlations);
    // age × visits: Pearson and Spearman differences, both 0.
    expect(a.used).toBe(2);
    expect(a.mean).toBe(0);
    expect(a.skipped).toHaveLength(5);
    expect(a.skipped).toContain('cramersVDifference(country, consent)');
    expect(ms.every((m) => m.value === null || Number.isFinite(m.value))).toBe(true);
  });
});
