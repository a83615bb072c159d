/**
 * The grid of `datanonyme bench`: which methods run with which parameters, expanded to runs, and
 * the key each finished run is stored under (so that an interrupted benchmark resumes).
 */
import { DatanonymeError } from '../../errors.js';
import type { BenchConfiguration, BenchParameter, BenchRun } from './types.js';

/** The generators of the benchmark; `independent`, `privbayes` and `mst` also run under DP. */
export const BENCH_GENERATORS = ['independent', 'copula', 'cart', 'privbayes', 'mst'] as const;
const DP_GENERATORS = new Set(['independent', 'privbayes', 'mst']);
const NON_DP_GENERATORS = new Set(['independent', 'copula', 'cart']);

/** A compact grid: the parameters each family runs with. */
export interface BenchGrid {
  /** A name for the report. */
  name: string;
  datasets: string[];
  /** Run the original itself as the reference. */
  reference: boolean;
  generalisation: {
    methods: ('optimal' | 'mondrian')[];
    k: number[];
    /** Distinct l-diversity of the sensitive column; 0 or 1 means none. */
    l: number[];
    /** Optimal only: the largest share of rows that may be suppressed. */
    suppressionLimit: number;
  };
  /**
   * PRAM of the categorical quasi-identifiers at each retention probability, and targeted record
   * swapping of the geography at each rate (see `methods.ts`).
   */
  perturbation: { pram: number[]; swap: number[] };
  dp: { releases: ('table' | 'aggregates')[]; epsilon: number[] };
  synthesis: { generators: string[]; epsilon: number[] };
  /** Full or quick evaluation (see `evaluateRelease`). */
  evaluation: 'full' | 'quick';
  repeat: number;
  /** Use a seeded sample of this many rows of each dataset. @defaultValue every row */
  rows?: number;
}

/**
 * The default grid of the issue on Adult: generalisation k ∈ {2, 5, 10, 20}, optimal and Mondrian,
 * without and with distinct 2-diversity of the sensitive column; PRAM at retention 0.8 and record
 * swapping at a rate of 5 %; DP contingency table and aggregates at ε ∈ {0.1, 1, 10}; every
 * generator (DP ones at the same ε); the original.
 *
 * @example expandGrid(defaultGrid()).length // => 37
 */
export function defaultGrid(): BenchGrid {
  return {
    name: 'default',
    datasets: ['adult'],
    reference: true,
    generalisation: {
      methods: ['optimal', 'mondrian'],
      k: [2, 5, 10, 20],
      l: [1, 2],
      suppressionLimit: 0.05,
    },
    perturbation: { pram: [0.8], swap: [0.05] },
    dp: { releases: ['table', 'aggregates'], epsilon: [0.1, 1, 10] },
    synthesis: { generators: [...BENCH_GENERATORS], epsilon: [0.1, 1, 10] },
    evaluation: 'full',
    repeat: 1,
  };
}

/**
 * The quick grid (under a minute): on a sample of 8,000 rows, k ∈ {2, 10} optimal and Mondrian,
 * PRAM at retention 0.8 and swapping at 5 %, the DP table at ε ∈ {1, 10}, independent marginals
 * plain and DP and MST at ε ∈ {1, 10}, the original; quick evaluation.
 *
 * @example expandGrid(quickGrid()).length // => 14
 */
export function quickGrid(): BenchGrid {
  return {
    name: 'quick',
    datasets: ['adult'],
    reference: true,
    generalisation: {
      methods: ['optimal', 'mondrian'],
      k: [2, 10],
      l: [1],
      suppressionLimit: 0.05,
    },
    perturbation: { pram: [0.8], swap: [0.05] },
    dp: { releases: ['table'], epsilon: [1, 10] },
    synthesis: { generators: ['independent', 'mst'], epsilon: [1, 10] },
    evaluation: 'quick',
    repeat: 1,
    rows: 8000,
  };
}

/**
 * The runs of a grid, in order: per dataset the original, generalisation, perturbation, DP
 * releases, then synthesis; each configuration `repeat` times.
 *
 * @example expandGrid({ ...quickGrid(), repeat: 2 }).length // => 28
 */
export function expandGrid(grid: BenchGrid): BenchRun[] {
  const configurations: BenchConfiguration[] = [];
  for (const dataset of grid.datasets) {
    const add = (
      method: string,
      family: BenchConfiguration['family'],
      parameters: Record<string, BenchParameter>,
    ): void => {
      configurations.push({ dataset, method, family, parameters });
    };
    if (grid.reference) add('original', 'reference', {});
    for (const method of grid.generalisation.methods) {
      for (const l of grid.generalisation.l) {
        for (const k of grid.generalisation.k) {
          add(method, 'generalisation', l > 1 ? { k, l } : { k });
        }
      }
    }
    for (const retention of grid.perturbation.pram) add('pram', 'perturbation', { retention });
    for (const rate of grid.perturbation.swap) add('swap', 'perturbation', { rate });
    for (const release of grid.dp.releases) {
      for (const epsilon of grid.dp.epsilon) add(`dp-${release}`, 'dp', { epsilon });
    }
    for (const generator of grid.synthesis.generators) {
      if (NON_DP_GENERATORS.has(generator)) add(generator, 'synthesis', {});
      if (DP_GENERATORS.has(generator)) {
        for (const epsilon of grid.synthesis.epsilon) add(generator, 'synthesis', { epsilon });
      }
    }
  }
  const runs: BenchRun[] = [];
  for (const c of configurations) {
    for (let repeat = 0; repeat < grid.repeat; repeat++) runs.push({ ...c, repeat });
  }
  return runs;
}

/**
 * Parameters as `k=5 l=2` (sorted by name, ε for epsilon), or '' for none.
 *
 * @example parameterText({ l: 2, k: 5 }) // => 'k=5 l=2'
 */
export function parameterText(parameters: Record<string, BenchParameter>): string {
  return Object.keys(parameters)
    .sort()
    .map((name) => `${name === 'epsilon' ? 'ε' : name}=${String(parameters[name])}`)
    .join(' ');
}

/**
 * The key a run is stored and resumed under: dataset, method, parameters (sorted) and repeat.
 *
 * @example runKey({ dataset: 'adult', method: 'optimal', family: 'generalisation', parameters: { l: 2, k: 5 }, repeat: 0 })
 * // => 'adult|optimal|k=5,l=2|0'
 */
export function runKey(run: BenchRun): string {
  const parameters = Object.keys(run.parameters)
    .sort()
    .map((name) => `${name}=${String(run.parameters[name])}`)
    .join(',');
  return `${run.dataset}|${run.method}|${parameters}|${run.repeat}`;
}

/**
 * The configuration's label in charts and tables: the method and its parameters.
 *
 * @example configurationLabel({ dataset: 'adult', method: 'mst', family: 'synthesis', parameters: { epsilon: 1 } }) // => 'mst ε=1'
 */
export function configurationLabel(c: BenchConfiguration): string {
  const text = parameterText(c.parameters);
  return text === '' ? c.method : `${c.method} ${text}`;
}

/**
 * The series a configuration belongs to in the charts: its method, with `+2-diversity` or `DP`
 * when those change what it is (`mondrian +2-diversity`, `independent DP`).
 *
 * @example seriesLabel({ dataset: 'adult', method: 'mondrian', family: 'generalisation', parameters: { k: 5, l: 2 } }) // => 'mondrian +2-diversity'
 */
export function seriesLabel(c: BenchConfiguration): string {
  const l = c.parameters.l;
  if (typeof l === 'number' && l > 1) return `${c.method} +${l}-diversity`;
  if (
    c.family === 'synthesis' &&
    c.parameters.epsilon !== undefined &&
    NON_DP_GENERATORS.has(c.method)
  ) {
    return `${c.method} DP`;
  }
  return c.method;
}

/**
 * Keeps the runs whose method or family is listed (`--methods optimal,synthesis`); the original
 * reference is always kept.
 *
 * @throws DatanonymeError `BAD_PARAMETER` when a name is neither a method nor a family of the grid.
 * @example filterRuns(expandGrid(quickGrid()), ['mst']).map((r) => r.method) // => ['original', 'mst', 'mst']
 */
export function filterRuns(runs: readonly BenchRun[], names: readonly string[]): BenchRun[] {
  if (names.length === 0) return [...runs];
  const known = new Set(runs.flatMap((r) => [r.method, r.family]));
  for (const name of names) {
    if (!known.has(name)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--methods ${name}: not a method or family of the grid (known: ${[...known].sort().join(', ')})`,
        { field: 'methods', value: name },
      );
    }
  }
  return runs.filter(
    (r) => r.family === 'reference' || names.includes(r.method) || names.includes(r.family),
  );
}

/**
 * Checks a grid read from a JSON file (`--grid`): a missing section or field takes the default
 * grid's; an empty list runs none.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming the field for a wrong shape or value.
 * @example checkGrid({ generalisation: { k: [5] } }).generalisation.k // => [5]
 */
export function checkGrid(value: unknown, file = 'grid'): BenchGrid {
  const base = defaultGrid();
  const bad = (field: string, message: string): DatanonymeError =>
    new DatanonymeError('BAD_CONFIG', `${file}: ${field} ${message}`, { file, field });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad('(top level)', 'must be a JSON object');
  }
  const v = value as Record<string, unknown>;
  const section = (name: string): Record<string, unknown> => {
    const s = v[name];
    if (s === undefined) return {};
    if (typeof s !== 'object' || s === null || Array.isArray(s))
      throw bad(name, 'must be an object');
    return s as Record<string, unknown>;
  };
  const numbers = (
    field: string,
    x: unknown,
    fallback: number[],
    test: (n: number) => boolean,
  ): number[] => {
    if (x === undefined) return fallback;
    if (!Array.isArray(x) || !x.every((n) => typeof n === 'number' && test(n))) {
      throw bad(field, 'must be a list of valid numbers');
    }
    return x as number[];
  };
  const strings = <T extends string>(
    field: string,
    x: unknown,
    fallback: T[],
    allowed: readonly string[],
  ): T[] => {
    if (x === undefined) return fallback;
    if (!Array.isArray(x) || !x.every((s) => typeof s === 'string' && allowed.includes(s))) {
      throw bad(field, `must be a list of ${allowed.join(', ')}`);
    }
    return x as T[];
  };
  const g = section('generalisation');
  const p = section('perturbation');
  const d = section('dp');
  const s = section('synthesis');
  const positive = (n: number): boolean => Number.isFinite(n) && n > 0;
  const probability = (n: number): boolean => n >= 0 && n <= 1;
  const suppression = g.suppressionLimit ?? base.generalisation.suppressionLimit;
  if (typeof suppression !== 'number' || !(suppression >= 0 && suppression <= 1)) {
    throw bad('generalisation.suppressionLimit', 'must be a number in [0, 1]');
  }
  const evaluation = v.evaluation ?? base.evaluation;
  if (evaluation !== 'full' && evaluation !== 'quick')
    throw bad('evaluation', 'must be "full" or "quick"');
  const repeat = v.repeat ?? 1;
  if (typeof repeat !== 'number' || !Number.isInteger(repeat) || repeat < 1) {
    throw bad('repeat', 'must be an integer ≥ 1');
  }
  const reference = v.reference ?? true;
  if (typeof reference !== 'boolean') throw bad('reference', 'must be true or false');
  const rows = v.rows;
  if (rows !== undefined && (typeof rows !== 'number' || !Number.isInteger(rows) || rows < 20)) {
    throw bad('rows', 'must be an integer ≥ 20');
  }
  const name = v.name ?? 'custom';
  if (typeof name !== 'string') throw bad('name', 'must be a string');
  return {
    name,
    datasets: strings('datasets', v.datasets, base.datasets, ['adult']),
    reference,
    generalisation: {
      methods: strings('generalisation.methods', g.methods, base.generalisation.methods, [
        'optimal',
        'mondrian',
      ]),
      k: numbers(
        'generalisation.k',
        g.k,
        base.generalisation.k,
        (n) => Number.isInteger(n) && n >= 1,
      ),
      l: numbers(
        'generalisation.l',
        g.l,
        base.generalisation.l,
        (n) => Number.isInteger(n) && n >= 1,
      ),
      suppressionLimit: suppression,
    },
    perturbation: {
      pram: numbers('perturbation.pram', p.pram, base.perturbation.pram, probability),
      swap: numbers('perturbation.swap', p.swap, base.perturbation.swap, probability),
    },
    dp: {
      releases: strings('dp.releases', d.releases, base.dp.releases, ['table', 'aggregates']),
      epsilon: numbers('dp.epsilon', d.epsilon, base.dp.epsilon, positive),
    },
    synthesis: {
      generators: strings(
        'synthesis.generators',
        s.generators,
        base.synthesis.generators,
        BENCH_GENERATORS,
      ),
      epsilon: numbers('synthesis.epsilon', s.epsilon, base.synthesis.epsilon, positive),
    },
    evaluation,
    repeat,
    ...(rows === undefined ? {} : { rows: rows }),
  };
}
