/**
 * DP queries over tables: counts, sums, means, variances, quantiles, histograms and contingency
 * tables (public keys, or private keys with thresholding). Each takes a Dataset or an Arquero
 * table, public parameters and a privacy accountant; each checks its parameters before reading
 * the data and charges the accountant before drawing noise.
 */
export { dpCount, type CountOptions } from './count.js';
export { dpSum, type SumOptions } from './sum.js';
export { dpMean, type MeanOptions } from './mean.js';
export { dpVariance, type VarianceOptions } from './variance.js';
export { dpQuantile, type QuantileOptions } from './quantile.js';
export { dpHistogram, type HistogramOptions } from './histogram.js';
export { dpCountBy, type CountByOptions, type DomainValue } from './count-by.js';
export {
  dpCountByPrivateKeys,
  selectionThreshold,
  type PrivateKeysOptions,
} from './private-keys.js';
export { consistentCounts, postProcess, type PostProcess } from './consistent.js';
export type { CountMechanism, GaussianCalibration, ValueMechanism } from './noise.js';
export type {
  DpTable,
  DpValue,
  NonNumericPolicy,
  NumericQueryOptions,
  QueryOptions,
  QueryPart,
  QueryReport,
} from './options.js';
