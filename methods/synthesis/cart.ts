/**
 * Sequential CART synthesis (not DP), as in synthpop: the columns are visited in order; the first
 * is drawn from its marginal, and column j from a classification tree fitted, on the original
 * rows, to predict column j's code from the codes of the columns visited before it. A synthetic
 * row walks down each tree with its already-synthesised earlier columns and draws column j's code
 * from the class shares of the leaf it reaches.
 *
 * The codes are those of the discrete view ({@link synthSchema}): categories (the top
 * `maxCategories` and `(other)`), equal-width bins of numeric and date columns, and one code for
 * missing cells, so missing values are modelled natively: "missing" is a class of the target
 * column and a code of the predictors (on a numeric predictor it is the code after the last bin,
 * so a threshold split puts it with the top bins or alone). The trees are the histogram CART of
 * the utility metrics (`fitTree`: Gini impurity, ordered splits on numeric and date codes,
 * sorted-category splits on categorical codes).
 *
 * Departure from synthpop, chosen and documented: synthpop draws a donor row from the leaf and
 * copies its value; here the leaf's class shares give a code (the same distribution as a random
 * donor's code), and a numeric or date code is decoded uniformly inside its bin, as every
 * generator of this folder does ({@link decode}), so no real numeric value is copied unless its
 * bin holds a single value. Categories are copied, as in synthpop.
 *
 * Not differentially private: leaves of `minLeaf` original rows can reproduce rare combinations
 * of the data. The same data, options and seed give the same rows (the fit is deterministic; the
 * sample uses only the seeded source).
 *
 * References: B. Nowok, G. Raab, C. Dibben, "synthpop: Bespoke creation of synthetic data in R",
 * J. Stat. Softw. 74(11), 2016 (method `cart`, `minbucket` 5, visit sequence); J. Reiter, "Using
 * CART to generate partially synthetic public use microdata", J. Off. Stat. 21(3), 2005.
 */
import { DatanonymeError } from '../../src/errors.js';
import { fitTree, type Tree } from '../../src/metrics/utility/cart.js';
import type { CodedFeatures } from '../../src/metrics/utility/features.js';
import { seededRandom, type RandomSource } from '../../src/random/source.js';
import type { Dataset, Method } from '../../src/types.js';
import {
  codeCount,
  decode,
  discretise,
  identifierColumns,
  synthesisMethod,
  otherWarnings,
  synthSchema,
  unitInterval,
  type SampleOptions,
  type SynthColumn,
} from './schema.js';
import type { Generator, SynthesisModel } from './types.js';

/** Options of {@link sequentialCart}. */
export interface CartOptions {
  /**
   * The visit sequence: these columns first, in this order, then the other modelled columns in
   * table order (no column is left out). Identifier columns cannot be listed.
   * @defaultValue table order
   */
  order?: readonly string[];
  /**
   * Fewest original rows in a leaf (synthpop's `minbucket`).
   * @defaultValue 5
   */
  minLeaf?: number;
  /**
   * Deepest leaf of a tree (the root has depth 0).
   * @defaultValue 12
   */
  maxDepth?: number;
  /**
   * Least relative impurity decrease of a split (rpart's `cp`), as synthpop's default.
   * @defaultValue 1e-8
   */
  complexity?: number;
  /** Categories kept per column, the rest as `(other)`. @defaultValue 50 */
  maxCategories?: number;
  /** Bins of numeric and date columns. @defaultValue 20 */
  bins?: number;
  /** Public or chosen bounds of numeric columns. @defaultValue the data's min and max */
  bounds?: Record<string, readonly [number, number]>;
}

function checkInteger(value: number, field: string, min: number): number {
  if (!Number.isInteger(value) || value < min) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} must be an integer ≥ ${min}, got ${value}`,
      {
        field,
        value: String(value),
      },
    );
  }
  return value;
}

/** The visit sequence as indices into the schema (see {@link CartOptions.order}). */
function visitOrder(
  schema: readonly SynthColumn[],
  data: Dataset,
  order: readonly string[],
): number[] {
  const index = new Map(schema.map((c, j) => [c.name, j]));
  const identifiers = new Set(identifierColumns(data));
  const seen = new Set<number>();
  const out: number[] = [];
  for (const name of order) {
    const j = index.get(name);
    if (j === undefined) {
      if (identifiers.has(name)) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `order: "${name}" is an identifier column, never modelled`,
          { column: name, field: 'order' },
        );
      }
      throw new DatanonymeError('NOT_FOUND', `order: column "${name}" is not in the data`, {
        column: name,
        field: 'order',
      });
    }
    if (seen.has(j)) {
      throw new DatanonymeError('BAD_PARAMETER', `order: column "${name}" is listed twice`, {
        column: name,
        field: 'order',
      });
    }
    seen.add(j);
    out.push(j);
  }
  for (let j = 0; j < schema.length; j++) if (!seen.has(j)) out.push(j);
  return out;
}

/** Integer-coded features over the given code arrays (numeric and date codes ordered). */
function featuresOf(
  schema: readonly SynthColumn[],
  columns: readonly number[],
  codes: readonly Int32Array[],
  rows: number,
): CodedFeatures {
  return {
    rows,
    codes: columns.map((j) => codes[j] as Int32Array),
    cardinality: columns.map((j) => codeCount(schema[j] as SynthColumn)),
    ordered: columns.map((j) => {
      const kind = (schema[j] as SynthColumn).kind;
      return kind === 'numeric' || kind === 'date';
    }),
    names: columns.map((j) => (schema[j] as SynthColumn).name),
  };
}

/** A class drawn with probability `shares[c]`; never a class of share 0. */
function drawShare(shares: Float64Array, rng: RandomSource): number {
  let u = unitInterval(rng);
  let last = -1;
  for (let c = 0; c < shares.length; c++) {
    const p = shares[c] as number;
    if (p <= 0) continue;
    last = c;
    if (u < p) return c;
    u -= p;
  }
  return last; // rounding: u past the sum of the shares
}

/**
 * Fits sequential CART synthesis (synthpop's `cart` method; see the module comment): one
 * classification tree per column on the codes of the columns visited before it, the first column
 * from its marginal; identifier columns are dropped. Not DP.
 *
 * @param data - the table and its column specs.
 * @param options - see {@link CartOptions}.
 * @returns a model whose `sample(n, seed)` draws n rows; `details` holds the visit sequence, the
 *   leaves of each tree, the dropped identifiers and the warnings.
 * @throws DatanonymeError `BAD_PARAMETER` for `minLeaf` or `maxDepth` that are not integers ≥ 1
 *   (≥ 0 for `maxDepth`), a negative `complexity`, a bad schema option, an identifier or a
 *   duplicate in `order`; `NOT_FOUND` for an `order` column not in the data; `IMPOSSIBLE` for a
 *   table without rows or with identifier columns only.
 * @example
 * sequentialCart(data, { order: ['age', 'sex'] }).sample(50, 7).table.numRows() // => 50
 */
export function sequentialCart(data: Dataset, options: CartOptions = {}): SynthesisModel {
  const minLeaf = checkInteger(options.minLeaf ?? 5, 'minLeaf', 1);
  const maxDepth = checkInteger(options.maxDepth ?? 12, 'maxDepth', 0);
  const complexity = options.complexity ?? 1e-8;
  if (!(complexity >= 0) || !Number.isFinite(complexity)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `complexity must be a finite number ≥ 0, got ${complexity}`,
      { field: 'complexity', value: String(complexity) },
    );
  }
  const n = data.table.numRows();
  if (n === 0) {
    throw new DatanonymeError('IMPOSSIBLE', 'CART synthesis needs at least one row to fit', {
      field: 'data',
    });
  }
  const schema = synthSchema(data, {
    ...(options.maxCategories === undefined ? {} : { maxCategories: options.maxCategories }),
    ...(options.bins === undefined ? {} : { bins: options.bins }),
    ...(options.bounds === undefined ? {} : { bounds: options.bounds }),
  });
  const dropped = identifierColumns(data);
  if (schema.length === 0) {
    throw new DatanonymeError(
      'IMPOSSIBLE',
      'nothing to synthesise: every column is an identifier',
      {
        field: 'columns',
      },
    );
  }
  const order = visitOrder(schema, data, options.order ?? []);
  const warnings = dropped.map(
    (c) => `identifier column "${c}" dropped: identifiers are never modelled nor copied`,
  );
  warnings.push(
    'not differentially private: a leaf of few original rows can reproduce their rare combinations',
    ...otherWarnings(schema, false),
  );
  const codes = discretise(data, schema);
  const all = new Int32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  const treeOptions = { minLeaf, maxDepth, complexity };
  const trees: Tree[] = order.map((j, step) =>
    fitTree(
      featuresOf(schema, order.slice(0, step), codes, n),
      codes[j] as Int32Array,
      codeCount(schema[j] as SynthColumn),
      all,
      treeOptions,
    ),
  );

  return {
    method: 'cart',
    dp: false,
    details: {
      method: 'cart',
      dp: false,
      order: order.map((j) => (schema[j] as SynthColumn).name),
      leaves: Object.fromEntries(
        order.map((j, step) => [(schema[j] as SynthColumn).name, (trees[step] as Tree).leaves]),
      ),
      minLeaf,
      maxDepth,
      complexity,
      columns: schema.map((c) => ({
        name: c.name,
        kind: c.kind,
        categories: c.values.length,
        missingRate: c.missingRate,
      })),
      droppedIdentifiers: dropped,
      numeric: 'uniform inside the bin',
      warnings,
    },
    sample(rows: number, seed: string | number): Dataset {
      if (!Number.isInteger(rows) || rows < 0) {
        throw new DatanonymeError('BAD_PARAMETER', `rows must be an integer ≥ 0, got ${rows}`, {
          field: 'rows',
          value: String(rows),
        });
      }
      const rng = seededRandom(seed);
      const drawn = schema.map(() => new Int32Array(rows));
      order.forEach((j, step) => {
        const tree = trees[step] as Tree;
        const features = featuresOf(schema, order.slice(0, step), drawn, rows);
        const out = drawn[j] as Int32Array;
        for (let i = 0; i < rows; i++) out[i] = drawShare(tree.predict(features, i), rng);
      });
      return decode(drawn, schema, rng);
    },
  };
}

/**
 * The sequential CART generator, as the CLI and the benchmark see it.
 *
 * @example cart.fit(data, { minLeaf: 10 }).method // => 'cart'
 */
export const cart: Generator<CartOptions> = {
  name: 'cart',
  dp: false,
  fit: sequentialCart,
};

/**
 * {@link sequentialCart} as a {@link Method} for the benchmark loop: fit, then `rows` rows
 * (default: as many as the input) drawn with `seed` (default: a fresh one, in the parameters).
 *
 * @example
 * const release = await cartMethod.run(data, { rows: 100, seed: 1 });
 */
export const cartMethod: Method<CartOptions & SampleOptions> = synthesisMethod(
  'cart',
  sequentialCart,
);
