/**
 * The Gaussian copula generator (not DP): each column's empirical marginal over the discrete view
 * ({@link synthSchema}) and one correlation matrix of normal scores tie the columns together.
 *
 * Fit. Every column is an ordered set of codes (categories by decreasing frequency, bins in
 * increasing order, the missing code last) with cumulative frequencies 0 = F₀ < F₁ < … < F_K = 1.
 * A cell with code c has the normal score E[Z | Φ⁻¹(F_c) < Z ≤ Φ⁻¹(F_{c+1})] =
 * (φ(a) − φ(b)) / (F_{c+1} − F_c), the mean of a standard normal over the code's slice (the
 * "extended rank" treatment of discrete margins, Hoff 2007, and the categorical transform of
 * SDV's GaussianCopula, Patki, Wedge, Veeramachaneni 2016). R is the Pearson correlation matrix
 * of the scores; a column whose scores do not vary (constant or empty, case B18) gets a row and
 * a column of the identity. R + λI, rescaled to a unit diagonal, is factorised by Cholesky with
 * the smallest λ in 0, 10⁻¹⁰, 10⁻⁹, … 10⁻¹ that makes it positive definite (singular R: duplicated
 * or collinear columns); the λ used is in the details.
 *
 * Sample. z = L g with g standard normal (inverse-CDF draws from the seeded source); each column's
 * code is the c with F_c ≤ Φ(z_j) < F_{c+1}; codes become values as {@link decode} says (numeric
 * values uniform inside their bin, dates as the input's, missing as null).
 *
 * References: Nelsen, "An Introduction to Copulas", Springer 2006; Patki et al., "The Synthetic
 * Data Vault", IEEE DSAA 2016; Hoff, "Extending the rank likelihood for semiparametric copula
 * estimation", Ann. Appl. Stat. 1(1), 2007; Wichura, "Algorithm AS 241", Appl. Stat. 37, 1988
 * (Φ⁻¹); Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23, 1969.
 */
import { DatanonymeError } from '../../src/errors.js';
import { seededRandom, type RandomSource } from '../../src/random/source.js';
import type { Dataset, Method } from '../../src/types.js';
import {
  codeCount,
  decode,
  discretise,
  identifierColumns,
  synthesisMethod,
  otherWarnings,
  synthSchema,
  type SampleOptions,
  unitInterval,
  type SynthColumn,
} from './schema.js';
import type { Generator, SynthesisModel } from './types.js';

/** Options of {@link gaussianCopula}. */
export interface CopulaOptions {
  /** Categories kept per column, the rest as `(other)`. @defaultValue 50 */
  maxCategories?: number;
  /** Bins of numeric and date columns. @defaultValue 20 */
  bins?: number;
  /** Public or chosen bounds of numeric columns. @defaultValue the data's min and max */
  bounds?: Record<string, readonly [number, number]>;
}

const SQRT2 = Math.SQRT2;
const INV_SQRT_2PI = 0.3989422804014327;

/** The standard normal density φ(z) (0 at ±∞). */
function normalDensity(z: number): number {
  return Number.isFinite(z) ? INV_SQRT_2PI * Math.exp(-0.5 * z * z) : 0;
}

/**
 * erfc(x) for x ≥ 0 by W. J. Cody's rational approximations (1969), as in the NETLIB CALERF
 * routine; relative error below 1e-15.
 */
function erfcPositive(x: number): number {
  if (x < 0.5) {
    const A = [
      3.1611237438705655, 113.86415415105016, 377.485237685302, 3209.3775891384694,
      0.18577770618460315,
    ];
    const B = [23.601290952344122, 244.02463793444417, 1282.6165260773723, 2844.236833439171];
    const y = x * x;
    let num = (A[4] as number) * y;
    let den = y;
    for (let i = 0; i < 3; i++) {
      num = (num + (A[i] as number)) * y;
      den = (den + (B[i] as number)) * y;
    }
    return 1 - (x * (num + (A[3] as number))) / (den + (B[3] as number));
  }
  if (x <= 4) {
    const C = [
      0.5641884969886701, 8.883149794388377, 66.11919063714163, 298.6351381974001, 881.952221241769,
      1712.0476126340707, 2051.0783778260716, 1230.3393547979972, 2.1531153547440383e-8,
    ];
    const D = [
      15.744926110709835, 117.6939508913125, 537.1811018620099, 1621.3895745666903,
      3290.7992357334597, 4362.619090143247, 3439.3676741437216, 1230.3393548037495,
    ];
    let num = (C[8] as number) * x;
    let den = x;
    for (let i = 0; i < 7; i++) {
      num = (num + (C[i] as number)) * x;
      den = (den + (D[i] as number)) * x;
    }
    const r = (num + (C[7] as number)) / (den + (D[7] as number));
    const ysq = Math.trunc(x * 16) / 16;
    const del = (x - ysq) * (x + ysq);
    return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
  }
  if (x >= 26.6) return 0;
  const P = [
    0.30532663496123236, 0.36034489994980445, 0.12578172611122926, 0.016083785148742275,
    0.0006587491615298378, 0.016315387137302097,
  ];
  const Q = [
    2.568520192289822, 1.8729528499234604, 0.5279051029514285, 0.06051834131244132,
    0.0023352049762686918,
  ];
  const y = 1 / (x * x);
  let num = (P[5] as number) * y;
  let den = y;
  for (let i = 0; i < 4; i++) {
    num = (num + (P[i] as number)) * y;
    den = (den + (Q[i] as number)) * y;
  }
  let r = (y * (num + (P[4] as number))) / (den + (Q[4] as number));
  r = (0.5641895835477563 - r) / x;
  const ysq = Math.trunc(x * 16) / 16;
  const del = (x - ysq) * (x + ysq);
  return Math.exp(-ysq * ysq) * Math.exp(-del) * r;
}

/**
 * The standard normal distribution function Φ(z) = ½ erfc(−z/√2).
 *
 * @example normalCdf(0) // => 0.5
 */
export function normalCdf(z: number): number {
  if (z === Infinity) return 1;
  if (z === -Infinity) return 0;
  const x = z / SQRT2;
  return x >= 0 ? 1 - 0.5 * erfcPositive(x) : 0.5 * erfcPositive(-x);
}

/**
 * The standard normal quantile Φ⁻¹(p) by Wichura's AS 241 (PPND16, relative error about 1e-16);
 * −∞ at 0 and +∞ at 1.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when p is not in [0, 1].
 * @example normalQuantile(0.975) // => 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) {
    throw new DatanonymeError('BAD_PARAMETER', `a probability must be in [0, 1], got ${p}`, {
      field: 'p',
      value: String(p),
    });
  }
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r +
          45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852546 + 28729.085735721943) * r + 39307.89580009271) * r +
        21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = q < 0 ? p : 1 - p;
  r = Math.sqrt(-Math.log(r));
  let x: number;
  if (r <= 5) {
    r -= 1.6;
    x =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    x =
      (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -x : x;
}

/** A standard normal draw: Φ⁻¹ of a uniform in (0, 1) with 53 random bits. */
function standardNormal(rng: RandomSource): number {
  return normalQuantile(unitInterval(rng) + 2 ** -54);
}

/**
 * The lower Cholesky factor of a symmetric matrix (row-major n×n), or null when it is not
 * positive definite (a pivot ≤ 1e-12).
 */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i * n + k] as number) * (l[j * n + k] as number);
      if (i === j) {
        if (!(sum > 1e-12)) return null;
        l[i * n + i] = Math.sqrt(sum);
      } else {
        l[i * n + j] = sum / (l[j * n + j] as number);
      }
    }
  }
  return l;
}

/** Cumulative frequencies F₀ = 0 … F_K = 1 of a column's codes. */
function cumulativeOf(codes: Int32Array, k: number): Float64Array {
  const counts = new Float64Array(k);
  for (const c of codes) counts[c] = (counts[c] as number) + 1;
  const f = new Float64Array(k + 1);
  const n = codes.length;
  for (let c = 0; c < k; c++) f[c + 1] = (f[c] as number) + (counts[c] as number) / n;
  f[k] = 1;
  return f;
}

/**
 * Fits a Gaussian copula on the discrete view (see the module comment); identifier columns are
 * dropped. Deterministic: the fit draws nothing.
 *
 * @param data - the table and its column specs.
 * @param options - see {@link CopulaOptions}.
 * @returns a model whose `sample(n, seed)` draws n rows; `details` holds the correlation matrix,
 *   the ridge λ, the dropped identifiers and warnings.
 * @throws DatanonymeError `BAD_PARAMETER` for bad schema options; `IMPOSSIBLE` for a table with no
 *   rows or only identifier columns.
 * @example
 * gaussianCopula(data).sample(20, 42).table.numRows() // => 20
 */
export function gaussianCopula(data: Dataset, options: CopulaOptions = {}): SynthesisModel {
  const n = data.table.numRows();
  if (n === 0) {
    throw new DatanonymeError('IMPOSSIBLE', 'the copula needs at least one row to fit', {
      field: 'data',
    });
  }
  const schema = synthSchema(data, {
    ...(options.maxCategories === undefined ? {} : { maxCategories: options.maxCategories }),
    ...(options.bins === undefined ? {} : { bins: options.bins }),
    ...(options.bounds === undefined ? {} : { bounds: options.bounds }),
  });
  const dropped = identifierColumns(data);
  if (schema.length === 0) {
    throw new DatanonymeError(
      'IMPOSSIBLE',
      'nothing to synthesise: every column is an identifier',
      {
        field: 'columns',
      },
    );
  }
  const warnings = dropped.map(
    (c) => `identifier column "${c}" dropped: identifiers are never modelled nor copied`,
  );
  warnings.push(...otherWarnings(schema, false));
  const codes = discretise(data, schema);
  const m = schema.length;
  const cumulative = schema.map((col, j) => cumulativeOf(codes[j] as Int32Array, codeCount(col)));

  // Normal scores of every code, then standardised scores per row.
  const scores: Float64Array[] = [];
  const varies: boolean[] = [];
  for (let j = 0; j < m; j++) {
    const f = cumulative[j] as Float64Array;
    const k = f.length - 1;
    const codeScore = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      const p = (f[c + 1] as number) - (f[c] as number);
      if (p <= 0) continue;
      const a = normalQuantile(Math.min(1, Math.max(0, f[c] as number)));
      const b = normalQuantile(Math.min(1, Math.max(0, f[c + 1] as number)));
      codeScore[c] = (normalDensity(a) - normalDensity(b)) / p;
    }
    const col = codes[j] as Int32Array;
    const s = new Float64Array(n);
    let mean = 0;
    for (let i = 0; i < n; i++) {
      s[i] = codeScore[col[i] as number] as number;
      mean += s[i] as number;
    }
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      s[i] = (s[i] as number) - mean;
      ss += (s[i] as number) * (s[i] as number);
    }
    const sd = Math.sqrt(ss / n);
    const ok = sd > 1e-12;
    varies.push(ok);
    if (ok) for (let i = 0; i < n; i++) s[i] = (s[i] as number) / sd;
    scores.push(s);
  }
  const r = new Float64Array(m * m);
  for (let a = 0; a < m; a++) {
    r[a * m + a] = 1;
    for (let b = 0; b < a; b++) {
      let v = 0;
      if (varies[a] === true && varies[b] === true) {
        const sa = scores[a] as Float64Array;
        const sb = scores[b] as Float64Array;
        for (let i = 0; i < n; i++) v += (sa[i] as number) * (sb[i] as number);
        v /= n;
        v = Math.max(-1, Math.min(1, v));
      }
      r[a * m + b] = v;
      r[b * m + a] = v;
    }
  }
  let ridge = 0;
  let factor: Float64Array | null = null;
  for (const lambda of [0, 1e-10, 1e-9, 1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1]) {
    const shifted = new Float64Array(m * m);
    for (let i = 0; i < m * m; i++) shifted[i] = (r[i] as number) / (1 + lambda);
    for (let i = 0; i < m; i++) shifted[i * m + i] = 1;
    factor = cholesky(shifted, m);
    if (factor !== null) {
      ridge = lambda;
      break;
    }
  }
  const l = factor ?? identity(m);
  if (factor === null) {
    ridge = 1;
    warnings.push('the correlation matrix could not be factorised: columns drawn independently');
  } else if (ridge > 0) {
    warnings.push(`the correlation matrix is singular: a ridge λ = ${ridge} was added`);
  }
  const constant = schema.filter((_, j) => varies[j] !== true).map((c) => c.name);

  const correlation: number[][] = [];
  for (let a = 0; a < m; a++) {
    const row: number[] = [];
    for (let b = 0; b < m; b++) row.push(Math.round((r[a * m + b] as number) * 1e6) / 1e6);
    correlation.push(row);
  }

  return {
    method: 'copula',
    dp: false,
    details: {
      method: 'copula',
      dp: false,
      columns: schema.map((c: SynthColumn) => ({
        name: c.name,
        kind: c.kind,
        categories: c.values.length,
        missingRate: c.missingRate,
      })),
      correlation,
      ridge,
      notCorrelated: constant,
      droppedIdentifiers: dropped,
      numeric: 'uniform inside the bin',
      warnings,
    },
    sample(rows: number, seed: string | number): Dataset {
      if (!Number.isInteger(rows) || rows < 0) {
        throw new DatanonymeError('BAD_PARAMETER', `rows must be an integer ≥ 0, got ${rows}`, {
          field: 'rows',
          value: String(rows),
        });
      }
      const rng = seededRandom(seed);
      const drawn = schema.map(() => new Int32Array(rows));
      const g = new Float64Array(m);
      for (let i = 0; i < rows; i++) {
        for (let a = 0; a < m; a++) g[a] = standardNormal(rng);
        for (let a = 0; a < m; a++) {
          let z = 0;
          for (let b = 0; b <= a; b++) z += (l[a * m + b] as number) * (g[b] as number);
          (drawn[a] as Int32Array)[i] = codeOf(cumulative[a] as Float64Array, normalCdf(z));
        }
      }
      return decode(drawn, schema, rng);
    },
  };
}

function identity(m: number): Float64Array {
  const l = new Float64Array(m * m);
  for (let i = 0; i < m; i++) l[i * m + i] = 1;
  return l;
}

/** The code c with F_c ≤ u < F_{c+1}, skipping empty codes. */
function codeOf(f: Float64Array, u: number): number {
  const k = f.length - 1;
  let lo = 0;
  let hi = k - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((f[mid + 1] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  // Never a code of frequency 0 (u on a boundary of rounding): step to the next non-empty one.
  while (lo > 0 && (f[lo + 1] as number) - (f[lo] as number) <= 0) lo--;
  while (lo < k - 1 && (f[lo + 1] as number) - (f[lo] as number) <= 0) lo++;
  return lo;
}

/**
 * The Gaussian copula generator, as the CLI and the benchmark see it.
 *
 * @example copula.fit(data, {}).method // => 'copula'
 */
export const copula: Generator<CopulaOptions> = {
  name: 'copula',
  dp: false,
  fit: gaussianCopula,
};

/**
 * {@link gaussianCopula} as a {@link Method} for the benchmark loop: fit, then `rows` rows (default: as
 * many as the input) drawn with `seed` (default: a fresh one, in the parameters).
 *
 * @example
 * const release = await copulaMethod.run(data, { rows: 100, seed: 1 });
 */
export const copulaMethod: Method<CopulaOptions & SampleOptions> = synthesisMethod(
  'copula',
  gaussianCopula,
);
