/**
 * Transition matrices of PRAM (post-randomisation): P[i][j] is the probability that a record whose
 * category is i is published with category j. Every row sums to 1.
 *
 * - {@link retentionMatrix}: stay with probability p, else move to another category, uniformly or
 *   in proportion to the other categories' frequencies.
 * - {@link invariantMatrix}: the invariant matrix R = P·Q of Gouweleeuw, Kooiman, Willenborg and
 *   de Wolf (1998, §3; Kooiman, Willenborg and Gouweleeuw, "PRAM: a method for disclosure
 *   limitation of microdata", CBS 1997), where Q is the Bayes inverse of P for the observed
 *   counts v (Q[k][l] = P[l][k] v_l / λ_k, λ = vᵀP): vᵀR = vᵀ, so the expected counts after PRAM
 *   are the observed ones. sdcMicro's `pram()` builds its invariant matrix the same way (Templ,
 *   Kowarik and Meindl, JSS 67(4), 2015).
 * - {@link parseTransitionMatrix}: a matrix from CSV (`from,a,b,…` header, one row per category)
 *   or JSON (`{"a": {"a": 0.9, "b": 0.1}, …}`, absent entries 0).
 *
 * Reference: J. M. Gouweleeuw, P. Kooiman, L. C. R. J. Willenborg and P.-P. de Wolf, "Post
 * randomisation for statistical disclosure control: theory and implementation", Journal of
 * Official Statistics 14(4), 463–478, 1998.
 */
import { DatanonymeError, shownValue } from '../../../src/errors.js';
import { parseCsv } from '../../../src/table/parse.js';

/** A K × K transition matrix over named categories, row-major: p[i·K + j] = P(i → j). */
export interface TransitionMatrix {
  categories: string[];
  p: Float64Array;
}

/** How a record that does not keep its category picks another one. */
export type MoveRule = 'uniform' | 'proportional';

/** Rows must sum to 1 within this. */
const ROW_TOLERANCE = 1e-9;

/**
 * The retention matrix: P[i][i] = p; for j ≠ i, P[i][j] = (1 − p)/(K − 1) (`uniform`) or
 * (1 − p)·v_j / (n − v_i) (`proportional`, v the category counts, n their sum). A single category,
 * or a category holding every record under `proportional`, keeps its records (P[i][i] = 1).
 *
 * @param categories - the K categories.
 * @param retention - p, in [0, 1].
 * @param move - `uniform` or `proportional`. @defaultValue 'uniform'
 * @param counts - v, one count per category (needed by `proportional`).
 * @throws DatanonymeError `BAD_PARAMETER` for p outside [0, 1], an unknown rule, or counts of the
 *   wrong length.
 * @example
 * retentionMatrix(['a', 'b', 'c'], 0.8).p // => [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]
 */
export function retentionMatrix(
  categories: readonly string[],
  retention: number,
  move: MoveRule = 'uniform',
  counts?: ArrayLike<number>,
): TransitionMatrix {
  checkRetention(retention);
  if (!(['uniform', 'proportional'] as unknown[]).includes(move)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `move must be "uniform" or "proportional", got ${shownValue(move)}`,
      { field: 'move', value: shownValue(move) },
    );
  }
  const k = categories.length;
  if (move === 'proportional' && (counts === undefined || counts.length !== k)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the proportional rule needs one count per category (${k})`,
      { field: 'counts' },
    );
  }
  const p = new Float64Array(k * k);
  let n = 0;
  if (counts !== undefined) for (let i = 0; i < counts.length; i++) n += counts[i] as number;
  for (let i = 0; i < k; i++) {
    if (k === 1) {
      p[0] = 1;
      break;
    }
    if (move === 'uniform') {
      const off = (1 - retention) / (k - 1);
      for (let j = 0; j < k; j++) p[i * k + j] = j === i ? retention : off;
      continue;
    }
    const others = n - ((counts as ArrayLike<number>)[i] as number);
    if (others <= 0) {
      p[i * k + i] = 1;
      continue;
    }
    for (let j = 0; j < k; j++) {
      p[i * k + j] =
        j === i
          ? retention
          : ((1 - retention) * ((counts as ArrayLike<number>)[j] as number)) / others;
    }
  }
  return { categories: [...categories], p };
}

/**
 * The invariant matrix R = P·Q for the counts v (module comment): λ = vᵀP, Q[k][l] = P[l][k]·v_l/λ_k
 * (Q[k][k] = 1 when λ_k = 0: no record reaches k). Then vᵀR = vᵀ exactly in exact arithmetic.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when v has the wrong length or a negative entry.
 * @example
 * invariantMatrix(retentionMatrix(['a', 'b'], 0.8), [3, 1]) // vᵀR = [3, 1]
 */
export function invariantMatrix(
  matrix: TransitionMatrix,
  counts: ArrayLike<number>,
): TransitionMatrix {
  const k = matrix.categories.length;
  const P = matrix.p;
  if (counts.length !== k) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `invariant PRAM needs one count per category (${k})`,
      {
        field: 'counts',
      },
    );
  }
  for (let i = 0; i < k; i++) {
    if (!((counts[i] as number) >= 0)) {
      throw new DatanonymeError('BAD_PARAMETER', `counts must be ≥ 0, got ${String(counts[i])}`, {
        field: 'counts',
        value: String(counts[i]),
      });
    }
  }
  const lambda = expectedCounts(counts, matrix);
  const Q = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const l = lambda[a] as number;
    if (l <= 0) {
      Q[a * k + a] = 1;
      continue;
    }
    for (let b = 0; b < k; b++)
      Q[a * k + b] = ((P[b * k + a] as number) * (counts[b] as number)) / l;
  }
  const R = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let a = 0; a < k; a++) {
      const pia = P[i * k + a] as number;
      if (pia === 0) continue;
      for (let j = 0; j < k; j++)
        R[i * k + j] = (R[i * k + j] as number) + pia * (Q[a * k + j] as number);
    }
    // Rows of P and Q sum to 1, so rows of R do up to rounding: renormalise.
    let s = 0;
    for (let j = 0; j < k; j++) s += R[i * k + j] as number;
    if (s > 0) for (let j = 0; j < k; j++) R[i * k + j] = (R[i * k + j] as number) / s;
  }
  return { categories: [...matrix.categories], p: R };
}

/**
 * The invariant matrix of a retention matrix, R = P·Q as in {@link invariantMatrix}, in O(K²)
 * instead of O(K³). Both retention rules have the form P[i][j] = a_i·b_j + d_i·δ_ij (uniform:
 * a_i = q = (1 − p)/(K − 1), b_j = 1, d_i = p − q; proportional: a_i = (1 − p)/(n − v_i),
 * b_j = v_j, d_i = p − a_i·v_i). Then λ_a = b_a·A + d_a·v_a with A = Σ_i v_i·a_i, and
 *
 *   R[i][j] = v_j · (a_i·a_j·S + a_i·d_j·b_j/λ_j + d_i·a_j·b_i/λ_i + δ_ij·d_i²/λ_i),
 *   S = Σ_a b_a²/λ_a,
 *
 * which is Σ_a P[i][a]·P[j][a]·v_j/λ_a expanded. Every count must be positive (the categories of
 * a stratum are those it holds), so every λ_a > 0 when K ≥ 2. Rows are renormalised as in
 * {@link invariantMatrix}; the two agree to rounding (tested). Reference: Gouweleeuw et al. 1998, §3.
 *
 * @throws DatanonymeError `BAD_PARAMETER` as {@link retentionMatrix}, or for a count that is not > 0.
 * @example
 * invariantRetentionMatrix(['a', 'b'], 0.8, 'uniform', [3, 1]).p
 * // => ≈ invariantMatrix(retentionMatrix(['a', 'b'], 0.8), [3, 1]).p
 */
export function invariantRetentionMatrix(
  categories: readonly string[],
  retention: number,
  move: MoveRule,
  counts: ArrayLike<number>,
): TransitionMatrix {
  checkRetention(retention);
  const k = categories.length;
  if (counts.length !== k) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `invariant PRAM needs one count per category (${k})`,
      { field: 'counts' },
    );
  }
  let n = 0;
  for (let i = 0; i < k; i++) {
    const v = counts[i] as number;
    if (!(v > 0)) {
      throw new DatanonymeError('BAD_PARAMETER', `counts must be > 0, got ${String(v)}`, {
        field: 'counts',
        value: String(v),
      });
    }
    n += v;
  }
  if (k <= 1) return retentionMatrix(categories, retention, move, counts);
  const a = new Float64Array(k);
  const b = new Float64Array(k);
  const d = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const v = counts[i] as number;
    if (move === 'uniform') {
      a[i] = (1 - retention) / (k - 1);
      b[i] = 1;
    } else {
      a[i] = (1 - retention) / (n - v);
      b[i] = v;
    }
    d[i] = retention - (a[i] as number) * (b[i] as number);
  }
  let A = 0;
  for (let i = 0; i < k; i++) A += (counts[i] as number) * (a[i] as number);
  const lambda = new Float64Array(k);
  let S = 0;
  for (let j = 0; j < k; j++) {
    lambda[j] = (b[j] as number) * A + (d[j] as number) * (counts[j] as number);
    S += ((b[j] as number) * (b[j] as number)) / (lambda[j] as number);
  }
  // t_j = d_j·b_j/λ_j, the term shared by row i (as i) and column j (as j).
  const t = new Float64Array(k);
  for (let j = 0; j < k; j++) t[j] = ((d[j] as number) * (b[j] as number)) / (lambda[j] as number);
  const R = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const ai = a[i] as number;
    const ti = t[i] as number;
    let s = 0;
    for (let j = 0; j < k; j++) {
      const aj = a[j] as number;
      let x = ai * aj * S + ai * (t[j] as number) + ti * aj;
      if (j === i) x += ((d[i] as number) * (d[i] as number)) / (lambda[i] as number);
      x *= counts[j] as number;
      if (x < 0) x = 0; // rounding only: R is a product of non-negative matrices
      R[i * k + j] = x;
      s += x;
    }
    for (let j = 0; j < k; j++) R[i * k + j] = (R[i * k + j] as number) / s;
  }
  return { categories: [...categories], p: R };
}

/**
 * The expected counts after PRAM: vᵀP (λ_j = Σ_i v_i P[i][j]).
 *
 * @example
 * expectedCounts([3, 1], retentionMatrix(['a', 'b'], 0.8)) // => Float64Array [2.6, 1.4]
 */
export function expectedCounts(counts: ArrayLike<number>, matrix: TransitionMatrix): Float64Array {
  const k = matrix.categories.length;
  const out = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    const v = counts[i] as number;
    if (v === 0) continue;
    for (let j = 0; j < k; j++) out[j] = (out[j] as number) + v * (matrix.p[i * k + j] as number);
  }
  return out;
}

/**
 * Checks a matrix: distinct categories, K² entries in [0, 1], every row summing to 1 (± 1e-9).
 *
 * @throws DatanonymeError `BAD_CONFIG` naming the category (row) and the value at fault.
 * @example
 * checkTransitionMatrix(retentionMatrix(['a', 'b'], 0.9)); // passes
 */
export function checkTransitionMatrix(matrix: TransitionMatrix, file?: string): void {
  const k = matrix.categories.length;
  const where = file === undefined ? '' : `${file}: `;
  const loc = file === undefined ? {} : { file };
  if (k === 0) {
    throw new DatanonymeError('BAD_CONFIG', `${where}the transition matrix has no category`, loc);
  }
  if (new Set(matrix.categories).size !== k) {
    const dup = matrix.categories.find((c, i) => matrix.categories.indexOf(c) !== i) as string;
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${where}category "${dup}" appears twice in the transition matrix`,
      { ...loc, value: dup },
    );
  }
  if (matrix.p.length !== k * k) {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${where}the transition matrix must be ${k} × ${k}`,
      loc,
    );
  }
  for (let i = 0; i < k; i++) {
    let s = 0;
    for (let j = 0; j < k; j++) {
      const x = matrix.p[i * k + j] as number;
      if (!(x >= 0 && x <= 1)) {
        throw new DatanonymeError(
          'BAD_CONFIG',
          `${where}P(${matrix.categories[i]} → ${matrix.categories[j]}) must be a probability in [0, 1], got ${String(x)}`,
          { ...loc, value: String(x), field: `${matrix.categories[i]}.${matrix.categories[j]}` },
        );
      }
      s += x;
    }
    if (Math.abs(s - 1) > ROW_TOLERANCE) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `${where}the row of category "${matrix.categories[i]}" sums to ${String(s)}, not 1 (within 1e-9)`,
        { ...loc, value: String(s), field: matrix.categories[i] as string },
      );
    }
  }
}

/**
 * Reads a transition matrix from text. CSV: a header whose first cell names nothing (or `from`)
 * followed by the K categories, then one line per category: its name, then its K probabilities
 * (rows in any order; every category needs its row). JSON: an object of rows,
 * `{"a": {"a": 0.9, "b": 0.1}, "b": {"b": 1}}`; categories are the row names, then any other target
 * named in a row; absent entries are 0. The result is checked ({@link checkTransitionMatrix}).
 *
 * @throws DatanonymeError `BAD_CONFIG` for text that is not such a matrix (naming the file, and the
 *   line for CSV).
 * @example
 * parseTransitionMatrix(',a,b\na,0.9,0.1\nb,0.2,0.8\n', 'csv').categories // => ['a', 'b']
 */
export function parseTransitionMatrix(
  text: string,
  format: 'csv' | 'json',
  file?: string,
): TransitionMatrix {
  const where = file === undefined ? '' : `${file}: `;
  const loc = file === undefined ? {} : { file };
  const matrix = format === 'json' ? fromJson(text, where, loc) : fromCsv(text, where, file);
  checkTransitionMatrix(matrix, file);
  return matrix;
}

function fromJson(text: string, where: string, loc: { file?: string }): TransitionMatrix {
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${where}not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      loc,
    );
  }
  const isObject = (x: unknown): x is Record<string, unknown> =>
    typeof x === 'object' && x !== null && !Array.isArray(x);
  if (!isObject(json)) {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${where}a JSON transition matrix is an object of rows: {"a": {"a": 0.9, "b": 0.1}, …}`,
      loc,
    );
  }
  const categories = Object.keys(json);
  for (const row of Object.values(json)) {
    if (!isObject(row)) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `${where}every row of a JSON transition matrix is an object of probabilities`,
        loc,
      );
    }
    for (const target of Object.keys(row))
      if (!categories.includes(target)) categories.push(target);
  }
  const k = categories.length;
  const p = new Float64Array(k * k);
  for (const [i, name] of categories.entries()) {
    const row = json[name] as Record<string, unknown> | undefined;
    if (row === undefined) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `${where}category "${name}" is a target but has no row of its own`,
        { ...loc, value: name },
      );
    }
    for (const [target, x] of Object.entries(row)) {
      if (typeof x !== 'number') {
        throw new DatanonymeError(
          'BAD_CONFIG',
          `${where}P(${name} → ${target}) must be a number, got ${shownValue(x)}`,
          { ...loc, value: shownValue(x), field: `${name}.${target}` },
        );
      }
      p[i * k + categories.indexOf(target)] = x;
    }
  }
  return { categories, p };
}

function fromCsv(text: string, where: string, file: string | undefined): TransitionMatrix {
  // The corner cell may be empty: name it, as the CSV reader wants a name for every column.
  const body = text.replace(/^\uFEFF/, '');
  const parsed = parseCsv(/^[,;\t|]/.test(body) ? `from${body}` : body, {
    typed: false,
    keepMissingText: true,
    missing: [],
    ...(file === undefined ? {} : { file }),
  });
  const names = parsed.table.columnNames();
  const categories = names.slice(1);
  const k = categories.length;
  const loc = file === undefined ? {} : { file };
  if (parsed.rows !== k) {
    throw new DatanonymeError(
      'BAD_CONFIG',
      `${where}the header names ${k} categories but there are ${parsed.rows} rows: one row per category`,
      loc,
    );
  }
  const p = new Float64Array(k * k);
  const seen = new Set<string>();
  const first = parsed.table.array(names[0] as string) as ArrayLike<unknown>;
  for (let r = 0; r < k; r++) {
    const from = String(first[r]);
    const i = categories.indexOf(from);
    const line = parsed.lineOf(r);
    if (i < 0 || seen.has(from)) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `${where}line ${line}: "${from}" is ${i < 0 ? 'not a category of the header' : 'a second row of the same category'}`,
        { ...loc, line, value: from },
      );
    }
    seen.add(from);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const cell = String(
        (parsed.table.array(categories[j] as string) as ArrayLike<unknown>)[r],
      ).trim();
      const x = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cell) ? Number(cell) : Number.NaN;
      if (!(x >= 0 && x <= 1)) {
        throw new DatanonymeError(
          'BAD_CONFIG',
          `${where}line ${line}, column "${categories[j]}": a probability in [0, 1] is expected, got "${cell}"`,
          { ...loc, line, column: categories[j] as string, value: cell },
        );
      }
      p[i * k + j] = x;
      sum += x;
    }
    if (Math.abs(sum - 1) > ROW_TOLERANCE) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `${where}line ${line}: the row of category "${from}" sums to ${String(sum)}, not 1 (within 1e-9)`,
        { ...loc, line, value: String(sum), field: from },
      );
    }
  }
  return { categories, p };
}

/** Checks a retention probability p ∈ [0, 1]. */
export function checkRetention(retention: unknown): asserts retention is number {
  if (typeof retention !== 'number' || !(retention >= 0 && retention <= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `retention must be a probability in [0, 1], got ${shownValue(retention)}`,
      { field: 'retention', value: shownValue(retention) },
    );
  }
}
