import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  advancedCompositionEpsilon,
  MIN_SPEND,
  PrivacyAccountant,
  splitBudget,
  zcdpToApproximateDp,
} from '../../src/privacy/accountant.js';
import { errorOf } from '../helpers/errors.js';

const laplace = (
  query: string,
  epsilon: number,
): { query: string; mechanism: string; epsilon: number } => ({
  query,
  mechanism: 'laplace',
  epsilon,
});

describe('PrivacyAccountant — case B16', () => {
  it('runs count and sum at 0.4 each of 1.0, refuses the mean, says 0.2 is left, keeps 0.8', () => {
    const a = new PrivacyAccountant({ epsilon: 1.0 });
    a.spend(laplace('count', 0.4));
    a.spend(laplace('sum', 0.4));
    const e = errorOf(() => a.spend(laplace('mean', 0.4)));
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.message).toContain('"mean" needs ε = 0.4');
    expect(e.message).toContain('only ε = 0.2 is left of ε = 1');
    expect(e.message).toContain('nothing was spent');
    expect(a.ledger.map((x) => x.query)).toEqual(['count', 'sum']);
    // 0.4 + 0.4 = 0.8 exactly (as decimals), 1 − 0.8 = 0.2 exactly.
    expect(a.spent().epsilon).toBe(0.8);
    expect(a.remaining().epsilon).toBe(0.2);
    expect(a.remainingText().epsilon).toBe('0.2');
  });

  it('0.1 + 0.2 fits a total of 0.3 (exact decimals, although 0.1 + 0.2 > 0.3 in doubles)', () => {
    expect(0.1 + 0.2 > 0.3).toBe(true); // the trap
    const a = new PrivacyAccountant({ epsilon: 0.3 });
    a.spend(laplace('a', 0.1));
    a.spend(laplace('b', 0.2));
    expect(a.remainingText().epsilon).toBe('0');
    expect(a.canSpend(laplace('c', MIN_SPEND))).toBe(false);
  });

  it('after a full spend of 1.0, refuses 5e-324 and any further spend', () => {
    const a = new PrivacyAccountant({ epsilon: 1.0 });
    a.spend(laplace('all', 1.0));
    const tiny = errorOf(() => a.spend(laplace('tiny', 5e-324)));
    expect(tiny.code).toBe('BAD_PARAMETER');
    expect(tiny.field).toBe('epsilon');
    expect(tiny.message).toContain('5e-324');
    const small = errorOf(() => a.spend(laplace('small', 1e-12)));
    expect(small.code).toBe('BUDGET_EXCEEDED');
    expect(a.ledger).toHaveLength(1);
  });

  it('an accepted tiny spend changes the ledger exactly (1 − 1e-12, where doubles would round)', () => {
    const a = new PrivacyAccountant({ epsilon: 0.5 });
    a.spend(laplace('tiny', 1e-12));
    // In doubles 0.5 − 1e-17 === 0.5; here the remainder is the exact decimal.
    expect(a.remainingText().epsilon).toBe('0.499999999999');
    const b = new PrivacyAccountant({ epsilon: 1 });
    b.spend(laplace('almost', 0.999999999999));
    b.spend(laplace('rest', 1e-12));
    expect(b.remainingText().epsilon).toBe('0');
  });

  it.each([
    [1e-13, 'BAD_PARAMETER'],
    [5e-324, 'BAD_PARAMETER'],
    [0, 'BAD_PARAMETER'],
    [-0.1, 'BAD_PARAMETER'],
    [Number.NaN, 'BAD_PARAMETER'],
    [Infinity, 'BAD_PARAMETER'],
  ])('refuses a spend of ε = %s, naming epsilon and the value', (epsilon, code) => {
    const a = new PrivacyAccountant({ epsilon: 1 });
    const e = errorOf(() => a.spend(laplace('q', epsilon)));
    expect(e.code).toBe(code);
    expect(e.field).toBe('epsilon');
    expect(e.value).toBe(String(epsilon));
    expect(e.message).toContain(String(epsilon));
    expect(a.ledger).toEqual([]);
  });

  it('refuses bad totals at construction, naming the parameter', () => {
    for (const epsilon of [0, -1, Number.NaN, Infinity]) {
      const e = errorOf(() => new PrivacyAccountant({ epsilon }));
      expect([e.code, e.field, e.value]).toEqual(['BAD_PARAMETER', 'epsilon', String(epsilon)]);
    }
    for (const delta of [-0.1, 1, 2, Number.NaN]) {
      const e = errorOf(() => new PrivacyAccountant({ epsilon: 1, delta }));
      expect([e.code, e.field]).toEqual(['BAD_PARAMETER', 'delta']);
    }
    expect(errorOf(() => new PrivacyAccountant({})).field).toBe('epsilon');
    expect(errorOf(() => new PrivacyAccountant({ rho: 0 })).field).toBe('rho');
    expect(errorOf(() => new PrivacyAccountant({ rho: 1, epsilon: 1 })).field).toBe('rho');
    expect(
      errorOf(() => new PrivacyAccountant({ epsilon: 1, composition: 'advanced' })).field,
    ).toBe('composition');
  });

  it('warns about extreme totals', () => {
    expect(new PrivacyAccountant({ epsilon: 1 }).warnings).toEqual([]);
    expect(new PrivacyAccountant({ epsilon: 1e6 }).warnings[0]?.message).toMatch(/negligible/);
    expect(new PrivacyAccountant({ epsilon: 1e-6 }).warnings[0]?.message).toMatch(/drown/);
    expect(new PrivacyAccountant({ epsilon: 1, delta: 0.01 }).warnings[0]?.field).toBe('delta');
    expect(new PrivacyAccountant({ rho: 50 }).warnings[0]?.field).toBe('rho');
  });
});

describe('spendAll — a composite query is charged whole or not at all', () => {
  it('charges both parts of a mean', () => {
    const a = new PrivacyAccountant({ epsilon: 1 });
    const entries = a.spendAll([
      { query: 'mean', mechanism: 'laplace', epsilon: 0.25, scale: 146 },
      { query: 'mean', mechanism: 'geometric', epsilon: 0.25, scale: 4 },
    ]);
    expect(entries.map((e) => [e.mechanism, e.epsilon, e.scale])).toEqual([
      ['laplace', 0.25, 146],
      ['geometric', 0.25, 4],
    ]);
    expect(a.remaining().epsilon).toBe(0.5);
  });

  it('charges nothing when the parts fit one by one but not together', () => {
    const a = new PrivacyAccountant({ epsilon: 1 });
    a.spend(laplace('count', 0.6));
    expect(a.canSpend(laplace('mean', 0.3))).toBe(true);
    const e = errorOf(() => a.spendAll([laplace('mean', 0.3), laplace('mean', 0.3)]));
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.message).toContain('needs ε = 0.6 but only ε = 0.4 is left');
    expect(a.ledger).toHaveLength(1);
  });

  it('charges nothing when one part is malformed', () => {
    const a = new PrivacyAccountant({ epsilon: 1 });
    expect(errorOf(() => a.spendAll([laplace('mean', 0.3), laplace('mean', 0)])).code).toBe(
      'BAD_PARAMETER',
    );
    expect(a.ledger).toEqual([]);
  });
});

describe('exactness over random spends (fast-check)', () => {
  it('accepts a spend iff the exact running total stays within the budget', () => {
    // Spends k/1000 and totals T/1000: the exact decision is an integer comparison.
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 30 }),
        (t, ks) => {
          const a = new PrivacyAccountant({ epsilon: t / 1000 });
          let spent = 0;
          for (const k of ks) {
            const fits = spent + k <= t;
            expect(a.canSpend(laplace('q', k / 1000))).toBe(fits);
            if (fits) {
              a.spend(laplace('q', k / 1000));
              spent += k;
            } else {
              expect(errorOf(() => a.spend(laplace('q', k / 1000))).code).toBe('BUDGET_EXCEEDED');
            }
          }
          expect(a.ledger).toHaveLength(ks.length - countRefused(t, ks));
          expect(a.remainingText().epsilon).toBe(String((t - spent) / 1000));
        },
      ),
      { seed: 16, numRuns: 300 },
    );
  });
});

function countRefused(t: number, ks: readonly number[]): number {
  let spent = 0;
  let refused = 0;
  for (const k of ks) {
    if (spent + k <= t) spent += k;
    else refused++;
  }
  return refused;
}

describe('(ε, δ) budgets', () => {
  it('basic composition adds ε and δ', () => {
    const a = new PrivacyAccountant({ epsilon: 1, delta: 1e-6 });
    a.spend({ query: 'g', mechanism: 'gaussian', epsilon: 0.5, delta: 5e-7 });
    expect(a.canSpend({ query: 'g', mechanism: 'gaussian', epsilon: 0.5, delta: 6e-7 })).toBe(
      false,
    );
    a.spend({ query: 'g', mechanism: 'gaussian', epsilon: 0.5, delta: 5e-7 });
    expect(a.spent()).toEqual({ epsilon: 1, delta: 1e-6, rho: null });
  });

  it('a pure budget refuses a δ spend', () => {
    const a = new PrivacyAccountant({ epsilon: 1 });
    const e = errorOf(() =>
      a.spend({ query: 'g', mechanism: 'gaussian', epsilon: 0.5, delta: 1e-7 }),
    );
    expect([e.code, e.field]).toEqual(['BAD_PARAMETER', 'delta']);
  });

  it('advancedCompositionEpsilon: 10 spends of 0.1 at δ′ = 1e-6, by hand', () => {
    // √(2 · 10 · ln 1e6) · 0.1 = √(20 · 13.815510557964274) · 0.1 = √276.3102… · 0.1 = 1.662259…
    // 10 · 0.1 · (e^0.1 − 1) = 0.10517091807564771
    const expected = Math.sqrt(20 * 13.815510557964274) * 0.1 + 0.10517091807564771;
    expect(expected).toBeCloseTo(1.76743, 5);
    expect(advancedCompositionEpsilon(Array<number>(10).fill(0.1), 1e-6)).toBeCloseTo(expected, 12);
  });

  it('advanced composition lets many small spends past the basic limit, and no further', () => {
    // Total (2, 2e-6), slack δ′ = 1e-6, spends of ε = 0.01: basic allows 200. Advanced allows the
    // largest k with 0.01·√(2k ln 1e6) + k·0.01·(e^0.01 − 1) ≤ 2: at k = 1260 this is
    // 1.8659 + 0.1266 = 1.9925 and at k = 1280 1.8806 + 0.1286 = 2.0093, so k is in [1260, 1280).
    const a = new PrivacyAccountant({ epsilon: 2, delta: 2e-6, composition: 'advanced' });
    expect(a.slack).toBe(1e-6);
    let k = 0;
    while (a.canSpend(laplace('q', 0.01))) {
      a.spend(laplace('q', 0.01));
      k++;
    }
    expect(k).toBeGreaterThanOrEqual(1260);
    expect(k).toBeLessThan(1280);
    const bound = (n: number): number =>
      0.01 * Math.sqrt(2 * n * Math.log(1e6)) + n * 0.01 * Math.expm1(0.01);
    expect(bound(k)).toBeLessThanOrEqual(2);
    expect(bound(k + 1)).toBeGreaterThan(2);
    const spent = a.spent();
    expect(spent.epsilon).toBeCloseTo(bound(k), 9);
    expect(spent.delta).toBe(1e-6); // Σ δᵢ = 0, plus δ′
    expect(a.remaining().epsilon ?? 1).toBeLessThan(0.01);
    expect(errorOf(() => a.spend(laplace('q', 0.01))).code).toBe('BUDGET_EXCEEDED');
  });

  it('advanced composition falls back to basic when basic is better (few spends)', () => {
    const a = new PrivacyAccountant({ epsilon: 1, delta: 1e-6, composition: 'advanced' });
    a.spend(laplace('a', 0.5));
    a.spend(laplace('b', 0.5));
    expect(a.spent()).toEqual({ epsilon: 1, delta: 0, rho: null });
  });
});

describe('ρ-zCDP budgets', () => {
  it('converts ρ to (ε, δ): ρ + 2√(ρ ln(1/δ)) (Bun and Steinke 2016, Prop. 1.3)', () => {
    // 0.5 + 2·√(0.5 · 13.815510557964274) = 0.5 + 2 · 2.6282607 = 5.7565214
    expect(zcdpToApproximateDp(0.5, 1e-6)).toBeCloseTo(5.7565214, 6);
  });

  it('adds ρ exactly and charges ε²/2 for a pure ε spend (Prop. 1.4)', () => {
    const a = new PrivacyAccountant({ rho: 0.3, delta: 1e-6 });
    a.spend({ query: 'g', mechanism: 'gaussian', rho: 0.1 });
    const entry = a.spend(laplace('l', 0.2)); // ρ = 0.2² / 2 = 0.02
    expect(entry.rho).toBe(0.02);
    a.spend({ query: 'g2', mechanism: 'gaussian', rho: 0.18 }); // 0.1 + 0.02 + 0.18 = 0.3
    expect(a.remainingText().rho).toBe('0');
    expect(a.spent().rho).toBe(0.3);
    expect(a.spent().epsilon).toBeCloseTo(zcdpToApproximateDp(0.3, 1e-6), 12);
    const e = errorOf(() => a.spend({ query: 'more', mechanism: 'gaussian', rho: 1e-12 }));
    expect(e.code).toBe('BUDGET_EXCEEDED');
    expect(e.message).toContain('only ρ = 0 is left of ρ = 0.3');
  });

  it('refuses ρ spends on ε budgets and δ spends on ρ budgets', () => {
    expect(
      errorOf(() =>
        new PrivacyAccountant({ epsilon: 1 }).spend({ query: 'g', mechanism: 'g', rho: 0.1 }),
      ).field,
    ).toBe('rho');
    expect(
      errorOf(() =>
        new PrivacyAccountant({ rho: 1 }).spend({
          query: 'g',
          mechanism: 'g',
          epsilon: 0.1,
          delta: 1e-9,
        }),
      ).field,
    ).toBe('delta');
  });
});

describe('the ledger', () => {
  it('records query, mechanism, ε, δ, ρ, scale and time', () => {
    const at = new Date('2024-05-01T12:00:00Z');
    const a = new PrivacyAccountant({ epsilon: 1 }, { now: () => at });
    a.spend({ query: 'count', mechanism: 'geometric', epsilon: 0.5, scale: 2 });
    expect(a.ledger).toEqual([
      {
        query: 'count',
        mechanism: 'geometric',
        epsilon: 0.5,
        delta: 0,
        rho: 0,
        scale: 2,
        at: '2024-05-01T12:00:00.000Z',
      },
    ]);
    // The ledger is a copy: changing it changes nothing.
    a.ledger.pop();
    expect(a.ledger).toHaveLength(1);
    expect(JSON.parse(JSON.stringify(a)) as unknown).toMatchObject({
      kind: 'pure',
      spent: { epsilon: 0.5 },
      remaining: { epsilon: 0.5 },
    });
  });
});

describe('splitBudget — the parts of a composite query never cost more than the whole', () => {
  it('splits 1 into thirds that add up to exactly 1 as decimals', () => {
    // 0.333333333333333 · 2 = 0.666666666666666; 1 − 0.666666666666666 = 0.333333333333334
    expect(splitBudget(1, 3)).toEqual([0.333333333333333, 0.333333333333333, 0.333333333333334]);
    expect(splitBudget(0.4, 2)).toEqual([0.2, 0.2]);
  });

  it('the parts always fit a budget equal to the total (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-9, max: 100, noNaN: true }),
        fc.integer({ min: 1, max: 7 }),
        (total, k) => {
          const parts = splitBudget(total, k);
          expect(parts).toHaveLength(k);
          const a = new PrivacyAccountant({ epsilon: total });
          a.spendAll(parts.map((p) => laplace('part', p)));
          for (const p of parts) expect(p).toBeGreaterThan((total / k) * (1 - 1e-12));
        },
      ),
      { seed: 3, numRuns: 300 },
    );
  });
});
