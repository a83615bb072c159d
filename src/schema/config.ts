/**
 * The JSON config file: roles, types and hierarchies per attribute, the privacy model and the
 * method's options. `validateConfig` checks a parsed JSON value field by field and names the
 * offending field in every error (`attributes.age.hierarchy.width: must be a positive number`).
 */
import { DatanonymeError } from '../errors.js';
import type { ColumnType, Role } from '../types.js';

/** A hierarchy given in the config: a file path (ARX CSV format) or a builder. */
export type HierarchyConfig =
  | string
  | { type: 'intervals'; width: number; fanout?: number[]; origin?: number }
  | { type: 'masking'; maskChar?: string }
  | { type: 'dates'; levels?: ('month' | 'year' | 'decade')[] }
  | { type: 'tree'; tree: Record<string, unknown> }
  | { type: 'flat' };

/** What the config says about one column. */
export interface AttributeConfig {
  role?: Role;
  type?: ColumnType;
  hierarchy?: HierarchyConfig;
}

/** The whole config file. Every field is optional; command-line flags override it. */
export interface Config {
  input?: { delimiter?: string; decimal?: '.' | ',' | 'auto'; missing?: string[] };
  output?: {
    delimiter?: string;
    decimal?: '.' | ',';
    bom?: boolean;
    guardFormulas?: boolean;
    dropSuppressed?: boolean;
  };
  /** A folder of ARX-named hierarchy files (`*hierarchy_<column>.csv`). */
  hierarchies?: string;
  attributes?: Record<string, AttributeConfig>;
  privacy?: {
    k?: number;
    suppressionLimit?: number;
    /** l-diversity on sensitive columns (Machanavajjhala et al. 2007). */
    lDiversity?: LDiversityConfig[];
    /** t-closeness on sensitive columns (Li, Li and Venkatasubramanian 2007). */
    tCloseness?: TClosenessConfig[];
  };
  method?: MethodConfig;
}

/** One l-diversity requirement: `{ "column": "disease", "variant": "entropy", "l": 2 }`. */
export interface LDiversityConfig {
  column: string;
  variant: 'distinct' | 'entropy' | 'recursive';
  l: number;
  /** The c of recursive (c,l)-diversity. */
  c?: number;
}

/** One t-closeness requirement: `{ "column": "salary", "t": 0.2 }`. */
export interface TClosenessConfig {
  column: string;
  t: number;
  distance?: 'equal' | 'ordered' | 'hierarchical';
}

/** The names a method may be given by, in the config and on the command line. */
export const METHOD_NAMES = [
  'optimal',
  'optimal-generalisation',
  'mondrian',
  'mdav',
  'microaggregation',
  'local-suppression',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** The method and its options. Options that do not apply to the chosen method are errors. */
export interface MethodConfig {
  name?: MethodName;
  /** Optimal generalisation: the information-loss metric to minimise. */
  metric?: string;
  /** Mondrian: strict (no value split across partitions) or relaxed. */
  variant?: 'strict' | 'relaxed';
  /** Microaggregation: the group value. */
  aggregate?: 'mean' | 'median';
  /** Local suppression: quasi-identifiers from most to least important (suppressed last to first). */
  importance?: string[];
  /** Local suppression: the generalisation level of each quasi-identifier to start from. */
  levels?: Record<string, number>;
}

export const ROLES: readonly Role[] = [
  'identifier',
  'quasi-identifier',
  'sensitive',
  'insensitive',
];
export const COLUMN_TYPES: readonly ColumnType[] = ['categorical', 'integer', 'decimal', 'date'];
const DELIMITERS = [',', ';', '\t', '|'];

type Json = Record<string, unknown>;

/**
 * Validates a parsed JSON config and returns it typed. Unknown fields are errors, so a typo
 * (`"supression"`) is caught rather than ignored.
 *
 * @param value the parsed JSON
 * @param file the config file's name, for messages
 * @throws DatanonymeError `BAD_CONFIG` naming the field (`attributes.age.role: must be one of …`).
 * @example
 * validateConfig({ privacy: { k: 5 } }, 'config.json').privacy?.k // => 5
 */
export function validateConfig(value: unknown, file = 'config'): Config {
  const v = new Validator(file);
  const root = v.object(value, '');
  v.keys(root, '', [
    'input',
    'output',
    'hierarchies',
    'attributes',
    'privacy',
    'method',
    '$schema',
    'description',
  ]);
  const config: Config = {};
  if (root.input !== undefined) {
    const input = v.object(root.input, 'input');
    v.keys(input, 'input', ['delimiter', 'decimal', 'missing']);
    config.input = {};
    if (input.delimiter !== undefined)
      config.input.delimiter = v.oneOf(input.delimiter, 'input.delimiter', DELIMITERS);
    if (input.decimal !== undefined)
      config.input.decimal = v.oneOf(input.decimal, 'input.decimal', ['.', ',', 'auto'] as const);
    if (input.missing !== undefined)
      config.input.missing = v.strings(input.missing, 'input.missing');
  }
  if (root.output !== undefined) {
    const output = v.object(root.output, 'output');
    v.keys(output, 'output', ['delimiter', 'decimal', 'bom', 'guardFormulas', 'dropSuppressed']);
    config.output = {};
    if (output.delimiter !== undefined)
      config.output.delimiter = v.oneOf(output.delimiter, 'output.delimiter', DELIMITERS);
    if (output.decimal !== undefined)
      config.output.decimal = v.oneOf(output.decimal, 'output.decimal', ['.', ','] as const);
    for (const flag of ['bom', 'guardFormulas', 'dropSuppressed'] as const) {
      if (output[flag] !== undefined)
        config.output[flag] = v.boolean(output[flag], `output.${flag}`);
    }
  }
  if (root.hierarchies !== undefined)
    config.hierarchies = v.string(root.hierarchies, 'hierarchies');
  if (root.attributes !== undefined) {
    const attributes = v.object(root.attributes, 'attributes');
    config.attributes = {};
    for (const [name, raw] of Object.entries(attributes)) {
      const path = `attributes.${name}`;
      const a = v.object(raw, path);
      v.keys(a, path, ['role', 'type', 'hierarchy']);
      const attribute: AttributeConfig = {};
      if (a.role !== undefined) attribute.role = v.oneOf(a.role, `${path}.role`, ROLES);
      if (a.type !== undefined) attribute.type = v.oneOf(a.type, `${path}.type`, COLUMN_TYPES);
      if (a.hierarchy !== undefined)
        attribute.hierarchy = v.hierarchy(a.hierarchy, `${path}.hierarchy`);
      config.attributes[name.normalize('NFC')] = attribute;
    }
  }
  if (root.privacy !== undefined) {
    const privacy = v.object(root.privacy, 'privacy');
    v.keys(privacy, 'privacy', ['k', 'suppressionLimit', 'lDiversity', 'tCloseness']);
    config.privacy = {};
    if (privacy.lDiversity !== undefined) {
      config.privacy.lDiversity = v
        .array(privacy.lDiversity, 'privacy.lDiversity')
        .map((raw, i) => {
          const path = `privacy.lDiversity[${i}]`;
          const o = v.object(raw, path);
          v.keys(o, path, ['column', 'variant', 'l', 'c']);
          const out: LDiversityConfig = {
            column: v.string(o.column, `${path}.column`).normalize('NFC'),
            variant: v.oneOf(o.variant ?? 'distinct', `${path}.variant`, [
              'distinct',
              'entropy',
              'recursive',
            ] as const),
            l: v.number(o.l, `${path}.l`),
          };
          if (o.c !== undefined) out.c = v.number(o.c, `${path}.c`);
          return out;
        });
    }
    if (privacy.tCloseness !== undefined) {
      config.privacy.tCloseness = v
        .array(privacy.tCloseness, 'privacy.tCloseness')
        .map((raw, i) => {
          const path = `privacy.tCloseness[${i}]`;
          const o = v.object(raw, path);
          v.keys(o, path, ['column', 't', 'distance']);
          const out: TClosenessConfig = {
            column: v.string(o.column, `${path}.column`).normalize('NFC'),
            t: v.number(o.t, `${path}.t`),
          };
          if (o.distance !== undefined) {
            out.distance = v.oneOf(o.distance, `${path}.distance`, [
              'equal',
              'ordered',
              'hierarchical',
            ] as const);
          }
          return out;
        });
    }
    if (privacy.k !== undefined) config.privacy.k = v.number(privacy.k, 'privacy.k');
    if (privacy.suppressionLimit !== undefined) {
      config.privacy.suppressionLimit = v.number(
        privacy.suppressionLimit,
        'privacy.suppressionLimit',
      );
    }
  }
  if (root.method !== undefined) {
    const method = v.object(root.method, 'method');
    v.keys(method, 'method', ['name', 'metric', 'variant', 'aggregate', 'importance', 'levels']);
    config.method = {};
    if (method.name !== undefined) {
      config.method.name = v.oneOf(method.name, 'method.name', METHOD_NAMES);
    }
    if (method.metric !== undefined)
      config.method.metric = v.string(method.metric, 'method.metric');
    if (method.variant !== undefined) {
      config.method.variant = v.oneOf(method.variant, 'method.variant', [
        'strict',
        'relaxed',
      ] as const);
    }
    if (method.aggregate !== undefined) {
      config.method.aggregate = v.oneOf(method.aggregate, 'method.aggregate', [
        'mean',
        'median',
      ] as const);
    }
    if (method.importance !== undefined) {
      config.method.importance = v
        .strings(method.importance, 'method.importance')
        .map((name) => name.normalize('NFC'));
    }
    if (method.levels !== undefined) {
      const levels = v.object(method.levels, 'method.levels');
      config.method.levels = {};
      for (const [name, level] of Object.entries(levels)) {
        const value = v.number(level, `method.levels.${name}`);
        if (!Number.isInteger(value) || value < 0) {
          v.fail(`method.levels.${name}`, 'must be an integer ≥ 0', level);
        }
        config.method.levels[name.normalize('NFC')] = value;
      }
    }
  }
  return config;
}

/** Field-by-field checks that throw `BAD_CONFIG` naming the field. */
class Validator {
  constructor(private readonly file: string) {}

  fail(field: string, message: string, value?: unknown): never {
    const location: { file: string; field: string; value?: string } = { file: this.file, field };
    if (value !== undefined) location.value = JSON.stringify(value);
    const where = field === '' ? '(top level)' : field;
    throw new DatanonymeError('BAD_CONFIG', `${this.file}: ${where}: ${message}`, location);
  }

  object(value: unknown, field: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(field, 'must be an object', value);
    }
    return value as Json;
  }

  keys(value: Json, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) {
        const path = field === '' ? key : `${field}.${key}`;
        this.fail(
          path,
          `unknown field (expected one of: ${allowed.filter((a) => !a.startsWith('$')).join(', ')})`,
        );
      }
    }
  }

  string(value: unknown, field: string): string {
    if (typeof value !== 'string' || value === '')
      this.fail(field, 'must be a non-empty string', value);
    return value;
  }

  array(value: unknown, field: string): unknown[] {
    if (!Array.isArray(value)) this.fail(field, 'must be an array', value);
    return value;
  }

  strings(value: unknown, field: string): string[] {
    if (!Array.isArray(value) || !value.every((x) => typeof x === 'string')) {
      this.fail(field, 'must be an array of strings', value);
    }
    return value;
  }

  number(value: unknown, field: string): number {
    if (typeof value !== 'number' || !Number.isFinite(value))
      this.fail(field, 'must be a finite number', value);
    return value;
  }

  boolean(value: unknown, field: string): boolean {
    if (typeof value !== 'boolean') this.fail(field, 'must be true or false', value);
    return value;
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
    }
    return value as T;
  }

  hierarchy(value: unknown, field: string): HierarchyConfig {
    if (typeof value === 'string') return this.string(value, field);
    const h = this.object(value, field);
    // `mask` (the command-line builder's name) is accepted for `masking`.
    const named = h.type === 'mask' ? 'masking' : h.type;
    const type = this.oneOf(named, `${field}.type`, [
      'intervals',
      'masking',
      'dates',
      'tree',
      'flat',
    ] as const);
    switch (type) {
      case 'intervals': {
        this.keys(h, field, ['type', 'width', 'fanout', 'origin']);
        const width = this.number(h.width, `${field}.width`);
        if (width <= 0) this.fail(`${field}.width`, 'must be a positive number', width);
        const out: HierarchyConfig = { type, width };
        if (h.fanout !== undefined) {
          if (
            !Array.isArray(h.fanout) ||
            !h.fanout.every((f) => Number.isInteger(f) && (f as number) >= 2)
          ) {
            this.fail(`${field}.fanout`, 'must be an array of integers ≥ 2', h.fanout);
          }
          out.fanout = h.fanout as number[];
        }
        if (h.origin !== undefined) out.origin = this.number(h.origin, `${field}.origin`);
        return out;
      }
      case 'masking': {
        this.keys(h, field, ['type', 'maskChar']);
        const out: HierarchyConfig = { type: 'masking' };
        if (h.maskChar !== undefined) out.maskChar = this.string(h.maskChar, `${field}.maskChar`);
        return out;
      }
      case 'dates': {
        this.keys(h, field, ['type', 'levels']);
        const out: HierarchyConfig = { type };
        if (h.levels !== undefined) {
          const levels = this.strings(h.levels, `${field}.levels`);
          out.levels = levels.map((l, i) =>
            this.oneOf(l, `${field}.levels[${i}]`, ['month', 'year', 'decade'] as const),
          );
        }
        return out;
      }
      case 'tree':
        this.keys(h, field, ['type', 'tree']);
        return { type, tree: this.object(h.tree, `${field}.tree`) };
      case 'flat':
        this.keys(h, field, ['type']);
        return { type };
    }
  }
}
