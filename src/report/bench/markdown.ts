/**
 * The benchmark report as Markdown (`report.md`), and the rows of its tables, which the HTML page
 * shares.
 */
import { energyAssumptionLines } from './energy.js';
import { readFrontier, summariseConfigurations, type ConfigurationSummary } from './frontier.js';
import type { BenchResults } from './types.js';

/** The columns of a dataset's table. */
export const TABLE_HEADER = [
  'configuration',
  'family',
  'rows',
  'utility',
  'risk',
  'singling out',
  'linkability',
  'inference',
  'prosecutor (avg)',
  'information loss',
  'error',
  'method s',
  'CPU s',
  'evaluation s',
  'peak RSS MB',
  'energy J',
  'CO₂eq mg',
  'notes',
] as const;

const figure = (x: number | null): string => (x === null ? '–' : x.toFixed(3));
const seconds = (ms: number): string => (ms / 1000).toFixed(ms < 10_000 ? 2 : 1);

/**
 * One table row per configuration, as text cells in {@link TABLE_HEADER} order; a failed
 * configuration says why in its notes.
 *
 * @example tableRows(summaries)[0][0] // => 'original'
 */
export function tableRows(summaries: readonly ConfigurationSummary[]): string[][] {
  return summaries.map((s) => {
    const f = s.figures;
    const r = s.resources;
    const failed = s.failed === s.runs;
    return [
      s.label,
      s.family,
      failed ? '–' : String(Math.round(f.rows)),
      figure(f.utility),
      figure(f.risk),
      figure(f.singlingOut),
      figure(f.linkability),
      figure(f.inference),
      figure(f.prosecutorAverage),
      figure(f.informationLoss),
      figure(f.error),
      failed ? '–' : seconds(r.methodMs),
      failed ? '–' : seconds(r.cpuMs),
      failed ? '–' : seconds(r.evaluationMs),
      failed ? '–' : r.peakRssMb.toFixed(0),
      failed ? '–' : r.energyJ.toFixed(2),
      failed ? '–' : r.carbonMg.toFixed(4),
      [
        ...s.notes,
        ...(s.failed > 0 ? [`${s.failed} of ${s.runs} run(s) failed: ${s.error ?? ''}`] : []),
        ...(s.runs > 1 ? [`mean of ${s.runs - s.failed} runs`] : []),
      ].join('; '),
    ];
  });
}

/**
 * The lines that say what the figures are (split, utility, risk, loss, error, perturbation,
 * times, seeding), shared by both reports.
 *
 * @example definitionLines(results)[0] // => 'Each release is made from the original half of the dataset …'
 */
export function definitionLines(results: BenchResults): string[] {
  return [
    `Each release is made from the original half of the dataset and evaluated (${results.evaluation} evaluation, seed ${results.seed}) against it, with the other half as the attacks' control set.`,
    'Utility: the evaluation score, the mean of per-column, per-pair and higher-order similarities in [0, 1] (1: as the original).',
    'Risk: the worst of the three attacks of Giomi et al. (PoPETs 2023): singling out, linkability and attribute inference, each (main − control) / (1 − control) in [0, 1]. Prosecutor (avg): the average re-identification probability of a record from its quasi-identifiers.',
    'Information loss: optimal generalisation, ARX’s Loss metric; Mondrian, GCP (the mean normalised certainty penalty). Error: DP tables, Σ|noisy − true| / Σ true over the cells; DP aggregates, the mean relative error of the count, the mean and the median of age; DP synthetic data, 1 − utility.',
    'Perturbation: PRAM randomises each categorical quasi-identifier (a value kept with the retention probability, else moved uniformly to another category); record swapping exchanges the native country of records in classes smaller than 3 on the quasi-identifiers with records of the same sex from another country, at most the rate’s share of records. Neither has an information-loss figure.',
    'Times are wall-clock medians on the machine below, shared with other work: differences under a factor of 2 are noise. Peak RSS is the process’s high-water mark after the run (it never goes down), not the run’s own.',
    'DP noise and sampling are seeded so that the benchmark is reproducible: these releases are for measuring, not for publication.',
  ];
}

/**
 * The Markdown report: what was run, the assumptions, and per dataset the reading of the
 * frontier and the table of every configuration.
 *
 * @example benchMarkdown(results).startsWith('# datanonyme benchmark') // => true
 */
export function benchMarkdown(results: BenchResults): string {
  const summaries = summariseConfigurations(results.records);
  const m = results.machine;
  const lines = [
    `# datanonyme benchmark (${results.grid} grid)`,
    '',
    `datanonyme ${results.version}, written ${results.written}; seed ${results.seed}; ${results.evaluation} evaluation; ${results.repeat} repeat(s); ${results.records.length} run(s); this invocation took ${seconds(results.wallMs)} s.`,
    `Machine: ${m.cpuModel} (${m.cpus} logical CPUs), ${m.platform} ${m.arch}, Node ${m.node}.`,
    '',
    '## What the figures are',
    '',
    ...definitionLines(results).map((l) => `- ${l}`),
    '',
    '## Energy and carbon assumptions',
    '',
    ...energyAssumptionLines(results.energy).map((l) => `- ${l}`),
  ];
  for (const d of results.datasets) {
    const mine = summaries.filter((s) => s.dataset === d.name);
    const reading = readFrontier(d.name, summaries);
    lines.push(
      '',
      `## ${d.name}`,
      '',
      `${d.description}. Releases are made from ${d.releaseRows} rows; ${d.controlRows} rows are the control set.`,
      '',
      '### Reading of the frontier',
      '',
      ...reading.sentences.map((s) => `- ${s}`),
      '',
      '### Every configuration',
      '',
      `| ${TABLE_HEADER.join(' | ')} |`,
      `| ${TABLE_HEADER.map((h, i) => (i < 2 || h === 'notes' ? '---' : '---:')).join(' | ')} |`,
      ...tableRows(mine).map((row) => `| ${row.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
    );
  }
  lines.push(
    '',
    '## Charts',
    '',
    `The charts (${results.charts.map((c) => c.title).join('; ')}) are in report.html.`,
    '',
  );
  return lines.join('\n');
}
