/**
 * Builder: a hierarchy of half-open numeric intervals, each level merging a fixed number of
 * intervals of the level below.
 */
import { attributeSource, configError, distinctNfc } from './_internals/source.js';
import { Hierarchy, type HierarchySource } from './hierarchy.js';

/** Options of {@link intervalHierarchy}. */
export interface IntervalOptions {
  /** The width of the level-1 intervals: a positive finite number. */
  width: number;
  /**
   * How many consecutive intervals of the level below each further level merges, counted from
   * the origin: `[2, 2]` with width 5 gives 5-, 10- and 20-wide intervals. Each an integer ≥ 2.
   * @defaultValue `[]` (levels: value, `width` intervals, `*`)
   */
  fanout?: number[];
  /**
   * A lower bound of the grid: level-1 intervals are `[origin + i·width, origin + (i+1)·width[`
   * for integer i (which may be negative, so values below the origin are binned too).
   * @defaultValue the multiple of the level-2 width (`width · fanout[0]`, or `width` when there is
   *   no fan-out) at or below the smallest value: ages from 36 with width 5 and fan-out [2] give
   *   `[35,40[` inside `[30,40[`, not `[35,45[`.
   */
  origin?: number;
  /** The attribute, for error messages. */
  attribute?: string;
}

/** A plain decimal number: optional sign, digits with an optional point, optional exponent. */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Builds a hierarchy of half-open numeric intervals over a column's distinct values.
 *
 * Level 0 is the value; level 1 is the interval `[a,b[` of width `width` on the grid anchored at
 * `origin` that holds it (`a ≤ value < b`, French/ISO 31-11 notation, bounds written with
 * `String(n)`); level k + 1 merges `fanout[k - 1]` consecutive intervals of level k, counted from
 * the origin; the top level is `*`. Every level is kept, even one where all values share an
 * interval, so the height is always `3 + fanout.length`. The missing value `''` stays `''` up to
 * the root: `['', '', …, '', '*']`.
 *
 * Bounds are `origin + i·width` with an integer i, so integer widths and origins give exact
 * bounds; otherwise bounds are rounded to 12 significant digits (`0.1 + 0.2` is written `0.3`),
 * and each value is placed by comparing it with the rounded bounds its labels show.
 *
 * Reference: ARX's interval-based hierarchy builder (`HierarchyBuilderIntervalBased`: intervals
 * and fan-out groups; Prasser and Kohlmayer 2015); domain generalisation hierarchies in Sweeney,
 * "Achieving k-anonymity privacy protection using generalization and suppression", 2002.
 *
 * @param values - the column's distinct values as text: decimal numbers (`34`, `-2.5`, `1e3`),
 *   `''` for missing. NFC-equal duplicates are merged.
 * @param options - the width, fan-outs, origin and attribute.
 * @throws DatanonymeError `BAD_CONFIG` naming the value when a value is not a decimal number or
 *   its magnitude exceeds `Number.MAX_SAFE_INTEGER`; naming the option when `width` is not a
 *   positive finite number, `origin` is not finite, or a fan-out is not an integer ≥ 2; and when
 *   `width` is too small for 12 significant digits to tell two bounds apart.
 * @example
 * intervalHierarchy(['31', '49'], { width: 5, fanout: [2, 2] }).rows[0] // => ['31', '[30,35[', '[30,40[', '[30,50[', '*']
 */
export function intervalHierarchy(values: readonly string[], options: IntervalOptions): Hierarchy {
  const source = attributeSource(options.attribute);
  const { width } = options;
  const fanout = options.fanout ?? [];
  if (!Number.isFinite(width) || width <= 0) {
    throw configError(source, `the interval width must be a positive finite number, got ${width}`, {
      value: String(width),
    });
  }
  fanout.forEach((f, k) => {
    if (!Number.isInteger(f) || f < 2) {
      throw configError(source, `fanout[${k}] must be an integer ≥ 2, got ${f}`, {
        value: String(f),
      });
    }
  });
  if (options.origin !== undefined && !Number.isFinite(options.origin)) {
    throw configError(
      source,
      `the interval origin must be a finite number, got ${options.origin}`,
      {
        value: String(options.origin),
      },
    );
  }

  const distinct = distinctNfc(values);
  const numbers = new Map<string, number>();
  let min = Infinity;
  for (const v of distinct) {
    if (v === '') continue;
    const n = parseNumber(v, source);
    numbers.set(v, n);
    if (n < min) min = n;
  }
  const step = width * (fanout[0] ?? 1);
  const origin = options.origin ?? (numbers.size > 0 ? Math.floor(min / step) * step : 0);
  const exact = Number.isInteger(width) && Number.isInteger(origin);
  const bound = (i: number): number => {
    const x = origin + i * width;
    return exact ? x : Number(x.toPrecision(12));
  };
  const label = (lo: number, hi: number): string => `[${String(bound(lo))},${String(bound(hi))}[`;
  // span[l] = how many level-1 intervals one interval of level l + 1 covers.
  const spans: number[] = [1];
  for (const f of fanout) spans.push((spans[spans.length - 1] as number) * f);

  const height = 3 + fanout.length;
  const rows = distinct.map((v): string[] => {
    const n = numbers.get(v);
    if (n === undefined) return [...Array<string>(height - 1).fill(''), '*'];
    if (!exact && width < Math.max(Math.abs(n), Math.abs(origin)) * 1e-9) {
      throw configError(
        source,
        `the interval width ${width} is too small to bin ${v}: bounds are written with 12 significant digits`,
        { value: v },
      );
    }
    // The floored quotient may be off by one through rounding; the rounded bounds decide.
    let i = Math.floor((n - origin) / width);
    if (n < bound(i)) i--;
    else if (n >= bound(i + 1)) i++;
    const row = [v];
    for (const span of spans) {
      const j = Math.floor(i / span);
      row.push(label(j * span, (j + 1) * span));
    }
    row.push('*');
    return row;
  });
  return new Hierarchy(rows, source);
}

function parseNumber(v: string, source: HierarchySource): number {
  const n = NUMBER.test(v) ? Number(v) : NaN;
  if (!Number.isFinite(n)) {
    throw configError(source, `value "${v}" is not a number, so it cannot be put in an interval`, {
      value: v,
    });
  }
  if (Math.abs(n) > Number.MAX_SAFE_INTEGER) {
    throw configError(
      source,
      `value "${v}" is too large to bin exactly (beyond ±${Number.MAX_SAFE_INTEGER}); treat it as a code (masking) instead`,
      { value: v },
    );
  }
  return n;
}
