import { table as arqueroTable, type ColumnTable } from 'arquero';
import { describe, expect, it } from 'vitest';
import { geometricMechanism, laplaceMechanism } from '../../../methods/dp/mechanisms.js';
import {
  dpCount,
  dpCountBy,
  dpCountByPrivateKeys,
  dpHistogram,
  dpMean,
  dpQuantile,
  dpSum,
  dpVariance,
  selectionThreshold,
} from '../../../methods/dp/queries/index.js';
import { checkQueryOptions } from '../../../methods/dp/queries/options.js';
import { quantileScores } from '../../../methods/dp/queries/quantile.js';
import { keptRows } from '../../../methods/dp/queries/rows.js';
import { PrivacyAccountant } from '../../../src/privacy/accountant.js';
import { seededRandom, type RandomSource } from '../../../src/random/source.js';
import { parseCsv } from '../../../src/table/parse.js';
import type { Dataset } from '../../../src/types.js';
import { errorOf } from '../../helpers/errors.js';

/** Case B12's table, read as the CLI reads it (`hours` holds text: "NaN" is not a number). */
const b12 = parseCsv('person_ref,hours\np1,12\np2,7\np3,NaN\np4,-3\np5,40\np6,8\n').table;

/** A table that fails the test if anything reads it. */
const untouchable = new Proxy(arqueroTable({}), {
  get() {
    throw new Error('the data was read');
  },
});
/** A Dataset whose column specs can be read but whose table cannot. */
const untouchableDataset: Dataset = { table: untouchable, columns: [] };

/** A seeded source that counts the words drawn. */
function counting(seed: string): RandomSource & { words: number } {
  const inner = seededRandom(seed);
  const source = {
    seeded: true,
    words: 0,
    uint32(): number {
      source.words++;
      return inner.uint32();
    },
  };
  return source;
}

const big = (): PrivacyAccountant => new PrivacyAccountant({ epsilon: 1e9 });

describe('case B12 — NaN, negative, out-of-range and infinite values in a DP sum', () => {
  it('rejects the NaN by default, naming hours, the line and the person p3', () => {
    const e = errorOf(() =>
      dpSum(b12, {
        accountant: new PrivacyAccountant({ epsilon: 1 }),
        epsilon: 1,
        column: 'hours',
        bounds: [0, 24],
        person: 'person_ref',
      }),
    );
    expect(e.code).toBe('BAD_INPUT');
    expect([e.column, e.line, e.value]).toEqual(['hours', 4, 'NaN']);
    expect(e.message).toContain('person_ref p3');
  });

  it('a rejected query charges nothing', () => {
    const accountant = new PrivacyAccountant({ epsilon: 1 });
    errorOf(() => dpSum(b12, { accountant, epsilon: 1, column: 'hours', bounds: [0, 24] }));
    expect(accountant.ledger).toEqual([]);
  });

  it("drops it under nonNumeric: 'drop'; clamped sum 51, Laplace scale 24, finite release", () => {
    // Kept: 12, 7, −3 → 0, 40 → 24, 8: 12 + 7 + 0 + 24 + 8 = 51. Δ = max(|0|, |24|) = 24, b = 24/1.
    // With the same seed, the query draws exactly what the Laplace mechanism draws on 51.
    const accountant = new PrivacyAccountant({ epsilon: 1 });
    const r = dpSum(b12, {
      accountant,
      epsilon: 1,
      column: 'hours',
      bounds: [0, 24],
      nonNumeric: 'drop',
      rng: seededRandom('b12'),
    });
    expect(r.value).toBe(laplaceMechanism(51, 24, 1, seededRandom('b12')).value);
    expect(Number.isFinite(r.value)).toBe(true);
    expect(r.report.scale).toBe(24);
    expect(r.report.parts[0]?.sensitivity).toBe(24);
    expect(r.report.mechanism).toBe('laplace');
    expect(r.report.seeded).toBe(true);
    expect(accountant.ledger).toMatchObject([{ query: 'sum', epsilon: 1, scale: 24 }]);
  });

  it('averages to 51 over many releases (2000 draws: sd 24√2/√2000 = 0.76; 6 sd = 4.6)', () => {
    const rng = seededRandom('b12-mean');
    let total = 0;
    for (let i = 0; i < 2000; i++) {
      total += dpSum(b12, {
        accountant: big(),
        epsilon: 1,
        column: 'hours',
        bounds: [0, 24],
        nonNumeric: 'drop',
        rng,
      }).value;
    }
    expect(Math.abs(total / 2000 - 51)).toBeLessThan(4.6);
  });

  it.each([[[0, Infinity]], [[Number.NaN, 24]], [[24, 0]], [[5, 5]], [undefined]])(
    'bounds %s: refused before the data is read',
    (bounds) => {
      const e = errorOf(() =>
        dpSum(untouchableDataset, {
          accountant: new PrivacyAccountant({ epsilon: 1 }),
          epsilon: 1,
          column: 'hours',
          ...(bounds === undefined ? {} : { bounds: bounds as [number, number] }),
        }),
      );
      expect(e.code).toBe('BAD_PARAMETER');
      expect(e.field).toBe('bounds');
    },
  );

  it('the bounds of a Dataset column spec are public and used when no bounds are given', () => {
    const r = dpSum(
      {
        table: b12,
        columns: [{ name: 'hours', type: 'decimal', role: 'sensitive', bounds: [0, 24] }],
      },
      { accountant: big(), epsilon: 1, column: 'hours', nonNumeric: 'drop' },
    );
    expect(r.report.scale).toBe(24);
  });

  it('a noise scale that overflows is an error before the data is read, not NaN noise', () => {
    const e = errorOf(() =>
      dpSum(untouchableDataset, {
        accountant: new PrivacyAccountant({ epsilon: 1 }),
        epsilon: 1,
        column: 'hours',
        bounds: [0, 1e300],
        person: 'person_ref',
        maxContributions: 1000,
      }),
    );
    expect(e.code).toBe('BAD_PARAMETER');
  });
});

describe('case B14 at the query level — ε edge values', () => {
  const count = (epsilon: number, data: Dataset | ColumnTable = b12): ReturnType<typeof dpCount> =>
    dpCount(data, {
      accountant: new PrivacyAccountant({ epsilon: 1e7 }),
      epsilon,
      rng: seededRandom(1),
    });

  it('ε = 0.5 gives scale 2 (Δ = 1)', () => {
    expect(count(0.5).report.scale).toBe(2);
  });

  it.each([0, -1, Number.NaN, Infinity])('ε = %s is refused before the data is read', (epsilon) => {
    const e = errorOf(() => count(epsilon, untouchableDataset));
    expect([e.code, e.field]).toEqual(['BAD_PARAMETER', 'epsilon']);
    expect(e.message).toContain(String(epsilon));
  });

  it('ε = 1e-12 is accepted with a "useless" warning and a finite result; ε = 1e6 warns "negligible"', () => {
    const tiny = count(1e-12);
    // 1/1e-12, rounded up to a double (the mechanism never rounds a scale down).
    expect((tiny.report.scale ?? 0) / 1e12).toBeCloseTo(1, 12);
    expect(Number.isFinite(tiny.value)).toBe(true);
    expect(tiny.report.warnings[0]?.message).toMatch(/useless/);
    expect(count(1e6).report.warnings[0]?.message).toMatch(/negligible/);
  });

  it('Gaussian: δ = 1e-6 accepted; δ = 0, −0.1 and 1 refused before the data is read', () => {
    const accountant = new PrivacyAccountant({ epsilon: 1, delta: 1e-5 });
    const ok = dpCount(b12, { accountant, epsilon: 0.5, delta: 1e-6, mechanism: 'gaussian' });
    expect(ok.report.mechanism).toBe('gaussian');
    for (const delta of [0, -0.1, 1]) {
      const e = errorOf(() =>
        dpCount(untouchableDataset, { accountant, epsilon: 0.5, delta, mechanism: 'gaussian' }),
      );
      expect([e.code, e.field]).toEqual(['BAD_PARAMETER', 'delta']);
    }
  });
});

describe('case B16 with queries — a refused query draws no noise and returns nothing', () => {
  it('count and sum at 0.4 run; the mean at 0.4 is refused before reading data or drawing noise', () => {
    const accountant = new PrivacyAccountant({ epsilon: 1.0 });
    const rng = counting('b16');
    const common = { accountant, epsilon: 0.4, rng } as const;
    dpCount(b12, common);
    dpSum(b12, { ...common, column: 'hours', bounds: [0, 24], nonNumeric: 'drop' });
    const drawn = rng.words;
    const e = errorOf(() =>
      dpMean(untouchableDataset, { ...common, column: 'hours', bounds: [0, 24] }),
    );
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.message).toContain('only ε = 0.2 is left');
    expect(rng.words).toBe(drawn);
    expect(accountant.spent().epsilon).toBe(0.8);
    expect(accountant.ledger.map((x) => x.query)).toEqual(['count', 'sum']);
  });

  it('a composite query records its whole cost', () => {
    const accountant = new PrivacyAccountant({ epsilon: 1 });
    const r = dpVariance(b12, {
      accountant,
      epsilon: 1,
      column: 'hours',
      bounds: [0, 24],
      nonNumeric: 'drop',
    });
    expect(accountant.ledger.map((x) => x.mechanism)).toEqual([
      'geometric (count)',
      'laplace (centred sum)',
      'laplace (centred sum of squares)',
    ]);
    expect(accountant.remainingText().epsilon).toBe('0');
    expect(r.report.epsilon).toBe(1);
    expect(r.report.parts.map((p) => p.epsilon)).toEqual([
      0.333333333333333, 0.333333333333333, 0.333333333333334,
    ]);
  });
});

describe('sensitivities under add/remove-one-row neighbours with asymmetric bounds', () => {
  const t = arqueroTable({ x: [12, 15, 18] });
  const sensitivities = (bounds: [number, number]): number[] => [
    dpSum(t, { accountant: big(), epsilon: 1, column: 'x', bounds }).report.parts[0]
      ?.sensitivity as number,
    ...dpMean(t, { accountant: big(), epsilon: 1, column: 'x', bounds }).report.parts.map(
      (p) => p.sensitivity,
    ),
  ];

  it('sum: max(|L|, |U|); mean: centred sum (U − L)/2 and count 1', () => {
    // [10, 20]: adding a row of 20 moves the sum by 20 (U − L = 10 would be too small).
    expect(sensitivities([10, 20])).toEqual([20, 5, 1]);
    // [−30, 5]: a row of −30 moves the sum by 30; centred on −12.5, |x + 12.5| ≤ 17.5.
    expect(sensitivities([-30, 5])).toEqual([30, 17.5, 1]);
    // Adult's age [17, 90]: 90 for the sum, 36.5 for the centred sum.
    expect(sensitivities([17, 90])).toEqual([90, 36.5, 1]);
  });

  it('variance: count 1, centred sum h, centred squares h², h = (U − L)/2', () => {
    const r = dpVariance(t, { accountant: big(), epsilon: 1, column: 'x', bounds: [10, 20] });
    expect(r.report.parts.map((p) => p.sensitivity)).toEqual([1, 5, 25]);
  });

  it('the sum releases what the Laplace mechanism releases on the clamped sum at Δ = 20', () => {
    // bounds [14, 20]: 12 → 14, so the clamped sum is 14 + 15 + 18 = 47.
    const r = dpSum(t, {
      accountant: big(),
      epsilon: 0.5,
      column: 'x',
      bounds: [14, 20],
      rng: seededRandom(7),
    });
    expect(r.value).toBe(laplaceMechanism(47, 20, 0.5, seededRandom(7)).value);
  });
});

describe('values with next to no noise (ε = 1e6: scale 1e-6, so the noise is 0 but with probability e^-1e6)', () => {
  const t = arqueroTable({ x: [1, 2, 3, 4] });
  const base = {
    accountant: big(),
    epsilon: 1e6,
    column: 'x',
    bounds: [0, 10] as [number, number],
  };

  it('count 4; mean (1 + 2 + 3 + 4)/4 = 2.5; population variance ((1.5² + 0.5²)·2)/4 = 1.25', () => {
    expect(dpCount(t, { accountant: big(), epsilon: 1e6 }).value).toBe(4);
    expect(dpMean(t, base).value).toBeCloseTo(2.5, 4);
    expect(dpVariance(t, base).value).toBeCloseTo(1.25, 3);
  });

  it('mean and variance are clamped into their ranges whatever the noise', () => {
    for (let seed = 0; seed < 50; seed++) {
      const o = { ...base, epsilon: 0.01, rng: seededRandom(seed) };
      const mean = dpMean(t, o).value;
      const variance = dpVariance(t, o).value;
      expect(mean).toBeGreaterThanOrEqual(0);
      expect(mean).toBeLessThanOrEqual(10);
      expect(variance).toBeGreaterThanOrEqual(0);
      expect(variance).toBeLessThanOrEqual(25);
    }
  });

  it('count with where: rows where condition = flu (case B13: 4 of 10)', () => {
    const b13 = arqueroTable({
      condition: [
        'flu',
        'asthma',
        'flu',
        'migraine',
        'flu',
        'asthma',
        'asthma',
        'flu',
        'migraine',
        'asthma',
      ],
    });
    const r = dpCount(b13, {
      accountant: big(),
      epsilon: 1e6,
      where: { column: 'condition', equals: 'flu' },
    });
    expect(r.value).toBe(4);
  });
});

describe('quantile by the exponential mechanism', () => {
  it('scores by hand: values 1, 2, 3, q = 0.5 (target 1.5), candidates 0 … 4', () => {
    // c = 0: #{x<c} = 0, #{x≤c} = 0 → max(−1.5, 1.5, 0) = 1.5
    // c = 1: 0, 1 → max(−1.5, 0.5, 0) = 0.5;   c = 2: 1, 2 → max(−0.5, −0.5, 0) = 0
    // c = 3: 2, 3 → max(0.5, −1.5, 0) = 0.5;   c = 4: 3, 3 → max(1.5, −1.5, 0) = 1.5
    expect(quantileScores(Float64Array.of(1, 2, 3), Float64Array.of(0, 1, 2, 3, 4), 1.5)).toEqual([
      -1.5, -0.5, -0, -0.5, -1.5,
    ]);
  });

  it('the median of 1 … 99 with a large ε is 50, on the public grid', () => {
    const t = arqueroTable({ x: Array.from({ length: 99 }, (_, i) => i + 1) });
    const r = dpQuantile(t, {
      accountant: big(),
      epsilon: 1000,
      column: 'x',
      bounds: [0, 100],
      quantile: 0.5,
      candidates: 101,
      rng: seededRandom(5),
    });
    expect(r.value).toBe(50);
    expect(r.report.parts[0]?.sensitivity).toBe(0.5); // max(q, 1 − q)
    expect(r.report.scale).toBe(0.001); // 2Δ/ε
  });

  it('refuses a quantile outside [0, 1] before reading the data', () => {
    const e = errorOf(() =>
      dpQuantile(untouchableDataset, {
        accountant: big(),
        epsilon: 1,
        column: 'x',
        bounds: [0, 1],
        quantile: 1.5,
      }),
    );
    expect(e.field).toBe('quantile');
  });
});

describe('histograms and contingency tables', () => {
  it('histogram: every bin, values clamped into the edges', () => {
    // 5 → [0, 10[, −4 → clamped to 0 → [0, 10[, 10 and 19 → [10, 20[, 30 and 99 → [20, 30].
    const t = arqueroTable({ x: [5, -4, 10, 19, 30, 99] });
    const r = dpHistogram(t, {
      accountant: big(),
      epsilon: 1e6,
      column: 'x',
      edges: [0, 10, 20, 30],
    });
    expect(r.table.objects()).toEqual([
      { bin: '[0, 10[', lower: 0, upper: 10, count: 2 },
      { bin: '[10, 20[', lower: 10, upper: 20, count: 2 },
      { bin: '[20, 30]', lower: 20, upper: 30, count: 2 },
    ]);
  });

  it('count-by: every combination of the public domains, true zeros included, in domain order', () => {
    const t = arqueroTable({ sex: ['F', 'F', 'M'], region: ['North', 'South', 'North'] });
    const r = dpCountBy(t, {
      accountant: big(),
      epsilon: 1e6,
      by: ['sex', 'region'],
      domains: { sex: ['F', 'M', 'X'], region: ['North', 'South'] },
    });
    expect(r.table.objects()).toEqual([
      { sex: 'F', region: 'North', count: 1 },
      { sex: 'F', region: 'South', count: 1 },
      { sex: 'M', region: 'North', count: 1 },
      { sex: 'M', region: 'South', count: 0 },
      { sex: 'X', region: 'North', count: 0 },
      { sex: 'X', region: 'South', count: 0 },
    ]);
  });

  it('count-by: a value outside its domain is refused with its line, or its row dropped', () => {
    const t = arqueroTable({ sex: ['F', 'Z', 'M'] });
    const options = { accountant: big(), epsilon: 1e6, by: ['sex'], domains: { sex: ['F', 'M'] } };
    const e = errorOf(() => dpCountBy(t, options));
    expect([e.code, e.column, e.line, e.value]).toEqual(['BAD_INPUT', 'sex', 3, 'Z']);
    const r = dpCountBy(t, { ...options, outside: 'drop' });
    expect(r.table.array('count')).toEqual([1, 1]);
  });

  it('count-by: a missing domain is refused before the data is read', () => {
    const e = errorOf(() =>
      dpCountBy(untouchableDataset, { accountant: big(), epsilon: 1, by: ['sex'], domains: {} }),
    );
    expect([e.code, e.field]).toEqual(['BAD_PARAMETER', 'domains.sex']);
  });

  it('numbers in the data match a domain given as text (the CLI reads domains as text)', () => {
    const t = arqueroTable({ age: [30, 30, 40] });
    const r = dpCountBy(t, {
      accountant: big(),
      epsilon: 1e6,
      by: ['age'],
      domains: { age: ['30', '40', '50'] },
    });
    expect(r.table.array('count')).toEqual([2, 1, 0]);
  });
});

describe('contribution bounding', () => {
  const t = arqueroTable({
    person: ['a', 'a', 'a', 'a', 'a', 'b', 'c', 'c'],
    x: [1, 2, 3, 4, 5, 6, 7, 8],
  });

  it('keeps at most maxContributions rows per person, in input order', () => {
    for (let seed = 0; seed < 20; seed++) {
      const o = checkQueryOptions(
        { accountant: big(), person: 'person', maxContributions: 2, rng: seededRandom(seed) },
        'count',
      );
      const rows = Array.from(keptRows(t, o));
      // a: 2 of its 5 rows; b: its 1 row; c: both of its rows.
      expect(rows.filter((r) => r < 5)).toHaveLength(2);
      expect(rows.filter((r) => r >= 5)).toEqual([5, 6, 7]);
      expect(rows).toEqual([...rows].sort((p, q) => p - q));
    }
  });

  it("chooses each of a person's rows with equal probability (3000 draws, 2 of 5: p = 0.4)", () => {
    const kept = new Array<number>(5).fill(0);
    const rng = seededRandom('bounding');
    for (let i = 0; i < 3000; i++) {
      const o = checkQueryOptions(
        { accountant: big(), person: 'person', maxContributions: 2, rng },
        'count',
      );
      for (const r of keptRows(t, o)) if (r < 5) kept[r] = (kept[r] as number) + 1;
    }
    // Each count is Binomial(3000, 0.4): mean 1200, sd √(3000·0.4·0.6) = 26.8; 6 sd = 161.
    for (const k of kept) expect(Math.abs(k - 1200)).toBeLessThan(161);
  });

  it('multiplies the sensitivities by maxContributions and counts the bounded rows', () => {
    const r = dpCount(t, {
      accountant: big(),
      epsilon: 1e6,
      person: 'person',
      maxContributions: 2,
    });
    expect(r.value).toBe(5); // 2 + 1 + 2
    expect(r.report.parts[0]?.sensitivity).toBe(2);
    const s = dpSum(t, {
      accountant: big(),
      epsilon: 1,
      column: 'x',
      bounds: [-1, 10],
      person: 'person',
      maxContributions: 3,
    });
    expect(s.report.parts[0]?.sensitivity).toBe(30); // 3 · max(1, 10)
  });

  it('refuses maxContributions without a person column, and a row without a person', () => {
    expect(
      errorOf(() => dpCount(t, { accountant: big(), epsilon: 1, maxContributions: 2 })).field,
    ).toBe('maxContributions');
    const missing = arqueroTable({ person: ['a', null], x: [1, 2] });
    const e = errorOf(() => dpCount(missing, { accountant: big(), epsilon: 1, person: 'person' }));
    expect([e.code, e.line]).toEqual(['BAD_INPUT', 3]);
  });
});

describe('private keys with thresholding', () => {
  it('τ by hand: ε = 1, δ = 1e-6, m = 1 gives b = 1, p = e^-1 and τ = 15', () => {
    // k = ⌈ln(1/(1e-6 · (1 + e^-1)))⌉ = ⌈ln(731058.6)⌉ = ⌈13.502⌉ = 14:
    // e^-14/(1 + e^-1) = 6.08e-7 ≤ 1e-6, while e^-13/(1 + e^-1) = 1.65e-6 > 1e-6.
    expect(selectionThreshold(1, 1e-6)).toBe(15);
    expect(Math.exp(-14) / (1 + Math.exp(-1))).toBeLessThanOrEqual(1e-6);
    expect(Math.exp(-13) / (1 + Math.exp(-1))).toBeGreaterThan(1e-6);
  });

  it('releases a large group and hides a key that one person has', () => {
    const t = arqueroTable({ code: [...Array<string>(1000).fill('common'), 'rare'] });
    const accountant = new PrivacyAccountant({ epsilon: 1, delta: 1e-5 });
    const r = dpCountByPrivateKeys(t, {
      accountant,
      epsilon: 1,
      delta: 1e-6,
      by: ['code'],
      rng: seededRandom(3),
    });
    expect(r.table.array('code')).toEqual(['common']);
    expect(Math.abs(((r.table.array('count') as number[])[0] as number) - 1000)).toBeLessThan(30);
    expect(accountant.spent()).toEqual({ epsilon: 1, delta: 1e-6, rho: null });
  });

  it('needs a δ budget: a pure ε accountant refuses the spend', () => {
    const e = errorOf(() =>
      dpCountByPrivateKeys(arqueroTable({ code: ['a'] }), {
        accountant: new PrivacyAccountant({ epsilon: 1 }),
        epsilon: 1,
        delta: 1e-6,
        by: ['code'],
      }),
    );
    expect([e.code, e.field]).toEqual(['BAD_PARAMETER', 'delta']);
  });
});

describe('zCDP budgets', () => {
  it('a Gaussian count spends ρ; a geometric count spends ε²/2', () => {
    const accountant = new PrivacyAccountant({ rho: 1, delta: 1e-6 });
    const t = arqueroTable({ x: [1, 2, 3] });
    const g = dpCount(t, { accountant, rho: 0.5, mechanism: 'gaussian' });
    expect(g.report.rho).toBe(0.5);
    expect(g.report.scale).toBeCloseTo(1, 6); // σ = Δ/√(2ρ) = 1
    dpCount(t, { accountant, epsilon: 0.2 });
    expect(accountant.ledger.map((e) => e.rho)).toEqual([0.5, 0.02]);
  });

  it('the geometric count draws exactly what the geometric mechanism draws', () => {
    const t = arqueroTable({ x: [1, 2, 3] });
    const r = dpCount(t, { accountant: big(), epsilon: 0.5, rng: seededRandom('g') });
    expect(r.value).toBe(geometricMechanism(3, 1, 0.5, seededRandom('g')).value);
    expect(r.report.expectedAbsoluteError).toBeCloseTo(
      (2 * Math.exp(-0.5)) / (1 - Math.exp(-1)),
      12,
    );
  });
});
