/**
 * The perturbation table of the cell key method for frequency (count) tables: for every original
 * count i, the probabilities p(i → j) of publishing j instead.
 *
 * Each row is the maximum-entropy distribution of the deviation v = j − i on its support
 * S_i = { v : |v| ≤ D, i + v ≥ 0, i + v ∉ {1, …, js} } under the constraints Σ p = 1,
 * E[v] = 0 (unbiased) and E[v²] = V (fixed variance). This is the construction of the
 * Destatis/Eurostat `ptable` R package (T. Enderle, S. Giessing, R. Tent, "Calculation of risk
 * probabilities for the cell key method", PSD 2020, LNCS 12276; S. Giessing, "Computational
 * issues in the design of transition probabilities and disclosure risk estimation for additive
 * noise", PSD 2016, LNCS 9867), without its optional monotonicity constraint: here every row
 * has exactly variance V (`ptable` with `mono = TRUE` lowers the variance of the first rows when
 * monotonicity and V conflict, e.g. 0.932 instead of 1 for i = 1 at D = 2, V = 1).
 *
 * Maximum entropy under moment constraints gives the exponential family
 * p(v) ∝ exp(λ₁ v + λ₂ v²); the multipliers minimise the convex dual
 * log Σ_{v∈S} exp(λ₁ v + λ₂ v²) − λ₂ V, solved by damped Newton steps. For a symmetric support
 * λ₁ = 0 and, at D = 2, V = 1, p(v) ∝ 6^{−v²/4}: p(0) = 1 / (1 + 2·6^{−1/4} + 1/3) ≈ 0.3830,
 * the value the `ptable` vignette prints for `create_cnt_ptable(D = 2, V = 1)`.
 *
 * Original count 0 always stays 0 (as the ABS method: empty cells stay empty, Thompson,
 * Broadfoot and Elazar 2013). Rows i ≥ T (the symmetry threshold, the first count whose support
 * is the full {−D, …, D}) are identical, so the table stores rows 0 … T.
 */
import { DatanonymeError, shownValue } from '../../src/errors.js';

/** One row of the perturbation table: the deviations an original count may receive. */
export interface PerturbationRow {
  /** The original count i this row is for (rows for counts ≥ the symmetry threshold share it). */
  readonly count: number;
  /** The possible deviations v = j − i, ascending. */
  readonly deviations: Int32Array;
  /** p(i → i + v) for each deviation. */
  readonly probabilities: Float64Array;
  /**
   * Cumulative upper bounds: a cell key k ∈ [0, 1) selects the first deviation with
   * k < upper[·]; the last bound is exactly 1.
   */
  readonly upper: Float64Array;
}

/** A perturbation table for counts (the `ptable` of the cell key method). */
export interface PerturbationTable {
  /** D: the largest absolute deviation. */
  readonly maxDeviation: number;
  /** V: the variance of the deviation, the same for every non-zero count. */
  readonly variance: number;
  /** js: positive published values ≤ js never occur (`ptable`'s `js`); 0 blocks nothing. */
  readonly smallCountThreshold: number;
  /** T: counts ≥ T use row T (their support is the full {−D, …, D}). */
  readonly symmetryThreshold: number;
  /** Rows for the counts 0 … T. */
  readonly rows: readonly PerturbationRow[];
}

/** Parameters of {@link perturbationTable}. */
export interface PerturbationTableOptions {
  /** D: the largest absolute deviation, an integer ≥ 1 (at most 100). */
  maxDeviation: number;
  /** V: the variance of the deviation, > 0. */
  variance: number;
  /**
   * js: no perturbed count may land on 1 … js (small positive values are never published; they
   * become 0 or larger), `ptable`'s `js`. Must be < D (else count js + 1 could not move down).
   *
   * @defaultValue 0
   */
  smallCountThreshold?: number;
}

/**
 * The defaults suggested to callers (CLI flags `--max-deviation`, `--variance`): D = 2, V = 1,
 * the example setting of the `ptable` vignette (`create_cnt_ptable(D = 2, V = 1)`).
 */
export const DEFAULT_MAX_DEVIATION = 2;
/** See {@link DEFAULT_MAX_DEVIATION}. */
export const DEFAULT_VARIANCE = 1;

const MAX_D = 100;

function checkParameters(options: PerturbationTableOptions): [number, number, number] {
  const { maxDeviation: d, variance: v } = options;
  const js = options.smallCountThreshold ?? 0;
  if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > MAX_D) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `maxDeviation (D) must be an integer from 1 to ${MAX_D}, got ${shownValue(d)}`,
      { field: 'maxDeviation', value: shownValue(d) },
    );
  }
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `variance (V) must be a finite number > 0, got ${shownValue(v)}`,
      { field: 'variance', value: shownValue(v) },
    );
  }
  // js ≥ D would leave count js + 1 no way down (0 out of reach, 1 … js blocked): no unbiased row.
  if (typeof js !== 'number' || !Number.isInteger(js) || js < 0 || js >= d) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `smallCountThreshold (js) must be an integer from 0 to maxDeviation − 1 (${d - 1}), got ${shownValue(js)}`,
      { field: 'smallCountThreshold', value: shownValue(js) },
    );
  }
  return [d, v, js];
}

/** The deviations allowed for original count i ≥ 1. */
function support(i: number, d: number, js: number): number[] {
  const out: number[] = [];
  for (let v = -d; v <= d; v++) {
    const j = i + v;
    if (j < 0 || (j >= 1 && j <= js)) continue;
    out.push(v);
  }
  return out;
}

/** The moments E[v], E[v²], E[v³], E[v⁴] of p(v) ∝ exp(a v + b v²), and log Z. */
function moments(vs: readonly number[], a: number, b: number, p: Float64Array): number[] {
  let max = -Infinity;
  for (const v of vs) max = Math.max(max, a * v + b * v * v);
  let z = 0;
  for (let k = 0; k < vs.length; k++) {
    const v = vs[k] as number;
    const w = Math.exp(a * v + b * v * v - max);
    p[k] = w;
    z += w;
  }
  const m = [0, 0, 0, 0];
  for (let k = 0; k < vs.length; k++) {
    const v = vs[k] as number;
    const q = (p[k] as number) / z;
    p[k] = q;
    m[0] = (m[0] as number) + q * v;
    m[1] = (m[1] as number) + q * v * v;
    m[2] = (m[2] as number) + q * v * v * v;
    m[3] = (m[3] as number) + q * v * v * v * v;
  }
  return [...m, Math.log(z) + max];
}

/**
 * The maximum-entropy distribution on the integer deviations `vs` with mean 0 and variance `V`
 * (damped Newton on the dual). The caller has checked that V lies strictly inside the range of
 * variances a mean-zero distribution on `vs` can have.
 */
function maxEntropyRow(vs: readonly number[], variance: number, count: number): Float64Array {
  const p = new Float64Array(vs.length);
  const scale = Math.max(1, variance);
  // The gradient of the dual, (E[v], E[v²] − V), scaled so that both parts weigh alike.
  const residual = (x: number, y: number): number => {
    const [m1 = 0, m2 = 0] = moments(vs, x, y, p);
    return Math.hypot(m1, (m2 - variance) / scale);
  };
  let a = 0;
  let b = 0;
  for (let iter = 0; iter < 200; iter++) {
    const [m1 = 0, m2 = 0, m3 = 0, m4 = 0] = moments(vs, a, b, p);
    const g1 = m1;
    const g2 = m2 - variance;
    const r0 = Math.hypot(g1, g2 / scale);
    if (r0 < 1e-14) return p;
    // Newton step: the Hessian of the dual is the covariance matrix of (v, v²), positive
    // definite on a support of three or more points.
    const h11 = m2 - m1 * m1;
    const h12 = m3 - m1 * m2;
    const h22 = m4 - m2 * m2;
    const det = h11 * h22 - h12 * h12;
    if (!(det > 0) || !Number.isFinite(det)) break;
    const s1 = -(h22 * g1 - h12 * g2) / det;
    const s2 = -(-h12 * g1 + h11 * g2) / det;
    // Backtracking on the size of the gradient (the dual's own values stop resolving
    // progress in floating point near the optimum).
    let t = 1;
    while (t > 1e-10 && !(residual(a + t * s1, b + t * s2) < (1 - 1e-4 * t) * r0)) t /= 2;
    if (t <= 1e-10) {
      moments(vs, a, b, p);
      if (r0 < 1e-11) return p; // converged to rounding
      break;
    }
    a += t * s1;
    b += t * s2;
  }
  throw new DatanonymeError(
    'IMPOSSIBLE',
    `the perturbation table row for count ${count} did not converge (variance ${variance} too close to its limit on deviations ${vs.join(', ')})`,
    { field: 'variance', value: String(variance) },
  );
}

/**
 * Builds the perturbation table of the cell key method for counts: for each original count
 * i = 0 … T, the maximum-entropy distribution of the deviation v with |v| ≤ D, E[v] = 0,
 * Var[v] = V, i + v ≥ 0 and i + v ∉ {1 … js}; count 0 stays 0. See the module comment for the
 * references (`ptable`, Giessing 2016; Enderle, Giessing and Tent 2020).
 *
 * A row exists only when V lies strictly between the smallest and the largest variance a
 * mean-zero distribution on its support can have: at most a·b for deviations from −a to b (so
 * V < D for count 1 when js = 0), and at least a′·b′ when the unperturbed value is blocked
 * (a′, b′ the deviations nearest zero on either side).
 *
 * @throws DatanonymeError `BAD_PARAMETER` for D not an integer in [1, 100], V not > 0, or js not
 *   an integer in [0, D − 1]; `IMPOSSIBLE` naming `variance` when V is too large (or, with js, too
 *   small) for some row.
 * @example
 * perturbationTable({ maxDeviation: 2, variance: 1 }).rows[2].probabilities[2] // => 0.3829…
 */
export function perturbationTable(options: PerturbationTableOptions): PerturbationTable {
  const [d, variance, js] = checkParameters(options);
  const threshold = js === 0 ? d : d + js + 1;
  const rows: PerturbationRow[] = [
    {
      count: 0,
      deviations: Int32Array.of(0),
      probabilities: Float64Array.of(1),
      upper: Float64Array.of(1),
    },
  ];
  for (let i = 1; i <= threshold; i++) {
    const vs = support(i, d, js);
    const lo = vs[0] as number;
    const hi = vs[vs.length - 1] as number;
    const maxVar = -lo * hi;
    let minVar = 0;
    if (!vs.includes(0)) {
      const below = Math.max(...vs.filter((v) => v < 0));
      const above = Math.min(...vs.filter((v) => v > 0));
      minVar = -below * above;
    }
    const targets = `published values ${vs.map((v) => i + v).join(', ')}`;
    if (variance >= maxVar) {
      throw new DatanonymeError(
        'IMPOSSIBLE',
        `variance V = ${variance} is too large for maximum deviation D = ${d}${js > 0 ? ` and js = ${js}` : ''}: an unbiased perturbation of count ${i} (${targets}) has variance below ${maxVar}`,
        { field: 'variance', value: String(variance) },
      );
    }
    if (variance <= minVar) {
      throw new DatanonymeError(
        'IMPOSSIBLE',
        `variance V = ${variance} is too small for js = ${js}: an unbiased perturbation of count ${i} (${targets}) has variance above ${minVar}`,
        { field: 'variance', value: String(variance) },
      );
    }
    const probabilities = maxEntropyRow(vs, variance, i);
    const upper = new Float64Array(vs.length);
    let acc = 0;
    for (let k = 0; k < vs.length; k++) {
      acc += probabilities[k] as number;
      upper[k] = Math.min(acc, 1); // rounding must not push a bound past the last (1)
    }
    upper[vs.length - 1] = 1;
    rows.push({ count: i, deviations: Int32Array.from(vs), probabilities, upper });
  }
  return {
    maxDeviation: d,
    variance,
    smallCountThreshold: js,
    symmetryThreshold: threshold,
    rows,
  };
}
