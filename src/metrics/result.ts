/**
 * The shape every utility and risk figure takes in an evaluation, so that reports, the benchmark
 * and the aggregate scores read them alike. A figure that cannot be computed on the data (an
 * all-missing column, a constant column for a correlation, no control set for an attack) is not
 * applicable: its value is null and `reason` says why. It is never 0, and aggregates skip it and
 * list it (case B22).
 */

/** One measured figure. */
export interface MetricValue {
  /** A stable name, such as `totalVariationDistance` or `singlingOutRisk`. */
  readonly name: string;
  readonly kind: 'utility' | 'risk';
  /** The figure, or null when not applicable. */
  readonly value: number | null;
  /** Why the figure is not applicable (only when value is null). */
  readonly reason?: string;
  /** A confidence interval of the value, when the figure is an estimate. */
  readonly ci?: readonly [number, number];
  /** The definition's reference, for the report. */
  readonly reference: string;
  /** The column or columns it concerns. */
  readonly columns?: readonly string[];
  /** Anything else worth reporting (counts, per-category figures). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** A figure that could not be computed, and why. */
export function notApplicable(
  name: string,
  kind: 'utility' | 'risk',
  reason: string,
  reference: string,
  columns?: readonly string[],
): MetricValue {
  return {
    name,
    kind,
    value: null,
    reason,
    reference,
    ...(columns === undefined ? {} : { columns }),
  };
}

/** The mean of the applicable values, and the names of the skipped ones (case B22). */
export function aggregate(values: readonly MetricValue[]): {
  mean: number | null;
  used: number;
  skipped: string[];
} {
  let sum = 0;
  let used = 0;
  const skipped: string[] = [];
  for (const v of values) {
    if (v.value === null || !Number.isFinite(v.value)) {
      skipped.push(v.columns === undefined ? v.name : `${v.name}(${v.columns.join(', ')})`);
      continue;
    }
    sum += v.value;
    used++;
  }
  return { mean: used === 0 ? null : sum / used, used, skipped };
}
