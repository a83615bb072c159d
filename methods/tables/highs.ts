/**
 * The HiGHS linear and mixed-integer solver (Huangfu & Hall, "Parallelizing the dual revised
 * simplex method", *Mathematical Programming Computation* 10, 2018), compiled to WebAssembly by
 * the `highs` package: loaded once, lazily, on first use, and fed models as CPLEX LP text.
 */
import highsImport from 'highs';

/**
 * The package's bundled types describe its CommonJS namespace, whose `default` is the loader; the
 * ES module entry that Node and bundlers load exports the loader itself. Either way, the loader.
 */
type Loader = (typeof highsImport)['default'];
const highsLoader: Loader = typeof highsImport === 'function' ? highsImport : highsImport.default;

type Highs = Awaited<ReturnType<Loader>>;

let loading: Promise<Highs> | undefined;

/**
 * The HiGHS solver, loaded on the first call and shared afterwards.
 *
 * @throws whatever the WebAssembly loader throws when the module cannot be instantiated.
 * @example
 * const highs = await highsSolver();
 */
export function highsSolver(): Promise<Highs> {
  loading ??= highsLoader();
  return loading;
}

/** What one solve returns, in the shape the table modules use. */
export interface LpResult {
  /** HiGHS's model status (`Optimal`, `Infeasible`, `Unbounded`, …). */
  status: string;
  objective: number;
  /** Primal value of every column, by name (absent when the solve found no solution). */
  primal: Map<string, number>;
  /** Dual value (shadow price) of every row, in model order (LPs only). */
  rowDual: Float64Array;
}

/**
 * Solves one model written in CPLEX LP format.
 *
 * @param text - the model (objective, `Subject To`, `Bounds`, `Binary`/`General`, `End`).
 * @param options - HiGHS options, e.g. `{ time_limit: 10 }`.
 * @throws Error when HiGHS cannot read the model (a bug in the text we wrote).
 * @example
 * (await solveLp('Maximize\n obj: x\nSubject To\n c: x <= 2\nEnd')).objective // => 2
 */
export async function solveLp(
  text: string,
  options: Parameters<Highs['solve']>[1] = {},
): Promise<LpResult> {
  const highs = await highsSolver();
  const solution = highs.solve(text, { output_flag: false, ...options });
  const primal = new Map<string, number>();
  const columns = Object.entries(solution.Columns) as [string, { Primal?: number }][];
  for (const [name, column] of columns) {
    if (column.Primal !== undefined) primal.set(name, column.Primal);
  }
  const rows = solution.Rows as readonly { Dual?: number }[];
  const rowDual = Float64Array.from(rows, (r) => r.Dual ?? 0);
  return { status: solution.Status, objective: solution.ObjectiveValue, primal, rowDual };
}

/**
 * Writes a linear expression `Σ coef × name` in LP format, a few terms to a line (the format
 * limits line length).
 *
 * @example
 * lpExpression([1, -1], ['x1', 'x2']) // => ' + 1 x1 - 1 x2'
 */
export function lpExpression(coefficients: ArrayLike<number>, names: readonly string[]): string {
  let out = '';
  for (let i = 0; i < names.length; i++) {
    const a = coefficients[i] ?? 0;
    if (a === 0) continue;
    out += `${a < 0 ? ' -' : ' +'} ${lpNumber(Math.abs(a))} ${names[i] ?? ''}`;
    if (i % 8 === 7) out += '\n ';
  }
  return out === '' ? ' 0 ' + (names[0] ?? '') : out;
}

/** A number as LP text: plain digits, never `Infinity` or `NaN`. */
export function lpNumber(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`not a finite LP coefficient: ${x}`);
  return Number.isInteger(x) && Math.abs(x) < 1e15 ? String(x) : x.toPrecision(17);
}
