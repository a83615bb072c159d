/**
 * datanonyme's public API: everything a user imports, and nothing else. This entry point runs in a
 * browser as well as in Node; the file-system helpers live in `datanonyme/node` (src/node.ts).
 */

// Shared shapes and errors
export {
  DatanonymeError,
  isDatanonymeError,
  type ErrorCode,
  type ErrorLocation,
} from './errors.js';
export type {
  Accounting,
  ColumnSpec,
  ColumnType,
  Dataset,
  Method,
  MethodFamily,
  Release,
  Role,
} from './types.js';

// Tables: CSV text in and out, dictionary encoding
export { parseCsv, type CsvDialect, type ParsedCsv, type ReadCsvOptions } from './table/parse.js';
export {
  dialectOptions,
  formatCsv,
  formatCsvChunks,
  formatNumber,
  type WriteCsvOptions,
} from './table/format.js';
export { requireColumns } from './table/columns.js';
export { sniffDelimiter, sniffLineEnding } from './table/sniff.js';
export { encodeColumn, type EncodedColumn } from './table/encode.js';

// Schema: the config file
export {
  validateConfig,
  type AttributeConfig,
  type Config,
  type HierarchyConfig,
} from './schema/config.js';

// Hierarchies
export { Hierarchy, type HierarchySource } from './hierarchy/hierarchy.js';
export {
  cellText,
  checkCoverage,
  MISSING_LABEL,
  type CoverageContext,
} from './hierarchy/validate.js';
export { parseArxHierarchy, type ArxSource } from './hierarchy/arx.js';
export { intervalHierarchy, type IntervalOptions } from './hierarchy/intervals.js';
export { maskingHierarchy, type MaskingOptions } from './hierarchy/masking.js';
export { dateHierarchy, type DateLevel, type DateOptions } from './hierarchy/dates.js';
export { treeHierarchy, type CategoryTree, type TreeOptions } from './hierarchy/tree.js';

// Privacy models
export { kAnonymity, type ClassSizeModel } from './privacy/kAnonymity.js';
export {
  monotone,
  monotoneWithSuppression,
  type PrivacyModels,
  type SensitiveColumn,
  type SensitiveHistogram,
  type SensitivePredicate,
} from './privacy/model.js';
export {
  distinctLDiversity,
  entropyLDiversity,
  recursiveCLDiversity,
  type LDiversityPredicate,
  type LDiversityVariant,
} from './privacy/lDiversity.js';
export {
  equalDistanceEmd,
  hierarchicalDistanceEmd,
  orderedDistanceEmd,
  tCloseness,
  type TClosenessDistance,
  type TClosenessPredicate,
} from './privacy/tCloseness.js';
export { encodeSensitiveColumn, type EncodeSensitiveOptions } from './privacy/sensitive.js';
export { encodeSensitiveColumns, prepareModels } from './privacy/columns.js';
export {
  checkClass,
  HistogramBuilder,
  ModelEvaluator,
  sensitiveColumnsOf,
  type ModelOutcome,
  type ModelSummary,
} from './privacy/histogram.js';
export {
  checkSensitiveModelSpecs,
  compileModels,
  parseLDiversityFlag,
  parseTClosenessFlag,
  type SensitiveModelSpec,
} from './privacy/spec.js';

// Randomness: the secure source for anything released under DP, a seeded one for tests
export {
  secureRandom,
  seededRandom,
  uniformBigInt,
  uniformInt,
  type RandomSource,
} from './random/source.js';

// Differential privacy: exact samplers, calibration, mechanisms
export {
  sampleBernoulliExp,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
} from '../methods/dp/samplers.js';
export {
  gaussianSigmaAnalytic,
  gaussianSigmaClassic,
  gaussianSigmaZcdp,
  laplaceScale,
} from '../methods/dp/calibration.js';
export {
  exponentialMechanism,
  gaussianMechanism,
  geometricMechanism,
  laplaceMechanism,
  randomisedResponse,
  type GaussianBudget,
  type NoisyValue,
} from '../methods/dp/mechanisms.js';
export * from '../methods/dp/queries/index.js';
export {
  dpRelease,
  dpReleaseMethod,
  validateDpConfig,
  type DpConfig,
  type DpQueryConfig,
  type DpReleaseOptions,
  type DpResult,
} from '../methods/dp/release.js';
export {
  advancedCompositionEpsilon,
  PrivacyAccountant,
  splitBudget,
  zcdpToApproximateDp,
  type AccountantOptions,
  type BudgetFigures,
  type BudgetWarning,
  type LedgerEntry,
  type PrivacyBudget,
  type Spend,
} from './privacy/accountant.js';
export {
  checkBounds,
  checkDelta,
  checkEpsilon,
  checkRho,
  checkSensitivity,
  epsilonWarnings,
  type ParameterWarning,
} from '../methods/dp/parameters.js';

// Methods
export {
  optimalGeneralisation,
  optimalGeneralisationMethod,
  type LossMetricName,
  type OptimalGeneralisationDetails,
  type OptimalGeneralisationOptions,
} from '../methods/generalisation/optimal.js';
export {
  mondrian,
  mondrianMethod,
  type MondrianDetails,
  type MondrianOptions,
} from '../methods/generalisation/mondrian/mondrian.js';
export {
  localSuppression,
  localSuppressionMethod,
  type LocalSuppressionDetails,
  type LocalSuppressionOptions,
} from '../methods/generalisation/local-suppression/local-suppression.js';
export {
  mdav,
  mdavMethod,
  type MdavDetails,
  type MdavOptions,
} from '../methods/perturbation/microaggregation/mdav.js';
export {
  evaluateTransformation,
  type EvaluateTransformationOptions,
  type TransformationEvaluation,
} from '../methods/generalisation/evaluate.js';

// Identifier columns: drop, keyed hash, or consistent fakes
export {
  identifierKinds,
  pseudonymiseIdentifiers,
  type FakeKind,
  type FakeLocale,
  type IdentifierMode,
  type PseudonymiseOptions,
} from '../methods/pseudonymisation/identifiers.js';
export { fakeKindOf } from '../methods/pseudonymisation/fake-values.js';
export { hmacSha256, sha256, toHex } from '../methods/pseudonymisation/hmac-sha256.js';

// Synthetic data
export type { Generator, SynthesisModel } from '../methods/synthesis/types.js';
export {
  decode,
  discretise,
  synthSchema,
  type SampleOptions,
  type SynthColumn,
  type SynthSchemaOptions,
} from '../methods/synthesis/schema.js';
export {
  independent,
  independentMarginals,
  independentMethod,
  type IndependentOptions,
} from '../methods/synthesis/independent.js';
export {
  copula,
  copulaMethod,
  gaussianCopula,
  type CopulaOptions,
} from '../methods/synthesis/copula.js';
export { cart, cartMethod, sequentialCart, type CartOptions } from '../methods/synthesis/cart.js';
export { fitMst, mst, type MstOptions } from '../methods/synthesis/mst.js';
export { fitPrivBayes, privBayes, type PrivBayesOptions } from '../methods/synthesis/privbayes.js';

// Tables: tabulation with margins, primary and secondary cell suppression, audit, cell key method
export * from '../methods/tables/index.js';

// Perturbation of microdata: PRAM and targeted record swapping
export {
  checkRetention,
  checkTransitionMatrix,
  expectedCounts,
  invariantMatrix,
  invariantRetentionMatrix,
  parseTransitionMatrix,
  retentionMatrix,
  type MoveRule,
  type TransitionMatrix,
} from '../methods/perturbation/pram/matrix.js';
export {
  pram,
  pramMethod,
  type PramColumnDetails,
  type PramDetails,
  type PramOptions,
} from '../methods/perturbation/pram/pram.js';
export {
  recordSwapping,
  swappingMethod,
  type SwapDetails,
  type SwapOptions,
} from '../methods/perturbation/swapping/swap.js';

// Metrics
export { LOSS_METRIC_NAMES } from './metrics/loss/index.js';
export { aggregate, notApplicable, type MetricValue } from './metrics/result.js';
export {
  columnUtility,
  correlationRatio,
  cramersV,
  kolmogorovSmirnovStatistic,
  machineLearningEfficacy,
  marginalQueryUtility,
  pairUtility,
  pearson,
  propensityMse,
  rocAuc,
  spearman,
  totalVariationDistance,
  twoWayMarginals,
  wassersteinDistance,
  categoricalDistribution,
  numericValues,
  type EfficacyOptions,
  type MarginalQueryOptions,
  type PropensityOptions,
} from './metrics/utility/index.js';
export {
  attackRisk,
  attributeDisclosure,
  classRisks,
  distanceToClosestRecord,
  equivalenceClasses,
  gowerDistance,
  inferenceRisk,
  linkabilityRisk,
  populationUniqueness,
  prosecutorRisk,
  reidentificationRisks,
  residualRisk,
  singlingOutRisk,
  wilsonScore,
  type DistanceOptions,
  type InferenceOptions,
  type LinkabilityOptions,
  type PopulationUniqueness,
  type ReidentificationRisk,
  type ReidentificationRiskOptions,
  type SinglingOutOptions,
} from './metrics/risk/index.js';
export {
  columnProfile,
  evaluateRelease,
  informationLossOf,
  type AttackRisk,
  type ColumnProfile,
  type EvaluateReleaseOptions,
  type Evaluation,
  type InformationLoss,
} from './metrics/evaluate.js';

// Reports
export {
  evaluationReport,
  evaluationSummary,
  summaryLines,
  type EvaluationReport,
  type ReportedMetric,
} from './report/evaluation-report.js';
export { evaluationHtml } from './report/evaluation-html.js';
