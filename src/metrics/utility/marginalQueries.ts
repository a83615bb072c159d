/**
 * Random workloads of marginal and counting queries, answered on the original and on the release.
 *
 * - `threeWayMarginal`: the mean total-variation distance of the 3-way marginals of `queries`
 *   random triples of distinct columns (every triple once when there are no more triples than
 *   that), cells as in `marginals.ts` (numeric columns in 10 equal-width bins of the original's
 *   range, missing a cell of its own).
 * - `rangeQueryError`: the mean relative error of `queries` random conjunctive counting queries.
 *   Each query picks 1 to 3 distinct columns; a numeric or date column gets a range [lo, hi]
 *   between two values drawn from the original's present values, a categorical column an IN set
 *   (each of the original's categories kept with probability ½, at least one). A missing or
 *   suppressed cell satisfies no predicate; a spread label satisfies an IN set by the share of its
 *   categories inside it. With a the original's count and b the release's count scaled to the
 *   original's size (b · n_o / n_r), the relative error is |a − b| / max(a, s) with the sanity
 *   bound s = max(1, 0.1 % of n_o), which keeps near-empty queries from dominating.
 *
 * References: McKenna, Miklau, Sheldon, "Winning the NIST contest", JPC 2021 (random 3-way
 * marginals); Xiao, Wang, Gehrke, "Differential privacy via wavelet transforms", ICDE 2010, and
 * Zhang et al., "PrivBayes", TODS 2017, §7 (relative error of range-count queries with a sanity
 * bound of 0.1 % of the rows).
 */
import { sampleIndices } from '../../random/sample.js';
import { uniformInt, seededRandom, type RandomSource } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { cells, isNumericType, releaseSpec, specOf } from './columns.js';
import { sortedFinite } from './kolmogorovSmirnov.js';
import { marginalColumn, marginalDistance, type MarginalColumn } from './marginals.js';
import {
  categoricalColumn,
  CategoryDomain,
  numericColumn,
  type CategoricalColumn,
} from './values.js';

/** Options of {@link marginalQueryUtility}. */
export interface MarginalQueryOptions {
  /** Seed of the random triples and queries. */
  seed: number;
  /** Number of random 3-way marginals and of random range queries. @defaultValue 100 */
  queries?: number;
}

const REF_3WAY = 'mean TVD of random 3-way marginals (McKenna, Miklau, Sheldon 2021)';
const REF_RANGE =
  'relative error of random range-count queries, sanity bound 0.1% of rows (Xiao, Wang, Gehrke 2010; Zhang et al. 2017)';

/** A column for the range queries: numeric values, or categories with their domain size. */
type QueryColumn =
  | { kind: 'numeric'; name: string; o: Float64Array; r: Float64Array; sorted: Float64Array }
  | { kind: 'categorical'; name: string; o: CategoricalColumn; r: CategoricalColumn; size: number };

/** k distinct indices out of n, uniformly, ascending. */
function choose(rng: RandomSource, n: number, k: number): number[] {
  return Array.from(sampleIndices(rng, n, k));
}

/** Every k-subset of 0…n−1, in lexicographic order. */
function allSubsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const rec = (start: number, acc: number[]): void => {
    if (acc.length === k) {
      out.push(acc.slice());
      return;
    }
    for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  return out;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 0; i < k; i++) r = (r * (n - i)) / (i + 1);
  return Math.round(r);
}

/**
 * The random 3-way marginal distance and the range-query relative error of a release (see the
 * module comment).
 *
 * @throws DatanonymeError `NOT_FOUND` naming a column the original does not have;
 *   `BAD_PARAMETER` from the seed.
 * @example
 * marginalQueryUtility(original, original, ['age', 'sex', 'race'], { seed: 1 })[0]?.value // => 0
 */
export function marginalQueryUtility(
  original: Dataset,
  release: Dataset,
  columns: readonly string[],
  options: MarginalQueryOptions,
): MetricValue[] {
  const queries = Math.max(1, Math.floor(options.queries ?? 100));
  const names = [...new Set(columns)];
  const rng = seededRandom(options.seed);

  // 3-way marginals.
  const marginal: MarginalColumn[] = [];
  for (const name of names) {
    const m = marginalColumn(original, release, name);
    if (m !== undefined) marginal.push(m);
  }
  const out: MetricValue[] = [];
  if (marginal.length < 3) {
    out.push(
      notApplicable(
        'threeWayMarginal',
        'utility',
        'fewer than three columns in both tables',
        REF_3WAY,
        names,
      ),
    );
  } else {
    const triples =
      binomial(marginal.length, 3) <= queries
        ? allSubsets(marginal.length, 3)
        : Array.from({ length: queries }, () => choose(rng, marginal.length, 3));
    let sum = 0;
    let used = 0;
    let worst = 0;
    for (const t of triples) {
      const tvd = marginalDistance(t.map((i) => marginal[i] as MarginalColumn));
      if (Number.isNaN(tvd)) continue;
      sum += tvd;
      used++;
      worst = Math.max(worst, tvd);
    }
    out.push(
      used === 0
        ? notApplicable('threeWayMarginal', 'utility', 'no rows on either side', REF_3WAY, names)
        : {
            name: 'threeWayMarginal',
            kind: 'utility',
            value: sum / used,
            reference: REF_3WAY,
            columns: marginal.map((m) => m.name),
            details: { marginals: used, worst, bins: 10, seed: options.seed, better: 'lower' },
          },
    );
  }
  out.push(rangeQueryError(original, release, names, queries, rng, options.seed));
  return out;
}

function readQueryColumn(
  original: Dataset,
  release: Dataset,
  name: string,
): QueryColumn | undefined {
  const spec = specOf(original, name);
  const rSpec = releaseSpec(spec, release, name);
  if (rSpec === undefined) return undefined;
  if (isNumericType(spec.type)) {
    const o = numericColumn(cells(original, name), spec).values;
    return {
      kind: 'numeric',
      name,
      o,
      r: numericColumn(cells(release, name), rSpec).values,
      sorted: sortedFinite(o),
    };
  }
  const domain = new CategoryDomain();
  const o = categoricalColumn(cells(original, name), spec, domain);
  const size = domain.size;
  const r = categoricalColumn(cells(release, name), rSpec, domain);
  return { kind: 'categorical', name, o, r, size };
}

/** A predicate as a weight per row in [0, 1], for one side. */
type Predicate = (side: 'o' | 'r') => Float64Array;

function numericPredicate(c: QueryColumn & { kind: 'numeric' }, rng: RandomSource): Predicate {
  const n = c.sorted.length;
  const x = c.sorted[uniformInt(rng, n)] as number;
  const y = c.sorted[uniformInt(rng, n)] as number;
  const lo = Math.min(x, y);
  const hi = Math.max(x, y);
  return (side) => {
    const v = c[side];
    const w = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const u = v[i] as number;
      w[i] = u >= lo && u <= hi ? 1 : 0;
    }
    return w;
  };
}

function categoricalPredicate(
  c: QueryColumn & { kind: 'categorical' },
  rng: RandomSource,
): Predicate {
  const inSet = new Uint8Array(Math.max(c.size, 1));
  let any = false;
  while (!any) {
    for (let k = 0; k < c.size; k++) {
      inSet[k] = rng.uint32() >>> 31;
      if (inSet[k] === 1) any = true;
    }
  }
  return (side) => {
    const col = c[side];
    const share = col.spread.map((s) => {
      let inside = 0;
      for (const cat of s) if (cat < c.size && inSet[cat] === 1) inside++;
      return inside / s.length;
    });
    const w = new Float64Array(col.rows);
    for (let i = 0; i < col.rows; i++) {
      const l = col.labelOf[i] as number;
      w[i] = l < 0 ? 0 : (share[l] as number);
    }
    return w;
  };
}

function rangeQueryError(
  original: Dataset,
  release: Dataset,
  names: readonly string[],
  queries: number,
  rng: RandomSource,
  seed: number,
): MetricValue {
  const usable: QueryColumn[] = [];
  for (const name of names) {
    const c = readQueryColumn(original, release, name);
    if (c === undefined) continue;
    if (c.kind === 'numeric' ? c.sorted.length > 0 : c.size > 0) usable.push(c);
  }
  const no = original.table.numRows();
  const nr = release.table.numRows();
  if (usable.length === 0 || no === 0 || nr === 0) {
    const reason =
      no === 0 || nr === 0 ? 'a table has no rows' : 'no column with values in both tables';
    return notApplicable('rangeQueryError', 'utility', reason, REF_RANGE, names);
  }
  const sanity = Math.max(1, 0.001 * no);
  const errors = new Float64Array(queries);
  for (let q = 0; q < queries; q++) {
    const k = 1 + uniformInt(rng, Math.min(3, usable.length));
    const picked = choose(rng, usable.length, k).map((i) => usable[i] as QueryColumn);
    const predicates = picked.map((c) =>
      c.kind === 'numeric' ? numericPredicate(c, rng) : categoricalPredicate(c, rng),
    );
    const answer = (side: 'o' | 'r'): number => {
      let w: Float64Array | undefined;
      for (const p of predicates) {
        const v = p(side);
        if (w === undefined) w = v;
        else for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) * (v[i] as number);
      }
      let s = 0;
      for (const x of w ?? []) s += x;
      return s;
    };
    const a = answer('o');
    const b = (answer('r') * no) / nr;
    errors[q] = Math.abs(a - b) / Math.max(a, sanity);
  }
  const sorted = errors.slice().sort();
  let sum = 0;
  for (const e of errors) sum += e;
  return {
    name: 'rangeQueryError',
    kind: 'utility',
    value: sum / queries,
    reference: REF_RANGE,
    columns: usable.map((c) => c.name),
    details: {
      queries,
      median: sorted[Math.floor((queries - 1) / 2)],
      p95: sorted[Math.min(queries - 1, Math.floor(0.95 * queries))],
      sanityBound: sanity,
      seed,
      better: 'lower',
    },
  };
}
