import { describe, expect, it } from 'vitest';
import {
  pitmanFit,
  pitmanUniques,
  populationUniqueness,
  shlosserClasses,
  snbFit,
  snbProbabilities,
  zayatzUniques,
} from '../../../src/metrics/risk/population.js';
import {
  digamma,
  logChoose,
  logGamma,
  normalQuantile,
} from '../../../src/metrics/risk/_internals/special.js';
import { seededRandom, uniformInt } from '../../../src/random/source.js';

describe('special functions (known values)', () => {
  it('digamma, logGamma, logChoose and the normal quantile', () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 10); // −γ
    expect(digamma(0.5)).toBeCloseTo(-0.5772156649015329 - 2 * Math.log(2), 10);
    expect(digamma(10)).toBeCloseTo(2.251752589066721, 10); // ψ(1) + Σ_{k=1}^{9} 1/k
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10); // 9!
    expect(Math.exp(logChoose(12, 6))).toBeCloseTo(924, 8);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.5758293035489, 8);
  });
});

describe('Zayatz (ARX ModelZayatz), by hand', () => {
  it('two singletons and a pair, N = 8', () => {
    // n = 4, u = 3, f = 1/2. P(1 | s) = s C(8 − s, 3) / C(8, 4): P(1|1) = 35/70 = 1/2,
    // P(1|2) = 2·20/70 = 4/7. Share = (2/3)(1/2) / [(2/3)(1/2) + (1/3)(4/7)] = (1/3)/(11/21) = 7/11.
    // Population uniques = c1 · share / f = 2 · (7/11) / (1/2) = 28/11.
    expect(
      zayatzUniques(
        new Map([
          [1, 2],
          [2, 1],
        ]),
        8,
      ),
    ).toBeCloseTo(28 / 11, 12);
  });

  it('classes of sizes 1, 2 and 3, N = 12', () => {
    // n = 6, C(12, 6) = 924: P(1|1) = 462/924 = 1/2, P(1|2) = 2·252/924 = 6/11,
    // P(1|3) = 3·126/924 = 9/22. Share = (1/2) / (1/2 + 6/11 + 9/22) = (1/2)/(32/22) = 11/32.
    // Uniques = 1 · (11/32) / (6/12) = 11/16.
    expect(
      zayatzUniques(
        new Map([
          [1, 1],
          [2, 1],
          [3, 1],
        ]),
        12,
      ),
    ).toBeCloseTo(11 / 16, 12);
  });
});

describe('SNB (Chen and Keller-McNulty 1998)', () => {
  it('P(sample class of size 1 and 2) match a direct sum over the population sizes', () => {
    // F = 1 + NegBin(α, β): P(F = m) = Γ(m − 1 + α) / (Γ(α) (m − 1)!) β^α (1 − β)^(m − 1);
    // the sample size of a class is Binomial(F, f).
    for (const [alpha, beta, f] of [
      [2, 0.3, 0.2],
      [0.5, 0.1, 0.05],
      [1.5, 0.8, 0.6],
    ] as const) {
      let p1 = 0;
      let p2 = 0;
      for (let m = 1; m < 5000; m++) {
        const pm = Math.exp(
          logGamma(m - 1 + alpha) -
            logGamma(alpha) -
            logGamma(m) +
            alpha * Math.log(beta) +
            (m - 1) * Math.log(1 - beta),
        );
        p1 += pm * m * f * Math.pow(1 - f, m - 1);
        if (m >= 2) p2 += pm * ((m * (m - 1)) / 2) * f * f * Math.pow(1 - f, m - 2);
      }
      const [c1, c2] = snbProbabilities(alpha, beta, f);
      expect(c1).toBeCloseTo(p1, 10);
      expect(c2).toBeCloseTo(p2, 10);
    }
  });

  it('solves back the (α, β) that produced c1 and c2', () => {
    const [p1, p2] = snbProbabilities(2, 0.3, 0.2);
    const fit = snbFit(1000, 0.2, 1000 * p1, 1000 * p2);
    expect(fit?.alpha).toBeCloseTo(2, 6);
    expect(fit?.beta).toBeCloseTo(0.3, 6);
  });

  it('Shlosser (Haas and Stokes D̂_Sh3) by hand', () => {
    // h = {1: 2, 2: 1}, f = 1/2, u = 3.
    // Σ s f²(1 − f²)^(s−1) c_s = 1·¼·1·2 + 2·¼·¾·1 = 0.875
    // Σ (1 − f)^s ((1 + f)^s − 1) c_s = ½·½·2 + ¼·1.25·1 = 0.8125
    // Σ (1 − f)^s c_s = 1 + 0.25 = 1.25;  Σ s f (1 − f)^(s−1) c_s = 1 + 0.5 = 1.5
    // K = 3 + 2 · (0.875/0.8125) · (1.25/1.5)²
    expect(
      shlosserClasses(
        new Map([
          [1, 2],
          [2, 1],
        ]),
        0.5,
      ),
    ).toBeCloseTo(3 + 2 * (0.875 / 0.8125) * (1.25 / 1.5) ** 2, 12);
  });
});

describe('Pitman (Hoshino 2001)', () => {
  const h = new Map([
    [1, 50],
    [2, 30],
    [3, 20],
    [5, 10],
    [10, 5],
    [40, 2],
  ]);

  it('the fit solves the likelihood equations (checked with plain sums, not digamma)', () => {
    const fit = pitmanFit(h);
    expect(fit).not.toBeNull();
    const { theta, alpha } = fit as { theta: number; alpha: number };
    let n = 0;
    let u = 0;
    for (const [s, c] of h) {
      n += s * c;
      u += c;
    }
    let a1 = 0;
    let a2 = 0;
    for (let i = 1; i < u; i++) {
      a1 += 1 / (theta + i * alpha);
      a2 += i / (theta + i * alpha);
    }
    let b1 = 0;
    for (let i = 1; i < n; i++) b1 += 1 / (theta + i);
    let b2 = 0;
    for (const [s, c] of h) for (let k = 1; k < s; k++) b2 += c / (k - alpha);
    expect(Math.abs(a1 - b1) / b1).toBeLessThan(1e-6);
    expect(Math.abs(a2 - b2) / b2).toBeLessThan(1e-4);
    expect(alpha).toBeGreaterThan(0);
    expect(alpha).toBeLessThan(1);
  });

  it('estimates the population uniques of a simulated Pitman population within a factor 1.5', () => {
    // A population of N = 20,000 drawn from the Pitman (Chinese restaurant) process with θ = 200,
    // α = 0.4 (seeded); a 10 % simple random sample; the estimate is compared with the true count.
    const rng = seededRandom(11);
    const uniform = (): number => uniformInt(rng, 2 ** 30) / 2 ** 30;
    const N = 20000;
    const theta = 200;
    const alpha = 0.4;
    const tables: number[] = [];
    const classOf = new Int32Array(N);
    for (let i = 0; i < N; i++) {
      const newTable = (theta + alpha * tables.length) / (theta + i);
      if (i === 0 || uniform() < newTable) {
        classOf[i] = tables.length;
        tables.push(1);
      } else {
        // Join table t with probability (size_t − α) / (i − α·K).
        let x = uniform() * (i - alpha * tables.length);
        let t = 0;
        while (t < tables.length - 1 && x >= (tables[t] as number) - alpha) {
          x -= (tables[t] as number) - alpha;
          t++;
        }
        classOf[i] = t;
        tables[t] = (tables[t] as number) + 1;
      }
    }
    const trueUniques = tables.filter((s) => s === 1).length;
    const sample = new Map<number, number>();
    for (let i = 0; i < N; i++) {
      if (uniformInt(rng, 10) === 0)
        sample.set(classOf[i] as number, (sample.get(classOf[i] as number) ?? 0) + 1);
    }
    const h2 = new Map<number, number>();
    for (const s of sample.values()) h2.set(s, (h2.get(s) ?? 0) + 1);
    const estimate = pitmanUniques(h2, N);
    expect(estimate / trueUniques).toBeGreaterThan(1 / 1.5);
    expect(estimate / trueUniques).toBeLessThan(1.5);
  });

  it('has no estimate when every class is a singleton', () => {
    expect(pitmanFit(new Map([[1, 10]]))).toBeNull();
    expect(Number.isNaN(pitmanUniques(new Map([[1, 10]]), 100))).toBe(true);
  });
});

describe('populationUniqueness and Dankar et al.’s rule', () => {
  it('is exact when the sample is the population, and 0 without sample uniques', () => {
    const whole = populationUniqueness([1, 1, 2, 3], 7);
    expect([whole.pitman, whole.zayatz, whole.snb, whole.dankar]).toEqual([2, 2, 2, 2]);
    const none = populationUniqueness([2, 3], 100);
    expect([none.pitman, none.zayatz, none.snb, none.dankar]).toEqual([0, 0, 0, 0]);
  });

  it('uses Pitman for sampling fractions up to 10 % and min(Zayatz, SNB) above', () => {
    const sizes = [
      ...Array<number>(50).fill(1),
      ...Array<number>(30).fill(2),
      ...Array<number>(20).fill(3),
      ...Array<number>(10).fill(5),
      10,
      10,
      10,
      10,
      10,
      40,
      40,
    ];
    const small = populationUniqueness(sizes, 10000); // f = 330/10000
    expect(small.dankarModel).toBe('pitman');
    expect(small.dankar).toBe(small.pitman);
    const large = populationUniqueness(sizes, 600); // f = 0.55
    expect(['zayatz', 'snb']).toContain(large.dankarModel);
    const valid = [large.zayatz, large.snb].filter((v) => Number.isFinite(v) && v > 0);
    expect(large.dankar).toBe(Math.min(...valid));
  });

  it('rejects a population smaller than the sample', () => {
    expect(() => populationUniqueness([1, 2], 2)).toThrow(/populationSize/);
  });
});
