/**
 * How well a release keeps the relations between pairs of columns: for every pair, the absolute
 * difference |s_o − s_r| of an association statistic measured on the original and on the release,
 *
 * - `cramersVDifference` (categorical × categorical, `cramersV.ts`),
 * - `pearsonDifference` and `spearmanDifference` (numeric × numeric, dates as day numbers,
 *   range labels as midpoints; `correlation.ts`),
 * - `correlationRatioDifference` (categorical × numeric, `correlationRatio.ts`),
 *
 * each in [0, 1] (2 for Pearson and Spearman) and lower is better; plus `twoWayMarginalMean` and
 * `twoWayMarginalWorst`, the mean and the largest total-variation distance of the 2-way marginals
 * of all pairs (numeric columns in 10 equal-width bins of the original's range, `marginals.ts`).
 *
 * A statistic with a constant column (a single category or value among the present cells) is
 * undefined: the pair's figure is not applicable with the reason "undefined (constant column)"
 * and aggregates skip it (case B18). A column the release lacks is skipped with its reason.
 *
 * References: Cramér 1946; Pearson 1896; Spearman 1904; Pearson 1903 (η); for the set of figures,
 * SDMetrics' CorrelationSimilarity and ContingencySimilarity, and the 2-way marginal score of the
 * NIST 2018 challenge.
 */
import type { ColumnSpec, Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { cells, isNumericType, releaseSpec, specOf } from './columns.js';
import { pearson, spearman } from './correlation.js';
import { correlationRatio } from './correlationRatio.js';
import { contingency, cramersV } from './cramersV.js';
import { marginalColumn, marginalDistance, type MarginalColumn } from './marginals.js';
import {
  categoricalColumn,
  CategoryDomain,
  numericColumn,
  type CategoricalColumn,
} from './values.js';

const REFERENCES = {
  cramersVDifference: "|V_o − V_r|, Cramér's V (Cramér 1946, §21.9)",
  pearsonDifference: '|r_o − r_r|, Pearson correlation (Pearson 1896)',
  spearmanDifference: '|ρ_o − ρ_r|, Spearman rank correlation (Spearman 1904)',
  correlationRatioDifference: '|η_o − η_r|, correlation ratio (Pearson 1903)',
  twoWayMarginals:
    'total variation distance of 2-way marginals (NIST 2018 challenge; McKenna et al. 2021)',
} as const;

/** A column read on both sides, for the pair statistics. */
type Read =
  | { kind: 'numeric'; name: string; o: Float64Array; r: Float64Array }
  | {
      kind: 'categorical';
      name: string;
      o: CategoricalColumn;
      r: CategoricalColumn;
      size: number;
    };

function readColumn(original: Dataset, release: Dataset, spec: ColumnSpec): Read | undefined {
  const rSpec = releaseSpec(spec, release, spec.name);
  if (rSpec === undefined) return undefined;
  if (isNumericType(spec.type)) {
    return {
      kind: 'numeric',
      name: spec.name,
      o: numericColumn(cells(original, spec.name), spec).values,
      r: numericColumn(cells(release, spec.name), rSpec).values,
    };
  }
  const domain = new CategoryDomain();
  const o = categoricalColumn(cells(original, spec.name), spec, domain);
  const r = categoricalColumn(cells(release, spec.name), rSpec, domain);
  return { kind: 'categorical', name: spec.name, o, r, size: domain.size };
}

/** True when a side of a column has fewer than two distinct present values. */
function isConstant(read: Read, side: 'o' | 'r'): boolean {
  if (read.kind === 'numeric') {
    const v = read[side];
    let first = NaN;
    for (const x of v) {
      if (!Number.isFinite(x)) continue;
      if (Number.isNaN(first)) first = x;
      else if (x !== first) return false;
    }
    return true;
  }
  const c = read[side];
  let first = -1;
  for (let i = 0; i < c.rows; i++) {
    const l = c.labelOf[i] as number;
    if (l < 0) continue;
    const s = c.spread[l] as Int32Array;
    if (s.length > 1) return false;
    const cat = s[0] as number;
    if (first < 0) first = cat;
    else if (cat !== first) return false;
  }
  return true;
}

function statistics(a: Read, b: Read, side: 'o' | 'r'): Record<string, number> {
  if (a.kind === 'numeric' && b.kind === 'numeric') {
    return {
      pearsonDifference: pearson(a[side], b[side]),
      spearmanDifference: spearman(a[side], b[side]),
    };
  }
  if (a.kind === 'categorical' && b.kind === 'categorical') {
    return {
      cramersVDifference: cramersV(contingency(a[side], b[side], a.size, b.size), a.size, b.size),
    };
  }
  const [c, y] =
    a.kind === 'categorical'
      ? [a, b as Read & { kind: 'numeric' }]
      : [b as Read & { kind: 'categorical' }, a];
  return { correlationRatioDifference: correlationRatio(c[side], y[side], c.size) };
}

function statisticNames(a: Read | ColumnSpec, b: Read | ColumnSpec): string[] {
  const na = 'kind' in a ? a.kind === 'numeric' : isNumericType(a.type);
  const nb = 'kind' in b ? b.kind === 'numeric' : isNumericType(b.type);
  if (na && nb) return ['pearsonDifference', 'spearmanDifference'];
  if (!na && !nb) return ['cramersVDifference'];
  return ['correlationRatioDifference'];
}

/**
 * The pair utility figures of a release over the given columns (see the module comment).
 *
 * @param columns - the columns to pair, each pair once (the order given).
 * @throws DatanonymeError `NOT_FOUND` naming a column the original does not have.
 * @example
 * pairUtility(original, original, ['age', 'sex'])[0]?.value // => 0
 */
export function pairUtility(
  original: Dataset,
  release: Dataset,
  columns: readonly string[],
): MetricValue[] {
  const names = [...new Set(columns)];
  const specs = names.map((n) => specOf(original, n));
  const reads = specs.map((s) => readColumn(original, release, s));
  const out: MetricValue[] = [];
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const pair = [names[i] as string, names[j] as string];
      const a = reads[i];
      const b = reads[j];
      if (a === undefined || b === undefined) {
        const missing = a === undefined ? pair[0] : pair[1];
        for (const name of statisticNames(specs[i] as ColumnSpec, specs[j] as ColumnSpec)) {
          out.push(
            notApplicable(
              name,
              'utility',
              `column "${missing as string}" not in the release`,
              REFERENCES[name as keyof typeof REFERENCES],
              pair,
            ),
          );
        }
        continue;
      }
      const so = statistics(a, b, 'o');
      const sr = statistics(a, b, 'r');
      for (const name of Object.keys(so)) {
        const reference = REFERENCES[name as keyof typeof REFERENCES];
        const vo = so[name] as number;
        const vr = sr[name] as number;
        if (Number.isNaN(vo) || Number.isNaN(vr)) {
          const side = Number.isNaN(vo) ? 'o' : 'r';
          const constant = isConstant(a, side) || isConstant(b, side);
          const reason = constant
            ? side === 'o'
              ? 'undefined (constant column)'
              : 'undefined (constant column in the release)'
            : `undefined (fewer than two rows with both values in the ${side === 'o' ? 'original' : 'release'})`;
          out.push(notApplicable(name, 'utility', reason, reference, pair));
          continue;
        }
        out.push({
          name,
          kind: 'utility',
          value: Math.abs(vo - vr),
          reference,
          columns: pair,
          details: { original: vo, release: vr, better: 'lower' },
        });
      }
    }
  }
  out.push(...twoWayMarginals(original, release, names));
  return out;
}

/**
 * The mean and the worst total-variation distance of the 2-way marginals of all pairs of the given
 * columns that both tables have (see `marginals.ts`).
 *
 * @throws DatanonymeError `NOT_FOUND` naming a column the original does not have.
 * @example
 * twoWayMarginals(original, original, ['age', 'sex'])[0]?.value // => 0
 */
export function twoWayMarginals(
  original: Dataset,
  release: Dataset,
  columns: readonly string[],
): MetricValue[] {
  const marginal: MarginalColumn[] = [];
  const skipped: string[] = [];
  for (const name of columns) {
    const m = marginalColumn(original, release, name);
    if (m === undefined) skipped.push(name);
    else marginal.push(m);
  }
  const perPair: { columns: [string, string]; tvd: number }[] = [];
  for (let i = 0; i < marginal.length; i++) {
    for (let j = i + 1; j < marginal.length; j++) {
      const a = marginal[i] as MarginalColumn;
      const b = marginal[j] as MarginalColumn;
      const tvd = marginalDistance([a, b]);
      if (!Number.isNaN(tvd)) perPair.push({ columns: [a.name, b.name], tvd });
    }
  }
  const ref = REFERENCES.twoWayMarginals;
  if (perPair.length === 0) {
    const reason =
      marginal.length < 2 ? 'fewer than two columns in both tables' : 'no rows on either side';
    return [
      notApplicable('twoWayMarginalMean', 'utility', reason, ref, columns),
      notApplicable('twoWayMarginalWorst', 'utility', reason, ref, columns),
    ];
  }
  let sum = 0;
  let worst = perPair[0] as (typeof perPair)[number];
  for (const p of perPair) {
    sum += p.tvd;
    if (p.tvd > worst.tvd) worst = p;
  }
  const details = { pairs: perPair, skippedColumns: skipped, better: 'lower', bins: 10 };
  return [
    {
      name: 'twoWayMarginalMean',
      kind: 'utility',
      value: sum / perPair.length,
      reference: ref,
      columns: marginal.map((m) => m.name),
      details,
    },
    {
      name: 'twoWayMarginalWorst',
      kind: 'utility',
      value: worst.tvd,
      reference: ref,
      columns: worst.columns,
      details: { better: 'lower', bins: 10 },
    },
  ];
}
