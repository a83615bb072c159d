/**
 * The reading of a benchmark: runs averaged per configuration, the utility–risk frontier (the
 * releases no other release beats on both counts), and a plain-language sentence per risk level
 * saying which method keeps most there.
 */
import { configurationLabel, parameterText, seriesLabel } from './grid.js';
import type { BenchConfiguration, BenchFigures, BenchRecord, BenchResources } from './types.js';

/** A configuration's runs, averaged. */
export interface ConfigurationSummary extends BenchConfiguration {
  label: string;
  series: string;
  runs: number;
  /** Runs that failed, with the first error. */
  failed: number;
  error?: string;
  /** The mean of each figure over the runs where it applies (null if it applies in none). */
  figures: Omit<BenchFigures, 'rows'> & { rows: number };
  /** The median of each cost over the runs. */
  resources: BenchResources;
  notes: string[];
}

/** A point of the utility–risk plane. */
export interface FrontierPoint {
  utility: number;
  risk: number;
}

/** One risk level of the reading. */
export interface RiskLevel {
  /** The largest risk allowed. */
  maxRisk: number;
  /** The configuration that keeps most at or below it; null when none is that safe. */
  best: ConfigurationSummary | null;
}

/** The reading of the frontier, per dataset. */
export interface FrontierReading {
  dataset: string;
  /** The configurations on the frontier, by increasing risk. */
  frontier: ConfigurationSummary[];
  levels: RiskLevel[];
  /** The plain-language reading, one sentence a line. */
  sentences: string[];
}

/** The default risk levels of the reading. */
export const RISK_LEVELS = [0.01, 0.05, 0.1, 0.2, 0.5] as const;

const mean = (values: readonly (number | null)[]): number | null => {
  const used = values.filter((v): v is number => v !== null && Number.isFinite(v));
  return used.length === 0 ? null : used.reduce((a, b) => a + b, 0) / used.length;
};

const median = (values: readonly number[]): number => {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

/**
 * The runs grouped by dataset, method and parameters, in first-seen order: figures averaged over
 * the runs where they apply, costs as medians.
 *
 * @example summariseConfigurations(records).map((c) => c.label) // => ['original', 'optimal k=2', …]
 */
export function summariseConfigurations(records: readonly BenchRecord[]): ConfigurationSummary[] {
  const groups = new Map<string, BenchRecord[]>();
  for (const r of records) {
    const key = r.key.slice(0, r.key.lastIndexOf('|'));
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [r]);
    else list.push(r);
  }
  return [...groups.values()].map((runs): ConfigurationSummary => {
    const first = runs[0] as BenchRecord;
    const ok = runs.filter((r) => r.error === undefined);
    const figure = (name: keyof BenchFigures): number | null =>
      mean(ok.map((r) => r.figures[name]));
    const cost = (name: keyof BenchResources): number => median(ok.map((r) => r.resources[name]));
    const failed = runs.filter((r) => r.error !== undefined);
    const configuration: BenchConfiguration = {
      dataset: first.dataset,
      method: first.method,
      family: first.family,
      parameters: first.parameters,
    };
    return {
      ...configuration,
      label: configurationLabel(configuration),
      series: seriesLabel(configuration),
      runs: runs.length,
      failed: failed.length,
      ...(failed[0]?.error === undefined ? {} : { error: failed[0].error }),
      figures: {
        rows: figure('rows') ?? 0,
        utility: figure('utility'),
        risk: figure('risk'),
        singlingOut: figure('singlingOut'),
        linkability: figure('linkability'),
        inference: figure('inference'),
        prosecutorAverage: figure('prosecutorAverage'),
        informationLoss: figure('informationLoss'),
        error: figure('error'),
      },
      resources: {
        methodMs: cost('methodMs'),
        cpuMs: cost('cpuMs'),
        evaluationMs: cost('evaluationMs'),
        peakRssMb: cost('peakRssMb'),
        heapDeltaMb: cost('heapDeltaMb'),
        energyJ: cost('energyJ'),
        carbonMg: cost('carbonMg'),
      },
      notes: first.notes,
    };
  });
}

/**
 * The indices of the points on the frontier: those that no other point dominates (a point
 * dominates another when its risk is lower or equal and its utility higher or equal, one of
 * them strictly). Equal points are all kept. Sorted by increasing risk, then decreasing utility.
 *
 * @example paretoFrontier([{ utility: 0.9, risk: 0.1 }, { utility: 0.8, risk: 0.2 }]) // => [0]
 */
export function paretoFrontier(points: readonly FrontierPoint[]): number[] {
  const kept: number[] = [];
  points.forEach((p, i) => {
    const dominated = points.some(
      (q) =>
        q.risk <= p.risk && q.utility >= p.utility && (q.risk < p.risk || q.utility > p.utility),
    );
    if (!dominated) kept.push(i);
  });
  return kept.sort((a, b) => {
    const pa = points[a] as FrontierPoint;
    const pb = points[b] as FrontierPoint;
    return pa.risk - pb.risk || pb.utility - pa.utility;
  });
}

const percent = (x: number): string => `${+(x * 100).toFixed(1)} %`;
const fixed = (x: number): string => x.toFixed(3);

/**
 * Reads the frontier of one dataset: among the releases with both a utility score and a risk (not
 * the original, not DP tables), which keeps most at each risk level, and which are on the
 * frontier. Ties on utility go to the lower risk, then to the first in the grid.
 *
 * @example
 * readFrontier('adult', summaries).sentences[0]
 * // => 'At a risk of at most 1 %, mondrian k=10 keeps most: utility 0.871 (risk 0.000).'
 */
export function readFrontier(
  dataset: string,
  summaries: readonly ConfigurationSummary[],
  levels: readonly number[] = RISK_LEVELS,
): FrontierReading {
  const mine = summaries.filter((s) => s.dataset === dataset);
  const candidates = mine.filter(
    (s) => s.family !== 'reference' && s.figures.utility !== null && s.figures.risk !== null,
  );
  const points = candidates.map((s) => ({
    utility: s.figures.utility as number,
    risk: s.figures.risk as number,
  }));
  const frontier = paretoFrontier(points).map((i) => candidates[i] as ConfigurationSummary);
  const readLevels = levels.map((maxRisk): RiskLevel => {
    let best: ConfigurationSummary | null = null;
    for (const c of candidates) {
      const u = c.figures.utility as number;
      const r = c.figures.risk as number;
      if (r > maxRisk) continue;
      if (
        best === null ||
        u > (best.figures.utility as number) ||
        (u === best.figures.utility && r < (best.figures.risk as number))
      ) {
        best = c;
      }
    }
    return { maxRisk, best };
  });
  const sentences: string[] = [];
  const reference = mine.find((s) => s.family === 'reference');
  if (
    reference !== undefined &&
    reference.figures.utility !== null &&
    reference.figures.risk !== null
  ) {
    sentences.push(
      `The original itself (the reference) scores utility ${fixed(reference.figures.utility)} and risk ${fixed(reference.figures.risk)}: publishing it as it is would expose that much.`,
    );
  }
  if (candidates.length === 0) {
    sentences.push('No release with both a utility score and a risk was measured on this data.');
    return { dataset, frontier, levels: readLevels, sentences };
  }
  for (const level of readLevels) {
    const b = level.best;
    sentences.push(
      b === null
        ? `At a risk of at most ${percent(level.maxRisk)}, no release measured here is that safe.`
        : `At a risk of at most ${percent(level.maxRisk)}, ${b.label} keeps most: utility ${fixed(b.figures.utility as number)} (risk ${fixed(b.figures.risk as number)}).`,
    );
  }
  sentences.push(
    `On the frontier (no other release keeps more at a lower or equal risk), by increasing risk: ${frontier
      .map(
        (c) =>
          `${c.label} (${fixed(c.figures.risk as number)}, ${fixed(c.figures.utility as number)})`,
      )
      .join('; ')}.`,
  );
  const dominated = candidates.length - frontier.length;
  if (dominated > 0) {
    sentences.push(
      `The other ${dominated} release${dominated === 1 ? ' is' : 's are'} beaten on both counts by one on the frontier.`,
    );
  }
  sentences.push(
    'Risk is the worst of the three attacks of Giomi et al. (singling out, linkability, inference) against held-out original rows; utility is the evaluation score (1: as the original). Both are estimates from one sample of attacks.',
  );
  return { dataset, frontier, levels: readLevels, sentences };
}

/** The parameters of a configuration as text (re-exported for the report). */
export { parameterText };
