/**
 * Distribution tests of the exact samplers against their exact distributions. Every test uses a
 * seeded source, so it is deterministic; its threshold is the chi-square (or DKW) critical value
 * at p = 5e-8 (computed by test/random/stats.ts, itself tested against tables), so that with a
 * fresh secure source a correct sampler would fail a given test with probability 5e-8, and this
 * whole file (15 such tests) with probability below 1e-6.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  doubleToRational,
  MAX_SAMPLER_SCALE,
  sampleBernoulliExp,
  sampleDiscreteGaussian,
  sampleDiscreteGaussianBigInt,
  sampleDiscreteLaplace,
  sampleDiscreteLaplaceBigInt,
} from '../../../methods/dp/samplers.js';
import { secureRandom, seededRandom } from '../../../src/random/source.js';
import { errorOf } from '../../helpers/errors.js';
import {
  dkwThreshold,
  fitCategories,
  fitSymmetricIntegers,
  ksDistance,
} from '../../random/stats.js';

/** Per-test false-failure probability (15 tests: < 1e-6 for the file). */
const P = 5e-8;

afterEach(() => {
  vi.restoreAllMocks();
});

/** Discrete Laplace pmf with scale t: (1 − e^(−1/t))/(1 + e^(−1/t)) · e^(−|x|/t). */
function discreteLaplacePmf(t: number): (x: number) => number {
  const q = Math.exp(-1 / t);
  const c = (1 - q) / (1 + q);
  return (x) => c * Math.exp(-Math.abs(x) / t);
}

/** Discrete Gaussian pmf, normalised numerically over |x| ≤ 60σ + 60 (the rest is < e^(−1800)). */
function discreteGaussianPmf(sigma: number): (x: number) => number {
  const w = (x: number): number => Math.exp(-(x * x) / (2 * sigma * sigma));
  let z = 0;
  const m = Math.ceil(60 * sigma + 60);
  for (let x = -m; x <= m; x++) z += w(x);
  return (x) => w(x) / z;
}

describe('doubleToRational', () => {
  it('gives the exact rational of a double', () => {
    expect(doubleToRational(0.375)).toEqual({ numerator: 3n, denominator: 8n });
    expect(doubleToRational(2)).toEqual({ numerator: 2n, denominator: 1n });
    // 0.1 is 3602879701896397 / 2^55 exactly
    expect(doubleToRational(0.1)).toEqual({ numerator: 3602879701896397n, denominator: 2n ** 55n });
    expect(doubleToRational(5e-324)).toEqual({ numerator: 1n, denominator: 2n ** 1074n });
  });
});

describe('sampleBernoulliExp', () => {
  it('succeeds with probability exp(−n/d), for γ below and above 1 and on bigints', () => {
    const rng = seededRandom('bernoulli-exp');
    const cases: [bigint, bigint][] = [
      [0n, 1n], // γ = 0: always
      [1n, 2n],
      [1n, 1n],
      [5n, 2n], // γ = 2.5: two Bernoulli(e^−1) and one Bernoulli(e^−1/2)
      [7n * 10n ** 30n, 3n * 10n ** 30n], // γ = 7/3 through the bigint path
    ];
    for (const [n, d] of cases) {
      const trials = 40000;
      let successes = 0;
      for (let i = 0; i < trials; i++) if (sampleBernoulliExp(rng, n, d)) successes++;
      const p = Math.exp(-Number(n) / Number(d));
      if (p === 1) {
        expect(successes).toBe(trials);
        continue;
      }
      const fit = fitCategories([successes, trials - successes], [p, 1 - p], P);
      expect(fit.statistic, `γ = ${n}/${d}`).toBeLessThan(fit.critical);
    }
  });

  it('refuses a negative numerator or a zero denominator', () => {
    const rng = seededRandom(1);
    expect(errorOf(() => sampleBernoulliExp(rng, -1n, 1n)).field).toBe('numerator');
    expect(errorOf(() => sampleBernoulliExp(rng, 1n, 0n)).field).toBe('denominator');
  });
});

describe('sampleDiscreteLaplace', () => {
  for (const scale of [0.5, 2, 10, 1 / 0.3]) {
    it(`matches the exact pmf at scale ${scale} (chi-square, pooled tails, p = 5e-8)`, () => {
      const rng = seededRandom(`dlap-${scale}`);
      const n = 100000;
      const samples = new Float64Array(n);
      for (let i = 0; i < n; i++) samples[i] = sampleDiscreteLaplace(rng, scale);
      for (const x of samples.subarray(0, 1000)) expect(Number.isInteger(x)).toBe(true);
      const fit = fitSymmetricIntegers(samples, discreteLaplacePmf(scale), P);
      expect(fit.bins).toBeGreaterThan(5);
      expect(fit.statistic).toBeLessThan(fit.critical);
    });
  }

  it('the test has power: scale-2 samples are rejected against the pmf of scale 2.2', () => {
    const rng = seededRandom('dlap-power');
    const samples = new Float64Array(100000);
    for (let i = 0; i < samples.length; i++) samples[i] = sampleDiscreteLaplace(rng, 2);
    const fit = fitSymmetricIntegers(samples, discreteLaplacePmf(2.2), P);
    expect(fit.statistic).toBeGreaterThan(fit.critical);
  });

  it('matches the exact pmf at scale 7/3 on the bigint path', () => {
    const rng = seededRandom('dlap-7/3');
    const n = 60000;
    const samples = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      samples[i] = Number(sampleDiscreteLaplaceBigInt(rng, { numerator: 7n, denominator: 3n }));
    }
    const fit = fitSymmetricIntegers(samples, discreteLaplacePmf(7 / 3), P);
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('at scale 2^60 (bigint) |x|/t follows the exponential law (KS with the DKW bound, p = 5e-8)', () => {
    // For t = 2^60 the discrete law of |x|/t differs from Exp(1) by at most about 1/t in CDF.
    const rng = seededRandom('dlap-huge');
    const t = 2 ** 60;
    const values: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const x = sampleDiscreteLaplaceBigInt(rng, t);
      values.push(Math.abs(Number(x)) / t);
    }
    expect(ksDistance(values, (y) => 1 - Math.exp(-y))).toBeLessThan(dkwThreshold(5000, P));
  });

  it('refuses a scale that is not finite and > 0, or above 2^47', () => {
    const rng = seededRandom(1);
    for (const s of [0, -1, Number.NaN, Infinity, MAX_SAMPLER_SCALE * 2]) {
      expect(errorOf(() => sampleDiscreteLaplace(rng, s)).field).toBe('scale');
    }
  });
});

describe('sampleDiscreteGaussian', () => {
  for (const sigma of [0.8, 3, 1 / 0.3, 12]) {
    it(`matches the exact pmf at σ = ${sigma} (chi-square, pooled tails, p = 5e-8)`, () => {
      const rng = seededRandom(`dg-${sigma}`);
      const n = 60000;
      const samples = new Float64Array(n);
      for (let i = 0; i < n; i++) samples[i] = sampleDiscreteGaussian(rng, sigma);
      const fit = fitSymmetricIntegers(samples, discreteGaussianPmf(sigma), P);
      expect(fit.statistic).toBeLessThan(fit.critical);
    });
  }

  it('at σ = 2^45 (bigint) x/σ follows N(0, 1) (KS with the DKW bound, p = 5e-8)', () => {
    const rng = seededRandom('dg-huge');
    const sigma = 2 ** 45;
    const values: number[] = [];
    for (let i = 0; i < 3000; i++)
      values.push(Number(sampleDiscreteGaussianBigInt(rng, sigma)) / sigma);
    // Φ by Simpson integration of the density from −12 (the mass below is < 1e-32).
    const phi = (x: number): number => {
      if (x <= -12) return 0;
      const steps = 2000;
      const h = (x + 12) / steps;
      const f = (u: number): number => Math.exp((-u * u) / 2) / Math.sqrt(2 * Math.PI);
      let s = f(-12) + f(x);
      for (let i = 1; i < steps; i++) s += (i % 2 === 1 ? 4 : 2) * f(-12 + i * h);
      return (s * h) / 3;
    };
    expect(ksDistance(values, phi)).toBeLessThan(dkwThreshold(3000, P));
  });

  it('refuses a bad σ', () => {
    const rng = seededRandom(1);
    for (const s of [0, -2, Number.NaN, Infinity]) {
      expect(errorOf(() => sampleDiscreteGaussian(rng, s)).field).toBe('sigma');
    }
  });
});

describe('randomness', () => {
  it('no sampler calls Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    const rng = secureRandom();
    for (let i = 0; i < 1000; i++) {
      sampleDiscreteLaplace(rng, 2);
      sampleDiscreteLaplace(rng, 1 / 0.3);
      sampleDiscreteGaussian(rng, 1 / 0.3);
      sampleBernoulliExp(rng, 3n, 2n);
    }
    sampleDiscreteLaplaceBigInt(rng, 2 ** 70);
  });
});
