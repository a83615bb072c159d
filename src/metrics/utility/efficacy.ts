/**
 * Machine-learning efficacy: does a model trained on the release predict as well as the same model
 * trained on the original? Two classification trees (`cart.ts`: depth ≤ 10, leaves of at least 10
 * rows, cp 0.0005) are grown, one on the release and one on the original's training rows, and both
 * predict held-out original rows. Figures on those test rows, for the release's model, with the
 * original's model's figure (the baseline) in the details:
 *
 * - `efficacyAccuracy`: the share of test rows whose most probable class is right;
 * - `efficacyMacroF1`: the mean over classes (those in the test labels or predictions) of
 *   F1 = 2TP / (2TP + FP + FN);
 * - `efficacyRocAuc`: the area under the ROC curve of the predicted class probabilities (the
 *   Mann–Whitney statistic, ties counted ½); with more than two classes, one-vs-rest averaged
 *   over the classes with both positive and negative test rows.
 *
 * Features: every column the three tables share except the target and the original's
 * identifiers, coded as `features.ts` says for CART (numbers in quantile bins, categories as
 * codes, a generalised label drawn among the values below it). The target is read as categories
 * (at most 50); rows with a missing target are left out. A tree is used rather than a library:
 * ml-cart 2.1.1 took 1.2 s on 2,000 rows × 8 features and grows quadratically (measured), too slow
 * for 15,000 rows; this one is histogram-based and linear per level. In quick mode each training
 * table is sampled down to 5,000 rows (seeded).
 *
 * References: L. Xu, M. Skoularidou, A. Cuesta-Infante, K. Veeramachaneni, "Modeling tabular data
 * using conditional GAN", NeurIPS 2019 (machine-learning efficacy); J. Hanley and B. McNeil, "The
 * meaning and use of the area under a ROC curve", Radiology 143, 1982; D. Hand and R. Till,
 * Machine Learning 45, 2001 (multi-class AUC); Breiman et al. 1984 (CART).
 */
import { seededRandom, uniformInt, type RandomSource } from '../../random/source.js';
import type { Dataset } from '../../types.js';
import { notApplicable, type MetricValue } from '../result.js';
import { averageRanks } from './correlation.js';
import { fitTree, type Tree } from './cart.js';
import { cells, releaseSpec, specOf } from './columns.js';
import { cartFeatures, readFeatures, stack, type CodedFeatures } from './features.js';
import { QUICK_ROWS, sampleRows } from './pmse.js';
import { categoricalColumn, CategoryDomain } from './values.js';

/** Options of {@link machineLearningEfficacy}. */
export interface EfficacyOptions {
  /** Seed of the sampling and of the spread of generalised labels. */
  seed: number;
  /** Sample each training table to 5,000 rows. @defaultValue false */
  quick?: boolean;
}

/** Target classes beyond which the target is refused (regression is not supported). */
export const MAX_CLASSES = 50;

const REFERENCE = 'machine-learning efficacy (Xu et al. 2019), CART (Breiman et al. 1984)';
const NAMES = ['efficacyAccuracy', 'efficacyMacroF1', 'efficacyRocAuc'] as const;

/** The target class of every row (-1 when missing); generalised labels drawn among their leaves. */
function targetClasses(
  data: Dataset,
  reference: Dataset,
  target: string,
  domain: CategoryDomain,
  rng: RandomSource,
): Int32Array {
  const spec = specOf(reference, target);
  const own = releaseSpec(spec, data, target) ?? spec;
  const c = categoricalColumn(cells(data, target), own, domain);
  const out = new Int32Array(c.rows);
  for (let i = 0; i < c.rows; i++) {
    const l = c.labelOf[i] as number;
    if (l < 0) {
      out[i] = -1;
      continue;
    }
    const sp = c.spread[l] as Int32Array;
    out[i] = (sp.length === 1 ? sp[0] : sp[uniformInt(rng, sp.length)]) as number;
  }
  return out;
}

/**
 * The area under the ROC curve of scores for the positives (Mann–Whitney, ties ½).
 *
 * @throws never; NaN without both positives and negatives.
 * @example
 * rocAuc(Float64Array.of(0.1, 0.4, 0.35, 0.8), Uint8Array.of(0, 0, 1, 1)) // => 0.75
 */
export function rocAuc(scores: Float64Array, positive: Uint8Array): number {
  const ranks = averageRanks(scores);
  let pos = 0;
  let sum = 0;
  for (let i = 0; i < scores.length; i++) {
    if (positive[i] === 1) {
      pos++;
      sum += ranks[i] as number;
    }
  }
  const neg = scores.length - pos;
  if (pos === 0 || neg === 0) return NaN;
  return (sum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Accuracy, macro F1 and (macro one-vs-rest) ROC AUC of a tree on the test rows. */
function score(
  tree: Tree,
  coded: CodedFeatures,
  testRows: Int32Array,
  truth: Int32Array,
  classes: number,
): [number, number, number] {
  const n = testRows.length;
  const probs: Float64Array[] = [];
  const predicted = new Int32Array(n);
  let right = 0;
  for (let t = 0; t < n; t++) {
    const p = tree.predict(coded, testRows[t] as number);
    probs.push(p);
    let best = 0;
    for (let c = 1; c < classes; c++) if ((p[c] as number) > (p[best] as number)) best = c;
    predicted[t] = best;
    if (best === truth[t]) right++;
  }
  let f1Sum = 0;
  let f1Classes = 0;
  let aucSum = 0;
  let aucClasses = 0;
  for (let c = 0; c < classes; c++) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const positive = new Uint8Array(n);
    const scores = new Float64Array(n);
    for (let t = 0; t < n; t++) {
      const isC = truth[t] === c;
      const saysC = predicted[t] === c;
      if (isC && saysC) tp++;
      else if (saysC) fp++;
      else if (isC) fn++;
      positive[t] = isC ? 1 : 0;
      scores[t] = (probs[t] as Float64Array)[c] as number;
    }
    if (tp + fp + fn > 0) {
      f1Sum += (2 * tp) / (2 * tp + fp + fn);
      f1Classes++;
    }
    if (classes === 2 && c === 1) continue; // both classes of a binary target give the same AUC
    const auc = rocAuc(scores, positive);
    if (!Number.isNaN(auc)) {
      aucSum += auc;
      aucClasses++;
    }
  }
  return [right / n, f1Sum / f1Classes, aucClasses === 0 ? NaN : aucSum / aucClasses];
}

/**
 * The machine-learning efficacy of a release for a target column (see the module comment).
 *
 * @param train - the release.
 * @param baselineTrain - the original's training rows.
 * @param test - held-out original rows, used by neither model.
 * @param target - the column to predict.
 * @throws DatanonymeError `NOT_FOUND` naming the target or a column the original does not have;
 *   `BAD_PARAMETER` from the seed.
 * @example
 * machineLearningEfficacy(release, originalTrain, originalTest, 'salary-class', { seed: 1 })[0]?.value // => accuracy
 */
export function machineLearningEfficacy(
  train: Dataset,
  baselineTrain: Dataset,
  test: Dataset,
  target: string,
  options: EfficacyOptions,
): MetricValue[] {
  const na = (reason: string): MetricValue[] =>
    NAMES.map((n) => notApplicable(n, 'utility', reason, REFERENCE, [target]));
  specOf(baselineTrain, target);
  for (const [what, d] of [
    ['release', train],
    ['test table', test],
  ] as const) {
    if (!d.table.columnNames().includes(target)) return na(`target "${target}" not in the ${what}`);
  }
  const rng = seededRandom(options.seed);
  const domain = new CategoryDomain();
  const parts = [train, baselineTrain, test];
  const truth = parts.map((d) => targetClasses(d, baselineTrain, target, domain, rng));
  const classes = domain.size;
  if (classes > MAX_CLASSES) {
    return na(
      `the target has ${classes} classes (more than ${MAX_CLASSES}); regression is not supported`,
    );
  }
  if (classes < 2) return na('undefined (constant column): the target has fewer than two classes');
  const identifiers = new Set(
    baselineTrain.columns.filter((c) => c.role === 'identifier').map((c) => c.name),
  );
  const shared = baselineTrain.table
    .columnNames()
    .filter((n) => n !== target && !identifiers.has(n))
    .filter((n) => train.table.columnNames().includes(n) && test.table.columnNames().includes(n));
  const { features } = readFeatures(baselineTrain, parts, shared);
  if (features.length === 0) return na('no feature column shared by the three tables');
  const cap = options.quick === true ? QUICK_ROWS : Infinity;
  const present = (p: number, rows: Int32Array): Int32Array =>
    rows.filter((r) => ((truth[p] as Int32Array)[r] as number) >= 0);
  const releaseRows = present(0, sampleRows(rng, train.table.numRows(), cap));
  const baselineRows = present(1, sampleRows(rng, baselineTrain.table.numRows(), cap));
  const testRows = present(2, sampleRows(rng, test.table.numRows(), Infinity));
  if (testRows.length === 0) return na('no test row with a target value');
  if (releaseRows.length === 0) return na('no release row with a target value');
  if (baselineRows.length === 0) return na('no original training row with a target value');
  const s = stack([releaseRows, baselineRows, testRows]);
  const coded = cartFeatures(features, s, rng);
  const labels = new Int32Array(s.part.length);
  for (let k = 0; k < labels.length; k++) {
    labels[k] = (truth[s.part[k] as number] as Int32Array)[s.row[k] as number] as number;
  }
  const indices = (p: number): Int32Array =>
    Int32Array.from({ length: s.part.length }, (_, k) => k).filter((k) => s.part[k] === p);
  const [onRelease, onBaseline, onTest] = [indices(0), indices(1), indices(2)];
  const testTruth = Int32Array.from(onTest, (k) => labels[k] as number);
  const treeOptions = { maxDepth: 10, minLeaf: 10, complexity: 0.0005 };
  const released = score(
    fitTree(coded, labels, classes, onRelease, treeOptions),
    coded,
    onTest,
    testTruth,
    classes,
  );
  const baseline = score(
    fitTree(coded, labels, classes, onBaseline, treeOptions),
    coded,
    onTest,
    testTruth,
    classes,
  );
  const used = features.map((f) => f.name);
  return NAMES.map((name, i) => {
    const v = released[i] as number;
    const b = baseline[i] as number;
    if (Number.isNaN(v)) {
      return notApplicable(
        name,
        'utility',
        'undefined: the test rows hold a single class',
        REFERENCE,
        [target],
      );
    }
    return {
      name,
      kind: 'utility',
      value: v,
      reference: REFERENCE,
      columns: [target],
      details: {
        baseline: b,
        difference: b - v,
        classes,
        features: used,
        trainRows: onRelease.length,
        baselineRows: onBaseline.length,
        testRows: onTest.length,
        better: 'higher',
      },
    };
  });
}
