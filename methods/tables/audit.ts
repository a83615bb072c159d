/**
 * The attacker's linear programme on a published table: how narrowly the additivity of the table
 * and the published cells pin each suppressed cell.
 */
import { DatanonymeError } from '../../src/errors.js';
import { additivityEquations } from './equations.js';
import { lpExpression, lpNumber, solveLp } from './highs.js';
import type { AdditivityEquation, AuditInterval, TableStructure } from './types.js';

/** Options of {@link auditTable}. */
export interface AuditOptions {
  /**
   * What the attacker knows every cell to be at least (0 for counts and non-negative totals).
   * @defaultValue 0
   */
  lowerBound?: number;
}

/** Relative tolerance on the additivity of published cells, and on snapping LP results. */
const TOLERANCE = 1e-7;

/**
 * Audits a published table: for every suppressed cell `c`, the smallest and the largest value `x_c`
 * can take subject to the table's additivity equations, every published cell fixed at its value,
 * and every suppressed cell ≥ `lowerBound` (the attacker's linear programmes of Fischetti &
 * Salazar-González, "Solving the cell suppression problem on tabular data with linear
 * constraints", *Management Science* 47(7), 2001; τ-ARGUS's audit). Two LPs per suppressed cell,
 * solved with HiGHS on one model text whose objective alone changes. An unbounded maximum is
 * `Infinity`. Results within 1e-7 (relative) of an integer are snapped to it.
 *
 * @param s - the table structure.
 * @param published - the value of every cell; `NaN` for a suppressed cell.
 * @param options - see {@link AuditOptions}.
 * @returns one interval per suppressed cell, in cell order.
 * @throws DatanonymeError `BAD_INPUT` when the published values contradict the additivity of the
 * table (no values of the suppressed cells ≥ `lowerBound` make every equation hold).
 * @example
 * await auditTable(structure, Float64Array.of(10, NaN, NaN, NaN, NaN, 3, 4, 5, 2)) // see tests
 */
export async function auditTable(
  s: TableStructure,
  published: Float64Array,
  options: AuditOptions = {},
): Promise<AuditInterval[]> {
  const lowerBound = options.lowerBound ?? 0;
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
        `published cell ${c} is ${v}, below the lower bound ${lowerBound}`,
        { value: String(v) },
      );
    }
  }
  // Checks the equations of published cells only, even when nothing is suppressed.
  const constraints = attackerConstraints(additivityEquations(s), published);
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
  const intervals: AuditInterval[] = [];
  for (const c of suppressed) {
    const low = await solveLp(model('Minimize', `x${c}`));
    const high = await solveLp(model('Maximize', `x${c}`));
    intervals.push({ cell: c, lower: extreme(low, -Infinity), upper: extreme(high, Infinity) });
  }
  return intervals;
}

/**
 * The equality rows of the attacker's LP: every equation with at least one suppressed cell, the
 * published cells moved to the right-hand side. Throws when an equation of published cells only
 * does not add up.
 */
function attackerConstraints(
  equations: readonly AdditivityEquation[],
  published: Float64Array,
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
        throw new DatanonymeError(
          'BAD_INPUT',
          `the published values are inconsistent with the additivity of the table: cell ` +
            `${eq.total} is ${published[eq.total]} but its parts add up to ` +
            `${(published[eq.total] ?? 0) + constant}`,
        );
      }
      continue;
    }
    rows.push(` e${e}:${lpExpression(kept, names)} = ${lpSigned(constant)}`);
  }
  return rows.join('\n');
}

function lpSigned(x: number): string {
  return x < 0 ? `-${lpNumber(-x)}` : lpNumber(x);
}

function extreme(result: Awaited<ReturnType<typeof solveLp>>, unbounded: number): number {
  if (result.status === 'Optimal') return snap(result.objective);
  if (result.status === 'Unbounded' || result.status === 'Primal infeasible or unbounded') {
    return unbounded;
  }
  throw new Error(`HiGHS could not solve the audit LP: ${result.status}`);
}

/** Snaps a solver value to the nearest integer when within the tolerance. */
export function snap(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= TOLERANCE * Math.max(1, Math.abs(x)) ? r : x;
}
