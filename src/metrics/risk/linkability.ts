/**
 * Linkability risk (Article 29 Working Party, Opinion 05/2014; Giomi et al. 2023, §5.2): can an
 * attacker who holds two separate pieces of knowledge about the same people — columns A in one
 * source, columns B in another — use the release to tell which pieces belong together?
 *
 * For each target (a row of the original), the attacker finds its `neighbours` nearest release
 * rows on the columns A and, separately, its `neighbours` nearest release rows on the columns B
 * (Gower's distance, `gower.ts`; ties go to the earlier release row). The link succeeds when the
 * two sets share a release row. The same attack on control rows (original rows not used for the
 * release) measures what linking succeeds for anyone; the baseline links at random (two random
 * sets of `neighbours` release rows). Risk and interval as in `attack-risk.ts`.
 *
 * Reference: Giomi, Boenisch, Wehmeyer, Tasnádi, "A unified framework for quantifying privacy
 * risk in synthetic data", PoPETs 2023.
 */
import { DatanonymeError } from '../../errors.js';
import { seededRandom } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { ATTACK_REFERENCE, attackRisk } from './attack-risk.js';
import { sharedColumns } from './_internals/columns.js';
import { readFeatures } from './_internals/features.js';
import { NeighbourIndex } from './_internals/neighbours.js';
import { sampleIndices } from './_internals/sample.js';
import { allRows, attackTargets } from './_internals/targets.js';

/** Options of {@link linkabilityRisk}. */
export interface LinkabilityOptions {
  /**
   * Release rows each side of the link may point to.
   * @defaultValue 1
   */
  neighbours?: number;
  /**
   * Targets taken from the original and from the control (each).
   * @defaultValue 2000
   */
  attacks?: number;
  /** @defaultValue 0.95 */
  confidence?: number;
  seed: number;
}

/**
 * The linkability risk of a release (see the module comment), as a {@link MetricValue} named
 * `linkabilityRisk` with `ci` and the success rates in `details`.
 *
 * @param auxiliary - the two disjoint column sets [A, B] the attacker holds separately.
 * @throws DatanonymeError `BAD_PARAMETER` when A and B overlap, or for a bad attack or neighbour
 *   count.
 * @example linkabilityRisk(original, release, control, [['age', 'sex'], ['zip']], { seed: 1 }).value // => a risk in [0, 1]
 */
export function linkabilityRisk(
  original: Dataset,
  release: Dataset,
  control: Dataset,
  auxiliary: readonly [readonly string[], readonly string[]],
  options: LinkabilityOptions,
): MetricValue {
  const name = 'linkabilityRisk';
  const k = options.neighbours ?? 1;
  const wanted = options.attacks ?? 2000;
  for (const [field, v] of [
    ['neighbours', k],
    ['attacks', wanted],
  ] as const) {
    if (!(Number.isInteger(v) && v >= 1)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `${field} must be an integer ≥ 1, got ${String(v)}`,
        { field, value: String(v) },
      );
    }
  }
  const [a, b] = auxiliary;
  const overlap = a.filter((c) => b.includes(c));
  if (overlap.length > 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the two auxiliary column sets must be disjoint; both hold ${overlap.join(', ')}`,
      {
        field: 'auxiliary',
        column: overlap[0] as string,
      },
    );
  }
  const tables = [original, release, control];
  const sa = sharedColumns(tables, a);
  const sb = sharedColumns(tables, b);
  const columns = [...sa.present, ...sb.present];
  if (sa.present.length === 0 || sb.present.length === 0) {
    return notApplicable(
      name,
      'risk',
      'each auxiliary column set needs a column present in every table',
      ATTACK_REFERENCE,
      columns,
    );
  }
  if (tables.some((t) => t.table.numRows() === 0))
    return notApplicable(name, 'risk', 'a table is empty', ATTACK_REFERENCE, columns);
  const rng = seededRandom(options.seed);
  const f = readFeatures(tables, columns);
  const idxA = sa.present.map((_, i) => i);
  const idxB = sb.present.map((_, i) => sa.present.length + i);
  const indexA = new NeighbourIndex(f, 1, idxA);
  const indexB = new NeighbourIndex(f, 1, idxB);
  const targets = attackTargets(
    rng,
    allRows(original.table.numRows()),
    allRows(control.table.numRows()),
    wanted,
  );
  const linked = (table: number, row: number): boolean => {
    const left = new Set(indexA.nearest(table, row, k).rows);
    return indexB.nearest(table, row, k).rows.some((r) => left.has(r));
  };
  let successes = 0;
  for (const r of targets.original) if (linked(0, r)) successes++;
  let controlSuccesses = 0;
  for (const r of targets.control) if (linked(2, r)) controlSuccesses++;
  const nRelease = release.table.numRows();
  const kk = Math.min(k, nRelease);
  let baselineSuccesses = 0;
  for (let i = 0; i < targets.original.length; i++) {
    const left = new Set(sampleIndices(rng, nRelease, kk));
    if (sampleIndices(rng, nRelease, kk).some((r) => left.has(r))) baselineSuccesses++;
  }
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
      auxiliary: [sa.present, sb.present],
      neighbours: k,
      skippedColumns: [...sa.skipped, ...sb.skipped],
      seed: options.seed,
    },
  );
}
