/**
 * The report's charts as Vega-Lite specifications, and their rendering to SVG text (no browser
 * and no script needed to read them). Per dataset: utility against risk (the frontier),
 * information loss against k, error against ε, and the time of each configuration. A chart
 * whose data is empty (no generalisation in the grid, say) is left out.
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { ConfigurationSummary } from './frontier.js';
import { paretoFrontier } from './frontier.js';
import type { BenchChart } from './types.js';

const CONFIG = {
  background: 'white',
  font: 'sans-serif',
  axis: { labelFontSize: 11, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 220 },
};

/** Twenty distinct colours: the default grid has 13 series, more than the default ten. */
const SERIES_COLOURS = { scheme: 'tableau20' };

/**
 * The charts of the report (see the module comment), in order, for every dataset.
 *
 * @example chartSpecs(summaries).map((c) => c.id) // => ['frontier-adult', 'loss-k-adult', 'error-epsilon-adult', 'time-adult']
 */
export function chartSpecs(summaries: readonly ConfigurationSummary[]): BenchChart[] {
  const charts: BenchChart[] = [];
  const datasets = [...new Set(summaries.map((s) => s.dataset))];
  for (const dataset of datasets) {
    const mine = summaries.filter((s) => s.dataset === dataset);
    const plotted = mine.filter((s) => s.figures.utility !== null && s.figures.risk !== null);
    if (plotted.length > 0) {
      const candidates = plotted.filter((s) => s.family !== 'reference');
      const frontier = new Set(
        paretoFrontier(
          candidates.map((s) => ({
            utility: s.figures.utility as number,
            risk: s.figures.risk as number,
          })),
        ).map((i) => (candidates[i] as ConfigurationSummary).label),
      );
      const values = plotted.map((s) => ({
        label: s.label,
        series: s.series,
        family: s.family,
        risk: s.figures.risk,
        utility: s.figures.utility,
        frontier: frontier.has(s.label),
      }));
      charts.push({
        id: `frontier-${dataset}`,
        title: `${dataset}: utility against risk (the frontier)`,
        spec: {
          width: 560,
          height: 360,
          config: CONFIG,
          data: { values },
          layer: [
            {
              transform: [{ filter: 'datum.frontier' }],
              mark: { type: 'line', color: '#555', strokeDash: [4, 3] },
              encoding: {
                x: { field: 'risk', type: 'quantitative' },
                y: { field: 'utility', type: 'quantitative' },
                order: { field: 'risk', type: 'quantitative' },
              },
            },
            {
              mark: { type: 'point', filled: true, size: 80, opacity: 0.85 },
              encoding: {
                x: {
                  field: 'risk',
                  type: 'quantitative',
                  title: 'risk: worst attack (singling out, linkability, inference)',
                },
                y: {
                  field: 'utility',
                  type: 'quantitative',
                  title: 'utility score (1 = as the original)',
                  scale: { zero: false },
                },
                color: { field: 'series', type: 'nominal', title: 'method', scale: SERIES_COLOURS },
                shape: { field: 'family', type: 'nominal', title: 'family' },
                tooltip: [
                  { field: 'label', type: 'nominal' },
                  { field: 'risk', type: 'quantitative', format: '.3f' },
                  { field: 'utility', type: 'quantitative', format: '.3f' },
                ],
              },
            },
          ],
        },
      });
    }
    const loss = mine.filter(
      (s) =>
        s.family === 'generalisation' &&
        s.figures.informationLoss !== null &&
        typeof s.parameters.k === 'number',
    );
    if (loss.length > 0) {
      charts.push({
        id: `loss-k-${dataset}`,
        title: `${dataset}: information loss against k`,
        spec: {
          width: 560,
          height: 300,
          config: CONFIG,
          data: {
            values: loss.map((s) => ({
              k: s.parameters.k,
              loss: s.figures.informationLoss,
              series: s.series,
            })),
          },
          mark: { type: 'line', point: { filled: true, size: 60 } },
          encoding: {
            x: { field: 'k', type: 'quantitative', scale: { type: 'log' }, title: 'k' },
            y: {
              field: 'loss',
              type: 'quantitative',
              title: 'information loss (optimal: ARX Loss; Mondrian: GCP)',
            },
            color: { field: 'series', type: 'nominal', title: 'method', scale: SERIES_COLOURS },
          },
        },
      });
    }
    const errors = mine.filter(
      (s) => s.figures.error !== null && typeof s.parameters.epsilon === 'number',
    );
    if (errors.length > 0) {
      charts.push({
        id: `error-epsilon-${dataset}`,
        title: `${dataset}: error against ε`,
        spec: {
          width: 560,
          height: 300,
          config: CONFIG,
          data: {
            values: errors.map((s) => ({
              epsilon: s.parameters.epsilon,
              error: s.figures.error,
              series: s.series,
            })),
          },
          mark: { type: 'line', point: { filled: true, size: 60 } },
          encoding: {
            x: {
              field: 'epsilon',
              type: 'quantitative',
              scale: { type: 'log' },
              title: 'ε (privacy budget)',
            },
            y: {
              field: 'error',
              type: 'quantitative',
              title: 'error (tables: relative L1; synthetic: 1 − utility)',
            },
            color: { field: 'series', type: 'nominal', title: 'method', scale: SERIES_COLOURS },
          },
        },
      });
    }
    const timed = mine.filter((s) => s.failed < s.runs);
    if (timed.length > 0) {
      charts.push({
        id: `time-${dataset}`,
        title: `${dataset}: time to make each release`,
        spec: {
          width: 560,
          config: CONFIG,
          data: {
            values: timed.map((s) => ({
              label: s.label,
              family: s.family,
              seconds: Math.max(s.resources.methodMs, 0) / 1000,
            })),
          },
          mark: { type: 'bar' },
          encoding: {
            y: { field: 'label', type: 'nominal', sort: null, title: null },
            x: {
              field: 'seconds',
              type: 'quantitative',
              title: 'wall time of the method (s, median)',
            },
            color: { field: 'family', type: 'nominal', title: 'family' },
          },
        },
      });
    }
  }
  return charts;
}

/**
 * Renders a Vega-Lite specification to SVG text, headless (no canvas, no DOM).
 *
 * @throws whatever Vega throws on an invalid specification.
 * @example (await renderSvg(chartSpecs(summaries)[0].spec)).startsWith('<svg') // => true
 */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = compile(spec as unknown as TopLevelSpec).spec;
  const view = new View(parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
