/**
 * The discrete view of a table that every synthetic-data generator may use: each column becomes a
 * small set of codes (categories, or bins of a numeric or date column, plus one code for missing),
 * and codes become values again with the input's types and formats.
 *
 * Rules (cases B18, B19, B26 of the shared cases):
 * - identifier columns (role `identifier`) are left out: never modelled, never copied;
 * - a column with no value is `empty` and comes back empty; a column with one value is `constant`
 *   and comes back with that value (missing cells, if any, keep their rate through the missing code);
 * - a categorical column with more than `maxCategories` values keeps its most frequent
 *   `maxCategories` values and one `(other)` category (ties broken by the text, so the view never
 *   depends on row order); outside DP, `(other)` is decoded as a draw among the rare values with
 *   their frequencies; under DP the rare values are never kept and `(other)` is written as is;
 * - integer, decimal and date columns are cut into at most `bins` equal-width bins between public
 *   bounds (`bounds`, or the column spec's `bounds`) or else the data's minimum and maximum (then
 *   flagged `boundsFromData`: a DP generator must refuse such a column). Integer and date bins hold
 *   whole numbers (days for dates); a value is decoded uniformly inside its bin, as an integer for
 *   integer and date columns and rounded to the column's number of decimals for decimal columns
 *   (decimal bins are at least one step of those decimals wide).
 * - A decimal column's number of decimals (at most 10), in this order: the `decimals` option; under
 *   DP with public bounds, the decimals of the bounds' shortest text ([0, 5000.5] → 1, [0, 5000]
 *   → 0: a function of public information only); else the largest number of decimals of a value
 *   in the data (outside DP, or under DP with bounds read from the data, which are then flagged
 *   as not private anyway). Reading it from the data under DP would leak: one record written
 *   12.345 among values with 2 decimals would change every output value and the bins.
 *   `format.decimalsFrom` says which rule gave it ({@link decimalRules}).
 * - Text dates are written back in the form the input's dates share (`datePatternOf`), ISO when
 *   none: like the delimiter, a property of the file's format that is treated as public, also
 *   under DP. Caveat: the form is the one every present value reads in, so in a column whose
 *   dates are all ambiguous (day and month ≤ 12) a single month-first value turns `DD/MM/YYYY`
 *   into `MM/DD/YYYY`, and a single value in another form leaves no common form (the column is
 *   then read as ISO, its values as missing); under DP give dates in one unambiguous form (ISO).
 *   Likewise Date objects (rather than text) in a library caller's column are its representation.
 *
 * The equal-width binning is the one of the synthpop and DataSynthesizer baselines (Nowok, Raab,
 * Dibben 2016; Ping, Stoyanovich, Howe 2017, "DataSynthesizer", SSDBM).
 */
import { table as arqueroTable } from 'arquero';
import { DatanonymeError } from '../../src/errors.js';
import { isMissingValue, parseNumber } from '../../src/metrics/utility/values.js';
import type { LedgerEntry } from '../../src/privacy/accountant.js';
import { secureRandom, uniformInt, type RandomSource } from '../../src/random/source.js';
import { datePatternOf, dayOf, type DatePattern } from '../../src/table/dates.js';
import type { ColumnSpec, ColumnType, Dataset, Method, Release, Role } from '../../src/types.js';
import type { SynthesisModel } from './types.js';

// The date forms live in src/table/dates.ts (shared with inspect, anonymise and Mondrian).
export { datePatternOf, dayOf, type DatePattern };

/** The category that stands for the rare values of a high-cardinality column. */
export const OTHER = '(other)';

const MS_PER_DAY = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** How the values of a column were written in the input, to write synthetic ones the same way. */
export interface SynthFormat {
  /** Decimal columns: the number of decimals values are rounded to (at most 10; module comment). */
  decimals?: number;
  /**
   * Decimal columns: the rule that gave `decimals`: the `decimals` option, the public bounds'
   * decimals (under DP), or the data (outside DP, or bounds read from the data).
   */
  decimalsFrom?: 'option' | 'bounds' | 'data';
  /** Date columns: `text` for date strings, `Date` for Date objects. */
  date?: 'text' | 'Date';
  /** Text date columns: the input's pattern (`datePatternOf`), used to write dates back. */
  pattern?: DatePattern;
}

/**
 * The text of day number `day` in `pattern`.
 *
 * @example
 * formatDay(1, 'DD.MM.YYYY') // => '02.01.1970'
 */
export function formatDay(day: number, pattern: DatePattern): string {
  const iso = isoDay(day);
  const [y, m, d] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10)];
  switch (pattern) {
    case 'YYYY-MM-DD':
      return iso;
    case 'YYYY/MM/DD':
      return `${y}/${m}/${d}`;
    case 'DD/MM/YYYY':
      return `${d}/${m}/${y}`;
    case 'MM/DD/YYYY':
      return `${m}/${d}/${y}`;
    case 'DD-MM-YYYY':
      return `${d}-${m}-${y}`;
    case 'DD.MM.YYYY':
      return `${d}.${m}.${y}`;
  }
}

/** One column of the discrete view. */
export interface SynthColumn {
  name: string;
  type: ColumnType;
  kind: 'categorical' | 'numeric' | 'date' | 'constant' | 'empty';
  /**
   * Categories (categorical; high cardinality: the top `maxCategories` values + `(other)`), the
   * one value of a constant column, or bin labels `[lo, hi)` (numeric/date). Code `values.length`
   * is the missing code.
   */
  values: string[];
  /** Bin edges (numeric/date): bin i is [edges[i], edges[i+1]); the last bin includes its top. */
  edges?: number[];
  /** The share of missing cells in the data (not private: a DP generator must not publish it). */
  missingRate: number;
  /** Integer column (integer and date types): sample integers. */
  integer: boolean;
  /** Text format of dates / numbers of the input, to write values back in the same form. */
  format?: SynthFormat;
  /** The column's role in the input. */
  role?: Role;
  /** Numeric/date: the bounds were read from the data, so they are not public (DP must refuse). */
  boundsFromData?: boolean;
  /** Categorical: the categories were read from the data, so they are not public. */
  domainFromData?: boolean;
  /** Outside DP, high cardinality: the rare values behind `(other)` and their counts. */
  other?: { values: string[]; counts: number[] };
  /**
   * High cardinality (categories read from the data): how many categories the data has, and how
   * many rows hold one of those behind `(other)` (read from the data: not private).
   */
  collapsed?: { categories: number; rows: number; of: number };
}

/** Options of {@link synthSchema}. */
export interface SynthSchemaOptions {
  /**
   * Categories kept per categorical column; the rest become `(other)`.
   * @defaultValue 50
   */
  maxCategories?: number;
  /**
   * Bins of a numeric or date column (integer columns with a narrower range get one bin per value).
   * @defaultValue 20
   */
  bins?: number;
  /**
   * Public bounds [lo, hi] per numeric column (dates: days since 1970-01-01). Values outside are
   * clamped into the first or last bin.
   * @defaultValue the column spec's `bounds`, else the data's min and max (flagged `boundsFromData`)
   */
  bounds?: Record<string, readonly [number, number]>;
  /**
   * Public categories per categorical column, in the order given (duplicates removed). A value
   * outside its public domain is read as missing.
   * @defaultValue the data's categories (flagged `domainFromData`)
   */
  domains?: Record<string, readonly string[]>;
  /**
   * Number of decimals per decimal column (an integer from 0 to 10), the rounding of its values
   * and the narrowest width of its bins. Public: under DP it is not read from the data.
   * @defaultValue under DP with public bounds, the decimals of the bounds' shortest text; else the
   *   largest number of decimals of a value in the data
   */
  decimals?: Record<string, number>;
  /**
   * Differential privacy: rare values behind `(other)` are not kept, a constant or empty kind
   * is decided by the public bounds and domains only, and the decimals of a decimal column with
   * public bounds come from those bounds (or the `decimals` option), never from the data.
   * @defaultValue false
   */
  dp?: boolean;
}

/** The day number (days since 1970-01-01 UTC) of a date cell; NaN when it is not a date. */
export function dayNumber(value: unknown): number {
  if (value instanceof Date) return Math.floor(value.getTime() / MS_PER_DAY);
  if (typeof value !== 'string') return NaN;
  const m = ISO_DAY.exec(value.trim());
  if (m === null) return NaN;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = Date.UTC(y, mo - 1, d);
  const date = new Date(t);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
    return NaN;
  }
  return t / MS_PER_DAY;
}

/** The ISO text `YYYY-MM-DD` of a day number. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** A number's decimals as written in its shortest text (`2.50` read as 2.5 → 1). */
function decimalsOf(x: number): number {
  const text = String(x);
  const e = text.indexOf('e');
  if (e >= 0) {
    const exponent = Number(text.slice(e + 1));
    const mantissa = text.slice(0, e);
    const dot = mantissa.indexOf('.');
    const frac = dot < 0 ? 0 : mantissa.length - dot - 1;
    return Math.max(0, frac - exponent);
  }
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

function checkPositiveInteger(value: number, field: string, min: number): number {
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

/** The cells of a column, as an array. */
function cellsOf(data: Dataset, name: string): unknown[] {
  const column = data.table.column(name);
  if (column === undefined) {
    throw new DatanonymeError('NOT_FOUND', `column "${name}" is not in the table`, {
      column: name,
    });
  }
  const n = data.table.numRows();
  const out = new Array<unknown>(n);
  for (let i = 0; i < n; i++) out[i] = column.at(i);
  return out;
}

/** A numeric (or date, in `pattern`) cell as a number; NaN when missing or unreadable. */
function numericCell(value: unknown, spec: ColumnSpec, pattern?: DatePattern): number {
  if (isMissingValue(value, spec)) return NaN;
  if (spec.type !== 'date') return parseNumber(value);
  return typeof value === 'string' ? dayOf(value, pattern ?? 'YYYY-MM-DD') : dayNumber(value);
}

/** Equal-width edges over [lo, hi]; whole-number edges (last edge hi + 1) for integer columns. */
function binEdges(lo: number, hi: number, bins: number, integer: boolean): number[] {
  if (integer) {
    const range = hi - lo + 1;
    const nb = Math.min(bins, range);
    const edges: number[] = [];
    for (let i = 0; i <= nb; i++) edges.push(lo + Math.round((i * range) / nb));
    return edges;
  }
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(i === bins ? hi : lo + ((hi - lo) * i) / bins);
  return edges;
}

function binLabels(edges: number[], integer: boolean, date: boolean): string[] {
  const labels: string[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const a = edges[i] as number;
    const b = edges[i + 1] as number;
    if (date) labels.push(`[${isoDay(a)}, ${isoDay(b)})`);
    else if (integer) labels.push(b - a === 1 ? String(a) : `[${a}, ${b})`);
    else labels.push(i + 2 === edges.length ? `[${a}, ${b}]` : `[${a}, ${b})`);
  }
  return labels;
}

/**
 * The format of a decimal column: its decimals by the first rule that applies (module comment),
 * and which rule it was. `fromData` is the largest number of decimals of a value in the data.
 */
function decimalFormat(
  name: string,
  options: SynthSchemaOptions,
  bounds: readonly [number, number] | undefined,
  fromData: number,
): SynthFormat {
  const chosen = options.decimals?.[name];
  if (chosen !== undefined) return { decimals: chosen, decimalsFrom: 'option' };
  if (options.dp === true && bounds !== undefined) {
    const d = Math.max(decimalsOf(bounds[0]), decimalsOf(bounds[1]));
    return { decimals: Math.min(d, 10), decimalsFrom: 'bounds' };
  }
  return { decimals: Math.min(fromData, 10), decimalsFrom: 'data' };
}

function numericColumn(
  spec: ColumnSpec,
  cells: unknown[],
  options: SynthSchemaOptions,
  bins: number,
): SynthColumn {
  const date = spec.type === 'date';
  const integer = spec.type === 'integer' || date;
  // Text dates: the pattern they share (ISO when none does: unreadable cells are then missing).
  const pattern = date
    ? (datePatternOf(
        cells.filter((v): v is string => typeof v === 'string' && !isMissingValue(v, spec)),
      ) ?? 'YYYY-MM-DD')
    : undefined;
  const values = cells.map((v) => numericCell(v, spec, pattern));
  let missing = 0;
  let min = Infinity;
  let max = -Infinity;
  let decimals = 0;
  let dateObjects = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      missing++;
      continue;
    }
    if (v < min) min = v;
    if (v > max) max = v;
    if (!integer) decimals = Math.max(decimals, decimalsOf(v));
    if (cells[i] instanceof Date) dateObjects = true;
  }
  const n = cells.length;
  const given = options.bounds?.[spec.name] ?? spec.bounds;
  const format: SynthFormat = date
    ? dateObjects
      ? { date: 'Date' }
      : { date: 'text', pattern: pattern ?? 'YYYY-MM-DD' }
    : integer
      ? { decimals: 0 }
      : decimalFormat(spec.name, options, given, decimals);
  const base = {
    name: spec.name,
    type: spec.type,
    missingRate: n === 0 ? 0 : missing / n,
    integer,
    format,
    role: spec.role,
  };
  let lo: number;
  let hi: number;
  let fromData = false;
  if (given !== undefined) {
    [lo, hi] = given;
    if (!Number.isFinite(lo) || !Number.isFinite(hi) || lo > hi) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `bounds of "${spec.name}" must be finite with lo ≤ hi, got [${lo}, ${hi}]`,
        { column: spec.name, field: 'bounds', value: `${lo}:${hi}` },
      );
    }
    if (integer) {
      lo = Math.ceil(lo);
      hi = Math.floor(hi);
      if (lo > hi) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `bounds of "${spec.name}" hold no whole number: [${given[0]}, ${given[1]}]`,
          { column: spec.name, field: 'bounds', value: `${given[0]}:${given[1]}` },
        );
      }
    }
  } else if (missing === n) {
    if (options.dp === true) {
      return { ...base, kind: 'empty', values: [], boundsFromData: true };
    }
    return { ...base, kind: 'empty', values: [] };
  } else {
    lo = min;
    hi = max;
    fromData = true;
  }
  const flag = fromData ? { boundsFromData: true } : {};
  if (lo === hi) {
    const text = date ? formatDay(lo, format.pattern ?? 'YYYY-MM-DD') : String(lo);
    return { ...base, ...flag, kind: 'constant', values: [text] };
  }
  // Decimal bins at least one step of the column's decimals wide, so that every bin holds a value
  // written with those decimals.
  const step = 10 ** -(format.decimals ?? 0);
  const nb = integer ? bins : Math.max(1, Math.min(bins, Math.floor((hi - lo) / step + 1e-9)));
  const edges = binEdges(lo, hi, nb, integer);
  return {
    ...base,
    ...flag,
    kind: date ? 'date' : 'numeric',
    values: binLabels(edges, integer, date),
    edges,
  };
}

function categoricalColumn(
  spec: ColumnSpec,
  cells: unknown[],
  options: SynthSchemaOptions,
  maxCategories: number,
): SynthColumn {
  const counts = new Map<string, number>();
  let missing = 0;
  for (const v of cells) {
    if (isMissingValue(v, spec)) {
      missing++;
      continue;
    }
    const text = v instanceof Date ? isoDay(dayNumber(v)) : String(v);
    counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const n = cells.length;
  const base = {
    name: spec.name,
    type: spec.type,
    missingRate: n === 0 ? 0 : missing / n,
    integer: false,
    role: spec.role,
  };
  const domain = options.domains?.[spec.name];
  if (domain !== undefined) {
    const values = [...new Set(domain.map(String))];
    if (values.length === 0) return { ...base, kind: 'empty', values: [] };
    if (values.length === 1) return { ...base, kind: 'constant', values };
    return { ...base, kind: 'categorical', values };
  }
  const sorted = [...counts.entries()].sort((a, b) =>
    b[1] !== a[1] ? b[1] - a[1] : a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0,
  );
  const fromData = { domainFromData: true };
  if (sorted.length === 0) return { ...base, ...fromData, kind: 'empty', values: [] };
  if (sorted.length === 1) {
    return { ...base, ...fromData, kind: 'constant', values: [sorted[0]?.[0] as string] };
  }
  if (sorted.length <= maxCategories) {
    return { ...base, ...fromData, kind: 'categorical', values: sorted.map(([v]) => v) };
  }
  const top = sorted.slice(0, maxCategories).map(([v]) => v);
  const rare = sorted.slice(maxCategories);
  let otherRows = 0;
  for (const [, c] of rare) otherRows += c;
  const column: SynthColumn = {
    ...base,
    ...fromData,
    kind: 'categorical',
    values: [...top, OTHER],
    collapsed: { categories: sorted.length, rows: otherRows, of: n },
  };
  if (options.dp !== true) {
    column.other = { values: rare.map(([v]) => v), counts: rare.map(([, c]) => c) };
  }
  return column;
}

/**
 * The discrete view of a dataset for synthesis: one {@link SynthColumn} per column that is not an
 * identifier, in table order (see the module comment for the rules).
 *
 * @param data - the table and its column specs.
 * @param options - see {@link SynthSchemaOptions}.
 * @throws DatanonymeError `BAD_PARAMETER` for `maxCategories` or `bins` that are not integers ≥ 1
 *   (bins ≥ 2), or bounds that are not finite with lo ≤ hi (naming the column); `NOT_FOUND` for a
 *   spec whose column is not in the table.
 * @example
 * synthSchema(data)[0] // => { name: 'country', kind: 'constant', values: ['FR'], missingRate: 0, … }
 */
export function synthSchema(data: Dataset, options: SynthSchemaOptions = {}): SynthColumn[] {
  const maxCategories = checkPositiveInteger(options.maxCategories ?? 50, 'maxCategories', 1);
  const bins = checkPositiveInteger(options.bins ?? 20, 'bins', 2);
  checkDecimals(data, options.decimals);
  const out: SynthColumn[] = [];
  for (const spec of data.columns) {
    if (spec.role === 'identifier') continue;
    const cells = cellsOf(data, spec.name);
    out.push(
      // An integer column with a public domain is a set of codes (BAAC's `grav` 1–4), not a range.
      spec.type === 'categorical' ||
        (spec.type === 'integer' && options.domains?.[spec.name] !== undefined)
        ? categoricalColumn(spec, cells, options, maxCategories)
        : numericColumn(spec, cells, options, bins),
    );
  }
  return out;
}

/** Every `decimals` entry names a decimal column (not an identifier) and is an integer 0–10. */
function checkDecimals(data: Dataset, decimals: Record<string, number> | undefined): void {
  for (const [name, d] of Object.entries(decimals ?? {})) {
    const spec = data.columns.find((c) => c.name === name);
    if (spec === undefined) {
      throw new DatanonymeError('NOT_FOUND', `decimals: column "${name}" is not in the data`, {
        column: name,
        field: 'decimals',
      });
    }
    if (spec.type !== 'decimal' || spec.role === 'identifier') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `decimals: "${name}" is ${spec.role === 'identifier' ? 'an identifier' : `${/^[aeiou]/.test(spec.type) ? 'an' : 'a'} ${spec.type}`} column; decimals are for decimal columns`,
        { column: name, field: 'decimals', value: String(d) },
      );
    }
    if (!Number.isInteger(d) || d < 0 || d > 10) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `decimals of "${name}" must be an integer from 0 to 10, got ${d}`,
        { column: name, field: 'decimals', value: String(d) },
      );
    }
  }
}

/**
 * Which rule gave each decimal column its number of decimals (module comment), for a model's
 * details: `{ revenu: { decimals: 2, from: 'bounds' } }`, with `from` one of `option` (the
 * `decimals` option), `bounds` (the decimals of the public bounds' shortest text, under DP) and
 * `data` (the most decimals of a value in the data: outside DP, or bounds read from the data).
 *
 * @param schema - the view, from {@link synthSchema}.
 * @returns one entry per numeric decimal column, in schema order.
 * @example decimalRules(synthSchema(data, { dp: true, bounds: { revenu: [0, 5000.5] } })) // => { revenu: { decimals: 1, from: 'bounds' } }
 */
export function decimalRules(
  schema: readonly SynthColumn[],
): Record<string, { decimals: number; from: 'option' | 'bounds' | 'data' }> {
  const out: Record<string, { decimals: number; from: 'option' | 'bounds' | 'data' }> = {};
  for (const c of schema) {
    if (c.type !== 'decimal' || c.format?.decimalsFrom === undefined) continue;
    out[c.name] = { decimals: c.format.decimals ?? 0, from: c.format.decimalsFrom };
  }
  return out;
}

/**
 * The warnings of the decimals rule under DP: a decimal column whose decimals come from its
 * public bounds and leave fewer bins than asked (bounds [0, 1] typed without decimals: 0
 * decimals, one bin, values 0 or 1), naming the column and how to give its decimals. Read from
 * public information only.
 *
 * @param schema - the view, from {@link synthSchema}.
 * @param bins - the bins asked for (default 20).
 * @returns the warnings, in schema order.
 * @example decimalWarnings(synthSchema(data, { dp: true, bounds: { score: [0, 1] } }), 20)[0] // => 'column "score": …'
 */
export function decimalWarnings(schema: readonly SynthColumn[], bins = 20): string[] {
  const out: string[] = [];
  for (const c of schema) {
    if (c.kind !== 'numeric' || c.format?.decimalsFrom !== 'bounds') continue;
    const got = (c.edges?.length ?? 1) - 1;
    if (got >= bins) continue;
    const d = c.format.decimals ?? 0;
    out.push(
      `column "${c.name}": its values are written with ${d} decimal(s), as its public bounds are, which leaves ${got} bin(s) of ${bins}; ` +
        `give its decimals (decimals; synth --decimals ${c.name}=n, or bounds typed with them, ${c.name}=0:1.00)`,
    );
  }
  return out;
}

/**
 * The warnings of the high-cardinality rule (module comment), one per column that has more
 * categories than it keeps: the column, how many categories it has and keeps, what becomes of the
 * rest and how to avoid it. Under DP the rest are written `(other)`, and the share of rows that
 * hold them (read from the data) is left out, for the caller to show where the data may be
 * shown; outside DP the share is given, and the rest are drawn back among themselves.
 *
 * @param schema - the view, from {@link synthSchema}.
 * @param dp - whether the view is a DP one.
 * @returns the warnings, in schema order (none when no column was cut).
 * @example otherWarnings(synthSchema(data, { maxCategories: 2 }), false)[0] // => 'column "town" has 3 categories: …'
 */
export function otherWarnings(schema: readonly SynthColumn[], dp: boolean): string[] {
  const out: string[] = [];
  for (const c of schema) {
    if (c.collapsed === undefined) continue;
    const kept = c.values.length - 1;
    const rest = c.collapsed.categories - kept;
    const avoid = `give its public categories (domains; synth --domain ${c.name}=…) or coarsen it with a hierarchy first`;
    out.push(
      dp
        ? `column "${c.name}" has ${c.collapsed.categories} categories read from the data, more than ${kept}: the ${kept} most frequent are kept and the other ${rest} are written "${OTHER}"; to avoid it, ${avoid}`
        : `column "${c.name}" has ${c.collapsed.categories} categories, more than ${kept}: the ${kept} most frequent are modelled, the other ${rest} (${shareText(c.collapsed.rows, c.collapsed.of)} of the rows) as one category "${OTHER}", drawn back among themselves by their frequencies with no relation to the other columns; to avoid it, ${avoid}`,
    );
  }
  return out;
}

/**
 * The share of rows a high-cardinality column maps to `(other)`, as text (`31.4 %`): for a DP
 * caller to show where the data may be shown (stderr), never in a published report.
 *
 * @example otherShare(column) // => '31.4 %'
 */
export function otherShare(column: SynthColumn): string | undefined {
  return column.collapsed === undefined
    ? undefined
    : shareText(column.collapsed.rows, column.collapsed.of);
}

function shareText(part: number, whole: number): string {
  const share = whole === 0 ? 0 : (100 * part) / whole;
  return `${share > 0 && share < 0.1 ? '< 0.1' : share.toFixed(1)} %`;
}

/** The identifier columns {@link synthSchema} leaves out, in table order. */
export function identifierColumns(data: Dataset): string[] {
  return data.columns.filter((c) => c.role === 'identifier').map((c) => c.name);
}

/** The number of codes of a column: its values and the missing code. */
export function codeCount(column: SynthColumn): number {
  return column.values.length + 1;
}

/** The bin of x: the largest i with edges[i] ≤ x, within [0, bins − 1] (x clamped). */
function binOf(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((edges[mid] as number) <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The code of every cell: for column j, `codes[j][row]` in [0, values.length], where
 * `values.length` is the missing code. A category outside the view is `(other)` when the view has
 * one, else missing; numbers outside the bounds fall in the first or last bin.
 *
 * @throws DatanonymeError `NOT_FOUND` when a schema column is not in the table.
 * @example
 * discretise(data, synthSchema(data))[0] // => Int32Array [0, 0, 0, …]
 */
export function discretise(data: Dataset, schema: readonly SynthColumn[]): Int32Array[] {
  const n = data.table.numRows();
  const specs = new Map(data.columns.map((c) => [c.name, c]));
  return schema.map((column) => {
    const codes = new Int32Array(n);
    const missingCode = column.values.length;
    const spec: ColumnSpec = specs.get(column.name) ?? {
      name: column.name,
      type: column.type,
      role: column.role ?? 'insensitive',
    };
    const cells = cellsOf(data, column.name);
    if (column.kind === 'empty') {
      codes.fill(missingCode);
      return codes;
    }
    if (column.kind === 'numeric' || column.kind === 'date') {
      const edges = column.edges as number[];
      for (let i = 0; i < n; i++) {
        const x = numericCell(cells[i], spec, column.format?.pattern);
        codes[i] = Number.isNaN(x) ? missingCode : binOf(edges, x);
      }
      return codes;
    }
    const index = new Map(column.values.map((v, i) => [v, i]));
    const otherCode = index.get(OTHER);
    const numericConstant = column.kind === 'constant' && column.type !== 'categorical';
    for (let i = 0; i < n; i++) {
      const v = cells[i];
      if (isMissingValue(v, spec)) {
        codes[i] = missingCode;
        continue;
      }
      let text: string;
      if (numericConstant) {
        const x = numericCell(v, spec, column.format?.pattern);
        text = Number.isNaN(x)
          ? ''
          : column.type === 'date'
            ? formatDay(x, column.format?.pattern ?? 'YYYY-MM-DD')
            : String(x);
      } else {
        text = v instanceof Date ? isoDay(dayNumber(v)) : String(v);
      }
      codes[i] = index.get(text) ?? otherCode ?? missingCode;
    }
    return codes;
  });
}

/**
 * A uniform double in [0, 1) with 53 random bits (two 32-bit words).
 *
 * @example unitInterval(seededRandom(1)) < 1 // => true
 */
export function unitInterval(rng: RandomSource): number {
  const a = rng.uint32() >>> 5; // 27 bits
  const b = rng.uint32() >>> 6; // 26 bits
  return (a * 67_108_864 + b) / 9_007_199_254_740_992;
}

/**
 * An index drawn with probability proportional to non-negative integer `counts`, exactly (a
 * uniform integer below the total); -1 when every count is 0.
 *
 * @example drawIndex([0, 3, 0], seededRandom(1)) // => 1
 */
export function drawIndex(counts: ArrayLike<number>, rng: RandomSource): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i] as number;
  if (total <= 0) return -1;
  let u = uniformInt(rng, total);
  for (let i = 0; i < counts.length; i++) {
    u -= counts[i] as number;
    if (u < 0) return i;
  }
  return counts.length - 1;
}

/** A value of a bin, uniform inside it (see the module comment). */
function valueInBin(column: SynthColumn, bin: number, rng: RandomSource): number {
  const edges = column.edges as number[];
  const a = edges[bin] as number;
  const b = edges[bin + 1] as number;
  if (column.integer) return a + uniformInt(rng, Math.max(1, b - a));
  const lo = edges[0] as number;
  const hi = edges[edges.length - 1] as number;
  const decimals = column.format?.decimals ?? 10;
  const scale = 10 ** decimals;
  const x = (a + unitInterval(rng) * (b - a)) * scale;
  // The value rounded to the input's decimals, kept in its bin when a grid point lies in it.
  for (const r of [Math.round(x), Math.floor(x), Math.ceil(x), Math.ceil(a * scale)]) {
    const v = Math.min(hi, Math.max(lo, r / scale));
    if (binOf(edges, v) === bin) return v;
  }
  return Math.min(hi, Math.max(lo, Math.round(x) / scale));
}

/** A cell of a constant column: its one value, typed as the input. */
function constantValue(column: SynthColumn): unknown {
  const text = column.values[0] as string;
  if (column.type === 'integer' || column.type === 'decimal') return Number(text);
  if (column.type === 'date' && column.format?.date === 'Date') {
    return new Date(dayNumber(text) * MS_PER_DAY);
  }
  return text;
}

/**
 * The values of codes: categories as they are (`(other)` as a draw among the rare values when the
 * view kept them, else the text `(other)`), bins as a uniform value inside the bin (integers for
 * integer and date columns, dates written as the input), the missing code as null, a constant
 * column constant and an empty column empty (cases B18, B19). Each column uses `rng` in turn, row
 * by row, so equal sources give equal tables.
 *
 * @param codes - one array of codes per schema column, all of one length.
 * @throws DatanonymeError `BAD_PARAMETER` when the arrays do not match the schema or a code is out
 *   of range (naming the column).
 * @example
 * decode(discretise(data, schema), schema, seededRandom(7)).table.numRows() // => data's rows
 */
export function decode(
  codes: readonly Int32Array[],
  schema: readonly SynthColumn[],
  rng: RandomSource,
): Dataset {
  if (codes.length !== schema.length) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `decode needs one code array per schema column: ${codes.length} for ${schema.length}`,
      { field: 'codes' },
    );
  }
  const n = codes[0]?.length ?? 0;
  const columns: Record<string, unknown[]> = {};
  const specs: ColumnSpec[] = [];
  schema.forEach((column, j) => {
    const c = codes[j] as Int32Array;
    if (c.length !== n) {
      throw new DatanonymeError('BAD_PARAMETER', `codes of "${column.name}" have another length`, {
        column: column.name,
        field: 'codes',
      });
    }
    const missingCode = column.values.length;
    const out = new Array<unknown>(n);
    const constant = column.kind === 'constant' ? constantValue(column) : undefined;
    const otherCode = column.values.indexOf(OTHER);
    for (let i = 0; i < n; i++) {
      const code = c[i] as number;
      if (code < 0 || code > missingCode) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `code ${code} is out of range for "${column.name}"`,
          { column: column.name, field: 'codes', value: String(code) },
        );
      }
      if (code === missingCode) {
        out[i] = null;
      } else if (column.kind === 'constant') {
        out[i] = constant;
      } else if (column.kind === 'numeric') {
        out[i] = valueInBin(column, code, rng);
      } else if (column.kind === 'date') {
        const day = valueInBin(column, code, rng);
        out[i] =
          column.format?.date === 'Date'
            ? new Date(day * MS_PER_DAY)
            : formatDay(day, column.format?.pattern ?? 'YYYY-MM-DD');
      } else if (code === otherCode && column.other !== undefined) {
        const k = drawIndex(column.other.counts, rng);
        out[i] = column.other.values[k];
      } else {
        out[i] = column.values[code];
      }
    }
    columns[column.name] = out;
    specs.push({ name: column.name, type: column.type, role: column.role ?? 'insensitive' });
  });
  return { table: arqueroTable(columns), columns: specs };
}

/** What a synthesis {@link Method} takes besides the generator's options. */
export interface SampleOptions {
  /** Rows to draw. @defaultValue the input's row count */
  rows?: number;
  /** Seed of the sampling. @defaultValue drawn from the secure source */
  seed?: string | number;
}

/**
 * A fitted model's sample as a {@link Release}: rows in and out, the ledger under DP, `seeded`
 * when the caller gave a sampling seed or a noise seed.
 *
 * @throws DatanonymeError as the model's `sample`.
 * @example releaseOf('copula', data, model, { rows: 10, seed: 1 }, {}).table.numRows() // => 10
 */
export function releaseOf(
  method: string,
  data: Dataset,
  model: {
    dp: boolean;
    details: Record<string, unknown>;
    sample(n: number, seed: string | number): Dataset;
  },
  sampling: SampleOptions,
  parameters: Record<string, unknown>,
): Release {
  const rows = sampling.rows ?? data.table.numRows();
  const secure = secureRandom();
  const seed = sampling.seed ?? `${secure.uint32().toString(16)}${secure.uint32().toString(16)}`;
  const out = model.sample(rows, seed);
  const ledger = model.details.ledger as LedgerEntry[] | undefined;
  return {
    method,
    parameters: { ...parameters, rows, seed },
    table: out.table,
    columns: out.columns,
    accounting: {
      rowsIn: data.table.numRows(),
      rowsOut: rows,
      suppressedRows: 0,
      suppressedCells: 0,
      ...(ledger === undefined ? {} : { privacy: ledger }),
    },
    details: model.details,
    seeded: sampling.seed !== undefined || model.details.seeded === true,
  };
}

/**
 * A generator's fit function as a {@link Method} for the benchmark loop: fit, then `rows` rows
 * (default: as many as the input) drawn with `seed` (default: a fresh one, in the parameters).
 *
 * @example
 * const release = await synthesisMethod('copula', gaussianCopula).run(data, { rows: 100, seed: 1 });
 */
export function synthesisMethod<O extends object>(
  name: string,
  fit: (data: Dataset, options: O) => SynthesisModel,
): Method<O & SampleOptions> {
  return {
    name,
    family: 'synthesis',
    run: (data, options) => {
      const { rows, seed, ...fitOptions } = options;
      const model = fit(data, fitOptions as unknown as O);
      const sampling: SampleOptions = {
        ...(rows === undefined ? {} : { rows }),
        ...(seed === undefined ? {} : { seed }),
      };
      return Promise.resolve(releaseOf(name, data, model, sampling, { ...fitOptions }));
    },
  };
}
