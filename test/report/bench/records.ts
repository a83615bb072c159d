/** Hand-made benchmark records for the report tests (no method runs). */
import type {
  BenchFamily,
  BenchParameter,
  BenchRecord,
  BenchResults,
} from '../../../src/report/bench/types.js';
import { DEFAULT_ENERGY } from '../../../src/report/bench/energy.js';
import { quickGrid, runKey } from '../../../src/report/bench/grid.js';

/** A finished run with the given figures; costs proportional to `ms`. */
export function record(
  method: string,
  family: BenchFamily,
  parameters: Record<string, BenchParameter>,
  figures: {
    utility?: number | null;
    risk?: number | null;
    loss?: number | null;
    error?: number | null;
  },
  ms = 100,
  repeat = 0,
): BenchRecord {
  const run = { dataset: 'adult', method, family, parameters, repeat };
  return {
    ...run,
    key: runKey(run),
    seed: 1,
    evaluation: 'quick',
    figures: {
      rows: figures.utility === undefined ? 0 : 100,
      utility: figures.utility ?? null,
      risk: figures.risk ?? null,
      singlingOut: figures.risk ?? null,
      linkability: figures.risk === undefined ? null : 0,
      inference: figures.risk === undefined ? null : 0,
      prosecutorAverage: null,
      informationLoss: figures.loss ?? null,
      error: figures.error ?? null,
    },
    resources: {
      methodMs: ms,
      cpuMs: ms,
      evaluationMs: 10,
      peakRssMb: 200,
      heapDeltaMb: 1,
      energyJ: (ms / 1000) * 10,
      carbonMg: (((ms / 1000) * 10) / 3.6e6) * 32 * 1000,
    },
    notes: [],
  };
}

/**
 * The hand-made result set of the frontier tests (utility, risk):
 * original (1, 0.9) the reference; optimal k=2 (0.70, 0); optimal k=10 (0.60, 0.02), beaten by
 * optimal k=2; mondrian k=2 (0.95, 0.30); mondrian k=10 (0.80, 0.05); mst ε=1 (0.85, 0.10);
 * independent (0.80, 0.20), beaten by mst ε=1 and mondrian k=10; dp-table ε=1 (error 0.01, no
 * utility nor risk).
 */
export function handMade(): BenchRecord[] {
  return [
    record('original', 'reference', {}, { utility: 1, risk: 0.9, loss: 0 }, 0),
    record('optimal', 'generalisation', { k: 2 }, { utility: 0.7, risk: 0, loss: 0.3 }, 200),
    record('optimal', 'generalisation', { k: 10 }, { utility: 0.6, risk: 0.02, loss: 0.5 }, 150),
    record('mondrian', 'generalisation', { k: 2 }, { utility: 0.95, risk: 0.3, loss: 0.05 }, 50),
    record('mondrian', 'generalisation', { k: 10 }, { utility: 0.8, risk: 0.05, loss: 0.25 }, 40),
    record('dp-table', 'dp', { epsilon: 1 }, { error: 0.01 }, 10),
    record('mst', 'synthesis', { epsilon: 1 }, { utility: 0.85, risk: 0.1, error: 0.15 }, 300),
    record('independent', 'synthesis', {}, { utility: 0.8, risk: 0.2 }, 20),
  ];
}

/** A results file around `records` (charts left to the caller). */
export function results(records: BenchRecord[]): BenchResults {
  return {
    tool: 'datanonyme',
    version: '0.0.0-test',
    written: '2026-12-04T10:00:00.000Z',
    seed: 1,
    grid: 'quick',
    gridDefinition: quickGrid(),
    methods: [],
    evaluation: 'quick',
    repeat: 1,
    machine: { platform: 'linux', arch: 'x64', cpus: 2, cpuModel: 'Test CPU', node: 'v20' },
    energy: DEFAULT_ENERGY,
    datasets: [
      { name: 'adult', rows: 200, releaseRows: 100, controlRows: 100, description: 'Adult test' },
    ],
    wallMs: 1234,
    records,
    charts: [],
  };
}
