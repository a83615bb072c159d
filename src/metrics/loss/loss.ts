/**
 * The Loss metric of generalisation (Iyengar 2002, "LM"; ARX's "Loss").
 *
 * Definition, for n rows, m quasi-identifiers and a transformation with level l_j for QI j:
 *
 *   LM = (1 / (n·m)) · Σ_rows Σ_j [ row ∈ S ? 1 : (leaves_j(g) − 1) / (|D_j| − 1) ]
 *
 * where S is the set of suppressed rows, g the row's label at level l_j, leaves_j(g) the number
 * of hierarchy rows (original values) of QI j whose label at level l_j is g, and |D_j| the number
 * of hierarchy rows; 0/0 := 0, so a constant column (hierarchy `F;*`) costs nothing unless its
 * rows are suppressed. Per QI: LM_j = (1/n) · Σ_rows [ … ], and LM is the mean of the LM_j.
 *
 * Reference: V. S. Iyengar, "Transforming data to satisfy privacy constraints", KDD 2002.
 */
import {
  forEachSuppressedCode,
  levelOf,
  type ClassPartition,
  type GeneralisationView,
  type MetricValue,
} from './view.js';

const tables = new WeakMap<GeneralisationView, number[][]>();

/**
 * The loss of each quasi-identifier at each level when no row is suppressed:
 * `result[j][l]` = (1/n) · Σ_rows (leaves_j(g) − 1) / (|D_j| − 1). Separable, monotone in the
 * level, and a lower bound of the loss of any transformation with that level.
 *
 * @example
 * // datasets/tiny, age (hierarchy of 100 values: <50 covers 49, >=50 covers 51, then *)
 * lossByLevel(view)[0] // => [0, 0.4935, 1]
 */
export function lossByLevel(view: GeneralisationView): readonly (readonly number[])[] {
  const cached = tables.get(view);
  if (cached !== undefined) return cached;
  const table = view.quasiIdentifiers.map((qi, j) =>
    qi.levels.map((_, l) => {
      const { frequency, leaves, cardinality } = levelOf(view, j, l);
      if (qi.domainSize <= 1 || view.rows === 0) return 0;
      let sum = 0; // an exact integer: Σ_g f(g)·(leaves(g) − 1)
      for (let g = 0; g < cardinality; g++) {
        sum += (frequency[g] as number) * ((leaves[g] as number) - 1);
      }
      return sum / (qi.domainSize - 1) / view.rows;
    }),
  );
  tables.set(view, table);
  return table;
}

/**
 * The lower bound of the loss at `levels` that ignores suppression (exact when nothing is
 * suppressed): the mean over QIs of {@link lossByLevel}.
 *
 * @example
 * lossLowerBound(tinyView, [2, 0, 3]) // => 0.3666 = (1 + 0 + 999/9999) / 3
 */
export function lossLowerBound(view: GeneralisationView, levels: readonly number[]): number {
  const table = lossByLevel(view);
  let sum = 0;
  for (let j = 0; j < levels.length; j++) sum += table[j]?.[levels[j] ?? 0] ?? 0;
  return levels.length === 0 ? 0 : sum / levels.length;
}

/**
 * The Loss metric of a partition, with its value per quasi-identifier.
 *
 * @example
 * // datasets/tiny at (1,1,2), k = 2 (nothing suppressed)
 * lossMetric(view, partition) // => { value: 0.5011, perAttribute: [0.4935, 1, 0.0099] }
 */
export function lossMetric(view: GeneralisationView, partition: ClassPartition): MetricValue {
  const n = view.rows;
  const m = view.quasiIdentifiers.length;
  if (n === 0 || m === 0) return { value: 0, perAttribute: view.quasiIdentifiers.map(() => 0) };
  const perAttribute = view.quasiIdentifiers.map((qi, j) => {
    const l = partition.levels[j] ?? 0;
    const level = levelOf(view, j, l);
    let ratioSum = 0; // Σ over kept rows of (leaves − 1), an exact integer
    if (qi.domainSize > 1) {
      for (let g = 0; g < level.cardinality; g++) {
        ratioSum += (level.frequency[g] as number) * ((level.leaves[g] as number) - 1);
      }
      forEachSuppressedCode(view, partition, j, (size, code) => {
        ratioSum -= size * ((level.leaves[code] as number) - 1);
      });
      ratioSum /= qi.domainSize - 1;
    }
    return (ratioSum + partition.suppressedRows) / n;
  });
  let sum = 0;
  for (const v of perAttribute) sum += v;
  return { value: sum / m, perAttribute };
}
