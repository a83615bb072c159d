/**
 * The report of an evaluation (`datanonyme evaluate --report`): every utility and risk figure with
 * its name, the reference of its definition, its value (or null and the reason it is not
 * applicable) and, for estimates, its confidence interval; and the short summary the command
 * prints. Browser-safe: it builds objects and text, it writes nothing.
 */
import type {
  AttackRisk,
  ColumnProfile,
  Evaluation,
  InformationLoss,
} from '../metrics/evaluate.js';
import type { MetricValue } from '../metrics/result.js';

/** One figure as the report writes it: value null and a reason when not applicable. */
export interface ReportedMetric {
  name: string;
  kind: 'utility' | 'risk';
  columns: string[];
  value: number | null;
  reason?: string;
  ci?: [number, number];
  reference: string;
  details?: Record<string, unknown>;
}

/** An attack as reported: its risk in [0, 1] and interval, or null with the reason. */
export interface ReportedAttack {
  risk: number | null;
  ci: [number, number] | null;
  reason?: string;
  metrics: ReportedMetric[];
}

/** The JSON report of one evaluation. Field names are stable: scripts read them. */
export interface EvaluationReport {
  tool: { name: 'datanonyme'; version: string };
  command: 'evaluate';
  inputs: { original?: string; release?: string; control?: string | null };
  parameters: {
    columns: string[];
    quasiIdentifiers: string[];
    secrets: string[];
    target: string | null;
    quick: boolean;
    seed: number;
  };
  rows: Evaluation['rows'];
  /** The headline figures, as the command prints them. */
  summary: SummaryLine[];
  utility: {
    score: {
      value: number | null;
      /** The mean of each part: columns, pairs, higher order. The score is their mean. */
      parts: Record<string, number | null>;
      used: number;
      skipped: string[];
      reference: string;
      components: ReportedMetric[];
    };
    columns: ReportedMetric[];
    pairs: ReportedMetric[];
    marginals: ReportedMetric[];
    propensity: ReportedMetric[];
    machineLearning?: ReportedMetric[];
    informationLoss?: InformationLoss;
  };
  risk: {
    reidentification: ReportedMetric[];
    /** The l and t reached per sensitive column. */
    attributes: ReportedMetric[];
    distance: ReportedMetric[];
    singlingOut: ReportedAttack;
    linkability: ReportedAttack;
    inference: Record<string, ReportedAttack>;
  };
  profiles: ColumnProfile[];
  skipped: { name: string; reason: string }[];
  durationMs: number;
}

/** One headline figure: a label, a value (null: not applicable, with the reason) and an interval. */
export interface SummaryLine {
  label: string;
  value: number | null;
  ci?: [number, number];
  note?: string;
}

/** Where the evaluation ran on, for the report. */
export interface EvaluationContext {
  version: string;
  original?: string;
  release?: string;
  control?: string;
  /** Overrides the evaluation's own duration (a command adds reading time). */
  durationMs?: number;
}

/**
 * Builds the JSON report of an evaluation.
 *
 * @throws never.
 * @example
 * evaluationReport(evaluateRelease({ original, release }), { version: '0.1.0' }).utility.score.value // => 0.97
 */
export function evaluationReport(
  evaluation: Evaluation,
  context: EvaluationContext,
): EvaluationReport {
  const u = evaluation.utility;
  const r = evaluation.risk;
  const inference: Record<string, ReportedAttack> = {};
  for (const [secret, attack] of Object.entries(r.inference))
    inference[secret] = reportAttack(attack);
  return {
    tool: { name: 'datanonyme', version: context.version },
    command: 'evaluate',
    inputs: {
      ...(context.original === undefined ? {} : { original: context.original }),
      ...(context.release === undefined ? {} : { release: context.release }),
      control: context.control ?? null,
    },
    parameters: {
      columns: evaluation.columns,
      quasiIdentifiers: evaluation.quasiIdentifiers,
      secrets: evaluation.secrets,
      target: evaluation.target,
      quick: evaluation.quick,
      seed: evaluation.seed,
    },
    rows: evaluation.rows,
    summary: summaryLines(evaluation),
    utility: {
      score: {
        value: u.score.mean,
        parts: u.score.parts,
        used: u.score.used,
        skipped: u.score.skipped,
        reference: u.score.reference,
        components: u.score.components.map(reportMetric),
      },
      columns: u.columns.map(reportMetric),
      pairs: u.pairs.map(reportMetric),
      marginals: u.marginals.map(reportMetric),
      propensity: u.propensity.map(reportMetric),
      ...(u.machineLearning === undefined
        ? {}
        : { machineLearning: u.machineLearning.map(reportMetric) }),
      ...(u.informationLoss === undefined ? {} : { informationLoss: u.informationLoss }),
    },
    risk: {
      reidentification: r.reidentification.map(reportMetric),
      attributes: r.attributes.map(reportMetric),
      distance: r.distance.map(reportMetric),
      singlingOut: reportAttack(r.singlingOut),
      linkability: reportAttack(r.linkability),
      inference,
    },
    profiles: evaluation.profiles,
    skipped: evaluation.skipped,
    durationMs: Math.round(context.durationMs ?? evaluation.durationMs),
  };
}

/**
 * A figure as plain JSON: typed arrays become arrays, non-finite numbers null; a not-applicable
 * figure keeps `value: null` and its reason.
 *
 * @throws never.
 * @example
 * reportMetric(notApplicable('x', 'utility', 'all missing', 'ref')).value // => null
 */
export function reportMetric(m: MetricValue): ReportedMetric {
  const finite = m.value !== null && Number.isFinite(m.value);
  return {
    name: m.name,
    kind: m.kind,
    columns: [...(m.columns ?? [])],
    value: finite ? m.value : null,
    ...(finite
      ? {}
      : { reason: m.reason ?? (m.value === null ? 'not applicable' : 'not a finite number') }),
    ...(m.ci === undefined ? {} : { ci: [m.ci[0], m.ci[1]] as [number, number] }),
    reference: m.reference,
    ...(m.details === undefined ? {} : { details: plain(m.details) as Record<string, unknown> }),
  };
}

function reportAttack(a: AttackRisk): ReportedAttack {
  return {
    risk: a.risk,
    ci: a.ci === null ? null : [a.ci[0], a.ci[1]],
    ...(a.reason === undefined ? {} : { reason: a.reason }),
    metrics: a.metrics.map(reportMetric),
  };
}

/** JSON-safe copy: typed arrays to arrays, Maps to objects, non-finite numbers to null. */
function plain(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : null;
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) {
    return Array.from(x as unknown as ArrayLike<number>, (v) => plain(v));
  }
  if (Array.isArray(x)) return x.map(plain);
  if (x instanceof Map) return Object.fromEntries([...x].map(([k, v]) => [String(k), plain(v)]));
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, plain(v)]));
  }
  return x;
}

/** The mean of the applicable values of the figures named `name`; null if none. */
function meanOf(metrics: readonly MetricValue[], name: string): number | null {
  const values = metrics
    .filter((m) => m.name === name && m.value !== null && Number.isFinite(m.value))
    .map((m) => m.value as number);
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

function first(
  metrics: readonly MetricValue[],
  test: (name: string) => boolean,
): MetricValue | undefined {
  return metrics.find((m) => test(m.name));
}

/**
 * The headline figures of an evaluation, in the order the command prints them: the utility score,
 * the mean per-column TVD and KS, the 2-way marginals, the propensity score, machine-learning
 * efficacy, the three attack risks with their intervals and the prosecutor risk.
 *
 * @throws never.
 * @example
 * summaryLines(evaluation)[0].label // => 'utility score'
 */
export function summaryLines(evaluation: Evaluation): SummaryLine[] {
  const u = evaluation.utility;
  const r = evaluation.risk;
  const lines: SummaryLine[] = [];
  const score: SummaryLine = { label: 'utility score', value: u.score.mean };
  const part = (x: number | null | undefined): string => (x == null ? 'n/a' : formatFigure(x));
  score.note =
    `columns ${part(u.score.parts.columns)}, pairs ${part(u.score.parts.pairs)}, higher order ${part(u.score.parts['higher order'])}` +
    (u.score.parts.prediction == null ? '' : `, prediction ${part(u.score.parts.prediction)}`) +
    (u.score.skipped.length > 0 ? `; skipped: ${u.score.skipped.join(', ')}` : '');
  lines.push(score);
  const tvd = meanOf(u.columns, 'totalVariationDistance');
  if (u.columns.some((m) => m.name === 'totalVariationDistance')) {
    lines.push({
      label: 'column TVD (mean)',
      value: tvd,
      ...(tvd === null ? { note: 'not applicable' } : {}),
    });
  }
  if (u.columns.some((m) => m.name === 'kolmogorovSmirnov')) {
    lines.push({ label: 'column KS (mean)', value: meanOf(u.columns, 'kolmogorovSmirnov') });
  }
  const missing = meanOf(u.columns, 'missingSimilarity');
  if (missing !== null) lines.push({ label: 'missing similarity (mean)', value: missing });
  const twoWay = first(u.pairs, (n) => n === 'twoWayMarginalMean');
  if (twoWay !== undefined) lines.push(metricLine('2-way marginal TVD (mean)', twoWay));
  const worst = first(u.pairs, (n) => n === 'twoWayMarginalWorst');
  if (worst !== undefined) lines.push(metricLine('2-way marginal TVD (worst)', worst));
  const correlation = meanOf(u.pairs, 'pearsonDifference');
  if (correlation !== null) lines.push({ label: 'Pearson difference (mean)', value: correlation });
  const threeWay = first(u.marginals, (n) => n === 'threeWayMarginal');
  if (threeWay !== undefined) lines.push(metricLine('3-way marginal TVD (mean)', threeWay));
  const rangeQuery = first(u.marginals, (n) => n === 'rangeQueryError');
  if (rangeQuery !== undefined) lines.push(metricLine('range-query relative error', rangeQuery));
  for (const m of u.propensity.filter((p) => /ratio/i.test(p.name))) {
    const model = typeof m.details?.model === 'string' ? ` (${m.details.model})` : '';
    lines.push(metricLine(`pMSE ratio${model}`, m));
  }
  const efficacy = u.machineLearning ?? [];
  const allNull = efficacy.every((m) => m.value === null);
  for (const m of efficacy) {
    // One line when none applies (they share their reason), else accuracy, F1 and AUC each.
    if (allNull && m !== efficacy[0]) continue;
    const what = /f1/i.test(m.name)
      ? 'ML macro F1'
      : /auc/i.test(m.name)
        ? 'ML ROC AUC'
        : 'ML accuracy';
    if (!allNull && what !== 'ML accuracy' && m.value === null) continue;
    const line = metricLine(`${allNull ? 'ML efficacy' : what} (trained on the release)`, m);
    const baseline = m.details?.baseline;
    if (typeof baseline === 'number')
      line.note = `trained on the original: ${formatFigure(baseline)}`;
    lines.push(line);
  }
  if (u.informationLoss !== undefined) {
    lines.push({
      label: 'information loss (Loss)',
      value: u.informationLoss.metrics.loss ?? null,
      note: `levels ${Object.entries(u.informationLoss.transformation)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}; k = ${u.informationLoss.k}`,
    });
  }
  lines.push(attackLine('singling-out risk', r.singlingOut));
  lines.push(attackLine('linkability risk', r.linkability));
  for (const [secret, attack] of Object.entries(r.inference)) {
    lines.push(attackLine(`inference risk (${secret})`, attack));
  }
  for (const m of r.reidentification) {
    const which = /^prosecutorRisk(Highest|Average)$/.exec(m.name)?.[1];
    if (which !== undefined) lines.push(metricLine(`prosecutor risk (${which.toLowerCase()})`, m));
  }
  for (const m of r.attributes) {
    const label = {
      lDiversityDistinct: 'distinct l',
      lDiversityEntropy: 'entropy l',
      tCloseness: 't',
    }[m.name];
    if (label !== undefined && m.columns !== undefined) {
      lines.push(metricLine(`${label} reached (${m.columns.join(', ')})`, m));
    }
  }
  return lines;
}

function metricLine(label: string, m: MetricValue): SummaryLine {
  const finite = m.value !== null && Number.isFinite(m.value);
  return {
    label,
    value: finite ? m.value : null,
    ...(m.ci === undefined ? {} : { ci: [m.ci[0], m.ci[1]] as [number, number] }),
    ...(finite ? {} : { note: m.reason ?? 'not applicable' }),
  };
}

function attackLine(label: string, a: AttackRisk): SummaryLine {
  // How many attacks the figure rests on: few attacks, wide interval.
  const made = a.metrics
    .map((m) => m.details?.attacks)
    .filter((x): x is number => typeof x === 'number');
  const note =
    a.reason ??
    (made.length === 0
      ? undefined
      : `${Math.max(...made)} attack${Math.max(...made) === 1 ? '' : 's'}`);
  return {
    label,
    value: a.risk,
    ...(a.ci === null ? {} : { ci: [a.ci[0], a.ci[1]] as [number, number] }),
    ...(note === undefined ? {} : { note }),
  };
}

/** A figure for people: up to 4 significant digits, "n/a" for null. */
export function formatFigure(x: number | null): string {
  if (x === null) return 'n/a';
  if (x === 0 || Math.abs(x) >= 1e-3) return String(Number(x.toPrecision(4)));
  return x.toExponential(2);
}

/**
 * The summary table the command prints: one line per headline figure, the interval in brackets,
 * the reason of a figure that is not applicable after it.
 *
 * @throws never.
 * @example
 * evaluationSummary(report).split('\n')[0] // => 'evaluate: release.csv (100 rows) against original.csv (100 rows), no control set'
 */
export function evaluationSummary(report: EvaluationReport): string {
  const rows = report.rows;
  const head =
    `evaluate: ${report.inputs.release ?? 'release'} (${rows.release} rows) against ` +
    `${report.inputs.original ?? 'original'} (${rows.original} rows), ` +
    (rows.control === null
      ? 'no control set'
      : `control ${report.inputs.control ?? ''} (${rows.control} rows)`) +
    (report.parameters.quick ? ', quick mode' : '');
  const width = Math.max(...report.summary.map((l) => l.label.length), 10);
  const lines = report.summary.map((l) => {
    const value = formatFigure(l.value);
    const ci = l.ci === undefined ? '' : ` [${formatFigure(l.ci[0])}, ${formatFigure(l.ci[1])}]`;
    const note = l.note === undefined ? '' : `  (${l.note})`;
    return `  ${l.label.padEnd(width)}  ${value}${ci}${note}`;
  });
  return [head, ...lines, `${report.durationMs} ms`].join('\n');
}
