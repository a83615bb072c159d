/**
 * The tables an attack or a distance compares (original, release, control), read once into typed
 * columns on a shared scale, by the one rule of `metrics/utility/values.ts`: numbers and dates as
 * numbers (a range label as its midpoint, `*` and missing as NaN), categories as labels of a shared
 * domain (a generalised label spread uniformly over the original values below it). Internal.
 *
 * Gower's distance (Gower 1971) between two rows over columns C is the mean over C of:
 * - numeric: |x − y| / R, R the range of the column over all the tables compared (0 when R = 0);
 * - categorical: 1 − Σ_v P(v | a) P(v | b), the chance that the values a and b stand for differ
 *   when each label is spread uniformly over the values below it (1 − [a = b] for plain values,
 *   0 for two identical labels);
 * - a missing cell against a present one: 1; two missing cells: 0.
 */
import type { ColumnSpec, Dataset } from '../../../types.js';
import { CategoryDomain, categoricalColumn, numericValues } from '../../utility/values.js';

/** One table's columns, in the order of {@link Features.columns}. */
export interface FeatureTable {
  rows: number;
  /** Numeric columns as read (NaN = missing); null for categorical ones. */
  numeric: (Float64Array | null)[];
  /** Categorical columns as global label ids (−1 = missing or suppressed); null for numeric ones. */
  labels: (Int32Array | null)[];
}

/** Tables read on a shared scale. */
export interface Features {
  columns: string[];
  isNumeric: boolean[];
  /** The range of each numeric column over all the tables (0 for categorical columns). */
  ranges: number[];
  tables: FeatureTable[];
  /** Per categorical column: the distance between two label ids. */
  labelDistance: ((a: number, b: number) => number)[];
  /** Per categorical column: the label texts by global id. */
  labelTexts: string[][];
}

const NUMERIC_TYPES = new Set(['integer', 'decimal', 'date']);

/** The spec a table's column is read with: the reference's type and hierarchy, the table's missing tokens. */
function specFor(
  reference: ColumnSpec | undefined,
  own: ColumnSpec | undefined,
  name: string,
): ColumnSpec {
  const type = reference?.type ?? own?.type ?? 'categorical';
  const hierarchy = reference?.hierarchy ?? own?.hierarchy;
  const missing = own?.missing ?? reference?.missing;
  return {
    name,
    type,
    role: own?.role ?? reference?.role ?? 'insensitive',
    ...(hierarchy === undefined ? {} : { hierarchy }),
    ...(missing === undefined ? {} : { missing }),
  };
}

/** Above this many labels a categorical column's distances are computed on demand, not tabulated. */
const MAX_TABULATED_LABELS = 1500;

/**
 * Reads `columns` of every table on a shared scale; types and hierarchies come from the first
 * table's specs (the original).
 */
export function readFeatures(tables: readonly Dataset[], columns: readonly string[]): Features {
  const reference = tables[0] as Dataset;
  const isNumeric = columns.map((c) =>
    NUMERIC_TYPES.has(reference.columns.find((s) => s.name === c)?.type ?? 'categorical'),
  );
  const out: FeatureTable[] = tables.map((t) => ({
    rows: t.table.numRows(),
    numeric: [],
    labels: [],
  }));
  const ranges: number[] = [];
  const labelDistance: ((a: number, b: number) => number)[] = [];
  const labelTexts: string[][] = [];
  columns.forEach((name, c) => {
    const specs = tables.map((t) =>
      specFor(
        reference.columns.find((s) => s.name === name),
        t.columns.find((s) => s.name === name),
        name,
      ),
    );
    if (isNumeric[c] === true) {
      const values = tables.map((t, i) =>
        numericValues(t.table.array(name) as ArrayLike<unknown>, specs[i] as ColumnSpec),
      );
      let min = Infinity;
      let max = -Infinity;
      for (const v of values)
        for (let i = 0; i < v.length; i++) {
          const x = v[i] as number;
          if (x < min) min = x;
          if (x > max) max = x;
        }
      // Differences are divided by the range, not the values: equal differences stay equal ties.
      const range = max > min ? max - min : 0;
      values.forEach((v, t) => {
        (out[t] as FeatureTable).numeric.push(v);
        (out[t] as FeatureTable).labels.push(null);
      });
      ranges.push(range);
      labelDistance.push(() => 0);
      labelTexts.push([]);
      return;
    }
    // Categorical: one domain of values; label texts unified across tables into global ids.
    const domain = new CategoryDomain();
    const globalOf = new Map<string, number>();
    const spreads: Int32Array[] = [];
    const texts: string[] = [];
    tables.forEach((t, i) => {
      const read = categoricalColumn(
        t.table.array(name) as ArrayLike<unknown>,
        specs[i] as ColumnSpec,
        domain,
      );
      const map = read.labels.map((text, code) => {
        let g = globalOf.get(text);
        if (g === undefined) {
          g = spreads.length;
          globalOf.set(text, g);
          spreads.push(read.spread[code] as Int32Array);
          texts.push(text);
        }
        return g;
      });
      const ids = new Int32Array(read.rows);
      for (let r = 0; r < read.rows; r++) {
        const code = read.labelOf[r] as number;
        ids[r] = code < 0 ? -1 : (map[code] as number);
      }
      (out[i] as FeatureTable).labels.push(ids);
      (out[i] as FeatureTable).numeric.push(null);
    });
    ranges.push(0);
    labelTexts.push(texts);
    labelDistance.push(distanceOfLabels(spreads));
  });
  return {
    columns: [...columns],
    isNumeric,
    ranges,
    tables: out,
    labelDistance,
    labelTexts,
  };
}

/** 1 − Σ_v P(v | a) P(v | b) for two spreads. */
function spreadDistance(a: Int32Array, b: Int32Array): number {
  if (a.length === 1 && b.length === 1) return a[0] === b[0] ? 0 : 1;
  const set = new Set(a);
  let shared = 0;
  for (const v of b) if (set.has(v)) shared++;
  return 1 - shared / (a.length * b.length);
}

/** A distance function between global label ids, tabulated when the labels are few. */
function distanceOfLabels(spreads: readonly Int32Array[]): (a: number, b: number) => number {
  const g = spreads.length;
  const plain = spreads.every((s) => s.length === 1);
  if (plain) {
    // Distinct texts of plain values are distinct values.
    return (a, b) => (a === b ? 0 : 1);
  }
  if (g <= MAX_TABULATED_LABELS) {
    const table = new Float64Array(g * g);
    for (let a = 0; a < g; a++)
      for (let b = a + 1; b < g; b++) {
        const d = spreadDistance(spreads[a] as Int32Array, spreads[b] as Int32Array);
        table[a * g + b] = d;
        table[b * g + a] = d;
      }
    return (a, b) => table[a * g + b] as number;
  }
  return (a, b) =>
    a === b ? 0 : spreadDistance(spreads[a] as Int32Array, spreads[b] as Int32Array);
}
