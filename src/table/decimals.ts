/**
 * The number of decimals a column is written with, read from its text, and numbers written back
 * with it: a column of amounts in euros written `2517,40` and `4339,00` should come back so, not
 * `2517,4` and `4339` (the shortest form a number prints as). Browser-safe.
 */

/** The decimals a file's text can carry at most: beyond, a value is written as it prints. */
export const MAX_FIXED_DECIMALS = 10;

/** The decimals of one number written as text (`2517,40` → 2, `4339` → 0); null when not a number. */
export function decimalsOfText(text: string): number | null {
  const m = /^[+-]?\d+(?:[.,](\d+))?$/.exec(text.trim());
  return m === null ? null : (m[1]?.length ?? 0);
}

/** The decimals of each present value (missing cells skipped); undefined when one is not a number. */
function presentDecimals(
  texts: ArrayLike<unknown>,
  missing: readonly string[],
): number[] | undefined {
  const out: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    const v = texts[i];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    const t = String(v).trim();
    if (t === '' || missing.includes(t)) continue;
    const d = decimalsOfText(t);
    if (d === null) return undefined;
    out.push(d);
  }
  return out;
}

/**
 * The fixed number of decimals of a column: the count every present value is written with, when
 * they all share one of at least 1 (at most {@link MAX_FIXED_DECIMALS}); else undefined (the
 * values differ, some are integers, or one is not a number). Missing cells (null, `''` or one of
 * `missing`) are skipped.
 *
 * @param texts - the column's cells as read, text.
 * @param missing - the file's missing-value tokens.
 * @example fixedDecimalsOf(['2517,40', '4339,00', 'NA'], ['NA']) // => 2
 * @example fixedDecimalsOf(['2517,4', '4339,00'], []) // => undefined
 */
export function fixedDecimalsOf(
  texts: ArrayLike<unknown>,
  missing: readonly string[],
): number | undefined {
  const all = presentDecimals(texts, missing);
  const first = all?.[0];
  if (first === undefined || first < 1 || all?.some((d) => d !== first)) return undefined;
  return Math.min(first, MAX_FIXED_DECIMALS);
}

/**
 * The largest number of decimals a column's present values are written with (0 for integers);
 * undefined when a present value is not a number.
 *
 * @example maxDecimalsOf(['7252,59', '12', ''], []) // => 2
 */
export function maxDecimalsOf(
  texts: ArrayLike<unknown>,
  missing: readonly string[],
): number | undefined {
  const all = presentDecimals(texts, missing);
  return all === undefined
    ? undefined
    : Math.min(
        all.reduce((a, d) => Math.max(a, d), 0),
        MAX_FIXED_DECIMALS,
      );
}

/**
 * A number as text with `decimals` decimals and the given decimal mark (`2517.4`, 2, `,` →
 * `2517,40`; never `-0,00`); anything else (null, text, a non-finite or huge number) unchanged.
 *
 * @example withDecimals(2517.4, 2, ',') // => '2517,40'
 */
export function withDecimals(value: unknown, decimals: number, mark: '.' | ','): unknown {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) >= 1e21) return value;
  const t = value.toFixed(decimals).replace(/^-(?=0(\.0*)?$)/, '');
  return mark === ',' ? t.replace('.', ',') : t;
}
