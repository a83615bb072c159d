/**
 * Columns as cells of a marginal table, and the total-variation distance of the original's and the
 * release's joint marginals over two or three columns.
 *
 * Cells: a categorical column's categories (a generalised label spread uniformly over the original
 * values below it, `values.ts`); a numeric or date column's value in one of 10 equal-width bins
 * of the ORIGINAL's range [min, max] (release values outside it go to the first or last bin; a
 * constant original has one bin). Missing and suppressed cells form one more cell of their own,
 * so a marginal compares the missingness too.
 *
 * Reference: the 2- and 3-way marginal scores of the NIST differential-privacy synthetic-data
 * challenge (2018) and of McKenna, Miklau, Sheldon, "Winning the NIST contest", JPC 2021 (average
 * TVD of random 3-way marginals); PrivBayes' evaluation (Zhang et al., TODS 2017, §7).
 */
import type { Dataset } from '../../types.js';
import { cells, isNumericType, releaseSpec, specOf } from './columns.js';
import { sparseTotalVariation } from './totalVariation.js';
import {
  categoricalColumn,
  CategoryDomain,
  numericColumn,
  type CategoricalColumn,
} from './values.js';

/** Number of equal-width bins numeric columns are cut into. */
export const MARGINAL_BINS = 10;

/** One column of both tables as marginal cells (see the module comment). */
export interface MarginalColumn {
  readonly name: string;
  readonly original: CategoricalColumn;
  readonly release: CategoricalColumn;
  /** Number of cells, the missing cell included. */
  readonly size: number;
}

/** A column read as numeric values, binned on the original's range; NaN to the missing bin. */
function binned(values: Float64Array, min: number, width: number, bins: number): CategoricalColumn {
  const n = values.length;
  const labelOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (!Number.isFinite(v)) labelOf[i] = bins;
    else if (width <= 0) labelOf[i] = 0;
    else labelOf[i] = Math.max(0, Math.min(bins - 1, Math.floor((v - min) / width)));
  }
  const spread = Array.from({ length: bins + 1 }, (_, k) => Int32Array.of(k));
  const labels = spread.map((_, k) => (k === bins ? 'missing' : `bin ${k}`));
  return { rows: n, labelOf, spread, labels, missing: 0, suppressed: 0 };
}

/** A categorical column with its missing and suppressed cells moved to the cell `missing`. */
function withMissingCell(c: CategoricalColumn, missing: number): CategoricalColumn {
  const labelOf = c.labelOf.slice();
  const missingLabel = c.spread.length;
  for (let i = 0; i < labelOf.length; i++)
    if ((labelOf[i] as number) < 0) labelOf[i] = missingLabel;
  return {
    ...c,
    labelOf,
    spread: [...c.spread, Int32Array.of(missing)],
    labels: [...c.labels, 'missing'],
  };
}

/**
 * Reads one column of the original and of the release as marginal cells, or undefined when the
 * release does not have it.
 *
 * @throws DatanonymeError `NOT_FOUND` naming the column when the original does not have it.
 * @example
 * marginalColumn(original, release, 'age')?.size // => 11 (10 bins and the missing cell)
 */
export function marginalColumn(
  original: Dataset,
  release: Dataset,
  name: string,
): MarginalColumn | undefined {
  const spec = specOf(original, name);
  const rSpec = releaseSpec(spec, release, name);
  if (rSpec === undefined) return undefined;
  if (isNumericType(spec.type)) {
    const o = numericColumn(cells(original, name), spec).values;
    const r = numericColumn(cells(release, name), rSpec).values;
    let min = Infinity;
    let max = -Infinity;
    for (const v of o) {
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const width = max > min ? (max - min) / MARGINAL_BINS : 0;
    return {
      name,
      original: binned(o, min, width, MARGINAL_BINS),
      release: binned(r, min, width, MARGINAL_BINS),
      size: MARGINAL_BINS + 1,
    };
  }
  const domain = new CategoryDomain();
  const o = categoricalColumn(cells(original, name), spec, domain);
  const r = categoricalColumn(cells(release, name), rSpec, domain);
  const missing = domain.size;
  return {
    name,
    original: withMissingCell(o, missing),
    release: withMissingCell(r, missing),
    size: missing + 1,
  };
}

/**
 * The joint counts of several marginal columns of one table, keyed by the mixed-radix cell index
 * (first column most significant). Spread labels share their row among the cells they cover.
 *
 * @throws never.
 * @example
 * jointCounts([a.original, b.original], [a.size, b.size]).get(0) // => rows in cell (0, 0)
 */
export function jointCounts(
  columns: readonly CategoricalColumn[],
  sizes: readonly number[],
): Map<number, number> {
  const counts = new Map<number, number>();
  const rows = Math.min(...columns.map((c) => c.rows));
  const d = columns.length;
  const spreads: Int32Array[] = new Array<Int32Array>(d);
  const at = new Int32Array(d);
  for (let i = 0; i < rows; i++) {
    let combos = 1;
    for (let j = 0; j < d; j++) {
      const c = columns[j] as CategoricalColumn;
      const s = c.spread[c.labelOf[i] as number] as Int32Array;
      spreads[j] = s;
      combos *= s.length;
    }
    const w = 1 / combos;
    if (combos === 1) {
      let key = 0;
      for (let j = 0; j < d; j++)
        key = key * (sizes[j] as number) + ((spreads[j] as Int32Array)[0] as number);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      continue;
    }
    at.fill(0);
    for (let t = 0; t < combos; t++) {
      let key = 0;
      for (let j = 0; j < d; j++) {
        key = key * (sizes[j] as number) + ((spreads[j] as Int32Array)[at[j] as number] as number);
      }
      counts.set(key, (counts.get(key) ?? 0) + w);
      for (let j = d - 1; j >= 0; j--) {
        at[j] = (at[j] as number) + 1;
        if ((at[j] as number) < (spreads[j] as Int32Array).length) break;
        at[j] = 0;
      }
    }
  }
  return counts;
}

/**
 * The total-variation distance between the original's and the release's joint marginal over the
 * given columns (see the module comment).
 *
 * @throws never; NaN when both tables have no rows.
 * @example
 * marginalDistance([age, sex]) // => 0 for a copy of the original
 */
export function marginalDistance(columns: readonly MarginalColumn[]): number {
  const sizes = columns.map((c) => c.size);
  const p = jointCounts(
    columns.map((c) => c.original),
    sizes,
  );
  const q = jointCounts(
    columns.map((c) => c.release),
    sizes,
  );
  return sparseTotalVariation(p, q);
}
