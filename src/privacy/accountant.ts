/**
 * The differential-privacy budget accountant: a total budget, a ledger of what was spent, and a
 * spend that is checked before it is made.
 *
 * Three kinds of budget (see {@link PrivacyBudget}):
 * - **pure ε** — every spend is ε-DP; sequential composition adds the ε (Dwork, McSherry, Nissim,
 *   Smith 2006; Dwork and Roth 2014, Theorem 3.14).
 * - **(ε, δ)** — with *basic* composition the ε and the δ add up (Dwork and Roth 2014, Theorem
 *   3.16); with *advanced* composition (Dwork, Rothblum, Vadhan 2010; Dwork and Roth 2014, Theorem
 *   3.20) spends ε₁ … ε_k with δ₁ … δ_k compose to
 *   (√(2 ln(1/δ′) Σ εᵢ²) + Σ εᵢ(e^εᵢ − 1), Σ δᵢ + δ′) for a slack δ′ > 0 — for k equal spends the
 *   textbook (ε√(2k ln(1/δ′)) + kε(e^ε − 1), kδ + δ′); the heterogeneous form comes from the same
 *   proof (Azuma's inequality on privacy losses bounded by εᵢ of mean at most εᵢ(e^εᵢ − 1)). A set
 *   of spends fits when the basic *or* the advanced statement fits the total, since both hold. The
 *   theorem assumes the εᵢ are fixed in advance (the mechanisms themselves may be adaptive), as in a
 *   release plan; when ε values are chosen from earlier answers, use basic composition.
 * - **ρ-zCDP** (Bun and Steinke, TCC 2016) — the ρ add up (their Lemma 2.3); an ε-DP spend costs
 *   ρ = ε²/2 (their Proposition 1.4); ρ-zCDP implies (ρ + 2√(ρ ln(1/δ)), δ)-DP for every δ > 0
 *   (their Proposition 1.3), which {@link zcdpToApproximateDp} computes.
 *
 * Exact arithmetic (case B16). Every ε, δ and ρ is taken as the decimal it prints as
 * (`String(x)`: the shortest decimal that reads back as the same double, so `0.1` is 1/10, not
 * the double nearest to it) and sums and differences are computed exactly on decimals held as
 * BigInt scaled integers. So 0.1 + 0.2 fits a total of 0.3, and a spend is never lost in rounding:
 * every accepted spend changes the ledger. Spends of ε or ρ below {@link MIN_SPEND} (1e-12) are
 * refused, as are zero, negative and non-finite ones. Only the advanced-composition bound (square
 * root, logarithm, exponential) is computed in doubles; it is inflated by a relative 1e-12 plus
 * four units in the last place per spend, above the rounding error of those operations, so that
 * rounding never makes a spend fit. {@link splitBudget} splits a budget into parts whose decimals
 * add up to no more than the whole, for composite queries.
 *
 * A spend that does not fit throws `BUDGET_EXCEEDED`, says what is left, and changes nothing;
 * {@link PrivacyAccountant.spendAll} charges several spends (the parts of a composite query such as
 * a mean, a noisy sum and a noisy count) all or nothing.
 */
import { DatanonymeError } from '../errors.js';

/** Spends of ε or ρ smaller than this are refused, so that no spend is negligible by accident. */
export const MIN_SPEND = 1e-12;

/**
 * A total ε at or above this draws a warning: the guarantee is weak (e^10 ≈ 22,000); the same
 * limit as methods/dp/parameters.ts.
 */
export const LARGE_EPSILON = 10;
/** A total ε below this draws a warning: the noise will drown most statistics. */
export const SMALL_EPSILON = 1e-4;
/** A total δ above this draws a warning: δ should be far below 1/n. */
export const LARGE_DELTA = 1e-3;
/** A total ρ above this draws a warning (ρ = 5 is about ε = 26 at δ = 1e-6). */
export const LARGE_RHO = 5;
/** A total ρ below this draws a warning (ε²/2 for ε = 1e-4). */
export const SMALL_RHO = 5e-9;

/**
 * The total budget. `{ epsilon }`: pure ε-DP. `{ epsilon, delta }` with δ > 0: (ε, δ)-DP, with
 * `composition` basic or advanced. `{ rho }`: ρ-zCDP; an optional `delta` states the total as
 * (ε, δ) in reports.
 */
export interface PrivacyBudget {
  epsilon?: number;
  /** In [0, 1); 0 or absent with `epsilon` means pure ε-DP. */
  delta?: number;
  rho?: number;
  /**
   * How (ε, δ) spends compose. `'advanced'` applies the better of basic and advanced composition.
   * @defaultValue `'basic'`
   */
  composition?: 'basic' | 'advanced';
  /**
   * The δ′ of advanced composition, part of the total δ.
   * @defaultValue half the total δ
   */
  slack?: number;
}

/** What a query asks to spend. Pure spends give `epsilon`; zCDP ones `rho`. */
export interface Spend {
  /** The query, for the ledger (`count`, `mean of age`). */
  query: string;
  /** The mechanism, for the ledger (`geometric`, `laplace`, `gaussian`, `exponential`). */
  mechanism: string;
  epsilon?: number;
  /** @defaultValue 0 */
  delta?: number;
  rho?: number;
  /** The noise scale the mechanism will use, for the ledger. */
  scale?: number;
}

/** One charged spend. */
export interface LedgerEntry {
  query: string;
  mechanism: string;
  /** The ε of the spend (0 for a ρ spend). */
  epsilon: number;
  /** The δ of the spend. */
  delta: number;
  /** The ρ charged: the spend's ρ, or ε²/2 for an ε spend on a zCDP budget; 0 on other budgets. */
  rho: number;
  /** The noise scale, when the query gave it. */
  scale: number | null;
  /** When it was charged (ISO 8601). */
  at: string;
}

/** Budget figures as numbers. `epsilon` is null for a zCDP budget without a δ to convert at. */
export interface BudgetFigures {
  epsilon: number | null;
  delta: number;
  rho: number | null;
}

/** A remark on a budget that is legal but probably not what was meant. */
export interface BudgetWarning {
  field: string;
  message: string;
}

/** Options of {@link PrivacyAccountant}. */
export interface AccountantOptions {
  /** The clock used to time-stamp ledger entries. @defaultValue `() => new Date()` */
  now?: () => Date;
}

/**
 * The ε of (ε, δ)-DP that ρ-zCDP implies: ρ + 2√(ρ ln(1/δ)) (Bun and Steinke 2016, Proposition
 * 1.3).
 *
 * @throws DatanonymeError `BAD_PARAMETER` when ρ < 0 or δ is not in (0, 1).
 * @example zcdpToApproximateDp(0.5, 1e-6) // => 5.756… (0.5 + 2√(0.5 · 13.8155…))
 */
export function zcdpToApproximateDp(rho: number, delta: number): number {
  if (!Number.isFinite(rho) || rho < 0) badParameter('rho', rho, 'a finite number ≥ 0');
  if (!Number.isFinite(delta) || delta <= 0 || delta >= 1) {
    badParameter('delta', delta, 'a number in (0, 1)');
  }
  return rho + 2 * Math.sqrt(rho * Math.log(1 / delta));
}

/**
 * The ε of the advanced composition of ε-DP (or (εᵢ, δᵢ)-DP) spends at slack δ′:
 * √(2 ln(1/δ′) Σ εᵢ²) + Σ εᵢ(e^εᵢ − 1) (Dwork, Rothblum, Vadhan 2010; Dwork and Roth 2014,
 * Theorem 3.20, in its heterogeneous form). The composition is (this, Σ δᵢ + δ′)-DP.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when δ′ is not in (0, 1) or an ε is negative.
 * @example advancedCompositionEpsilon([0.1, 0.1], 1e-6) // => 0.7645… (0.1·√(4 ln 1e6) + 0.2(e^0.1 − 1))
 */
export function advancedCompositionEpsilon(epsilons: readonly number[], slack: number): number {
  if (!Number.isFinite(slack) || slack <= 0 || slack >= 1) {
    badParameter('slack', slack, 'a number in (0, 1)');
  }
  let squares = 0;
  let drift = 0;
  for (const e of epsilons) {
    if (!Number.isFinite(e) || e < 0) badParameter('epsilon', e, 'a finite number ≥ 0');
    squares += e * e;
    drift += e * Math.expm1(e);
  }
  return Math.sqrt(2 * Math.log(1 / slack) * squares) + drift;
}

/**
 * Splits a privacy parameter (ε, δ or ρ) into `parts` near-equal parts whose decimals (see the
 * module comment) add up to at most the decimal of `total`, so that a composite query charged
 * part by part never costs more than it was given. The first parts are total/parts truncated to
 * 15 significant digits (which read back exactly); the last is the exact rest, rounded down to a
 * double if it does not read back exactly.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when `total` is not a finite number > 0 or `parts` not
 *   an integer ≥ 1.
 * @example splitBudget(1, 3) // => [0.333333333333333, 0.333333333333333, 0.333333333333334]
 */
export function splitBudget(total: number, parts: number): number[] {
  positive(total, 'total');
  if (!Number.isInteger(parts) || parts < 1) badParameter('parts', parts, 'an integer ≥ 1');
  if (parts === 1) return [total];
  const whole = decimalOf(total);
  let m = (whole.m * 10n ** 20n) / BigInt(parts);
  let e = whole.e - 20;
  const length = m.toString().length;
  if (length > 15) {
    m /= 10n ** BigInt(length - 15);
    e += length - 15;
  }
  const share: Decimal = { m, e };
  const rest = sub(whole, { m: m * BigInt(parts - 1), e });
  let last = toNumber(rest);
  while (last > 0 && compare(decimalOf(last), rest) > 0) last = nextDown(last);
  return [...Array<number>(parts - 1).fill(toNumber(share)), last];
}

/** The largest double below a positive finite x. */
function nextDown(x: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  view.setBigUint64(0, view.getBigUint64(0) - 1n);
  return view.getFloat64(0);
}

/**
 * A differential-privacy budget and its ledger. Every spend is checked before it is charged: a
 * spend that would overspend throws `BUDGET_EXCEEDED` stating what is left and changes nothing.
 * Sums are exact (see the module comment).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `epsilon`, `delta`, `rho` or `slack` for a total
 *   that is missing, zero, negative, NaN or infinite, or a δ outside [0, 1).
 * @example
 * const a = new PrivacyAccountant({ epsilon: 0.3 });
 * a.spend({ query: 'count', mechanism: 'geometric', epsilon: 0.1 });
 * a.spend({ query: 'sum', mechanism: 'laplace', epsilon: 0.2 }); // fits exactly
 */
export class PrivacyAccountant {
  /** `pure` (ε), `approximate` ((ε, δ)) or `zcdp` (ρ). */
  readonly kind: 'pure' | 'approximate' | 'zcdp';
  /** How (ε, δ) spends compose; `basic` for the other kinds. */
  readonly composition: 'basic' | 'advanced';
  /** The total budget as given. */
  readonly total: Readonly<BudgetFigures>;
  /** The δ′ of advanced composition (0 otherwise). */
  readonly slack: number;
  /** Remarks on extreme totals (see the constants of this module). */
  readonly warnings: readonly BudgetWarning[];

  readonly #now: () => Date;
  readonly #totalEpsilon: Decimal;
  readonly #totalDelta: Decimal;
  readonly #totalRho: Decimal;
  readonly #slack: Decimal;
  readonly #entries: LedgerEntry[] = [];
  /** The running totals of what was charged (exact). */
  #spent: Cost = { epsilon: ZERO, delta: ZERO, rho: ZERO };
  /** Σ εᵢ² and Σ εᵢ(e^εᵢ − 1) of the charged spends, for advanced composition. */
  #squares = 0;
  #drift = 0;
  #count = 0;

  constructor(budget: PrivacyBudget, options: AccountantOptions = {}) {
    if (typeof budget !== 'object' || (budget as unknown) === null) {
      throw new DatanonymeError('BAD_PARAMETER', 'the privacy budget must be an object', {
        field: 'budget',
      });
    }
    this.#now = options.now ?? ((): Date => new Date());
    const warnings: BudgetWarning[] = [];
    if (budget.rho !== undefined) {
      if (budget.epsilon !== undefined) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          'give the budget as epsilon (and delta) or as rho (zCDP), not both',
          { field: 'rho' },
        );
      }
      this.kind = 'zcdp';
      const rho = positive(budget.rho, 'rho');
      const delta = budget.delta === undefined ? 0 : probability(budget.delta, 'delta', true);
      this.#totalRho = decimalOf(rho);
      this.#totalEpsilon = ZERO;
      this.#totalDelta = decimalOf(delta);
      this.total = {
        epsilon: delta > 0 ? zcdpToApproximateDp(rho, delta) : null,
        delta,
        rho,
      };
      if (rho > LARGE_RHO) {
        warnings.push({ field: 'rho', message: `ρ = ${rho} is above ${LARGE_RHO}: weak privacy` });
      }
      if (rho < SMALL_RHO) {
        warnings.push({
          field: 'rho',
          message: `ρ = ${rho} is below ${SMALL_RHO}: the noise will drown the statistics`,
        });
      }
    } else {
      const epsilon = positive(budget.epsilon, 'epsilon');
      const delta = budget.delta === undefined ? 0 : probability(budget.delta, 'delta', true);
      this.kind = delta > 0 ? 'approximate' : 'pure';
      this.#totalEpsilon = decimalOf(epsilon);
      this.#totalDelta = decimalOf(delta);
      this.#totalRho = ZERO;
      this.total = { epsilon, delta, rho: null };
      if (epsilon >= LARGE_EPSILON) {
        warnings.push({
          field: 'epsilon',
          message: `ε = ${epsilon} is at least ${LARGE_EPSILON}: the privacy is negligible`,
        });
      }
      if (epsilon < SMALL_EPSILON) {
        warnings.push({
          field: 'epsilon',
          message: `ε = ${epsilon} is below ${SMALL_EPSILON}: the noise will drown the statistics`,
        });
      }
    }
    if (this.total.delta > LARGE_DELTA) {
      warnings.push({
        field: 'delta',
        message: `δ = ${this.total.delta} is above ${LARGE_DELTA}: δ should be far below 1/n`,
      });
    }
    const composition = budget.composition ?? 'basic';
    if (!(['basic', 'advanced'] as unknown[]).includes(composition)) {
      badParameter('composition', composition, '"basic" or "advanced"');
    }
    if (composition === 'advanced' && this.kind !== 'approximate') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        'advanced composition needs an (epsilon, delta) budget with delta > 0',
        { field: 'composition', value: composition },
      );
    }
    this.composition = composition;
    if (composition === 'advanced') {
      const slack =
        budget.slack === undefined ? this.total.delta / 2 : probability(budget.slack, 'slack');
      if (slack > this.total.delta) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `slack must not exceed the total delta ${this.total.delta}, got ${slack}`,
          { field: 'slack', value: String(slack) },
        );
      }
      this.slack = slack;
      this.#slack = decimalOf(slack);
    } else {
      if (budget.slack !== undefined) {
        throw new DatanonymeError('BAD_PARAMETER', 'slack applies to advanced composition only', {
          field: 'slack',
          value: String(budget.slack),
        });
      }
      this.slack = 0;
      this.#slack = ZERO;
    }
    this.warnings = warnings;
  }

  /** The charged spends, oldest first (a copy). */
  get ledger(): LedgerEntry[] {
    return this.#entries.map((e) => ({ ...e }));
  }

  /**
   * True when the spends fit what is left, together.
   *
   * @throws DatanonymeError `BAD_PARAMETER` for a malformed spend (see {@link spend}).
   * @example new PrivacyAccountant({ epsilon: 1 }).canSpend({ query: 'q', mechanism: 'laplace', epsilon: 2 }) // => false
   */
  canSpend(...spends: Spend[]): boolean {
    return this.#fits(spends.map((s) => this.#costOf(s)));
  }

  /**
   * Throws `BUDGET_EXCEEDED` unless the spends fit what is left together; charges nothing.
   *
   * @throws DatanonymeError `BUDGET_EXCEEDED` stating what is left; `BAD_PARAMETER` for a
   *   malformed spend.
   * @example accountant.check({ query: 'count', mechanism: 'geometric', epsilon: 0.5 });
   */
  check(...spends: Spend[]): void {
    const costs = spends.map((s) => this.#costOf(s));
    if (!this.#fits(costs)) throw this.#exceeded(spends, costs);
  }

  /**
   * Charges one spend after checking that it fits. A spend of ε (or ρ) must be a finite number ≥
   * {@link MIN_SPEND}; δ must be in [0, 1). A pure budget takes only ε spends; an (ε, δ) budget
   * ε with an optional δ; a zCDP budget ρ spends or pure ε spends (charged ε²/2).
   *
   * @returns the ledger entry.
   * @throws DatanonymeError `BUDGET_EXCEEDED` when it does not fit (the message states what is
   *   left; nothing is charged); `BAD_PARAMETER` naming `epsilon`, `delta` or `rho` for a zero,
   *   negative, non-finite or too small value, or a kind of spend the budget cannot take.
   * @example accountant.spend({ query: 'count', mechanism: 'geometric', epsilon: 0.4, scale: 2.5 });
   */
  spend(spend: Spend): LedgerEntry {
    const [entry] = this.spendAll([spend]);
    return entry as LedgerEntry;
  }

  /**
   * Charges several spends atomically: all of them if they fit together, none otherwise. A
   * composite query (a mean: a noisy sum and a noisy count) records its whole cost this way.
   *
   * @throws DatanonymeError as {@link spend}; on any error nothing is charged.
   * @example accountant.spendAll([{ query: 'mean', mechanism: 'laplace', epsilon: 0.25 },
   *   { query: 'mean', mechanism: 'geometric', epsilon: 0.25 }]);
   */
  spendAll(spends: readonly Spend[]): LedgerEntry[] {
    if (spends.length === 0) {
      throw new DatanonymeError('BAD_PARAMETER', 'nothing to spend: the list of spends is empty', {
        field: 'spends',
      });
    }
    const costs = spends.map((s) => this.#costOf(s));
    if (!this.#fits(costs)) throw this.#exceeded(spends, costs);
    const at = this.#now().toISOString();
    const entries = spends.map((s, i): LedgerEntry => ({
      query: s.query,
      mechanism: s.mechanism,
      epsilon: s.epsilon ?? 0,
      delta: s.delta ?? 0,
      rho: this.kind === 'zcdp' ? toNumber((costs[i] as Cost).rho) : 0,
      scale: s.scale ?? null,
      at,
    }));
    this.#spent = total([this.#spent, ...costs]);
    for (const c of costs) {
      const e = toNumber(c.epsilon);
      this.#squares += e * e;
      this.#drift += e * Math.expm1(e);
    }
    this.#count += costs.length;
    this.#entries.push(...entries);
    return entries.map((e) => ({ ...e }));
  }

  /**
   * What has been spent, as the composition theorem of this budget states it: the sums for pure
   * and basic budgets; the better of basic and advanced composition for advanced budgets; ρ and
   * its (ε, δ) equivalent for zCDP.
   *
   * @example new PrivacyAccountant({ epsilon: 1 }).spent() // => { epsilon: 0, delta: 0, rho: null }
   */
  spent(): BudgetFigures {
    const { epsilon, delta } = this.#spent;
    if (this.kind === 'zcdp') {
      const rho = toNumber(this.#spent.rho);
      const d = this.total.delta;
      return { epsilon: d > 0 ? zcdpToApproximateDp(rho, d) : null, delta: d, rho };
    }
    if (this.composition === 'advanced' && this.#count > 0) {
      const advanced = this.#advancedEpsilon([]);
      if (advanced < toNumber(epsilon)) {
        return { epsilon: advanced, delta: toNumber(add(delta, this.#slack)), rho: null };
      }
    }
    return { epsilon: toNumber(epsilon), delta: toNumber(delta), rho: null };
  }

  /**
   * What is left. Pure and basic: the exact differences. zCDP: ρ left (and `epsilon` null).
   * Advanced: `epsilon` is the largest ε spend (δ = 0) that still fits, found by bisection;
   * `delta` the total δ less the δ spent.
   *
   * @example new PrivacyAccountant({ epsilon: 1 }).remaining() // => { epsilon: 1, delta: 0, rho: null }
   */
  remaining(): BudgetFigures {
    const delta = toNumber(sub(this.#totalDelta, this.#spent.delta));
    if (this.kind === 'zcdp') {
      const rho = toNumber(sub(this.#totalRho, this.#spent.rho));
      return { epsilon: null, delta: this.total.delta, rho };
    }
    const basic = toNumber(sub(this.#totalEpsilon, this.#spent.epsilon));
    if (this.composition === 'basic') return { epsilon: basic, delta, rho: null };
    return { epsilon: this.#largestFit(basic), delta, rho: null };
  }

  /** The remaining budget as exact decimal text (`0.2`, not `0.19999999999999996`). */
  remainingText(): { epsilon: string; delta: string; rho: string } {
    return {
      epsilon: text(sub(this.#totalEpsilon, this.#spent.epsilon)),
      delta: text(sub(this.#totalDelta, this.#spent.delta)),
      rho: text(sub(this.#totalRho, this.#spent.rho)),
    };
  }

  /** Budget, spent, left and the ledger, for reports. */
  toJSON(): Record<string, unknown> {
    return {
      kind: this.kind,
      composition: this.composition,
      total: this.total,
      ...(this.composition === 'advanced' ? { slack: this.slack } : {}),
      spent: this.spent(),
      remaining: this.remaining(),
      ledger: this.ledger,
      warnings: this.warnings,
    };
  }

  #costOf(s: Spend): Cost {
    if (typeof s !== 'object' || (s as unknown) === null) {
      throw new DatanonymeError('BAD_PARAMETER', 'a spend must be an object', { field: 'spend' });
    }
    for (const key of ['query', 'mechanism'] as const) {
      if (typeof s[key] !== 'string' || s[key] === '') {
        throw new DatanonymeError('BAD_PARAMETER', `a spend needs a ${key} name`, { field: key });
      }
    }
    if (s.scale !== undefined && !(typeof s.scale === 'number' && s.scale > 0)) {
      badParameter('scale', s.scale, 'a number > 0');
    }
    const delta = s.delta === undefined ? 0 : probability(s.delta, 'delta', true);
    if (s.epsilon === undefined && s.rho === undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the spend of "${s.query}" gives neither epsilon nor rho`,
        { field: 'epsilon' },
      );
    }
    if (s.epsilon !== undefined && s.rho !== undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the spend of "${s.query}" gives both epsilon and rho: give one`,
        { field: 'rho' },
      );
    }
    if (s.rho !== undefined) {
      const rho = spendAmount(s.rho, 'rho');
      if (this.kind !== 'zcdp') {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `a rho (zCDP) spend cannot be charged to an ${this.kind === 'pure' ? 'ε' : '(ε, δ)'} budget: ` +
            'spend its (ε, δ) equivalent (zcdpToApproximateDp)',
          { field: 'rho', value: String(s.rho) },
        );
      }
      if (delta > 0) {
        throw new DatanonymeError('BAD_PARAMETER', 'a rho spend has no delta', {
          field: 'delta',
          value: String(delta),
        });
      }
      return { epsilon: ZERO, delta: ZERO, rho: decimalOf(rho) };
    }
    const epsilon = spendAmount(s.epsilon, 'epsilon');
    if (delta > 0 && this.kind !== 'approximate') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the spend of "${s.query}" has delta = ${delta} but the budget is ` +
          (this.kind === 'pure' ? 'pure ε (no δ to spend)' : 'zCDP (give rho instead)'),
        { field: 'delta', value: String(delta) },
      );
    }
    const e = decimalOf(epsilon);
    // ε-DP implies (ε²/2)-zCDP: (m·10^x)²/2 = 5m²·10^(2x−1), exact.
    const rho = this.kind === 'zcdp' ? { m: 5n * e.m * e.m, e: 2 * e.e - 1 } : ZERO;
    return { epsilon: e, delta: decimalOf(delta), rho };
  }

  /** True when the charged spends and `costs` fit the total together. */
  #fits(costs: readonly Cost[]): boolean {
    const after = total([this.#spent, ...costs]);
    if (this.kind === 'zcdp') return compare(after.rho, this.#totalRho) <= 0;
    const { epsilon, delta } = after;
    if (compare(epsilon, this.#totalEpsilon) <= 0 && compare(delta, this.#totalDelta) <= 0) {
      return true;
    }
    if (this.composition !== 'advanced') return false;
    if (compare(add(delta, this.#slack), this.#totalDelta) > 0) return false;
    return this.#advancedEpsilon(costs) <= (this.total.epsilon ?? 0);
  }

  /**
   * The advanced-composition ε of the charged spends and `costs`, inflated by a relative
   * 1e-12 + 4k·2^−53 (k spends) against the rounding of the running sums.
   */
  #advancedEpsilon(costs: readonly Cost[]): number {
    let squares = this.#squares;
    let drift = this.#drift;
    for (const c of costs) {
      const e = toNumber(c.epsilon);
      squares += e * e;
      drift += e * Math.expm1(e);
    }
    const k = this.#count + costs.length;
    const e = Math.sqrt(2 * Math.log(1 / this.slack) * squares) + drift;
    return e * (1 + 1e-12 + 4 * k * Number.EPSILON);
  }

  /** Largest ε spend (δ = 0) that still fits under advanced composition, at least `basic`. */
  #largestFit(basic: number): number {
    const fitsWith = (x: number): boolean =>
      x <= 0 || this.#fits([{ epsilon: decimalOf(x), delta: ZERO, rho: ZERO }]);
    let lo = Math.max(basic, 0);
    let hi = this.total.epsilon ?? 0;
    if (fitsWith(hi)) return hi;
    for (let i = 0; i < 200 && hi - lo > Math.max(MIN_SPEND, hi * 1e-12); i++) {
      const mid = (lo + hi) / 2;
      if (fitsWith(mid)) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  #exceeded(spends: readonly Spend[], costs: readonly Cost[]): DatanonymeError {
    const queries = [...new Set(spends.map((s) => `"${s.query}"`))].join(', ');
    const left = this.remainingText();
    if (this.kind === 'zcdp') {
      const need = text(sum(costs.map((c) => c.rho)));
      return new DatanonymeError(
        'BUDGET_EXCEEDED',
        `privacy budget exceeded: ${queries} needs ρ = ${need} but only ρ = ${left.rho} is left ` +
          `of ρ = ${text(this.#totalRho)}; nothing was spent`,
        { field: 'rho', value: need },
      );
    }
    const needEpsilon = text(sum(costs.map((c) => c.epsilon)));
    const needDelta = text(sum(costs.map((c) => c.delta)));
    const spent = text(this.#spent.epsilon);
    const deltaPart = this.kind === 'approximate' ? ` and δ = ${needDelta}` : '';
    const leftDelta = this.kind === 'approximate' ? `, δ = ${left.delta}` : '';
    const advanced =
      this.composition === 'advanced'
        ? ` (basic composition; advanced composition allows at most ε = ${this.remaining().epsilon ?? 0} more)`
        : '';
    return new DatanonymeError(
      'BUDGET_EXCEEDED',
      `privacy budget exceeded: ${queries} needs ε = ${needEpsilon}${deltaPart} but only ` +
        `ε = ${left.epsilon}${leftDelta} is left of ε = ${text(this.#totalEpsilon)}` +
        `${advanced} (ε = ${spent} spent); nothing was spent`,
      { field: 'epsilon', value: needEpsilon },
    );
  }
}

// ---------------------------------------------------------------------------------------------
// Parameter checks

function badParameter(field: string, value: unknown, what: string): never {
  const shown = typeof value === 'string' ? `"${value}"` : String(value);
  throw new DatanonymeError('BAD_PARAMETER', `${field} must be ${what}, got ${shown}`, {
    field,
    value: String(value),
  });
}

/** A finite number > 0. */
function positive(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    badParameter(field, value, 'a finite number > 0');
  }
  return value;
}

/** A number in (0, 1), or [0, 1) with `allowZero`. */
function probability(value: unknown, field: string, allowZero = false): number {
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    value >= 1 ||
    (value === 0 && !allowZero)
  ) {
    badParameter(field, value, allowZero ? 'a number in [0, 1)' : 'a number in (0, 1)');
  }
  return value;
}

/** A spend of ε or ρ: finite, ≥ MIN_SPEND. */
function spendAmount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    badParameter(field, value, 'a finite number > 0');
  }
  if (value < MIN_SPEND) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} = ${value} is below the smallest spend the accountant takes, ${MIN_SPEND}`,
      { field, value: String(value) },
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Exact decimals: m · 10^e with m a non-negative BigInt.

interface Decimal {
  readonly m: bigint;
  readonly e: number;
}

interface Cost {
  readonly epsilon: Decimal;
  readonly delta: Decimal;
  readonly rho: Decimal;
}

const ZERO: Decimal = { m: 0n, e: 0 };

/** The decimal a finite double ≥ 0 prints as. */
function decimalOf(x: number): Decimal {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(x));
  if (match === null) throw new Error(`not a finite non-negative number: ${x}`);
  const fraction = match[2] ?? '';
  return {
    m: BigInt((match[1] ?? '0') + fraction),
    e: Number(match[3] ?? '0') - fraction.length,
  };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.m * 10n ** BigInt(a.e - e), b.m * 10n ** BigInt(b.e - e), e];
}

function add(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = align(a, b);
  return { m: x + y, e };
}

/** a − b, with a ≥ b (the budget left is never negative); clamped at 0 otherwise. */
function sub(a: Decimal, b: Decimal): Decimal {
  const [x, y, e] = align(a, b);
  return x >= y ? { m: x - y, e } : ZERO;
}

function compare(a: Decimal, b: Decimal): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sum(values: readonly Decimal[]): Decimal {
  return values.reduce(add, ZERO);
}

function total(costs: readonly Cost[]): Cost {
  return {
    epsilon: sum(costs.map((c) => c.epsilon)),
    delta: sum(costs.map((c) => c.delta)),
    rho: sum(costs.map((c) => c.rho)),
  };
}

/** Exact decimal text, without an exponent or trailing zeros. */
function text(d: Decimal): string {
  if (d.m === 0n) return '0';
  let digits = d.m.toString();
  if (d.e >= 0) return digits + '0'.repeat(d.e);
  const point = -d.e;
  if (digits.length <= point) digits = '0'.repeat(point - digits.length + 1) + digits;
  const whole = digits.slice(0, digits.length - point);
  const fraction = digits.slice(digits.length - point).replace(/0+$/, '');
  return fraction === '' ? whole : `${whole}.${fraction}`;
}

function toNumber(d: Decimal): number {
  return Number(text(d));
}
