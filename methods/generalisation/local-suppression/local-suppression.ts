/**
 * Local suppression: from a chosen generalisation (a hierarchy level per quasi-identifier), replace
 * individual quasi-identifier cells by a token (`*`) until every class of the release has at least
 * k records (and satisfies the sensitive models), suppressing few cells and keeping the more
 * important columns. Finding the fewest cells is NP-hard (Meyerson and Williams, "On the
 * complexity of optimal k-anonymity", PODS 2004); the heuristic is in `heuristic.ts`, in the spirit
 * of sdcMicro's `localSuppression` (Templ, Kowarik and Meindl, "Statistical disclosure control for
 * micro-data using the R package sdcMicro", JSS 67(4), 2015). The method card is `README.md`.
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError, shownValue } from '../../../src/errors.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import { cellText } from '../../../src/hierarchy/validate.js';
import {
  prosecutorRisk,
  type ReidentificationRisk,
} from '../../../src/metrics/risk/reidentification.js';
import type { ModelSummary } from '../../../src/privacy/histogram.js';
import type { SensitiveModelSpec } from '../../../src/privacy/spec.js';
import type { ColumnSpec, Dataset, Method, Release } from '../../../src/types.js';
import {
  checkK,
  checkSuppressionLimit,
  encodeDataset,
  maxSuppressedRows,
  type QuasiIdentifierSpec,
} from '../options.js';
import {
  suppressByPatterns,
  suppressedCellCount,
  suppressNaively,
  type SuppressionInput,
} from './heuristic.js';
import { checkModelsOption, modelEvaluatorOf } from './models.js';
import { suppressionPatterns } from './patterns.js';
import { quasiIdentifierSpecs } from '../options.js';

/** Options of {@link localSuppression}. */
export interface LocalSuppressionOptions {
  /** The k of k-anonymity: every class of the release has at least k records. An integer ≥ 1. */
  k: number;
  /**
   * The hierarchy level of each quasi-identifier before suppression (an integer from 0 to its
   * height − 1). A quasi-identifier without a hierarchy can only stay at level 0.
   * @defaultValue 0 for every quasi-identifier (the original values)
   */
  levels?: Record<string, number>;
  /**
   * Quasi-identifiers from the most important (its cells are suppressed last) to the least; those
   * not listed follow, in column order.
   * @defaultValue column order (the first quasi-identifier is the most important)
   */
  importance?: string[];
  /** What suppressed cells read. @defaultValue '*' */
  suppressionToken?: string;
  /**
   * Fraction of rows, in [0, 1], that may have every quasi-identifier suppressed; more is
   * `IMPOSSIBLE`. @defaultValue 1 (no limit)
   */
  suppressionLimit?: number;
  /** Sensitive models every class must also satisfy (l-diversity, t-closeness). @defaultValue [] */
  models?: SensitiveModelSpec[];
  /** The 1-based file line of data row `row`, for coverage messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for coverage messages. */
  file?: string;
}

/** What `release.details` holds for this method. */
export interface LocalSuppressionDetails {
  /** The level of each quasi-identifier. */
  levels: Record<string, number>;
  /** Cells replaced by the token, per quasi-identifier. */
  suppressedCells: Record<string, number>;
  /** Cells the naive baseline would suppress (every QI of every record of a class that is too small). */
  baselineSuppressedCells: number;
  /** `heuristic`, or `baseline` in the rare case it suppressed fewer cells (then it is used). */
  strategy: 'heuristic' | 'baseline';
  /** Number of classes of the release (the all-token class included). */
  classes: number;
  /** The k reached: size of the smallest class. */
  minClassSize: number;
  /** Suppression patterns tried. */
  patterns: number;
  /** Prosecutor risk of the released records, from the class sizes. */
  risk: ReidentificationRisk;
  /** With sensitive models: the l and t reached over the classes. */
  models?: ModelSummary;
}

/**
 * Generalises every quasi-identifier to its level in `levels`, then suppresses individual cells so
 * that the release is k-anonymous (and satisfies `models`), the token counting as an ordinary value.
 *
 * Quasi-identifier cells of the release are strings: the hierarchy label at the level (the value as
 * text at level 0; a missing cell as ''), or the token. A quasi-identifier's type becomes
 * `categorical` when its level is above 0 or one of its cells is suppressed. Identifier columns are
 * removed, others unchanged, row order preserved, no row removed.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for a bad k, token, suppression limit, level or importance
 *   list, `BAD_CONFIG` for a bad model spec (all before the data is read); `BAD_CONFIG` for no
 *   quasi-identifier, a level above 0 without a hierarchy, or a value missing from a hierarchy;
 *   `IMPOSSIBLE` when k exceeds the rows, when the models cannot be satisfied even with every cell
 *   suppressed, or when more rows than the limit would be fully suppressed.
 * @example
 * localSuppression(adult, { k: 5 }).accounting.suppressedCells // => cells replaced by '*'
 */
export function localSuppression(data: Dataset, options: LocalSuppressionOptions): Release {
  const k = checkK(options.k);
  const token = options.suppressionToken ?? '*';
  if (typeof token !== 'string') {
    throw new DatanonymeError('BAD_PARAMETER', 'suppressionToken must be a string', {
      field: 'suppressionToken',
    });
  }
  const limit =
    options.suppressionLimit === undefined ? 1 : checkSuppressionLimit(options.suppressionLimit);
  const modelSpecs = checkModelsOption(options.models);
  const specs = quasiIdentifiers(data);
  const levels = checkLevels(options.levels, specs);
  const position = checkImportance(options.importance, specs);
  const n = data.table.numRows();
  if (k > n) {
    throw new DatanonymeError('IMPOSSIBLE', `k = ${k} exceeds the number of records (${n})`, {
      field: 'k',
      value: String(k),
    });
  }
  const withHierarchies = specs.map((spec) =>
    spec.hierarchy === undefined ? { ...spec, hierarchy: flatHierarchy(data, spec) } : spec,
  ) as QuasiIdentifierSpec[];
  const view = encodeDataset(data, withHierarchies, options);
  const evaluator = modelEvaluatorOf(data, k, modelSpecs);

  // Codes at the chosen levels; the token's code is a level label equal to it, else a new code.
  const m = specs.length;
  const codes: Int32Array[] = [];
  const labels: (readonly string[])[] = [];
  const star = new Int32Array(m);
  const cardinality = new Int32Array(m);
  view.quasiIdentifiers.forEach((qi, j) => {
    const level = qi.levels[levels[j] as number];
    if (level === undefined) throw new RangeError(`no level ${levels[j]} for "${qi.name}"`);
    const tupleCodes = view.tupleCodes[j] as Int32Array;
    const column = new Int32Array(n);
    for (let r = 0; r < n; r++) {
      column[r] = level.lut[tupleCodes[view.tupleOfRow[r] as number] as number] as number;
    }
    codes.push(column);
    const at = level.labels.indexOf(token);
    star[j] = at >= 0 ? at : level.cardinality;
    cardinality[j] = at >= 0 ? level.cardinality : level.cardinality + 1;
    labels.push(at >= 0 ? level.labels : [...level.labels, token]);
  });
  const input: SuppressionInput = {
    rows: n,
    codes,
    star,
    cardinality,
    k,
    patterns: suppressionPatterns(position),
    ...(evaluator === undefined
      ? {}
      : {
          valid: (rows: Int32Array, from: number, to: number) =>
            evaluator.isValidRows(rows, from, to),
        }),
  };
  const heuristic = suppressByPatterns(input);
  const baseline = suppressNaively(input);
  if (heuristic === null || baseline === null) {
    throw new DatanonymeError(
      'IMPOSSIBLE',
      `no local suppression satisfies the privacy models: even the whole table as one class fails ${evaluator?.models.sensitive.map((p) => p.name).join(' and ') ?? `${k}-anonymity`}`,
      { field: 'models' },
    );
  }
  const heuristicCells = suppressedCellCount(input, heuristic);
  const baselineCells = suppressedCellCount(input, baseline);
  const maxRows = maxSuppressedRows(limit, n);
  const heuristicRows = fullySuppressedRows(input, heuristic);
  const baselineRows = fullySuppressedRows(input, baseline);
  const useBaseline =
    baselineRows <= maxRows && (heuristicRows > maxRows || baselineCells < heuristicCells);
  const out = useBaseline ? baseline : heuristic;
  const suppressedRows = useBaseline ? baselineRows : heuristicRows;
  if (suppressedRows > maxRows) {
    throw new DatanonymeError(
      'IMPOSSIBLE',
      `local suppression would suppress every quasi-identifier of ${suppressedRows} records, more than the limit of ${maxRows} (suppressionLimit ${limit}); generalise further (levels) or raise the limit`,
      { field: 'suppressionLimit', value: String(limit) },
    );
  }

  // Per-column counts, classes and the table.
  const perColumn: Record<string, number> = {};
  specs.forEach((spec, j) => {
    const o = out[j] as Int32Array;
    const c = codes[j] as Int32Array;
    const s = star[j] as number;
    let count = 0;
    for (let r = 0; r < n; r++) if (o[r] === s && c[r] !== s) count++;
    perColumn[spec.name] = count;
  });
  const { classOf, sizes } = classesOf(out, n);
  const qiIndex = new Map(specs.map((spec, j) => [spec.name, j]));
  const specOf = new Map(data.columns.map((spec) => [spec.name, spec]));
  const names: string[] = [];
  const columns: Record<string, ArrayLike<unknown>> = {};
  for (const name of data.table.columnNames()) {
    if (specOf.get(name)?.role === 'identifier') continue;
    names.push(name);
    const j = qiIndex.get(name);
    if (j === undefined) {
      columns[name] = data.table.array(name);
      continue;
    }
    const o = out[j] as Int32Array;
    const l = labels[j] as readonly string[];
    columns[name] = Array.from(o, (code) => l[code] as string);
  }
  const releaseColumns = data.columns
    .filter((spec) => spec.role !== 'identifier')
    .map((spec): ColumnSpec => {
      const j = qiIndex.get(spec.name);
      if (j === undefined) return { ...spec };
      const changed = (levels[j] as number) > 0 || (perColumn[spec.name] as number) > 0;
      return changed ? { ...spec, type: 'categorical' } : { ...spec };
    });
  const details: LocalSuppressionDetails = {
    levels: Object.fromEntries(specs.map((spec, j) => [spec.name, levels[j] as number])),
    suppressedCells: perColumn,
    baselineSuppressedCells: baselineCells,
    strategy: useBaseline ? 'baseline' : 'heuristic',
    classes: sizes.length,
    minClassSize: sizes.reduce((a, b) => Math.min(a, b), sizes[0] ?? 0),
    patterns: input.patterns.length,
    risk: prosecutorRisk(sizes),
  };
  if (evaluator !== undefined) details.models = evaluator.summarise(classOf, sizes.length);
  return {
    method: 'local-suppression',
    parameters: {
      k,
      levels: details.levels,
      importance: specs
        .map((spec, j) => ({ name: spec.name, p: position[j] as number }))
        .sort((a, b) => a.p - b.p)
        .map((x) => x.name),
      suppressionToken: token,
      suppressionLimit: limit,
      models: modelSpecs,
      quasiIdentifiers: specs.map((spec) => spec.name),
    },
    table: arqueroTable(columns, names),
    columns: releaseColumns,
    accounting: {
      rowsIn: n,
      rowsOut: n,
      suppressedRows,
      suppressedCells: useBaseline ? baselineCells : heuristicCells,
    },
    details: { ...details },
    seeded: false,
  };
}

/**
 * {@link localSuppression} as a {@link Method}, for the benchmark loop and the CLI.
 *
 * @example
 * const release = await localSuppressionMethod.run(data, { k: 5 });
 */
export const localSuppressionMethod: Method<LocalSuppressionOptions> = {
  name: 'local-suppression',
  family: 'generalisation',
  run: (data, options) => Promise.resolve(localSuppression(data, options)),
};

/** The quasi-identifiers in column order (hierarchies optional here). */
function quasiIdentifiers(data: Dataset): ColumnSpec[] {
  return quasiIdentifierSpecs(data, 'local suppression');
}

/** The level of each quasi-identifier (column order), checked against its hierarchy. */
function checkLevels(levels: unknown, specs: readonly ColumnSpec[]): number[] {
  if (levels === undefined) return specs.map(() => 0);
  if (typeof levels !== 'object' || levels === null || Array.isArray(levels)) {
    throw new DatanonymeError('BAD_PARAMETER', 'levels must be an object { column: level }', {
      field: 'levels',
    });
  }
  const given = levels as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!specs.some((spec) => spec.name === name)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `levels.${name}: "${name}" is not a quasi-identifier`,
        { field: `levels.${name}`, column: name },
      );
    }
  }
  return specs.map((spec) => {
    const value = given[spec.name];
    if (value === undefined) return 0;
    const height = spec.hierarchy?.height ?? 1;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= height) {
      const why =
        spec.hierarchy === undefined
          ? `"${spec.name}" has no hierarchy, so only level 0 exists`
          : `its hierarchy has levels 0 to ${height - 1}`;
      throw new DatanonymeError(
        spec.hierarchy === undefined && value !== 0 ? 'BAD_CONFIG' : 'BAD_PARAMETER',
        `levels.${spec.name} must be an integer level, got ${shownValue(value)}: ${why}`,
        { field: `levels.${spec.name}`, column: spec.name, value: shownValue(value) },
      );
    }
    return value;
  });
}

/** The importance position of each quasi-identifier (0 = most important). */
function checkImportance(importance: unknown, specs: readonly ColumnSpec[]): number[] {
  const position = new Array<number>(specs.length).fill(-1);
  let next = 0;
  if (importance !== undefined) {
    if (!Array.isArray(importance)) {
      throw new DatanonymeError('BAD_PARAMETER', 'importance must be a list of quasi-identifiers', {
        field: 'importance',
      });
    }
    for (const name of importance as unknown[]) {
      const j = specs.findIndex((spec) => spec.name === name);
      if (j < 0) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `importance: ${shownValue(name)} is not a quasi-identifier`,
          { field: 'importance', value: shownValue(name) },
        );
      }
      if (position[j] !== -1) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `importance: ${shownValue(name)} is listed twice`,
          {
            field: 'importance',
            value: shownValue(name),
          },
        );
      }
      position[j] = next++;
    }
  }
  for (let j = 0; j < specs.length; j++) if (position[j] === -1) position[j] = next++;
  return position;
}

/** A one-level hierarchy of the column's values (level 0 only), for a QI given without one. */
function flatHierarchy(data: Dataset, spec: ColumnSpec): Hierarchy {
  const values = new Set<string>();
  const cells = data.table.array(spec.name) as ArrayLike<unknown>;
  for (let r = 0; r < cells.length; r++) values.add(cellText(cells[r]).normalize('NFC'));
  return new Hierarchy(
    [...values].map((v) => [v]),
    { attribute: spec.name },
  );
}

/** Rows whose every quasi-identifier reads the token and at least one cell was suppressed. */
function fullySuppressedRows(input: SuppressionInput, out: readonly Int32Array[]): number {
  let rows = 0;
  for (let r = 0; r < input.rows; r++) {
    let all = true;
    let any = false;
    for (let j = 0; j < out.length && all; j++) {
      const s = input.star[j] as number;
      all = (out[j] as Int32Array)[r] === s;
      if ((input.codes[j] as Int32Array)[r] !== s) any = true;
    }
    if (all && any) rows++;
  }
  return rows;
}

/** The classes of the output tuples: class of each row and class sizes. */
function classesOf(
  out: readonly Int32Array[],
  n: number,
): { classOf: Int32Array; sizes: number[] } {
  const index = new Map<string, number>();
  const classOf = new Int32Array(n);
  const sizes: number[] = [];
  for (let r = 0; r < n; r++) {
    let key = '';
    for (const column of out) key += `${column[r] as number},`;
    let c = index.get(key);
    if (c === undefined) {
      c = sizes.length;
      index.set(key, c);
      sizes.push(0);
    }
    classOf[r] = c;
    sizes[c] = (sizes[c] as number) + 1;
  }
  return { classOf, sizes };
}
