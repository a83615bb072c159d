/**
 * Optimal secondary cell suppression: the cheapest set of complementary suppressions under which
 * an attacker who knows the published cells, the additivity of the table and that every cell is
 * ≥ 0 cannot narrow any primary cell below its protection interval.
 *
 * The model is Fischetti & Salazar-González's ("Solving the cell suppression problem on tabular
 * data with linear constraints", *Management Science* 47(7), 2001; Hundepool et al., *Statistical
 * Disclosure Control*, Wiley 2012, §4.3), solved by Benders decomposition: a master
 * mixed-integer programme over the suppression indicators only, and for every primary cell and
 * direction an attacker's linear programme whose dual, when the protection fails, gives a
 * capacity cut to add to the master. Both are solved with HiGHS (see `highs.ts`).
 *
 * ## The attacker's LP and the cut (derivation)
 *
 * Let `a` be the cell values, `M` the additivity matrix (one row per equation `total − Σ parts`),
 * `s ∈ {0,1}^N` the suppression pattern. The attacker's deviations `y = x − a` satisfy
 * `M y = 0`, `y_c = 0` for a published cell, and `−a_c ≤ y_c` for a suppressed one (the cell is
 * ≥ 0); the attacker knows no upper bound, so `y_c ≤ UB_c s_c` with `UB_c = +∞` (we take the
 * audit's attacker, `auditTable`, exactly: no a-priori upper bound, hence no loss from a
 * finite one). Primary `p` is protected upwards by `r = upper_p` when `max { y_p } ≥ r`, and
 * downwards by `r = lower_p` when `max { −y_p } ≥ r`. Write `g = ±e_p` for the objective.
 *
 * For any multipliers `π` of the equations, weak duality gives, for every feasible `y`,
 * `g·y = (g − Mᵀπ)·y = d·y ≤ Σ_c s_c (UB_c d_c⁺ + a_c d_c⁻)` with `d = g − Mᵀπ`, since each
 * `y_c` lies in `[−a_c s_c, UB_c s_c]`. So a protected pattern satisfies, for every `π`,
 *
 *     Σ_c s_c (UB_c d_c⁺ + a_c d_c⁻) ≥ r,                                        (cut)
 *
 * and by strong duality the converse holds: if every cut holds, `max g·y ≥ r`. With
 * `UB_c = +∞`, a cell with `d_c > 0` has an infinite coefficient; since `s` is binary and the
 * coefficients non-negative, any coefficient may be lowered to `r` without cutting off a
 * protected pattern (a pattern with that `s_c = 1` satisfies the cut anyway), so the cut used is
 * `Σ_c min(r, coef_c) s_c ≥ r` with `coef_c = r` when `d_c > 0`, `a_c |d_c|` when `d_c < 0`, 0
 * otherwise. The fixed cells (primaries, cells already suppressed) move to the right-hand side
 * and the remaining coefficients are lowered to the new right-hand side `r'` likewise.
 *
 * When the attacker's LP for the current pattern `s*` has optimum below `r`, its optimal dual
 * `π` (HiGHS's row duals) satisfies `d_c ≤ 0` on the suppressed cells (dual feasibility under
 * `UB = +∞`) and `Σ_{c: s*_c = 1} a_c d_c⁻ = optimum < r`: the cut is violated by `s*`. Before
 * the first master, the cut of every equation through `p` (π the indicator of that row, scaled
 * so that `d_p = 0`) is added: in one equation the other cells must absorb the move of `p`, by
 * falling (at most their value) or by a rise of a cell on the other side.
 *
 * Then, while the relaxation's bound rises (by 1 % in three rounds at least, for at most 30 rounds
 * and a quarter of the time limit), the master's LP relaxation is solved and every check is separated
 * at its fractional point `s*`: the attacker's LP with `−a_c s*_c ≤ y_c ≤ r s*_c` gives a `π`, whose cut (built as above, so valid
 * whatever bound was used to find it) is added when `s*` violates it. Cuts are scaled to a
 * right-hand side of 100.
 *
 * The loop: solve the master (minimum cost subject to the cuts), check every primary and
 * direction on its solution (an earlier check's witness `y` whose support is suppressed proves
 * protection without an LP), add the cuts of the failed checks, repeat. When every check passes,
 * the master's optimum is the optimal pattern. When the time limit stops the loop, the last
 * master solution and the Gaussian-elimination heuristic's pattern are repaired (for each failed
 * check, the cells of a cheapest attacker's move — an LP over all cells — are suppressed) and the
 * cheaper is returned as feasible, not optimal.
 *
 * Why not the compact model (one flow vector `y` per primary and direction inside one MIP, with a
 * finite `UB`)? Measured on the bench tables (cost = value, frequency rule 3, 2 shared cores): on
 * BAAC birth decade × user category × severity (336 cells, 34 checks, 11,743 columns) HiGHS
 * stopped at a 120 s limit with a pattern costing 317,925 (this module: 7,530, proved optimal,
 * 5 s); on Adult native-country × occupation (630 cells, 294 checks, 185,703 columns) at a 60 s
 * limit with 469 secondaries costing 34,095 (this module: 1 secondary, cost 11, about 2 s).
 */
import { DatanonymeError } from '../../src/errors.js';
import { additivityEquations } from './equations.js';
import { gaussSuppression } from './secondary-heuristic.js';
import { lpExpression, lpNumber, solveLp, type LpResult } from './highs.js';
import { STATUS, type ProtectionLevels, type TableStructure } from './types.js';

/** Options of {@link optimalSuppression}. */
export interface OptimalOptions {
  /** Cost of suppressing each cell (≥ 0); the objective is the total cost of the secondaries. */
  cost: Float64Array;
  /**
   * Wall-clock limit in seconds for the whole search; when reached, the best protected pattern
   * found is returned with `optimal: false`.
   * @defaultValue 60
   */
  timeLimitSeconds?: number;
  /**
   * Largest table (cells, margins included) accepted; larger tables are refused.
   * @defaultValue 2000
   */
  maxCells?: number;
}

/** What {@link optimalSuppression} returns. */
export interface OptimalResult {
  /** Input status with the secondary suppressions set to `STATUS.D`. */
  status: Uint8Array;
  /** Number of cells set to `D`. */
  secondary: number;
  /** True when HiGHS proved the pattern optimal (relative gap 1e-6). */
  optimal: boolean;
  /** Total cost of the secondary suppressions. */
  objective: number;
  /** Number of master problems solved. */
  iterations: number;
  /** Number of cuts in the last master problem. */
  cuts: number;
  seconds: number;
}

/**
 * The default largest table: 2,000 cells. The Benders loop solves up to two attacker LPs per
 * primary cell and a master MIP over every candidate cell per iteration. Measured (cost = value,
 * frequency rule 3, two shared cores): Adult native-country × occupation, 630 cells and 147
 * primaries, optimal in about 2 s; Adult education × occupation × race, 1,530 cells and 255
 * primaries, optimal in 38 s, near the default time limit of 60 s. Beyond that, the heuristic.
 */
export const DEFAULT_MAX_CELLS = 2000;
/** The default time limit, in seconds. */
export const DEFAULT_TIME_LIMIT_SECONDS = 60;

/** Largest number of rounds of cuts at fractional points before the MIP. */
const LP_ROUNDS = 30;
/** The rounds stop when the relaxation's bound rose by less than this fraction in three rounds. */
const TAILING_OFF = 0.01;
/**
 * Relative tolerance of the protection checks: a level reached within 1e-7 × max(1, level) is
 * reached (HiGHS's primal feasibility tolerance).
 */
const TOLERANCE = 1e-7;
/**
 * Cuts are scaled to a right-hand side of 100, so that a failed check's cut (violated by at least
 * 1e-7 of its right-hand side) is violated by more than the MIP's feasibility tolerance (1e-6),
 * then loosened by 1e-8 against rounding in the duals.
 */
const CUT_SCALE = 100;
const CUT_SLACK = 1e-8;
/** Relative gap at which HiGHS declares the master optimal. */
const MIP_GAP = 1e-6;
/**
 * The interval a primary cell whose levels are both 0 must still span: it must not be pinned
 * exactly, so it must be able to rise by this fraction of max(1, its value).
 */
const SLIDING = 1e-3;

/** One protection requirement: `max σ y_p ≥ r`. */
interface Check {
  cell: number;
  sign: 1 | -1;
  level: number;
  /** The last attacker's move `y` that proved it: the cells that moved and by how much. */
  witness: { cells: Int32Array; moves: Float64Array } | undefined;
}

/** A cut over the free cells: `Σ coef_i s_{cells_i} ≥ rhs`. */
interface Cut {
  cells: number[];
  coef: number[];
  rhs: number;
}

/**
 * Optimal secondary cell suppression (Fischetti & Salazar-González 2001; Hundepool et al. 2012,
 * §4.3): minimises `Σ cost_c s_c` over the binary suppression indicators, subject to, for every
 * primary cell `p` (status `A` or `B`), the attacker's LPs `max y_p ≥ upper_p` and
 * `max −y_p ≥ lower_p` over `M y = 0`, `y_c = 0` for published cells, `y_c ≥ −x_c` for
 * suppressed ones (every cell is ≥ 0; no upper bound is known to the attacker, as in
 * `auditTable`). Solved by Benders decomposition with capacity cuts from the LP duals (derivation
 * in the module comment). Cells with status `D` on input stay suppressed and cost nothing; a
 * primary whose levels are both 0 must still not be pinned exactly (it must be able to rise by
 * 0.1 % of max(1, value)).
 *
 * @param s - the table structure.
 * @param values - every cell's value (≥ 0: counts or non-negative totals).
 * @param status - the status of every cell: `A`/`B` primary, `V` candidate, `D` already suppressed.
 * @param protection - lower and upper protection levels of the primary cells.
 * @param options - costs, time limit, largest table; see {@link OptimalOptions}.
 * @returns the status with the secondaries set to `D`, their number and cost, and whether the
 *   pattern was proved optimal.
 * @throws DatanonymeError `BAD_PARAMETER` for a table above `maxCells`, arrays of the wrong
 *   length, a negative or non-finite value, cost or level, or a non-positive time limit;
 *   `IMPOSSIBLE` when a primary's lower level exceeds its value (no pattern can hide it: every
 *   cell is ≥ 0), or when the time limit passed before any pattern was found (use the heuristic).
 * @example
 * // 3 × 3 table with margins, one primary inner cell: a rectangle of four cells is hidden
 * (await optimalSuppression(s, values, status, protection, { cost: values })).secondary // => 3
 */
export async function optimalSuppression(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  protection: ProtectionLevels,
  options: OptimalOptions,
): Promise<OptimalResult> {
  const started = performance.now();
  const elapsed = (): number => (performance.now() - started) / 1000;
  const maxCells = options.maxCells ?? DEFAULT_MAX_CELLS;
  const timeLimit = options.timeLimitSeconds ?? DEFAULT_TIME_LIMIT_SECONDS;
  const cost = options.cost;
  validate(s, values, status, protection, cost, maxCells, timeLimit);
  const n = s.size;

  const { fixed, checks } = protectionChecks(values, status, protection);
  const done = (
    out: Uint8Array,
    optimal: boolean,
    iterations: number,
    cuts: number,
  ): OptimalResult => {
    let secondary = 0;
    let objective = 0;
    for (let c = 0; c < n; c++) {
      if (fixed[c] === 0 && out[c] === STATUS.D) {
        secondary++;
        objective += cost[c] ?? 0;
      }
    }
    return { status: out, secondary, optimal, objective, iterations, cuts, seconds: elapsed() };
  };
  if (checks.length === 0) return done(Uint8Array.from(status), true, 0, 0);

  const table = new AttackerModel(s, values);
  const cuts = new Map<string, Cut>();
  const addCut = (check: Check, d: Float64Array): Cut | undefined => {
    const cut = capacityCut(check, d, values, fixed);
    if (cut === undefined) return undefined;
    const key = `${cut.rhs}|${cut.cells.join(',')}|${cut.coef.join(',')}`;
    if (cuts.has(key)) return undefined;
    cuts.set(key, cut);
    return cut;
  };
  for (const check of checks) {
    for (const e of table.equationsOf(check.cell)) addCut(check, table.rowCutDirection(check, e));
  }

  const free: number[] = [];
  for (let c = 0; c < n; c++) if (fixed[c] === 0) free.push(c);
  // Cuts at the fractional optima of the master's LP relaxation first: LPs are cheap, and each
  // round strengthens the relaxation the MIP starts from.
  const bounds: number[] = [];
  for (let round = 0; round < LP_ROUNDS && free.length > 0 && elapsed() < timeLimit / 4; round++) {
    const relaxation = await solveLp(masterModel(free, cost, cuts, true), {
      time_limit: timeLimit - elapsed(),
    });
    if (relaxation.status !== 'Optimal') break;
    // Tailing off: stop when the bound rose by less than 1 % over the last three rounds.
    const before = bounds[bounds.length - 3];
    if (
      before !== undefined &&
      relaxation.objective - before < TAILING_OFF * Math.abs(relaxation.objective)
    )
      break;
    bounds.push(relaxation.objective);
    const point = Float64Array.from(fixed);
    for (const c of free) point[c] = Math.min(1, Math.max(0, relaxation.primal.get(`s${c}`) ?? 0));
    let added = 0;
    for (const check of checks) {
      if (table.witnessHoldsAt(check, point)) continue;
      const d = await table.fractionalCheck(check, point);
      if (d === undefined) continue;
      const cut = addCut(check, d);
      if (cut !== undefined && violation(cut, point) > TOLERANCE * CUT_SCALE) added++;
    }
    if (added === 0) break;
  }
  let iterations = 0;
  let last: Uint8Array | undefined;
  for (;;) {
    const remaining = timeLimit - elapsed();
    if (remaining <= 0) break;
    iterations++;
    // Every cell fixed: the one pattern there is needs no solver.
    const master: LpResult =
      free.length === 0
        ? { status: 'Optimal', objective: 0, primal: new Map(), rowDual: new Float64Array(0) }
        : await solveLp(masterModel(free, cost, cuts), {
            time_limit: remaining,
            mip_rel_gap: MIP_GAP,
          });
    const solved = master.status === 'Optimal';
    if (master.status === 'Infeasible') {
      // Every cut is valid for every protected pattern and suppressing every cell protects
      // every primary whose lower level is at most its value (checked above): a bug.
      throw new Error('optimal suppression: the master problem became infeasible');
    }
    const pattern = patternOf(master, free, fixed);
    if (pattern === undefined) break;
    last = pattern;
    let failed = 0;
    let added = 0;
    let timedOut = false;
    for (const check of checks) {
      if (table.witnessHolds(check, pattern)) continue;
      if (elapsed() > timeLimit) {
        failed++;
        timedOut = true;
        break;
      }
      const outcome = await table.check(check, pattern);
      if (outcome.protected) continue;
      failed++;
      const cut = outcome.d === undefined ? undefined : addCut(check, outcome.d);
      if (cut !== undefined && violation(cut, pattern) > 0) added++;
    }
    if (failed === 0) {
      const out = Uint8Array.from(status);
      for (const c of free) if (pattern[c] === 1) out[c] = STATUS.D;
      return done(out, solved, iterations, cuts.size);
    }
    // Stopped by the time limit, or (numerically) no cut separates the master's solution: the
    // last pattern is repaired instead.
    if (!solved || timedOut || added === 0) break;
  }
  if (last === undefined) {
    throw new DatanonymeError(
      'IMPOSSIBLE',
      `optimal secondary suppression found no suppression pattern within the time limit of ` +
        `${timeLimit} s (timeLimitSeconds): raise the limit or use the heuristic method`,
      { value: String(timeLimit), field: 'timeLimitSeconds' },
    );
  }
  // The better of the last master solution and the Gaussian-elimination heuristic's pattern,
  // each repaired to interval safety.
  const candidates = [
    last,
    Uint8Array.from(gaussSuppression(s, values, status, { cost }).status, (st) =>
      st === STATUS.V ? 0 : 1,
    ),
  ];
  let best: Uint8Array | undefined;
  let bestCost = Infinity;
  for (const candidate of candidates) {
    const repaired = await table.repair(candidate, checks, cost, fixed);
    let total = 0;
    for (const c of free) if (repaired[c] === 1) total += cost[c] ?? 0;
    if (total < bestCost) {
      best = repaired;
      bestCost = total;
    }
  }
  const out = Uint8Array.from(status);
  for (const c of free) if (best?.[c] === 1) out[c] = STATUS.D;
  return done(out, false, iterations, cuts.size);
}

/**
 * The cells fixed as suppressed (primaries, cells already `D`) and one check per primary and
 * direction with a positive level; a primary with both levels 0 gets the sliding upward level.
 */
function protectionChecks(
  values: Float64Array,
  status: Uint8Array,
  protection: ProtectionLevels,
): { fixed: Uint8Array; checks: Check[] } {
  const fixed = new Uint8Array(values.length);
  const checks: Check[] = [];
  for (let c = 0; c < values.length; c++) {
    const st = status[c] ?? STATUS.V;
    if (st === STATUS.V) continue;
    fixed[c] = 1;
    if (st !== STATUS.A && st !== STATUS.B) continue;
    const x = values[c] ?? 0;
    let up = protection.upper[c] ?? 0;
    const down = protection.lower[c] ?? 0;
    if (down > x + TOLERANCE * Math.max(1, x)) {
      throw new DatanonymeError(
        'IMPOSSIBLE',
        `primary cell ${c} has value ${x} but a lower protection level of ${down}: no ` +
          'suppression pattern can hide it, since the attacker knows that every cell is ≥ 0',
        { value: String(down) },
      );
    }
    if (up <= 0 && down <= 0) up = SLIDING * Math.max(1, x);
    if (up > 0) checks.push({ cell: c, sign: 1, level: up, witness: undefined });
    if (down > 0) checks.push({ cell: c, sign: -1, level: Math.min(down, x), witness: undefined });
  }
  return { fixed, checks };
}

/**
 * Completes a suppression pattern until every primary cell's protection interval holds against
 * the attacker of {@link optimalSuppression} (published cells, additivity, cells ≥ 0), without
 * optimising: for each primary and direction whose attacker's LP falls short of the level, the
 * cells of a cheapest attacker's move (the LP `min Σ w_c |y_c|` over all cells, `w_c` the cost
 * normalised to [0, 1] plus 10⁻³, 10⁻⁶ for cells already suppressed, subject to `M y = 0`,
 * `y ≥ −x`, `±y_p ≥ level`) are suppressed. Suppressing a cell never unprotects another, so one
 * pass suffices. This is the network-flow style of heuristic Hundepool et al. 2012, §4.3 describe
 * (one cheapest move per primary), on the LP of Fischetti & Salazar-González 2001; used to make
 * an exact-disclosure pattern (the Gaussian-elimination heuristic's) interval-safe, and by
 * {@link optimalSuppression} when its time limit stops the search.
 *
 * @param s - the table structure.
 * @param values - every cell's value (≥ 0).
 * @param status - `A`/`B` primary, `D` suppressed, `V` published.
 * @param protection - lower and upper protection levels of the primary cells.
 * @param options - `cost` of suppressing each cell (≥ 0).
 * @returns the status with the added suppressions set to `D`, and how many were added.
 * @throws DatanonymeError `BAD_PARAMETER` for arrays of the wrong length or negative values,
 *   `IMPOSSIBLE` when a primary's lower level exceeds its value.
 * @example
 * (await repairSuppression(s, values, heuristic.status, protection, { cost })).added // => 2
 */
export async function repairSuppression(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  protection: ProtectionLevels,
  options: { cost: Float64Array },
): Promise<{ status: Uint8Array; added: number }> {
  validateArrays(s, values, status, protection, options.cost);
  const { fixed, checks } = protectionChecks(values, status, protection);
  const table = new AttackerModel(s, values);
  const pattern = await table.repair(fixed, checks, options.cost, fixed);
  const out = Uint8Array.from(status);
  let added = 0;
  for (let c = 0; c < s.size; c++) {
    if (fixed[c] === 0 && pattern[c] === 1) {
      out[c] = STATUS.D;
      added++;
    }
  }
  return { status: out, added };
}

function validate(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  protection: ProtectionLevels,
  cost: Float64Array,
  maxCells: number,
  timeLimit: number,
): void {
  if (!(Number.isInteger(maxCells) && maxCells >= 1)) {
    throw new DatanonymeError('BAD_PARAMETER', `maxCells must be an integer ≥ 1, got ${maxCells}`, {
      value: String(maxCells),
      field: 'maxCells',
    });
  }
  if (!(timeLimit > 0 && Number.isFinite(timeLimit))) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `timeLimitSeconds must be a positive number of seconds, got ${timeLimit}`,
      { value: String(timeLimit), field: 'timeLimitSeconds' },
    );
  }
  if (s.size > maxCells) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `optimal secondary suppression is limited to tables of ${maxCells} cells (maxCells) and ` +
        `this table has ${s.size} (margins included): use the heuristic method, or raise maxCells`,
      { value: String(s.size), field: 'maxCells' },
    );
  }
  validateArrays(s, values, status, protection, cost);
}

function validateArrays(
  s: TableStructure,
  values: Float64Array,
  status: Uint8Array,
  protection: ProtectionLevels,
  cost: Float64Array,
): void {
  const arrays: [string, ArrayLike<number>][] = [
    ['values', values],
    ['status', status],
    ['cost', cost],
    ['protection.lower', protection.lower],
    ['protection.upper', protection.upper],
  ];
  for (const [name, array] of arrays) {
    if (array.length !== s.size) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the table has ${s.size} cells but ${name} has ${array.length} entries`,
        { field: name },
      );
    }
    if (name === 'status') continue;
    for (let c = 0; c < array.length; c++) {
      const v = array[c] ?? 0;
      if (!(v >= 0 && Number.isFinite(v))) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `${name} of cell ${c} must be a finite number ≥ 0, got ${v}` +
            (name === 'values' ? ' (the attacker of the model knows every cell is ≥ 0)' : ''),
          { value: String(v), field: name },
        );
      }
    }
  }
  for (let c = 0; c < status.length; c++) {
    if ((status[c] ?? 0) > STATUS.D) {
      throw new DatanonymeError('BAD_PARAMETER', `unknown status code ${status[c]} of cell ${c}`, {
        value: String(status[c]),
        field: 'status',
      });
    }
  }
}

/**
 * The capacity cut of a check from the reduced costs `d = g − Mᵀπ` (module comment), the fixed
 * cells moved to the right-hand side, coefficients capped at it; undefined when the fixed cells
 * alone satisfy it.
 */
function capacityCut(
  check: Check,
  d: Float64Array,
  values: Float64Array,
  fixed: Uint8Array,
): Cut | undefined {
  const r = check.level;
  const tol = TOLERANCE * Math.max(1, r);
  const coefficient = new Float64Array(d.length);
  let rhs = r;
  for (let c = 0; c < d.length; c++) {
    const dc = snapUnit(d[c] ?? 0);
    let k = 0;
    if (dc > 1e-9) k = r;
    else if (dc < -1e-9) k = Math.min(r, (values[c] ?? 0) * -dc);
    if (fixed[c] === 1) rhs -= k;
    else coefficient[c] = k;
  }
  if (rhs <= tol) return undefined;
  const cells: number[] = [];
  const coef: number[] = [];
  for (let c = 0; c < d.length; c++) {
    const k = Math.min(rhs, coefficient[c] ?? 0);
    if (k > 0) {
      cells.push(c);
      coef.push((k / rhs) * CUT_SCALE);
    }
  }
  return { cells, coef, rhs: CUT_SCALE - CUT_SLACK };
}

/** How much a 0/1 pattern misses a cut by (> 0 when violated). */
function violation(cut: Cut, pattern: ArrayLike<number>): number {
  let lhs = 0;
  for (let i = 0; i < cut.cells.length; i++)
    lhs += (cut.coef[i] ?? 0) * (pattern[cut.cells[i] ?? 0] ?? 0);
  return cut.rhs - lhs;
}

/** Snaps a reduced cost within 1e-9 of an integer to it (2-D tables give 0, ±1). */
function snapUnit(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 ? r : x;
}

/** The master MIP: minimum cost of the free cells subject to every cut. */
function masterModel(
  free: readonly number[],
  cost: Float64Array,
  cuts: Map<string, Cut>,
  relaxed = false,
): string {
  const names = free.map((c) => `s${c}`);
  // Ties are broken towards fewer suppressions: every cell costs a little more, by at most a
  // (N + 1)-th of the smallest positive cost in all (exact for integer costs).
  let smallest = Infinity;
  for (const c of free) if ((cost[c] ?? 0) > 0) smallest = Math.min(smallest, cost[c] ?? 0);
  const epsilon = (Number.isFinite(smallest) ? smallest : 1) / (free.length + 1);
  const objective = lpExpression(
    free.map((c) => (cost[c] ?? 0) + epsilon),
    names,
  );
  const rows: string[] = [];
  let i = 0;
  for (const cut of cuts.values()) {
    rows.push(
      ` k${i++}:${lpExpression(
        cut.coef,
        cut.cells.map((c) => `s${c}`),
      )} >= ${lpNumber(cut.rhs)}`,
    );
  }
  // A model without constraints still needs a row.
  if (rows.length === 0) rows.push(` k0: ${names.length > 0 ? '0 ' + (names[0] ?? '') : ''} >= 0`);
  if (relaxed) {
    const bounds = names.map((name) => ` ${name} <= 1`).join('\n');
    return `Minimize\n obj:${objective}\nSubject To\n${rows.join('\n')}\nBounds\n${bounds}\nEnd\n`;
  }
  let binary = '';
  for (let j = 0; j < names.length; j++) binary += ` ${names[j] ?? ''}${j % 10 === 9 ? '\n' : ''}`;
  return `Minimize\n obj:${objective}\nSubject To\n${rows.join('\n')}\nBinary\n${binary}\nEnd\n`;
}

/** The 0/1 pattern of a master solution (fixed cells set), or undefined without a solution. */
function patternOf(
  master: LpResult,
  free: readonly number[],
  fixed: Uint8Array,
): Uint8Array | undefined {
  const pattern = Uint8Array.from(fixed);
  if (free.length === 0) return pattern;
  if (master.primal.size === 0) return undefined;
  for (const c of free) {
    const v = master.primal.get(`s${c}`) ?? 0;
    if (!Number.isFinite(v)) return undefined;
    if (v > 0.5) pattern[c] = 1;
  }
  return pattern;
}

/** The additivity of one table and the attacker's LPs on its suppression patterns. */
class AttackerModel {
  private readonly equations: { cells: Int32Array; coef: Int8Array }[];
  /** Equations through each cell (CSR). */
  private readonly start: Int32Array;
  private readonly through: Int32Array;

  constructor(
    private readonly s: TableStructure,
    private readonly values: Float64Array,
  ) {
    this.equations = additivityEquations(s).map((eq) => {
      const cells = Int32Array.from([eq.total, ...eq.parts]);
      const coef = Int8Array.from(cells, (_, i) => (i === 0 ? 1 : -1));
      return { cells, coef };
    });
    const count = new Int32Array(s.size + 1);
    for (const eq of this.equations)
      for (const c of eq.cells) count[c + 1] = (count[c + 1] ?? 0) + 1;
    for (let c = 0; c < s.size; c++) count[c + 1] = (count[c + 1] ?? 0) + (count[c] ?? 0);
    this.start = count;
    const fill = Int32Array.from(count.subarray(0, s.size));
    this.through = new Int32Array(count[s.size] ?? 0);
    this.equations.forEach((eq, e) => {
      for (const c of eq.cells) this.through[(fill[c] = (fill[c] ?? 0) + 1) - 1] = e;
    });
  }

  /** The equations a cell appears in. */
  equationsOf(c: number): Int32Array {
    return this.through.subarray(this.start[c] ?? 0, this.start[c + 1] ?? 0);
  }

  /**
   * The reduced costs `d = g − λ M_e` of one equation, `λ` chosen so that `d_p = 0`: the
   * equation's own capacity cut.
   */
  rowCutDirection(check: Check, e: number): Float64Array {
    const eq = this.equations[e] ?? { cells: new Int32Array(0), coef: new Int8Array(0) };
    const d = new Float64Array(this.s.size);
    let mp = 0;
    for (let i = 0; i < eq.cells.length; i++) if (eq.cells[i] === check.cell) mp = eq.coef[i] ?? 0;
    const lambda = check.sign / mp;
    for (let i = 0; i < eq.cells.length; i++) {
      const c = eq.cells[i] ?? 0;
      d[c] = (d[c] ?? 0) - lambda * (eq.coef[i] ?? 0);
    }
    d[check.cell] = (d[check.cell] ?? 0) + check.sign;
    return d;
  }

  /** True when the last witness of a check moves only suppressed cells. */
  witnessHolds(check: Check, pattern: Uint8Array): boolean {
    if (check.witness === undefined) return false;
    for (const c of check.witness.cells) if (pattern[c] !== 1) return false;
    return true;
  }

  /**
   * True when the last witness of a check is feasible at a fractional point:
   * `−x_c s_c ≤ y_c ≤ r s_c` on every cell it moves.
   */
  witnessHoldsAt(check: Check, point: Float64Array): boolean {
    if (check.witness === undefined) return false;
    const { cells, moves } = check.witness;
    const tol = 1e-9 * Math.max(1, check.level);
    for (let i = 0; i < cells.length; i++) {
      const c = cells[i] ?? 0;
      const sc = point[c] ?? 0;
      const y = moves[i] ?? 0;
      if (y > check.level * sc + tol || y < -(this.values[c] ?? 0) * sc - tol) return false;
    }
    return true;
  }

  /** Records the support of an LP's solution as the check's witness. */
  private remember(check: Check, primal: Map<string, number>): void {
    const cells: number[] = [];
    const moves: number[] = [];
    for (const [name, v] of primal) {
      if (name.startsWith('y') && Math.abs(v) > 1e-9 * Math.max(1, check.level)) {
        cells.push(Number(name.slice(1)));
        moves.push(v);
      }
    }
    check.witness = { cells: Int32Array.from(cells), moves: Float64Array.from(moves) };
  }

  private cachedPattern: Uint8Array | undefined;
  private cachedRows: { text: string; equations: number[]; bounds: string } | undefined;

  /** The equality rows (equations with a suppressed cell, published cells dropped) and bounds. */
  private rows(pattern: Uint8Array): { text: string; equations: number[]; bounds: string } {
    if (this.cachedPattern !== undefined && this.cachedRows !== undefined) {
      let same = true;
      for (let c = 0; c < pattern.length && same; c++) same = pattern[c] === this.cachedPattern[c];
      if (same) return this.cachedRows;
    }
    const lines: string[] = [];
    const equations: number[] = [];
    this.equations.forEach((eq, e) => {
      const coef: number[] = [];
      const names: string[] = [];
      for (let i = 0; i < eq.cells.length; i++) {
        const c = eq.cells[i] ?? 0;
        if (pattern[c] !== 1) continue;
        coef.push(eq.coef[i] ?? 0);
        names.push(`y${c}`);
      }
      if (names.length === 0) return;
      lines.push(` e${e}:${lpExpression(coef, names)} = 0`);
      equations.push(e);
    });
    const bounds: string[] = [];
    for (let c = 0; c < pattern.length; c++) {
      if (pattern[c] === 1) bounds.push(` y${c} >= ${lpSigned(-(this.values[c] ?? 0))}`);
    }
    this.cachedPattern = Uint8Array.from(pattern);
    this.cachedRows = { text: lines.join('\n'), equations, bounds: bounds.join('\n') };
    return this.cachedRows;
  }

  /**
   * Solves `max σ y_p` (capped at the level, so that the LP is bounded) on a pattern; when the
   * level is reached, records the witness's support; otherwise returns the reduced costs
   * `d = g − Mᵀπ` of the optimal dual, checked against the optimum (undefined if they do not
   * certify it: no cut, the caller then repairs).
   */
  async check(
    check: Check,
    pattern: Uint8Array,
  ): Promise<{ protected: true } | { protected: false; d: Float64Array | undefined }> {
    const { text, equations, bounds } = this.rows(pattern);
    const p = `y${check.cell}`;
    const sign = check.sign === 1 ? '+' : '-';
    const model =
      `Maximize\n obj: ${sign} ${p}\nSubject To\n${text}${text === '' ? '' : '\n'}` +
      ` cap: ${sign} ${p} <= ${lpNumber(check.level)}\nBounds\n${bounds}\nEnd\n`;
    const result = await solveLp(model);
    if (result.status !== 'Optimal') {
      throw new Error(
        `optimal suppression: HiGHS could not solve an attacker LP: ${result.status}`,
      );
    }
    const r = check.level;
    if (result.objective >= r - TOLERANCE * Math.max(1, r)) {
      this.remember(check, result.primal);
      return { protected: true };
    }
    for (const flip of [1, -1]) {
      const d = this.reducedCosts(check, equations, result.rowDual, flip);
      let bound = 0;
      let feasible = true;
      for (let c = 0; c < d.length; c++) {
        if (pattern[c] !== 1) continue;
        const dc = d[c] ?? 0;
        if (dc > 1e-6) feasible = false;
        else bound -= (this.values[c] ?? 0) * dc;
      }
      const tol = 1e-6 * Math.max(1, Math.abs(result.objective), bound);
      if (feasible && Math.abs(bound - result.objective) <= tol) return { protected: false, d };
    }
    // Duals that do not certify the optimum (never seen) give no cut: the caller repairs.
    return { protected: false, d: undefined };
  }

  /**
   * Separation at a fractional point `s*` of the master's relaxation: solves `max σ y_p` with
   * `−x_c s*_c ≤ y_c ≤ r s*_c` (an upper bound `r` per unit of `s*`, exact on two-way tables,
   * where an attacker's move never needs to shift a cell by more than the level); when the
   * optimum is below `r`, returns the reduced costs of its dual, from which `capacityCut` builds
   * a cut valid for every protected pattern whatever the bound (the coefficient of a cell with
   * `d_c > 0` is `r`). Undefined when the point passes (or, never seen, when the duals do not
   * certify the optimum: no cut).
   */
  async fractionalCheck(check: Check, point: Float64Array): Promise<Float64Array | undefined> {
    const r = check.level;
    const support = Uint8Array.from(point, (v) => (v > 1e-9 ? 1 : 0));
    const { text, equations } = this.rows(support);
    const bounds: string[] = [];
    for (let c = 0; c < point.length; c++) {
      if (support[c] !== 1) continue;
      const sc = point[c] ?? 0;
      bounds.push(` ${lpSigned(-(this.values[c] ?? 0) * sc)} <= y${c} <= ${lpNumber(r * sc)}`);
    }
    const p = `y${check.cell}`;
    const model =
      `Maximize\n obj: ${check.sign === 1 ? '+' : '-'} ${p}\nSubject To\n` +
      `${text === '' ? ` dummy: 0 ${p} = 0` : text}\nBounds\n${bounds.join('\n')}\nEnd\n`;
    const result = await solveLp(model);
    if (result.status !== 'Optimal') {
      throw new Error(
        `optimal suppression: HiGHS could not solve an attacker LP: ${result.status}`,
      );
    }
    if (result.objective >= r - TOLERANCE * Math.max(1, r)) {
      this.remember(check, result.primal);
      return undefined;
    }
    for (const flip of [1, -1]) {
      const d = this.reducedCosts(check, equations, result.rowDual, flip);
      let bound = 0;
      for (let c = 0; c < d.length; c++) {
        const dc = d[c] ?? 0;
        const sc = point[c] ?? 0;
        bound += sc * (dc > 0 ? r * dc : -(this.values[c] ?? 0) * dc);
      }
      if (Math.abs(bound - result.objective) <= 1e-6 * Math.max(1, Math.abs(bound))) return d;
    }
    return undefined;
  }

  /** `d = g − Mᵀπ` from the duals of the model's equation rows (`flip` = −1 negates them). */
  private reducedCosts(
    check: Check,
    equations: readonly number[],
    rowDual: Float64Array,
    flip: number,
  ): Float64Array {
    const d = new Float64Array(this.s.size);
    d[check.cell] = check.sign;
    equations.forEach((e, row) => {
      const pi = flip * (rowDual[row] ?? 0);
      if (pi === 0) return;
      const eq = this.equations[e];
      if (eq === undefined) return;
      for (let i = 0; i < eq.cells.length; i++) {
        const c = eq.cells[i] ?? 0;
        d[c] = (d[c] ?? 0) - pi * (eq.coef[i] ?? 0);
      }
    });
    return d;
  }

  /**
   * Makes a pattern protect every check: for each failed one, solves the attacker's cheapest move
   * over all cells (`min Σ w_c |y_c|` with `w_c` the cell's cost, near 0 for cells already
   * suppressed, subject to `M y = 0`, `y ≥ −x`, `σ y_p ≥ r`) and suppresses the cells it moves.
   * Suppressing more cells never unprotects a cell, so one pass per failed check suffices.
   */
  async repair(
    pattern: Uint8Array,
    checks: readonly Check[],
    cost: Float64Array,
    fixed: Uint8Array,
  ): Promise<Uint8Array> {
    const out = Uint8Array.from(pattern);
    let maxCost = 0;
    for (let c = 0; c < cost.length; c++) maxCost = Math.max(maxCost, cost[c] ?? 0);
    for (const check of checks) {
      if (this.witnessHolds(check, out)) continue;
      const outcome = await this.check(check, out);
      if (outcome.protected) continue;
      const n = this.s.size;
      const terms: string[] = [];
      const objective: number[] = [];
      const names: string[] = [];
      for (let c = 0; c < n; c++) {
        const w = out[c] === 1 || fixed[c] === 1 ? 1e-6 : (cost[c] ?? 0) / (maxCost || 1) + 1e-3;
        objective.push(w, w);
        names.push(`u${c}`, `v${c}`);
      }
      this.equations.forEach((eq, e) => {
        const coef: number[] = [];
        const vars: string[] = [];
        for (let i = 0; i < eq.cells.length; i++) {
          const k = eq.coef[i] ?? 0;
          coef.push(k, -k);
          vars.push(`u${eq.cells[i] ?? 0}`, `v${eq.cells[i] ?? 0}`);
        }
        terms.push(` e${e}:${lpExpression(coef, vars)} = 0`);
      });
      const p = check.cell;
      terms.push(
        ` move:${lpExpression([check.sign, -check.sign], [`u${p}`, `v${p}`])} >= ${lpNumber(check.level)}`,
      );
      const bounds: string[] = [];
      for (let c = 0; c < n; c++) bounds.push(` 0 <= v${c} <= ${lpNumber(this.values[c] ?? 0)}`);
      const model = `Minimize\n obj:${lpExpression(objective, names)}\nSubject To\n${terms.join('\n')}\nBounds\n${bounds.join('\n')}\nEnd\n`;
      const result = await solveLp(model);
      if (result.status !== 'Optimal') {
        throw new Error(`optimal suppression: HiGHS could not solve a repair LP: ${result.status}`);
      }
      for (let c = 0; c < n; c++) {
        const moved = (result.primal.get(`u${c}`) ?? 0) + (result.primal.get(`v${c}`) ?? 0);
        if (moved > 1e-9 * Math.max(1, check.level)) out[c] = 1;
      }
      if (!(await this.check(check, out)).protected) {
        throw new Error('optimal suppression: the repair left a primary unprotected');
      }
    }
    return out;
  }
}

function lpSigned(x: number): string {
  return x < 0 ? `-${lpNumber(-x)}` : lpNumber(x);
}
