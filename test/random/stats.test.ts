import { describe, expect, it } from 'vitest';
import { chiSquareCritical, chiSquareTail, dkwThreshold, logGamma } from './stats.js';

describe('chi-square helper', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12); // Γ(5) = 4! = 24
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10.5)).toBeCloseTo(Math.log(1133278.38894878), 9); // Γ(10.5) = (19!!/2^10)·√π
  });

  it('df = 2 has the closed form P(χ² > x) = e^(−x/2)', () => {
    for (const x of [0.5, 3, 10, 40]) expect(chiSquareTail(x, 2)).toBeCloseTo(Math.exp(-x / 2), 14);
    // critical value at p = 1e-7: x = −2 ln(1e-7) = 32.2362…
    expect(chiSquareCritical(2, 1e-7)).toBeCloseTo(-2 * Math.log(1e-7), 8);
  });

  it('matches tabulated critical values', () => {
    // Standard tables (e.g. NIST/SEMATECH e-Handbook, table 1.3.6.7.4): upper 5 % for df 1: 3.841;
    // upper 0.1 % for df 10: 29.588; upper 1 % for df 30: 50.892.
    expect(chiSquareCritical(1, 0.05)).toBeCloseTo(3.841, 3);
    expect(chiSquareCritical(10, 0.001)).toBeCloseTo(29.588, 3);
    expect(chiSquareCritical(30, 0.01)).toBeCloseTo(50.892, 3);
    // df = 1 at 1e-7 is z² for the two-sided normal quantile z = 5.326724 (P(|N| > z) = 1e-7).
    expect(chiSquareCritical(1, 1e-7)).toBeCloseTo(5.326724 ** 2, 3);
  });

  it('DKW threshold: 2·exp(−2n·d²) = p', () => {
    const d = dkwThreshold(10000, 1e-7);
    expect(2 * Math.exp(-2 * 10000 * d * d)).toBeCloseTo(1e-7, 15);
  });
});
