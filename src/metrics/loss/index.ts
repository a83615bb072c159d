/**
 * Information-loss metrics of full-domain generalisation with record suppression, each in its own
 * module with its definition and reference: `loss` (Iyengar 2002), `precision` (Sweeney 2002),
 * `discernibility` (Bayardo and Agrawal 2005), `entropy` (non-uniform entropy, Gionis and Tassa
 * 2009) and `aecs` (average class size, LeFevre et al. 2006).
 */
import { aecsMetric } from './aecs.js';
import { discernibilityMetric } from './discernibility.js';
import { entropyMetric } from './entropy.js';
import { lossMetric } from './loss.js';
import { precisionMetric } from './precision.js';
import type { ClassPartition, GeneralisationView, MetricValue } from './view.js';

export { aecsLowerBound, aecsMetric } from './aecs.js';
export { discernibilityLowerBound, discernibilityMetric } from './discernibility.js';
export { entropyByLevel, entropyLowerBound, entropyMetric } from './entropy.js';
export { lossByLevel, lossLowerBound, lossMetric } from './loss.js';
export { precisionLowerBound, precisionMetric, precisionOfLevel } from './precision.js';
export type {
  ClassPartition,
  GeneralisationView,
  LevelView,
  MetricValue,
  QuasiIdentifierView,
} from './view.js';

/** The information-loss metrics an optimal search can minimise. */
export type LossMetricName = 'loss' | 'precision' | 'discernibility' | 'entropy' | 'aecs';

/** Every {@link LossMetricName}, in a fixed order. */
export const LOSS_METRIC_NAMES: readonly LossMetricName[] = [
  'loss',
  'precision',
  'discernibility',
  'entropy',
  'aecs',
];

/** The function that computes each metric on a partition. */
export const LOSS_METRICS: Readonly<
  Record<LossMetricName, (view: GeneralisationView, partition: ClassPartition) => MetricValue>
> = {
  loss: lossMetric,
  precision: precisionMetric,
  discernibility: discernibilityMetric,
  entropy: entropyMetric,
  aecs: aecsMetric,
};

/**
 * True when `name` is a {@link LossMetricName}.
 *
 * @example
 * isLossMetricName('loss') // => true
 */
export function isLossMetricName(name: unknown): name is LossMetricName {
  return typeof name === 'string' && (LOSS_METRIC_NAMES as readonly string[]).includes(name);
}
