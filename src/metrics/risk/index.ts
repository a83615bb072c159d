/**
 * Risk metrics: what a release still exposes. Re-identification risk of the quasi-identifiers
 * (prosecutor, journalist, marketer, uniqueness), distances to the original rows, and the three
 * attacks of Giomi et al. (singling out, linkability, inference) scored against a control set.
 */
export {
  equivalenceClasses,
  prosecutorRisk,
  type ReidentificationRisk,
} from './reidentification.js';
export {
  classRisks,
  reidentificationRisks,
  type ReidentificationRiskOptions,
  type RiskSummary,
} from './reidentification-risks.js';
export {
  pitmanFit,
  pitmanUniques,
  populationUniqueness,
  shlosserClasses,
  snbFit,
  snbProbabilities,
  snbUniques,
  zayatzUniques,
  type PopulationModel,
  type PopulationUniqueness,
} from './population.js';
export { gowerDistance, type GowerCell } from './gower.js';
export { distanceToClosestRecord, type DistanceOptions } from './distance.js';
export {
  ATTACK_REFERENCE,
  attackRisk,
  residualRisk,
  wilsonScore,
  type AttackCounts,
  type SuccessRate,
} from './attack-risk.js';
export { singlingOutRisk, type SinglingOutOptions } from './singling-out.js';
export { linkabilityRisk, type LinkabilityOptions } from './linkability.js';
export { inferenceRisk, type InferenceOptions } from './inference.js';
export { attributeDisclosure } from './attribute-disclosure.js';
