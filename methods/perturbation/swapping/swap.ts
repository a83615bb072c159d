/**
 * Targeted record swapping: the geographic columns of high-risk records (or households) are
 * exchanged with those of similar records in other areas, as in the protection of census data
 * (data swapping: T. Dalenius and S. P. Reiss, "Data-swapping: a technique for disclosure control",
 * J. Statistical Planning and Inference 6(1), 1982; targeted: Hundepool et al., "Statistical
 * Disclosure Control", Wiley 2012, ch. 3 §3.4 and ch. 5; sdcMicro's `recordSwap()`, from the ONS
 * SAS code, Templ, Kowarik and Meindl, JSS 67(4), 2015).
 *
 * Units are records, or households when a household column is given (every row of a household
 * moves: the household takes the other household's area). A unit's area is the tuple of its
 * geographic columns (all rows of a household must agree on it), its profile the tuple of its
 * similarity columns on its first row (such as household size or age band of the reference person).
 *
 * 1. Risk: a record is high-risk when its class on the risk columns (typically the geography and
 *    a few key variables) has fewer than k records; or, with `risk`, when its given risk exceeds
 *    `riskThreshold`. A unit is high-risk when any of its records is; its risk is its records' largest.
 * 2. Budget: ⌊rate · units / 2⌋ pairs, so at most a share `rate` of the units is swapped.
 * 3. High-risk units, riskiest first (ties in random order), are each paired with a donor drawn
 *    uniformly among the units not yet swapped that have the same profile and another area; a
 *    high-risk unit with no such donor is reported as not swappable. Then, while the budget lasts,
 *    random units not yet swapped are paired the same way.
 * 4. Each pair exchanges its geography tuples. Every other column is kept as it is, row order too.
 *
 * Method card: `README.md` beside this file.
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError, shownValue } from '../../../src/errors.js';
import { equivalenceClasses } from '../../../src/metrics/risk/reidentification.js';
import { assertK } from '../../../src/privacy/kAnonymity.js';
import { shuffle } from '../../../src/random/sample.js';
import {
  secureRandom,
  seededRandom,
  uniformInt,
  type RandomSource,
} from '../../../src/random/source.js';
import type { Dataset, Method, Release } from '../../../src/types.js';

/** Options of {@link recordSwapping}. */
export interface SwapOptions {
  /** The geographic columns, swapped together (for example region, department, commune). */
  geography: string[];
  /**
   * The columns whose rare combinations make a record high-risk (classes smaller than k).
   * @defaultValue the geography columns and the similarity columns
   */
  riskColumns?: string[];
  /** Classes on the risk columns smaller than k are high-risk. @defaultValue 3 */
  k?: number;
  /** Instead of k: a risk per record (for example a re-identification risk), in [0, 1]. */
  risk?: ArrayLike<number>;
  /** With `risk`: a record is high-risk when its risk exceeds this. @defaultValue 0.2 */
  riskThreshold?: number;
  /** The largest share of units (records, or households) swapped, in [0, 1]. */
  rate: number;
  /** Columns on which a donor must agree with the unit it swaps with. @defaultValue [] */
  similar?: string[];
  /** A column identifying households: their rows are swapped together. @defaultValue none */
  household?: string;
  /** A reproducible run (tests): the release is then marked `seeded`. @defaultValue secure randomness */
  seed?: string | number;
  /** The random source, instead of `seed`. @defaultValue secureRandom() */
  rng?: RandomSource;
  /** The 1-based file line of data row `row`, for messages. @defaultValue row + 2 */
  lineOf?: (row: number) => number;
  /** The data file, for messages. */
  file?: string;
}

/** What `release.details` holds for record swapping. */
export interface SwapDetails {
  /** Records, or households with a household column. */
  unit: 'record' | 'household';
  units: number;
  highRiskUnits: number;
  highRiskRecords: number;
  /** Pairs of units whose geography was exchanged. */
  pairs: number;
  swappedUnits: number;
  swappedRecords: number;
  /** Households swapped (with a household column; else 0). */
  swappedHouseholds: number;
  highRiskSwapped: number;
  /** High-risk units with no donor (same profile, other area) left. */
  riskyNotSwappable: number;
  /** High-risk units left because the budget of the rate was spent. */
  riskyNotSwappedRate: number;
  /** Geography cells whose value changed. */
  changedCells: number;
  /** Swapped units / units. */
  swappedShare: number;
  /** Each swapped pair: the first row of each unit (0-based), for audit. */
  swaps: [number, number][];
}

/**
 * Swaps the geography of high-risk records (or households) with similar ones in other areas
 * (module comment).
 *
 * @throws DatanonymeError `BAD_PARAMETER` for no geography column, a rate outside [0, 1], a bad k,
 *   a risk array of the wrong length, or a column given two parts (geography and similarity, or
 *   the household column among them); `NOT_FOUND` for a column not in the data; `BAD_INPUT` for a
 *   household whose rows lie in different areas (naming the household and the lines).
 * @example
 * recordSwapping(data, { geography: ['region'], rate: 0.05, seed: 1 }).details.pairs
 */
export function recordSwapping(data: Dataset, options: SwapOptions): Release {
  const names = data.table.columnNames();
  const geography = listOption(options.geography, 'geography', names, true);
  const similar = listOption(options.similar ?? [], 'similar', names, false);
  const riskColumns = listOption(
    options.riskColumns ?? [...geography, ...similar],
    'riskColumns',
    names,
    true,
  );
  for (const name of similar) {
    if (geography.includes(name)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `"${name}" cannot be both a geography and a similarity column`,
        { column: name, field: 'similar' },
      );
    }
  }
  const household = options.household;
  if (household !== undefined) {
    if (!names.includes(household)) {
      throw new DatanonymeError('NOT_FOUND', `no household column "${household}" in the data`, {
        column: household,
        field: 'household',
      });
    }
    if (geography.includes(household)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `the household column "${household}" cannot be a geography column`,
        { column: household, field: 'household' },
      );
    }
  }
  const rate = options.rate;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `rate must be a share in [0, 1], got ${shownValue(rate)}`,
      { field: 'rate', value: shownValue(rate) },
    );
  }
  const k = options.k ?? 3;
  assertK(k);
  const n = data.table.numRows();
  const threshold = options.riskThreshold ?? 0.2;
  if (options.risk !== undefined) {
    if (options.risk.length !== n) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `risk must hold one value per record (${n}), got ${options.risk.length}`,
        { field: 'risk' },
      );
    }
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `riskThreshold must be in [0, 1], got ${shownValue(threshold)}`,
        { field: 'riskThreshold', value: shownValue(threshold) },
      );
    }
  }
  const rng =
    options.rng ?? (options.seed === undefined ? secureRandom() : seededRandom(options.seed));
  const lineOf = options.lineOf ?? ((row: number): number => row + 2);
  // Each column read once: arquero's array() builds a new array at every call.
  const cache = new Map<string, ArrayLike<unknown>>();
  const column = (name: string): ArrayLike<unknown> => {
    let values = cache.get(name);
    if (values === undefined) {
      values = data.table.array(name) as ArrayLike<unknown>;
      cache.set(name, values);
    }
    return values;
  };

  // Per-record risk.
  const recordRisk = new Float64Array(n);
  if (options.risk !== undefined) {
    for (let r = 0; r < n; r++) recordRisk[r] = options.risk[r] as number;
  } else {
    const classes = equivalenceClasses(riskColumns.map(column), n);
    for (let r = 0; r < n; r++)
      recordRisk[r] = 1 / (classes.sizes[classes.classOf[r] as number] as number);
  }
  const isHigh = (x: number): boolean => (options.risk !== undefined ? x > threshold : x > 1 / k);

  // Units: their rows (contiguous in `members`), area and profile.
  const unitOf =
    household === undefined
      ? Int32Array.from({ length: n }, (_, i) => i)
      : equivalenceClasses([column(household)], n).classOf;
  let units = 0;
  for (let r = 0; r < n; r++) units = Math.max(units, (unitOf[r] as number) + 1);
  const starts = new Int32Array(units + 1);
  for (let r = 0; r < n; r++)
    starts[(unitOf[r] as number) + 1] = (starts[(unitOf[r] as number) + 1] as number) + 1;
  for (let u = 0; u < units; u++) starts[u + 1] = (starts[u + 1] as number) + (starts[u] as number);
  const fill = starts.slice(0, units);
  const members = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const u = unitOf[r] as number;
    members[fill[u] as number] = r;
    fill[u] = (fill[u] as number) + 1;
  }
  const first = (u: number): number => members[starts[u] as number] as number;
  const areaOfRow = equivalenceClasses(geography.map(column), n).classOf;
  const profileOfRow = equivalenceClasses(similar.map(column), n).classOf;
  const area = new Int32Array(units);
  const profile = new Int32Array(units);
  const unitRisk = new Float64Array(units);
  let highRiskRecords = 0;
  for (let u = 0; u < units; u++) {
    const f = first(u);
    area[u] = areaOfRow[f] as number;
    profile[u] = profileOfRow[f] as number;
    let risk = 0;
    for (let i = starts[u] as number; i < (starts[u + 1] as number); i++) {
      const r = members[i] as number;
      if (areaOfRow[r] !== area[u]) {
        const shown = (row: number): string =>
          geography.map((g) => JSON.stringify(String(column(g)[row]))).join(', ');
        const name = geography.find((g) => !Object.is(column(g)[r], column(g)[f])) as string;
        throw new DatanonymeError(
          'BAD_INPUT',
          `${options.file === undefined ? '' : `${options.file}: `}household "${String(column(household as string)[r])}" lies in two areas: line ${lineOf(f)} has ${geography.join(', ')} = ${shown(f)}, line ${lineOf(r)} has ${shown(r)}; the rows of a household must share their geography`,
          {
            ...(options.file === undefined ? {} : { file: options.file }),
            column: name,
            line: lineOf(r),
            value: String(column(name)[r]),
          },
        );
      }
      const x = recordRisk[r] as number;
      if (isHigh(x)) highRiskRecords++;
      if (x > risk) risk = x;
    }
    unitRisk[u] = risk;
  }

  // Donor pools: per profile, the units not yet swapped, in one list and in one list per area
  // (swap-removal from both; an area's list is dropped when it empties).
  interface Pool {
    units: number[];
    perArea: Map<number, number[]>;
  }
  const pools = new Map<number, Pool>();
  const slot = new Int32Array(units);
  const areaSlot = new Int32Array(units);
  for (let u = 0; u < units; u++) {
    const p = profile[u] as number;
    let pool = pools.get(p);
    if (pool === undefined) {
      pool = { units: [], perArea: new Map() };
      pools.set(p, pool);
    }
    slot[u] = pool.units.length;
    pool.units.push(u);
    let list = pool.perArea.get(area[u] as number);
    if (list === undefined) {
      list = [];
      pool.perArea.set(area[u] as number, list);
    }
    areaSlot[u] = list.length;
    list.push(u);
  }
  const poolOf = (u: number): Pool => pools.get(profile[u] as number) as Pool;
  const swapped = new Uint8Array(units);
  const take = (u: number): void => {
    const pool = poolOf(u);
    const i = slot[u] as number;
    const last = pool.units.pop() as number;
    if (last !== u) {
      pool.units[i] = last;
      slot[last] = i;
    }
    const list = pool.perArea.get(area[u] as number) as number[];
    const j = areaSlot[u] as number;
    const lastInArea = list.pop() as number;
    if (lastInArea !== u) {
      list[j] = lastInArea;
      areaSlot[lastInArea] = j;
    }
    if (list.length === 0) pool.perArea.delete(area[u] as number);
    swapped[u] = 1;
  };
  /**
   * A donor for u (already taken out of its pool), uniform among the pool's units of another
   * area, or −1. First by rejection from the whole pool; when most of it shares u's area, by an
   * area drawn in proportion to its units, then a unit of it (the same distribution, in O(areas)).
   */
  const donorOf = (u: number): number => {
    const pool = poolOf(u);
    const size = pool.units.length;
    const own = pool.perArea.get(area[u] as number)?.length ?? 0;
    const available = size - own;
    if (available <= 0) return -1;
    for (let attempt = 0; attempt < 64; attempt++) {
      const d = pool.units[uniformInt(rng, size)] as number;
      if (area[d] !== area[u]) return d;
    }
    let pick = uniformInt(rng, available);
    for (const [a, list] of pool.perArea) {
      if (a === area[u]) continue;
      if (pick < list.length) return list[pick] as number;
      pick -= list.length;
    }
    return -1;
  };

  const budget = Math.floor((rate * units) / 2);
  const pairs: [number, number][] = [];
  const pair = (u: number): boolean => {
    take(u);
    const d = donorOf(u);
    if (d < 0) return false;
    take(d);
    pairs.push([u, d]);
    return true;
  };

  // High-risk units, riskiest first, ties in random order.
  const high: number[] = [];
  for (let u = 0; u < units; u++) if (isHigh(unitRisk[u] as number)) high.push(u);
  shuffle(rng, high);
  const order = high
    .map((u, i) => ({ u, i }))
    .sort((a, b) => (unitRisk[b.u] as number) - (unitRisk[a.u] as number) || a.i - b.i)
    .map((x) => x.u);
  let riskyNotSwappable = 0;
  let riskyNotSwappedRate = 0;
  for (const u of order) {
    if (swapped[u] === 1) continue; // already taken as a donor
    if (pairs.length >= budget) {
      riskyNotSwappedRate++;
      continue;
    }
    if (!pair(u)) riskyNotSwappable++;
  }
  // Then random units, while the budget lasts.
  if (pairs.length < budget) {
    const rest: number[] = [];
    for (let u = 0; u < units; u++) if (swapped[u] === 0) rest.push(u);
    shuffle(rng, rest);
    for (const u of rest) {
      if (pairs.length >= budget) break;
      if (swapped[u] === 1) continue;
      pair(u);
    }
  }

  // Exchange the geography tuples.
  const isPaired = new Uint8Array(units);
  const outputs = geography.map((name) => Array.from(column(name)));
  let changedCells = 0;
  let swappedRecords = 0;
  for (const [u, d] of pairs) {
    isPaired[u] = 1;
    isPaired[d] = 1;
    for (const [from, to] of [
      [u, d],
      [d, u],
    ] as const) {
      const source = first(to);
      for (let i = starts[from] as number; i < (starts[from + 1] as number); i++) {
        const r = members[i] as number;
        swappedRecords++;
        geography.forEach((name, j) => {
          const value = column(name)[source];
          const out = outputs[j] as unknown[];
          if (!Object.is(out[r], value)) changedCells++;
          out[r] = value;
        });
      }
    }
  }
  let highRiskSwapped = 0;
  for (const u of high) highRiskSwapped += isPaired[u] as number;

  const tableColumns: Record<string, ArrayLike<unknown>> = {};
  for (const name of names) {
    const j = geography.indexOf(name);
    tableColumns[name] = j < 0 ? column(name) : (outputs[j] as unknown[]);
  }
  const details: SwapDetails = {
    unit: household === undefined ? 'record' : 'household',
    units,
    highRiskUnits: high.length,
    highRiskRecords,
    pairs: pairs.length,
    swappedUnits: 2 * pairs.length,
    swappedRecords,
    swappedHouseholds: household === undefined ? 0 : 2 * pairs.length,
    highRiskSwapped,
    riskyNotSwappable,
    riskyNotSwappedRate,
    changedCells,
    swappedShare: units === 0 ? 0 : (2 * pairs.length) / units,
    swaps: pairs.map(([u, d]) => [first(u), first(d)]),
  };
  return {
    method: 'record-swapping',
    parameters: {
      geography,
      riskColumns: options.risk === undefined ? riskColumns : [],
      ...(options.risk === undefined ? { k } : { riskThreshold: threshold }),
      rate,
      similar,
      ...(household === undefined ? {} : { household }),
    },
    table: arqueroTable(tableColumns, names),
    columns: data.columns.map((c) => ({ ...c })),
    accounting: { rowsIn: n, rowsOut: n, suppressedRows: 0, suppressedCells: 0 },
    details: { ...details },
    seeded: rng.seeded,
  };
}

/**
 * {@link recordSwapping} as a {@link Method}, for the benchmark loop and the CLI.
 *
 * @example
 * const release = await swappingMethod.run(data, { geography: ['region'], rate: 0.05 });
 */
export const swappingMethod: Method<SwapOptions> = {
  name: 'record-swapping',
  family: 'perturbation',
  run: (data, options) => Promise.resolve(recordSwapping(data, options)),
};

function listOption(
  value: unknown,
  field: string,
  names: readonly string[],
  required: boolean,
): string[] {
  if (
    !Array.isArray(value) ||
    !value.every((c) => typeof c === 'string') ||
    (required && value.length === 0)
  ) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${field} must be a list of column names${required ? ' (at least one)' : ''}`,
      { field },
    );
  }
  const list = [...new Set(value)];
  for (const name of list) {
    if (!names.includes(name)) {
      throw new DatanonymeError(
        'NOT_FOUND',
        `${field}: no column "${name}" in the data (columns: ${names.join(', ')})`,
        { column: name, field },
      );
    }
  }
  return list;
}
