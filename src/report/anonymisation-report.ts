/**
 * The report of an anonymisation run: what was done (method, parameters, transformation), what it
 * cost (information loss, suppressed rows) and what risk remains (class sizes, prosecutor risk).
 * Written as JSON by `--report`; a short human summary goes to stderr.
 */
import type { ReidentificationRisk } from '../metrics/risk/reidentification.js';
import type { ModelSummary } from '../privacy/histogram.js';
import type { Release } from '../types.js';

/** The JSON report of one anonymisation. Field names are stable: scripts read them. */
export interface AnonymisationReport {
  tool: { name: 'datanonyme'; version: string };
  method: string;
  parameters: Record<string, unknown>;
  input?: string;
  output?: string;
  rowsIn: number;
  rowsOut: number;
  suppressed: number;
  suppressedCells: number;
  /** Full-domain generalisation: the level of each quasi-identifier. */
  transformation?: Record<string, number>;
  classes: number;
  minClassSize: number;
  /**
   * The privacy models checked (k, then every l-diversity and t-closeness requirement) and what
   * the release reaches under each: the least l and the greatest t over the released classes.
   */
  privacy: {
    k: { required: number; reached: number };
    models: ModelSummary['perModel'];
    /** Released records whose sensitive value is missing, per sensitive column. */
    missingSensitive: Record<string, number>;
  };
  informationLoss?: Record<string, number>;
  informationLossPerAttribute?: unknown;
  nodesChecked?: number;
  latticeSize?: number;
  /** Prosecutor risk of the released rows (suppressed rows excluded), on the generalised quasi-identifiers. */
  risk: ReidentificationRisk;
  /** The method's other figures (partitions, certainty penalty, groups, cells per column, …). */
  details: Record<string, unknown>;
  /** The method's warnings (a quasi-identifier shown as `*` in every row, …); may be empty. */
  warnings: string[];
  durationMs: number;
  seeded: boolean;
}

/** Context of the run that the release itself does not know. */
export interface ReportContext {
  version: string;
  durationMs: number;
  input?: string;
  output?: string;
  /** Extra parameters to record (the resolved roles, files, …). */
  parameters?: Record<string, unknown>;
}

/**
 * Builds the report of a generalisation release. The risk is the method's: the prosecutor risk of
 * the released (non-suppressed) classes.
 */
export function anonymisationReport(release: Release, context: ReportContext): AnonymisationReport {
  const {
    transformation,
    classes,
    minClassSize,
    informationLoss,
    informationLossPerAttribute,
    nodesChecked,
    latticeSize,
    risk,
    privacy,
    models,
    warnings,
    ...rest
  } = release.details;
  // Methods name these alike where they can; microaggregation speaks of groups.
  const summary = (privacy ?? models) as ModelSummary | undefined;
  const classCount = (classes ?? release.details.groups) as number;
  const smallest = (minClassSize ?? release.details.minGroupSize) as number;
  const k = Number(release.parameters.k);
  const report: AnonymisationReport = {
    tool: { name: 'datanonyme', version: context.version },
    method: release.method,
    parameters: { ...release.parameters, ...context.parameters },
    rowsIn: release.accounting.rowsIn,
    rowsOut: release.accounting.rowsOut,
    suppressed: release.accounting.suppressedRows,
    suppressedCells: release.accounting.suppressedCells,
    classes: classCount,
    minClassSize: smallest,
    privacy: {
      k: { required: k, reached: smallest },
      models: summary?.perModel ?? [],
      missingSensitive: summary?.missingSensitive ?? {},
    },
    risk: risk as ReidentificationRisk,
    details: rest,
    warnings: Array.isArray(warnings) ? warnings.map(String) : [],
    durationMs: Math.round(context.durationMs),
    seeded: release.seeded,
  };
  if (transformation !== undefined) {
    report.transformation = transformation as Record<string, number>;
  }
  if (typeof informationLoss === 'number') {
    // Microaggregation: the within-group sum of squares over the total one.
    report.informationLoss = { sseOverSst: informationLoss };
  } else if (informationLoss !== undefined) {
    report.informationLoss = informationLoss as Record<string, number>;
  }
  if (informationLossPerAttribute !== undefined) {
    report.informationLossPerAttribute = informationLossPerAttribute;
  }
  if (typeof nodesChecked === 'number') report.nodesChecked = nodesChecked;
  if (typeof latticeSize === 'number') report.latticeSize = latticeSize;
  if (context.input !== undefined) report.input = context.input;
  if (context.output !== undefined) report.output = context.output;
  return report;
}

/** A few lines for a person: rows, suppression, transformation, smallest class, loss, time. */
export function reportSummary(report: AnonymisationReport): string {
  const pct = (x: number, of: number): string => (of === 0 ? '0' : ((100 * x) / of).toFixed(1));
  const lines = [
    `${report.method}: k = ${String(report.parameters.k)}, ${report.rowsIn} rows in, ${report.rowsOut} rows out, ` +
      `${report.suppressed} suppressed (${pct(report.suppressed, report.rowsIn)}%)` +
      (report.method === 'local-suppression' ? `, ${report.suppressedCells} cells suppressed` : ''),
  ];
  if (report.transformation !== undefined) {
    const levels = Object.entries(report.transformation)
      .map(([name, level]) => `${name}=${level}`)
      .join(', ');
    lines.push(`transformation: ${levels}`);
  }
  lines.push(
    `classes: ${report.classes}, smallest class: ${report.minClassSize}, highest prosecutor risk: ${formatNumber(report.risk.highestProsecutorRisk)}`,
  );
  for (const model of report.privacy.models) {
    const reached = model.reached === null ? 'no class released' : formatNumber(model.reached);
    const what = model.model === 't-closeness' ? 'greatest t' : 'least l';
    lines.push(`${model.name}: ${what} reached ${reached}`);
  }
  for (const [column, missing] of Object.entries(report.privacy.missingSensitive)) {
    if (missing > 0) {
      lines.push(
        `note: ${missing} released record${missing === 1 ? '' : 's'} with no value in sensitive column "${column}" (not counted as a value)`,
      );
    }
  }
  if (report.informationLoss !== undefined) {
    const loss = Object.entries(report.informationLoss)
      .map(([name, value]) => `${name} ${formatNumber(value)}`)
      .join(', ');
    lines.push(`information loss: ${loss}`);
  }
  lines.push(
    report.nodesChecked === undefined
      ? `${report.durationMs} ms`
      : `lattice nodes checked: ${report.nodesChecked}${report.latticeSize === undefined ? '' : ` of ${report.latticeSize}`}, ${report.durationMs} ms`,
  );
  return lines.join('\n');
}

function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(4);
}
