/**
 * `datanonyme tables`: a protected table of counts or totals, with every margin, from microdata;
 * and `datanonyme tables audit`: what an attacker can deduce about the suppressed cells of a
 * published table.
 *
 *   datanonyme tables <input.csv> --by <col,…> [--value <col>] [--hierarchy <col>=<file>]…
 *       [--frequency-rule <n>] [--dominance <n>:<k>] [--p-percent <p>] [--protect-zeros]
 *       [--method suppression|cell-key] [--secondary heuristic|optimal]
 *       [--max-deviation <D>] [--variance <V>] [--record-key <col> | --seed <s>]
 *       -o <table.csv> [--report <report.json>]
 *   datanonyme tables audit <table.csv> --by <col,…> [--value <col>] [--status <col>]
 *       [--hierarchy <col>=<file>]… [--report <report.json>]
 *
 * Order of work, as in `anonymise` and `dp`: every parameter and the output paths are checked
 * before the data is read; the report is written before the CSV and removed if the CSV cannot be
 * written; exit code 2 for any DatanonymeError (bad input names file, line, column and value),
 * with nothing written.
 */
import { cellKeyPerturb } from '../../methods/tables/cell-key.js';
import { auditTable, cellLabels } from '../../methods/tables/audit.js';
import { tableOutput } from '../../methods/tables/output.js';
import {
  perturbationTable,
  DEFAULT_MAX_DEVIATION,
  DEFAULT_VARIANCE,
} from '../../methods/tables/ptable.js';
import { recordKeys, recordKeysFromColumn } from '../../methods/tables/record-keys.js';
import {
  DEFAULT_DOMINANCE,
  DEFAULT_FREQUENCY,
  DEFAULT_SAFETY_RANGE,
  primarySuppression,
  type PrimaryRules,
} from '../../methods/tables/rules.js';
import { tableDimension, tabulate, TOTAL_LABEL } from '../../methods/tables/tabulate.js';
import { STATUS, type TableDimension, type TableStructure } from '../../methods/tables/types.js';
import { DatanonymeError } from '../errors.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';
import { readHierarchyFile } from '../hierarchy/read.js';
import { secureRandom, seededRandom } from '../random/source.js';
import { requireColumns } from '../table/columns.js';
import { fixedDecimalsOf, maxDecimalsOf, withDecimals } from '../table/decimals.js';
import { dialectOptions } from '../table/format.js';
import type { ParsedCsv } from '../table/parse.js';
import { readCsvFile } from '../table/read-file.js';
import { writeFileAtomic } from '../table/write-file.js';
import { checkOutputs, numberFlag, parseList, readDialect, writeReportAndCsv } from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `tables`, as commander hands them over. */
export interface TablesFlags {
  output?: string;
  by?: string;
  value?: string;
  hierarchy?: string[];
  frequencyRule?: string;
  dominance?: string;
  pPercent?: string;
  protectZeros?: boolean;
  safetyRange?: string;
  method?: string;
  secondary?: string;
  maxDeviation?: string;
  variance?: string;
  recordKey?: string;
  seed?: string;
  /** `tables audit`: the status column. */
  status?: string;
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
}

/** The flags of `tables audit`. */
export interface TablesAuditFlags {
  by?: string;
  value?: string;
  status?: string;
  hierarchy?: string[];
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
}

/**
 * Runs `tables <input.csv>` or `tables audit <table.csv>`; returns the exit code (errors are
 * thrown as DatanonymeError).
 */
export async function tablesCommand(
  input: string,
  published: string | undefined,
  flags: TablesFlags,
  stdout: (line: string) => void,
  stderr: (line: string) => void,
): Promise<number> {
  if (input === 'audit') {
    if (published === undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        'tables audit needs a table: tables audit <table.csv> --by … [--value …]',
        {
          field: 'table',
        },
      );
    }
    const notAudit = (
      [
        'output',
        'frequencyRule',
        'dominance',
        'pPercent',
        'protectZeros',
        'safetyRange',
        'method',
        'secondary',
        'maxDeviation',
        'variance',
        'recordKey',
        'seed',
      ] as const
    ).find((k) => flags[k] !== undefined);
    if (notAudit !== undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--${kebab(notAudit)} is not an option of tables audit (it reads a published table and writes only --report)`,
        { field: kebab(notAudit) },
      );
    }
    return tablesAuditCommand(published, flags, stdout, stderr);
  }
  if (published !== undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `tables takes one input file, got a second: "${published}" (to audit a table: tables audit <table.csv>)`,
      { value: published },
    );
  }
  if (flags.status !== undefined) {
    throw new DatanonymeError('BAD_PARAMETER', '--status is an option of tables audit', {
      field: 'status',
    });
  }
  return protectTable(input, flags, stderr);
}

/** `tables <input.csv>`: tabulate, protect, write the table and the report. */
async function protectTable(
  input: string,
  flags: TablesFlags,
  stderr: (line: string) => void,
): Promise<number> {
  const started = performance.now();

  // 1. Everything that can be checked without the data.
  const output = flags.output;
  if (output === undefined) {
    throw new DatanonymeError('BAD_PARAMETER', 'no output file: give -o <table.csv>', {
      field: 'output',
    });
  }
  const by = byFlag(flags.by);
  const method = flags.method ?? 'suppression';
  if (method !== 'suppression' && method !== 'cell-key') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--method must be suppression or cell-key, got "${method}"`,
      { field: 'method', value: method },
    );
  }
  const secondary = flags.secondary ?? 'heuristic';
  if (secondary !== 'heuristic' && secondary !== 'optimal') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--secondary must be heuristic or optimal, got "${secondary}"`,
      { field: 'secondary', value: secondary },
    );
  }
  if (flags.value !== undefined && by.includes(flags.value)) {
    throw new DatanonymeError('BAD_PARAMETER', `--value "${flags.value}" is also in --by`, {
      field: 'value',
      value: flags.value,
    });
  }
  const ruleFlags = [
    'frequencyRule',
    'dominance',
    'pPercent',
    'protectZeros',
    'safetyRange',
  ] as const;
  const cellKeyFlags = ['maxDeviation', 'variance', 'recordKey', 'seed'] as const;
  if (method === 'cell-key') {
    const given = ruleFlags.filter((k) => flags[k] !== undefined);
    if (given.length > 0 || flags.secondary !== undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        '--method cell-key perturbs every cell and suppresses none: the suppression rules (--frequency-rule, --dominance, --p-percent, --protect-zeros, --secondary) do not apply',
        { field: 'method' },
      );
    }
    if (flags.value !== undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        '--method cell-key perturbs counts; a table of totals (--value) needs --method suppression',
        { field: 'value', value: flags.value },
      );
    }
    if (flags.recordKey !== undefined && flags.seed !== undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        '--record-key reads the keys from the data; --seed draws them: give one, not both',
        { field: 'seed' },
      );
    }
  } else {
    const given = cellKeyFlags.filter((k) => flags[k] !== undefined);
    if (given.length > 0) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--${kebab(given[0] ?? '')} is for --method cell-key`,
        { field: kebab(given[0] ?? '') },
      );
    }
  }
  const rules = method === 'suppression' ? rulesFromFlags(flags) : undefined;
  const ptable =
    method === 'cell-key'
      ? perturbationTable({
          maxDeviation:
            flags.maxDeviation === undefined
              ? DEFAULT_MAX_DEVIATION
              : numberFlag(flags.maxDeviation, 'max-deviation'),
          variance:
            flags.variance === undefined
              ? DEFAULT_VARIANCE
              : numberFlag(flags.variance, 'variance'),
        })
      : undefined;
  if (flags.seed !== undefined && flags.seed.trim() === '') {
    throw new DatanonymeError('BAD_PARAMETER', '--seed must not be empty', { field: 'seed' });
  }
  const hierarchyFiles = hierarchyFlags(flags.hierarchy ?? [], by);
  await checkOutputs(output, flags.report, [input, ...hierarchyFiles.values()]);
  const hierarchies: Record<string, Hierarchy> = {};
  for (const [column, file] of hierarchyFiles) {
    hierarchies[column] = await readHierarchyFile(file, column);
  }

  // 2. The data and the tabulation.
  const parsed = await readCsvFile(
    input,
    readDialect(flags, { typed: false, keepMissingText: true }),
  );
  requireColumns(parsed, by, '--by column');
  if (flags.value !== undefined) requireColumns(parsed, [flags.value], '--value column');
  if (flags.recordKey !== undefined) {
    requireColumns(parsed, [flags.recordKey], '--record-key column');
  }
  const lineOf = (row: number): number => parsed.lineOf(row);
  let data = parsed.table;
  if (flags.value !== undefined) {
    data = data.assign({ [flags.value]: numericColumn(parsed, flags.value) });
  }
  let keys: Float64Array | undefined;
  let keySource: string | undefined;
  if (method === 'cell-key') {
    if (flags.recordKey !== undefined) {
      keys = recordKeysFromColumn(numericColumn(parsed, flags.recordKey), flags.recordKey, lineOf);
      keySource = `column ${flags.recordKey}`;
    } else {
      const rng = flags.seed === undefined ? secureRandom() : seededRandom(flags.seed);
      keys = recordKeys(parsed.rows, rng);
      keySource = flags.seed === undefined ? 'drawn (secure generator)' : 'drawn (seeded)';
    }
  }
  const tabulationStarted = performance.now();
  const tab = tabulate(
    { table: data, columns: [] },
    {
      by,
      ...(flags.value === undefined ? {} : { value: flags.value }),
      hierarchies,
      ...(keys === undefined ? {} : { recordKeys: keys }),
      largestKept: Math.max(2, rules?.dominance?.n ?? 0),
      nonNegative: rules?.dominance !== undefined || rules?.pPercent !== undefined,
      missing: parsed.missing,
      lineOf,
      file: input,
    },
  );
  const tabulationMs = performance.now() - tabulationStarted;
  const values = tab.value === undefined ? tab.count : tab.value.total;

  // 3. Protection.
  const warnings: string[] = [];
  let status: Uint8Array;
  let published: Float64Array = values;
  let methodDetails: Record<string, unknown>;
  const counts = { primaryA: 0, primaryB: 0, secondary: 0 };
  if (rules !== undefined) {
    const primary = primarySuppression(tab, rules);
    for (const s of primary.status) {
      if (s === STATUS.A) counts.primaryA++;
      else if (s === STATUS.B) counts.primaryB++;
    }
    // Loaded here: the secondary modules bring the LP solver, which cell-key runs do not need.
    const { secondarySuppression } = await import('../../methods/tables/secondary.js');
    const result = await secondarySuppression(tab, values, primary.status, primary.protection, {
      method: secondary,
    });
    status = result.status;
    counts.secondary = result.secondary;
    methodDetails = { method: 'suppression', secondary: result.details };
  } else {
    published = cellKeyPerturb(
      tab.count,
      tab.cellKey as Float64Array,
      ptable as NonNullable<typeof ptable>,
    );
    status = new Uint8Array(tab.size);
    methodDetails = {
      method: 'cell-key',
      maxDeviation: ptable?.maxDeviation,
      variance: ptable?.variance,
      recordKeys: keySource,
      changedCells: published.reduce((n, v, c) => (v === tab.count[c] ? n : n + 1), 0),
    };
    if (flags.seed !== undefined) {
      warnings.push(
        'seeded: the record keys, hence the noise, are reproducible from the seed, so this table is NOT fit for publication',
      );
    } else if (flags.recordKey === undefined) {
      warnings.push(
        'record keys were drawn for this run only: keep them as a column of the data (--record-key) so that every table of it gets the same noise',
      );
    }
  }
  let suppressed = 0;
  for (const s of status) if (s !== STATUS.V) suppressed++;
  let table = tableOutput(tab, published, status, {
    valueName: flags.value ?? 'count',
  });
  // Totals of amounts written with a fixed number of decimals (12,50) are written with as many
  // (127985,50, not 127985,5).
  const fixed =
    flags.value === undefined
      ? undefined
      : fixedDecimalsOf(parsed.table.array(flags.value) as ArrayLike<unknown>, parsed.missing);
  if (flags.value !== undefined && fixed !== undefined) {
    const name = flags.value;
    table = table.assign({
      [name]: Array.from(table.array(name) as ArrayLike<unknown>, (v) =>
        withDecimals(v, fixed, parsed.dialect.decimal),
      ),
    });
  }

  // 4. The report, then the table.
  const report = {
    command: 'tables',
    version: packageVersion(),
    durationMs: Math.round(performance.now() - started),
    tabulationMs: Math.round(tabulationMs),
    input,
    output,
    parameters: {
      by,
      value: flags.value ?? null,
      hierarchies: Object.fromEntries(hierarchyFiles),
      method,
      ...(method === 'suppression' ? { secondary } : {}),
    },
    rules: rules ?? null,
    dimensions: tab.dimensions.map((d) => ({ name: d.name, nodes: d.labels.length })),
    cells: {
      total: tab.size,
      primaryA: counts.primaryA,
      primaryB: counts.primaryB,
      secondary: counts.secondary,
      suppressed,
      published: tab.size - suppressed,
    },
    details: methodDetails,
    warnings,
  };
  await writeReportAndCsv(
    output,
    table,
    dialectOptions(parsed.dialect),
    { path: flags.report, content: report },
    [input, ...hierarchyFiles.values()],
  );
  for (const w of warnings) stderr(`datanonyme: warning: ${w}`);
  stderr(
    method === 'suppression'
      ? `tables: ${tab.size} cells; primary ${counts.primaryA} A + ${counts.primaryB} B, secondary ${counts.secondary} D; ${tab.size - suppressed} published`
      : `tables: ${tab.size} cells perturbed by the cell key method (D = ${ptable?.maxDeviation}, V = ${ptable?.variance}); ${String(methodDetails.changedCells)} changed`,
  );
  stderr(`written: ${output}${flags.report === undefined ? '' : `, report: ${flags.report}`}`);
  return 0;
}

/** Runs `tables audit`: prints one interval per suppressed cell; returns the exit code. */
async function tablesAuditCommand(
  input: string,
  flags: TablesAuditFlags,
  stdout: (line: string) => void,
  stderr: (line: string) => void,
): Promise<number> {
  const started = performance.now();
  const by = byFlag(flags.by);
  const hierarchyFiles = hierarchyFlags(flags.hierarchy ?? [], by);
  if (flags.report !== undefined) {
    await checkOutputs(flags.report, undefined, [input, ...hierarchyFiles.values()]);
  }
  const hierarchies = new Map<string, Hierarchy>();
  for (const [column, file] of hierarchyFiles) {
    hierarchies.set(column, await readHierarchyFile(file, column));
  }
  const parsed = await readCsvFile(
    input,
    readDialect(flags, { typed: false, keepMissingText: true }),
  );
  // The published values: --value, or the column `count` (what `tables` writes for counts).
  const valueName =
    flags.value ?? (parsed.table.columnNames().includes('count') ? 'count' : undefined);
  if (valueName === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${input} has no column "count": give --value <col>, the column of published values`,
      { field: 'value', file: input },
    );
  }
  requireColumns(parsed, [...by, valueName], 'column');
  const statusName =
    flags.status ?? (parsed.table.columnNames().includes('status') ? 'status' : undefined);
  if (statusName !== undefined) requireColumns(parsed, [statusName], '--status column');
  const n = parsed.rows;
  const columns = by.map((b) => parsed.table.array(b) as ArrayLike<string | null>);

  // The structure, from the labels present (and the hierarchies).
  const dimensions: TableDimension[] = by.map((name, j) => {
    const labels = new Set<string>();
    const col = columns[j] as ArrayLike<string | null>;
    for (let i = 0; i < n; i++) {
      const label = col[i] ?? '';
      if (label !== TOTAL_LABEL) labels.add(label);
    }
    const h = hierarchies.get(name);
    const dimension = tableDimension(name, [...labels], {
      ...(h === undefined ? {} : { hierarchy: h }),
      missing: parsed.missing,
    });
    return dimension;
  });
  const stride: number[] = new Array<number>(by.length).fill(1);
  for (let j = by.length - 2; j >= 0; j--) {
    stride[j] = (stride[j + 1] as number) * (dimensions[j + 1] as TableDimension).labels.length;
  }
  const size = (stride[0] as number) * (dimensions[0] as TableDimension).labels.length;
  const s: TableStructure = { dimensions, size, stride };
  const nodeOf = dimensions.map((d) => {
    const m = new Map<string, number>();
    d.labels.forEach((l, i) => {
      if (!m.has(l)) m.set(l, i);
    });
    return m;
  });

  // The published values: NaN for an empty value or a status other than V.
  const published = new Float64Array(size).fill(Number.NaN);
  const seen = new Uint8Array(size);
  const lineOfCell = new Int32Array(size);
  const values = numericColumn(parsed, valueName, { missingIsNaN: true });
  const statuses =
    statusName === undefined
      ? undefined
      : (parsed.table.array(statusName) as ArrayLike<string | null>);
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let j = 0; j < by.length; j++) {
      const label = (columns[j] as ArrayLike<string | null>)[i] ?? '';
      const node = (nodeOf[j] as Map<string, number>).get(label);
      if (node === undefined) {
        throw new DatanonymeError(
          'BAD_INPUT',
          `${input}: line ${parsed.lineOf(i)}: "${label}" is not a category of ${by[j] ?? ''} (its hierarchy does not have it)`,
          { file: input, line: parsed.lineOf(i), column: by[j] ?? '', value: label },
        );
      }
      c += node * (stride[j] as number);
    }
    if (seen[c] === 1) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `${input}: line ${parsed.lineOf(i)}: the cell ${cellLabels(s, c)} appears twice`,
        { file: input, line: parsed.lineOf(i) },
      );
    }
    seen[c] = 1;
    lineOfCell[c] = parsed.lineOf(i);
    const st = statuses?.[i] ?? 'V';
    const v = values[i] as number;
    published[c] = st === 'V' || st === '' ? v : Number.NaN;
  }
  const absent = seen.indexOf(0);
  if (absent >= 0) {
    throw new DatanonymeError(
      'BAD_INPUT',
      `${input}: the cell ${cellLabels(s, absent)} is missing; the table must have one row per cell, totals included`,
      { file: input },
    );
  }
  // The cell an inconsistency is reported on (the first the audit names): its file line.
  let named: number | undefined;
  let intervals: Awaited<ReturnType<typeof auditTable>>;
  try {
    intervals = await auditTable(s, published, {
      describeCell: (c) => {
        named ??= c;
        return `${cellLabels(s, c)} (line ${lineOfCell[c]})`;
      },
    });
  } catch (e) {
    if (!(e instanceof DatanonymeError) || e.code !== 'BAD_INPUT') throw e;
    // Read without a hierarchy, the subtotals of a hierarchical table are categories of their own
    // and the totals are not their sums: say so where it may be the cause.
    const flat = by.filter((b) => !hierarchyFiles.has(b));
    const hint =
      flat.length === 0 || !e.message.includes('additivity')
        ? ''
        : `; a table made with --hierarchy must be audited with the same --hierarchy options (without them, the subtotals of ${flat.map((b) => `"${b}"`).join(', ')} are read as categories of the total)`;
    throw new DatanonymeError('BAD_INPUT', `${input}: ${e.message}${hint}`, {
      file: input,
      ...(named === undefined ? {} : { line: lineOfCell[named] }),
      ...(e.column === undefined ? {} : { column: e.column }),
      ...(e.value === undefined ? {} : { value: e.value }),
    });
  }
  const rows = intervals.map((iv) => ({
    cell: Object.fromEntries(
      dimensions.map((d, j) => [
        d.name,
        d.labels[Math.floor(iv.cell / (stride[j] as number)) % d.labels.length],
      ]),
    ),
    lower: iv.lower,
    upper: iv.upper,
  }));
  // The solver's bounds carry rounding noise (7252.59000000001): they are rounded to 4 decimals
  // more than the published values have (at most 10), which cannot move them by more than that
  // noise, and written with the input's decimal mark. (Rounding to the values' own decimals
  // would assume the hidden cells have no more decimals than the published ones.)
  const places = maxDecimalsOf(parsed.table.array(valueName) as ArrayLike<unknown>, parsed.missing);
  const onGrid = (x: number): number =>
    places === undefined
      ? Number(x.toPrecision(12))
      : Number(x.toFixed(Math.min(places + 4, 10))) + 0;
  for (const r of rows) {
    r.lower = onGrid(r.lower);
    r.upper = onGrid(r.upper);
  }
  const shown = (x: number): string =>
    parsed.dialect.decimal === ',' ? String(x).replace('.', ',') : String(x);
  stdout([...by, 'lower', 'upper'].join('\t'));
  for (const r of rows) {
    stdout([...by.map((b) => r.cell[b] ?? ''), shown(r.lower), shown(r.upper)].join('\t'));
  }
  if (flags.report !== undefined) {
    const content = {
      command: 'tables audit',
      version: packageVersion(),
      durationMs: Math.round(performance.now() - started),
      input,
      parameters: { by, value: valueName, status: statusName ?? null },
      cells: { total: size, suppressed: intervals.length },
      intervals: rows,
    };
    await writeFileAtomic(flags.report, JSON.stringify(content, null, 2) + '\n', {
      protect: [input, ...hierarchyFiles.values()],
      label: 'report',
    });
  }
  stderr(`tables audit: ${size} cells, ${intervals.length} suppressed`);
  return 0;
}

/** The rules of the flags; none given: frequency 3 (and dominance (1, 85) with --value), INSEE's. */
function rulesFromFlags(flags: TablesFlags): PrimaryRules {
  const rules: PrimaryRules = {};
  const none =
    flags.frequencyRule === undefined &&
    flags.dominance === undefined &&
    flags.pPercent === undefined;
  if (flags.frequencyRule !== undefined || none || flags.protectZeros === true) {
    const n =
      flags.frequencyRule === undefined
        ? DEFAULT_FREQUENCY
        : numberFlag(flags.frequencyRule, 'frequency-rule');
    if (!Number.isInteger(n) || n < 1) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--frequency-rule must be an integer ≥ 1, got "${flags.frequencyRule ?? ''}"`,
        { field: 'frequency-rule', value: flags.frequencyRule ?? '' },
      );
    }
    const range =
      flags.safetyRange === undefined
        ? DEFAULT_SAFETY_RANGE
        : numberFlag(flags.safetyRange, 'safety-range');
    rules.frequency = { n, protectZeros: flags.protectZeros === true, safetyRange: range };
  }
  if (flags.dominance !== undefined) {
    const m = /^\s*(\d+)\s*:\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(flags.dominance);
    if (m === null) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--dominance must be <n>:<k> (k in percent), e.g. 1:85, got "${flags.dominance}"`,
        { field: 'dominance', value: flags.dominance },
      );
    }
    rules.dominance = { n: Number(m[1]), k: Number(m[2]) };
  } else if (none && flags.value !== undefined) {
    rules.dominance = { ...DEFAULT_DOMINANCE };
  }
  if (flags.pPercent !== undefined) {
    rules.pPercent = { p: numberFlag(flags.pPercent.replace(/%\s*$/, ''), 'p-percent') };
  }
  if (
    (rules.dominance !== undefined || rules.pPercent !== undefined) &&
    flags.value === undefined
  ) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      '--dominance and --p-percent apply to totals: give --value <col>',
      { field: rules.dominance === undefined ? 'p-percent' : 'dominance' },
    );
  }
  if (rules.dominance !== undefined) {
    const { n, k } = rules.dominance;
    if (!Number.isInteger(n) || n < 1 || !(k > 0 && k <= 100)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--dominance n:k needs an integer n ≥ 1 and 0 < k ≤ 100, got "${flags.dominance ?? ''}"`,
        { field: 'dominance', value: flags.dominance ?? '' },
      );
    }
  }
  if (rules.pPercent !== undefined && !(rules.pPercent.p > 0 && rules.pPercent.p <= 100)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--p-percent must be in (0, 100], got "${flags.pPercent ?? ''}"`,
      { field: 'p-percent', value: flags.pPercent ?? '' },
    );
  }
  if (
    rules.frequency !== undefined &&
    !(rules.frequency.safetyRange !== undefined && rules.frequency.safetyRange >= 0)
  ) {
    throw new DatanonymeError('BAD_PARAMETER', `--safety-range must be ≥ 0 (percent)`, {
      field: 'safety-range',
      value: flags.safetyRange ?? '',
    });
  }
  return rules;
}

function byFlag(text: string | undefined): string[] {
  const by = parseList(text);
  if (by.length === 0) {
    throw new DatanonymeError('BAD_PARAMETER', 'nothing to tabulate: give --by <col,…>', {
      field: 'by',
    });
  }
  const twice = by.find((b, i) => by.indexOf(b) !== i);
  if (twice !== undefined) {
    throw new DatanonymeError('BAD_PARAMETER', `--by names "${twice}" twice`, {
      field: 'by',
      value: twice,
    });
  }
  return by;
}

/** `--hierarchy <col>=<file>` flags: column → file, each column in --by. */
function hierarchyFlags(flags: readonly string[], by: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    const column = eq > 0 ? flag.slice(0, eq).trim().normalize('NFC') : '';
    const file = flag.slice(eq + 1).trim();
    if (column === '' || file === '') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--hierarchy expects <column>=<file>, got "${flag}"`,
        { field: 'hierarchy', value: flag },
      );
    }
    if (!by.includes(column)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--hierarchy ${column}=…: "${column}" is not in --by`,
        {
          field: 'hierarchy',
          value: column,
        },
      );
    }
    out.set(column, file);
  }
  return out;
}

/**
 * A column read as text, as numbers: a decimal comma where the file uses one; a value that is not
 * a number stays its text (so that the kernel's error names it), a missing one is null (or NaN).
 */
function numericColumn(
  parsed: ParsedCsv,
  name: string,
  options: { missingIsNaN?: boolean } = {},
): (number | string | null)[] {
  const texts = parsed.table.array(name) as ArrayLike<string | null>;
  // A column left as text (numbers of more than 15 significant digits, such as the record keys
  // `tables keys` writes) still reads a decimal comma where the file's dialect allows one.
  const comma =
    parsed.decimalComma.includes(name) ||
    (parsed.types[name] === 'categorical' &&
      (parsed.dialect.decimal === ',' || parsed.dialect.delimiter !== ','));
  const missing = new Set(parsed.missing);
  const out = new Array<number | string | null>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const t = texts[i];
    if (t === null || t === undefined || missing.has(t)) {
      out[i] = options.missingIsNaN === true ? Number.NaN : null;
      continue;
    }
    const s = (comma ? t.replace(',', '.') : t).trim();
    if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) out[i] = Number(s);
    else if (options.missingIsNaN === true) {
      throw new DatanonymeError(
        'BAD_INPUT',
        `${parsed.file ?? ''}: line ${parsed.lineOf(i)}: column "${name}" must hold numbers, got "${t}"`,
        {
          ...(parsed.file === undefined ? {} : { file: parsed.file }),
          line: parsed.lineOf(i),
          column: name,
          value: t,
        },
      );
    } else out[i] = t;
  }
  return out;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`);
}
