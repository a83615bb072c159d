/**
 * The evaluation of a release: every utility and risk figure of `src/metrics/utility` and
 * `src/metrics/risk`, run on one original table, one release and, when there is one, a control set
 * of original rows that did not make the release. Any release kind is accepted: generalised
 * (row-aligned, labels in the quasi-identifiers), noisy or perturbed, or synthetic (no row
 * alignment, any row count).
 *
 * Which figures, on which columns:
 *
 * - Columns are matched by name. Columns of the original that the release lacks (identifiers
 *   dropped) and columns only the release has are skipped, each with its reason.
 * - Identifier columns (`identifiers`, by default the original's columns with role `identifier`)
 *   are replaced or removed by design (fresh fake names, hashes, or dropped): they are left out of
 *   every figure, utility, score and risk alike (never a quasi-identifier, a secret or an attack
 *   column), and listed in `skipped` as such.
 * - Utility, on the shared columns: per column (`columnUtility`), per pair (`pairUtility`), random
 *   3-way marginals and range queries (`marginalQueryUtility`), the propensity score (`propensityMse`:
 *   logistic, and CART unless quick), machine-learning efficacy for a target (train on the release,
 *   test on the control rows, next to the same model trained on the original; needs a control set,
 *   skipped in quick mode), and for a full-domain generalisation the information loss of the
 *   transformation (`evaluateTransformation`; see {@link informationLossOf}).
 * - The utility score is the mean ({@link aggregate}) of similarity figures in [0, 1], 1 meaning
 *   "as the original": per column 1 − total-variation distance (categorical) or 1 − the
 *   Kolmogorov-Smirnov statistic (numbers, dates), the missing-value similarity, and 1 − the mean
 *   total-variation distance of the 2-way marginals. Not-applicable figures are left out of the
 *   mean and listed (case B22).
 * - Risk: re-identification risks of the release's quasi-identifiers (`reidentificationRisks`),
 *   distance to closest record (`distanceToClosestRecord`), and the three attacks of Giomi et al.
 *   (singling out, linkability, inference), which need the control set: without one they are not
 *   applicable (rows that made the release are never reused as control).
 * - Singling out runs univariate predicates, and multivariate ones unless quick; its `risk` is the
 *   larger of the two (the worst case). Linkability links the first half of the quasi-identifiers
 *   (⌈n/2⌉, in column order) to the second half. Inference takes each sensitive column (and the
 *   target) as the secret and the quasi-identifiers as what the attacker knows.
 *
 * Quick mode skips pMSE with CART, machine-learning efficacy and multivariate singling out, and
 * samples fewer attack targets, distance rows and marginal queries.
 *
 * References: Giomi, Boenisch, Wehmeyer, Tasnádi, "A unified framework for quantifying privacy
 * risk in synthetic data", PoPETs 2023 (the attacks); Article 29 Working Party, Opinion 05/2014
 * (the three criteria); Snoke et al., JRSS-A 2018 (pMSE); each figure cites its own definition.
 */
import { evaluateTransformation } from '../../methods/generalisation/evaluate.js';
import { DatanonymeError, isDatanonymeError } from '../errors.js';
import { cellText } from '../hierarchy/validate.js';
import type { ColumnSpec, Dataset } from '../types.js';
import { aggregate, notApplicable, type MetricValue } from './result.js';
import { equivalenceClasses } from './risk/reidentification.js';
import {
  distanceToClosestRecord,
  inferenceRisk,
  linkabilityRisk,
  reidentificationRisks,
  attributeDisclosure,
  singlingOutRisk,
} from './risk/index.js';
import {
  columnUtility,
  machineLearningEfficacy,
  marginalQueryUtility,
  pairUtility,
  propensityMse,
} from './utility/index.js';
import {
  categoricalColumn,
  categoryCounts,
  CategoryDomain,
  distinctPresentTexts,
  numericValues,
} from './utility/values.js';

/** What {@link evaluateRelease} compares. */
export interface EvaluateReleaseOptions {
  /** The original rows the release was made from. */
  original: Dataset;
  /** The release: generalised, perturbed, noisy or synthetic. */
  release: Dataset;
  /**
   * Original rows that did not make the release (same columns as the original). The attacks
   * and machine-learning efficacy need it. @defaultValue none: those figures are not applicable
   */
  control?: Dataset;
  /** The column machine-learning efficacy predicts; also a secret for inference. @defaultValue none */
  target?: string;
  /**
   * The quasi-identifiers. @defaultValue the original's columns with role `quasi-identifier`, or
   * if it has none, every shared column except the sensitive ones and the target
   */
  quasiIdentifiers?: readonly string[];
  /** The secrets of the inference attack. @defaultValue the original's `sensitive` columns */
  sensitive?: readonly string[];
  /**
   * Direct identifiers (names, e-mails, record numbers), replaced or removed by design: left out
   * of every figure and listed in `skipped`. @defaultValue the original's columns with role
   * `identifier`
   */
  identifiers?: readonly string[];
  /** Skip the expensive figures and sample more (see the module comment). @defaultValue false */
  quick?: boolean;
  /** The seed of every sampled figure (attacks, queries, models). @defaultValue 1 */
  seed?: number;
  /** The size of the population the original was drawn from, for population uniqueness. @defaultValue none */
  populationSize?: number;
}

/** One of the three attacks: its risk and interval, or null with the reason. */
export interface AttackRisk {
  /** The index in `metrics` of the figure that gives `risk` (singling out: uni- or multivariate). */
  headline?: number;
  /** (main − control) / (1 − control), clipped to [0, 1]; null when not applicable. */
  risk: number | null;
  /** Its confidence interval; null when not applicable. */
  ci: readonly [number, number] | null;
  /** Why it is not applicable. */
  reason?: string;
  /** The figures it was taken from (one per mode for singling out). */
  metrics: MetricValue[];
}

/** The information loss of a full-domain generalisation (ARX's metrics). */
export interface InformationLoss {
  /** The level of each quasi-identifier, recognised from the release's labels. */
  transformation: Record<string, number>;
  /** The k read from the release: the size of its smallest class of unsuppressed rows. */
  k: number;
  suppressedRows: number;
  metrics: Record<string, number>;
  perAttribute: Record<string, { loss: number; precision: number; entropy: number }>;
}

/** Everything {@link evaluateRelease} measured. */
export interface Evaluation {
  /** The columns compared (shared by original and release), the quasi-identifiers and secrets used. */
  columns: string[];
  quasiIdentifiers: string[];
  secrets: string[];
  target: string | null;
  quick: boolean;
  seed: number;
  rows: { original: number; release: number; control: number | null };
  /** Per compared column: type and missing rates, and a few bins for plots. */
  profiles: ColumnProfile[];
  utility: {
    columns: MetricValue[];
    pairs: MetricValue[];
    marginals: MetricValue[];
    propensity: MetricValue[];
    machineLearning?: MetricValue[];
    informationLoss?: InformationLoss;
    /** The mean of the similarity figures, what it skipped, and the figures themselves. */
    score: ReturnType<typeof aggregate> & {
      reference: string;
      components: MetricValue[];
      /** The mean of each part (columns, pairs, higher order); the score is their mean. */
      parts: Record<string, number | null>;
    };
  };
  risk: {
    reidentification: MetricValue[];
    /** The l and t the release's classes reach for each sensitive column (attribute disclosure). */
    attributes: MetricValue[];
    distance: MetricValue[];
    singlingOut: AttackRisk;
    linkability: AttackRisk;
    /** One entry per secret column. */
    inference: Record<string, AttackRisk>;
  };
  /** What was not measured, and why. */
  skipped: { name: string; reason: string }[];
  durationMs: number;
}

/** Why an identifier column is in `skipped`. */
const IDENTIFIER_REASON = 'identifier: replaced or removed by design';

/** Attack targets, distance rows and marginal queries, in full and quick mode. */
const SAMPLES = {
  full: { attacks: 2000, distance: 5000, queries: 500 },
  quick: { attacks: 200, distance: 300, queries: 50 },
} as const;

const SCORE_REFERENCE =
  'mean of its parts, each the mean of its similarities in [0, 1]: columns (1 − TVD or 1 − KS, missing similarity; 0 for a column the release lacks), pairs (1 − mean 2-way marginal TVD, 1 − each correlation difference), higher order (1 − mean 3-way marginal TVD) and, with a target and a control set, prediction (the share of the original model’s ROC AUC above chance that a model trained on the release keeps)';

/**
 * Measures what a release kept and what it still exposes (see the module comment for the
 * figures, the columns they use and the quick mode).
 *
 * @throws DatanonymeError `BAD_PARAMETER` when the release shares no column with the original
 *   but identifiers, the control set's columns differ from the original's, the target or a named
 *   quasi-identifier, sensitive column or identifier is not in the original, an identifier is also
 *   named a quasi-identifier, a sensitive column or the target, or the seed is not a finite number.
 * @example
 * evaluateRelease({ original, release, control, target: 'salary-class' }).risk.linkability.risk // => 0.01
 */
export function evaluateRelease(options: EvaluateReleaseOptions): Evaluation {
  const started = performance.now();
  const { original, release, control } = options;
  const quick = options.quick ?? false;
  const seed = options.seed ?? 1;
  if (!Number.isFinite(seed)) {
    throw new DatanonymeError('BAD_PARAMETER', `seed must be a finite number, got ${seed}`, {
      field: 'seed',
      value: String(seed),
    });
  }
  const samples = quick ? SAMPLES.quick : SAMPLES.full;
  const skipped: { name: string; reason: string }[] = [];

  // Columns, roles and datasets with the original's specs.
  const originalNames = original.table.columnNames();
  const releaseNames = new Set(release.table.columnNames());
  const identifiers = new Set(
    options.identifiers ??
      original.columns.filter((c) => c.role === 'identifier').map((c) => c.name),
  );
  const columns = originalNames.filter((n) => releaseNames.has(n) && !identifiers.has(n));
  if (columns.length === 0) {
    const shared = originalNames.filter((n) => releaseNames.has(n));
    throw new DatanonymeError(
      'BAD_PARAMETER',
      shared.length > 0
        ? `the release shares only identifier columns with the original (${shared.join(', ')}), and identifiers are left out of every figure: nothing to compare`
        : `the release shares no column with the original (original: ${originalNames.join(', ')}; release: ${[...releaseNames].join(', ')})`,
      { field: 'release' },
    );
  }
  for (const n of originalNames) {
    if (identifiers.has(n)) skipped.push({ name: n, reason: IDENTIFIER_REASON });
    else if (!releaseNames.has(n)) skipped.push({ name: n, reason: 'not in the release' });
  }
  for (const n of releaseNames) {
    if (!originalNames.includes(n)) skipped.push({ name: n, reason: 'not in the original' });
  }
  if (control !== undefined) checkControlColumns(originalNames, control);
  const named = (names: readonly string[] | undefined, what: string): void => {
    for (const n of names ?? []) {
      if (!originalNames.includes(n)) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `${what} "${n}" is not a column of the original`,
          {
            column: n,
            field: what,
          },
        );
      }
    }
  };
  named(options.quasiIdentifiers, 'quasi-identifier');
  named(options.sensitive, 'sensitive column');
  named(options.target === undefined ? undefined : [options.target], 'target');
  named(options.identifiers, 'identifier');
  for (const [names, what] of [
    [options.quasiIdentifiers, 'a quasi-identifier'],
    [options.sensitive, 'a sensitive column'],
    [options.target === undefined ? undefined : [options.target], 'the target'],
  ] as const) {
    const both = (names ?? []).find((n) => identifiers.has(n));
    if (both !== undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `column "${both}" is named both an identifier and ${what}: an identifier is left out of every figure`,
        { column: both, field: 'identifier' },
      );
    }
  }
  const specOf = new Map(original.columns.map((c) => [c.name, c]));
  const sensitive = (
    options.sensitive ?? original.columns.filter((c) => c.role === 'sensitive').map((c) => c.name)
  ).filter((n) => columns.includes(n));
  const secrets = [...sensitive];
  const target = options.target ?? null;
  if (target !== null && !secrets.includes(target) && columns.includes(target))
    secrets.push(target);
  const declaredQis =
    options.quasiIdentifiers ??
    original.columns
      .filter((c) => c.role === 'quasi-identifier' && !identifiers.has(c.name))
      .map((c) => c.name);
  const quasiIdentifiers = (
    declaredQis.length > 0 ? declaredQis : columns.filter((n) => !secrets.includes(n))
  ).filter((n) => columns.includes(n));
  for (const n of declaredQis) {
    if (!columns.includes(n))
      skipped.push({ name: `quasi-identifier ${n}`, reason: 'not in the release' });
  }
  const releaseData = withSpecs(release, specOf);

  // Utility.
  const columnMetrics = columns.flatMap((c) =>
    guarded(() => columnUtility(original, releaseData, c), 'columnUtility', 'utility', [c]),
  );
  const pairs = guarded(
    () => pairUtility(original, releaseData, columns),
    'pairUtility',
    'utility',
    columns,
  );
  const marginals = guarded(
    () => marginalQueryUtility(original, releaseData, columns, { seed, queries: samples.queries }),
    'marginalQueryUtility',
    'utility',
    columns,
  );
  const propensity = guarded(
    () =>
      withModel(
        propensityMse(original, releaseData, columns, { model: 'logistic', seed, quick }),
        'logistic',
      ),
    'propensityMse',
    'utility',
    columns,
  );
  if (quick) skipped.push({ name: 'pMSE (CART)', reason: 'quick mode' });
  else {
    propensity.push(
      ...guarded(
        () =>
          withModel(
            propensityMse(original, releaseData, columns, { model: 'cart', seed, quick }),
            'cart',
          ),
        'propensityMse',
        'utility',
        columns,
      ),
    );
  }
  let machineLearning: MetricValue[] | undefined;
  if (target !== null) {
    const reference =
      'accuracy, macro F1 and ROC AUC: train on the release, test on held-out original rows';
    if (quick) skipped.push({ name: 'machine-learning efficacy', reason: 'quick mode' });
    else if (control === undefined) {
      machineLearning = [
        notApplicable(
          'machineLearningEfficacy',
          'utility',
          'no control set: no held-out original rows to test on',
          reference,
          [target],
        ),
      ];
    } else if (!columns.includes(target)) {
      machineLearning = [
        notApplicable(
          'machineLearningEfficacy',
          'utility',
          'the target is not in the release',
          reference,
          [target],
        ),
      ];
    } else {
      machineLearning = guarded(
        () => machineLearningEfficacy(releaseData, original, control, target, { seed, quick }),
        'machineLearningEfficacy',
        'utility',
        [target],
      );
    }
  }
  const loss = informationLossOf(original, releaseData, quasiIdentifiers);
  if (typeof loss === 'string') skipped.push({ name: 'information loss', reason: loss });
  const absent = originalNames.filter((n) => !releaseNames.has(n) && !identifiers.has(n));
  const components = scoreComponents(columnMetrics, pairs, marginals, absent, machineLearning);
  const score = { ...utilityScore(components), reference: SCORE_REFERENCE, components };

  // Risk.
  const reidentification =
    quasiIdentifiers.length === 0
      ? [notApplicable('reidentificationRisks', 'risk', 'no quasi-identifier', 'El Emam 2013')]
      : guarded(
          () =>
            reidentificationRisks(
              releaseData,
              quasiIdentifiers,
              options.populationSize === undefined
                ? {}
                : { populationSize: options.populationSize },
            ),
          'reidentificationRisks',
          'risk',
          quasiIdentifiers,
        );
  const attributes =
    secrets.length === 0
      ? [
          notApplicable(
            'attributeDisclosure',
            'risk',
            'no sensitive column',
            'Machanavajjhala et al. 2007',
          ),
        ]
      : guarded(
          () => attributeDisclosure(releaseData, quasiIdentifiers, secrets),
          'attributeDisclosure',
          'risk',
          secrets,
        );
  const distance = guarded(
    () =>
      distanceToClosestRecord(original, releaseData, control, columns, {
        seed,
        sample: samples.distance,
      }),
    'distanceToClosestRecord',
    'risk',
    columns,
  );
  const noControl =
    control === undefined
      ? 'no control set: the attacks compare the release with original rows that did not make it (give --control)'
      : undefined;
  const empty =
    original.table.numRows() === 0 ||
    release.table.numRows() === 0 ||
    control?.table.numRows() === 0
      ? 'an input has no rows'
      : undefined;
  const unusable = noControl ?? empty;
  const singlingOutMetrics: MetricValue[] = [];
  if (unusable === undefined && control !== undefined) {
    singlingOutMetrics.push(
      guardedOne(
        () =>
          singlingOutRisk(original, releaseData, control, columns, {
            mode: 'univariate',
            attacks: samples.attacks,
            seed,
          }),
        'singlingOutRisk',
        columns,
      ),
    );
    if (quick) skipped.push({ name: 'singling out (multivariate)', reason: 'quick mode' });
    else {
      singlingOutMetrics.push(
        guardedOne(
          () =>
            singlingOutRisk(original, releaseData, control, columns, {
              mode: 'multivariate',
              attacks: samples.attacks,
              seed,
            }),
          'singlingOutRisk',
          columns,
        ),
      );
    }
  }
  const singlingOut =
    unusable !== undefined
      ? attackNotApplicable(unusable)
      : worstOf(singlingOutMetrics, MIN_HEADLINE_ATTACKS);
  let linkability: AttackRisk;
  if (unusable !== undefined || control === undefined) {
    linkability = attackNotApplicable(unusable ?? 'no control set');
  } else if (quasiIdentifiers.length < 2) {
    linkability = attackNotApplicable(
      'linkability needs at least two quasi-identifiers to split into two halves',
    );
  } else {
    const half = Math.ceil(quasiIdentifiers.length / 2);
    const auxiliary: [string[], string[]] = [
      quasiIdentifiers.slice(0, half),
      quasiIdentifiers.slice(half),
    ];
    linkability = fromMetric(
      guardedOne(
        () =>
          linkabilityRisk(original, releaseData, control, auxiliary, {
            attacks: samples.attacks,
            seed,
          }),
        'linkabilityRisk',
        quasiIdentifiers,
      ),
    );
  }
  const inference: Record<string, AttackRisk> = {};
  if (secrets.length === 0) {
    const wanted = [...(options.sensitive ?? []), ...(target === null ? [] : [target])];
    skipped.push({
      name: 'inference',
      reason:
        wanted.length > 0
          ? `no secret column in the release (${wanted.join(', ')} ${wanted.length === 1 ? 'is' : 'are'} not in it)`
          : 'no secret column: give sensitive columns or a target',
    });
  }
  for (const secret of secrets) {
    const auxiliary = quasiIdentifiers.filter((q) => q !== secret);
    if (unusable !== undefined || control === undefined) {
      inference[secret] = attackNotApplicable(unusable ?? 'no control set');
    } else if (auxiliary.length === 0) {
      inference[secret] = attackNotApplicable('no quasi-identifier for the attacker to know');
    } else {
      inference[secret] = fromMetric(
        guardedOne(
          () =>
            inferenceRisk(original, releaseData, control, auxiliary, secret, {
              attacks: samples.attacks,
              seed,
            }),
          'inferenceRisk',
          [...auxiliary, secret],
        ),
      );
    }
  }
  return {
    columns,
    quasiIdentifiers,
    secrets,
    target,
    quick,
    seed,
    rows: {
      original: original.table.numRows(),
      release: release.table.numRows(),
      control: control === undefined ? null : control.table.numRows(),
    },
    profiles: columns.map((c) => columnProfile(original, releaseData, c)),
    utility: {
      columns: columnMetrics,
      pairs,
      marginals,
      propensity,
      ...(machineLearning === undefined ? {} : { machineLearning }),
      ...(typeof loss === 'string' ? {} : { informationLoss: loss }),
      score,
    },
    risk: { reidentification, attributes, distance, singlingOut, linkability, inference },
    skipped,
    durationMs: performance.now() - started,
  };
}

/** The figures of one propensity model, each saying which model (also when not applicable). */
function withModel(metrics: MetricValue[], model: 'logistic' | 'cart'): MetricValue[] {
  return metrics.map((m) => ({ ...m, details: { ...m.details, model } }));
}

/** The control set holds original rows: it must have the original's columns, no more, no fewer. */
function checkControlColumns(originalNames: readonly string[], control: Dataset): void {
  const names = control.table.columnNames();
  const missing = originalNames.filter((n) => !names.includes(n));
  const extra = names.filter((n) => !originalNames.includes(n));
  if (missing.length > 0 || extra.length > 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the control set must have the original's columns` +
        (missing.length > 0 ? `; it lacks ${missing.map((n) => `"${n}"`).join(', ')}` : '') +
        (extra.length > 0
          ? `; it has ${extra.map((n) => `"${n}"`).join(', ')} that the original has not`
          : ''),
      { field: 'control', column: missing[0] ?? extra[0] ?? '' },
    );
  }
}

/** Fewest present values in each file before {@link likelyReplacedIdentifiers} names a column. */
const LIKELY_IDENTIFIER_VALUES = 10;

/**
 * Compared categorical columns that look like identifiers replaced by design (fake names, hashes):
 * every present value is distinct in the original and in the release (at least 10 of them in
 * each), and the release holds none of the original's values. Such a column scores TVD 1 however
 * well the release was made; declaring it an identifier leaves it out of every figure. Numeric and
 * date columns are never named: distinct amounts that miss each other are ordinary synthetic data.
 *
 * @param columns - the columns to look at (for instance `Evaluation.columns`).
 * @returns their names, in the given order.
 * @throws never for columns of both tables.
 * @example
 * likelyReplacedIdentifiers(original, release, ['nom', 'age']) // => ['nom']
 */
export function likelyReplacedIdentifiers(
  original: Dataset,
  release: Dataset,
  columns: readonly string[],
): string[] {
  const out: string[] = [];
  for (const name of columns) {
    const spec = original.columns.find((c) => c.name === name);
    if (spec === undefined || spec.type !== 'categorical' || spec.role === 'identifier') continue;
    const distinct = (table: Dataset['table']): Set<string> | undefined => {
      const seen = distinctPresentTexts(table, spec);
      return seen !== undefined && seen.size >= LIKELY_IDENTIFIER_VALUES ? seen : undefined;
    };
    const o = distinct(original.table);
    const r = o === undefined ? undefined : distinct(release.table);
    if (o === undefined || r === undefined) continue;
    if (![...r].some((t) => o.has(t))) out.push(name);
  }
  return out;
}

/** The release with the original's spec (type, role, hierarchy, missing tokens) for shared columns. */
function withSpecs(release: Dataset, specOf: ReadonlyMap<string, ColumnSpec>): Dataset {
  const own = new Map(release.columns.map((c) => [c.name, c]));
  const columns = release.table.columnNames().map((name): ColumnSpec => {
    const spec = specOf.get(name) ?? own.get(name);
    return spec ?? { name, type: 'categorical', role: 'insensitive' };
  });
  return { table: release.table, columns };
}

/**
 * Runs a metric; a user-fixable failure inside it (a DatanonymeError: too few rows, a column it
 * cannot use) becomes a not-applicable figure with the error's message, any other error is a bug
 * and propagates.
 */
function guarded(
  compute: () => MetricValue[],
  name: string,
  kind: 'utility' | 'risk',
  columns: readonly string[],
): MetricValue[] {
  try {
    return compute();
  } catch (e) {
    if (!isDatanonymeError(e)) throw e;
    return [notApplicable(name, kind, e.message, '', columns)];
  }
}

function guardedOne(
  compute: () => MetricValue,
  name: string,
  columns: readonly string[],
): MetricValue {
  return guarded(() => [compute()], name, 'risk', columns)[0] as MetricValue;
}

function attackNotApplicable(reason: string): AttackRisk {
  return { risk: null, ci: null, reason, metrics: [] };
}

function fromMetric(m: MetricValue): AttackRisk {
  if (m.value === null)
    return { risk: null, ci: null, reason: m.reason ?? 'not applicable', metrics: [m] };
  return { risk: m.value, ci: m.ci ?? null, metrics: [m] };
}

/** The attack of highest risk among the applicable ones (singling out: univariate or multivariate). */
function worstOf(metrics: MetricValue[], minAttacks = 0): AttackRisk {
  const applicable = metrics.filter((m) => m.value !== null);
  if (applicable.length === 0) {
    return {
      risk: null,
      ci: null,
      reason:
        [...new Set(metrics.map((m) => m.reason).filter((r) => r !== undefined))].join('; ') ||
        'not applicable',
      metrics,
    };
  }
  // The worst among the figures that rest on enough attacks; if none does, the one that rests on
  // the most (a figure from 3 attacks has an interval as wide as [0, 1]).
  const attacksOf = (m: MetricValue): number =>
    typeof m.details?.attacks === 'number' ? m.details.attacks : 0;
  const solid = applicable.filter((m) => attacksOf(m) >= minAttacks);
  const worst =
    solid.length > 0
      ? solid.reduce((a, b) => ((b.value as number) > (a.value as number) ? b : a))
      : applicable.reduce((a, b) => (attacksOf(b) > attacksOf(a) ? b : a));
  return { risk: worst.value, ci: worst.ci ?? null, metrics, headline: metrics.indexOf(worst) };
}

/** Singling-out figures resting on fewer attacks are not taken as the headline when others exist. */
const MIN_HEADLINE_ATTACKS = 30;

/**
 * The similarity figures the utility score averages, each in [0, 1] with 1 = as the original:
 * 1 − TVD for categorical columns, 1 − KS for numeric and date columns, the missing-value
 * similarity, and 1 − the mean 2-way marginal TVD. A not-applicable input stays not applicable.
 */
function scoreComponents(
  columnMetrics: readonly MetricValue[],
  pairs: readonly MetricValue[],
  marginals: readonly MetricValue[],
  absent: readonly string[],
  machineLearning: readonly MetricValue[] | undefined,
): MetricValue[] {
  const out: MetricValue[] = [];
  const inPart = (m: MetricValue, part: ScorePart): MetricValue => ({
    ...m,
    details: { ...m.details, part },
  });
  const complement = (m: MetricValue, name: string, part: ScorePart, scale = 1): MetricValue =>
    inPart(
      m.value === null
        ? { ...m, name }
        : {
            ...m,
            name,
            value: Math.max(0, 1 - m.value / scale),
            reference: `1 − ${m.name}${scale === 1 ? '' : ` / ${scale}`} (${m.reference})`,
          },
      part,
    );
  for (const m of columnMetrics) {
    if (m.name === 'totalVariationComplement' || m.name === 'missingSimilarity') {
      out.push(inPart(m, 'columns'));
    } else if (m.name === 'kolmogorovSmirnov') {
      out.push(complement(m, 'kolmogorovSmirnovComplement', 'columns'));
    }
  }
  // A categorical column without a TV complement (older utility module): take 1 − TVD.
  const withComplement = new Set(
    out.filter((m) => m.name === 'totalVariationComplement').map((m) => m.columns?.join(',')),
  );
  for (const m of columnMetrics) {
    if (m.name === 'totalVariationDistance' && !withComplement.has(m.columns?.join(','))) {
      out.push(complement(m, 'totalVariationComplement', 'columns'));
    }
  }
  // A column the release dropped kept nothing of itself.
  for (const name of absent) {
    out.push({
      name: 'columnKept',
      kind: 'utility',
      value: 0,
      reference: 'a column absent from the release keeps none of its information',
      columns: [name],
      details: { part: 'columns' },
    });
  }
  for (const m of pairs) {
    if (m.name === 'twoWayMarginalMean') {
      out.push(complement(m, 'twoWayMarginalComplement', 'pairs'));
    } else if (m.name === 'cramersVDifference' || m.name === 'correlationRatioDifference') {
      out.push(complement(m, `${m.name.replace('Difference', '')}Similarity`, 'pairs'));
    } else if (m.name === 'pearsonDifference' || m.name === 'spearmanDifference') {
      // Correlations lie in [−1, 1]: their difference in [0, 2].
      out.push(complement(m, `${m.name.replace('Difference', '')}Similarity`, 'pairs', 2));
    }
  }
  for (const m of marginals) {
    if (m.name === 'threeWayMarginal') {
      out.push(complement(m, 'threeWayMarginalComplement', 'higher order'));
    }
  }
  // Prediction: how much of the original model's skill above chance a model trained on the
  // release keeps, by ROC AUC (chance 0.5): 1 − max(0, AUC_o − AUC_r) / (AUC_o − 0.5).
  for (const m of machineLearning ?? []) {
    if (m.name !== 'efficacyRocAuc') continue;
    const baseline = m.details?.baseline;
    if (m.value === null || typeof baseline !== 'number' || baseline <= 0.5) {
      out.push(
        notApplicableIn(
          'predictionSimilarity',
          m.reason ?? 'the original model does no better than chance',
          m.columns,
        ),
      );
      continue;
    }
    out.push({
      name: 'predictionSimilarity',
      kind: 'utility',
      value: Math.min(1, Math.max(0, 1 - Math.max(0, baseline - m.value) / (baseline - 0.5))),
      reference: `1 − max(0, AUC_original − AUC_release) / (AUC_original − 0.5) (${m.reference})`,
      ...(m.columns === undefined ? {} : { columns: m.columns }),
      details: { part: 'prediction', release: m.value, original: baseline },
    });
  }
  return out;
}

function notApplicableIn(
  name: string,
  reason: string,
  columns: readonly string[] | undefined,
): MetricValue {
  return {
    ...notApplicable(name, 'utility', reason, 'machine-learning efficacy', columns),
    details: { part: 'prediction' },
  };
}

type ScorePart = 'columns' | 'pairs' | 'higher order' | 'prediction';

/**
 * The utility score: the mean of the parts' means (columns, pairs, higher order and, with a target
 * and a control set, prediction), so that a release that keeps every column's distribution but
 * breaks their relations (a column-wise shuffle) cannot score near 1. A part with no applicable figure is left out; the skipped figures
 * are listed.
 */
function utilityScore(components: readonly MetricValue[]): ReturnType<typeof aggregate> & {
  parts: Record<ScorePart, number | null>;
} {
  const whole = aggregate(components);
  const parts = {} as Record<ScorePart, number | null>;
  const means: number[] = [];
  for (const part of ['columns', 'pairs', 'higher order', 'prediction'] as const) {
    const mean = aggregate(components.filter((c) => c.details?.part === part)).mean;
    parts[part] = mean;
    if (mean !== null) means.push(mean);
  }
  return {
    ...whole,
    mean: means.length === 0 ? null : means.reduce((a, b) => a + b, 0) / means.length,
    parts,
  };
}

/**
 * The information loss of a generalised release, when it is a full-domain generalisation of the
 * original: row-aligned (same number of rows, in order), every quasi-identifier with a hierarchy,
 * and one level per quasi-identifier such that every row's label is its original value's label at
 * that level, except suppressed rows (`*` in every quasi-identifier). k is read as the smallest
 * class of unsuppressed rows, and the metrics are those of `evaluateTransformation` (ARX's Loss,
 * Precision, Discernibility, non-uniform entropy, AECS) for that transformation and k. Any other
 * release (Mondrian ranges, microaggregated means, synthetic rows) has no such transformation:
 * the reason is returned instead.
 */
export function informationLossOf(
  original: Dataset,
  release: Dataset,
  quasiIdentifiers: readonly string[],
): InformationLoss | string {
  const rows = original.table.numRows();
  if (quasiIdentifiers.length === 0) return 'no quasi-identifier';
  if (rows === 0) return 'the original has no rows';
  if (release.table.numRows() !== rows) {
    return 'not a generalisation of the original row by row (the row counts differ)';
  }
  const specOf = new Map(original.columns.map((c) => [c.name, c]));
  const originalCells = quasiIdentifiers.map((q) => original.table.array(q) as ArrayLike<unknown>);
  const releaseCells = quasiIdentifiers.map((q) => release.table.array(q) as ArrayLike<unknown>);
  const text = (v: unknown): string => cellText(v).normalize('NFC');
  const suppressed = new Uint8Array(rows);
  let suppressedRows = 0;
  for (let i = 0; i < rows; i++) {
    if (releaseCells.every((c) => text(c[i]) === '*')) {
      suppressed[i] = 1;
      suppressedRows++;
    }
  }
  const transformation: Record<string, number> = {};
  for (let j = 0; j < quasiIdentifiers.length; j++) {
    const name = quasiIdentifiers[j] as string;
    const hierarchy = specOf.get(name)?.hierarchy;
    if (hierarchy === undefined) return `quasi-identifier "${name}" has no hierarchy`;
    // The distinct (original value, release label) pairs of unsuppressed rows, checked per level.
    const pairs = new Map<string, Set<string>>();
    const oc = originalCells[j] as ArrayLike<unknown>;
    const rc = releaseCells[j] as ArrayLike<unknown>;
    for (let i = 0; i < rows; i++) {
      if (suppressed[i] === 1) continue;
      const value = text(oc[i]);
      let labels = pairs.get(value);
      if (labels === undefined) pairs.set(value, (labels = new Set()));
      labels.add(text(rc[i]));
    }
    let level = -1;
    for (let l = 0; l < hierarchy.height && level < 0; l++) {
      let fits = true;
      for (const [value, labels] of pairs) {
        const label = hierarchy.generalise(value, l);
        fits = labels.size === 1 && label !== undefined && labels.has(label);
        if (!fits) break;
      }
      if (fits) level = l;
    }
    if (level < 0) {
      return `not a full-domain generalisation: no level of the hierarchy of "${name}" gives the release's labels`;
    }
    transformation[name] = level;
  }
  // k: the smallest class of unsuppressed rows in the release.
  const { classOf, sizes } = equivalenceClasses(releaseCells, rows);
  const unsuppressed = new Array<number>(sizes.length).fill(0);
  for (let i = 0; i < rows; i++) {
    const c = classOf[i] as number;
    if (suppressed[i] === 0) unsuppressed[c] = (unsuppressed[c] as number) + 1;
  }
  const kept = unsuppressed.filter((size) => size > 0);
  const k = kept.length === 0 ? rows : kept.reduce((m, s) => Math.min(m, s), Infinity);
  const data: Dataset = {
    table: original.table,
    columns: original.columns.map((c) => ({
      ...c,
      role: quasiIdentifiers.includes(c.name)
        ? 'quasi-identifier'
        : c.role === 'quasi-identifier'
          ? 'insensitive'
          : c.role,
    })),
  };
  try {
    const e = evaluateTransformation(data, transformation, { k });
    if (e.suppressedRows !== suppressedRows) {
      return `not a k-anonymous full-domain generalisation: ${suppressedRows} row(s) are suppressed, but classes smaller than k = ${k} hold ${e.suppressedRows}`;
    }
    return {
      transformation,
      k,
      suppressedRows: e.suppressedRows,
      metrics: { ...e.informationLoss },
      perAttribute: e.informationLossPerAttribute,
    };
  } catch (error) {
    if (isDatanonymeError(error)) return error.message;
    throw error;
  }
}

/** A compared column at a glance, for reports and plots. */
export interface ColumnProfile {
  name: string;
  type: ColumnSpec['type'];
  /** Shares of missing cells (null, '', NaN, the spec's missing tokens; `*` for numbers). */
  missing: { original: number; release: number };
  /**
   * Shares of the non-missing values per bin: the original's 8 most frequent categories and
   * "other" (categorical), or 10 equal-width bins on the original's range (numbers and dates;
   * range labels count as their midpoints). Empty when the original has no value.
   */
  bins: { label: string; original: number; release: number }[];
}

/** Categories shown per column profile; the rest are "other". */
const PROFILE_CATEGORIES = 8;
/** Bins of a numeric column profile. */
const PROFILE_BINS = 10;

/**
 * The profile of one shared column (see {@link ColumnProfile}).
 *
 * @throws never for columns of both tables.
 * @example
 * columnProfile(original, release, 'colour').missing // => { original: 0.4, release: 1 }
 */
export function columnProfile(original: Dataset, release: Dataset, name: string): ColumnProfile {
  const spec = original.columns.find((c) => c.name === name) ?? {
    name,
    type: 'categorical' as const,
    role: 'insensitive' as const,
  };
  const o = original.table.array(name) as ArrayLike<unknown>;
  const r = release.table.array(name) as ArrayLike<unknown>;
  const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
  if (spec.type !== 'categorical') {
    const ov = numericValues(o, spec);
    const rv = numericValues(r, spec);
    const present = (v: Float64Array): number[] => Array.from(v).filter((x) => !Number.isNaN(x));
    const op = present(ov);
    const rp = present(rv);
    const missing = {
      original: share(ov.length - op.length, ov.length),
      release: share(rv.length - rp.length, rv.length),
    };
    if (op.length === 0) return { name, type: spec.type, missing, bins: [] };
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of op) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const width = hi > lo ? (hi - lo) / PROFILE_BINS : 1;
    const count = (values: number[]): number[] => {
      const c = new Array<number>(PROFILE_BINS).fill(0);
      for (const x of values) {
        const b = Math.min(PROFILE_BINS - 1, Math.max(0, Math.floor((x - lo) / width)));
        c[b] = (c[b] as number) + 1;
      }
      return c;
    };
    const oc = count(op);
    const rc = count(rp);
    const shown = (x: number): string =>
      spec.type === 'date'
        ? new Date(x).toISOString().slice(0, 10)
        : String(Number(x.toPrecision(4)));
    return {
      name,
      type: spec.type,
      missing,
      bins: oc.map((n, b) => ({
        label: `[${shown(lo + b * width)}, ${shown(lo + (b + 1) * width)}${b === PROFILE_BINS - 1 ? ']' : '['}`,
        original: share(n, op.length),
        release: share(rc[b] as number, rp.length),
      })),
    };
  }
  const domain = new CategoryDomain();
  const oc = categoricalColumn(o, spec, domain);
  const rc = categoricalColumn(r, spec, domain);
  const ocounts = categoryCounts(oc, domain.size);
  const rcounts = categoryCounts(rc, domain.size);
  const total = (c: Float64Array): number => c.reduce((a, b) => a + b, 0);
  const opresent = total(ocounts);
  const rpresent = total(rcounts);
  const missing = {
    original: share(oc.missing + oc.suppressed, oc.rows),
    release: share(rc.missing + rc.suppressed, rc.rows),
  };
  if (opresent === 0) return { name, type: spec.type, missing, bins: [] };
  const top = Array.from(ocounts.keys())
    .filter((k) => (ocounts[k] as number) > 0)
    .sort((a, b) => (ocounts[b] as number) - (ocounts[a] as number) || a - b)
    .slice(0, PROFILE_CATEGORIES);
  const bins = top.map((k) => ({
    label: domain.labels[k] as string,
    original: share(ocounts[k] as number, opresent),
    release: share(rcounts[k] as number, rpresent),
  }));
  const rest = (c: Float64Array, whole: number): number =>
    share(total(c) - top.reduce((a, k) => a + (c[k] as number), 0), whole);
  const other = {
    label: 'other',
    original: rest(ocounts, opresent),
    release: rest(rcounts, rpresent),
  };
  if (other.original > 1e-12 || other.release > 1e-12) bins.push(other);
  return { name, type: spec.type, missing, bins };
}
