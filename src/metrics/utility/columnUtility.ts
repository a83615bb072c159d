/**
 * How well a release keeps one column's distribution.
 *
 * - Categorical columns: `totalVariationDistance` (TVD over the non-missing values, generalised
 *   labels spread as in `values.ts`) and `totalVariationComplement` = 1 − TVD (SDMetrics'
 *   TVComplement; case B22: real {red 2/3, blue 1/3} against an all-missing release gives TVD 1,
 *   complement 0).
 * - Numeric and date columns: `kolmogorovSmirnov` (the statistic D) and `wasserstein` (W₁ divided
 *   by the original's range max − min, so in [0, 1] for values inside that range; on a constant
 *   original, W₁ itself), range labels read as midpoints.
 * - Every column: `missingRateDifference` = |rate_o − rate_r| and `missingSimilarity` = 1 − that
 *   difference (SDMetrics' MissingValueSimilarity; B22: 1 − |0.4 − 1.0| = 0.4). A suppressed
 *   cell (`*`) counts as missing; the suppression rates are in the details.
 *
 * A figure with nothing to compare (a header-only table, a column the release dropped, an
 * all-missing column on both sides) is not applicable, never 0 (case B22).
 *
 * References: see `totalVariation.ts`, `kolmogorovSmirnov.ts`, `wasserstein.ts`; SDMetrics
 * (DataCebo), "TVComplement" and "MissingValueSimilarity" metric documentation.
 */
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { cells, isNumericType, releaseSpec, specOf } from './columns.js';
import { kolmogorovSmirnovStatistic, sortedFinite } from './kolmogorovSmirnov.js';
import { totalVariationDistance } from './totalVariation.js';
import { categoricalColumn, categoryCounts, CategoryDomain, numericColumn } from './values.js';
import { wassersteinDistance } from './wasserstein.js';

const REF_TVD =
  'total variation distance (Levin, Peres, Wilmer 2009, §4.1); SDMetrics TVComplement';
const REF_KS = 'two-sample Kolmogorov–Smirnov statistic (Smirnov 1948)';
const REF_W = 'Wasserstein-1 distance / original range (Villani 2009, ch. 6)';
const REF_MISSING = 'SDMetrics MissingValueSimilarity (1 − |missing rate difference|)';

function value(
  name: string,
  v: number,
  reference: string,
  column: string,
  details: Record<string, unknown>,
): MetricValue {
  return { name, kind: 'utility', value: v, reference, columns: [column], details };
}

/**
 * The per-column utility figures of a release (see the module comment).
 *
 * @param original - the original data; its spec gives the column's type.
 * @param release - the release, matched by column name.
 * @param column - the column to compare.
 * @throws DatanonymeError `NOT_FOUND` naming the column when the original does not have it.
 * @example
 * columnUtility(original, original, 'age').find((m) => m.name === 'kolmogorovSmirnov')?.value // => 0
 */
export function columnUtility(original: Dataset, release: Dataset, column: string): MetricValue[] {
  const spec = specOf(original, column);
  const numeric = isNumericType(spec.type);
  const names = numeric
    ? ['kolmogorovSmirnov', 'wasserstein']
    : ['totalVariationDistance', 'totalVariationComplement'];
  const refs = numeric ? [REF_KS, REF_W] : [REF_TVD, REF_TVD];
  const all = [...names, 'missingRateDifference', 'missingSimilarity'];
  const allRefs = [...refs, REF_MISSING, REF_MISSING];
  const rSpec = releaseSpec(spec, release, column);
  if (rSpec === undefined) {
    return all.map((n, i) =>
      notApplicable(n, 'utility', 'column not in the release', allRefs[i] as string, [column]),
    );
  }
  const o = cells(original, column);
  const r = cells(release, column);
  const out: MetricValue[] = [];
  let oAbsent: number;
  let rAbsent: number;
  const details: Record<string, unknown> = {};
  if (numeric) {
    const a = numericColumn(o, spec);
    const b = numericColumn(r, rSpec);
    oAbsent = a.missing + a.suppressed + a.unparsed;
    rAbsent = b.missing + b.suppressed + b.unparsed;
    Object.assign(details, {
      releaseSuppressed: b.suppressed,
      releaseUnparsed: b.unparsed,
      originalUnparsed: a.unparsed,
    });
    const oValues = a.values.length - oAbsent;
    const rValues = b.values.length - rAbsent;
    if (oValues === 0 || rValues === 0) {
      const reason =
        oValues === 0 && rValues === 0
          ? 'no values on either side'
          : oValues === 0
            ? 'no values in the original'
            : 'no values in the release (100% missing)';
      out.push(notApplicable(names[0] as string, 'utility', reason, REF_KS, [column]));
      out.push(notApplicable(names[1] as string, 'utility', reason, REF_W, [column]));
    } else {
      const sorted = sortedFinite(a.values);
      const range = (sorted[sorted.length - 1] as number) - (sorted[0] as number);
      const w = wassersteinDistance(a.values, b.values);
      out.push(
        value('kolmogorovSmirnov', kolmogorovSmirnovStatistic(a.values, b.values), REF_KS, column, {
          ...details,
          better: 'lower',
        }),
      );
      out.push(
        value('wasserstein', range > 0 ? w / range : w, REF_W, column, {
          ...details,
          better: 'lower',
          raw: w,
          normalisedBy: range > 0 ? range : 1,
        }),
      );
    }
  } else {
    const domain = new CategoryDomain();
    const a = categoricalColumn(o, spec, domain);
    const b = categoricalColumn(r, rSpec, domain);
    oAbsent = a.missing + a.suppressed;
    rAbsent = b.missing + b.suppressed;
    details.releaseSuppressed = b.suppressed;
    const tvd = totalVariationDistance(
      categoryCounts(a, domain.size),
      categoryCounts(b, domain.size),
    );
    if (Number.isNaN(tvd)) {
      const reason =
        a.rows === 0 && b.rows === 0 ? 'no rows on either side' : 'no values on either side';
      out.push(notApplicable(names[0] as string, 'utility', reason, REF_TVD, [column]));
      out.push(notApplicable(names[1] as string, 'utility', reason, REF_TVD, [column]));
    } else {
      out.push(
        value('totalVariationDistance', tvd, REF_TVD, column, { ...details, better: 'lower' }),
      );
      out.push(
        value('totalVariationComplement', 1 - tvd, REF_TVD, column, {
          ...details,
          better: 'higher',
        }),
      );
    }
  }
  const oRows = o.length;
  const rRows = r.length;
  if (oRows === 0 || rRows === 0) {
    const reason = oRows === 0 ? 'the original has no rows' : 'the release has no rows';
    out.push(notApplicable('missingRateDifference', 'utility', reason, REF_MISSING, [column]));
    out.push(notApplicable('missingSimilarity', 'utility', reason, REF_MISSING, [column]));
  } else {
    const d = Math.abs(oAbsent / oRows - rAbsent / rRows);
    const md = { originalMissingRate: oAbsent / oRows, releaseMissingRate: rAbsent / rRows };
    out.push(
      value('missingRateDifference', d, REF_MISSING, column, {
        ...details,
        ...md,
        better: 'lower',
      }),
    );
    out.push(
      value('missingSimilarity', 1 - d, REF_MISSING, column, {
        ...details,
        ...md,
        better: 'higher',
      }),
    );
  }
  return out;
}
