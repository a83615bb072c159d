/**
 * Sources of random bits. Everything random in datanonyme draws 32-bit words from a
 * {@link RandomSource}; integers, Bernoulli trials and noise are built from those words with
 * exact integer arithmetic (rejection sampling), never from `Math.random` or from a double in
 * [0, 1).
 *
 * - {@link secureRandom}: Web Crypto (`globalThis.crypto.getRandomValues`, present in Node ≥ 20
 *   and every browser), buffered. The only source fit for a release under differential privacy.
 * - {@link seededRandom}: xoshiro128** (Blackman and Vigna 2018) seeded through SplitMix32, for
 *   reproducible tests and synthesis. Its stream is predictable from the seed, so anything drawn
 *   from it is marked `seeded` and is not for publication.
 *
 * References: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators", ACM
 * TOMS 47(4), 2021 (xoshiro128**); G. Steele, D. Lea, C. Flood, "Fast splittable pseudorandom
 * number generators", OOPSLA 2014 (SplitMix).
 */
import { DatanonymeError } from '../errors.js';

export { uniformBigInt, uniformInt } from './uniform.js';

/** A stream of uniform 32-bit words. */
export interface RandomSource {
  /** True when the stream comes from a user seed: reproducible, NOT fit for release. */
  readonly seeded: boolean;
  /** A uniform 32-bit unsigned integer, in [0, 2^32). */
  uint32(): number;
}

/** Words fetched from Web Crypto at a time (4 KiB). */
const SECURE_BUFFER_WORDS = 1024;

/**
 * The cryptographically secure source: words from `globalThis.crypto.getRandomValues`, fetched
 * 4 KiB at a time. Each call returns a new source with its own buffer.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when the platform has no Web Crypto.
 * @example
 * secureRandom().seeded // => false
 */
export function secureRandom(): RandomSource {
  const crypto = (globalThis as { crypto?: Crypto }).crypto;
  if (crypto === undefined || typeof crypto.getRandomValues !== 'function') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'no secure random source: globalThis.crypto.getRandomValues is missing on this platform',
      { field: 'random' },
    );
  }
  const buffer = new Uint32Array(SECURE_BUFFER_WORDS);
  let next = SECURE_BUFFER_WORDS;
  return {
    seeded: false,
    uint32(): number {
      if (next === SECURE_BUFFER_WORDS) {
        crypto.getRandomValues(buffer);
        next = 0;
      }
      return buffer[next++] as number;
    },
  };
}

/** One SplitMix32 step (Steele, Lea, Flood 2014, 32-bit variant): returns [next state, output]. */
function splitMix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let z = s;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  z ^= z >>> 16;
  return [s, z >>> 0];
}

/** The seed as a 32-bit word: numbers by their decimal text, strings by their UTF-16 units. */
function seedWord(seed: string | number): number {
  const text = typeof seed === 'number' ? `n:${String(seed)}` : `s:${seed}`;
  // FNV-1a over the UTF-16 code units, then mixed by SplitMix32.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A reproducible source: xoshiro128** (Blackman and Vigna) whose 128-bit state is filled by
 * SplitMix32 from a hash of the seed. Equal seeds give equal streams; `1` and `'1'` are different
 * seeds. For tests and reproducible runs only: a release drawn from it is not private, because
 * whoever knows the seed knows the noise.
 *
 * @param seed - a finite number or any string.
 * @throws DatanonymeError `BAD_PARAMETER` naming `seed` when it is not a finite number or a string.
 * @example
 * seededRandom(1).uint32() === seededRandom(1).uint32() // => true
 */
export function seededRandom(seed: string | number): RandomSource {
  if (!(typeof seed === 'string' || (typeof seed === 'number' && Number.isFinite(seed)))) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `seed must be a finite number or a string, got ${String(seed)}`,
      { field: 'seed', value: String(seed) },
    );
  }
  const words: number[] = [];
  let sm = seedWord(seed);
  for (let i = 0; i < 4; i++) {
    const [nextState, out] = splitMix32(sm);
    sm = nextState;
    words.push(out);
  }
  let [s0 = 1, s1 = 0, s2 = 0, s3 = 0] = words;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // never the all-zero state
  return {
    seeded: true,
    uint32(): number {
      // xoshiro128**: result = rotl(s1 * 5, 7) * 9
      const m = Math.imul(s1, 5);
      const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      return result;
    },
  };
}
