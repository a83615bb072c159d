/**
 * Domain compression as in MST (McKenna, Miklau, Sheldon 2021, §4 "compress_domain"): the
 * categories whose NOISY count is below a threshold (3 noise standard deviations) are merged into
 * one cell before any 2-way marginal is measured, so that pair tables keep the cells that carry
 * signal and noise is not spread over many near-empty ones. Only the noisy counts are read, so
 * this is post-processing. At sampling time a merged cell becomes one of its categories drawn in
 * proportion to their noisy counts projected onto non-negative counts with their noisy total
 * (`consistentCounts`; uniformly when nothing is left). MST draws uniformly; the noisy counts are
 * already paid for and keep rare categories closer to their share (on Adult at ε = 1 the 1-way
 * TVD of native-country drops from about 0.02). Categories are public: never a value read from the
 * data.
 */
import { shuffle } from '../../../src/random/sample.js';
import type { RandomSource } from '../../../src/random/source.js';
import { consistentCounts } from '../../dp/queries/consistent.js';
import { assignHerding, cumulative, systematic } from './sample.js';

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
  /** compressed code → running sums of its members' weights (empty: uniform). */
  readonly weights: readonly Float64Array[];
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
    return {
      originalSize: n,
      size: n,
      map,
      members,
      weights: members.map(() => new Float64Array(0)),
    };
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
  const weights: Float64Array[] = members.map(() => new Float64Array(0));
  const projected = consistentCounts(Float64Array.from(rare, (v) => noisy[v] as number));
  if (projected.some((w) => w > 0)) weights[next] = cumulative(projected);
  return { originalSize: n, size: next + 1, map, members, weights };
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

/** Columns that a merged cell's expansion is balanced over (see {@link expandCodes}). */
export interface Balance {
  /** Codes of each column, one per row. */
  readonly columns: readonly Int32Array[];
  /** Domain size of each column. */
  readonly sizes: readonly number[];
}

/**
 * Compressed codes back to original codes. The m rows of a merged cell get a systematic sample of
 * size m of its members by their weights (uniform when no member has weight): each member
 * ⌊m·w⌋ or ⌈m·w⌉ times, instead of m independent draws. With `balance`, the members are spread
 * over the rows by herding (`assignHerding`), each cell of each balancing column getting them in
 * about their proportions, so that the pairs of the column with the others follow the model's
 * expectation (the expansion is a child of the compressed code in the tree, independent of the
 * rest given it); without, in a random order.
 *
 * @example
 * expandCodes(Int32Array.of(0, 2), c, seededRandom(1)) // => Int32Array [0, 1] for the compression above
 */
export function expandCodes(
  codes: Int32Array,
  c: Compression,
  rng: RandomSource,
  balance?: Balance,
): Int32Array {
  const n = codes.length;
  const out = new Int32Array(n);
  const rowsOf: number[][] = c.members.map(() => []);
  for (let r = 0; r < n; r++) {
    const k = codes[r] as number;
    const m = c.members[k] as Int32Array;
    if (m.length === 1) out[r] = m[0] as number;
    else (rowsOf[k] as number[]).push(r);
  }
  rowsOf.forEach((list, k) => {
    const m = list.length;
    if (m === 0) return;
    const members = c.members[k] as Int32Array;
    const w = c.weights[k] as Float64Array;
    const cum = w.length === 0 ? Float64Array.from(members, (_, i) => i + 1) : w;
    const sample = new Int32Array(m);
    systematic(cum, m, rng, sample);
    const rows = Int32Array.from(list);
    if (balance === undefined || balance.columns.length === 0) {
      shuffle(rng, sample, m);
      for (let j = 0; j < m; j++) out[rows[j] as number] = members[sample[j] as number] as number;
      return;
    }
    const index = new Int32Array(n);
    assignHerding(rows, sample, members.length, balance.columns, balance.sizes, index);
    for (const r of rows) out[r] = members[index[r] as number] as number;
  });
  return out;
}
