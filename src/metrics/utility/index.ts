/**
 * Utility metrics: what a release kept of the original, per column, per pair of columns, over
 * random marginals and counting queries, for a propensity model, and for a prediction task. Every
 * figure is a `MetricValue` (`../result.ts`): not applicable, never 0, when it cannot be computed.
 */
export { columnUtility } from './columnUtility.js';
export { pairUtility, twoWayMarginals } from './pairUtility.js';
export { marginalQueryUtility, type MarginalQueryOptions } from './marginalQueries.js';
export { propensityMse, type PropensityOptions } from './pmse.js';
export { machineLearningEfficacy, rocAuc, type EfficacyOptions } from './efficacy.js';
export { totalVariationDistance } from './totalVariation.js';
export { kolmogorovSmirnovStatistic } from './kolmogorovSmirnov.js';
export { wassersteinDistance } from './wasserstein.js';
export { pearson, spearman } from './correlation.js';
export { cramersV } from './cramersV.js';
export { correlationRatio } from './correlationRatio.js';
export {
  categoricalColumn,
  categoricalDistribution,
  categoryCounts,
  CategoryDomain,
  isMissingValue,
  numericColumn,
  numericValues,
  parseNumber,
  SUPPRESSED,
  type CategoricalColumn,
  type CategoricalDistribution,
  type NumericColumn,
} from './values.js';
