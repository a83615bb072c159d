/**
 * Tests of the mechanisms, the calibration and the parameter checks: cases B13 (grid and moments)
 * and B14 (edge values of ε and δ). Statistical tests use seeded sources (deterministic); the
 * chi-square ones have thresholds at p = 1e-7 each (5 in this file: < 1e-6 with a fresh secure
 * source). The B13 moment checks use the case's own sample size and tolerances (10,000 draws, mean
 * ±0.1, variance ±10 %), which with a fresh source would fail by chance about once in 3,000 runs;
 * they are therefore run on fixed seeds only.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  gaussianDelta,
  gaussianSigmaAnalytic,
  gaussianSigmaClassic,
  gaussianSigmaZcdp,
  laplaceScale,
} from '../../../methods/dp/calibration.js';
import {
  divideRoundingUp,
  exponentialMechanism,
  gaussianMechanism,
  geometricMechanism,
  laplaceMechanism,
  randomisedResponse,
} from '../../../methods/dp/mechanisms.js';
import {
  checkBounds,
  checkDelta,
  checkEpsilon,
  checkRho,
  checkSensitivity,
  epsilonWarnings,
} from '../../../methods/dp/parameters.js';
import { secureRandom, seededRandom } from '../../../src/random/source.js';
import { errorOf } from '../../helpers/errors.js';
import { fitCategories } from '../../random/stats.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function moments(values: readonly number[]): { mean: number; variance: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, variance };
}

describe('B13: counts with Δ = 1, ε = 0.5 (scale 2)', () => {
  it('geometric: scale 2, integers, mean ±0.1, variance within 10 % of 7.84', () => {
    // Discrete Laplace variance 2q/(1 − q)² with q = e^(−1/2) = 0.6065307:
    // 2·0.6065307 / 0.3934693² = 1.2130613 / 0.1548181 = 7.8354.
    const expectedVariance = (2 * Math.exp(-0.5)) / (1 - Math.exp(-0.5)) ** 2;
    expect(expectedVariance).toBeCloseTo(7.8354, 4);
    for (const trueValue of [4, 5]) {
      const rng = seededRandom(`b13-geometric-${trueValue}`);
      const values: number[] = [];
      for (let i = 0; i < 10000; i++) {
        const r = geometricMechanism(trueValue, 1, 0.5, rng);
        expect(r.scale).toBe(2);
        expect(r.granularity).toBe(1);
        expect(r.variance).toBeCloseTo(expectedVariance, 12);
        values.push(r.value);
      }
      expect(values.every((v) => Number.isInteger(v))).toBe(true);
      const m = moments(values);
      expect(Math.abs(m.mean - trueValue)).toBeLessThan(0.1);
      expect(Math.abs(m.variance / expectedVariance - 1)).toBeLessThan(0.1);
    }
  });

  it('laplace (real values): one grid for inputs 4 and 5, variance within 10 % of the documented 8', () => {
    const grids = new Set<number>();
    for (const trueValue of [4, 5]) {
      const rng = seededRandom(`b13-laplace-${trueValue}`);
      const values: number[] = [];
      let documented = 0;
      for (let i = 0; i < 10000; i++) {
        const r = laplaceMechanism(trueValue, 1, 0.5, rng);
        grids.add(r.granularity);
        documented = r.variance;
        expect(r.scale).toBe(2);
        expect(Number.isInteger(r.value / r.granularity)).toBe(true);
        values.push(r.value);
      }
      // 2b² − γ²/6 with b = 2 and γ = 2^−40: 8 to 1e-20.
      expect(documented).toBeCloseTo(8, 9);
      const m = moments(values);
      expect(Math.abs(m.mean - trueValue)).toBeLessThan(0.1);
      expect(Math.abs(m.variance / documented - 1)).toBeLessThan(0.1);
    }
    // The same grid, 2^−40 = the largest power of two ≤ min(Δ, b)/2^40 = 1/2^40, for both inputs.
    expect([...grids]).toEqual([2 ** -40]);
  });

  it('low bits: for inputs 0.1 and 0.2 (off the grid) every output is a multiple of the same step', () => {
    const step = 2 ** -40;
    const lowBits: number[][] = [[], []];
    [0.1, 0.2].forEach((trueValue, k) => {
      const rng = seededRandom(`b13-lowbits-${trueValue}`);
      for (let i = 0; i < 2000; i++) {
        const r = laplaceMechanism(trueValue, 1, 0.5, rng);
        expect(r.granularity).toBe(step);
        const units = r.value / step;
        expect(Number.isSafeInteger(units)).toBe(true); // no bits below the grid at all
        lowBits[k]?.push(((units % 16) + 16) % 16);
      }
    });
    // The lowest 4 bits of the grid index are uniform for both inputs (the noise spreads over
    // ~2^41 grid steps), so they carry nothing about which input was used.
    for (const bits of lowBits) {
      const counts = new Array<number>(16).fill(0);
      for (const b of bits) counts[b] = (counts[b] as number) + 1;
      const fit = fitCategories(counts, new Array<number>(16).fill(1 / 16));
      expect(fit.statistic).toBeLessThan(fit.critical);
    }
  });

  it('gaussian (real values): outputs on the grid, variance within 10 % of σ²', () => {
    const rng = seededRandom('b13-gaussian');
    const values: number[] = [];
    let sigma = 0;
    for (let i = 0; i < 10000; i++) {
      const r = gaussianMechanism(0.1, 1, { rho: 0.125 }, rng); // σ = 1/√(2·0.125) = 2
      sigma = r.scale;
      expect(Number.isInteger(r.value / r.granularity)).toBe(true);
      values.push(r.value);
    }
    expect(sigma).toBeCloseTo(2, 9);
    const m = moments(values);
    expect(Math.abs(m.mean - 0.1)).toBeLessThan(0.1);
    expect(Math.abs(m.variance / (sigma * sigma) - 1)).toBeLessThan(0.1);
  });

  it('the noise never comes from Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    const rng = secureRandom();
    geometricMechanism(4, 1, 0.5, rng);
    laplaceMechanism(4, 1, 0.5, rng);
    gaussianMechanism(4, 1, { epsilon: 0.5, delta: 1e-6 }, rng);
    exponentialMechanism([1, 2, 3], 1, 1, rng);
    randomisedResponse(1, 3, 1, rng);
  });
});

describe('B14: edge values of ε and δ', () => {
  const rng = seededRandom('b14');

  it('ε = 0.5 gives scale 2', () => {
    expect(laplaceScale(1, 0.5)).toBe(2);
    expect(geometricMechanism(4, 1, 0.5, rng).scale).toBe(2);
    expect(epsilonWarnings(0.5)).toEqual([]);
  });

  it('ε = 0, −1, NaN, Infinity are refused, naming epsilon and the value', () => {
    for (const [eps, shown] of [
      [0, '0'],
      [-1, '-1'],
      [Number.NaN, 'NaN'],
      [Infinity, 'Infinity'],
    ] as const) {
      for (const f of [
        () => checkEpsilon(eps),
        () => laplaceScale(1, eps),
        () => geometricMechanism(4, 1, eps, rng),
        () => laplaceMechanism(4, 1, eps, rng),
      ]) {
        const e = errorOf(f);
        expect(e.code).toBe('BAD_PARAMETER');
        expect(e.field).toBe('epsilon');
        expect(e.value).toBe(shown);
        expect(e.message).toContain('epsilon');
        expect(e.message).toContain(shown);
      }
    }
    expect(errorOf(() => checkEpsilon('0.5')).value).toBe('"0.5"');
  });

  it('ε = 1e-12 gives scale 1e12 with a "useless" warning, never Infinity or NaN', () => {
    expect(laplaceScale(1, 1e-12)).toBe(1e12);
    const w = epsilonWarnings(1e-12);
    expect(w).toHaveLength(1);
    expect(w[0]?.field).toBe('epsilon');
    expect(w[0]?.message).toContain('useless');
    const r = geometricMechanism(4, 1, 1e-12, rng);
    // The double nearest 1e-12 is a little below 1e-12, so the exact Δ/ε is a little above 1e12 and
    // the mechanism rounds its scale up to the next double: 1e12 + 1.2e-4.
    expect(r.scale).toBeGreaterThan(1e12);
    expect(r.scale / 1e12 - 1).toBeLessThan(1e-15);
    expect(Number.isFinite(r.value)).toBe(true);
    const real = laplaceMechanism(4, 1, 1e-12, rng);
    expect(Number.isFinite(real.value)).toBe(true);
    expect(real.scale).toBeGreaterThanOrEqual(1e12);
    expect(real.scale / 1e12 - 1).toBeLessThan(1e-12);
    // Past the documented maximum scale 2^47 ≈ 1.4e14: refused, naming epsilon.
    expect(errorOf(() => laplaceScale(1, 1e-15)).field).toBe('epsilon');
    expect(errorOf(() => laplaceScale(1e300, 1e-10)).field).toBe('epsilon'); // Δ/ε overflows
  });

  it('ε = 1e6 is accepted with a "negligible privacy" warning', () => {
    expect(laplaceScale(1, 1e6)).toBe(1e-6);
    const w = epsilonWarnings(1e6);
    expect(w).toHaveLength(1);
    expect(w[0]?.message).toContain('privacy is negligible');
    const r = geometricMechanism(4, 1, 1e6, rng);
    expect(r.value).toBe(4); // P(noise ≠ 0) = 2e^(−1e6)/(1 + e^(−1e6)) = 0 in doubles
    expect(Number.isFinite(laplaceMechanism(4, 1, 1e6, rng).value)).toBe(true);
  });

  it('δ = 1e-6 is accepted; δ = 0 is refused for the Gaussian; δ < 0 and δ ≥ 1 always', () => {
    expect(checkDelta(1e-6)).toBe(1e-6);
    expect(Number.isFinite(gaussianMechanism(4, 1, { epsilon: 0.5, delta: 1e-6 }, rng).value)).toBe(
      true,
    );
    const zero = errorOf(() => gaussianMechanism(4, 1, { epsilon: 0.5, delta: 0 }, rng));
    expect([zero.field, zero.value]).toEqual(['delta', '0']);
    expect(checkDelta(0, 'delta', { allowZero: true })).toBe(0);
    for (const [d, shown] of [
      [-0.1, '-0.1'],
      [1, '1'],
      [1.5, '1.5'],
      [Number.NaN, 'NaN'],
    ] as const) {
      for (const options of [{}, { allowZero: true }]) {
        const e = errorOf(() => checkDelta(d, 'delta', options));
        expect([e.code, e.field, e.value]).toEqual(['BAD_PARAMETER', 'delta', shown]);
      }
      expect(errorOf(() => gaussianSigmaAnalytic(1, 0.5, d)).field).toBe('delta');
    }
  });

  it('ρ, sensitivity and bounds are checked the same way', () => {
    expect(checkRho(0.5)).toBe(0.5);
    expect(errorOf(() => checkRho(0)).field).toBe('rho');
    expect(errorOf(() => gaussianMechanism(1, 1, { rho: -1 }, rng)).field).toBe('rho');
    expect(checkSensitivity(2)).toBe(2);
    for (const s of [0, -1, Number.NaN, Infinity]) {
      expect(errorOf(() => geometricMechanism(1, s, 1, rng)).field).toBe('sensitivity');
    }
    expect(checkBounds([17, 90])).toEqual([17, 90]);
    for (const b of [[5, 5], [90, 17], [0, Infinity], [Number.NaN, 1], [1], 'x', null]) {
      expect(errorOf(() => checkBounds(b)).field).toBe('bounds');
    }
    expect(errorOf(() => checkBounds([5, 5])).message).toContain('[5, 5]');
  });

  it('a true value that is not finite (or not an integer for counts) is refused without being shown', () => {
    const e = errorOf(() => geometricMechanism(4.5, 1, 1, rng));
    expect(e.field).toBe('trueValue');
    expect(e.message).not.toContain('4.5');
    expect(e.value).toBeUndefined();
    expect(errorOf(() => laplaceMechanism(Number.NaN, 1, 1, rng)).field).toBe('trueValue');
  });
});

describe('calibration', () => {
  it('classic σ for Δ = 1, ε = 0.5, δ = 1e-5 by hand', () => {
    // ln(1.25/1e-5) = ln(125000) = 11.7360690; √(2·11.7360690) = √23.4721380 = 4.8448053; /0.5 = 9.6896105
    expect(gaussianSigmaClassic(1, 0.5, 1e-5)).toBeCloseTo(9.6896105, 6);
    expect(gaussianSigmaClassic(3, 0.5, 1e-5)).toBeCloseTo(3 * 9.6896105, 5);
    expect(errorOf(() => gaussianSigmaClassic(1, 1, 1e-5)).field).toBe('epsilon');
  });

  it('zCDP σ = Δ/√(2ρ)', () => {
    expect(gaussianSigmaZcdp(1, 0.125)).toBe(2); // 1/√0.25
    expect(gaussianSigmaZcdp(3, 0.5)).toBe(3);
  });

  // An independent computation of the analytic σ (Balle and Wang 2018, Theorem 8): the normal CDF
  // by Simpson integration of the density (not the series and continued fraction of the module),
  // and a bisection written here.
  function tailBySimpson(x: number): number {
    // P(N(0,1) > x) = ∫_x^{x+40} φ(u) du (the rest is < e^(−800)), 20,000 Simpson panels.
    const steps = 20000;
    const h = 40 / steps;
    const f = (u: number): number => Math.exp((-u * u) / 2) / Math.sqrt(2 * Math.PI);
    let s = f(x) + f(x + 40);
    for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * f(x + i * h);
    return (s * h) / 3;
  }
  function deltaIndependent(eps: number, sigma: number): number {
    // δ(σ) = Φ(1/(2σ) − εσ) − e^ε Φ(−1/(2σ) − εσ) for Δ = 1
    return (
      tailBySimpson(eps * sigma - 1 / (2 * sigma)) -
      Math.exp(eps) * tailBySimpson(eps * sigma + 1 / (2 * sigma))
    );
  }
  function sigmaIndependent(eps: number, delta: number): number {
    let lo = 0.01;
    let hi = 1000;
    for (let i = 0; i < 60; i++) {
      const mid = (lo + hi) / 2;
      if (deltaIndependent(eps, mid) > delta) lo = mid;
      else hi = mid;
    }
    return hi;
  }

  it('analytic σ agrees with an independent bisection and is below the classic σ', () => {
    for (const [eps, delta] of [
      [0.5, 1e-5],
      [1, 1e-5],
      [0.1, 1e-6],
      [3, 1e-8],
    ] as const) {
      const sigma = gaussianSigmaAnalytic(1, eps, delta);
      expect(sigma / sigmaIndependent(eps, delta) - 1, `ε = ${eps}, δ = ${delta}`).toBeLessThan(
        1e-6,
      );
      expect(sigma / sigmaIndependent(eps, delta) - 1).toBeGreaterThan(-1e-6);
      // Never below the exact value: δ(σ) ≤ δ by the independent computation.
      expect(deltaIndependent(eps, sigma)).toBeLessThanOrEqual(delta * (1 + 1e-6));
      expect(gaussianDelta(1, eps, sigma)).toBeLessThanOrEqual(delta);
      if (eps < 1) expect(sigma).toBeLessThan(gaussianSigmaClassic(1, eps, delta));
    }
    // Balle and Wang's Figure/Table values: ε = 1, δ = 1e-5 needs σ ≈ 3.73 (classic would not apply).
    expect(gaussianSigmaAnalytic(1, 1, 1e-5)).toBeCloseTo(3.7306, 3);
    // Linear in Δ.
    expect(gaussianSigmaAnalytic(4, 0.5, 1e-5) / gaussianSigmaAnalytic(1, 0.5, 1e-5)).toBeCloseTo(
      4,
      12,
    );
  });

  it('divideRoundingUp never rounds below the exact quotient', () => {
    expect(divideRoundingUp(1, 0.5)).toBe(2);
    // 1/0.3 in doubles is 3.3333333333333335 (above the exact quotient of the doubles): kept.
    expect(divideRoundingUp(1, 0.3)).toBe(1 / 0.3);
    // 1/49 rounds down in doubles (49 · (1/49) < 1): the next double up is returned.
    expect(49 * (1 / 49)).toBeLessThan(1);
    expect(divideRoundingUp(1, 49)).toBeGreaterThan(1 / 49);
  });
});

describe('exponential mechanism (permute-and-flip)', () => {
  /** Exact permute-and-flip probabilities by enumerating the orders of the candidates. */
  function exactPermuteAndFlip(
    scores: number[],
    eps: number,
    sens: number,
    monotone: boolean,
  ): number[] {
    const best = Math.max(...scores);
    const p = scores.map((q) => Math.exp((eps * (q - best)) / ((monotone ? 1 : 2) * sens)));
    const result = scores.map(() => 0);
    const permutations = (items: number[]): number[][] =>
      items.length <= 1
        ? [items]
        : items.flatMap((x, i) =>
            permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [x, ...rest]),
          );
    const orders = permutations(scores.map((_, i) => i));
    for (const order of orders) {
      let reach = 1 / orders.length;
      for (const r of order) {
        result[r] = (result[r] as number) + reach * (p[r] as number);
        reach *= 1 - (p[r] as number);
      }
    }
    return result;
  }

  it('hand check of the enumeration for scores [0, 1], ε = 2, Δ = 1', () => {
    // p = (e^−1, 1). Order (0,1): picks 0 w.p. e^−1, else 1. Order (1,0): always 1.
    // P(0) = ½·e^−1 = 0.18394.
    expect(exactPermuteAndFlip([0, 1], 2, 1, false)[0]).toBeCloseTo(0.5 * Math.exp(-1), 12);
  });

  for (const monotone of [false, true]) {
    it(`selection frequencies match the exact distribution for 3 candidates (monotone: ${monotone})`, () => {
      const scores = [0, 1, 2.5];
      const expected = exactPermuteAndFlip(scores, 1, 1, monotone);
      expect(expected.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      const rng = seededRandom(`paf-${monotone}`);
      const counts = [0, 0, 0];
      for (let i = 0; i < 30000; i++) {
        const r = exponentialMechanism(scores, 1, 1, rng, { monotone });
        counts[r] = (counts[r] as number) + 1;
      }
      const fit = fitCategories(counts, expected);
      expect(fit.statistic).toBeLessThan(fit.critical);
    });
  }

  it('picks among equal best scores uniformly, and refuses bad scores', () => {
    const rng = seededRandom('paf-ties');
    const counts = [0, 0, 0];
    for (let i = 0; i < 6000; i++) {
      const r = exponentialMechanism([7, 7, -1e9], 1, 1, rng);
      counts[r] = (counts[r] as number) + 1;
    }
    expect(counts[2]).toBe(0);
    expect(Math.abs((counts[0] as number) - 3000)).toBeLessThan(300); // sd ≈ 39
    expect(errorOf(() => exponentialMechanism([], 1, 1, rng)).field).toBe('scores');
    expect(errorOf(() => exponentialMechanism([1, Number.NaN], 1, 1, rng)).field).toBe('scores[1]');
  });
});

describe('randomised response', () => {
  it('keeps the value with probability e^ε/(e^ε + k − 1), others uniform', () => {
    const k = 4;
    const eps = 1;
    const keep = Math.exp(eps) / (Math.exp(eps) + k - 1); // e/(e + 3) = 2.718282/5.718282 = 0.475367
    expect(keep).toBeCloseTo(0.475367, 6);
    const rng = seededRandom('krr');
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 40000; i++) {
      const r = randomisedResponse(2, k, eps, rng);
      counts[r] = (counts[r] as number) + 1;
    }
    const other = (1 - keep) / 3;
    const fit = fitCategories(counts, [other, other, keep, other]);
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('refuses bad categories, values and ε', () => {
    const rng = seededRandom(1);
    expect(errorOf(() => randomisedResponse(0, 1, 1, rng)).field).toBe('categories');
    expect(errorOf(() => randomisedResponse(3, 3, 1, rng)).field).toBe('value');
    expect(errorOf(() => randomisedResponse(0, 3, 0, rng)).field).toBe('epsilon');
  });
});
