/**
 * The attacker's linear programme on a published table: how narrowly the additivity of the table
 * and the published cells pin each suppressed cell.
 */
import { DatanonymeError } from '../../src/errors.js';
import { additivityEquations } from './equations.js';
import { highsSolver, lpExpression, lpNumber, solveLp } from './highs.js';
import type { AdditivityEquation, AuditInterval, TableStructure } from './types.js';

/** Options of {@link auditTable}. */
export interface AuditOptions {
  /**
   * What the attacker knows every cell to be at least (0 for counts and non-negative totals).
   * @defaultValue 0
   */
  lowerBound?: number;
  /**
   * How error messages name a cell (the CLI adds the file line).
   * @defaultValue its labels, `age=young, sex=Total` ({@link cellLabels})
   */
  describeCell?: (cell: number) => string;
}

/** Relative tolerance on the additivity of published cells, and on snapping LP results. */
const TOLERANCE = 1e-7;

/**
 * Audits a published table: for every suppressed cell `c`, the smallest and the largest value `x_c`
 * can take subject to the table's additivity equations, every published cell fixed at its value,
 * and every suppressed cell ≥ `lowerBound` (the attacker's linear programmes of Fischetti &
 * Salazar-González, "Solving the cell suppression problem on tabular data with linear
 * constraints", *Management Science* 47(7), 2001; τ-ARGUS's audit). Two LPs per suppressed cell,
 * solved with HiGHS on one model per connected component of the suppressed cells, whose objective
 * alone changes (primal simplex, warm started). An unbounded maximum is `Infinity`. Results
 * within 1e-7 (relative) of an integer are snapped to it.
 *
 * @param s - the table structure.
 * @param published - the value of every cell; `NaN` for a suppressed cell.
 * @param options - see {@link AuditOptions}.
 * @returns one interval per suppressed cell, in cell order.
 * @throws DatanonymeError `BAD_INPUT` when the published values contradict the additivity of the
 * table (no values of the suppressed cells ≥ `lowerBound` make every equation hold; when published
 * cells alone break an equation, the message names the total cell with `describeCell` and the
 * labels of its parts, and the error carries the parts' dimension as `column`).
 * @example
 * await auditTable(structure, Float64Array.of(10, NaN, NaN, NaN, NaN, 3, 4, 5, 2)) // see tests
 */
export async function auditTable(
  s: TableStructure,
  published: Float64Array,
  options: AuditOptions = {},
): Promise<AuditInterval[]> {
  const lowerBound = options.lowerBound ?? 0;
  const describe = options.describeCell ?? ((c: number): string => cellLabels(s, c));
  if (published.length !== s.size) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the table has ${s.size} cells but ${published.length} values were given`,
    );
  }
  if (!Number.isFinite(lowerBound)) {
    throw new DatanonymeError('BAD_PARAMETER', `lowerBound must be finite, got ${lowerBound}`, {
      value: String(lowerBound),
    });
  }
  const suppressed: number[] = [];
  for (let c = 0; c < s.size; c++) if (Number.isNaN(published[c])) suppressed.push(c);
  for (let c = 0; c < s.size; c++) {
    const v = published[c] ?? 0;
    if (!Number.isNaN(v) && v < lowerBound - TOLERANCE * Math.max(1, Math.abs(v))) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `published cell ${describe(c)} is ${v}, below the lower bound ${lowerBound}`,
        { value: String(v) },
      );
    }
  }
  // Checks the equations of published cells only, even when nothing is suppressed.
  const constraints = attackerConstraints(s, additivityEquations(s), published, describe);
  if (suppressed.length === 0) return [];
  const bounds = suppressed.map((c) => ` x${c} >= ${lpSigned(lowerBound)}`).join('\n');
  const model = (sense: 'Minimize' | 'Maximize', objective: string): string =>
    `${sense}\n obj: ${objective}\nSubject To\n${constraints || ' dummy: 0 x' + String(suppressed[0]) + ' = 0'}\nBounds\n${bounds}\nEnd\n`;

  const feasibility = await solveLp(model('Minimize', `0 x${suppressed[0]}`));
  if (
    feasibility.status === 'Infeasible' ||
    feasibility.status === 'Primal infeasible or unbounded'
  ) {
    throw new DatanonymeError(
      'BAD_INPUT',
      'the published values are inconsistent with the additivity of the table: no values of the ' +
        `suppressed cells ≥ ${lowerBound} make every total equal the sum of its parts`,
    );
  }
  return componentIntervals(s, published, suppressed, lowerBound, await highsSolver());
}

/**
 * The min and max of every suppressed cell, one HiGHS model per connected component of the
 * suppressed cells (two are linked when an equation holds both; equations never link two
 * components, so each component's LP is the attacker's LP restricted to it). Only the objective
 * changes from one cell to the next, so each solve starts from the previous optimal basis.
 */
function componentIntervals(
  s: TableStructure,
  published: Float64Array,
  suppressed: readonly number[],
  lowerBound: number,
  highs: Awaited<ReturnType<typeof highsSolver>>,
): AuditInterval[] {
  const equations = additivityEquations(s);
  const eqsOf: number[][] = Array.from({ length: s.size }, () => []);
  equations.forEach((e, k) => {
    eqsOf[e.total]?.push(k);
    for (const q of e.parts) eqsOf[q]?.push(k);
  });
  const cellsOf = (k: number): number[] => {
    const e = equations[k];
    return e === undefined ? [] : [e.total, ...e.parts];
  };
  const hidden = (c: number): boolean => Number.isNaN(published[c] ?? 0);
  const component = new Int32Array(s.size).fill(-1);
  const result = new Map<number, AuditInterval>();
  let next = 0;
  for (const c0 of suppressed) {
    if ((component[c0] ?? -1) >= 0) continue;
    // The component of c0, breadth first.
    const cells = [c0];
    component[c0] = next;
    for (let i = 0; i < cells.length; i++) {
      for (const k of eqsOf[cells[i] ?? 0] ?? []) {
        for (const q of cellsOf(k)) {
          if (hidden(q) && (component[q] ?? -1) < 0) {
            component[q] = next;
            cells.push(q);
          }
        }
      }
    }
    cells.sort((a, b) => a - b);
    const column = new Map<number, number>();
    cells.forEach((c, j) => column.set(c, j));
    const rows = new Set<number>();
    for (const c of cells) for (const k of eqsOf[c] ?? []) rows.add(k);
    const starts = [0];
    const indices: number[] = [];
    const coefs: number[] = [];
    const rhs: number[] = [];
    for (const k of rows) {
      const entries: [number, number][] = [];
      let constant = 0;
      cellsOf(k).forEach((c, i) => {
        const a = i === 0 ? 1 : -1;
        const j = column.get(c);
        if (j === undefined) constant -= a * (published[c] ?? 0);
        else entries.push([j, a]);
      });
      entries.sort((u, v) => u[0] - v[0]);
      for (const [j, a] of entries) {
        indices.push(j);
        coefs.push(a);
      }
      rhs.push(constant);
      starts.push(indices.length);
    }
    const n = cells.length;
    const model = highs.createModel({
      numCols: n,
      numRows: rhs.length,
      colCost: new Float64Array(n),
      colLower: new Float64Array(n).fill(lowerBound),
      colUpper: new Float64Array(n).fill(highs.infinity),
      rowLower: rhs,
      rowUpper: rhs,
      matrix: { format: 'csr', numRows: rhs.length, numCols: n, starts, indices, values: coefs },
    });
    try {
      // Primal simplex (strategy 4): a new objective keeps the last basis primal feasible, so
      // each solve continues from it (dual simplex restarts; 10 s against minutes on 1,395
      // cells of the Adult 3-way table).
      model.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
      const solve = (up: boolean): number => {
        model.changeObjectiveSense(
          up ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
        );
        const st = model.run().modelStatus;
        if (st === highs.constants.modelStatus.optimal) return snap(model.getObjectiveValue());
        if (up && st === highs.constants.modelStatus.unbounded) return Infinity;
        if (st === highs.constants.modelStatus.infeasible) {
          throw new DatanonymeError(
            'BAD_INPUT',
            'the published values are inconsistent with the additivity of the table: no values ' +
              `of the suppressed cells ≥ ${lowerBound} make every total equal the sum of its parts`,
          );
        }
        throw new Error(`HiGHS could not solve the audit LP: status ${st}`);
      };
      cells.forEach((c, j) => {
        if (j > 0) model.changeColCost(j - 1, 0);
        model.changeColCost(j, 1);
        const lower = solve(false);
        const upper = solve(true);
        result.set(c, { cell: c, lower, upper });
      });
    } finally {
      model.dispose();
    }
    next++;
  }
  return suppressed.map((c) => result.get(c) ?? { cell: c, lower: NaN, upper: NaN });
}

/**
 * The equality rows of the attacker's LP: every equation with at least one suppressed cell, the
 * published cells moved to the right-hand side. Throws when an equation of published cells only
 * does not add up.
 */
function attackerConstraints(
  s: TableStructure,
  equations: readonly AdditivityEquation[],
  published: Float64Array,
  describe: (cell: number) => string,
): string {
  const rows: string[] = [];
  for (let e = 0; e < equations.length; e++) {
    const eq = equations[e];
    if (eq === undefined) continue;
    const cells = [eq.total, ...eq.parts];
    const coefficients = cells.map((_, i) => (i === 0 ? 1 : -1));
    let constant = 0;
    let scale = 0;
    const names: string[] = [];
    const kept: number[] = [];
    for (let i = 0; i < cells.length; i++) {
      const v = published[cells[i] ?? 0] ?? 0;
      if (Number.isNaN(v)) {
        names.push(`x${cells[i]}`);
        kept.push(coefficients[i] ?? 0);
      } else {
        constant -= (coefficients[i] ?? 0) * v;
        scale = Math.max(scale, Math.abs(v));
      }
    }
    if (names.length === 0) {
      if (Math.abs(constant) > TOLERANCE * Math.max(1, scale)) {
        // The dimension the parts differ in, and their labels in it.
        const j = s.dimensions.findIndex(
          (_, q) => nodeOf(s, eq.total, q) !== nodeOf(s, eq.parts[0] ?? eq.total, q),
        );
        const dimension = s.dimensions[j];
        const names = Array.from(eq.parts, (c) => dimension?.labels[nodeOf(s, c, j)] ?? '');
        const shown = names.slice(0, PARTS_SHOWN).join(', ');
        const more = names.length > PARTS_SHOWN ? `, and ${names.length - PARTS_SHOWN} more` : '';
        throw new DatanonymeError(
          'BAD_INPUT',
          `the published values are inconsistent with the additivity of the table: the cell ` +
            `${describe(eq.total)} is ${published[eq.total]} but its parts along ` +
            `"${dimension?.name ?? ''}" (${shown}${more}) add up to ` +
            `${(published[eq.total] ?? 0) + constant}`,
          {
            ...(dimension === undefined ? {} : { column: dimension.name }),
            value: String(published[eq.total]),
          },
        );
      }
      continue;
    }
    rows.push(` e${e}:${lpExpression(kept, names)} = ${lpSigned(constant)}`);
  }
  return rows.join('\n');
}

/** How many parts an inconsistency message lists. */
const PARTS_SHOWN = 10;

/**
 * A cell as its labels, one per dimension: `age=young, sex=Total`.
 *
 * @example
 * cellLabels(structure, 0) // => 'age=Total, sex=Total'
 */
export function cellLabels(s: TableStructure, cell: number): string {
  return s.dimensions.map((d, j) => `${d.name}=${d.labels[nodeOf(s, cell, j)] ?? ''}`).join(', ');
}

/** The node of `cell` in dimension `j`. */
function nodeOf(s: TableStructure, cell: number, j: number): number {
  const m = s.dimensions[j]?.labels.length ?? 1;
  return Math.floor(cell / (s.stride[j] ?? 1)) % m;
}

function lpSigned(x: number): string {
  return x < 0 ? `-${lpNumber(-x)}` : lpNumber(x);
}

/** Snaps a solver value to the nearest integer when within the tolerance. */
export function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= TOLERANCE * Math.max(1, Math.abs(x)) ? r : x;
}
