/**
 * Secondary cell suppression: the dispatcher between the heuristic (Gaussian elimination, then
 * interval protection by linear programming) and the optimal mode (secondary-optimal.ts).
 *
 * The attacker (Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, §4.3.3) knows the
 * published cells, the additivity equations of the table and a lower bound on every cell (0 for
 * counts and non-negative totals); a suppressed primary cell p of value x_p with protection levels
 * L_p and U_p is protected when the attacker's interval for x_p reaches x_p − L_p and x_p + U_p.
 */
import { DatanonymeError } from '../../src/errors.js';
import { additivityEquations } from './equations.js';
import { highsSolver } from './highs.js';
import { gaussSuppression } from './secondary-heuristic.js';
import { optimalSuppression } from './secondary-optimal.js';
import { STATUS, type ProtectionLevels, type TableStructure } from './types.js';

/** Options of {@link secondarySuppression}. */
export interface SecondaryOptions {
  /** `heuristic`: Gaussian elimination and interval repairs; `optimal`: minimum-cost pattern. */
  method: 'heuristic' | 'optimal';
  /**
   * Cost of suppressing each cell (finite, ≥ 0).
   * @defaultValue the cell value (τ-ARGUS's default cost; for counts, hide as few units as
   * possible)
   */
  cost?: Float64Array;
  /** Optimal mode: HiGHS time limit in seconds (default: secondary-optimal.ts's). */
  timeLimitSeconds?: number;
  /** Optimal mode: the largest table accepted (default: secondary-optimal.ts's). */
  maxCells?: number;
}

/** What {@link secondarySuppression} returns. */
export interface SecondaryResult {
  /** Input status with the secondary suppressions set to `STATUS.D`. */
  status: Uint8Array;
  /** Number of cells set to `D`. */
  secondary: number;
  /** Method, cost rule, counts and timings, for the report. */
  details: Record<string, unknown>;
}

/**
 * Chooses further cells to suppress (`D`) so that no suppressed primary cell (`A`, `B`) can be
 * recomputed from the published cells, nor narrowed below its protection interval.
 *
 * - `heuristic`: {@link gaussSuppression} (Langsrud, *Journal of Official Statistics* 40(1), 2024)
 *   makes every primary linearly independent of the published cells; then, for every primary and
 *   each direction, the attacker's linear programme is checked and, when the interval is too
 *   narrow, repaired by the single-primary protection LP of Kelly, Golden & Assad ("Cell
 *   suppression: disclosure protection for sensitive tabular data", *Networks* 22, 1992), the
 *   subproblem of Fischetti & Salazar-González (*Management Science* 47(7), 2001). See
 *   {@link protectIntervals}.
 * - `optimal`: the minimum-cost pattern (secondary-optimal.ts).
 *
 * The attacker's lower bound on every cell is `min(0, smallest value)`: 0 for counts and
 * non-negative totals.
 *
 * @param s - the table structure.
 * @param values - every cell's value (counts or totals), additive.
 * @param status - `STATUS.A`/`B` primary, `V` publishable, `D` already suppressed.
 * @param protection - lower and upper protection levels of every cell.
 * @param options - see {@link SecondaryOptions}.
 * @returns the new status, the number of `D` added and details for the report.
 * @throws DatanonymeError `BAD_PARAMETER` for arrays of the wrong length or a cost that is not
 * finite and ≥ 0; whatever the optimal mode throws (too large a table, time limit).
 * @example
 * (await secondarySuppression(s, values, status, protection, { method: 'heuristic' })).secondary
 * // => 3 on the 3 × 3 table with one small cell (tests)
 */
export async function secondarySuppression(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  protection: ProtectionLevels,
  options: SecondaryOptions,
): Promise<SecondaryResult> {
  const started = performance.now();
  for (const [name, a] of [
    ['values', values],
    ['status', status],
    ['protection.lower', protection.lower],
    ['protection.upper', protection.upper],
  ] as const) {
    if (a.length !== s.size) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `${name} has ${a.length} entries but the table has ${s.size} cells`,
      );
    }
  }
  const costRule = options.cost === undefined ? 'value' : 'given';
  const cost = options.cost ?? Float64Array.from(values, (v) => Math.abs(v));
  if (cost.length !== s.size) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `cost has ${cost.length} entries but the table has ${s.size} cells`,
    );
  }
  for (let c = 0; c < s.size; c++) {
    const w = cost[c] ?? 0;
    if (!Number.isFinite(w) || w < 0) {
      throw new DatanonymeError('BAD_PARAMETER', `the cost of cell ${c} must be finite and ≥ 0`, {
        value: String(w),
      });
    }
  }
  let primary = 0;
  for (const st of status) if (st === STATUS.A || st === STATUS.B) primary++;

  if (options.method === 'optimal') {
    const result = await optimalSuppression(s, values, status, protection, {
      cost,
      ...(options.timeLimitSeconds === undefined
        ? {}
        : { timeLimitSeconds: options.timeLimitSeconds }),
      ...(options.maxCells === undefined ? {} : { maxCells: options.maxCells }),
    });
    return {
      status: result.status,
      secondary: result.secondary,
      details: {
        method: 'optimal',
        cost: costRule,
        primary,
        secondary: result.secondary,
        optimal: result.optimal,
        objective: result.objective,
        iterations: result.iterations,
        cuts: result.cuts,
        ms: Math.round(performance.now() - started),
      },
    };
  }
  // Callers from JavaScript or a parsed file may pass anything.
  const method: string = options.method;
  if (method !== 'heuristic') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the secondary method must be heuristic or optimal, got "${method}"`,
    );
  }
  const gauss = gaussSuppression(s, values, status, { cost });
  const gaussMs = performance.now() - started;
  const repaired = await protectIntervals(s, values, gauss.status, protection, cost);
  let secondary = 0;
  for (let c = 0; c < s.size; c++) {
    if (status[c] === STATUS.V && repaired.status[c] === STATUS.D) secondary++;
  }
  return {
    status: repaired.status,
    secondary,
    details: {
      method: 'heuristic',
      cost: costRule,
      primary,
      secondary,
      gaussianElimination: gauss.secondary,
      intervalRepairs: repaired.repairs,
      intervalRepairCells: repaired.added,
      attackerLps: repaired.lps,
      checksSettledByEarlierLps: repaired.settled,
      gaussianMs: Math.round(gaussMs),
      ms: Math.round(performance.now() - started),
    },
  };
}

/** What {@link protectIntervals} returns. */
export interface IntervalRepair {
  status: Uint8Array;
  /** Primary directions that had to be repaired. */
  repairs: number;
  /** Cells suppressed by the repairs. */
  added: number;
  /** Attacker linear programmes solved. */
  lps: number;
  /** Checks settled by the solutions of earlier attacker LPs. */
  settled: number;
}

/** Relative tolerance of the interval checks. */
const TOLERANCE = 1e-7;

/**
 * Makes every suppressed primary cell interval-protected, adding suppressions (`D`) only.
 *
 * For each primary p and each direction with a positive level (up: the attacker's maximum of x_p
 * must reach x_p + U_p; down: the minimum must reach x_p − L_p), the attacker's LP is solved on
 * p's connected component of suppressed cells (two are linked when an equation holds both; the
 * other cells are constants, which does not change the LP). Every optimal solution is a table the
 * attacker cannot rule out, and stays one when more cells are suppressed, so the largest and
 * smallest value each cell took in any of them bound its interval from inside: a check they
 * settle needs no LP. Otherwise the component's primaries are first pushed all at once (one LP
 * with their sum as objective), then p alone. A failure is repaired with the protection LP
 * (Kelly, Golden & Assad 1992; Fischetti & Salazar-González 2001):
 *
 *   minimise Σ_c w_c (y⁺_c + y⁻_c) subject to A (y⁺ − y⁻) = 0 for every additivity equation,
 *   y_p = +U_p (resp. −L_p), 0 ≤ y⁻_c ≤ x_c − lb, y⁺_c ≥ 0,
 *
 * with w_c = 0 for suppressed cells and, for published ones, the cost (a cell of cost 0 gets the
 * smallest positive cost, and cells of value 0 the largest plus one, so they come last). Every
 * published cell with y_c ≠ 0 is suppressed: then x + y satisfies every equation with the
 * published cells unchanged and every cell ≥ lb, so the attacker's maximum (minimum) of x_p is at
 * least x_p + U_p (at most x_p − L_p). Suppressing more cells never narrows an interval, so
 * earlier primaries stay protected.
 *
 * @param s - the table structure.
 * @param values - the cell values.
 * @param status - the suppression pattern (not modified).
 * @param protection - the protection levels.
 * @param cost - the cost of suppressing each cell.
 * @returns the new status and counts.
 * @throws Error when a repaired primary still fails its check (a numerical failure to report).
 * @example
 * (await protectIntervals(s, values, status, protection, cost)).repairs // => 0 when protected
 */
export async function protectIntervals(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  protection: ProtectionLevels,
  cost: Float64Array,
): Promise<IntervalRepair> {
  const out = Uint8Array.from(status);
  const highs = await highsSolver();
  const equations = additivityEquations(s);
  let lb = 0;
  for (const v of values) lb = Math.min(lb, v);
  // Equations of every cell (CSR).
  const eqStart = new Int32Array(s.size + 1);
  for (const e of equations) {
    eqStart[e.total + 1] = (eqStart[e.total + 1] ?? 0) + 1;
    for (const q of e.parts) eqStart[q + 1] = (eqStart[q + 1] ?? 0) + 1;
  }
  for (let c = 0; c < s.size; c++) eqStart[c + 1] = (eqStart[c + 1] ?? 0) + (eqStart[c] ?? 0);
  const eqOf = new Int32Array(eqStart[s.size] ?? 0);
  const fill = eqStart.slice(0, s.size);
  equations.forEach((e, k) => {
    eqOf[fill[e.total] ?? 0] = k;
    fill[e.total] = (fill[e.total] ?? 0) + 1;
    for (const q of e.parts) {
      eqOf[fill[q] ?? 0] = k;
      fill[q] = (fill[q] ?? 0) + 1;
    }
  });
  const cellsOf = (k: number): number[] => {
    const e = equations[k];
    return e === undefined ? [] : [e.total, ...e.parts];
  };
  /** Coefficient of the i-th cell of an equation: its total +1, its parts −1. */
  const coefficient = (i: number): number => (i === 0 ? 1 : -1);

  // Weights of the protection LP for published cells.
  let maxCost = 0;
  let minPositive = Infinity;
  for (const w of cost) {
    maxCost = Math.max(maxCost, w);
    if (w > 0) minPositive = Math.min(minPositive, w);
  }
  if (!Number.isFinite(minPositive)) minPositive = 1;
  const weight = (c: number): number => {
    if ((values[c] ?? 0) === 0) return maxCost + 1;
    const w = cost[c] ?? 0;
    return w > 0 ? w : minPositive;
  };

  const suppressed = (c: number): boolean => out[c] !== STATUS.V;
  /** The level asked in a direction; downwards at most x − lb (the attacker knows x ≥ lb). */
  const levelOf = (p: number, up: boolean): number =>
    up
      ? (protection.upper[p] ?? 0)
      : Math.min(protection.lower[p] ?? 0, Math.max(0, (values[p] ?? 0) - lb));
  let lps = 0;
  let settled = 0;

  /**
   * The attacker's maximum (`up`) or minimum of x_p, with the suppressed cells of `free` as
   * variables and every other cell a constant at its value.
   */
  /**
   * The attacker's LP on one connected component of the suppressed cells (its cells the
   * variables, the equations that hold them the rows, every other cell a constant), built once
   * per pattern and kept: only the objective changes between solves, and the primal simplex
   * continues from the last basis, still feasible.
   */
  type ComponentModel = {
    model: ReturnType<typeof highs.createModel>;
    cells: readonly number[];
    column: Map<number, number>;
    costed: number[];
  };
  const models = new Map<number, ComponentModel>();
  const dropModels = (): void => {
    for (const m of models.values()) m.model.dispose();
    models.clear();
  };
  const componentModel = (cells: readonly number[]): ComponentModel => {
    const key = cells.reduce((m, c) => Math.min(m, c), Infinity);
    const known = models.get(key);
    if (known !== undefined) return known;
    const column = new Map<number, number>();
    cells.forEach((c, j) => column.set(c, j));
    const rows = new Set<number>();
    for (const c of cells) {
      for (let i = eqStart[c] ?? 0; i < (eqStart[c + 1] ?? 0); i++) rows.add(eqOf[i] ?? 0);
    }
    const starts = [0];
    const indices: number[] = [];
    const coefs: number[] = [];
    const rhs: number[] = [];
    for (const e of rows) {
      const entries: [number, number][] = [];
      let constant = 0;
      cellsOf(e).forEach((c, i) => {
        const j = column.get(c);
        if (j === undefined) constant -= coefficient(i) * (values[c] ?? 0);
        else entries.push([j, coefficient(i)]);
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
      colLower: new Float64Array(n).fill(lb),
      colUpper: new Float64Array(n).fill(highs.infinity),
      rowLower: rhs,
      rowUpper: rhs,
      matrix: { format: 'csr', numRows: rhs.length, numCols: n, starts, indices, values: coefs },
    });
    model.options.set({ output_flag: false, presolve: 'off', simplex_strategy: 4 });
    const made = { model, cells: [...cells], column, costed: [] };
    models.set(key, made);
    return made;
  };

  const attacker = (
    p: number,
    free: readonly number[],
    up: boolean,
    objective: readonly number[] = [p],
  ): number => {
    const { model, cells, column, costed } = componentModel(free);
    for (const j of costed) model.changeColCost(j, 0);
    costed.length = 0;
    for (const q of objective) {
      const j = column.get(q) ?? 0;
      model.changeColCost(j, 1);
      costed.push(j);
    }
    model.changeObjectiveSense(
      up ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
    );
    const st = model.run().modelStatus;
    lps++;
    if (st === highs.constants.modelStatus.optimal) {
      // A feasible table for the attacker: it bounds every cell's extremes from inside.
      const z = model.getSolution().colValue;
      cells.forEach((c, j) => {
        const v = z[j] ?? 0;
        if (v > (seenHigh[c] ?? 0)) seenHigh[c] = v;
        if (v < (seenLow[c] ?? 0)) seenLow[c] = v;
      });
      return model.getObjectiveValue();
    }
    if (up && st === highs.constants.modelStatus.unbounded) return Infinity;
    throw new Error(`the attacker LP of cell ${p} ended with status ${st} (a bug to report)`);
  };

  /**
   * The suppressed cells linked to p through at most `depth` equations that hold suppressed
   * cells, at most `cap` of them (breadth first); all of p's component for `Infinity`.
   */
  const neighbourhood = (p: number, depth: number, cap: number): number[] => {
    const seen = new Set<number>([p]);
    let frontier = [p];
    for (let d = 0; d < depth && frontier.length > 0; d++) {
      const next: number[] = [];
      for (const c of frontier) {
        for (let i = eqStart[c] ?? 0; i < (eqStart[c + 1] ?? 0); i++) {
          for (const q of cellsOf(eqOf[i] ?? 0)) {
            if (seen.size >= cap) return [...seen];
            if (suppressed(q) && !seen.has(q)) {
              seen.add(q);
              next.push(q);
            }
          }
        }
      }
      frontier = next;
    }
    return [...seen];
  };

  // Every optimal solution of an attacker LP is a table the attacker cannot rule out, and stays
  // one when more cells are suppressed: the largest and smallest value each cell took in them
  // bound its attacker interval from inside, and settle most checks without a further LP.
  const seenHigh = Float64Array.from(values);
  const seenLow = Float64Array.from(values);
  const seeded = new Set<number>();

  const protectedIn = (p: number, up: boolean): boolean => {
    const x = values[p] ?? 0;
    const level = levelOf(p, up);
    const target = up ? x + level : x - level;
    const tol = TOLERANCE * Math.max(1, Math.abs(x), level);
    const ok = (extreme: number): boolean =>
      up ? extreme >= target - tol : extreme <= target + tol;
    if (ok(up ? (seenHigh[p] ?? x) : (seenLow[p] ?? x))) {
      settled++;
      return true;
    }
    const component = neighbourhood(p, Infinity, Infinity);
    const first = component.reduce((m, c) => Math.min(m, c), Infinity);
    if (!seeded.has(first)) {
      // Two LPs push every primary of the component up, then down, at once.
      seeded.add(first);
      const primaries = component.filter((c) => status[c] === STATUS.A || status[c] === STATUS.B);
      attacker(p, component, true, primaries);
      attacker(p, component, false, primaries);
      if (ok(up ? (seenHigh[p] ?? x) : (seenLow[p] ?? x))) {
        settled++;
        return true;
      }
    }
    // The primaries of the component still unsettled in this direction, pushed all at once: one
    // LP usually settles several of them; p alone when it does not settle p.
    const open = component.filter((c) => {
      if (c === p || (status[c] !== STATUS.A && status[c] !== STATUS.B)) return false;
      const xc = values[c] ?? 0;
      const lc = levelOf(c, up);
      const tc = TOLERANCE * Math.max(1, Math.abs(xc), lc);
      return up ? (seenHigh[c] ?? xc) < xc + lc - tc : (seenLow[c] ?? xc) > xc - lc + tc;
    });
    if (open.length > 0) {
      attacker(p, component, up, [p, ...open]);
      if (ok(up ? (seenHigh[p] ?? x) : (seenLow[p] ?? x))) {
        settled++;
        return true;
      }
    }
    return ok(attacker(p, component, up));
  };

  /** Solves the protection LP for p in one direction; suppresses the cells it moves. */
  /** Solves the protection LP for p in one direction; suppresses the cells it moves. */
  const repair = (p: number, up: boolean): number => {
    const level = levelOf(p, up);
    const n = s.size;
    // Columns: y⁺_c = c, y⁻_c = n + c.
    const colCost = new Float64Array(2 * n);
    const colLower = new Float64Array(2 * n);
    const colUpper = new Float64Array(2 * n);
    for (let c = 0; c < n; c++) {
      const w = suppressed(c) ? 0 : weight(c);
      colCost[c] = w;
      colCost[n + c] = w;
      colUpper[c] = highs.infinity;
      colUpper[n + c] = Math.max(0, (values[c] ?? 0) - lb);
    }
    if (up) {
      colLower[p] = level;
      colUpper[p] = level;
      colUpper[n + p] = 0;
    } else {
      colLower[n + p] = level;
      colUpper[n + p] = level;
      colUpper[p] = 0;
    }
    const starts = [0];
    const indices: number[] = [];
    const coefs: number[] = [];
    equations.forEach((_, k) => {
      const cells = cellsOf(k);
      // Columns must increase within a row: y⁺ entries then y⁻ entries, each sorted.
      const order = cells.map((c, i) => [c, coefficient(i)] as const).sort((a, b) => a[0] - b[0]);
      for (const [c, a] of order) {
        indices.push(c);
        coefs.push(a);
      }
      for (const [c, a] of order) {
        indices.push(n + c);
        coefs.push(-a);
      }
      starts.push(indices.length);
    });
    const zeros = new Float64Array(equations.length);
    const model = highs.createModel({
      numCols: 2 * n,
      numRows: equations.length,
      colCost,
      colLower,
      colUpper,
      rowLower: zeros,
      rowUpper: zeros,
      matrix: {
        format: 'csr',
        numRows: equations.length,
        numCols: 2 * n,
        starts,
        indices,
        values: coefs,
      },
    });
    try {
      model.options.set({ output_flag: false });
      const run = model.run();
      lps++;
      if (run.modelStatus !== highs.constants.modelStatus.optimal) {
        throw new Error(
          `the protection LP of cell ${p} ended with status ${run.modelStatus} (a bug to report)`,
        );
      }
      const y = model.getSolution().colValue;
      let added = 0;
      for (let c = 0; c < n; c++) {
        if (suppressed(c)) continue;
        const move = Math.abs((y[c] ?? 0) - (y[n + c] ?? 0));
        if (move > 1e-9 * Math.max(1, level)) {
          out[c] = STATUS.D;
          added++;
        }
      }
      // x + y is now a table the attacker cannot rule out: it settles p's check.
      for (let c = 0; c < n; c++) {
        if (!suppressed(c)) continue;
        const v = (values[c] ?? 0) + (y[c] ?? 0) - (y[n + c] ?? 0);
        if (v > (seenHigh[c] ?? 0)) seenHigh[c] = v;
        if (v < (seenLow[c] ?? 0)) seenLow[c] = v;
      }
      return added;
    } finally {
      model.dispose();
    }
  };

  let repairs = 0;
  let added = 0;
  try {
    for (let p = 0; p < s.size; p++) {
      if (status[p] !== STATUS.A && status[p] !== STATUS.B) continue;
      for (const up of [true, false]) {
        const level = levelOf(p, up);
        if (!(level > 0)) continue;
        if (protectedIn(p, up)) continue;
        repairs++;
        added += repair(p, up);
        dropModels();
        if (!protectedIn(p, up)) {
          throw new Error(
            `cell ${p} is still not protected ${up ? 'upwards' : 'downwards'} after its repair (a bug to report)`,
          );
        }
      }
    }
  } finally {
    dropModels();
  }
  return { status: out, repairs, added, lps, settled };
}
