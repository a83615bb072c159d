/**
 * Optimal full-domain generalisation to k-anonymity with a record-suppression limit.
 *
 * Every quasi-identifier is generalised to one level of its hierarchy for all rows (full-domain
 * generalisation: Samarati 2001; Sweeney 2002); the rows of equivalence classes smaller than k are
 * then suppressed, at most ⌊suppressionLimit · n⌋ of them. Among all level vectors that satisfy
 * this, the one of least information loss is returned — exactly, not heuristically: the lattice is
 * classified with Flash (Kohlmayer et al. 2012) and the optimum found among the minimal satisfying
 * nodes (OLA: El Emam et al. 2009) or, with suppression, by a bounded search over satisfying nodes
 * (see `search.ts`). The method card is `methods/generalisation/README.md`.
 *
 * Ties in the metric (relative tolerance 1e-12) go to the fewest suppressed rows, then to the
 * lowest height Σ l_j, then to the lexicographically smallest level vector (quasi-identifiers in
 * column order).
 */
import {
  prosecutorRisk,
  type ReidentificationRisk,
} from '../../src/metrics/risk/reidentification.js';
import { DatanonymeError } from '../../src/errors.js';
import type { LossMetricName } from '../../src/metrics/loss/index.js';
import { prepareModels } from '../../src/privacy/columns.js';
import { ModelEvaluator, type ModelSummary } from '../../src/privacy/histogram.js';
import { kAnonymity } from '../../src/privacy/kAnonymity.js';
import { monotone, monotoneWithSuppression } from '../../src/privacy/model.js';
import { checkSensitiveModelSpecs, type SensitiveModelSpec } from '../../src/privacy/spec.js';
import type { Dataset, Method, Release } from '../../src/types.js';
import { NodeChecker } from './check.js';
import { Lattice } from './lattice.js';
import {
  checkK,
  checkMetric,
  checkSuppressionLimit,
  encodeDataset,
  maxSuppressedRows,
  quasiIdentifiersOf,
} from './options.js';
import { buildReleaseTable, informationLossOf, keptClasses, keptClassSizes } from './release.js';
import { findOptimum } from './search.js';
import { encodeSensitiveItems } from './sensitive.js';

export type { LossMetricName } from '../../src/metrics/loss/index.js';

/** Options of {@link optimalGeneralisation}. */
export interface OptimalGeneralisationOptions {
  /** The k of k-anonymity: every released class has at least k rows. An integer ≥ 1. */
  k: number;
  /**
   * l-diversity and t-closeness requirements on sensitive columns, all enforced together with k
   * (a class that fails any of them is suppressed). @defaultValue none
   */
  models?: readonly SensitiveModelSpec[];
  /** Fraction of rows, in [0, 1], that may be suppressed. @defaultValue 0 */
  suppressionLimit?: number;
  /** The information-loss metric to minimise. @defaultValue 'loss' */
  metric?: LossMetricName;
  /**
   * Remove suppressed rows instead of keeping them with every quasi-identifier set to the token.
   * @defaultValue false
   */
  dropSuppressed?: boolean;
  /** What suppressed quasi-identifier cells read. @defaultValue '*' */
  suppressionToken?: string;
  /** The 1-based file line of data row `row`, for coverage messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for coverage messages. */
  file?: string;
}

/** What `release.details` holds for this method. */
export interface OptimalGeneralisationDetails {
  /** The chosen level of each quasi-identifier. */
  transformation: Record<string, number>;
  /** Number of equivalence classes among released, non-suppressed rows. */
  classes: number;
  /** Size of the smallest such class (the k actually achieved); 0 if every row is suppressed. */
  minClassSize: number;
  /** All five metrics at the chosen transformation. */
  informationLoss: Record<LossMetricName, number>;
  /** Loss, precision and entropy of each quasi-identifier. */
  informationLossPerAttribute: Record<string, { loss: number; precision: number; entropy: number }>;
  /** Lattice nodes whose classes were computed from the data. */
  nodesChecked: number;
  /** Number of transformations: the product of the hierarchy heights. */
  latticeSize: number;
  /** ⌊suppressionLimit · n⌋. */
  maxSuppressedRows: number;
  /**
   * Prosecutor risk of the released records (suppressed ones excluded), from the sizes of the
   * released classes. Computed here, where suppressed rows are known: in the table, a suppressed
   * row and a row generalised to `*` everywhere look the same.
   */
  risk: ReidentificationRisk;
  /** The privacy models checked and what the released classes reach under each. */
  privacy: ModelSummary;
  /**
   * True when the search could predict by monotonicity (see `search.ts`); false when the models
   * are not monotone under suppression and every candidate node was checked from data.
   */
  predictable: boolean;
  /** Always true: the transformation is optimal for the metric. */
  optimal: true;
}

/**
 * Generalises the quasi-identifiers of `data` to the k-anonymous full-domain transformation of
 * least information loss, suppressing at most `suppressionLimit` of the rows.
 *
 * Quasi-identifier cells of the release are strings: the hierarchy label at the chosen level, and
 * at level 0 the original value as text (`String(v)`, NFC-normalised as in the hierarchy; a
 * missing cell becomes ''); at level 0 the column keeps its declared type in `release.columns` even
 * though its values are now strings. Identifier columns are removed; all other columns are
 * unchanged. Row order is preserved.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for k not an integer ≥ 1, a suppression limit outside
 *   [0, 1] or an unknown metric (before the data is read); `BAD_CONFIG` for no quasi-identifier,
 *   one without a hierarchy, a value missing from a hierarchy or a lattice too large;
 *   `IMPOSSIBLE` when k exceeds the number of rows or no transformation satisfies k-anonymity.
 * @example
 * optimalGeneralisation(data, { k: 5, suppressionLimit: 0.05 }).details.transformation
 * // => { sex: 0, age: 3, race: 0, 'marital-status': 0, education: 2, … } on Adult
 */
export function optimalGeneralisation(
  data: Dataset,
  options: OptimalGeneralisationOptions,
): Release {
  const k = checkK(options.k);
  const suppressionLimit = checkSuppressionLimit(options.suppressionLimit);
  const metric = checkMetric(options.metric);
  const dropSuppressed = options.dropSuppressed ?? false;
  const suppressionToken = options.suppressionToken ?? '*';
  if (typeof dropSuppressed !== 'boolean') {
    throw new DatanonymeError('BAD_PARAMETER', 'dropSuppressed must be true or false', {
      field: 'dropSuppressed',
    });
  }
  if (typeof suppressionToken !== 'string') {
    throw new DatanonymeError('BAD_PARAMETER', 'suppressionToken must be a string', {
      field: 'suppressionToken',
    });
  }
  const modelSpecs = checkSensitiveModelSpecs(options.models ?? []);
  const specs = quasiIdentifiersOf(data);
  const rows = data.table.numRows();
  if (k > rows) {
    throw new DatanonymeError('IMPOSSIBLE', `k = ${k} exceeds the number of records (${rows})`, {
      field: 'k',
      value: String(k),
    });
  }
  const lattice = new Lattice(specs.map((spec) => spec.hierarchy.height));
  const view = encodeDataset(data, specs, options);
  const maxSuppressed = maxSuppressedRows(suppressionLimit, rows);
  const { models, columns } = prepareModels(data, k, modelSpecs);
  const checker = new NodeChecker(
    view,
    kAnonymity(k),
    models.sensitive.length === 0
      ? {}
      : {
          sensitive: { items: encodeSensitiveItems(view, columns), predicates: models.sensitive },
        },
  );
  const predictable = maxSuppressed === 0 ? monotone(models) : monotoneWithSuppression(models);
  // The prefilter: every predicate usable for prediction, or the weaker one it implies.
  const monotoneModels = models.sensitive.flatMap((p) => {
    if (maxSuppressed === 0 ? p.monotone : p.monotoneWithSuppression) return [p];
    return p.implies === undefined ? [] : [p.implies];
  });
  const outcome = findOptimum(view, checker, lattice, {
    k,
    maxSuppressed,
    metric,
    predictable,
    ...(predictable
      ? {}
      : {
          monotonePart: new NodeChecker(
            view,
            kAnonymity(k),
            monotoneModels.length === 0
              ? {}
              : {
                  sensitive: {
                    items: encodeSensitiveItems(view, columns),
                    predicates: monotoneModels,
                  },
                },
          ),
        }),
  });
  if (outcome === null) {
    const named = [`${k}-anonymity`, ...models.sensitive.map((p) => p.name)].join(' and ');
    throw new DatanonymeError(
      'IMPOSSIBLE',
      models.sensitive.length === 0
        ? `no generalisation satisfies ${k}-anonymity with at most ${maxSuppressed} suppressed records: even at the top of every hierarchy some classes have fewer than ${k} records (do the hierarchies end in a single root such as "*"?)`
        : `no generalisation satisfies ${named} with at most ${maxSuppressed} suppressed records: even with every quasi-identifier generalised to its top, too many records are in classes that fail (allow more suppression, or ask for a smaller l or a larger t)`,
      { field: 'k', value: String(k) },
    );
  }
  const { partition, classOfTuple } = checker.classesOfTuples(outcome.levels);
  const classOfRow = new Int32Array(rows);
  for (let r = 0; r < rows; r++)
    classOfRow[r] = classOfTuple[view.tupleOfRow[r] as number] as number;
  const kept = new Uint8Array(partition.count);
  for (let c = 0; c < partition.count; c++) kept[c] = partition.suppressed[c] === 1 ? 0 : 1;
  const privacy = new ModelEvaluator(models, columns).summarise(classOfRow, partition.count, kept);
  const built = buildReleaseTable({
    data,
    view,
    partition,
    classOfTuple,
    suppressionToken,
    dropSuppressed,
  });
  const details: OptimalGeneralisationDetails = {
    transformation: Object.fromEntries(
      specs.map((spec, j) => [spec.name, outcome.levels[j] as number]),
    ),
    ...keptClasses(partition),
    ...informationLossOf(view, partition),
    nodesChecked: outcome.nodesChecked,
    latticeSize: lattice.size,
    maxSuppressedRows: maxSuppressed,
    risk: prosecutorRisk(keptClassSizes(partition)),
    privacy,
    predictable,
    optimal: true,
  };
  return {
    method: 'optimal-generalisation',
    parameters: {
      k,
      models: modelSpecs,
      suppressionLimit,
      metric,
      quasiIdentifiers: specs.map((spec) => spec.name),
      suppressionToken,
      dropSuppressed,
    },
    table: built.table,
    columns: built.columns,
    accounting: built.accounting,
    details: { ...details },
    seeded: false,
  };
}

/**
 * {@link optimalGeneralisation} as a {@link Method}, for the benchmark loop and the CLI.
 *
 * @example
 * const release = await optimalGeneralisationMethod.run(data, { k: 5 });
 */
export const optimalGeneralisationMethod: Method<OptimalGeneralisationOptions> = {
  name: 'optimal-generalisation',
  family: 'generalisation',
  run: (data, options) => Promise.resolve(optimalGeneralisation(data, options)),
};
