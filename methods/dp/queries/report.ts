/**
 * The shared last steps of a query: charge the accountant (after the data is read, before any
 * noise is drawn) and state what was done in a {@link QueryReport}.
 */
import type { NoisyValue } from '../mechanisms.js';
import type { PartBudget, NoisePlan } from './noise.js';
import type { CheckedOptions, QueryPart, QueryReport } from './options.js';

/**
 * Charges every part of a query at once (all or nothing). Throws `BUDGET_EXCEEDED` and charges
 * nothing when the query does not fit; no noise has been drawn at that point.
 */
export function charge(options: CheckedOptions, plans: readonly NoisePlan[]): void {
  options.accountant.spendAll(plans.map((p) => p.spend));
}

/**
 * The report of a query. `drawn` holds one drawn value per part (or undefined when a part drew
 * nothing), so the scale and error the mechanisms actually used are the ones reported.
 */
export function queryReport(
  options: CheckedOptions,
  kind: string,
  budget: PartBudget,
  plans: readonly NoisePlan[],
  drawn: readonly (NoisyValue | undefined)[],
  notes: string[],
  expectedAbsoluteError?: number | null,
): QueryReport {
  const parts: QueryPart[] = plans.map((p, i) => {
    const d = drawn[i];
    return d === undefined
      ? { ...p.part }
      : { ...p.part, scale: d.scale, expectedAbsoluteError: d.expectedAbsoluteError };
  });
  const single = parts.length === 1 ? parts[0] : undefined;
  const remaining = options.accountant.remaining();
  const notesOut = [...notes];
  if (options.person !== undefined) {
    notesOut.push(
      `at most ${options.maxContributions} row(s) per person ("${options.person}"), chosen at random; ` +
        `neighbours differ by one person, sensitivities × ${options.maxContributions}`,
    );
  } else {
    notesOut.push('neighbours differ by one row (each row is a different person)');
  }
  return {
    query: options.name,
    kind,
    mechanism: [...new Set(parts.map((p) => p.mechanism))].join('+'),
    scale: single?.scale ?? null,
    expectedAbsoluteError:
      expectedAbsoluteError !== undefined
        ? expectedAbsoluteError
        : (single?.expectedAbsoluteError ?? null),
    epsilon: budget.epsilon ?? 0,
    delta: budget.delta ?? 0,
    rho: budget.rho ?? null,
    parts,
    remaining,
    seeded: options.rng.seeded,
    warnings: [...options.warnings],
    notes: notesOut,
  };
}

/** Compensated (Neumaier) summation of a typed array. */
export function sumOf(values: Float64Array, map?: (x: number) => number): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = map === undefined ? (values[i] as number) : map(values[i] as number);
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}
