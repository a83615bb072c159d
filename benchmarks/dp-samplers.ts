/**
 * Samples per second of the exact DP samplers and mechanisms, all drawing from the secure source
 * (Web Crypto). The bar: at least 1,000,000 exact discrete-Laplace samples per second
 * (diffprivlib does about 40,000 on this machine). Run alone with
 * `node --import tsx benchmarks/run.ts --only dp` (add `--quick` for shorter runs).
 */
import {
  exponentialMechanism,
  gaussianMechanism,
  geometricMechanism,
  laplaceMechanism,
  randomisedResponse,
} from '../methods/dp/mechanisms.js';
import {
  sampleBernoulliExp,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
} from '../methods/dp/samplers.js';
import { type RandomSource, secureRandom } from '../src/random/source.js';

interface Case {
  name: string;
  draw: (rng: RandomSource) => unknown;
}

const scores = Array.from({ length: 100 }, (_, i) => i % 17);

const CASES: Case[] = [
  { name: 'Bernoulli(exp(−1/2))', draw: (r) => sampleBernoulliExp(r, 1n, 2n) },
  { name: 'discrete Laplace, scale 1', draw: (r) => sampleDiscreteLaplace(r, 1) },
  { name: 'discrete Laplace, scale 2', draw: (r) => sampleDiscreteLaplace(r, 2) },
  { name: 'discrete Laplace, scale 10', draw: (r) => sampleDiscreteLaplace(r, 10) },
  { name: 'discrete Laplace, scale 100', draw: (r) => sampleDiscreteLaplace(r, 100) },
  {
    name: 'discrete Laplace, scale 1/0.3 (53-bit rational)',
    draw: (r) => sampleDiscreteLaplace(r, 1 / 0.3),
  },
  { name: 'discrete Gaussian, σ 3', draw: (r) => sampleDiscreteGaussian(r, 3) },
  { name: 'discrete Gaussian, σ 1/0.3 (bigint)', draw: (r) => sampleDiscreteGaussian(r, 1 / 0.3) },
  { name: 'geometric mechanism, Δ 1, ε 0.5', draw: (r) => geometricMechanism(4, 1, 0.5, r) },
  {
    name: 'Laplace mechanism (grid 2^−40), Δ 1, ε 0.5',
    draw: (r) => laplaceMechanism(4.2, 1, 0.5, r),
  },
  { name: 'Gaussian mechanism, ρ 0.5', draw: (r) => gaussianMechanism(4.2, 1, { rho: 0.5 }, r) },
  {
    name: 'Gaussian mechanism, ε 1, δ 1e-5 (analytic)',
    draw: (r) => gaussianMechanism(4.2, 1, { epsilon: 1, delta: 1e-5 }, r),
  },
  { name: 'permute-and-flip, 100 candidates', draw: (r) => exponentialMechanism(scores, 1, 1, r) },
  { name: 'k-RR, k 10, ε 1', draw: (r) => randomisedResponse(3, 10, 1, r) },
];

/** Prints a Markdown table of samples per second for each sampler and mechanism. */
export function benchDpSamplers(options: { quick?: boolean } = {}): void {
  const seconds = options.quick === true ? 0.2 : 1;
  const rng = secureRandom();
  console.log('\n## Exact DP samplers and mechanisms (secure source)\n');
  console.log(`Each row: draws for ${seconds} s after a short warm-up; median of 3 rounds.\n`);
  console.log('| sampler | samples per second |');
  console.log('| --- | ---: |');
  for (const c of CASES) {
    for (let i = 0; i < 2000; i++) c.draw(rng); // warm-up
    const rates: number[] = [];
    for (let round = 0; round < 3; round++) {
      let n = 0;
      const start = performance.now();
      let now = start;
      while (now - start < (seconds * 1000) / 3) {
        for (let i = 0; i < 1000; i++) c.draw(rng);
        n += 1000;
        now = performance.now();
      }
      rates.push((n / (now - start)) * 1000);
    }
    rates.sort((a, b) => a - b);
    console.log(`| ${c.name} | ${Math.round(rates[1] as number).toLocaleString('en-GB')} |`);
  }
}
