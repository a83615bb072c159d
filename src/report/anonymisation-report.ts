/**
 * The report of an anonymisation run: what was done (method, parameters, transformation), what it
 * cost (information loss, suppressed rows) and what risk remains (class sizes, prosecutor risk).
 * Written as JSON by `--report`; a short human summary goes to stderr.
 */
import type { ReidentificationRisk } from '../metrics/risk/reidentification.js';
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
  transformation: Record<string, number>;
  classes: number;
  minClassSize: number;
  informationLoss: Record<string, number>;
  informationLossPerAttribute?: unknown;
  nodesChecked: number;
  latticeSize?: number;
  /** Prosecutor risk of the released rows (suppressed rows excluded), on the generalised quasi-identifiers. */
  risk: ReidentificationRisk;
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
  const d = release.details;
  const report: AnonymisationReport = {
    tool: { name: 'datanonyme', version: context.version },
    method: release.method,
    parameters: { ...release.parameters, ...context.parameters },
    rowsIn: release.accounting.rowsIn,
    rowsOut: release.accounting.rowsOut,
    suppressed: release.accounting.suppressedRows,
    suppressedCells: release.accounting.suppressedCells,
    transformation: d.transformation as Record<string, number>,
    classes: d.classes as number,
    minClassSize: d.minClassSize as number,
    informationLoss: d.informationLoss as Record<string, number>,
    informationLossPerAttribute: d.informationLossPerAttribute,
    nodesChecked: d.nodesChecked as number,
    risk: d.risk as ReidentificationRisk,
    durationMs: Math.round(context.durationMs),
    seeded: release.seeded,
  };
  if (typeof d.latticeSize === 'number') report.latticeSize = d.latticeSize;
  if (context.input !== undefined) report.input = context.input;
  if (context.output !== undefined) report.output = context.output;
  return report;
}

/** A few lines for a person: rows, suppression, transformation, smallest class, loss, time. */
export function reportSummary(report: AnonymisationReport): string {
  const pct = (x: number, of: number): string => (of === 0 ? '0' : ((100 * x) / of).toFixed(1));
  const levels = Object.entries(report.transformation)
    .map(([name, level]) => `${name}=${level}`)
    .join(', ');
  const loss = Object.entries(report.informationLoss)
    .map(([name, value]) => `${name} ${formatNumber(value)}`)
    .join(', ');
  return [
    `${report.method}: k = ${String(report.parameters.k)}, ${report.rowsIn} rows in, ${report.rowsOut} rows out, ` +
      `${report.suppressed} suppressed (${pct(report.suppressed, report.rowsIn)}%)`,
    `transformation: ${levels}`,
    `classes: ${report.classes}, smallest class: ${report.minClassSize}, highest prosecutor risk: ${formatNumber(report.risk.highestProsecutorRisk)}`,
    `information loss: ${loss}`,
    `lattice nodes checked: ${report.nodesChecked}${report.latticeSize === undefined ? '' : ` of ${report.latticeSize}`}, ${report.durationMs} ms`,
  ].join('\n');
}

function formatNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toPrecision(4);
}
