/**
 * The sensitive columns of a dataset, encoded for the class predicates, with each column's type,
 * hierarchy and missing-value tokens taken from its spec.
 */
import { DatanonymeError } from '../errors.js';
import type { Dataset } from '../types.js';
import type { PrivacyModels, SensitiveColumn } from './model.js';
import { encodeSensitiveColumn, type EncodeSensitiveOptions } from './sensitive.js';
import { compileModels, type SensitiveModelSpec } from './spec.js';

/**
 * Encodes the named columns of `data` as sensitive columns (`encodeSensitiveColumn`), in the order
 * given, each once.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming a column that the table does not have.
 * @example
 * encodeSensitiveColumns(data, ['salary-class'])[0]?.values // => ['<=50K', '>50K']
 */
export function encodeSensitiveColumns(data: Dataset, names: readonly string[]): SensitiveColumn[] {
  const present = new Set(data.table.columnNames());
  return [...new Set(names)].map((name) => {
    if (!present.has(name)) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `sensitive column "${name}" is not a column of the table`,
        { column: name },
      );
    }
    const spec = data.columns.find((c) => c.name === name);
    const options: EncodeSensitiveOptions = {};
    if (spec !== undefined) {
      options.type = spec.type;
      if (spec.hierarchy !== undefined) options.hierarchy = spec.hierarchy;
      const tokens = spec.missing;
      if (tokens !== undefined && tokens.length > 0) {
        options.missing = (v) => typeof v === 'string' && tokens.includes(v);
      }
    }
    return encodeSensitiveColumn(name, data.table.array(name) as ArrayLike<unknown>, options);
  });
}

/**
 * k and the sensitive models of a dataset, compiled against its encoded sensitive columns. A model
 * may not read a quasi-identifier or an identifier.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming a column that is missing or plays another role.
 * @example
 * prepareModels(data, 5, [{ model: 'l-diversity', column: 'disease', variant: 'distinct', l: 2 }])
 */
export function prepareModels(
  data: Dataset,
  k: number,
  specs: readonly SensitiveModelSpec[],
): { models: PrivacyModels; columns: SensitiveColumn[] } {
  const names = [...new Set(specs.map((spec) => spec.column))];
  for (const name of names) {
    const role = data.columns.find((c) => c.name === name)?.role;
    if (role === 'quasi-identifier' || role === 'identifier') {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `"${name}" is a ${role}: l-diversity and t-closeness apply to sensitive columns`,
        { column: name },
      );
    }
  }
  const columns = encodeSensitiveColumns(data, names);
  return { models: compileModels(k, specs, columns), columns };
}
