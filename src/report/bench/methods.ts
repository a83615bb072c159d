/**
 * What one benchmark configuration runs: the method that makes the release from the original
 * half of a dataset, and the figures measured on it. Browser-safe (the runner that times it and
 * reads files is `node-runner.ts`).
 *
 * - `original`: the original half itself (the reference).
 * - `optimal`, `mondrian`: k-anonymity (optimal: at most the grid's share of rows suppressed),
 *   with `l` > 1 distinct l-diversity of the dataset's sensitive column.
 * - `pram`: PRAM of the dataset's categorical quasi-identifiers, each independently, keeping a
 *   value with probability `retention` and else moving it uniformly to another category
 *   (Gouweleeuw et al. 1998).
 * - `swap`: targeted record swapping of the geography column: records in classes smaller than 3
 *   on the quasi-identifiers are swapped, at most a share `rate` of the records, with a record of
 *   the same sex from another area (Dalenius and Reiss 1982; the ONS/Eurostat targeted variant).
 * - `dp-table`: a noisy contingency table (`count-by`) of the dataset's table columns with their
 *   public domains; its error is Σ |noisy − true| / Σ true over the cells.
 * - `dp-aggregates`: the count, the mean and the median of the dataset's numeric column, ε split
 *   in three; its error is the mean of |noisy − true| / |true| over the three.
 * - a generator: fitted on the original half, sampled to as many rows; `independent`,
 *   `privbayes` and `mst` with `epsilon` under DP with public bounds and domains.
 */
import { dpRelease } from '../../../methods/dp/release.js';
import { mondrian } from '../../../methods/generalisation/mondrian/mondrian.js';
import { pram, type PramDetails } from '../../../methods/perturbation/pram/pram.js';
import { recordSwapping, type SwapDetails } from '../../../methods/perturbation/swapping/swap.js';
import { optimalGeneralisation } from '../../../methods/generalisation/optimal.js';
import { cart } from '../../../methods/synthesis/cart.js';
import { copula } from '../../../methods/synthesis/copula.js';
import { independent } from '../../../methods/synthesis/independent.js';
import { mst } from '../../../methods/synthesis/mst.js';
import { privBayes } from '../../../methods/synthesis/privbayes.js';
import type { SynthesisModel } from '../../../methods/synthesis/types.js';
import { DatanonymeError } from '../../errors.js';
import { evaluateRelease, type AttackRisk, type Evaluation } from '../../metrics/evaluate.js';
import type { SensitiveModelSpec } from '../../privacy/spec.js';
import type { Dataset } from '../../types.js';
import type { BenchFigures, BenchRun } from './types.js';

/** A dataset prepared for the benchmark: split in an original half and a control half. */
export interface BenchDataset {
  name: string;
  description: string;
  /** Rows of the whole file. */
  rows: number;
  /** The rows the releases are made from. */
  original: Dataset;
  /** Original rows kept out of every release: the attacks' control set. */
  control: Dataset;
  /** The column machine-learning efficacy predicts, and the l-diversity column. */
  sensitive: string;
  /** Public bounds of the numeric columns (DP). */
  bounds: Record<string, [number, number]>;
  /** Public categories of the categorical columns (DP), from the published hierarchies. */
  domains: Record<string, string[]>;
  /** The columns PRAM randomises (the categorical quasi-identifiers). */
  pramColumns: string[];
  /** The geography column(s) record swapping exchanges. */
  geography: string[];
  /** The columns a swapping donor must share with the record it swaps with. */
  swapSimilar: string[];
  /** The columns of the DP contingency table. */
  tableColumns: string[];
  /** The numeric column of the DP aggregates. */
  numericColumn: string;
  /** The suppression limit of optimal generalisation. */
  suppressionLimit: number;
}

/** The release a configuration made, before evaluation. */
export interface MadeRelease {
  /** A microdata release to evaluate, or null for tables and aggregates. */
  release: Dataset | null;
  /** Information loss of a generalisation, the error of a DP table or aggregates. */
  informationLoss: number | null;
  error: number | null;
  notes: string[];
}

/**
 * Makes the release of one run (see the module comment). The seed is the run's: DP noise and
 * sampling are reproducible, so these releases are for measuring, not for publication.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for an unknown method; whatever the method throws
 *   (`IMPOSSIBLE` when no generalisation satisfies k).
 * @example makeRelease(adult, { dataset: 'adult', method: 'mondrian', family: 'generalisation', parameters: { k: 5 }, repeat: 0 }, 's').notes
 */
export function makeRelease(data: BenchDataset, run: BenchRun, seed: string): MadeRelease {
  const p = run.parameters;
  const epsilon = typeof p.epsilon === 'number' ? p.epsilon : undefined;
  const models: SensitiveModelSpec[] =
    typeof p.l === 'number' && p.l > 1
      ? [{ model: 'l-diversity', column: data.sensitive, variant: 'distinct', l: p.l }]
      : [];
  const k = typeof p.k === 'number' ? p.k : 1;
  switch (run.method) {
    case 'original':
      return { release: data.original, informationLoss: 0, error: null, notes: [] };
    case 'optimal': {
      const r = optimalGeneralisation(data.original, {
        k,
        models,
        suppressionLimit: data.suppressionLimit,
      });
      const d = r.details as {
        informationLoss: { loss: number };
        transformation: Record<string, number>;
      };
      return {
        release: { table: r.table, columns: r.columns },
        informationLoss: d.informationLoss.loss,
        error: null,
        notes: [
          `levels ${Object.entries(d.transformation)
            .map(([column, level]) => `${column} ${level}`)
            .join(', ')}`,
          `${r.accounting.suppressedRows} rows suppressed`,
        ],
      };
    }
    case 'mondrian': {
      const r = mondrian(data.original, { k, models });
      const d = r.details as { informationLoss: { ncp: number }; classes: number };
      return {
        release: { table: r.table, columns: r.columns },
        informationLoss: d.informationLoss.ncp,
        error: null,
        notes: [`${d.classes} classes`],
      };
    }
    case 'pram': {
      const retention = typeof p.retention === 'number' ? p.retention : 0.8;
      const r = pram(data.original, { columns: data.pramColumns, retention, seed });
      const d = r.details as unknown as PramDetails;
      return {
        release: { table: r.table, columns: r.columns },
        informationLoss: null,
        error: null,
        notes: [`${d.changedCells} cells changed in ${d.changedRecords} records`],
      };
    }
    case 'swap': {
      const rate = typeof p.rate === 'number' ? p.rate : 0.05;
      const riskColumns = data.original.columns
        .filter((c) => c.role === 'quasi-identifier')
        .map((c) => c.name);
      const r = recordSwapping(data.original, {
        geography: data.geography,
        riskColumns,
        k: 3,
        rate,
        similar: data.swapSimilar,
        seed,
      });
      const d = r.details as unknown as SwapDetails;
      return {
        release: { table: r.table, columns: r.columns },
        informationLoss: null,
        error: null,
        notes: [
          `${d.pairs} pairs swapped`,
          `${d.highRiskUnits} high-risk records, ${d.highRiskSwapped} of them swapped`,
        ],
      };
    }
    case 'dp-table':
      return dpTable(data, epsilon ?? 1, seed);
    case 'dp-aggregates':
      return dpAggregates(data, epsilon ?? 1, seed);
    default: {
      const model = fitGenerator(data, run.method, epsilon, seed);
      const rows = data.original.table.numRows();
      const out = model.sample(rows, seed);
      return {
        release: out,
        informationLoss: null,
        error: null,
        notes: [model.dp ? `DP, ε = ${String(epsilon)}` : 'not DP'],
      };
    }
  }
}

function fitGenerator(
  data: BenchDataset,
  method: string,
  epsilon: number | undefined,
  seed: string,
): SynthesisModel {
  const publicDomain = { bounds: data.bounds, domains: data.domains };
  const nullable = Object.fromEntries(data.original.columns.map((c) => [c.name, false]));
  switch (method) {
    case 'independent':
      return epsilon === undefined
        ? independent.fit(data.original, {})
        : independent.fit(data.original, {
            ...publicDomain,
            epsilon,
            withMissing: [],
            noiseSeed: seed,
          });
    case 'copula':
      return copula.fit(data.original, {});
    case 'cart':
      return cart.fit(data.original, {});
    case 'mst':
      return mst.fit(data.original, { ...publicDomain, epsilon: epsilon ?? 1, nullable, seed });
    case 'privbayes':
      return privBayes.fit(data.original, {
        ...publicDomain,
        epsilon: epsilon ?? 1,
        nullable,
        seed,
      });
    default:
      throw new DatanonymeError('BAD_PARAMETER', `unknown benchmark method "${method}"`, {
        field: 'method',
        value: method,
      });
  }
}

/** Σ |noisy − true| / Σ true over the cells of the contingency table. */
function dpTable(data: BenchDataset, epsilon: number, seed: string): MadeRelease {
  const by = data.tableColumns;
  const domains = Object.fromEntries(by.map((c) => [c, data.domains[c] ?? []]));
  const r = dpRelease(
    data.original,
    { budget: { epsilon }, queries: [{ type: 'count-by', name: 'table', epsilon, by, domains }] },
    { seed },
  );
  const truth = new Map<string, number>();
  const columns = by.map((c) => data.original.table.array(c) as ArrayLike<unknown>);
  for (let i = 0; i < data.original.table.numRows(); i++) {
    const key = columns.map((col) => String(col[i])).join('\u0000');
    truth.set(key, (truth.get(key) ?? 0) + 1);
  }
  const results = (r.details as { results: { rows?: Record<string, unknown>[] }[] }).results;
  const rows = results[0]?.rows ?? [];
  let absolute = 0;
  let total = 0;
  for (const row of rows) {
    const key = by.map((c) => String(row[c])).join('\u0000');
    const t = truth.get(key) ?? 0;
    absolute += Math.abs(Number(row.count) - t);
    total += t;
  }
  return {
    release: null,
    informationLoss: null,
    error: total === 0 ? null : absolute / total,
    notes: [`${rows.length} cells`, `ε = ${epsilon}`],
  };
}

/** Mean of |noisy − true| / |true| over the count, mean and median of the numeric column. */
function dpAggregates(data: BenchDataset, epsilon: number, seed: string): MadeRelease {
  const column = data.numericColumn;
  const bounds = data.bounds[column] as [number, number];
  const r = dpRelease(
    data.original,
    {
      budget: { epsilon },
      queries: [
        // No ε per query: the release splits the budget in three exact shares (ε / 3 in
        // floating point would add up to a little more than ε and be refused).
        { type: 'count', name: 'count' },
        { type: 'mean', name: 'mean', column, bounds },
        { type: 'quantile', name: 'median', column, quantile: 0.5, bounds },
      ],
    },
    { seed },
  );
  const values = Array.from(data.original.table.array(column) as ArrayLike<unknown>, Number).filter(
    (v) => Number.isFinite(v),
  );
  values.sort((a, b) => a - b);
  const n = values.length;
  const truth: Record<string, number> = {
    count: data.original.table.numRows(),
    mean: values.reduce((a, b) => a + b, 0) / n,
    // The lower median, as the quantile query's candidates are the integers of the bounds.
    median: values[Math.floor((n - 1) / 2)] as number,
  };
  const results = (r.details as { results: { query: string; value?: number }[] }).results;
  const errors = results.map(
    (x) =>
      Math.abs((x.value ?? NaN) - (truth[x.query] as number)) / Math.abs(truth[x.query] as number),
  );
  return {
    release: null,
    informationLoss: null,
    error: errors.reduce((a, b) => a + b, 0) / errors.length,
    notes: results.map(
      (x) =>
        `${x.query} ${String(+(x.value ?? NaN).toFixed(2))} (true ${+(truth[x.query] as number).toFixed(2)})`,
    ),
  };
}

/**
 * Why an attack of the evaluation has no risk figure, one note per such attack (for example
 * "singling out not measured: no predicate isolates a single release record …"), so that a report
 * never shows a blank without its reason; the run's risk is then the worst of the others.
 *
 * @example unmeasuredAttacks(evaluation.risk) // => ['singling out not measured: a table is empty']
 */
export function unmeasuredAttacks(risk: Evaluation['risk']): string[] {
  const attacks: [string, AttackRisk][] = [
    ['singling out', risk.singlingOut],
    ['linkability', risk.linkability],
    ...Object.entries(risk.inference).map(([column, a]): [string, AttackRisk] => [
      `inference on ${column}`,
      a,
    ]),
  ];
  return attacks
    .filter(([, a]) => a.risk === null)
    .map(([name, a]) => `${name} not measured: ${a.reason ?? 'no reason given'}`);
}

/**
 * The figures of a release: the evaluation's utility score and the three attacks against the
 * control half (quick or full evaluation), the average prosecutor risk; for tables and aggregates
 * only their error.
 *
 * @throws DatanonymeError as `evaluateRelease`.
 * @example measure(adult, made, 'quick', 1).utility // => 0.93
 */
export function measure(
  data: BenchDataset,
  made: MadeRelease,
  evaluation: 'full' | 'quick',
  seed: number,
  dp: boolean,
): BenchFigures & { unmeasured: string[] } {
  if (made.release === null) {
    return {
      unmeasured: [],
      rows: 0,
      utility: null,
      risk: null,
      singlingOut: null,
      linkability: null,
      inference: null,
      prosecutorAverage: null,
      informationLoss: made.informationLoss,
      error: made.error,
    };
  }
  const e = evaluateRelease({
    original: data.original,
    release: made.release,
    control: data.control,
    target: data.sensitive,
    quick: evaluation === 'quick',
    seed,
  });
  const inference = Object.values(e.risk.inference)
    .map((a) => a.risk)
    .filter((x): x is number => x !== null);
  const attacks = [e.risk.singlingOut.risk, e.risk.linkability.risk, ...inference].filter(
    (x): x is number => x !== null,
  );
  const utility = e.utility.score.mean;
  return {
    unmeasured: unmeasuredAttacks(e.risk),
    rows: made.release.table.numRows(),
    utility,
    risk: attacks.length === 0 ? null : Math.max(...attacks),
    singlingOut: e.risk.singlingOut.risk,
    linkability: e.risk.linkability.risk,
    inference: inference.length === 0 ? null : Math.max(...inference),
    prosecutorAverage:
      e.risk.reidentification.find((m) => m.name === 'prosecutorRiskAverage')?.value ?? null,
    informationLoss: made.informationLoss,
    error: dp && utility !== null ? 1 - utility : made.error,
  };
}
