/**
 * Columns of several tables as model features, read alike (the original's spec, `values.ts`):
 *
 * - for the logistic model, a sparse design matrix: an intercept; a numeric or date column
 *   standardised over the rows used (a missing cell 0, plus a 0/1 missing indicator when any is
 *   missing); a categorical column one-hot over its 15 most frequent categories (the most
 *   frequent is the reference level and gets no column), the others pooled in one "other" column,
 *   missing cells in a column of their own; a generalised label spreads its 1 over the categories
 *   below it (weights 1/m).
 * - for CART, one small integer code per column: a numeric or date column cut at (up to) 32
 *   quantiles of the rows used, missing cells in a code of their own; a categorical column's
 *   category, a generalised label drawn uniformly (seeded) among the categories below it, the
 *   categories beyond the 63 most frequent pooled, missing a code of its own.
 */
import { uniformInt, type RandomSource } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { cells, isNumericType, releaseSpec, specOf } from './columns.js';
import {
  categoricalColumn,
  CategoryDomain,
  numericColumn,
  type CategoricalColumn,
} from './values.js';

/** Categories kept as their own one-hot column (the reference level included). */
export const LOGISTIC_LEVELS = 15;
/** Quantile bins of a numeric CART feature. */
export const CART_BINS = 32;
/** Categories kept as their own CART code. */
export const CART_LEVELS = 63;

/** One column read in every part (table) alike. */
export type FeatureRead =
  | { kind: 'numeric'; name: string; parts: Float64Array[] }
  | { kind: 'categorical'; name: string; parts: CategoricalColumn[]; size: number };

/**
 * Reads the given columns in every part, with the spec of `reference`. Columns that a part lacks
 * are left out and listed in `skipped`.
 *
 * @throws DatanonymeError `NOT_FOUND` naming a column that `reference` does not have.
 * @example
 * readFeatures(original, [original, release], ['age', 'sex']).features.length // => 2
 */
export function readFeatures(
  reference: Dataset,
  parts: readonly Dataset[],
  columns: readonly string[],
): { features: FeatureRead[]; skipped: string[] } {
  const features: FeatureRead[] = [];
  const skipped: string[] = [];
  for (const name of columns) {
    const spec = specOf(reference, name);
    const specs = parts.map((p) => releaseSpec(spec, p, name));
    if (specs.some((s) => s === undefined)) {
      skipped.push(name);
      continue;
    }
    if (isNumericType(spec.type)) {
      features.push({
        kind: 'numeric',
        name,
        parts: parts.map((p, i) => numericColumn(cells(p, name), specs[i] ?? spec).values),
      });
    } else {
      const domain = new CategoryDomain();
      const read = parts.map((p, i) => categoricalColumn(cells(p, name), specs[i] ?? spec, domain));
      features.push({ kind: 'categorical', name, parts: read, size: domain.size });
    }
  }
  return { features, skipped };
}

/** Rows of several parts, stacked: part index and row within it. */
export interface Stack {
  readonly part: Int32Array;
  readonly row: Int32Array;
}

/** Every row of parts of the given sizes, or the rows given per part, stacked in part order. */
export function stack(rowsPerPart: readonly (number | Int32Array)[]): Stack {
  const lists = rowsPerPart.map((r) =>
    typeof r === 'number' ? Int32Array.from({ length: r }, (_, i) => i) : r,
  );
  const n = lists.reduce((s, l) => s + l.length, 0);
  const part = new Int32Array(n);
  const row = new Int32Array(n);
  let k = 0;
  lists.forEach((l, p) => {
    for (const r of l) {
      part[k] = p;
      row[k++] = r;
    }
  });
  return { part, row };
}

/** A sparse matrix by rows (CSR). */
export interface SparseRows {
  readonly rows: number;
  readonly columns: number;
  readonly start: Int32Array;
  readonly index: Int32Array;
  readonly value: Float64Array;
  readonly names: readonly string[];
}

/** Category weights of a categorical feature over the stacked rows. */
function categoryWeights(f: FeatureRead & { kind: 'categorical' }, s: Stack): Float64Array {
  const w = new Float64Array(f.size);
  for (let k = 0; k < s.part.length; k++) {
    const c = f.parts[s.part[k] as number] as CategoricalColumn;
    const l = c.labelOf[s.row[k] as number] as number;
    if (l < 0) continue;
    const sp = c.spread[l] as Int32Array;
    for (const cat of sp) w[cat] = (w[cat] as number) + 1 / sp.length;
  }
  return w;
}

/** Category indices by decreasing weight (ties by index). */
function byWeight(w: Float64Array): number[] {
  return Array.from(w.keys())
    .filter((i) => (w[i] as number) > 0)
    .sort((a, b) => (w[b] as number) - (w[a] as number) || a - b);
}

/**
 * The logistic design matrix of the stacked rows (see the module comment); column 0 is the
 * intercept.
 *
 * @throws never.
 * @example
 * logisticDesign(features, stack([3, 2])).columns // => 1 + the feature columns
 */
export function logisticDesign(features: readonly FeatureRead[], s: Stack): SparseRows {
  const n = s.part.length;
  const names = ['(intercept)'];
  const perRow: { index: number; value: number }[][] = Array.from({ length: n }, () => [
    { index: 0, value: 1 },
  ]);
  for (const f of features) {
    if (f.kind === 'numeric') {
      let sum = 0;
      let count = 0;
      for (let k = 0; k < n; k++) {
        const v = (f.parts[s.part[k] as number] as Float64Array)[s.row[k] as number] as number;
        if (Number.isFinite(v)) {
          sum += v;
          count++;
        }
      }
      if (count === 0) continue;
      const mean = sum / count;
      let ss = 0;
      for (let k = 0; k < n; k++) {
        const v = (f.parts[s.part[k] as number] as Float64Array)[s.row[k] as number] as number;
        if (Number.isFinite(v)) ss += (v - mean) * (v - mean);
      }
      const sd = Math.sqrt(ss / count);
      const col = names.length;
      if (sd > 0) names.push(f.name);
      const missingCol = count < n ? names.length : -1;
      if (missingCol >= 0) names.push(`${f.name} (missing)`);
      for (let k = 0; k < n; k++) {
        const v = (f.parts[s.part[k] as number] as Float64Array)[s.row[k] as number] as number;
        const row = perRow[k] as { index: number; value: number }[];
        if (Number.isFinite(v)) {
          if (sd > 0 && v !== mean) row.push({ index: col, value: (v - mean) / sd });
        } else if (missingCol >= 0) row.push({ index: missingCol, value: 1 });
      }
      continue;
    }
    const order = byWeight(categoryWeights(f, s));
    const columnOf = new Int32Array(f.size).fill(-2); // -1: reference level; -2: "other"
    order.forEach((cat, i) => {
      if (i === 0) columnOf[cat] = -1;
      else if (i < LOGISTIC_LEVELS) {
        columnOf[cat] = names.length;
        names.push(`${f.name}=${String(i)}`);
      }
    });
    const other = order.length > LOGISTIC_LEVELS ? names.length : -1;
    if (other >= 0) names.push(`${f.name}=(other)`);
    let hasMissing = false;
    for (let k = 0; k < n && !hasMissing; k++) {
      const c = f.parts[s.part[k] as number] as CategoricalColumn;
      if ((c.labelOf[s.row[k] as number] as number) < 0) hasMissing = true;
    }
    const missingCol = hasMissing ? names.length : -1;
    if (hasMissing) names.push(`${f.name} (missing)`);
    for (let k = 0; k < n; k++) {
      const c = f.parts[s.part[k] as number] as CategoricalColumn;
      const l = c.labelOf[s.row[k] as number] as number;
      const row = perRow[k] as { index: number; value: number }[];
      if (l < 0) {
        row.push({ index: missingCol, value: 1 });
        continue;
      }
      const sp = c.spread[l] as Int32Array;
      const acc = new Map<number, number>();
      for (const cat of sp) {
        const j = cat < f.size ? (columnOf[cat] as number) : -2;
        const target = j === -2 ? other : j;
        if (target >= 0) acc.set(target, (acc.get(target) ?? 0) + 1 / sp.length);
      }
      for (const [index, value] of acc) row.push({ index, value });
    }
  }
  const start = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) start[k + 1] = (start[k] as number) + (perRow[k] as unknown[]).length;
  const nnz = start[n] as number;
  const index = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let t = 0;
  for (const row of perRow) {
    for (const e of row) {
      index[t] = e.index;
      value[t++] = e.value;
    }
  }
  return { rows: n, columns: names.length, start, index, value, names };
}

/** Integer-coded features for CART: codes[j][k] of stacked row k, in 0…cardinality[j] − 1. */
export interface CodedFeatures {
  readonly rows: number;
  readonly codes: readonly Int32Array[];
  readonly cardinality: readonly number[];
  /** True for ordered (numeric) features, split by thresholds; false for categories. */
  readonly ordered: readonly boolean[];
  readonly names: readonly string[];
}

/**
 * The CART codes of the stacked rows (see the module comment). Quantile cut points and the kept
 * categories come from all the stacked rows.
 *
 * @throws never.
 * @example
 * cartFeatures(features, stack([3, 2]), rng).codes.length // => features.length
 */
export function cartFeatures(
  features: readonly FeatureRead[],
  s: Stack,
  rng: RandomSource,
): CodedFeatures {
  const n = s.part.length;
  const codes: Int32Array[] = [];
  const cardinality: number[] = [];
  const ordered: boolean[] = [];
  const names: string[] = [];
  for (const f of features) {
    const code = new Int32Array(n);
    if (f.kind === 'numeric') {
      const present: number[] = [];
      for (let k = 0; k < n; k++) {
        const v = (f.parts[s.part[k] as number] as Float64Array)[s.row[k] as number] as number;
        if (Number.isFinite(v)) present.push(v);
      }
      const sorted = Float64Array.from(present).sort();
      const cuts: number[] = [];
      for (let b = 1; b < CART_BINS; b++) {
        const q = sorted[Math.floor((b * sorted.length) / CART_BINS)];
        if (q !== undefined && (cuts.length === 0 || q > (cuts[cuts.length - 1] as number))) {
          cuts.push(q);
        }
      }
      // code = number of cuts ≤ v (0…cuts.length); missing = cuts.length + 1.
      for (let k = 0; k < n; k++) {
        const v = (f.parts[s.part[k] as number] as Float64Array)[s.row[k] as number] as number;
        if (!Number.isFinite(v)) {
          code[k] = cuts.length + 1;
          continue;
        }
        let lo = 0;
        let hi = cuts.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((cuts[mid] as number) <= v) lo = mid + 1;
          else hi = mid;
        }
        code[k] = lo;
      }
      codes.push(code);
      cardinality.push(cuts.length + 2);
      ordered.push(true);
      names.push(f.name);
      continue;
    }
    const order = byWeight(categoryWeights(f, s));
    const kept = Math.min(order.length, CART_LEVELS);
    const codeOf = new Int32Array(f.size).fill(kept); // kept: "other"
    for (let i = 0; i < kept; i++) codeOf[order[i] as number] = i;
    const missing = kept + 1;
    for (let k = 0; k < n; k++) {
      const c = f.parts[s.part[k] as number] as CategoricalColumn;
      const l = c.labelOf[s.row[k] as number] as number;
      if (l < 0) {
        code[k] = missing;
        continue;
      }
      const sp = c.spread[l] as Int32Array;
      const cat = (sp.length === 1 ? sp[0] : sp[uniformInt(rng, sp.length)]) as number;
      code[k] = cat < f.size ? (codeOf[cat] as number) : kept;
    }
    codes.push(code);
    cardinality.push(kept + 2);
    ordered.push(false);
    names.push(f.name);
  }
  return { rows: n, codes, cardinality, ordered, names };
}
