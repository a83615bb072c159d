/**
 * Special functions the population-uniqueness models need: the digamma function, the logarithm
 * of the gamma function, log binomial coefficients and the standard normal quantile. Internal;
 * not re-exported.
 *
 * References: J. M. Bernardo, "Algorithm AS 103: psi (digamma) function", Applied Statistics 25,
 * 1976 (recurrence and asymptotic series); C. Lanczos, "A precision approximation of the gamma
 * function", SIAM J. Numer. Anal. B 1, 1964, with the g = 7, n = 9 coefficients of Godfrey
 * (Numerical Recipes, 3rd ed., §6.1); P. J. Acklam's rational approximation of the normal
 * quantile (relative error < 1.2e-9) used as is.
 */

/**
 * ψ(x) = d/dx ln Γ(x), for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the
 * asymptotic series ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ). Accurate to about 1e-13.
 *
 * @throws never (NaN for x ≤ 0 or NaN).
 * @example digamma(1) // => -0.5772156649015329 (−γ)
 */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let result = 0;
  let y = x;
  while (y < 6) {
    result -= 1 / y;
    y += 1;
  }
  const r = 1 / y;
  const r2 = r * r;
  result +=
    Math.log(y) -
    0.5 * r -
    r2 *
      (1 / 12 -
        r2 * (1 / 120 - r2 * (1 / 252 - r2 * (1 / 240 - r2 * (1 / 132 - r2 * (691 / 32760))))));
  return result;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/**
 * ln Γ(x) for x > 0 (Lanczos, g = 7), with the reflection formula below 0.5.
 *
 * @throws never (NaN for x ≤ 0 or NaN).
 * @example logGamma(0.5) // => 0.5723649429247001 (ln √π)
 */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * ln C(n, k) for integers 0 ≤ k ≤ n; −Infinity outside that range.
 *
 * @throws never.
 * @example Math.exp(logChoose(5, 2)) // => 10 (up to rounding)
 */
export function logChoose(n: number, k: number): number {
  if (k < 0 || k > n) return Number.NEGATIVE_INFINITY;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * The standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's approximation, relative error < 1.2e-9).
 *
 * @throws never (NaN outside (0, 1)).
 * @example normalQuantile(0.975) // => 1.95996398… (to 9 digits)
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return Number.NaN;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
      (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) /
      ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  return x;
}
