/**
 * The sensitive columns of a dataset, encoded for the class predicates, with each column's type,
 * hierarchy and missing-value tokens taken from its spec.
 */
import { DatanonymeError } from '../errors.js';
import type { Dataset } from '../types.js';
import type { SensitiveColumn } from './model.js';
import { encodeSensitiveColumn, type EncodeSensitiveOptions } from './sensitive.js';

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
