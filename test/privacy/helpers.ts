/** Small builders shared by the privacy-model tests. */
import type { SensitiveHistogram } from '../../src/privacy/model.js';

/**
 * A sparse histogram built directly (not through HistogramBuilder): `counts[code]` records of each
 * code, codes with a zero count left out, listed in reverse code order (so that no predicate can
 * rely on code order).
 */
export function histogramOf(counts: readonly number[], missing = 0): SensitiveHistogram {
  const codes: number[] = [];
  const values: number[] = [];
  for (let code = counts.length - 1; code >= 0; code--) {
    const count = counts[code] as number;
    if (count > 0) {
      codes.push(code);
      values.push(count);
    }
  }
  return {
    codes: Int32Array.from(codes),
    counts: Float64Array.from(values),
    length: codes.length,
    total: values.reduce((a, b) => a + b, 0),
    missing,
  };
}

/** The histogram of the union of two classes given as dense count vectors. */
export function mergedCounts(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  return Array.from({ length: n }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));
}
