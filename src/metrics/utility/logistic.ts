/**
 * Binary logistic regression fitted by iteratively reweighted least squares (Newton–Raphson on the
 * log-likelihood), on a sparse design matrix whose column 0 is the intercept. A small ridge
 * penalty λ‖β‖² (not on the intercept, λ = 1e-6 · n by default) keeps the Newton system solvable
 * when the classes are separable or a column is empty.
 *
 * Reference: P. McCullagh and J. Nelder, "Generalized linear models", 2nd ed., Chapman & Hall
 * 1989, §2.5 (IRLS); the pMSE's logistic model is the main-effects model of Snoke et al. 2018.
 */
import type { SparseRows } from './features.js';

/** Options of {@link fitLogistic}. */
export interface LogisticOptions {
  /** Ridge penalty per row (λ = ridge · n). @defaultValue 1e-6 */
  ridge?: number;
  /** Newton iterations at most. @defaultValue 30 */
  maxIterations?: number;
}

/** Solves A x = b for a symmetric positive-definite A (p × p, row-major) by Cholesky; in place. */
function choleskySolve(a: Float64Array, b: Float64Array, p: number): Float64Array {
  for (let j = 0; j < p; j++) {
    let d = a[j * p + j] as number;
    for (let k = 0; k < j; k++) d -= (a[j * p + k] as number) ** 2;
    d = Math.sqrt(Math.max(d, 1e-300));
    a[j * p + j] = d;
    for (let i = j + 1; i < p; i++) {
      let s = a[i * p + j] as number;
      for (let k = 0; k < j; k++) s -= (a[i * p + k] as number) * (a[j * p + k] as number);
      a[i * p + j] = s / d;
    }
  }
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = b[i] as number;
    for (let k = 0; k < i; k++) s -= (a[i * p + k] as number) * (y[k] as number);
    y[i] = s / (a[i * p + i] as number);
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = y[i] as number;
    for (let k = i + 1; k < p; k++) s -= (a[k * p + i] as number) * (x[k] as number);
    x[i] = s / (a[i * p + i] as number);
  }
  return x;
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/**
 * Fits P(y = 1 | x) = σ(xᵀβ) by IRLS and returns the coefficients and the fitted probabilities of
 * the rows.
 *
 * @param x - the design matrix, column 0 the intercept.
 * @param y - 0 or 1 per row.
 * @throws never.
 * @example
 * fitLogistic(design, Uint8Array.of(0, 1, 1)).fitted // => probabilities per row
 */
export function fitLogistic(
  x: SparseRows,
  y: ArrayLike<number>,
  options: LogisticOptions = {},
): { coefficients: Float64Array; fitted: Float64Array; iterations: number } {
  const n = x.rows;
  const p = x.columns;
  const lambda = (options.ridge ?? 1e-6) * Math.max(n, 1);
  const maxIterations = options.maxIterations ?? 30;
  const beta = new Float64Array(p);
  let mean = 0;
  for (let k = 0; k < n; k++) mean += y[k] as number;
  mean = n > 0 ? mean / n : 0.5;
  beta[0] = Math.log(Math.max(mean, 1e-9) / Math.max(1 - mean, 1e-9));
  const fitted = new Float64Array(n);
  const { start, index, value } = x;
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const h = new Float64Array(p * p);
    const g = new Float64Array(p);
    for (let k = 0; k < n; k++) {
      const s = start[k] as number;
      const e = start[k + 1] as number;
      let z = 0;
      for (let t = s; t < e; t++) z += (beta[index[t] as number] as number) * (value[t] as number);
      const mu = sigmoid(z);
      fitted[k] = mu;
      const w = Math.max(mu * (1 - mu), 1e-12);
      const r = (y[k] as number) - mu;
      for (let t = s; t < e; t++) {
        const i = index[t] as number;
        const vi = value[t] as number;
        g[i] = (g[i] as number) + vi * r;
        const wi = w * vi;
        for (let u = s; u < e; u++) {
          const j = index[u] as number;
          if (j > i) continue;
          h[i * p + j] = (h[i * p + j] as number) + wi * (value[u] as number);
        }
      }
    }
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < i; j++) h[j * p + i] = h[i * p + j] as number;
      if (i > 0) {
        h[i * p + i] = (h[i * p + i] as number) + 2 * lambda;
        g[i] = (g[i] as number) - 2 * lambda * (beta[i] as number);
      } else h[0] = (h[0] as number) + 1e-12;
    }
    const step = choleskySolve(h, g, p);
    let largest = 0;
    for (let i = 0; i < p; i++) {
      beta[i] = (beta[i] as number) + (step[i] as number);
      largest = Math.max(largest, Math.abs(step[i] as number));
    }
    if (largest < 1e-9) {
      iterations++;
      break;
    }
  }
  for (let k = 0; k < n; k++) {
    let z = 0;
    for (let t = start[k] as number; t < (start[k + 1] as number); t++) {
      z += (beta[index[t] as number] as number) * (value[t] as number);
    }
    fitted[k] = sigmoid(z);
  }
  return { coefficients: beta, fitted, iterations };
}
