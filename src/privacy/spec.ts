/**
 * The user-facing description of the sensitive privacy models (config file entries and CLI flags),
 * its validation, and its compilation into {@link PrivacyModels}.
 *
 * Config: `"models": [{ "model": "l-diversity", "column": "disease", "variant": "recursive", "l": 3,
 * "c": 2 }, { "model": "t-closeness", "column": "salary", "t": 0.2, "distance": "ordered" }]`.
 * CLI: `--l-diversity <col>:<variant>:<l>[:<c>]` and `--t-closeness <col>:<t>[:<distance>]`. The
 * flags are split from the right, so a column name may itself contain ':' (`a:b:distinct:2` is
 * distinct 2-diversity on the column `a:b`).
 */
import { DatanonymeError } from '../errors.js';
import { assertK } from './kAnonymity.js';
import {
  assertC,
  assertL,
  distinctLDiversity,
  entropyLDiversity,
  recursiveCLDiversity,
  type LDiversityVariant,
} from './lDiversity.js';
import type { PrivacyModels, SensitiveColumn, SensitivePredicate } from './model.js';
import { assertT, tCloseness, type TClosenessDistance } from './tCloseness.js';

/** One sensitive privacy model, as a user describes it. */
export type SensitiveModelSpec =
  | {
      model: 'l-diversity';
      column: string;
      variant: LDiversityVariant;
      l: number;
      /** Recursive (c,l)-diversity only, where it is required. */
      c?: number;
    }
  | {
      model: 't-closeness';
      column: string;
      t: number;
      /** @defaultValue hierarchical with a hierarchy, ordered for numbers and dates, else equal */
      distance?: TClosenessDistance;
    };

const VARIANTS: readonly LDiversityVariant[] = ['distinct', 'entropy', 'recursive'];
const DISTANCES: readonly TClosenessDistance[] = ['equal', 'ordered', 'hierarchical'];
const L_FIELDS = ['model', 'column', 'variant', 'l', 'c'];
const T_FIELDS = ['model', 'column', 't', 'distance'];

/**
 * Validates a list of sensitive model specs (from a config file or built by code).
 *
 * Rules: an array of objects; `model` is `l-diversity` or `t-closeness`; `column` a non-empty
 * string; for l-diversity, `variant` is `distinct`, `entropy` or `recursive`, `l` an integer ≥ 1
 * (a real ≥ 1 for entropy), `c` a finite number > 0, required for recursive and refused otherwise;
 * for t-closeness, `t` a number in [0, 1] and `distance` one of `equal`, `ordered`,
 * `hierarchical`. Unknown fields are refused.
 *
 * @param specs - the value to check.
 * @param field - the path of the list in its config, for messages. @defaultValue `'models'`
 * @returns the specs, typed (the same objects).
 * @throws DatanonymeError `BAD_CONFIG` for a wrong shape, a missing or unknown field or an unknown
 *   name, `BAD_PARAMETER` for an out-of-range l, c or t; `field` is the path, such as
 *   `models[1].t`.
 * @example
 * checkSensitiveModelSpecs([{ model: 't-closeness', column: 'salary', t: 0.2 }]).length // => 1
 */
export function checkSensitiveModelSpecs(specs: unknown, field = 'models'): SensitiveModelSpec[] {
  if (!Array.isArray(specs)) {
    throw new DatanonymeError('BAD_CONFIG', `${field}: must be a list of privacy models`, {
      field,
    });
  }
  return specs.map((spec: unknown, i) => checkSpec(spec, `${field}[${i}]`));
}

/** `path.key`, or `key` alone at the top (flags). */
function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function checkSpec(spec: unknown, path: string): SensitiveModelSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new DatanonymeError('BAD_CONFIG', `${path}: must be an object`, { field: path });
  }
  const s = spec as Record<string, unknown>;
  const model = s.model;
  if (model !== 'l-diversity' && model !== 't-closeness') {
    throw configError(
      join(path, 'model'),
      `must be "l-diversity" or "t-closeness", got ${shown(model)}`,
      model,
    );
  }
  const allowed = model === 'l-diversity' ? L_FIELDS : T_FIELDS;
  for (const key of Object.keys(s)) {
    if (!allowed.includes(key)) {
      throw configError(join(path, key), `unknown field for ${model}`, key);
    }
  }
  const column = s.column;
  if (typeof column !== 'string' || column === '') {
    throw configError(join(path, 'column'), `must be a column name, got ${shown(column)}`, column);
  }
  if (model === 'l-diversity') {
    const variant = s.variant;
    if (!VARIANTS.includes(variant as LDiversityVariant)) {
      throw configError(
        join(path, 'variant'),
        `must be one of ${VARIANTS.map((v) => `"${v}"`).join(', ')}, got ${shown(variant)}`,
        variant,
      );
    }
    const v = variant as LDiversityVariant;
    assertL(s.l, v !== 'entropy', join(path, 'l'));
    if (v === 'recursive') {
      if (s.c === undefined) {
        throw configError(join(path, 'c'), 'is required for recursive (c,l)-diversity', undefined);
      }
      assertC(s.c, join(path, 'c'));
      return { model, column, variant: v, l: s.l, c: s.c };
    }
    if (s.c !== undefined) {
      throw configError(join(path, 'c'), `is only for recursive (c,l)-diversity, not ${v}`, s.c);
    }
    return { model, column, variant: v, l: s.l };
  }
  assertT(s.t, join(path, 't'));
  const distance = s.distance;
  if (distance === undefined) return { model, column, t: s.t };
  if (!DISTANCES.includes(distance as TClosenessDistance)) {
    throw configError(
      join(path, 'distance'),
      `must be one of ${DISTANCES.map((d) => `"${d}"`).join(', ')}, got ${shown(distance)}`,
      distance,
    );
  }
  return { model, column, t: s.t, distance: distance as TClosenessDistance };
}

/**
 * Parses the CLI value of `--l-diversity`: `<col>:<variant>:<l>[:<c>]`, split from the right so
 * that the column name may contain ':'. `c` is given for (and only for) `recursive`.
 *
 * @throws DatanonymeError `BAD_PARAMETER` with field `--l-diversity` when the text does not have
 *   that form, or naming `l` / `c` when a number is out of range.
 * @example
 * parseLDiversityFlag('disease:recursive:3:2') // => { model: 'l-diversity', column: 'disease', variant: 'recursive', l: 3, c: 2 }
 */
export function parseLDiversityFlag(text: string): SensitiveModelSpec {
  const flag = '--l-diversity';
  const parts = text.split(':');
  const n = parts.length;
  const isVariant = (s: string | undefined): s is LDiversityVariant =>
    VARIANTS.includes(s as LDiversityVariant);
  let column: string;
  let variant: LDiversityVariant;
  let l: number;
  let c: number | undefined;
  if (n >= 4 && isVariant(parts[n - 3])) {
    column = parts.slice(0, n - 3).join(':');
    variant = parts[n - 3] as LDiversityVariant;
    l = numberPart(parts[n - 2] as string, flag, text, 'l');
    c = numberPart(parts[n - 1] as string, flag, text, 'c');
  } else if (n >= 3 && isVariant(parts[n - 2])) {
    column = parts.slice(0, n - 2).join(':');
    variant = parts[n - 2] as LDiversityVariant;
    l = numberPart(parts[n - 1] as string, flag, text, 'l');
  } else {
    throw flagError(
      flag,
      text,
      `must be <column>:<variant>:<l>[:<c>] with variant distinct, entropy or recursive`,
    );
  }
  if (column === '') throw flagError(flag, text, 'names no column');
  const spec: Record<string, unknown> = { model: 'l-diversity', column, variant, l };
  if (c !== undefined) spec.c = c;
  return checkFlagSpec(spec, flag, text);
}

/**
 * Parses the CLI value of `--t-closeness`: `<col>:<t>[:<distance>]`, split from the right so that
 * the column name may contain ':' (a last part that is a distance name is the distance).
 *
 * @throws DatanonymeError `BAD_PARAMETER` with field `--t-closeness` when the text does not have
 *   that form, or naming `t` when it is not a number in [0, 1].
 * @example
 * parseTClosenessFlag('salary:0.2:ordered') // => { model: 't-closeness', column: 'salary', t: 0.2, distance: 'ordered' }
 */
export function parseTClosenessFlag(text: string): SensitiveModelSpec {
  const flag = '--t-closeness';
  const parts = text.split(':');
  const n = parts.length;
  let distance: TClosenessDistance | undefined;
  let tAt = n - 1;
  if (n >= 3 && DISTANCES.includes(parts[n - 1] as TClosenessDistance)) {
    distance = parts[n - 1] as TClosenessDistance;
    tAt = n - 2;
  } else if (n >= 3 && /^[A-Za-z]+$/.test(parts[n - 1] ?? '') && isNumber(parts[n - 2])) {
    // `salary:0.2:foo`: a word after a number can only be a misspelt distance.
    throw flagError(
      flag,
      text,
      `distance must be one of ${DISTANCES.join(', ')}, got "${parts[n - 1] ?? ''}"`,
    );
  }
  if (n < 2) throw flagError(flag, text, 'must be <column>:<t>[:<distance>]');
  const column = parts.slice(0, tAt).join(':');
  if (column === '') throw flagError(flag, text, 'names no column');
  const t = numberPart(parts[tAt] as string, flag, text, 't');
  const spec: Record<string, unknown> = { model: 't-closeness', column, t };
  if (distance !== undefined) spec.distance = distance;
  return checkFlagSpec(spec, flag, text);
}

/**
 * Builds the privacy models of a release: k-anonymity with `k` and one predicate per spec, each
 * reading its column among `columns`.
 *
 * @param k - the minimum class size, an integer ≥ 1.
 * @param specs - the sensitive models (checked again here).
 * @param columns - the encoded sensitive columns.
 * @throws DatanonymeError `BAD_PARAMETER` for a bad k, l, c or t; `BAD_CONFIG` naming the column
 *   (field `models[i].column`) when a spec names a column not in `columns`, or when a t-closeness
 *   distance cannot be used on its column (hierarchical without a hierarchy, a value missing from
 *   the hierarchy).
 * @example
 * compileModels(5, [parseTClosenessFlag('salary:0.2')], [salary]).sensitive[0].name // => '0.2-closeness on "salary"'
 */
export function compileModels(
  k: number,
  specs: readonly SensitiveModelSpec[],
  columns: readonly SensitiveColumn[],
): PrivacyModels {
  assertK(k);
  const checked = checkSensitiveModelSpecs(specs);
  const sensitive: SensitivePredicate[] = checked.map((spec, i) => {
    const column = columns.find((c) => c.name === spec.column);
    if (column === undefined) {
      const known = columns.map((c) => `"${c.name}"`).join(', ') || 'none';
      throw new DatanonymeError(
        'BAD_CONFIG',
        `models[${i}].column: "${spec.column}" is not a sensitive column (sensitive columns: ${known})`,
        { field: `models[${i}].column`, column: spec.column, value: spec.column },
      );
    }
    if (spec.model === 't-closeness') return tCloseness(column, spec.t, spec.distance);
    if (spec.variant === 'distinct') return distinctLDiversity(spec.column, spec.l);
    if (spec.variant === 'entropy') return entropyLDiversity(spec.column, spec.l);
    return recursiveCLDiversity(spec.column, spec.c as number, spec.l);
  });
  return { k, sensitive };
}

/** True when the text is a finite number. */
function isNumber(part: string | undefined): boolean {
  return part !== undefined && part.trim() !== '' && Number.isFinite(Number(part));
}

/** Checks a spec parsed from a flag; errors name the parameter (`l`) and quote the flag. */
function checkFlagSpec(spec: unknown, flag: string, text: string): SensitiveModelSpec {
  try {
    return checkSpec(spec, '');
  } catch (error) {
    if (!(error instanceof DatanonymeError)) throw error;
    throw new DatanonymeError('BAD_PARAMETER', `${flag} ${text}: ${error.message}`, {
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.value === undefined ? {} : { value: error.value }),
    });
  }
}

function numberPart(part: string, flag: string, text: string, name: string): number {
  const trimmed = part.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${flag} ${text}: ${name} must be a number, got "${part}"`,
      { field: name, value: part },
    );
  }
  return value;
}

function flagError(flag: string, text: string, message: string): DatanonymeError {
  return new DatanonymeError('BAD_PARAMETER', `${flag} ${text}: ${message}`, {
    field: flag,
    value: text,
  });
}

function configError(field: string, message: string, value: unknown): DatanonymeError {
  return new DatanonymeError('BAD_CONFIG', `${field}: ${message}`, {
    field,
    ...(value === undefined ? {} : { value: plain(value) }),
  });
}

function shown(v: unknown): string {
  return typeof v === 'string' ? `"${v}"` : v === undefined ? 'nothing' : plain(v);
}

/** A config value as text: strings as they are, objects and arrays as JSON. */
function plain(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && v !== null) return JSON.stringify(v);
  return String(v);
}
