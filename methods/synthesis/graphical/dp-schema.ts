/**
 * The discrete view a DP generator models: {@link synthSchema} in DP mode, checked for public
 * bounds and domains, and each column's code domain (with or without a missing code), shared by
 * MST and PrivBayes.
 *
 * - A numeric or date column needs public bounds, a categorical column a public domain; a column
 *   whose bounds or categories would be read from the data is refused unless `domainsFromData` is
 *   set, in which case the domain (categories, bounds, whether a column has missing values, whether
 *   it is constant or empty) is read from the data WITHOUT protection, and the model's details say
 *   so. Cell counts are always measured with noise.
 * - Missing values: a column is `nullable` (its missing code is modelled like a category) by
 *   default, except a constant column; with `domainsFromData` a column is nullable when it has
 *   missing values. Rows with a missing value in a non-nullable modelled column are left out of
 *   the fit: a filter applied to each row on its own, which costs no privacy under add/remove
 *   neighbours; a warning lists the columns declared non-nullable (not which rows).
 * - Constant (non-nullable) and empty columns are not modelled: they come back constant and empty
 *   (cases B18, B19). Identifier columns are not in the view (never modelled nor copied).
 * - Output format: a decimal column's number of decimals is public (`decimals`, else the decimals
 *   of its public bounds; from the data only with `domainsFromData`), never read from private
 *   rows; the written form of text dates is the file's, treated as public (schema.ts).
 */
import { DatanonymeError } from '../../../src/errors.js';
import type { Dataset } from '../../../src/types.js';
import {
  decimalWarnings,
  discretise,
  otherWarnings,
  synthSchema,
  type SynthColumn,
} from '../schema.js';

/** Options that say what is public about the columns. */
export interface PublicDomainOptions {
  /** Public bounds [lo, hi] per numeric or date column (dates: days since 1970-01-01). @defaultValue the column spec's `bounds` */
  bounds?: Record<string, readonly [number, number]>;
  /**
   * Public number of decimals per decimal column (0–10): its values are rounded to it and its
   * bins are at least one step of it wide.
   * @defaultValue the decimals of the column's public bounds (their shortest text: [0, 5000.5] →
   *   1, [0, 5000] → 0); with bounds read from the data (`domainsFromData`), the most decimals of
   *   a value in the data (not private, as the bounds)
   */
  decimals?: Record<string, number>;
  /** Public categories per categorical column. @defaultValue none: refused unless `domainsFromData` */
  domains?: Record<string, readonly string[]>;
  /**
   * Read missing bounds and categories from the data: convenient, but the domain is then NOT
   * protected by differential privacy (a rare category or an extreme value shows in the output).
   * @defaultValue false
   */
  domainsFromData?: boolean;
  /** Whether each column's missing values are modelled (see the module comment). */
  nullable?: Record<string, boolean>;
  /** Equal-width bins of a numeric or date column. @defaultValue 20 */
  bins?: number;
  /** Categories kept per categorical column read from the data (`domainsFromData`). @defaultValue 50 */
  maxCategories?: number;
}

/** The view of one modelled column. */
export interface ModelledColumn {
  /** Index in the schema. */
  index: number;
  /** Number of codes modelled: the values, plus the missing code when nullable. */
  size: number;
  nullable: boolean;
}

/** The checked view: the schema, the modelled columns, their codes and the rows kept. */
export interface DpView {
  schema: SynthColumn[];
  modelled: ModelledColumn[];
  /** Codes of the modelled columns for the kept rows. */
  codes: Int32Array[];
  /** Remarks for the report. */
  warnings: string[];
}

/**
 * The error for the columns of a DP schema whose bounds or categories would be read from the
 * data: every such column is named, with the library option and the `synth` flag that give its
 * public domain (`bounds` / `--bounds`, `domains` / `--domain`) and the one that reads it from the
 * data (`domainsFromData` / `--domain-from-data`).
 *
 * @param schema - the view, from `synthSchema(data, { dp: true, … })`.
 * @returns a `BAD_PARAMETER` error whose `column` is the first such column (undefined when none).
 * @example missingPublicDomain(schema)?.message // => 'differential privacy needs public bounds for …'
 */
export function missingPublicDomain(schema: readonly SynthColumn[]): DatanonymeError | undefined {
  const bounds = schema.filter((c) => c.boundsFromData === true);
  const domains = schema.filter((c) => c.domainFromData === true);
  const first = [...bounds, ...domains][0];
  if (first === undefined) return undefined;
  const quoted = (cs: readonly SynthColumn[]): string => cs.map((c) => `"${c.name}"`).join(', ');
  const needs: string[] = [];
  const gives: string[] = [];
  if (bounds.length > 0) {
    needs.push(`public bounds for ${quoted(bounds)}`);
    gives.push(`bounds (--bounds ${(bounds[0] as SynthColumn).name}=lo:hi)`);
  }
  if (domains.length > 0) {
    needs.push(`public categories for ${quoted(domains)}`);
    gives.push(`domains (--domain ${(domains[0] as SynthColumn).name}=v1,v2,…)`);
  }
  return new DatanonymeError(
    'BAD_PARAMETER',
    `differential privacy needs ${needs.join(' and ')}: the data's own values, minimum and maximum are private. ` +
      `Give them as ${gives.join(' and ')}, or read them from the data with domainsFromData ` +
      '(--domain-from-data: NOT protected, and the report says so)',
    {
      column: first.name,
      field: bounds.length > 0 ? 'bounds' : 'domains',
      value: [...bounds, ...domains].map((c) => c.name).join(','),
    },
  );
}

/**
 * Builds the DP view of `data` (see the module comment).
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming a column without public bounds or domain (when
 *   `domainsFromData` is not set), or naming `nullable` for an unknown column.
 * @example
 * dpView(data, { domains: { sex: ['F', 'M'] }, bounds: { age: [17, 90] } }).modelled.length // => 2
 */
export function dpView(data: Dataset, options: PublicDomainOptions): DpView {
  const fromData = options.domainsFromData === true;
  const schemaOptions: Parameters<typeof synthSchema>[1] = { dp: true };
  if (options.bounds !== undefined) schemaOptions.bounds = options.bounds;
  if (options.domains !== undefined) schemaOptions.domains = options.domains;
  if (options.decimals !== undefined) schemaOptions.decimals = options.decimals;
  if (options.bins !== undefined) schemaOptions.bins = options.bins;
  if (options.maxCategories !== undefined) schemaOptions.maxCategories = options.maxCategories;
  const schema = synthSchema(data, schemaOptions);
  const warnings: string[] = [];
  const names = new Set(schema.map((c) => c.name));
  for (const name of Object.keys(options.nullable ?? {})) {
    if (!names.has(name)) {
      throw new DatanonymeError('BAD_PARAMETER', `nullable names an unknown column "${name}"`, {
        field: 'nullable',
        column: name,
      });
    }
  }
  const privateDomain: string[] = [];
  for (const c of schema) {
    if (c.boundsFromData === true || c.domainFromData === true) privateDomain.push(c.name);
  }
  const refused = fromData ? undefined : missingPublicDomain(schema);
  if (refused !== undefined) throw refused;
  if (privateDomain.length > 0) {
    warnings.push(
      `domains read from the data, not protected by differential privacy: ${privateDomain.join(', ')}`,
    );
  }
  warnings.push(...otherWarnings(schema, true));
  warnings.push(...decimalWarnings(schema, options.bins));
  const all = discretise(data, schema);
  const modelled: ModelledColumn[] = [];
  schema.forEach((c, index) => {
    if (c.kind === 'empty') return;
    const declared = options.nullable?.[c.name];
    const nullable = declared ?? (fromData ? c.missingRate > 0 : c.kind !== 'constant');
    if (c.kind === 'constant' && !nullable) return;
    modelled.push({ index, size: c.values.length + (nullable ? 1 : 0), nullable });
  });
  // rows with a missing value in a non-nullable modelled column are left out
  const strict = modelled
    .filter(
      (m) => !m.nullable && options.nullable?.[(schema[m.index] as SynthColumn).name] === false,
    )
    .map((m) => (schema[m.index] as SynthColumn).name);
  if (strict.length > 0) {
    // Said whether or not such rows exist: the warning reads nothing from the data.
    warnings.push(
      `the columns declared non-nullable (${strict.join(', ')}) have no missing code: a row with a missing cell there is left out of the fit, ` +
        'and the output has none in them (declare a column nullable, synth --with-missing, to model its missing values)',
    );
  }
  const n = data.table.numRows();
  const keep = new Uint8Array(n).fill(1);
  let kept = n;
  for (const m of modelled) {
    if (m.nullable) continue;
    const col = all[m.index] as Int32Array;
    const missing = (schema[m.index] as SynthColumn).values.length;
    for (let r = 0; r < n; r++) {
      if (keep[r] === 1 && col[r] === missing) {
        keep[r] = 0;
        kept--;
      }
    }
  }
  const codes = modelled.map((m) => {
    const col = all[m.index] as Int32Array;
    if (kept === n) return col;
    const out = new Int32Array(kept);
    let k = 0;
    for (let r = 0; r < n; r++) if (keep[r] === 1) out[k++] = col[r] as number;
    return out;
  });
  return { schema, modelled, codes, warnings };
}

/**
 * Full schema codes from sampled codes of the modelled columns: constant columns get their value
 * (code 0), empty ones the missing code.
 *
 * @example
 * schemaCodes(view, sampled, 10).length // => view.schema.length
 */
export function schemaCodes(view: DpView, sampled: readonly Int32Array[], n: number): Int32Array[] {
  const out: Int32Array[] = view.schema.map((c) => {
    const codes = new Int32Array(n);
    if (c.kind === 'empty') codes.fill(c.values.length);
    return codes;
  });
  view.modelled.forEach((m, k) => {
    out[m.index] = sampled[k] as Int32Array;
  });
  return out;
}
