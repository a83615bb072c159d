/**
 * Internal: how hierarchy errors name where they come from. Not re-exported.
 */
import { DatanonymeError, type ErrorLocation } from '../../errors.js';
import type { HierarchySource } from '../hierarchy.js';

/** `file: hierarchy of "attribute"`, or whichever parts are known, or `hierarchy`. */
export function describeSource(source: HierarchySource): string {
  const parts: string[] = [];
  if (source.file !== undefined) parts.push(source.file);
  if (source.attribute !== undefined) parts.push(`hierarchy of "${source.attribute}"`);
  return parts.length > 0 ? parts.join(': ') : 'hierarchy';
}

/** The error location (`file`, `column`) of a source. */
export function locateSource(source: HierarchySource): { file?: string; column?: string } {
  const loc: { file?: string; column?: string } = {};
  if (source.file !== undefined) loc.file = source.file;
  if (source.attribute !== undefined) loc.column = source.attribute;
  return loc;
}

/** A `BAD_CONFIG` error prefixed with the source's description and carrying its location. */
export function configError(
  source: HierarchySource,
  message: string,
  extra: Omit<ErrorLocation, 'file' | 'column'> = {},
): DatanonymeError {
  return new DatanonymeError('BAD_CONFIG', `${describeSource(source)}: ${message}`, {
    ...locateSource(source),
    ...extra,
  });
}

/** The source naming only `attribute`, when it is given. */
export function attributeSource(attribute: string | undefined): HierarchySource {
  return attribute === undefined ? {} : { attribute };
}

/**
 * The distinct values, NFC-normalised, in order of first appearance. Two spellings of one value
 * (NFD and NFC) become one row instead of a duplicate-value error.
 */
export function distinctNfc(values: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const v of values) {
    const n = v.normalize('NFC');
    if (!seen.has(n)) {
      seen.add(n);
      out.push(n);
    }
  }
  return out;
}
