/**
 * The evaluation report as one self-contained HTML page (`datanonyme evaluate --html`): no
 * external resource and no script, so it opens offline and can be attached to a decision. It
 * holds the summary, a bar chart of each column's distance (TVD for categories, KS for numbers
 * and dates), one panel per column comparing the original's and the release's distributions (an
 * all-missing column gets an empty panel saying "100% missing", case B22), the three attack risks
 * with their confidence intervals, and tables of every figure with its reference. Browser-safe.
 */
import type { ColumnProfile } from '../metrics/evaluate.js';
import {
  formatFigure,
  type EvaluationReport,
  type ReportedAttack,
  type ReportedMetric,
} from './evaluation-report.js';

const ORIGINAL_COLOUR = '#4c72b0';
const RELEASE_COLOUR = '#dd8452';

/** Escapes text for HTML content and attribute values. */
function esc(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** A number for SVG coordinates. */
function px(x: number): string {
  return String(Math.round(x * 10) / 10);
}

/**
 * The HTML page of an evaluation report.
 *
 * @throws never.
 * @example
 * evaluationHtml(report).startsWith('<!DOCTYPE html>') // => true
 */
export function evaluationHtml(report: EvaluationReport): string {
  // Everything not applicable, wherever it sits in the report, with its reason.
  const notApplicableFigures = [
    ...report.utility.columns,
    ...report.utility.pairs,
    ...report.utility.marginals,
    ...report.utility.propensity,
    ...(report.utility.machineLearning ?? []),
    ...report.risk.reidentification,
    ...report.risk.attributes,
    ...report.risk.distance,
  ].filter((m) => m.value === null);
  const notMeasured = [
    ...report.skipped.map((s) => `<li><b>${esc(s.name)}</b>: ${esc(s.reason)}</li>`),
    ...notApplicableFigures.map(
      (m) =>
        `<li><b>${esc(m.name)}</b>${m.columns.length === 0 ? '' : ` (${esc(m.columns.join(', '))})`}: ${esc(m.reason ?? 'not applicable')}</li>`,
    ),
  ];
  const title = `Evaluation of ${report.inputs.release ?? 'a release'}`;
  const parts = [
    `<h1>${esc(title)}</h1>`,
    `<p>${esc(
      `${report.rows.release} released rows against ${report.rows.original} original rows` +
        (report.rows.control === null
          ? '; no control set, so the attacks are not applicable'
          : ` and ${report.rows.control} control rows`) +
        (report.parameters.quick ? '; quick mode' : '') +
        `; seed ${report.parameters.seed}; datanonyme ${report.tool.version}.`,
    )}</p>`,
    section('Summary', summaryTable(report)),
    section(
      'Per-column distance',
      `<p>Total-variation distance for categorical columns, Kolmogorov-Smirnov statistic for numbers and dates (0: same distribution, 1: disjoint).</p>${columnDistanceChart(report.utility.columns)}`,
    ),
    section(
      'Columns: original and release',
      `<p><span class="key" style="background:${ORIGINAL_COLOUR}"></span> original <span class="key" style="background:${RELEASE_COLOUR}"></span> release (shares of the non-missing values)</p><div class="panels">${report.profiles.map(profilePanel).join('')}</div>`,
    ),
    section(
      'Attack risks',
      `${attackChart(report)}<p>Risk = (main − control) / (1 − control), clipped to [0, 1], with its confidence interval (Giomi et al., PoPETs 2023).</p>`,
    ),
    section('Utility per column', metricTable(report.utility.columns)),
    section('Pairs of columns', metricTable(report.utility.pairs)),
    section('Marginals and range queries', metricTable(report.utility.marginals)),
    section('Propensity score (pMSE)', metricTable(report.utility.propensity)),
    ...(report.utility.machineLearning === undefined
      ? []
      : [section('Machine-learning efficacy', metricTable(report.utility.machineLearning))]),
    ...(report.utility.informationLoss === undefined
      ? []
      : [section('Information loss', lossTable(report.utility.informationLoss))]),
    section('Re-identification', metricTable(report.risk.reidentification)),
    section('Attribute disclosure (l and t reached)', metricTable(report.risk.attributes)),
    section('Distance to closest record', metricTable(report.risk.distance)),
    section(
      'Attacks in detail',
      metricTable([
        ...report.risk.singlingOut.metrics,
        ...report.risk.linkability.metrics,
        ...Object.values(report.risk.inference).flatMap((a) => a.metrics),
      ]),
    ),
    section(
      'Not measured',
      notMeasured.length === 0
        ? '<p>Every figure was measured.</p>'
        : `<ul>${notMeasured.join('')}</ul>`,
    ),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; margin: .5em 0; } td, th { padding: .2em .6em; border-bottom: 1px solid #eee; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; } .na { color: #888; font-style: italic; }
.panels { display: flex; flex-wrap: wrap; gap: 1em; } .panel { border: 1px solid #ddd; padding: .5em; width: 20em; }
.panel h3 { font-size: 1em; margin: 0 0 .3em; } .empty { height: 8em; display: flex; align-items: center; justify-content: center; color: #888; background: #f7f7f7; }
.key { display: inline-block; width: .9em; height: .9em; vertical-align: middle; } small { color: #666; }
</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

function section(title: string, body: string): string {
  return `<section><h2>${esc(title)}</h2>${body}</section>`;
}

function figureCell(value: number | null, reason?: string): string {
  return value === null
    ? `<td class="num na" title="${esc(reason ?? 'not applicable')}">n/a</td>`
    : `<td class="num">${esc(formatFigure(value))}</td>`;
}

function summaryTable(report: EvaluationReport): string {
  const rows = report.summary.map(
    (l) =>
      `<tr><th>${esc(l.label)}</th>${figureCell(l.value, l.note)}<td>${
        l.ci === undefined ? '' : esc(`[${formatFigure(l.ci[0])}, ${formatFigure(l.ci[1])}]`)
      }</td><td><small>${esc(l.note ?? '')}</small></td></tr>`,
  );
  return `<table><tr><th>figure</th><th>value</th><th>interval</th><th></th></tr>${rows.join('')}</table>`;
}

function metricTable(metrics: readonly ReportedMetric[]): string {
  if (metrics.length === 0) return '<p class="na">None.</p>';
  const rows = metrics.map(
    (m) =>
      `<tr><td>${esc(m.name)}</td><td>${esc(m.columns.join(', '))}</td>${figureCell(m.value, m.reason)}<td>${
        m.ci === undefined ? '' : esc(`[${formatFigure(m.ci[0])}, ${formatFigure(m.ci[1])}]`)
      }</td><td><small>${esc(m.value === null ? (m.reason ?? 'not applicable') : '')}</small></td><td><small>${esc(m.reference)}</small></td></tr>`,
  );
  return `<table><tr><th>figure</th><th>columns</th><th>value</th><th>interval</th><th>why not</th><th>definition</th></tr>${rows.join('')}</table>`;
}

function lossTable(loss: NonNullable<EvaluationReport['utility']['informationLoss']>): string {
  const levels = Object.entries(loss.transformation)
    .map(([k, v]) => `${k} = ${v}`)
    .join(', ');
  const rows = Object.entries(loss.metrics).map(
    ([name, value]) => `<tr><td>${esc(name)}</td>${figureCell(value)}</tr>`,
  );
  return `<p>${esc(`Full-domain generalisation recognised: ${levels}; k = ${loss.k}; ${loss.suppressedRows} row(s) suppressed.`)}</p><table><tr><th>metric</th><th>value</th></tr>${rows.join('')}</table>`;
}

/** Horizontal bars, one per column: its TVD (categorical) or KS statistic (numbers, dates). */
function columnDistanceChart(metrics: readonly ReportedMetric[]): string {
  const bars = metrics.filter(
    (m) => m.name === 'totalVariationDistance' || m.name === 'kolmogorovSmirnov',
  );
  if (bars.length === 0) return '<p class="na">No per-column distance.</p>';
  const label = 170;
  const width = 320;
  const row = 20;
  const height = bars.length * row + 24;
  const items = bars.map((m, i) => {
    const y = i * row + 4;
    const name = `${m.columns.join(', ')} (${m.name === 'kolmogorovSmirnov' ? 'KS' : 'TVD'})`;
    const text = `<text x="${label - 6}" y="${y + 13}" text-anchor="end">${esc(name)}</text>`;
    if (m.value === null) {
      return `${text}<text x="${label + 4}" y="${y + 13}" fill="#888">n/a: ${esc(m.reason ?? 'not applicable')}</text>`;
    }
    const w = Math.max(0, Math.min(1, m.value)) * width;
    return `${text}<rect x="${label}" y="${y + 2}" width="${px(w)}" height="${row - 6}" fill="${ORIGINAL_COLOUR}"><title>${esc(`${name}: ${formatFigure(m.value)}`)}</title></rect><text x="${px(label + w + 4)}" y="${y + 13}">${esc(formatFigure(m.value))}</text>`;
  });
  const axis = `<line x1="${label}" y1="${height - 18}" x2="${label + width}" y2="${height - 18}" stroke="#999"/><text x="${label}" y="${height - 4}">0</text><text x="${label + width}" y="${height - 4}" text-anchor="end">1</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${label + width + 80}" height="${height}" font-size="12" role="img" aria-label="per-column distance">${items.join('')}${axis}</svg>`;
}

/** One column's panel: paired bars per bin, or an empty panel when either side is all missing. */
function profilePanel(p: ColumnProfile): string {
  const pct = (x: number): string => `${formatFigure(100 * x)}%`;
  const heading = `<h3>${esc(p.name)} <small>${esc(p.type)}; missing: original ${pct(p.missing.original)}, release ${pct(p.missing.release)}</small></h3>`;
  const allMissing =
    p.missing.release === 1 ? 'release' : p.missing.original === 1 ? 'original' : null;
  if (allMissing !== null || p.bins.length === 0) {
    const note =
      allMissing === null
        ? 'no values'
        : `100% missing in the ${allMissing}${p.missing.original === 1 && p.missing.release === 1 ? ' and the original' : ''}`;
    return `<div class="panel">${heading}<div class="empty">${esc(note)}</div></div>`;
  }
  const label = 90;
  const width = 200;
  const row = 16;
  const max = Math.max(...p.bins.flatMap((b) => [b.original, b.release]), 1e-9);
  const items = p.bins.map((b, i) => {
    const y = i * row;
    const wo = (b.original / max) * (width - 10);
    const wr = (b.release / max) * (width - 10);
    const name = b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label;
    return `<text x="${label - 4}" y="${y + 11}" text-anchor="end">${esc(name)}<title>${esc(b.label)}</title></text><rect x="${label}" y="${y + 1}" width="${px(wo)}" height="6" fill="${ORIGINAL_COLOUR}"><title>${esc(`original ${pct(b.original)}`)}</title></rect><rect x="${label}" y="${y + 7}" width="${px(wr)}" height="6" fill="${RELEASE_COLOUR}"><title>${esc(`release ${pct(b.release)}`)}</title></rect>`;
  });
  return `<div class="panel">${heading}<svg xmlns="http://www.w3.org/2000/svg" width="${label + width}" height="${p.bins.length * row + 4}" font-size="10" role="img" aria-label="${esc(p.name)}">${items.join('')}</svg></div>`;
}

/** The attack risks as bars with their confidence intervals as whiskers, on a 0–1 axis. */
function attackChart(report: EvaluationReport): string {
  const attacks: [string, ReportedAttack][] = [
    ['singling out', report.risk.singlingOut],
    ['linkability', report.risk.linkability],
    ...Object.entries(report.risk.inference).map(([secret, a]): [string, ReportedAttack] => [
      `inference: ${secret}`,
      a,
    ]),
  ];
  const label = 170;
  const width = 320;
  const row = 24;
  const height = attacks.length * row + 24;
  const x = (v: number): number => label + Math.max(0, Math.min(1, v)) * width;
  const items = attacks.map(([name, a], i) => {
    const y = i * row + 4;
    const text = `<text x="${label - 6}" y="${y + 14}" text-anchor="end">${esc(name)}</text>`;
    if (a.risk === null) {
      return `${text}<text x="${label + 4}" y="${y + 14}" fill="#888">n/a: ${esc(a.reason ?? 'not applicable')}</text>`;
    }
    const bar = `<rect x="${label}" y="${y + 3}" width="${px(x(a.risk) - label)}" height="${row - 8}" fill="${RELEASE_COLOUR}"><title>${esc(`${name}: ${formatFigure(a.risk)}`)}</title></rect>`;
    const whisker =
      a.ci === null
        ? ''
        : `<line x1="${px(x(a.ci[0]))}" y1="${y + row / 2}" x2="${px(x(a.ci[1]))}" y2="${y + row / 2}" stroke="#222"/><line x1="${px(x(a.ci[0]))}" y1="${y + 5}" x2="${px(x(a.ci[0]))}" y2="${y + row - 5}" stroke="#222"/><line x1="${px(x(a.ci[1]))}" y1="${y + 5}" x2="${px(x(a.ci[1]))}" y2="${y + row - 5}" stroke="#222"/>`;
    const value = `<text x="${px(x(a.ci?.[1] ?? a.risk) + 6)}" y="${y + 14}">${esc(
      formatFigure(a.risk) +
        (a.ci === null ? '' : ` [${formatFigure(a.ci[0])}, ${formatFigure(a.ci[1])}]`),
    )}</text>`;
    return text + bar + whisker + value;
  });
  const axis = `<line x1="${label}" y1="${height - 18}" x2="${label + width}" y2="${height - 18}" stroke="#999"/><text x="${label}" y="${height - 4}">0</text><text x="${label + width}" y="${height - 4}" text-anchor="end">1</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${label + width + 150}" height="${height}" font-size="12" role="img" aria-label="attack risks">${items.join('')}${axis}</svg>`;
}
