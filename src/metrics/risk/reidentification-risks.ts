/**
 * Re-identification risk of a release from its quasi-identifiers' equivalence classes, under the
 * three attacker models of El Emam's guide as ARX computes them.
 *
 * With f_j the size of class j in the release (the sample), F_j its size in the population, n the
 * records and J the classes, and a threshold τ on a record's risk:
 * - **prosecutor** (the attacker knows the person is in the release): a record's risk is 1/f_j;
 *   records at risk = share of records with 1/f_j > τ; highest = 1/min f_j; average (success
 *   rate) = J / n.
 * - **journalist** (the attacker knows the person is in the population): a record's risk is 1/F_j;
 *   records at risk = share with 1/F_j > τ; highest = 1/min F_j; average =
 *   max(J / Σ F_j, (1/n) Σ f_j/F_j) — ARX's `RiskModelSampleSummary`.
 * - **marketer** (re-identify as many as possible): (1/n) Σ f_j / F_j.
 *
 * F_j comes from a population table (the class's size there, at least f_j), or from a population
 * size N as f_j / (n/N) (each class scaled by the inverse sampling fraction, El Emam 2013). With
 * neither, journalist risk is not applicable and marketer risk takes the release as the whole
 * population (F_j = f_j, so J / n; ARX does the same).
 *
 * Sample uniques are the records alone in their class; population uniqueness comes from
 * {@link populationUniqueness} (Pitman, Zayatz, SNB, Dankar's rule). Rows whose every
 * quasi-identifier is `*` are suppressed records: like ARX, the risks leave them out, and
 * `details.suppressedRecords` counts them. Missing values (null, '', NaN, the column's missing
 * tokens) form one value of their own; numbers and their text (`30`, `'30'`) are the same value.
 *
 * References: K. El Emam, "Guide to the de-identification of personal health information", CRC
 * Press 2013; ARX (Prasser and Kohlmayer 2015), `org.deidentifier.arx.risk.RiskModelSampleSummary`;
 * F. K. Dankar, K. El Emam et al., BMC Medical Informatics and Decision Making 12:66, 2012.
 */
import { DatanonymeError } from '../../errors.js';
import type { ColumnSpec, Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { populationUniqueness } from './population.js';

const EL_EMAM =
  'El Emam, "Guide to the de-identification of personal health information", 2013; ARX RiskModelSampleSummary';
const DANKAR =
  'Dankar, El Emam, Neisa, Roffey, BMC Medical Informatics and Decision Making 12:66, 2012; ARX RiskModelPopulationUniqueness';

/** Risk summary of one attacker model. */
export interface RiskSummary {
  /** Share of records whose risk is above the threshold. */
  recordsAtRisk: number;
  /** The highest risk of any record. */
  highest: number;
  /** The expected share of records re-identified (success rate). */
  average: number;
}

/**
 * Prosecutor, journalist and marketer risk from class sizes (module comment).
 *
 * @param sampleSizes - f_j for every class of the release (all > 0).
 * @param populationSizes - F_j for the same classes (each ≥ f_j), or null when the release is
 *   the population.
 * @param threshold - τ: a record is at risk when its risk exceeds it.
 * @throws DatanonymeError `BAD_PARAMETER` when the arrays differ in length.
 * @example classRisks([1, 3], null, 0.2).prosecutor.average // => 0.5 (2 classes / 4 records)
 */
export function classRisks(
  sampleSizes: readonly number[],
  populationSizes: readonly number[] | null,
  threshold: number,
): { prosecutor: RiskSummary; journalist: RiskSummary; marketer: number } {
  const population = populationSizes ?? sampleSizes;
  if (population.length !== sampleSizes.length) {
    throw new DatanonymeError('BAD_PARAMETER', 'populationSizes must give one size per class', {
      field: 'populationSizes',
    });
  }
  let n = 0;
  let atRiskP = 0;
  let atRiskJ = 0;
  let minP = Infinity;
  let minJ = Infinity;
  let sumF = 0;
  let sumRatio = 0;
  sampleSizes.forEach((f, j) => {
    const F = Math.max(population[j] as number, f);
    n += f;
    if (1 / f > threshold) atRiskP += f;
    if (1 / F > threshold) atRiskJ += f;
    minP = Math.min(minP, f);
    minJ = Math.min(minJ, F);
    sumF += F;
    sumRatio += f / F;
  });
  const J = sampleSizes.length;
  if (n === 0) {
    const zero = { recordsAtRisk: 0, highest: 0, average: 0 };
    return { prosecutor: zero, journalist: zero, marketer: 0 };
  }
  return {
    prosecutor: { recordsAtRisk: atRiskP / n, highest: 1 / minP, average: J / n },
    journalist: {
      recordsAtRisk: atRiskJ / n,
      highest: 1 / minJ,
      average: Math.max(J / sumF, sumRatio / n),
    },
    marketer: sumRatio / n,
  };
}

/** The key of a cell: missing values share one key; numbers and their text are equal. */
function cellKey(value: unknown, missing: ReadonlySet<string>): string {
  if (value === null || value === undefined) return '\u0000';
  if (typeof value === 'number') return Number.isNaN(value) ? '\u0000' : `v${String(value)}`;
  if (value instanceof Date) return `v${value.toISOString()}`;
  const text = (typeof value === 'string' ? value : JSON.stringify(value)).normalize('NFC');
  if (text === '' || missing.has(text)) return '\u0000';
  return `v${text}`;
}

/** The quasi-identifier tuple of every row, as keys, and which rows are suppressed. */
function rowKeys(
  data: Dataset,
  columns: readonly string[],
): { keys: string[]; suppressed: boolean[] } {
  const rows = data.table.numRows();
  const cells = columns.map((c) => data.table.array(c) as ArrayLike<unknown>);
  const missing = columns.map(
    (c) =>
      new Set(
        (data.columns.find((s: ColumnSpec) => s.name === c)?.missing ?? []).map((t) =>
          t.normalize('NFC'),
        ),
      ),
  );
  const keys: string[] = new Array<string>(rows);
  const suppressed: boolean[] = new Array<boolean>(rows);
  for (let i = 0; i < rows; i++) {
    let key = '';
    let allStars = columns.length > 0;
    cells.forEach((column, c) => {
      const k = cellKey(column[i], missing[c] as Set<string>);
      if (k !== 'v*') allStars = false;
      key += `${k}\u0001`;
    });
    keys[i] = key;
    suppressed[i] = allStars;
  }
  return { keys, suppressed };
}

/** Options of {@link reidentificationRisks}. */
export interface ReidentificationRiskOptions {
  /**
   * A record is at risk when its probability of re-identification exceeds this.
   * @defaultValue 0.2 (classes smaller than 5)
   */
  threshold?: number;
  /** The size of the population the release was drawn from (for journalist risk and uniqueness). */
  populationSize?: number;
  /** A population table with the same quasi-identifiers (its row count is the population size). */
  population?: Dataset;
}

/**
 * Prosecutor, journalist and marketer risk, records at risk, sample uniques and population
 * uniqueness (Pitman, Zayatz, SNB, Dankar's rule) of a release's quasi-identifiers (module comment).
 *
 * Figures (all `kind: 'risk'`, shares in [0, 1]): `prosecutorRiskHighest`,
 * `prosecutorRiskAverage`, `prosecutorRecordsAtRisk`, `journalistRiskHighest`,
 * `journalistRiskAverage`, `journalistRecordsAtRisk`, `marketerRisk`, `sampleUniques` (share of
 * records), `populationUniquesPitman`, `populationUniquesZayatz`, `populationUniquesSnb`,
 * `populationUniquesDankar` (share of the population; the count in `details.count`).
 *
 * @param data - the release.
 * @param quasiIdentifiers - the columns an attacker knows; those absent from the release are
 *   skipped and listed in `details.skippedColumns`.
 * @throws DatanonymeError `BAD_PARAMETER` for a threshold outside (0, 1] or a population size
 *   smaller than the release.
 * @example reidentificationRisks(release, ['age', 'sex'])[0].value // => highest prosecutor risk
 */
export function reidentificationRisks(
  data: Dataset,
  quasiIdentifiers: readonly string[],
  options: ReidentificationRiskOptions = {},
): MetricValue[] {
  const threshold = options.threshold ?? 0.2;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `threshold must be in (0, 1], got ${String(threshold)}`,
      {
        field: 'threshold',
        value: String(threshold),
      },
    );
  }
  const names = new Set(data.table.columnNames());
  const present = quasiIdentifiers.filter((q) => names.has(q));
  const skippedColumns = quasiIdentifiers.filter((q) => !names.has(q));
  const { keys, suppressed } = rowKeys(data, present);
  const counts = new Map<string, number>();
  let suppressedRecords = 0;
  keys.forEach((k, i) => {
    if (suppressed[i] === true) suppressedRecords++;
    else counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  const classKeys = [...counts.keys()];
  const sizes = classKeys.map((k) => counts.get(k) as number);
  const n = sizes.reduce((a, b) => a + b, 0);
  const common = {
    columns: present,
    details: { records: n, classes: sizes.length, suppressedRecords, threshold, skippedColumns },
  };
  const risk = (
    name: string,
    value: number,
    reference: string,
    details: Record<string, unknown> = {},
  ): MetricValue => ({
    name,
    kind: 'risk',
    value,
    reference,
    columns: present,
    details: { ...common.details, ...details },
  });
  const names12 = [
    'prosecutorRiskHighest',
    'prosecutorRiskAverage',
    'prosecutorRecordsAtRisk',
    'journalistRiskHighest',
    'journalistRiskAverage',
    'journalistRecordsAtRisk',
    'marketerRisk',
    'sampleUniques',
    'populationUniquesPitman',
    'populationUniquesZayatz',
    'populationUniquesSnb',
    'populationUniquesDankar',
  ];
  if (present.length === 0 || n === 0) {
    const reason =
      present.length === 0
        ? 'no quasi-identifier is in the release'
        : 'no record left (empty release or every record suppressed)';
    return names12.map((name) =>
      notApplicable(
        name,
        'risk',
        reason,
        name.startsWith('population') ? DANKAR : EL_EMAM,
        present,
      ),
    );
  }

  // Population class sizes.
  let populationSize: number | undefined = options.populationSize;
  let populationSizes: number[] | null = null;
  let populationSource = 'none';
  if (options.population !== undefined) {
    const pop = rowKeys(options.population, present);
    const popCounts = new Map<string, number>();
    pop.keys.forEach((k, i) => {
      if (pop.suppressed[i] !== true) popCounts.set(k, (popCounts.get(k) ?? 0) + 1);
    });
    populationSizes = classKeys.map((k, j) => Math.max(popCounts.get(k) ?? 0, sizes[j] as number));
    populationSize ??= options.population.table.numRows();
    populationSource = 'population table';
  }
  if (populationSize !== undefined && !(Number.isFinite(populationSize) && populationSize >= n)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `populationSize must be at least the number of released records (${n}), got ${String(populationSize)}`,
      { field: 'populationSize', value: String(populationSize) },
    );
  }
  if (populationSizes === null && populationSize !== undefined) {
    const scale = populationSize / n;
    populationSizes = sizes.map((f) => f * scale);
    populationSource = 'population size (F = f · N / n)';
  }
  const r = classRisks(sizes, populationSizes, threshold);
  const out: MetricValue[] = [
    risk('prosecutorRiskHighest', r.prosecutor.highest, EL_EMAM, {
      minClassSize: sizes.reduce((m, s) => Math.min(m, s), Infinity),
    }),
    risk('prosecutorRiskAverage', r.prosecutor.average, EL_EMAM),
    risk('prosecutorRecordsAtRisk', r.prosecutor.recordsAtRisk, EL_EMAM),
  ];
  if (populationSizes === null) {
    const reason = 'needs the population: give a population size or a population table';
    out.push(
      notApplicable('journalistRiskHighest', 'risk', reason, EL_EMAM, present),
      notApplicable('journalistRiskAverage', 'risk', reason, EL_EMAM, present),
      notApplicable('journalistRecordsAtRisk', 'risk', reason, EL_EMAM, present),
    );
  } else {
    out.push(
      risk('journalistRiskHighest', r.journalist.highest, EL_EMAM, { populationSource }),
      risk('journalistRiskAverage', r.journalist.average, EL_EMAM, { populationSource }),
      risk('journalistRecordsAtRisk', r.journalist.recordsAtRisk, EL_EMAM, { populationSource }),
    );
  }
  out.push(
    risk('marketerRisk', r.marketer, EL_EMAM, {
      populationSource:
        populationSizes === null ? 'the release is taken as the population' : populationSource,
    }),
  );
  const uniques = sizes.filter((s) => s === 1).length;
  out.push(risk('sampleUniques', uniques / n, EL_EMAM, { count: uniques }));
  if (populationSize === undefined) {
    const reason = 'needs a population size';
    for (const name of names12.slice(8))
      out.push(notApplicable(name, 'risk', reason, DANKAR, present));
  } else {
    const p = populationUniqueness(sizes, populationSize);
    const estimate = (name: string, count: number, model?: string): MetricValue =>
      Number.isFinite(count)
        ? risk(name, count / populationSize, DANKAR, {
            count,
            populationSize,
            samplingFraction: p.samplingFraction,
            ...(model === undefined ? {} : { model }),
          })
        : notApplicable(
            name,
            'risk',
            'the model has no estimate for these class sizes',
            DANKAR,
            present,
          );
    out.push(
      estimate('populationUniquesPitman', p.pitman),
      estimate('populationUniquesZayatz', p.zayatz),
      estimate('populationUniquesSnb', p.snb),
      estimate('populationUniquesDankar', p.dankar, p.dankarModel),
    );
  }
  return out;
}
