/**
 * The method `anonymise` runs, chosen by `--method` or the config's `method.name`, its own options
 * checked before any data is read, and the call that runs it. Options of another method are
 * errors on the command line (they would be silently ignored otherwise).
 */
import { localSuppression } from '../../methods/generalisation/local-suppression/local-suppression.js';
import { mondrian } from '../../methods/generalisation/mondrian/mondrian.js';
import {
  optimalGeneralisation,
  type LossMetricName,
} from '../../methods/generalisation/optimal.js';
import { mdav } from '../../methods/perturbation/microaggregation/mdav.js';
import { DatanonymeError } from '../errors.js';
import { LOSS_METRIC_NAMES } from '../metrics/loss/index.js';
import type { SensitiveModelSpec } from '../privacy/spec.js';
import type { Config, MethodName } from '../schema/config.js';
import type { Dataset, Release } from '../types.js';
import { parseList } from './settings.js';

/** The methods of `anonymise`, by their command-line names. */
export type AnonymiseMethod = 'optimal' | 'mondrian' | 'mdav' | 'local-suppression';

/** The method and the options that belong to it. */
export interface MethodChoice {
  name: AnonymiseMethod;
  metric: LossMetricName;
  variant: 'strict' | 'relaxed';
  aggregate: 'mean' | 'median';
  importance?: string[];
  levels?: Record<string, number>;
}

/** The flags this module reads. */
export interface MethodFlags {
  method?: string;
  metric?: string;
  variant?: string;
  aggregate?: string;
  importance?: string;
  levels?: string;
  suppressionLimit?: string;
  dropSuppressed?: boolean;
}

const ALIASES: Record<MethodName, AnonymiseMethod> = {
  optimal: 'optimal',
  'optimal-generalisation': 'optimal',
  mondrian: 'mondrian',
  mdav: 'mdav',
  microaggregation: 'mdav',
  'local-suppression': 'local-suppression',
};

/** The method's name in releases and reports. */
export const RELEASE_NAMES: Record<AnonymiseMethod, string> = {
  optimal: 'optimal-generalisation',
  mondrian: 'mondrian',
  mdav: 'mdav',
  'local-suppression': 'local-suppression',
};

/** Which flag belongs to which methods. */
const OWNERS: Record<string, { flag: string; methods: AnonymiseMethod[] }> = {
  metric: { flag: '--metric', methods: ['optimal'] },
  variant: { flag: '--variant', methods: ['mondrian'] },
  aggregate: { flag: '--aggregate', methods: ['mdav'] },
  importance: { flag: '--importance', methods: ['local-suppression'] },
  levels: { flag: '--levels', methods: ['local-suppression'] },
  suppressionLimit: { flag: '--suppression-limit', methods: ['optimal', 'local-suppression'] },
  dropSuppressed: { flag: '--drop-suppressed', methods: ['optimal'] },
};

/**
 * The method and its options, from the flags over the config, checked before the data is read.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for an unknown method or option value, or a flag that
 *   belongs to another method.
 */
export function resolveMethod(flags: MethodFlags, config: Config): MethodChoice {
  const given = flags.method ?? config.method?.name ?? 'optimal';
  const name = (ALIASES as Record<string, AnonymiseMethod | undefined>)[given];
  if (name === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `unknown method "${given}": use optimal, mondrian, mdav or local-suppression`,
      { field: 'method', value: given },
    );
  }
  for (const [key, owner] of Object.entries(OWNERS)) {
    if (flags[key as keyof MethodFlags] !== undefined && !owner.methods.includes(name)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `${owner.flag} applies to --method ${owner.methods.join(' or ')}, not ${name}`,
        { field: owner.flag.slice(2) },
      );
    }
  }
  const method = config.method ?? {};
  const choice: MethodChoice = {
    name,
    metric: oneOf(flags.metric ?? method.metric ?? 'loss', 'metric', LOSS_METRIC_NAMES),
    variant: oneOf(flags.variant ?? method.variant ?? 'strict', 'variant', [
      'strict',
      'relaxed',
    ] as const),
    aggregate: oneOf(flags.aggregate ?? method.aggregate ?? 'mean', 'aggregate', [
      'mean',
      'median',
    ] as const),
  };
  const importance =
    flags.importance !== undefined ? parseList(flags.importance) : method.importance;
  if (importance !== undefined) choice.importance = importance;
  const levels = flags.levels !== undefined ? parseLevels(flags.levels) : method.levels;
  if (levels !== undefined) choice.levels = levels;
  return choice;
}

/**
 * Whether every quasi-identifier needs a hierarchy under the method: full-domain generalisation
 * yes; local suppression only for the columns it starts above level 0 (it says so itself);
 * Mondrian never (numbers and dates become ranges, a category without a hierarchy a flat one: the
 * value or `*`), though it uses one given for a category; microaggregation never.
 */
export function needsHierarchy(method: AnonymiseMethod): boolean {
  return method === 'optimal';
}

/** What every method receives besides its own options. */
export interface CommonOptions {
  k: number;
  models: SensitiveModelSpec[];
  suppressionLimit?: number;
  dropSuppressed: boolean;
  lineOf: (row: number) => number;
  file: string;
}

/** Runs the chosen method. */
export function runMethod(choice: MethodChoice, data: Dataset, common: CommonOptions): Release {
  const { k, models, lineOf, file } = common;
  switch (choice.name) {
    case 'optimal':
      return optimalGeneralisation(data, {
        k,
        models,
        metric: choice.metric,
        dropSuppressed: common.dropSuppressed,
        lineOf,
        file,
        ...(common.suppressionLimit === undefined
          ? {}
          : { suppressionLimit: common.suppressionLimit }),
      });
    case 'mondrian':
      return mondrian(data, { k, models, variant: choice.variant, lineOf, file });
    case 'mdav':
      return mdav(data, { k, models, aggregate: choice.aggregate, lineOf, file });
    case 'local-suppression':
      return localSuppression(data, {
        k,
        models,
        lineOf,
        file,
        ...(choice.levels === undefined ? {} : { levels: choice.levels }),
        ...(choice.importance === undefined ? {} : { importance: choice.importance }),
        ...(common.suppressionLimit === undefined
          ? {}
          : { suppressionLimit: common.suppressionLimit }),
      });
  }
}

function oneOf<T extends string>(value: string, field: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} must be one of ${allowed.join(', ')}, got "${value}"`,
      { field, value },
    );
  }
  return value as T;
}

/** `age=1,zip=2` → { age: 1, zip: 2 }. */
function parseLevels(text: string): Record<string, number> {
  const levels: Record<string, number> = {};
  for (const part of text.split(',')) {
    const eq = part.lastIndexOf('=');
    const name = part.slice(0, eq).trim().normalize('NFC');
    const level = Number(part.slice(eq + 1).trim());
    if (eq <= 0 || !Number.isInteger(level) || level < 0) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--levels expects <column>=<level ≥ 0>, comma-separated, got "${part}"`,
        { field: 'levels', value: part },
      );
    }
    levels[name] = level;
  }
  return levels;
}
