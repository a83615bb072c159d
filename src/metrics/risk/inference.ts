/**
 * Attribute-inference risk (Article 29 Working Party, Opinion 05/2014; Giomi et al. 2023, §5.3):
 * can an attacker who knows some columns of a person (the auxiliary columns) use the release to
 * guess a secret column?
 *
 * For each target (a row of the original with its secret present), the attacker takes the
 * nearest release row on the auxiliary columns (Gower's distance, `gower.ts`; ties go to the
 * earlier release row) and guesses its secret. A guess is right when it is the same category, or,
 * for a number or date, when |guess − truth| ≤ `tolerance` · |truth|. The same attack on control
 * rows measures what the release teaches about anyone; the baseline guesses the secret of a
 * random release row. Risk and interval as in `attack-risk.ts`.
 *
 * Reference: Giomi, Boenisch, Wehmeyer, Tasnádi, "A unified framework for quantifying privacy
 * risk in synthetic data", PoPETs 2023.
 */
import { DatanonymeError } from '../../errors.js';
import { seededRandom, uniformInt } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { ATTACK_REFERENCE, attackRisk } from './attack-risk.js';
import { sharedColumns } from './_internals/columns.js';
import { readFeatures, type FeatureTable, type Features } from './_internals/features.js';
import { NeighbourIndex } from './_internals/neighbours.js';
import { attackTargets } from './_internals/targets.js';

/** Options of {@link inferenceRisk}. */
export interface InferenceOptions {
  /**
   * Targets taken from the original and from the control (each).
   * @defaultValue 2000
   */
  attacks?: number;
  /**
   * Relative tolerance of a right guess of a numeric secret.
   * @defaultValue 0.05
   */
  tolerance?: number;
  /** @defaultValue 0.95 */
  confidence?: number;
  seed: number;
}

/**
 * The inference risk of a secret column (see the module comment), as a {@link MetricValue} named
 * `inferenceRisk` (columns: the auxiliary columns, then the secret) with `ci` and the success
 * rates in `details`.
 *
 * @param auxiliary - the columns the attacker knows.
 * @param secret - the column the attacker guesses.
 * @throws DatanonymeError `BAD_PARAMETER` when the secret is among the auxiliary columns, or for a
 *   bad attack count or tolerance.
 * @example inferenceRisk(original, release, control, ['age', 'sex'], 'salary-class', { seed: 1 }).value // => a risk in [0, 1]
 */
export function inferenceRisk(
  original: Dataset,
  release: Dataset,
  control: Dataset,
  auxiliary: readonly string[],
  secret: string,
  options: InferenceOptions,
): MetricValue {
  const name = 'inferenceRisk';
  const wanted = options.attacks ?? 2000;
  const tolerance = options.tolerance ?? 0.05;
  if (!(Number.isInteger(wanted) && wanted >= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `attacks must be an integer ≥ 1, got ${String(wanted)}`,
      {
        field: 'attacks',
        value: String(wanted),
      },
    );
  }
  if (!(tolerance >= 0 && Number.isFinite(tolerance))) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `tolerance must be a number ≥ 0, got ${String(tolerance)}`,
      {
        field: 'tolerance',
        value: String(tolerance),
      },
    );
  }
  if (auxiliary.includes(secret)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the secret column "${secret}" cannot also be an auxiliary column`,
      {
        field: 'auxiliary',
        column: secret,
      },
    );
  }
  const tables = [original, release, control];
  const aux = sharedColumns(tables, auxiliary);
  const columns = [...aux.present, secret];
  if (sharedColumns(tables, [secret]).present.length === 0) {
    return notApplicable(
      name,
      'risk',
      `the secret column "${secret}" is not in every table`,
      ATTACK_REFERENCE,
      columns,
    );
  }
  if (aux.present.length === 0) {
    return notApplicable(
      name,
      'risk',
      'no auxiliary column is in every table',
      ATTACK_REFERENCE,
      columns,
    );
  }
  if (tables.some((t) => t.table.numRows() === 0))
    return notApplicable(name, 'risk', 'a table is empty', ATTACK_REFERENCE, columns);
  const rng = seededRandom(options.seed);
  const f = readFeatures(tables, columns);
  const s = aux.present.length; // index of the secret in f
  const index = new NeighbourIndex(
    f,
    1,
    aux.present.map((_, i) => i),
  );
  const present = (t: FeatureTable): Int32Array => {
    const num = t.numeric[s];
    const lab = t.labels[s];
    const rows: number[] = [];
    for (let r = 0; r < t.rows; r++)
      if (num ? !Number.isNaN(num[r]) : ((lab as Int32Array)[r] as number) >= 0) rows.push(r);
    return Int32Array.from(rows);
  };
  const targets = attackTargets(
    rng,
    present(f.tables[0] as FeatureTable),
    present(f.tables[2] as FeatureTable),
    wanted,
  );
  const right = rightGuess(f, s, tolerance);
  let successes = 0;
  for (const r of targets.original)
    if (right(1, index.nearest(0, r, 1).rows[0] as number, 0, r)) successes++;
  let controlSuccesses = 0;
  for (const r of targets.control)
    if (right(1, index.nearest(2, r, 1).rows[0] as number, 2, r)) controlSuccesses++;
  const nRelease = release.table.numRows();
  let baselineSuccesses = 0;
  for (const r of targets.original)
    if (right(1, uniformInt(rng, nRelease), 0, r)) baselineSuccesses++;
  return attackRisk(
    name,
    {
      attacks: targets.original.length,
      successes,
      controlAttacks: targets.control.length,
      controlSuccesses,
      baselineAttacks: targets.original.length,
      baselineSuccesses,
    },
    columns,
    options.confidence ?? 0.95,
    {
      secret,
      auxiliary: aux.present,
      ...(f.isNumeric[s] === true ? { tolerance } : {}),
      skippedColumns: aux.skipped,
      seed: options.seed,
    },
  );
}

/** Whether the secret of row `g` of table `gt` is a right guess of row `r` of table `rt`. */
function rightGuess(
  f: Features,
  s: number,
  tolerance: number,
): (gt: number, g: number, rt: number, r: number) => boolean {
  if (f.isNumeric[s] === true) {
    return (gt, g, rt, r) => {
      const guess = ((f.tables[gt] as FeatureTable).numeric[s] as Float64Array)[g] as number;
      const truth = ((f.tables[rt] as FeatureTable).numeric[s] as Float64Array)[r] as number;
      if (Number.isNaN(guess) || Number.isNaN(truth)) return false;
      return Math.abs(guess - truth) <= tolerance * Math.abs(truth);
    };
  }
  return (gt, g, rt, r) => {
    const guess = ((f.tables[gt] as FeatureTable).labels[s] as Int32Array)[g] as number;
    const truth = ((f.tables[rt] as FeatureTable).labels[s] as Int32Array)[r] as number;
    return guess >= 0 && guess === truth;
  };
}
