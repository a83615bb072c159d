import { describe, expect, it } from 'vitest';
import { attackRisk, residualRisk, wilsonScore } from '../../../src/metrics/risk/attack-risk.js';

const Z = 1.959963984540054; // Φ⁻¹(0.975)

describe('wilsonScore (Wilson 1927), by hand', () => {
  it('8 successes in 10 attacks at 95 %', () => {
    // rate = (8 + z²/2) / (10 + z²); error = z / (10 + z²) · √(8·2/10 + z²/4)
    const z2 = Z * Z;
    const w = wilsonScore(8, 10);
    expect(w.rate).toBeCloseTo((8 + z2 / 2) / (10 + z2), 8);
    expect(w.error).toBeCloseTo((Z / (10 + z2)) * Math.sqrt(1.6 + z2 / 4), 8);
    expect(w.rate).toBeCloseTo(0.716739, 5);
  });

  it('is 1/2 at half successes and pulls 0/n above 0', () => {
    expect(wilsonScore(50, 100).rate).toBeCloseTo(0.5, 12);
    expect(wilsonScore(0, 100).rate).toBeGreaterThan(0);
  });

  it('rejects impossible counts', () => {
    expect(() => wilsonScore(3, 2)).toThrow(/attacks/);
    expect(() => wilsonScore(1, 2, 1)).toThrow(/confidence/);
  });
});

describe('residualRisk and attackRisk (Giomi et al. 2023)', () => {
  it('(main − control)/(1 − control) with first-order error propagation, by hand', () => {
    // main 0.6 ± 0.1, control 0.2 ± 0.05: risk = 0.4/0.8 = 0.5;
    // error = √((0.1/0.8)² + (0.05 · (0.6 − 1)/0.8²)²) = √(0.015625 + 0.0009765625)
    const r = residualRisk({ rate: 0.6, error: 0.1 }, { rate: 0.2, error: 0.05 });
    expect(r.rate).toBeCloseTo(0.5, 12);
    expect(r.error).toBeCloseTo(Math.sqrt(0.015625 + 0.0009765625), 12);
  });

  it('clips value and interval to [0, 1] and reports the three rates', () => {
    const m = attackRisk(
      'x',
      {
        attacks: 100,
        successes: 10,
        controlAttacks: 100,
        controlSuccesses: 30,
        baselineAttacks: 100,
        baselineSuccesses: 5,
      },
      ['a'],
    );
    expect(m.value).toBe(0);
    expect(m.ci?.[0]).toBe(0);
    expect(m.ci?.[1]).toBeGreaterThanOrEqual(0);
    expect(m.details?.controlRate).toBeCloseTo(wilsonScore(30, 100).rate, 12);
    expect(m.details?.weakerThanBaseline).toBe(false);
  });

  it('is not applicable without attacks or when every control attack succeeds', () => {
    const none = attackRisk(
      'x',
      {
        attacks: 0,
        successes: 0,
        controlAttacks: 0,
        controlSuccesses: 0,
        baselineAttacks: 0,
        baselineSuccesses: 0,
      },
      [],
    );
    expect(none.value).toBeNull();
    const all = attackRisk(
      'x',
      {
        attacks: 5,
        successes: 5,
        controlAttacks: 5,
        controlSuccesses: 5,
        baselineAttacks: 5,
        baselineSuccesses: 1,
      },
      [],
    );
    expect(all.value).toBeNull();
    expect(all.reason).toMatch(/control/);
  });
});
