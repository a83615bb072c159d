/**
 * Domain compression as in MST (McKenna, Miklau, Sheldon 2021, §4 "compress_domain"): the
 * categories whose NOISY count is below a threshold (3 noise standard deviations) are merged into
 * one cell before any 2-way marginal is measured, so that pair tables keep the cells that carry
 * signal and noise is not spread over many near-empty ones. Only the noisy counts are read, so
 * this is post-processing. At sampling time a merged cell becomes one of its categories drawn
 * uniformly (the categories are public: never a value read from the data).
 */
import { type RandomSource, uniformInt } from '../../../src/random/source.js';

/** How one column's codes map to compressed codes. */
export interface Compression {
  /** The original size of the domain. */
  readonly originalSize: number;
  /** The compressed size: the kept codes, plus one merged cell when two or more were merged. */
  readonly size: number;
  /** original code → compressed code. */
  readonly map: Int32Array;
  /** compressed code → the original codes it stands for. */
  readonly members: readonly Int32Array[];
}

/**
 * Merges the codes whose noisy count is below `threshold` into one last cell (when at least two
 * are below it; a single one keeps its own cell).
 *
 * @example
 * compressDomain(Float64Array.of(90, 2, -1, 40), 10).size // => 3 (codes 1 and 2 merged)
 */
export function compressDomain(noisy: Float64Array, threshold: number): Compression {
  const n = noisy.length;
  const rare: number[] = [];
  for (let v = 0; v < n; v++) if ((noisy[v] as number) < threshold) rare.push(v);
  const map = new Int32Array(n);
  const members: Int32Array[] = [];
  if (rare.length < 2) {
    for (let v = 0; v < n; v++) {
      map[v] = v;
      members.push(Int32Array.of(v));
    }
    return { originalSize: n, size: n, map, members };
  }
  const isRare = new Uint8Array(n);
  for (const v of rare) isRare[v] = 1;
  let next = 0;
  for (let v = 0; v < n; v++) {
    if (isRare[v] === 1) continue;
    map[v] = next++;
    members.push(Int32Array.of(v));
  }
  for (const v of rare) map[v] = next;
  members.push(Int32Array.from(rare));
  return { originalSize: n, size: next + 1, map, members };
}

/**
 * Noisy counts on the compressed domain: a kept cell keeps its value, the merged cell gets the sum
 * of its members' values.
 *
 * @example
 * compressCounts(Float64Array.of(90, 2, -1, 40), compressDomain(Float64Array.of(90, 2, -1, 40), 10))
 * // => Float64Array [90, 40, 1]
 */
export function compressCounts(noisy: Float64Array, c: Compression): Float64Array {
  const out = new Float64Array(c.size);
  for (let v = 0; v < noisy.length; v++) {
    const k = c.map[v] as number;
    out[k] = (out[k] as number) + (noisy[v] as number);
  }
  return out;
}

/**
 * Codes mapped to the compressed domain.
 *
 * @example
 * compressCodes(Int32Array.of(0, 3), c) // => Int32Array [0, 1] for the compression above
 */
export function compressCodes(codes: Int32Array, c: Compression): Int32Array {
  const out = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) out[r] = c.map[codes[r] as number] as number;
  return out;
}

/**
 * Compressed codes back to original codes; a merged cell becomes one of its members drawn
 * uniformly.
 *
 * @example
 * expandCodes(Int32Array.of(0, 2), c, seededRandom(1)) // => Int32Array [0, 1 or 2]
 */
export function expandCodes(codes: Int32Array, c: Compression, rng: RandomSource): Int32Array {
  const out = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const m = c.members[codes[r] as number] as Int32Array;
    out[r] = m.length === 1 ? (m[0] as number) : (m[uniformInt(rng, m.length)] as number);
  }
  return out;
}
