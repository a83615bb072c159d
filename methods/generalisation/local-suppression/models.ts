/**
 * The sensitive privacy models (l-diversity, t-closeness) of a local method, from their specs to a
 * {@link ModelEvaluator} over the dataset's sensitive columns. Shared by local suppression and
 * microaggregation.
 */
import { prepareModels } from '../../../src/privacy/columns.js';
import { ModelEvaluator } from '../../../src/privacy/histogram.js';
import { checkSensitiveModelSpecs, type SensitiveModelSpec } from '../../../src/privacy/spec.js';
import type { Dataset } from '../../../src/types.js';

/**
 * Checks the `models` option (before the data is read): absent means none.
 *
 * @throws DatanonymeError `BAD_CONFIG` / `BAD_PARAMETER` as `checkSensitiveModelSpecs`.
 * @example
 * checkModelsOption(undefined) // => []
 */
export function checkModelsOption(models: unknown): SensitiveModelSpec[] {
  return models === undefined ? [] : checkSensitiveModelSpecs(models);
}

/**
 * The evaluator of k and the sensitive models on groups of rows of `data`, or undefined when there
 * is no sensitive model (k alone is then checked by size).
 *
 * @throws DatanonymeError `BAD_CONFIG` naming a model's column when the table does not have it or
 *   when it is a quasi-identifier or an identifier (`prepareModels`).
 * @example
 * modelEvaluatorOf(data, 5, [{ model: 'l-diversity', column: 'disease', variant: 'distinct', l: 2 }])
 */
export function modelEvaluatorOf(
  data: Dataset,
  k: number,
  specs: readonly SensitiveModelSpec[],
): ModelEvaluator | undefined {
  if (specs.length === 0) return undefined;
  const { models, columns } = prepareModels(data, k, specs);
  return new ModelEvaluator(models, columns);
}
