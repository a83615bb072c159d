import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  secureRandom,
  seededRandom,
  uniformBigInt,
  uniformInt,
  type RandomSource,
} from '../../src/random/source.js';
import { errorOf } from '../helpers/errors.js';
import { fitCategories } from './stats.js';

afterEach(() => {
  vi.restoreAllMocks();
});

function stream(rng: RandomSource, n: number): number[] {
  return Array.from({ length: n }, () => rng.uint32());
}

describe('random sources', () => {
  it('flags seeded streams and only those', () => {
    expect(secureRandom().seeded).toBe(false);
    expect(seededRandom(1).seeded).toBe(true);
    expect(seededRandom('a seed').seeded).toBe(true);
  });

  it('the same seed gives the same stream; different seeds differ', () => {
    expect(stream(seededRandom(1), 100)).toEqual(stream(seededRandom(1), 100));
    expect(stream(seededRandom('x'), 100)).toEqual(stream(seededRandom('x'), 100));
    expect(stream(seededRandom(1), 100)).not.toEqual(stream(seededRandom(2), 100));
    expect(stream(seededRandom(1), 100)).not.toEqual(stream(seededRandom('1'), 100));
  });

  it('gives 32-bit unsigned words, across more than one secure buffer', () => {
    const words = stream(secureRandom(), 3000);
    for (const w of words) expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32).toBe(true);
    expect(new Set(words).size).toBeGreaterThan(2990); // collisions among 3000 words: ≈ 0.001 expected
  });

  it('secure source words are uniform in their top byte (chi-square, p = 1e-7)', () => {
    const rng = secureRandom();
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 256 * 200; i++) {
      const b = rng.uint32() >>> 24;
      counts[b] = (counts[b] as number) + 1;
    }
    const fit = fitCategories(counts, new Array<number>(256).fill(1 / 256));
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('refuses a bad seed', () => {
    expect(errorOf(() => seededRandom(Number.NaN)).field).toBe('seed');
  });

  it('never calls Math.random', () => {
    vi.spyOn(Math, 'random').mockImplementation(() => {
      throw new Error('Math.random called');
    });
    for (const rng of [secureRandom(), seededRandom(7)]) {
      stream(rng, 5000);
      uniformInt(rng, 10);
      uniformInt(rng, 2 ** 40 + 3);
      uniformBigInt(rng, 10n ** 40n);
    }
  });
});

describe('uniform integers', () => {
  it('uniformInt(6) is uniform (chi-square, p = 1e-7)', () => {
    const rng = seededRandom('uniform-6');
    const counts = new Array<number>(6).fill(0);
    for (let i = 0; i < 60000; i++) {
      const x = uniformInt(rng, 6);
      counts[x] = (counts[x] as number) + 1;
    }
    const fit = fitCategories(counts, new Array<number>(6).fill(1 / 6));
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('uniformInt with n = 3·2^31 (where a plain modulo of one word is biased) is uniform over thirds', () => {
    // A biased x mod n from one 32-bit word would give the first third probability 1/2.
    const n = 3 * 2 ** 31;
    const rng = seededRandom('thirds');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) {
      const x = uniformInt(rng, n);
      expect(x).toBeLessThan(n);
      const third = Math.floor(x / 2 ** 31);
      counts[third] = (counts[third] as number) + 1;
    }
    const fit = fitCategories(counts, [1 / 3, 1 / 3, 1 / 3]);
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('uniformInt near 2^53 stays in range and covers tenths evenly', () => {
    const n = 2 ** 53 - 5;
    const rng = seededRandom('big');
    const counts = new Array<number>(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const x = uniformInt(rng, n);
      expect(Number.isSafeInteger(x) && x >= 0 && x < n).toBe(true);
      const bin = Math.floor((x / n) * 10);
      counts[bin] = (counts[bin] as number) + 1;
    }
    const fit = fitCategories(counts, new Array<number>(10).fill(0.1));
    expect(fit.statistic).toBeLessThan(fit.critical);
  });

  it('uniformBigInt is uniform for small and huge n', () => {
    const rng = seededRandom('bigint');
    const small = new Array<number>(7).fill(0);
    for (let i = 0; i < 35000; i++) {
      const x = Number(uniformBigInt(rng, 7n));
      small[x] = (small[x] as number) + 1;
    }
    const fitSmall = fitCategories(small, new Array<number>(7).fill(1 / 7));
    expect(fitSmall.statistic).toBeLessThan(fitSmall.critical);
    const n = 10n ** 30n + 7n;
    const tenths = new Array<number>(10).fill(0);
    for (let i = 0; i < 20000; i++) {
      const x = uniformBigInt(rng, n);
      expect(x >= 0n && x < n).toBe(true);
      const bin = Number((x * 10n) / n);
      tenths[bin] = (tenths[bin] as number) + 1;
    }
    const fitHuge = fitCategories(tenths, new Array<number>(10).fill(0.1));
    expect(fitHuge.statistic).toBeLessThan(fitHuge.critical);
    expect(uniformBigInt(rng, 1n)).toBe(0n);
  });

  it('refuses bounds that are not integers in range', () => {
    const rng = seededRandom(1);
    for (const n of [0, -1, 2.5, Number.NaN, Infinity, 2 ** 53 + 2]) {
      expect(errorOf(() => uniformInt(rng, n)).field).toBe('n');
    }
    expect(errorOf(() => uniformBigInt(rng, 0n)).field).toBe('n');
  });
});
