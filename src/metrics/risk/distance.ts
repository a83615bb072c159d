/**
 * Distance-based risk of a synthetic or perturbed release: how close its rows come to the
 * original's, measured against a control set of original rows that were not used to make it.
 *
 * For a seeded sample of release rows, with Gower's distance over the given columns
 * (`gower.ts`; generalised labels read by the rule of `metrics/utility/values.ts`):
 * - `distanceToClosestRecord` (DCR): the median distance to the nearest original row
 *   (`details`: its 5th percentile and mean, and the same to the control rows);
 * - `closerToOriginalShare`: the share of release rows closer to the original than to the control
 *   (ties count one half). About 0.5 when the release has learnt nothing about the people in the
 *   original beyond what the control also shows; near 1 when it memorised them. The larger of
 *   the original and control is subsampled (seeded) to the size of the other, since the nearest
 *   of more rows is closer by chance;
 * - `nearestNeighbourDistanceRatio` (NNDR): the median over release rows of d₁ / d₂, the distances
 *   to the nearest and second-nearest original rows (0/0 counts 0: a row with two exact copies is
 *   as exposed as can be); low values mean release rows sit on isolated original rows;
 * - `exactMatchRate`: the share of release rows equal to some original row on every column
 *   (distance 0; `details.controlRate`: the same against the control).
 *
 * References: DCR and NNDR as used for synthetic data by Zhao, Kunar, Birke, Chen, "CTAB-GAN",
 * ACML 2021, and Platzer and Reutterer, "Holdout-based empirical assessment of mixed-type
 * synthetic data", Frontiers in Big Data 2021 (the holdout comparison); Gower 1971.
 */
import { DatanonymeError } from '../../errors.js';
import { seededRandom } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { sharedColumns } from './_internals/columns.js';
import { readFeatures } from './_internals/features.js';
import { NeighbourIndex } from './_internals/neighbours.js';
import { sampleIndices } from './_internals/sample.js';

const REFERENCE =
  'Gower 1971; DCR and NNDR: Zhao et al., CTAB-GAN, 2021; holdout comparison: Platzer and Reutterer 2021';

/** Options of {@link distanceToClosestRecord}. */
export interface DistanceOptions {
  /** Seed of the release-row sample and of the subsampling. */
  seed: number;
  /**
   * Release rows measured (all when fewer).
   * @defaultValue 1000
   */
  sample?: number;
}

function quantile(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

function summary(values: Float64Array): { median: number; p05: number; mean: number } {
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    median: quantile(sorted, 0.5),
    p05: quantile(sorted, 0.05),
    mean: sorted.length === 0 ? NaN : sum / sorted.length,
  };
}

/**
 * DCR, the share of release rows closer to the original than to the control, NNDR and the
 * exact-match rate (see the module comment).
 *
 * @param original - the rows the release was made from.
 * @param release - the release.
 * @param control - original rows not used for the release, or undefined (then
 *   `closerToOriginalShare` is not applicable and the control figures are absent).
 * @param columns - the columns compared; those absent from a table are skipped and listed in
 *   `details.skippedColumns`.
 * @throws DatanonymeError `BAD_PARAMETER` when `sample` is not a positive integer.
 * @example distanceToClosestRecord(original, copy, control, ['age', 'sex'], { seed: 1 })[3].value // => 1 (exact-match rate of a copy)
 */
export function distanceToClosestRecord(
  original: Dataset,
  release: Dataset,
  control: Dataset | undefined,
  columns: readonly string[],
  options: DistanceOptions,
): MetricValue[] {
  const size = options.sample ?? 1000;
  if (!(Number.isInteger(size) && size >= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `sample must be an integer ≥ 1, got ${String(size)}`,
      {
        field: 'sample',
        value: String(size),
      },
    );
  }
  const names = [
    'distanceToClosestRecord',
    'closerToOriginalShare',
    'nearestNeighbourDistanceRatio',
    'exactMatchRate',
  ];
  const tables = control === undefined ? [original, release] : [original, release, control];
  const { present, skipped } = sharedColumns(tables, columns);
  const empty = tables.find((t) => t.table.numRows() === 0);
  if (present.length === 0 || empty !== undefined) {
    const reason =
      present.length === 0 ? 'none of the columns is in every table' : 'a table is empty';
    return names.map((n) => notApplicable(n, 'risk', reason, REFERENCE, present));
  }
  const rng = seededRandom(options.seed);
  const features = readFeatures(tables, present);
  const colIdx = present.map((_, i) => i);
  const nRelease = release.table.numRows();
  const targets = sampleIndices(rng, nRelease, size);
  // Original and control of equal size for the comparison.
  const nOriginal = original.table.numRows();
  const nControl = control === undefined ? 0 : control.table.numRows();
  const common = control === undefined ? nOriginal : Math.min(nOriginal, nControl);
  const originalIndex = new NeighbourIndex(features, 0, colIdx);
  const originalCommon =
    control !== undefined && nOriginal > common
      ? new NeighbourIndex(features, 0, colIdx, sampleIndices(rng, nOriginal, common))
      : originalIndex;
  const controlIndex =
    control === undefined
      ? null
      : new NeighbourIndex(features, 2, colIdx, sampleIndices(rng, nControl, common));
  const m = targets.length;
  const dcr = new Float64Array(m);
  const dcrControl = new Float64Array(m);
  const nndr = new Float64Array(m);
  let exact = 0;
  let exactControl = 0;
  let closer = 0;
  for (let i = 0; i < m; i++) {
    const row = targets[i] as number;
    const near = originalIndex.nearest(1, row, 2);
    const d1 = near.distances[0] as number;
    const d2 = near.distances[1];
    dcr[i] = d1;
    nndr[i] = d2 === undefined ? NaN : d2 === 0 ? 0 : d1 / d2;
    if (d1 === 0) exact++;
    if (controlIndex !== null) {
      const dc = controlIndex.nearest(1, row, 1).distances[0] as number;
      const dOriginal =
        originalCommon === originalIndex
          ? d1
          : (originalCommon.nearest(1, row, 1).distances[0] as number);
      dcrControl[i] = dc;
      if (dc === 0) exactControl++;
      closer += dOriginal < dc ? 1 : dOriginal === dc ? 0.5 : 0;
    }
  }
  const base = {
    sampledRows: m,
    releaseRows: nRelease,
    skippedColumns: skipped,
    seed: options.seed,
  };
  const s = summary(dcr);
  const out: MetricValue[] = [
    {
      name: 'distanceToClosestRecord',
      kind: 'risk',
      value: s.median,
      reference: REFERENCE,
      columns: present,
      details: {
        ...base,
        p05: s.p05,
        mean: s.mean,
        ...(controlIndex === null ? {} : { control: summary(dcrControl) }),
      },
    },
    controlIndex === null
      ? notApplicable('closerToOriginalShare', 'risk', 'needs a control set', REFERENCE, present)
      : {
          name: 'closerToOriginalShare',
          kind: 'risk',
          value: closer / m,
          reference: REFERENCE,
          columns: present,
          details: { ...base, comparedRowsEach: common },
        },
    nOriginal < 2
      ? notApplicable(
          'nearestNeighbourDistanceRatio',
          'risk',
          'needs at least two original rows',
          REFERENCE,
          present,
        )
      : {
          name: 'nearestNeighbourDistanceRatio',
          kind: 'risk',
          value: summary(nndr).median,
          reference: REFERENCE,
          columns: present,
          details: { ...base, p05: summary(nndr).p05 },
        },
    {
      name: 'exactMatchRate',
      kind: 'risk',
      value: exact / m,
      reference: REFERENCE,
      columns: present,
      details: { ...base, ...(controlIndex === null ? {} : { controlRate: exactControl / m }) },
    },
  ];
  return out;
}
