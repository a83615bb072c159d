/**
 * The risk of an attack measured against a control set, with its confidence interval.
 *
 * An attack succeeds on some of its targets. Its success rate is estimated with the Wilson score
 * (Wilson 1927): for s successes in n attacks and z = Φ⁻¹((1 + confidence) / 2),
 * rate = (s + z²/2) / (n + z²) and error = z / (n + z²) · √(s(n − s)/n + z²/4).
 * The same attack run against control records (original records not used for the release)
 * measures what the release teaches about anyone, not about the people in it; the risk is the
 * excess success on the release's own people, normalised by what was left to gain:
 * risk = (main − control) / (1 − control), its error propagated to first order,
 * δ = √((δ_main / (1 − control))² + (δ_control (main − 1) / (1 − control)²)²),
 * and value and interval [risk − δ, risk + δ] clipped to [0, 1] (Giomi et al. 2023, §4).
 *
 * Reference: M. Giomi, F. Boenisch, C. Wehmeyer, B. Tasnádi, "A unified framework for quantifying
 * privacy risk in synthetic data", PoPETs 2023(2) (Anonymeter); E. B. Wilson, "Probable
 * inference, the law of succession, and statistical inference", JASA 22, 1927.
 */
import { DatanonymeError } from '../../errors.js';
import { notApplicable, type MetricValue } from '../result.js';
import { normalQuantile } from './_internals/special.js';

/** A success rate estimated from Bernoulli trials, with its symmetric error at some confidence. */
export interface SuccessRate {
  rate: number;
  error: number;
}

/** The reference cited by every attack figure. */
export const ATTACK_REFERENCE =
  'Giomi, Boenisch, Wehmeyer, Tasnádi, "A unified framework for quantifying privacy risk in synthetic data", PoPETs 2023';

/**
 * The Wilson score estimate of a success rate and its error (see the module comment).
 *
 * @param successes - successful attacks, 0 ≤ successes ≤ attacks.
 * @param attacks - attacks made, ≥ 1.
 * @param confidence - the confidence level of the error. @defaultValue 0.95
 * @throws DatanonymeError `BAD_PARAMETER` when the counts or the confidence are out of range.
 * @example wilsonScore(50, 100).rate // => 0.5
 */
export function wilsonScore(successes: number, attacks: number, confidence = 0.95): SuccessRate {
  if (!(
    Number.isInteger(attacks) &&
    attacks >= 1 &&
    Number.isInteger(successes) &&
    successes >= 0 &&
    successes <= attacks
  )) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `successes and attacks must be integers with 0 ≤ successes ≤ attacks and attacks ≥ 1, got ${successes} of ${attacks}`,
      { field: 'attacks', value: String(attacks) },
    );
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `confidence must be in (0, 1), got ${String(confidence)}`,
      {
        field: 'confidence',
        value: String(confidence),
      },
    );
  }
  const z = normalQuantile((1 + confidence) / 2);
  const z2 = z * z;
  const denominator = attacks + z2;
  return {
    rate: (successes + z2 / 2) / denominator,
    error: (z / denominator) * Math.sqrt((successes * (attacks - successes)) / attacks + z2 / 4),
  };
}

/**
 * The residual risk (main − control) / (1 − control) and its propagated error, unclipped.
 *
 * @throws never (NaN when the control rate is 1).
 * @example residualRisk({ rate: 0.6, error: 0 }, { rate: 0.2, error: 0 }).rate // => 0.5
 */
export function residualRisk(main: SuccessRate, control: SuccessRate): SuccessRate {
  const margin = 1 - control.rate;
  const rate = (main.rate - control.rate) / margin;
  const dMain = 1 / Math.abs(margin);
  const dControl = (main.rate - 1) / (margin * margin);
  const error = Math.sqrt((main.error * dMain) ** 2 + (control.error * dControl) ** 2);
  return { rate, error };
}

/** The counts an attack produced. */
export interface AttackCounts {
  /** Attacks on the release's own people (original rows used for the release). */
  attacks: number;
  successes: number;
  /** Attacks on control rows. */
  controlAttacks: number;
  controlSuccesses: number;
  /** The same number of random-guess attacks, and their successes. */
  baselineAttacks: number;
  baselineSuccesses: number;
}

/**
 * An attack's risk as a {@link MetricValue}: value = clipped residual risk, ci = its clipped
 * interval, details = the three success rates (main, control, baseline) with their errors and
 * the counts. Not applicable when an attack count is 0 or the control attack always succeeds.
 * `details.weakerThanBaseline` is true when the attack does no better than random guessing (the
 * figure then says little).
 *
 * @param name - the metric name, such as `singlingOutRisk`.
 * @param counts - the attack's counts.
 * @param columns - the columns the attack used.
 * @param confidence - @defaultValue 0.95
 * @param extra - more details to report.
 * @throws never for valid counts.
 * @example attackRisk('linkabilityRisk', { attacks: 100, successes: 60, controlAttacks: 100, controlSuccesses: 20, baselineAttacks: 100, baselineSuccesses: 1 }, ['a']).value // => ≈ 0.5
 */
export function attackRisk(
  name: string,
  counts: AttackCounts,
  columns: readonly string[],
  confidence = 0.95,
  extra: Record<string, unknown> = {},
): MetricValue {
  if (counts.attacks === 0 || counts.controlAttacks === 0 || counts.baselineAttacks === 0) {
    return notApplicable(
      name,
      'risk',
      'no attack could be made (no targets or no predicates)',
      ATTACK_REFERENCE,
      columns,
    );
  }
  const main = wilsonScore(counts.successes, counts.attacks, confidence);
  const control = wilsonScore(counts.controlSuccesses, counts.controlAttacks, confidence);
  const baseline = wilsonScore(counts.baselineSuccesses, counts.baselineAttacks, confidence);
  if (counts.controlSuccesses === counts.controlAttacks) {
    return notApplicable(
      name,
      'risk',
      'the attack succeeds on every control record: the residual risk cannot be measured',
      ATTACK_REFERENCE,
      columns,
    );
  }
  const residual = residualRisk(main, control);
  const clip = (x: number): number => Math.min(1, Math.max(0, x));
  return {
    name,
    kind: 'risk',
    value: clip(residual.rate),
    ci: [clip(residual.rate - residual.error), clip(residual.rate + residual.error)],
    reference: ATTACK_REFERENCE,
    columns,
    details: {
      ...counts,
      confidence,
      mainRate: main.rate,
      mainError: main.error,
      controlRate: control.rate,
      controlError: control.error,
      baselineRate: baseline.rate,
      baselineError: baseline.error,
      weakerThanBaseline: baseline.rate >= main.rate,
      ...extra,
    },
  };
}
