/**
 * Heuristic secondary suppression by Gaussian elimination (Langsrud, "Secondary cell suppression
 * by Gaussian elimination: an algorithm suitable for handling issues with zeros and singletons",
 * *Journal of Official Statistics* 40(1), 2024; Statistics Norway's R package GaussSuppression).
 *
 * Every cell is a vector over the inner cells (those whose nodes are all leaves): the indicator of
 * the inner cells it sums. Candidates are visited in order; a candidate is published unless that
 * would put some primary cell in the linear span of the published cells (then the primary could
 * be recomputed exactly), in which case it is suppressed. The span is kept as an echelon basis
 * computed modulo the prime P = 2^26 − 5, every operation exact in doubles, so rank decisions
 * never depend on floating-point tolerances. Dependence over the rationals implies dependence
 * modulo P; the converse fails only when P divides a minor of the 0/1 cell matrix, which would
 * make a candidate look dependent (published) or a primary look revealed (one more suppression).
 * secondary.ts's interval pass checks every primary with the attacker's LP afterwards, so the
 * first case cannot leave a primary exposed.
 */
import type { TableStructure } from './types.js';
import { STATUS } from './types.js';
import { innerMembers } from './equations.js';

/** Options of {@link gaussSuppression}. */
export interface GaussOptions {
  /** Cost of suppressing each cell: cheaper cells are suppressed first. */
  cost: Float64Array;
  /**
   * Largest number of entries (primaries × inner cells) kept as dense rows during the
   * elimination; sparse maps above it. The pattern is the same either way, only time and memory
   * differ.
   * @defaultValue 2^25 (128 MB)
   */
  denseLimit?: number;
}

/** What {@link gaussSuppression} returns. */
export interface GaussResult {
  /** Input status with the secondary suppressions set to `STATUS.D`. */
  status: Uint8Array;
  secondary: number;
  /** Published cells that were already in the span of earlier ones. */
  dependent: number;
  /** Size of the echelon basis (rank of the published cells). */
  rank: number;
}

type Vector = Map<number, number>;

/**
 * The prime modulus of the elimination, 2^26 − 5: products of two residues stay below 2^53, so
 * every operation is exact in doubles.
 */
const P = 67108859;

/**
 * Secondary suppression by Gaussian elimination. Cells already suppressed (any status but `V`)
 * stay suppressed; those with status `A` or `B` are the primary cells to protect. Candidates are
 * every `V` cell: first the cells whose value is 0 (as τ-ARGUS, empty cells are never used as
 * secondary suppressions unless unavoidable: a suppressed 0 sits on the attacker's lower bound and
 * pins its neighbours), then by decreasing cost (the most costly cells get the first chance to be
 * published), ties broken towards cells that sum more inner cells, then by cell index.
 *
 * No suppressed cell ends in the span of the published ones (a secondary is suppressed because
 * publishing it would put a primary in the span, and later published cells cannot change that),
 * so every margin line holding a suppressed cell holds at least two. With every suppressed cell
 * above the attacker's lower bound the published point is interior to the attacker's polyhedron,
 * so no suppressed cell is pinned by the bounds either; the protection *intervals* are not
 * checked here (secondary.ts's `protectIntervals` does that).
 *
 * @param s - the table structure.
 * @param values - the cell values (counts or totals).
 * @param status - the status of every cell (`STATUS.A`/`B` primary).
 * @param options - costs.
 * @throws never.
 * @example
 * gaussSuppression(structure, values, status, { cost }).secondary // => 3
 */
export function gaussSuppression(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  options: GaussOptions,
): GaussResult {
  const { rowOf, start, members } = innerMembers(s);
  const nRows = rowOf.reduce((m, r) => (r >= 0 ? m + 1 : m), 0);
  const out = Uint8Array.from(status);
  const cost = options.cost;

  const original = (c: number): Vector => {
    const v: Vector = new Map();
    for (let i = start[c] ?? 0; i < (start[c + 1] ?? 0); i++) v.set(members[i] ?? 0, 1);
    return v;
  };

  const primaries: Vector[] = [];
  const candidates: number[] = [];
  const primaryWeight = new Float64Array(nRows);
  for (let c = 0; c < s.size; c++) {
    const st = status[c];
    if (st === STATUS.A || st === STATUS.B) {
      primaries.push(original(c));
      for (let i = start[c] ?? 0; i < (start[c + 1] ?? 0); i++) {
        primaryWeight[members[i] ?? 0] = (primaryWeight[members[i] ?? 0] ?? 0) + 0.5;
      }
    } else if (st === STATUS.V) candidates.push(c);
  }
  const store =
    primaries.length * nRows <= (options.denseLimit ?? DENSE_LIMIT)
      ? denseStore(primaries, nRows)
      : sparseStore(primaries, nRows);
  const size = (c: number): number => (start[c + 1] ?? 0) - (start[c] ?? 0);
  candidates.sort((a, b) => {
    const za = values[a] === 0 ? 0 : 1;
    const zb = values[b] === 0 ? 0 : 1;
    if (za !== zb) return za - zb;
    const ca = cost[a] ?? 0;
    const cb = cost[b] ?? 0;
    if (ca !== cb) return cb - ca;
    return size(b) - size(a) || a - b;
  });

  // How many candidates not yet visited contain each inner row: pivots go where they will be
  // hit least, which keeps the elimination sparse.
  const hits = new Float64Array(nRows);
  for (const c of candidates) {
    for (let i = start[c] ?? 0; i < (start[c + 1] ?? 0); i++) {
      hits[members[i] ?? 0] = (hits[members[i] ?? 0] ?? 0) + 1;
    }
  }

  const basisRows: Int32Array[] = [];
  const basisVals: Float64Array[] = [];
  const basisPivot: number[] = [];
  const pivotOf = new Int32Array(nRows).fill(-1);
  let secondary = 0;
  let dependent = 0;

  for (const c of candidates) {
    for (let i = start[c] ?? 0; i < (start[c + 1] ?? 0); i++) {
      hits[members[i] ?? 0] = (hits[members[i] ?? 0] ?? 0) - 1;
    }
    const r = original(c);
    reduce(r, pivotOf, basisRows, basisVals, basisPivot);
    if (r.size === 0) {
      dependent++;
      continue;
    }
    let pivot = -1;
    let best = Infinity;
    for (const [row, v] of r) {
      const score =
        (hits[row] ?? 0) + (primaryWeight[row] ?? 0) + (v === 1 || v === P - 1 ? 0 : 1e9);
      if (score < best) {
        best = score;
        pivot = row;
      }
    }
    const inv = inverse(r.get(pivot) ?? 1);
    for (const [row, v] of r) r.set(row, mulmod(v, inv));
    // Publishing c puts primary p in the published span iff p (reduced by the basis, so zero on
    // every earlier pivot) is a multiple of r: then p = λ r + (published combination).
    let reveals = false;
    for (const k of store.on(pivot)) {
      const sp = store.at(k, pivot);
      if (store.size(k) !== r.size) continue;
      let proportional = true;
      for (const [row, v] of r) {
        if (store.at(k, row) !== mulmod(v, sp)) {
          proportional = false;
          break;
        }
      }
      if (proportional) {
        reveals = true;
        break;
      }
    }
    if (reveals) {
      out[c] = STATUS.D;
      secondary++;
      continue;
    }
    const rows = Int32Array.from(r.keys());
    const vals = Float64Array.from(r.values());
    const k = basisPivot.length;
    basisRows.push(rows);
    basisVals.push(vals);
    basisPivot.push(pivot);
    pivotOf[pivot] = k;
    for (const q of store.on(pivot)) store.eliminate(q, store.at(q, pivot), rows, vals);
  }
  return { status: out, secondary, dependent, rank: basisPivot.length };
}

/**
 * Reduces `v` by the echelon basis: basis vector k is zero on the pivots of vectors 0…k−1, so
 * eliminating pivots in order of creation (a heap of the pivots present) terminates with `v`
 * zero on every pivot.
 */
function reduce(
  v: Vector,
  pivotOf: Int32Array,
  basisRows: readonly Int32Array[],
  basisVals: readonly Float64Array[],
  basisPivot: readonly number[],
): void {
  const heap: number[] = [];
  for (const row of v.keys()) {
    const k = pivotOf[row] ?? -1;
    if (k >= 0) heapPush(heap, k);
  }
  let last = -1;
  while (heap.length > 0) {
    const k = heapPop(heap);
    if (k === last) continue;
    last = k;
    const pivot = basisPivot[k] ?? 0;
    const vp = v.get(pivot);
    if (vp === undefined) continue;
    const rows = basisRows[k] ?? new Int32Array(0);
    const vals = basisVals[k] ?? new Float64Array(0);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] ?? 0;
      const j = pivotOf[row] ?? -1;
      if (j > k && !v.has(row)) heapPush(heap, j);
    }
    eliminate(v, vp, rows, vals);
  }
}

/** `v ← v − vp b (mod P)`, b's pivot entry being 1: removes the entry at b's pivot. */
function eliminate(v: Vector, vp: number, rows: Int32Array, vals: Float64Array): void {
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] ?? 0;
    const x = ((v.get(row) ?? 0) - mulmod(vp, vals[i] ?? 0) + P) % P;
    if (x === 0) v.delete(row);
    else v.set(row, x);
  }
}

/**
 * The primaries being reduced: dense rows (Int32Array, residues < 2^26) when they fit in
 * {@link DENSE_LIMIT} entries, otherwise sparse maps with an index of the primaries on each row.
 */
interface PrimaryStore {
  /** The primaries non-zero on a row (a copy: eliminating may change it). */
  on(row: number): number[];
  /** Entry of primary k on a row, 0 when absent. */
  at(k: number, row: number): number;
  /** Number of non-zero entries of primary k. */
  size(k: number): number;
  /** `p_k ← p_k − vp b (mod P)` for the basis vector b given by its rows and values. */
  eliminate(k: number, vp: number, rows: Int32Array, vals: Float64Array): void;
}

/** Dense storage up to this many entries (4 bytes each: 128 MB). */
const DENSE_LIMIT = 2 ** 25;

function denseStore(primaries: readonly Vector[], nRows: number): PrimaryStore {
  const dense = primaries.map((p) => {
    const d = new Int32Array(nRows);
    for (const [row, v] of p) d[row] = v;
    return d;
  });
  const nnz = Int32Array.from(primaries, (p) => p.size);
  const empty = new Int32Array(0);
  return {
    on(row) {
      const out: number[] = [];
      for (let k = 0; k < dense.length; k++) if ((dense[k] ?? empty)[row] !== 0) out.push(k);
      return out;
    },
    at: (k, row) => (dense[k] ?? empty)[row] ?? 0,
    size: (k) => nnz[k] ?? 0,
    eliminate(k, vp, rows, vals) {
      const d = dense[k] ?? empty;
      let count = nnz[k] ?? 0;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] ?? 0;
        const old = d[row] ?? 0;
        const x = (old - mulmod(vp, vals[i] ?? 0) + P) % P;
        if (old === 0 && x !== 0) count++;
        else if (old !== 0 && x === 0) count--;
        d[row] = x;
      }
      nnz[k] = count;
    },
  };
}

function sparseStore(primaries: readonly Vector[], nRows: number): PrimaryStore {
  const onRow: (Set<number> | undefined)[] = new Array<Set<number> | undefined>(nRows);
  const index = (row: number): Set<number> => {
    let set = onRow[row];
    if (set === undefined) {
      set = new Set<number>();
      onRow[row] = set;
    }
    return set;
  };
  primaries.forEach((p, k) => {
    for (const row of p.keys()) index(row).add(k);
  });
  const none = new Map<number, number>();
  return {
    on: (row) => [...(onRow[row] ?? [])],
    at: (k, row) => (primaries[k] ?? none).get(row) ?? 0,
    size: (k) => (primaries[k] ?? none).size,
    eliminate(k, vp, rows, vals) {
      const v = primaries[k] ?? none;
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] ?? 0;
        const had = v.has(row);
        const x = ((v.get(row) ?? 0) - mulmod(vp, vals[i] ?? 0) + P) % P;
        if (x === 0) {
          if (had) {
            v.delete(row);
            index(row).delete(k);
          }
        } else {
          v.set(row, x);
          if (!had) index(row).add(k);
        }
      }
    },
  };
}

/** `a × b mod P`, exact in doubles since P < 2^26. */
function mulmod(a: number, b: number): number {
  return (a * b) % P;
}

/** The inverse of `a` modulo the prime P (extended Euclid). */
function inverse(a: number): number {
  let [r0, r1] = [P, a % P];
  let [t0, t1] = [0, 1];
  while (r1 !== 0) {
    const q = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  return ((t0 % P) + P) % P;
}

function heapPush(h: number[], x: number): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if ((h[p] ?? 0) <= x) break;
    h[i] = h[p] ?? 0;
    i = p;
  }
  h[i] = x;
}

function heapPop(h: number[]): number {
  const top = h[0] ?? 0;
  const last = h.pop() ?? 0;
  if (h.length > 0) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const m = r < h.length && (h[r] ?? 0) < (h[l] ?? 0) ? r : l;
      if ((h[m] ?? 0) >= last) break;
      h[i] = h[m] ?? 0;
      i = m;
    }
    h[i] = last;
  }
  return top;
}
