/** Attack targets: seeded samples of original and control rows. Internal. */
import type { RandomSource } from '../../../random/source.js';
import { sampleIndices } from './sample.js';

/**
 * Up to `attacks` rows of each of the original and the control, the same number from each (the
 * smaller of `attacks` and both tables' eligible rows), drawn without replacement.
 *
 * @param eligibleOriginal - the original's rows that may be targets (ascending).
 * @param eligibleControl - the control's rows that may be targets (ascending).
 */
export function attackTargets(
  rng: RandomSource,
  eligibleOriginal: Int32Array,
  eligibleControl: Int32Array,
  attacks: number,
): { original: Int32Array; control: Int32Array } {
  const n = Math.min(attacks, eligibleOriginal.length, eligibleControl.length);
  const pick = (rows: Int32Array): Int32Array =>
    sampleIndices(rng, rows.length, n).map((i) => rows[i] as number);
  return { original: pick(eligibleOriginal), control: pick(eligibleControl) };
}

/** [0, n) as an Int32Array. */
export function allRows(n: number): Int32Array {
  return Int32Array.from({ length: n }, (_, i) => i);
}
