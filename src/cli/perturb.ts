/**
 * `datanonyme perturb`: perturbs microdata by PRAM or targeted record swapping.
 *
 *   datanonyme perturb <input.csv> --method pram --columns <cols> [--retention <p>]
 *       [--matrix <col>=<file.csv|file.json>]… [--move uniform|proportional] [--invariant]
 *       [--strata <col>] [--seed <s>] -o <output.csv> [--report <r.json>]
 *   datanonyme perturb <input.csv> --method swap --geography <cols> --rate <share>
 *       [--risk-columns <cols>] [--k <k> | --risk-threshold <τ> [--population-size <N>]]
 *       [--similar <cols>] [--household <col>] [--seed <s>] -o <output.csv> [--report <r.json>]
 *
 * Swapping's high-risk records: classes smaller than k on the risk columns (default k = 3), or a
 * re-identification risk above τ as the risk metrics define it: prosecutor risk 1/f, or with the
 * size N of the population the file was drawn from, journalist risk 1/F, F = f · N/n.
 *
 * Every cell is read as its text (missing-value tokens included) and the columns the method does
 * not touch are written back byte for byte, rows in their order. Without `--seed` the randomness
 * comes from the secure source; with it the run is reproducible and the report says `seeded`.
 *
 * Order of work, as in `anonymise`, `dp` and `synth`: every flag and the output paths are checked
 * before the data is read; the report is written before the CSV and removed if the CSV cannot be
 * written; exit code 2 for any DatanonymeError, with nothing written.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import {
  parseTransitionMatrix,
  type TransitionMatrix,
} from '../../methods/perturbation/pram/matrix.js';
import { pram, type PramOptions } from '../../methods/perturbation/pram/pram.js';
import { recordSwapping, type SwapOptions } from '../../methods/perturbation/swapping/swap.js';
import { DatanonymeError } from '../errors.js';
import { equivalenceClasses } from '../metrics/risk/reidentification.js';
import { requireColumns } from '../table/columns.js';
import { dialectOptions } from '../table/format.js';
import { readCsvFile } from '../table/read-file.js';
import type { ColumnSpec, Dataset, Release } from '../types.js';
import {
  checkOutputs,
  parseFraction,
  parseK,
  parseList,
  readDialect,
  writeReportAndCsv,
} from './settings.js';
import { packageVersion } from './version.js';

/** The flags of `perturb`, as commander hands them over. */
export interface PerturbFlags {
  output?: string;
  method?: string;
  columns?: string;
  retention?: string;
  matrix?: string[];
  move?: string;
  invariant?: boolean;
  strata?: string;
  geography?: string;
  riskColumns?: string;
  k?: string;
  riskThreshold?: string;
  populationSize?: string;
  rate?: string;
  similar?: string;
  household?: string;
  seed?: string;
  report?: string;
  delimiter?: string;
  decimal?: string;
  missing?: string;
}

/** A numeric PRAM column with more distinct values than this is warned about (not a code). */
const NUMERIC_CODES_MAX = 12;

const PRAM_FLAGS = ['columns', 'retention', 'matrix', 'move', 'invariant', 'strata'] as const;
const SWAP_FLAGS = [
  'geography',
  'riskColumns',
  'k',
  'riskThreshold',
  'populationSize',
  'rate',
  'similar',
  'household',
] as const;
const FLAG_NAMES: Record<string, string> = {
  riskColumns: 'risk-columns',
  riskThreshold: 'risk-threshold',
  populationSize: 'population-size',
};

/** Runs the command; returns the exit code (errors are thrown as DatanonymeError). */
export async function perturbCommand(
  input: string,
  flags: PerturbFlags,
  stderr: (line: string) => void,
): Promise<number> {
  const started = performance.now();

  // 1. Everything that can be checked without the data.
  const output = flags.output;
  if (output === undefined) {
    throw new DatanonymeError('BAD_PARAMETER', 'no output file: give -o <output.csv>', {
      field: 'output',
    });
  }
  const method = flags.method;
  if (method !== 'pram' && method !== 'swap') {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      method === undefined
        ? 'no method: give --method pram|swap'
        : `method must be pram or swap, got "${method}"`,
      { field: 'method', ...(method === undefined ? {} : { value: method }) },
    );
  }
  const foreign = method === 'pram' ? SWAP_FLAGS : PRAM_FLAGS;
  for (const flag of foreign) {
    const value = flags[flag];
    if (value !== undefined && !(Array.isArray(value) && value.length === 0)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--${FLAG_NAMES[flag] ?? flag} is not an option of --method ${method}`,
        { field: FLAG_NAMES[flag] ?? flag },
      );
    }
  }
  if (flags.seed?.trim() === '') {
    throw new DatanonymeError('BAD_PARAMETER', '--seed must not be empty', { field: 'seed' });
  }
  const pramPlan = method === 'pram' ? pramPlanOf(flags) : undefined;
  const swapPlan = method === 'swap' ? swapPlanOf(flags) : undefined;
  const readOptions = readDialect(flags, { typed: false, keepMissingText: true });
  const matrixFiles = pramPlan?.files ?? [];
  await checkOutputs(output, flags.report, [input, ...matrixFiles.map(([, f]) => f)]);
  const matrices: Record<string, TransitionMatrix> = {};
  for (const [column, file] of matrixFiles) matrices[column] = await readMatrix(file);

  // 2. The data, the perturbation.
  const parsed = await readCsvFile(input, readOptions);
  const columns = parsed.table.columnNames().map((name): ColumnSpec => {
    const spec: ColumnSpec = {
      name,
      type: parsed.types[name] ?? 'categorical',
      role: 'insensitive',
    };
    if (parsed.missing.length > 0) spec.missing = parsed.missing;
    return spec;
  });
  // Every named column, with the separator hint of a header split on the wrong one.
  if (pramPlan !== undefined) {
    requireColumns(parsed, pramPlan.options.columns, 'PRAM column');
    if (pramPlan.options.strata !== undefined)
      requireColumns(parsed, [pramPlan.options.strata], 'strata column');
  } else {
    const plan = swapPlan as SwapOptions;
    requireColumns(parsed, plan.geography, 'geography column');
    requireColumns(parsed, plan.riskColumns ?? [], 'risk column');
    requireColumns(parsed, plan.similar ?? [], 'similarity column');
    if (plan.household !== undefined) requireColumns(parsed, [plan.household], 'household column');
  }
  const data: Dataset = { table: parsed.table, columns };
  const lineOf = (row: number): number => parsed.lineOf(row);
  const seed = flags.seed === undefined ? {} : { seed: flags.seed };
  let release: Release;
  if (pramPlan !== undefined) {
    const options: PramOptions = { ...pramPlan.options, matrices, lineOf, file: input, ...seed };
    release = pram(data, options);
  } else {
    const plan = swapPlan as SwapOptions;
    const options: SwapOptions = { ...plan, lineOf, file: input, ...seed };
    if (plan.riskThreshold !== undefined) {
      const populationSize = populationSizes.get(plan);
      if (populationSize !== undefined && populationSize < parsed.rows) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `--population-size ${populationSize} is smaller than the ${parsed.rows} records of ${input}`,
          { field: 'population-size', value: String(populationSize), file: input },
        );
      }
      options.risk = recordRisks(
        data,
        plan.riskColumns ?? [...plan.geography, ...(plan.similar ?? [])],
        populationSize,
      );
    }
    release = recordSwapping(data, options);
    if (plan.riskThreshold !== undefined) {
      release.parameters.riskModel =
        populationSizes.get(plan) === undefined
          ? 'prosecutor (1/class size)'
          : `journalist (population ${String(populationSizes.get(plan))})`;
      release.parameters.riskColumns = plan.riskColumns ?? [
        ...plan.geography,
        ...(plan.similar ?? []),
      ];
    }
  }

  // 3. The report, then the data.
  const warnings: string[] = [];
  if (release.seeded) {
    warnings.push(
      'seeded: the perturbation is reproducible from the seed, so this output is NOT fit for publication',
    );
  }
  const details: Record<string, unknown> = { ...release.details };
  if (release.method === 'pram') {
    // A numeric column without a matrix: PRAM moves its values uniformly, ignoring their order.
    const perColumn = details.columns as Record<string, { before: Record<string, number> }>;
    for (const column of release.parameters.columns as string[]) {
      const type = parsed.types[column];
      const values = Object.keys(perColumn[column]?.before ?? {}).length;
      // Few values are codes (sex 1/2, severity 1–4); many are a quantity with an order.
      if (
        (type === 'integer' || type === 'decimal' || type === 'date') &&
        values > NUMERIC_CODES_MAX &&
        !(column in matrices)
      ) {
        warnings.push(
          `"${column}" is ${type === 'integer' ? 'an' : 'a'} ${type} column with ${values} distinct values: PRAM moves a changed value to another one regardless of their order (uniformly, or by frequency with --move proportional); generalise it into bands first, or give a matrix that favours neighbours (--matrix ${column}=<file>)`,
        );
      }
    }
    // Categories of a given matrix that no record holds: records may be moved to them.
    for (const [column, file] of matrixFiles) {
      const absent = Object.entries(perColumn[column]?.before ?? {})
        .filter(([, count]) => count === 0)
        .map(([category]) => `"${category}"`);
      if (absent.length > 0) {
        warnings.push(
          `${file}: categor${absent.length === 1 ? 'y' : 'ies'} ${absent.join(', ')} of the matrix of "${column}" occur${absent.length === 1 ? 's' : ''} in no record of ${input}; records may be moved there`,
        );
      }
    }
  } else {
    // Pairs by their file lines (first line of each unit), rather than 0-based rows.
    details.swaps = (release.details.swaps as [number, number][]).map(([a, b]) => [
      lineOf(a),
      lineOf(b),
    ]);
    if (flags.report !== undefined) {
      warnings.push(
        `${flags.report} names the swapped records by their lines in ${input}: it undoes the swapping, so keep it with the original data, never with the release`,
      );
    }
  }
  const report = {
    command: 'perturb',
    version: packageVersion(),
    durationMs: Math.round(performance.now() - started),
    input,
    output,
    method: release.method,
    parameters: {
      ...release.parameters,
      ...(matrixFiles.length === 0 ? {} : { matrixFiles: Object.fromEntries(matrixFiles) }),
    },
    seeded: release.seeded,
    randomness: release.seeded
      ? `seeded with "${flags.seed as string}": reproducible, for tests only`
      : 'secure (crypto.getRandomValues), not reproducible',
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
    accounting: release.accounting,
    details,
    warnings,
  };
  await writeReportAndCsv(
    output,
    release.table,
    { ...dialectOptions(parsed.dialect), types: parsed.types },
    { path: flags.report, content: report },
    [input, ...matrixFiles.map(([, f]) => f)],
  );
  for (const w of warnings) stderr(`datanonyme: warning: ${w}`);
  if (release.method === 'pram') {
    stderr(
      `perturb: PRAM on ${(release.parameters.columns as string[]).join(', ')}: ${String(details.changedCells)} cell(s) changed in ${String(details.changedRecords)} of ${parsed.rows} record(s)`,
    );
  } else {
    stderr(
      `perturb: record swapping: ${String(details.pairs)} pair(s), ${String(details.swappedRecords)} record(s)` +
        (flags.household === undefined
          ? ''
          : ` in ${String(details.swappedHouseholds)} household(s)`) +
        `, ${String(details.changedCells)} cell(s) changed; ${String(details.highRiskSwapped)} of ${String(details.highRiskUnits)} high-risk ${flags.household === undefined ? 'record' : 'household'}(s) swapped, ${String(details.riskyNotSwappable)} without a donor`,
    );
  }
  stderr(`written: ${output}${flags.report === undefined ? '' : `, report: ${flags.report}`}`);
  return 0;
}

/** PRAM options from the flags (without the matrices, read later), and the matrix files. */
function pramPlanOf(flags: PerturbFlags): {
  options: Omit<PramOptions, 'matrices'>;
  files: [string, string][];
} {
  const columns = parseList(flags.columns);
  if (columns.length === 0) {
    throw new DatanonymeError('BAD_PARAMETER', 'PRAM needs --columns <col,col,…>', {
      field: 'columns',
    });
  }
  const files: [string, string][] = [];
  for (const spec of flags.matrix ?? []) {
    const eq = spec.indexOf('=');
    const column = eq > 0 ? spec.slice(0, eq).trim().normalize('NFC') : '';
    const file = eq > 0 ? spec.slice(eq + 1).trim() : '';
    if (column === '' || file === '') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--matrix must be <column>=<file.csv|file.json>, got "${spec}"`,
        { field: 'matrix', value: spec },
      );
    }
    if (!columns.includes(column)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--matrix ${column}: "${column}" is not among --columns (${columns.join(', ')})`,
        { field: 'matrix', column },
      );
    }
    files.push([column, file]);
  }
  const options: Omit<PramOptions, 'matrices'> = { columns };
  if (flags.retention !== undefined) {
    const text = flags.retention.trim();
    const p = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!(p >= 0 && p <= 1)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--retention must be a probability in [0, 1], got "${flags.retention}"`,
        { field: 'retention', value: flags.retention },
      );
    }
    options.retention = p;
  }
  const withMatrix = new Set(files.map(([c]) => c));
  const bare = columns.filter((c) => !withMatrix.has(c));
  if (options.retention === undefined && bare.length > 0) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `column "${bare[0] as string}" has no transition matrix: give --retention <p> or --matrix ${bare[0] as string}=<file>`,
      { field: 'retention', column: bare[0] as string },
    );
  }
  if (flags.move !== undefined) {
    if (flags.move !== 'uniform' && flags.move !== 'proportional') {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--move must be uniform or proportional, got "${flags.move}"`,
        { field: 'move', value: flags.move },
      );
    }
    options.move = flags.move;
  }
  if (flags.invariant === true) options.invariant = true;
  if (flags.strata !== undefined) options.strata = flags.strata.trim().normalize('NFC');
  return { options, files };
}

/** The --population-size given with a plan of swapping options. */
const populationSizes = new WeakMap<SwapOptions, number>();

/**
 * The re-identification risk of every record on the risk columns, as the risk metrics define it
 * (El Emam 2013; `src/metrics/risk/reidentification-risks.ts`): prosecutor risk 1/f_j, f_j the
 * size of the record's class in the file; or, with a population size N, journalist risk 1/F_j
 * with F_j = f_j · N/n (each class scaled by the inverse sampling fraction), at most 1.
 */
function recordRisks(data: Dataset, columns: string[], populationSize?: number): Float64Array {
  const n = data.table.numRows();
  const classes = equivalenceClasses(
    columns.map((c) => data.table.array(c) as ArrayLike<unknown>),
    n,
  );
  const scale = populationSize === undefined ? 1 : Math.max(1, populationSize / n);
  const risk = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const f = classes.sizes[classes.classOf[r] as number] as number;
    risk[r] = Math.min(1, 1 / (f * scale));
  }
  return risk;
}

/** Swapping options from the flags. */
function swapPlanOf(flags: PerturbFlags): SwapOptions {
  const geography = parseList(flags.geography);
  if (geography.length === 0) {
    throw new DatanonymeError('BAD_PARAMETER', 'record swapping needs --geography <col,…>', {
      field: 'geography',
    });
  }
  if (flags.rate === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'record swapping needs --rate <share> (for example 0.05 or 5%)',
      { field: 'rate' },
    );
  }
  const options: SwapOptions = { geography, rate: parseFraction(flags.rate, 'rate') };
  if (flags.riskColumns !== undefined) options.riskColumns = parseList(flags.riskColumns);
  if (flags.k !== undefined) options.k = parseK(flags.k);
  if (flags.riskThreshold !== undefined) {
    if (flags.k !== undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        'give --k (classes smaller than k are high-risk) or --risk-threshold (re-identification risk above it), not both',
        { field: 'risk-threshold' },
      );
    }
    const text = flags.riskThreshold.trim();
    const t = /^[+]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : Number.NaN;
    if (!(t >= 0 && t < 1)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--risk-threshold must be a risk in [0, 1), got "${flags.riskThreshold}"`,
        { field: 'risk-threshold', value: flags.riskThreshold },
      );
    }
    options.riskThreshold = t;
  }
  if (flags.populationSize !== undefined) {
    if (options.riskThreshold === undefined) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        '--population-size needs --risk-threshold (it turns the risk into journalist risk)',
        { field: 'population-size' },
      );
    }
    const text = flags.populationSize.trim().replace(/[ _]/g, '');
    const size = /^\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(Number.isSafeInteger(size) && size >= 1)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--population-size must be a whole number of people ≥ 1, got "${flags.populationSize}"`,
        { field: 'population-size', value: flags.populationSize },
      );
    }
    populationSizes.set(options, size);
  }
  if (flags.similar !== undefined) options.similar = parseList(flags.similar);
  if (flags.household !== undefined) options.household = flags.household.trim().normalize('NFC');
  return options;
}

/** A transition matrix file: JSON by its `.json` extension, else CSV. */
async function readMatrix(file: string): Promise<TransitionMatrix> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new DatanonymeError('NOT_FOUND', `transition matrix file not found: ${file}`, { file });
  }
  return parseTransitionMatrix(
    text,
    extname(file).toLowerCase() === '.json' ? 'json' : 'csv',
    file,
  );
}
