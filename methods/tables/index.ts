/**
 * Table protection (issue 8): tabulation of microdata with every margin, primary confidentiality
 * rules (frequency, dominance (n, k), p %), secondary cell suppression (heuristic and optimal),
 * the attacker's audit, and the cell key method. See README.md in this folder (the method card).
 */
export {
  STATUS,
  STATUS_CODES,
  type AdditivityEquation,
  type AuditInterval,
  type CellStatusCode,
  type ProtectionLevels,
  type TableDimension,
  type TableStructure,
  type Tabulation,
} from './types.js';
export { tabulate, tableDimension, TOTAL_LABEL, type TabulateOptions } from './tabulate.js';
export {
  primarySuppression,
  DEFAULT_DOMINANCE,
  DEFAULT_FREQUENCY,
  DEFAULT_SAFETY_RANGE,
  type PrimaryRules,
} from './rules.js';
export { dominanceProtection, frequencyProtection, pPercentProtection } from './protection.js';
export { tableOutput, publishedValues, type TableOutputOptions } from './output.js';
export { additivityEquations } from './equations.js';
export { secondarySuppression, type SecondaryOptions, type SecondaryResult } from './secondary.js';
export { auditTable, cellLabels, type AuditOptions } from './audit.js';
export { recordKeys, recordKeysFromColumn } from './record-keys.js';
export {
  perturbationTable,
  DEFAULT_MAX_DEVIATION,
  DEFAULT_VARIANCE,
  type PerturbationTable,
  type PerturbationTableOptions,
} from './ptable.js';
export { cellKeyPerturb } from './cell-key.js';
