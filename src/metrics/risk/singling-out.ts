/**
 * Singling-out risk (Article 29 Working Party, Opinion 05/2014; Giomi et al. 2023, §5.1): can an
 * attacker who holds the release write predicates that isolate exactly one person of the
 * original data?
 *
 * The attacker writes predicates that single out exactly one release row:
 * - `univariate`: one column each — `x is missing` when one value is missing, `x ≤ min` and
 *   `x ≥ max` for numbers, and `x = v` for every value v that occurs once;
 * - `multivariate`: from a random release row and `columnsPerPredicate` random columns, the
 *   conjunction of `x = v` (categories), `x ≥ v` (numbers above the column's median) or `x ≤ v`
 *   (at or below it) and `x is missing`; tried until `attacks` distinct predicates single out a
 *   release row, or `maxAttempts` tries.
 * A predicate succeeds when it matches exactly one row of the original; the same predicates are
 * scored on the control rows (original rows not used for the release). As a predicate singles
 * out more easily in a smaller table, the larger of the original and the control is subsampled
 * (seeded) to the size of the other (the paper fits a correction instead). The baseline attacker
 * writes as many random predicates (random columns, a random release value of each, a random
 * operator: =, ≠ for categories; =, ≠, <, >, ≤, ≥ for numbers) and scores them on the original.
 * The risk and its interval are those of `attack-risk.ts`.
 *
 * Predicates are conditions on typed columns, never query strings: any column name works.
 * Values are read by the rule of `metrics/utility/values.ts` (a range label as its midpoint, `*`
 * as missing), so a generalised label singles out no original row.
 *
 * Reference: Giomi, Boenisch, Wehmeyer, Tasnádi, "A unified framework for quantifying privacy
 * risk in synthetic data", PoPETs 2023; A. Cohen and K. Nissim, "Towards formalizing the GDPR's
 * notion of singling out", PNAS 117(15), 2020.
 */
import { DatanonymeError } from '../../errors.js';
import { seededRandom, uniformInt, type RandomSource } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { ATTACK_REFERENCE, attackRisk } from './attack-risk.js';
import { sharedColumns } from './_internals/columns.js';
import { readFeatures, type FeatureTable, type Features } from './_internals/features.js';
import { shuffle } from '../../random/sample.js';
import { sampleIndices } from './_internals/sample.js';

/** Options of {@link singlingOutRisk}. */
export interface SinglingOutOptions {
  mode: 'univariate' | 'multivariate';
  /**
   * Predicates wanted.
   * @defaultValue 2000 (univariate: as many as the release offers, up to this)
   */
  attacks?: number;
  /**
   * Columns per multivariate predicate (at most the number of columns).
   * @defaultValue 3
   */
  columnsPerPredicate?: number;
  /**
   * Multivariate tries before giving up.
   * @defaultValue 20 × attacks
   */
  maxAttempts?: number;
  /** @defaultValue 0.95 */
  confidence?: number;
  seed: number;
}

type Op = 'eq' | 'ne' | 'lt' | 'gt' | 'le' | 'ge' | 'missing';
interface Condition {
  column: number;
  op: Op;
  /** A number (as read) or a label id. */
  value: number;
}

function matches(t: FeatureTable, row: number, c: Condition): boolean {
  const num = t.numeric[c.column];
  if (num) {
    const x = num[row] as number;
    if (c.op === 'missing') return Number.isNaN(x);
    if (Number.isNaN(x)) return c.op === 'ne';
    switch (c.op) {
      case 'eq':
        return x === c.value;
      case 'ne':
        return x !== c.value;
      case 'lt':
        return x < c.value;
      case 'gt':
        return x > c.value;
      case 'le':
        return x <= c.value;
      default:
        return x >= c.value;
    }
  }
  const id = (t.labels[c.column] as Int32Array)[row] as number;
  if (c.op === 'missing') return id < 0;
  if (c.op === 'eq') return id === c.value;
  return id !== c.value;
}

/** Rows of `rows` (all when undefined) matching every condition, counted up to `limit`. */
function count(
  t: FeatureTable,
  conditions: readonly Condition[],
  rows: Int32Array | undefined,
  limit: number,
): number {
  let n = 0;
  const total = rows === undefined ? t.rows : rows.length;
  for (let i = 0; i < total; i++) {
    const r = rows === undefined ? i : (rows[i] as number);
    let all = true;
    for (const c of conditions)
      if (!matches(t, r, c)) {
        all = false;
        break;
      }
    if (all && ++n >= limit) return n;
  }
  return n;
}

const keyOf = (conditions: readonly Condition[]): string =>
  conditions
    .map((c) => `${c.column}:${c.op}:${String(c.value)}`)
    .sort()
    .join('&');

function univariatePredicates(f: Features, rng: RandomSource, wanted: number): Condition[][] {
  const t = f.tables[1] as FeatureTable;
  const candidates: Condition[][] = [];
  f.columns.forEach((_, c) => {
    const num = t.numeric[c];
    const counts = new Map<number, number>();
    let missing = 0;
    let min = Infinity;
    let max = -Infinity;
    for (let r = 0; r < t.rows; r++) {
      const v = num ? (num[r] as number) : ((t.labels[c] as Int32Array)[r] as number);
      if (num ? Number.isNaN(v) : v < 0) {
        missing++;
        continue;
      }
      counts.set(v, (counts.get(v) ?? 0) + 1);
      if (v < min) min = v;
      if (v > max) max = v;
    }
    if (missing === 1) candidates.push([{ column: c, op: 'missing', value: 0 }]);
    if (num && Number.isFinite(min)) {
      candidates.push([{ column: c, op: 'le', value: min }], [{ column: c, op: 'ge', value: max }]);
    }
    for (const [v, n] of counts) if (n === 1) candidates.push([{ column: c, op: 'eq', value: v }]);
  });
  shuffle(rng, candidates);
  const out: Condition[][] = [];
  const seen = new Set<string>();
  for (const p of candidates) {
    if (out.length >= wanted) break;
    const k = keyOf(p);
    if (seen.has(k) || count(t, p, undefined, 2) !== 1) continue;
    seen.add(k);
    out.push(p);
  }
  return out;
}

function multivariatePredicates(
  f: Features,
  rng: RandomSource,
  wanted: number,
  perPredicate: number,
  maxAttempts: number,
): { predicates: Condition[][]; attempts: number } {
  const t = f.tables[1] as FeatureTable;
  const m = f.columns.length;
  const medians = f.columns.map((_, c) => {
    const num = t.numeric[c];
    if (!num) return NaN;
    const v = num.filter((x) => !Number.isNaN(x)).sort();
    return v.length === 0 ? NaN : (v[Math.floor((v.length - 1) / 2)] as number);
  });
  const out: Condition[][] = [];
  const seen = new Set<string>();
  const order = Array.from({ length: m }, (_, i) => i);
  let attempts = 0;
  while (out.length < wanted && attempts < maxAttempts) {
    attempts++;
    const row = uniformInt(rng, t.rows);
    // The first `perPredicate` columns of a partial shuffle.
    for (let i = 0; i < perPredicate; i++) {
      const j = i + uniformInt(rng, m - i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const p: Condition[] = [];
    for (let i = 0; i < perPredicate; i++) {
      const c = order[i] as number;
      const num = t.numeric[c];
      if (num) {
        const x = num[row] as number;
        if (Number.isNaN(x)) p.push({ column: c, op: 'missing', value: 0 });
        else p.push({ column: c, op: x > (medians[c] as number) ? 'ge' : 'le', value: x });
      } else {
        const id = (t.labels[c] as Int32Array)[row] as number;
        p.push(
          id < 0 ? { column: c, op: 'missing', value: 0 } : { column: c, op: 'eq', value: id },
        );
      }
    }
    const k = keyOf(p);
    if (seen.has(k)) continue;
    if (count(t, p, undefined, 2) === 1) {
      seen.add(k);
      out.push(p);
    }
  }
  return { predicates: out, attempts };
}

function randomPredicates(
  f: Features,
  rng: RandomSource,
  n: number,
  perPredicate: number,
): Condition[][] {
  const t = f.tables[1] as FeatureTable;
  const m = f.columns.length;
  const values = f.columns.map((_, c) => {
    const num = t.numeric[c];
    const set = new Set<number>();
    for (let r = 0; r < t.rows; r++)
      set.add(num ? (num[r] as number) : ((t.labels[c] as Int32Array)[r] as number));
    return [...set];
  });
  const order = Array.from({ length: m }, (_, i) => i);
  const out: Condition[][] = [];
  const numericOps: Op[] = ['eq', 'ne', 'lt', 'gt', 'le', 'ge'];
  for (let q = 0; q < n; q++) {
    for (let i = 0; i < perPredicate; i++) {
      const j = i + uniformInt(rng, m - i);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const p: Condition[] = [];
    for (let i = 0; i < perPredicate; i++) {
      const c = order[i] as number;
      const vs = values[c] as number[];
      const v = vs[uniformInt(rng, vs.length)] as number;
      const isNum = t.numeric[c] !== null;
      const missing = isNum ? Number.isNaN(v) : v < 0;
      if (missing) p.push({ column: c, op: uniformInt(rng, 2) === 0 ? 'missing' : 'ne', value: v });
      else
        p.push({
          column: c,
          op: isNum
            ? (numericOps[uniformInt(rng, 6)] as Op)
            : uniformInt(rng, 2) === 0
              ? 'eq'
              : 'ne',
          value: v,
        });
    }
    out.push(p);
  }
  return out;
}

/**
 * The singling-out risk of a release (see the module comment), as a {@link MetricValue} named
 * `singlingOutRisk` with `ci` and, in `details`, the success rates of the attack on the original,
 * on the control and of the baseline, the numbers of predicates and the mode.
 *
 * @param original - the rows the release was made from.
 * @param release - the release.
 * @param control - original rows not used for the release.
 * @param columns - the columns predicates may use; those absent from a table are skipped.
 * @throws DatanonymeError `BAD_PARAMETER` for a bad mode, attack count or columns per predicate.
 * @example singlingOutRisk(original, release, control, ['age', 'sex'], { mode: 'univariate', seed: 1 }).ci // => [low, high]
 */
export function singlingOutRisk(
  original: Dataset,
  release: Dataset,
  control: Dataset,
  columns: readonly string[],
  options: SinglingOutOptions,
): MetricValue {
  const name = 'singlingOutRisk';
  const wanted = options.attacks ?? 2000;
  const mode: string = options.mode; // checked at run time for JavaScript callers
  if (mode !== 'univariate' && mode !== 'multivariate') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `mode must be univariate or multivariate, got ${mode}`,
      {
        field: 'mode',
        value: mode,
      },
    );
  }
  if (!(Number.isInteger(wanted) && wanted >= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `attacks must be an integer ≥ 1, got ${String(wanted)}`,
      {
        field: 'attacks',
        value: String(wanted),
      },
    );
  }
  const { present, skipped } = sharedColumns([original, release, control], columns);
  if (present.length === 0)
    return notApplicable(
      name,
      'risk',
      'none of the columns is in every table',
      ATTACK_REFERENCE,
      present,
    );
  if ([original, release, control].some((t) => t.table.numRows() === 0)) {
    return notApplicable(name, 'risk', 'a table is empty', ATTACK_REFERENCE, present);
  }
  const perPredicate =
    options.mode === 'univariate' ? 1 : Math.min(options.columnsPerPredicate ?? 3, present.length);
  if (!(Number.isInteger(perPredicate) && perPredicate >= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `columnsPerPredicate must be an integer ≥ 1, got ${String(options.columnsPerPredicate)}`,
      {
        field: 'columnsPerPredicate',
        value: String(options.columnsPerPredicate),
      },
    );
  }
  const rng = seededRandom(options.seed);
  const f = readFeatures([original, release, control], present);
  let predicates: Condition[][];
  let attempts: number;
  if (options.mode === 'univariate') {
    predicates = univariatePredicates(f, rng, wanted);
    attempts = predicates.length;
  } else {
    ({ predicates, attempts } = multivariatePredicates(
      f,
      rng,
      wanted,
      perPredicate,
      options.maxAttempts ?? 20 * wanted,
    ));
  }
  const nO = original.table.numRows();
  const nC = control.table.numRows();
  const common = Math.min(nO, nC);
  const originalRows = nO > common ? sampleIndices(rng, nO, common) : undefined;
  const controlRows = nC > common ? sampleIndices(rng, nC, common) : undefined;
  let successes = 0;
  let controlSuccesses = 0;
  for (const p of predicates) {
    if (count(f.tables[0] as FeatureTable, p, originalRows, 2) === 1) successes++;
    if (count(f.tables[2] as FeatureTable, p, controlRows, 2) === 1) controlSuccesses++;
  }
  const baseline = randomPredicates(f, rng, predicates.length, perPredicate);
  let baselineSuccesses = 0;
  for (const p of baseline)
    if (count(f.tables[0] as FeatureTable, p, originalRows, 2) === 1) baselineSuccesses++;
  if (predicates.length === 0) {
    return notApplicable(
      name,
      'risk',
      'no predicate isolates a single release record (every combination of values the attacker can write is shared by several records of the release), so the attack cannot start',
      ATTACK_REFERENCE,
      columns,
    );
  }
  return attackRisk(
    name,
    {
      attacks: predicates.length,
      successes,
      controlAttacks: predicates.length,
      controlSuccesses,
      baselineAttacks: baseline.length,
      baselineSuccesses,
    },
    present,
    options.confidence ?? 0.95,
    {
      mode: options.mode,
      requestedAttacks: wanted,
      attempts,
      columnsPerPredicate: perPredicate,
      comparedRowsEach: common,
      skippedColumns: skipped,
      seed: options.seed,
    },
  );
}
