/**
 * The shapes of the benchmark (`datanonyme bench`): a grid of runs, the figures measured for each
 * run, and the results file the report is written from. Browser-safe: nothing here reads files or
 * the clock.
 */
import type { BenchGrid } from './grid.js';

/** The method families as the benchmark groups them; `reference` is the original itself. */
export type BenchFamily = 'reference' | 'generalisation' | 'perturbation' | 'dp' | 'synthesis';

/** A parameter value of a run (k, l, ε…). */
export type BenchParameter = string | number | boolean;

/** One configuration of the grid: a method with its parameters on a dataset. */
export interface BenchConfiguration {
  dataset: string;
  /** `original`, `optimal`, `mondrian`, `pram`, `swap`, `dp-table`, `dp-aggregates` or a generator's name. */
  method: string;
  family: BenchFamily;
  /** The method's parameters (k, l, retention, rate, epsilon); an empty object for none. */
  parameters: Record<string, BenchParameter>;
}

/** One run: a configuration and its repeat number (0-based). */
export interface BenchRun extends BenchConfiguration {
  repeat: number;
}

/** What a run kept and what it still exposes; null where a figure does not apply. */
export interface BenchFigures {
  /** Rows of the release. */
  rows: number;
  /** The evaluation's utility score in [0, 1] (1: as the original); null for tables and aggregates. */
  utility: number | null;
  /** The worst of the three attacks' risks (singling out, linkability, inference); null for tables. */
  risk: number | null;
  singlingOut: number | null;
  linkability: number | null;
  /** The largest inference risk over the secret columns. */
  inference: number | null;
  /** Average prosecutor re-identification risk of the release's quasi-identifiers. */
  prosecutorAverage: number | null;
  /**
   * Generalisation only: optimal, ARX's Loss metric; Mondrian, GCP (the mean NCP). Both in
   * [0, 1], 0 for the original values and 1 for everything suppressed or generalised to the root.
   */
  informationLoss: number | null;
  /**
   * DP tables and aggregates: the relative error (see the runner); DP synthetic data: 1 − utility.
   */
  error: number | null;
}

/** What a run cost. */
export interface BenchResources {
  /** Wall time of making the release (the method alone), in milliseconds. */
  methodMs: number;
  /** CPU time (user + system) of the process while making the release, in milliseconds. */
  cpuMs: number;
  /** Wall time of the evaluation of the release, in milliseconds. */
  evaluationMs: number;
  /** The process's peak resident set size after the run (a high-water mark), in MB. */
  peakRssMb: number;
  /** Heap growth while making the release (heap used after − before), in MB; may be negative. */
  heapDeltaMb: number;
  /** CPU time × power per core, in joules. */
  energyJ: number;
  /** Energy × grid carbon intensity, in milligrams of CO₂-equivalent. */
  carbonMg: number;
}

/** One finished run, as appended to the results file. */
export interface BenchRecord extends BenchRun {
  /** dataset | method | parameters | repeat: the resume key. */
  key: string;
  /** The seed of the run's noise, sampling and evaluation. */
  seed: number;
  /** The evaluation mode. */
  evaluation: 'full' | 'quick';
  figures: BenchFigures;
  resources: BenchResources;
  /** Method-specific notes (suppressed rows, transformation, ε spent). */
  notes: string[];
  /** Set when the method or the evaluation failed: the run is kept with null figures. */
  error?: string;
}

/** The energy and carbon assumptions printed in the report. */
export interface EnergyAssumptions {
  /** Power drawn per busy core, in watts. */
  wattsPerCore: number;
  /** Grid carbon intensity, in grams of CO₂-equivalent per kilowatt-hour. */
  gramsPerKwh: number;
  /** Where the intensity comes from (source and year). */
  intensitySource: string;
  /** Where the power per core comes from. */
  powerSource: string;
}

/** A chart of the report: its identifier and title (the HTML has one container per chart). */
export interface BenchChart {
  id: string;
  title: string;
  /** The Vega-Lite specification it was rendered from. */
  spec: Record<string, unknown>;
}

/** Everything a benchmark measured: `results.json`. */
export interface BenchResults {
  tool: 'datanonyme';
  version: string;
  /** ISO date and time the report was written. */
  written: string;
  seed: number;
  /** The grid's name (`default`, `quick`, or the name in a grid file). */
  grid: string;
  /** The grid itself: every parameter the runs were expanded from. */
  gridDefinition: BenchGrid;
  /** `--methods`: the methods or families kept (empty: all of the grid). */
  methods: string[];
  evaluation: 'full' | 'quick';
  repeat: number;
  machine: { platform: string; arch: string; cpus: number; cpuModel: string; node: string };
  energy: EnergyAssumptions;
  datasets: {
    name: string;
    rows: number;
    releaseRows: number;
    controlRows: number;
    description: string;
  }[];
  /** Wall time of the whole benchmark run that wrote this file (resumed runs not included). */
  wallMs: number;
  records: BenchRecord[];
  charts: BenchChart[];
}
