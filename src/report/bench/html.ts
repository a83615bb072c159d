/**
 * The benchmark report as one self-contained HTML page: the charts inline as SVG, the styles
 * inline, no script and nothing fetched from the network.
 */
import { energyAssumptionLines } from './energy.js';
import { readFrontier, summariseConfigurations } from './frontier.js';
import { definitionLines, TABLE_HEADER, tableRows } from './markdown.js';
import type { BenchResults } from './types.js';

/**
 * Escapes text for HTML: `&`, `<`, `>` and `"` as entities.
 *
 * @example escapeHtml('a < b & "c"') // => 'a &lt; b &amp; &quot;c&quot;'
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #1b1b1b; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #ccc; } h3 { margin-top: 1.6rem; }
table { border-collapse: collapse; font-size: 0.8rem; display: block; overflow-x: auto; }
th, td { border: 1px solid #ddd; padding: 0.2rem 0.4rem; text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td:nth-child(2), td:last-child { text-align: left; }
td:last-child { white-space: normal; min-width: 14rem; }
figure.chart { margin: 1.5rem 0; } figure.chart figcaption { font-weight: 600; margin-bottom: 0.4rem; }
.meta { color: #555; font-size: 0.9rem; }
`;

/**
 * The page: the report's text as in `report.md`, and one `<figure class="chart">` per chart of
 * `results.charts`, holding its SVG (`svgs[i]` for `results.charts[i]`).
 *
 * @example benchHtml(results, svgs).includes('<script') // => false
 */
export function benchHtml(results: BenchResults, svgs: readonly string[]): string {
  const summaries = summariseConfigurations(results.records);
  const m = results.machine;
  const list = (items: readonly string[]): string =>
    `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`;
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    // No script, no network: the page needs nothing but itself.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>datanonyme benchmark (${escapeHtml(results.grid)} grid)</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>datanonyme benchmark (${escapeHtml(results.grid)} grid)</h1>`,
    `<p class="meta">datanonyme ${escapeHtml(results.version)}, written ${escapeHtml(results.written)}; seed ${results.seed}; ${results.evaluation} evaluation; ${results.repeat} repeat(s); ${results.records.length} run(s). Machine: ${escapeHtml(m.cpuModel)} (${m.cpus} logical CPUs), ${escapeHtml(m.platform)} ${escapeHtml(m.arch)}, Node ${escapeHtml(m.node)}.</p>`,
    '<h2>What the figures are</h2>',
    list(definitionLines(results)),
    '<h2>Energy and carbon assumptions</h2>',
    list(energyAssumptionLines(results.energy)),
  ];
  for (const d of results.datasets) {
    const reading = readFrontier(d.name, summaries);
    const rows = tableRows(summaries.filter((s) => s.dataset === d.name));
    parts.push(
      `<h2>${escapeHtml(d.name)}</h2>`,
      `<p>${escapeHtml(d.description)}. Releases are made from ${d.releaseRows} rows; ${d.controlRows} rows are the control set.</p>`,
      '<h3>Reading of the frontier</h3>',
      list(reading.sentences),
      '<h3>Charts</h3>',
    );
    results.charts.forEach((chart, i) => {
      if (!chart.id.endsWith(`-${d.name}`)) return;
      parts.push(
        `<figure class="chart" id="${escapeHtml(chart.id)}"><figcaption>${escapeHtml(chart.title)}</figcaption>${svgs[i] ?? ''}</figure>`,
      );
    });
    parts.push(
      '<h3>Every configuration</h3>',
      '<table><thead><tr>',
      TABLE_HEADER.map((h) => `<th>${escapeHtml(h)}</th>`).join(''),
      '</tr></thead><tbody>',
      ...rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`),
      '</tbody></table>',
    );
  }
  parts.push('</body></html>', '');
  return parts.join('\n');
}
