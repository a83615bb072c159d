/**
 * Primary confidentiality rules: which cells of a tabulation are unsafe to publish, and by how
 * much each must stay uncertain once suppressed.
 *
 * - Frequency rule (threshold n): a cell built from fewer than n units is unsafe (status `A`);
 *   an empty cell only with `protectZeros`. INSEE's *Guide du secret statistique* uses n = 3.
 * - Dominance (n, k) rule: a cell whose n largest contributions exceed k % of its total is unsafe
 *   (status `B`); INSEE uses (1, 85).
 * - p % rule: a cell is unsafe when the second largest contributor could estimate the largest
 *   within p % of its value: `X − x_1 − x_2 < p / 100 × x_1` (status `B`).
 *
 * Every rule applies to every cell, totals included. A cell unsafe by the frequency rule and by a
 * concentration rule gets `A`; its protection levels are the largest any rule asks for.
 *
 * Reference: Hundepool et al., *Statistical Disclosure Control*, Wiley 2012, §4.2; τ-ARGUS
 * manual, "Safety rules"; INSEE, *Guide du secret statistique* (2018).
 */
import { DatanonymeError } from '../../src/errors.js';
import { dominanceProtection, frequencyProtection, pPercentProtection } from './protection.js';
import { STATUS, type ProtectionLevels, type Tabulation } from './types.js';

/** The primary rules to apply; at least one. */
export interface PrimaryRules {
  /** Frequency rule. */
  frequency?: {
    /** Minimum number of units. @defaultValue 3 */
    n: number;
    /** Empty cells are unsafe too. @defaultValue false */
    protectZeros?: boolean;
    /** Safety range, in percent of the cell value (see `frequencyProtection`). @defaultValue 10 */
    safetyRange?: number;
  };
  /** Dominance (n, k) rule (magnitude tables only). @defaultValue n = 1, k = 85 */
  dominance?: { n: number; k: number };
  /** p % rule (magnitude tables only). */
  pPercent?: { p: number };
}

/** The default frequency threshold (INSEE: 3 units). */
export const DEFAULT_FREQUENCY = 3;
/** The default dominance rule (INSEE: one unit, 85 %). */
export const DEFAULT_DOMINANCE = { n: 1, k: 85 } as const;
/** The default safety range of the frequency rule, in percent. */
export const DEFAULT_SAFETY_RANGE = 10;

/**
 * Applies the primary rules to every cell.
 *
 * @param tab - the tabulation (with a value column for dominance and p %, keeping at least n and 2
 *   largest contributions respectively).
 * @param rules - see {@link PrimaryRules}.
 * @returns per cell: the status (`STATUS.A`, `STATUS.B` or `STATUS.V`) and the protection levels
 *   (0 for safe cells).
 * @throws DatanonymeError `BAD_PARAMETER` for no rule, a parameter out of range, a concentration
 *   rule on a frequency table or with too few largest contributions kept; `BAD_INPUT` when a cell
 *   shows a negative contribution under a concentration rule.
 * @example
 * primarySuppression(tab, { frequency: { n: 3 } }).status // => Uint8Array [0, 1, …]
 */
export function primarySuppression(
  tab: Tabulation,
  rules: PrimaryRules,
): { status: Uint8Array; protection: ProtectionLevels } {
  const { frequency, dominance, pPercent } = rules;
  if (frequency === undefined && dominance === undefined && pPercent === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'no primary rule: give frequency, dominance or p %',
      {
        field: 'rules',
      },
    );
  }
  if (frequency !== undefined) {
    checkInteger(frequency.n, 'frequency rule n', 1);
    const range = frequency.safetyRange ?? DEFAULT_SAFETY_RANGE;
    if (!(range >= 0 && Number.isFinite(range))) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `safety range must be ≥ 0 (percent), got ${range}`,
        {
          field: 'safetyRange',
          value: String(range),
        },
      );
    }
  }
  const size = tab.size;
  const status = new Uint8Array(size);
  const lower = new Float64Array(size);
  const upper = new Float64Array(size);
  const concentration = dominance !== undefined || pPercent !== undefined;
  const value = tab.value;
  if (concentration) {
    if (value === undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        'the dominance and p % rules need a magnitude table (a value column to total)',
        { field: dominance === undefined ? 'p-percent' : 'dominance' },
      );
    }
    const need = Math.max(dominance?.n ?? 0, pPercent === undefined ? 0 : 2);
    if (dominance !== undefined) {
      checkInteger(dominance.n, 'dominance n', 1);
      if (!(dominance.k > 0 && dominance.k <= 100)) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `dominance k is a percentage in (0, 100], got ${dominance.k}`,
          { field: 'dominance', value: String(dominance.k) },
        );
      }
    }
    if (pPercent !== undefined && !(pPercent.p > 0 && pPercent.p <= 100)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `p of the p % rule is a percentage in (0, 100], got ${pPercent.p}`,
        { field: 'p-percent', value: String(pPercent.p) },
      );
    }
    if (value.largest.length < need) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the rules need the ${need} largest contributions per cell; tabulate with largestKept ≥ ${need}`,
        { field: 'largestKept', value: String(value.largest.length) },
      );
    }
  }
  const counts = value === undefined;
  for (let c = 0; c < size; c++) {
    const units = tab.count[c] as number;
    const x = value === undefined ? units : (value.total[c] as number);
    let lo = 0;
    let up = 0;
    if (concentration && value !== undefined && units > 0) {
      const x1 = value.largest[0]?.[c] as number;
      const x2 = units > 1 ? (value.largest[1]?.[c] ?? 0) : 0;
      let kept = 0;
      const m = Math.min(units, value.largest.length);
      for (let r = 0; r < m; r++) kept += value.largest[r]?.[c] as number;
      if ((value.largest[m - 1]?.[c] as number) < 0 || x < kept - 1e-9 * Math.abs(kept)) {
        throw new DatanonymeError(
          'BAD_INPUT',
          `column "${value.name}" has negative values; the dominance and p % rules assume non-negative contributions`,
          { column: value.name },
        );
      }
      if (dominance !== undefined) {
        let sum = 0;
        for (let r = 0; r < Math.min(dominance.n, units); r++)
          sum += value.largest[r]?.[c] as number;
        const level = dominanceProtection(x, sum, dominance.k);
        if (level > 0) up = Math.max(up, level);
      }
      if (pPercent !== undefined) {
        const level = pPercentProtection(x, x1, x2, pPercent.p);
        if (level > 0) up = Math.max(up, level);
      }
      if (up > 0) {
        status[c] = STATUS.B;
        lo = up;
      }
    }
    if (frequency !== undefined) {
      const unsafe = units < frequency.n && (units > 0 || frequency.protectZeros === true);
      if (unsafe) {
        status[c] = STATUS.A;
        const level = frequencyProtection(x, frequency.safetyRange ?? DEFAULT_SAFETY_RANGE, counts);
        lo = Math.max(lo, level);
        up = Math.max(up, level);
      }
    }
    if (status[c] !== STATUS.V) {
      lower[c] = Math.min(lo, Math.max(0, x));
      upper[c] = up;
    }
  }
  return { status, protection: { lower, upper } };
}

function checkInteger(n: number, name: string, min: number): void {
  if (!Number.isInteger(n) || n < min) {
    throw new DatanonymeError('BAD_PARAMETER', `${name} must be an integer ≥ ${min}, got ${n}`, {
      field: name,
      value: String(n),
    });
  }
}
