/**
 * Builder: a hierarchy that masks a code one character at a time from the right (postcodes,
 * municipality codes, classification codes).
 */
import { attributeSource, configError, distinctNfc } from './_internals/source.js';
import { Hierarchy } from './hierarchy.js';

/** Options of {@link maskingHierarchy}. */
export interface MaskingOptions {
  /** The character that replaces masked characters: exactly one character. @defaultValue `'*'` */
  maskChar?: string;
  /** The attribute, for error messages. */
  attribute?: string;
}

/**
 * Builds a hierarchy that masks one more character from the right at each level:
 * `75013 → 7501* → 750** → 75*** → 7**** → *****`. Values are kept as text, so leading zeros stay
 * (`01200 → 0120* → 012** → …`). Characters are Unicode code points, after NFC normalisation.
 *
 * Values of different lengths are masked to their own length, without padding; once fully masked,
 * a value keeps that label up to the top. The height is the longest length + 1, plus one level
 * holding a single `maskChar` when the top level would otherwise not be one label for all values
 * (values of different lengths, or no non-empty value), so the hierarchy always has one root. The
 * missing value `''` stays `''` up to the root: `['', …, '', root]`.
 *
 * Reference: masking-based (redaction) hierarchies of ARX (`HierarchyBuilderRedactionBased`:
 * right-to-left redaction; Prasser and Kohlmayer 2015); postcode truncation as generalisation in
 * Sweeney, "k-anonymity: a model for protecting privacy", 2002.
 *
 * @param values - the column's distinct values as text, `''` for missing. NFC-equal duplicates
 *   are merged.
 * @param options - the mask character and attribute.
 * @throws DatanonymeError `BAD_CONFIG` when `maskChar` is not exactly one character.
 * @example
 * maskingHierarchy(['01200']).rows[0] // => ['01200', '0120*', '012**', '01***', '0****', '*****']
 */
export function maskingHierarchy(
  values: readonly string[],
  options: MaskingOptions = {},
): Hierarchy {
  const source = attributeSource(options.attribute);
  const mask = options.maskChar ?? '*';
  if (Array.from(mask).length !== 1) {
    throw configError(source, `the mask character must be exactly one character, got "${mask}"`, {
      value: mask,
    });
  }
  const distinct = distinctNfc(values);
  const chars = distinct.map((v) => Array.from(v));
  const lengths = new Set<number>();
  for (const c of chars) if (c.length > 0) lengths.add(c.length);
  const longest = Math.max(0, ...lengths);
  const extraRoot = lengths.size !== 1;
  const root = extraRoot ? mask : mask.repeat(longest);
  const height = longest + 1 + (extraRoot ? 1 : 0);

  const rows = chars.map((c): string[] => {
    if (c.length === 0) return [...Array<string>(height - 1).fill(''), root];
    const row: string[] = [];
    for (let level = 0; level <= longest; level++) {
      const masked = Math.min(level, c.length);
      row.push(c.slice(0, c.length - masked).join('') + mask.repeat(masked));
    }
    if (extraRoot) row.push(root);
    return row;
  });
  return new Hierarchy(rows, source);
}
