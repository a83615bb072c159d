/**
 * PRAM, the post-randomisation method: each chosen categorical cell is replaced by a category drawn
 * from the row of a transition matrix P for its current category (P[i][j] = P(published j | true
 * i)), independently across records. Every other column is kept as it is, row order too.
 *
 * The matrix of a column is given (`matrices`), or built from a retention probability p
 * (`retentionMatrix`: stay with p, else move to another category uniformly or in proportion to
 * the categories' frequencies). With `invariant`, the matrix is replaced by the invariant R = P·Q
 * for the observed counts (`invariantMatrix`), so that the expected count of every category after
 * PRAM is its observed count. With `strata`, each stratum (a value of that column) gets its own
 * matrix, built from its own categories and counts (a given matrix is shared, its invariant version
 * is computed per stratum): records never move to a category absent from their stratum.
 *
 * Missing cells (null, '', the column's missing tokens) are not a category: they stay missing, and
 * nothing becomes missing. Categories are compared as text (`String(value)`); a published category
 * takes the value of the first cell holding it (so numbers stay numbers).
 *
 * Cost: O(K²) per stratum to build a matrix (the invariant one of a retention matrix in closed form,
 * `invariantRetentionMatrix`; a given matrix made invariant is an O(K³) product), then O(log K) per
 * cell.
 *
 * Sampling: a 53-bit uniform integer from two 32-bit words of the random source, compared with the
 * row's cumulative probabilities scaled to 2^53 (each probability is realised to within 2^-53).
 *
 * Reference: J. M. Gouweleeuw, P. Kooiman, L. C. R. J. Willenborg and P.-P. de Wolf, "Post
 * randomisation for statistical disclosure control: theory and implementation", Journal of
 * Official Statistics 14(4), 463–478, 1998; sdcMicro's `pram()` (Templ, Kowarik and Meindl, JSS
 * 67(4), 2015). Method card: `README.md` beside this file.
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError, shownValue } from '../../../src/errors.js';
import { secureRandom, seededRandom, type RandomSource } from '../../../src/random/source.js';
import { encodeColumn } from '../../../src/table/encode.js';
import { cellText } from '../../../src/hierarchy/validate.js';
import type { Dataset, Method, Release } from '../../../src/types.js';
import {
  checkRetention,
  checkTransitionMatrix,
  expectedCounts,
  invariantMatrix,
  invariantRetentionMatrix,
  retentionMatrix,
  type MoveRule,
  type TransitionMatrix,
} from './matrix.js';

/** Options of {@link pram}. */
export interface PramOptions {
  /** The columns to randomise (each independently). */
  columns: string[];
  /**
   * The retention probability p of the columns without a given matrix, in [0, 1].
   * @defaultValue none: every column then needs a matrix
   */
  retention?: number;
  /** Where a record that does not keep its category goes. @defaultValue 'uniform' */
  move?: MoveRule;
  /** A given transition matrix per column; it must name every category of the column. @defaultValue {} */
  matrices?: Record<string, TransitionMatrix>;
  /** Invariant PRAM: expected counts after = observed counts (per stratum). @defaultValue false */
  invariant?: boolean;
  /** A column whose values are strata, each with its own matrix. @defaultValue none */
  strata?: string;
  /** A reproducible run (tests): the release is then marked `seeded`. @defaultValue secure randomness */
  seed?: string | number;
  /** The random source, instead of `seed`. @defaultValue secureRandom() */
  rng?: RandomSource;
  /** The 1-based file line of data row `row`, for messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for messages. */
  file?: string;
}

/** What PRAM did to one column. */
export interface PramColumnDetails {
  /** Categories of the column's domain (the matrix's, or those observed). */
  categories: number;
  strata: number;
  /** Cells whose category changed. */
  changedCells: number;
  /** Missing cells, left as they are. */
  missingCells: number;
  /** Count per category before PRAM. */
  before: Record<string, number>;
  /** Count per category after PRAM. */
  after: Record<string, number>;
  /** Expected count per category after PRAM: Σ over strata of vᵀP. */
  expected: Record<string, number>;
  /** The matrix used (without strata, and with at most 30 categories): rows in `categories` order. */
  matrix?: { categories: string[]; rows: number[][] };
}

/** What `release.details` holds for PRAM. */
export interface PramDetails {
  changedCells: number;
  /** Records with at least one changed cell. */
  changedRecords: number;
  columns: Record<string, PramColumnDetails>;
}

const TWO_32 = 4294967296;
const TWO_21 = 2097152;
const TWO_53 = 9007199254740992;
const MATRIX_SHOWN = 30;
/** The most categories of a column (in one stratum): its matrix has K² entries. */
const MAX_CATEGORIES = 4000;
/** The most categories of a given matrix made invariant, an O(K³) product. */
const MAX_GIVEN_INVARIANT = 1000;
/** The most matrix entries of a column over all its strata (128 MB of thresholds). */
const MAX_CELLS = 16_000_000;

/**
 * Randomises the chosen categorical columns of `data` by PRAM (module comment).
 *
 * @throws DatanonymeError `BAD_PARAMETER` for no column, a retention outside [0, 1], a column with
 *   neither matrix nor retention, an unknown move rule, or a strata column that is also
 *   randomised; `NOT_FOUND` for a column not in the data; `BAD_CONFIG` for a bad matrix;
 *   `BAD_INPUT` for a value that is not a category of its column's given matrix (naming column,
 *   line and value), or a column with more than 4,000 categories in a stratum (1,000 for a given
 *   matrix made invariant; 16 million matrix entries over all strata): group its categories first.
 * @example
 * pram(data, { columns: ['diagnosis'], retention: 0.8, seed: 1 }).details.changedCells // => ≈ 20 % of the cells
 */
export function pram(data: Dataset, options: PramOptions): Release {
  const columns = checkColumns(data, options);
  const matrices = options.matrices ?? {};
  const move = options.move ?? 'uniform';
  if (!(['uniform', 'proportional'] as unknown[]).includes(move)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `move must be "uniform" or "proportional", got ${shownValue(move)}`,
      { field: 'move', value: shownValue(move) },
    );
  }
  if (options.retention !== undefined) checkRetention(options.retention);
  for (const name of Object.keys(matrices)) {
    if (!columns.includes(name)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `a matrix is given for "${name}", which is not among the randomised columns (${columns.join(', ')})`,
        { column: name, field: 'matrices' },
      );
    }
    checkTransitionMatrix(matrices[name] as TransitionMatrix);
  }
  for (const name of columns) {
    if (matrices[name] === undefined && options.retention === undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `column "${name}" has neither a transition matrix nor a retention probability`,
        { column: name, field: 'retention' },
      );
    }
  }
  const invariant = options.invariant ?? false;
  if (typeof invariant !== 'boolean') {
    throw new DatanonymeError('BAD_PARAMETER', 'invariant must be true or false', {
      field: 'invariant',
    });
  }
  const strata = options.strata;
  const names = data.table.columnNames();
  if (strata !== undefined) {
    if (!names.includes(strata)) {
      throw new DatanonymeError('NOT_FOUND', `no strata column "${strata}" in the data`, {
        column: strata,
        field: 'strata',
      });
    }
    if (columns.includes(strata)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the strata column "${strata}" cannot also be randomised`,
        { column: strata, field: 'strata' },
      );
    }
  }
  const rng =
    options.rng ?? (options.seed === undefined ? secureRandom() : seededRandom(options.seed));
  const lineOf = options.lineOf ?? ((row: number): number => row + 2);
  const n = data.table.numRows();
  const stratum =
    strata === undefined
      ? { codes: new Int32Array(n), dictionary: [null] }
      : encodeColumn(data.table.array(strata) as ArrayLike<unknown>);
  const strataCount = Math.max(stratum.dictionary.length, 1);

  const changedRow = new Uint8Array(n);
  const out: Record<string, ArrayLike<unknown>> = {};
  const columnDetails: Record<string, PramColumnDetails> = {};
  let changedCells = 0;
  for (const name of columns) {
    const spec = data.columns.find((c) => c.name === name);
    const tokens = new Set(spec?.missing ?? []);
    const values = data.table.array(name) as ArrayLike<unknown>;
    const isMissing = (v: unknown): boolean =>
      v === null ||
      v === undefined ||
      v === '' ||
      (typeof v === 'number' && Number.isNaN(v)) ||
      tokens.has(cellText(v));
    const given = matrices[name];

    // Category codes: the matrix's, or first appearance in the column.
    const index = new Map<string, number>();
    const categories: string[] = [];
    const valueOf: unknown[] = [];
    if (given !== undefined) {
      for (const c of given.categories) {
        index.set(c, categories.length);
        categories.push(c);
        valueOf.push(c);
      }
    }
    const seenValue = new Uint8Array(categories.length);
    const code = new Int32Array(n).fill(-1);
    let missingCells = 0;
    for (let r = 0; r < n; r++) {
      const v = values[r];
      if (isMissing(v)) {
        missingCells++;
        continue;
      }
      const text = cellText(v);
      let c = index.get(text);
      if (c === undefined) {
        if (given !== undefined) {
          const line = lineOf(r);
          throw new DatanonymeError(
            'BAD_INPUT',
            `${options.file === undefined ? '' : `${options.file}: `}line ${line}, column "${name}": "${text}" is not a category of the transition matrix (${given.categories.join(', ')})`,
            {
              ...(options.file === undefined ? {} : { file: options.file }),
              line,
              column: name,
              value: text,
            },
          );
        }
        c = categories.length;
        index.set(text, c);
        categories.push(text);
        valueOf.push(v);
      } else if (given !== undefined && seenValue[c] !== 1) {
        seenValue[c] = 1;
        valueOf[c] = v;
      }
      code[r] = c;
    }
    const k = categories.length;

    // Counts per stratum and category.
    const counts = new Float64Array(strataCount * k);
    for (let r = 0; r < n; r++) {
      const c = code[r] as number;
      if (c < 0) continue;
      const s = stratum.codes[r] as number;
      counts[s * k + c] = (counts[s * k + c] as number) + 1;
    }

    // One matrix per stratum, as cumulative thresholds over the stratum's categories.
    const expected = new Float64Array(k);
    const thresholds: (Float64Array | null)[] = [];
    let cells = 0;
    const targets: Int32Array[] = [];
    let shown: TransitionMatrix | undefined;
    for (let s = 0; s < strataCount; s++) {
      const v = counts.subarray(s * k, s * k + k);
      // The stratum's own categories (all of the given matrix's).
      const local: number[] = [];
      for (let c = 0; c < k; c++) if (given !== undefined || (v[c] as number) > 0) local.push(c);
      const localCounts = local.map((c) => v[c] as number);
      const m = local.length;
      cells += m * m;
      if (
        m > MAX_CATEGORIES ||
        cells > MAX_CELLS ||
        (invariant && given !== undefined && m > MAX_GIVEN_INVARIANT)
      ) {
        const limit =
          m > MAX_CATEGORIES
            ? MAX_CATEGORIES
            : invariant && given !== undefined && m > MAX_GIVEN_INVARIANT
              ? MAX_GIVEN_INVARIANT
              : -1;
        throw new DatanonymeError(
          'BAD_INPUT',
          `column "${name}" has ${m} categories${strata === undefined ? '' : ` in a stratum of "${strata}"`}: ` +
            (limit > 0
              ? `PRAM builds a ${m} × ${m} transition matrix${invariant && given !== undefined ? ' and its invariant (O(K³))' : ''}, and at most ${limit} categories are allowed`
              : `the transition matrices of its strata would hold more than ${MAX_CELLS} entries`) +
            '; group the categories first (a hierarchy level, or bands), or leave out an identifier-like column',
          {
            column: name,
            value: String(m),
            ...(options.file === undefined ? {} : { file: options.file }),
          },
        );
      }
      let matrix: TransitionMatrix;
      if (given !== undefined) {
        matrix = invariant ? invariantMatrix(given, localCounts) : given;
      } else {
        const names = local.map((c) => categories[c] as string);
        const p = options.retention as number;
        matrix = invariant
          ? invariantRetentionMatrix(names, p, move, localCounts)
          : retentionMatrix(names, p, move, localCounts);
      }
      if (strataCount === 1) shown = matrix;
      const e = expectedCounts(localCounts, matrix);
      local.forEach((c, i) => (expected[c] = (expected[c] as number) + (e[i] as number)));
      const t = new Float64Array(m * m);
      for (let i = 0; i < m; i++) {
        let cum = 0;
        for (let j = 0; j < m; j++) {
          cum += matrix.p[i * m + j] as number;
          t[i * m + j] = j === m - 1 ? TWO_53 : Math.min(TWO_53, Math.round(cum * TWO_53));
        }
      }
      thresholds.push(t);
      // local position of each category code, for the rows below
      const position = new Int32Array(k).fill(-1);
      local.forEach((c, i) => (position[c] = i));
      targets.push(Int32Array.from(local));
      targets.push(position);
    }

    // Draw.
    const result: unknown[] = Array.from(values);
    const after = new Float64Array(k);
    let changed = 0;
    for (let r = 0; r < n; r++) {
      const c = code[r] as number;
      if (c < 0) continue;
      const s = stratum.codes[r] as number;
      const t = thresholds[s] as Float64Array;
      const local = targets[2 * s] as Int32Array;
      const i = (targets[2 * s + 1] as Int32Array)[c] as number;
      const m = local.length;
      const u = (rng.uint32() % TWO_21) * TWO_32 + rng.uint32();
      // The first j with u < t[i][j], by bisection (the last threshold is 2^53 > u).
      let lo = 0;
      let hi = m - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (u < (t[i * m + mid] as number)) hi = mid;
        else lo = mid + 1;
      }
      const j = lo;
      const d = local[j] as number;
      after[d] = (after[d] as number) + 1;
      if (d !== c) {
        result[r] = valueOf[d];
        changed++;
        changedRow[r] = 1;
      }
    }
    changedCells += changed;
    out[name] = result;
    const before = new Float64Array(k);
    for (let c = 0; c < counts.length; c++)
      before[c % k] = (before[c % k] as number) + (counts[c] as number);
    const record = (a: Float64Array): Record<string, number> =>
      Object.fromEntries(categories.map((c, i) => [c, a[i] as number]));
    const details: PramColumnDetails = {
      categories: k,
      strata: strataCount,
      changedCells: changed,
      missingCells,
      before: record(before),
      after: record(after),
      expected: record(expected),
    };
    if (shown !== undefined && shown.categories.length <= MATRIX_SHOWN) {
      const m = shown.categories.length;
      details.matrix = {
        categories: shown.categories,
        rows: Array.from({ length: m }, (_, i) => Array.from(shown.p.subarray(i * m, i * m + m))),
      };
    }
    columnDetails[name] = details;
  }

  const tableColumns: Record<string, ArrayLike<unknown>> = {};
  for (const name of names)
    tableColumns[name] = out[name] ?? (data.table.array(name) as ArrayLike<unknown>);
  let changedRecords = 0;
  for (let r = 0; r < n; r++) changedRecords += changedRow[r] as number;
  const details: PramDetails = { changedCells, changedRecords, columns: columnDetails };
  return {
    method: 'pram',
    parameters: {
      columns,
      ...(options.retention === undefined ? {} : { retention: options.retention }),
      move,
      invariant,
      ...(strata === undefined ? {} : { strata }),
      matrices: Object.keys(matrices),
    },
    table: arqueroTable(tableColumns, names),
    columns: data.columns.map((c) => ({ ...c })),
    accounting: { rowsIn: n, rowsOut: n, suppressedRows: 0, suppressedCells: 0 },
    details: { ...details },
    seeded: rng.seeded,
  };
}

/**
 * {@link pram} as a {@link Method}, for the benchmark loop and the CLI.
 *
 * @example
 * const release = await pramMethod.run(data, { columns: ['diagnosis'], retention: 0.8 });
 */
export const pramMethod: Method<PramOptions> = {
  name: 'pram',
  family: 'perturbation',
  run: (data, options) => Promise.resolve(pram(data, options)),
};

function checkColumns(data: Dataset, options: PramOptions): string[] {
  const columns = options.columns as unknown;
  if (
    !Array.isArray(columns) ||
    columns.length === 0 ||
    !columns.every((c) => typeof c === 'string')
  ) {
    throw new DatanonymeError('BAD_PARAMETER', 'PRAM needs at least one column to randomise', {
      field: 'columns',
    });
  }
  const names = data.table.columnNames();
  const list = [...new Set(columns)];
  for (const name of list) {
    if (!names.includes(name)) {
      throw new DatanonymeError(
        'NOT_FOUND',
        `no column "${name}" in the data (columns: ${names.join(', ')})`,
        { column: name, field: 'columns' },
      );
    }
  }
  return list;
}
