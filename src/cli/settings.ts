/**
 * Turns command-line flags and the config file into validated settings: parameters checked before
 * any data is read, then roles and hierarchies resolved against the table's columns. Flags override
 * the config file.
 */
import { readFile, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DatanonymeError } from '../errors.js';
import { dateHierarchy } from '../hierarchy/dates.js';
import { Hierarchy } from '../hierarchy/hierarchy.js';
import { intervalHierarchy } from '../hierarchy/intervals.js';
import { maskingHierarchy } from '../hierarchy/masking.js';
import { findHierarchyFiles, readHierarchyFile } from '../hierarchy/read.js';
import { treeHierarchy, type CategoryTree } from '../hierarchy/tree.js';
import { cellText } from '../hierarchy/validate.js';
import { validateConfig, type Config, type HierarchyConfig } from '../schema/config.js';
import type { ParsedCsv, ReadCsvOptions } from '../table/parse.js';
import type { ColumnTable } from 'arquero';
import type { WriteCsvOptions } from '../table/format.js';
import {
  checkOutputPath,
  ensureParentDirectory,
  writeCsvFile,
  writeFileAtomic,
} from '../table/write-file.js';
import type { ColumnSpec, Role } from '../types.js';

/**
 * Reads a JSON file (a config or a plan): a missing file is `NOT_FOUND`, text that is not JSON is
 * `BAD_CONFIG` naming the file and the line and column of the fault (`line 5, column 12`,
 * counted in characters as an editor shows them; a file cut short is located at its end). A BOM
 * is allowed.
 *
 * @example
 * await readJsonFile('datasets/adult/config.json') // => { description: …, attributes: … }
 */
export async function readJsonFile(path: string): Promise<unknown> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch {
    throw new DatanonymeError('NOT_FOUND', `config file not found: ${path}`, { file: path });
  }
  const text = raw.replace(/^\uFEFF/, '');
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // V8 gives the position of most faults, not of an unexpected token: find it then.
    const position = /at position (\d+)/.exec(message);
    const offset = position?.[1] !== undefined ? Number(position[1]) : jsonFaultOffset(text);
    const at = offset === undefined ? undefined : lineAndColumn(text, offset);
    const where = at === undefined ? '' : ` (line ${at.line}, column ${at.column})`;
    throw new DatanonymeError('BAD_CONFIG', `${path}: not valid JSON${where}: ${message}`, {
      file: path,
      ...(at === undefined ? {} : { line: at.line }),
    });
  }
}

/** The 1-based line and column (in characters, not UTF-16 units) of `offset` in `text`. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.min(offset, text.length));
  const lines = before.split('\n');
  return { line: lines.length, column: Array.from(lines[lines.length - 1] ?? '').length + 1 };
}

/**
 * The offset at which `text` stops being JSON (RFC 8259), or undefined when it is JSON or too
 * deeply nested to scan: the start of the first token that cannot be there, the end of the text
 * for a file cut short.
 */
function jsonFaultOffset(text: string): number | undefined {
  let i = 0;
  const fault = new Error('fault');
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const expect = (c: string): void => {
    space();
    if (text[i] !== c) throw fault;
    i++;
  };
  const string = (): void => {
    if (text[i] !== '"') throw fault;
    i++;
    while (i < text.length) {
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else throw fault;
      } else if (c < ' ') {
        throw fault;
      } else {
        i++;
      }
    }
    throw fault;
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          string();
          expect(':');
        }
        value();
        space();
        if (text[i] === close) {
          i++;
          return;
        }
        expect(',');
      }
    }
    if (c === '"') {
      string();
      return;
    }
    const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    number.lastIndex = i;
    if (number.test(text)) {
      i = number.lastIndex;
      return;
    }
    const literal = ['true', 'false', 'null'].find((l) => text.startsWith(l, i));
    if (literal === undefined) throw fault;
    i += literal.length;
  };
  try {
    value();
    space();
    return i < text.length ? i : undefined;
  } catch (e) {
    return e === fault ? i : undefined;
  }
}

/**
 * Runs the check of a value read from a config file (`privacy.k`, `epsilon`); a DatanonymeError
 * it throws becomes `BAD_CONFIG` naming the file and the field: `c.json: privacy.k must be …`
 * when the message starts with the option's name (`k`, `--min-leaf`), else
 * `c.json: degree: <message>`.
 *
 * @example
 * inConfig('c.json', 'privacy.k', () => parseK(-2)) // throws "c.json: privacy.k must be an integer ≥ 1, got -2"
 */
export function inConfig<T>(path: string, field: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    throw configError(e, path, field);
  }
}

/**
 * `e` as an error of the config file's field (see {@link inConfig}); anything but a
 * DatanonymeError is returned as it is.
 */
export function configError(e: unknown, path: string, field: string): unknown {
  if (!(e instanceof DatanonymeError)) return e;
  const last = field.slice(field.lastIndexOf('.') + 1);
  const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const names = new Set([field, last, kebab(last)].flatMap((n) => [n, `--${n}`]));
  const head = /^(\S+) /.exec(e.message);
  const message =
    head?.[1] !== undefined && names.has(head[1])
      ? `${path}: ${field} ${e.message.slice(head[0].length)}`
      : `${path}: ${field}: ${e.message}`;
  return new DatanonymeError('BAD_CONFIG', message, {
    file: path,
    field,
    ...(e.value === undefined ? {} : { value: e.value }),
    ...(e.column === undefined ? {} : { column: e.column }),
  });
}

/**
 * Checks the output and the report paths before anything is read: neither may be an input, nor
 * each other, and both must be writable files.
 */
export async function checkOutputs(
  output: string,
  report: string | undefined,
  inputs: readonly string[],
): Promise<void> {
  await checkOutputPath(output, { protect: [...inputs], label: 'output' });
  if (report === undefined) return;
  if (resolve(report) === resolve(output)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `the report and the output are the same file: ${output}; give --report another path`,
      { file: output, field: 'report' },
    );
  }
  await checkOutputPath(report, { protect: [...inputs, output], label: 'report' });
}

/** Reads and validates a JSON config file; relative paths in it are resolved against its folder. */
export async function loadConfig(path: string): Promise<Config> {
  const json = await readJsonFile(path);
  const config = validateConfig(json, path);
  const base = dirname(path);
  if (config.hierarchies !== undefined) config.hierarchies = resolve(base, config.hierarchies);
  for (const attribute of Object.values(config.attributes ?? {})) {
    if (typeof attribute.hierarchy === 'string')
      attribute.hierarchy = resolve(base, attribute.hierarchy);
  }
  return config;
}

/**
 * Parses k from a flag or the config: an integer ≥ 1, or an error naming `k`.
 *
 * @throws DatanonymeError `BAD_PARAMETER` for a missing k, 0, a negative or a non-integer value.
 */
export function parseK(value: string | number | undefined): number {
  if (value === undefined) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'k is required: give --k <integer ≥ 1> or privacy.k in the config',
      {
        field: 'k',
      },
    );
  }
  const text = String(value).trim();
  const k = Number(text);
  if (!/^[+]?\d+$/.test(text) || !Number.isSafeInteger(k) || k < 1) {
    throw new DatanonymeError('BAD_PARAMETER', `k must be an integer ≥ 1, got ${text}`, {
      field: 'k',
      value: text,
    });
  }
  return k;
}

/**
 * Parses a fraction in [0, 1] (the suppression limit). Accepts `0.05` and `5%`.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming the option and the value.
 */
export function parseFraction(value: string | number, name: string): number {
  const text = String(value).trim();
  const percent = text.endsWith('%');
  const x = Number(percent ? text.slice(0, -1) : text) / (percent ? 100 : 1);
  if (text === '' || !Number.isFinite(x) || x < 0 || x > 1) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `${name} must be a fraction between 0 and 1 (or a percentage), got ${text}`,
      {
        field: name,
        value: text,
      },
    );
  }
  return x;
}

/** Splits a comma-separated list of column names, trimming and NFC-normalising each. */
export function parseList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim().normalize('NFC'))
    .filter((s) => s !== '');
}

/**
 * Parses `--hierarchy <column>=<spec>` flags. A spec is a file (ARX CSV) or a builder:
 * `intervals:<width>[,<fanout>…]`, `mask`, `dates`, `flat` (value → `*`).
 */
export function parseHierarchyFlags(flags: readonly string[]): Map<string, HierarchyConfig> {
  const out = new Map<string, HierarchyConfig>();
  for (const flag of flags) {
    const eq = flag.indexOf('=');
    if (eq <= 0 || eq === flag.length - 1) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--hierarchy expects <column>=<file or builder>, got "${flag}"`,
        {
          value: flag,
        },
      );
    }
    const column = flag.slice(0, eq).trim().normalize('NFC');
    const spec = flag.slice(eq + 1).trim();
    out.set(column, parseHierarchySpec(spec, column));
  }
  return out;
}

function parseHierarchySpec(spec: string, column: string): HierarchyConfig {
  const builder = /^(intervals|mask|masking|dates|flat)(?::(.*))?$/.exec(spec);
  if (builder === null) return resolve(spec);
  const [, name, args] = builder;
  if (name === 'intervals') {
    const numbers = (args ?? '').split(',').map((s) => Number(s.trim()));
    const [width, ...fanout] = numbers;
    if (width === undefined || !(width > 0) || fanout.some((f) => !Number.isInteger(f) || f < 2)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `--hierarchy ${column}=${spec}: intervals needs a positive width and fan-outs ≥ 2, e.g. intervals:5,2,2`,
        { column, value: spec },
      );
    }
    return { type: 'intervals', width, fanout };
  }
  if (name === 'dates') return { type: 'dates' };
  if (name === 'flat') return { type: 'flat' };
  return args === undefined || args === ''
    ? { type: 'masking' }
    : { type: 'masking', maskChar: args };
}

/** Which columns play which role, after flags override the config. */
export interface RoleFlags {
  qi: string[];
  sensitive: string[];
  identifier: string[];
  insensitive?: string[];
}

/**
 * The role of every column: the config's, overridden by the flags; columns named nowhere are
 * insensitive. A column named under two roles by the flags is an error.
 */
export function resolveRoles(
  columns: readonly string[],
  config: Config,
  flags: RoleFlags,
): Map<string, Role> {
  const roles = new Map<string, Role>();
  for (const name of columns) roles.set(name, config.attributes?.[name]?.role ?? 'insensitive');
  const given = new Map<string, Role>();
  const assign = (names: string[], role: Role): void => {
    for (const name of names) {
      const before = given.get(name);
      if (before !== undefined && before !== role) {
        throw new DatanonymeError(
          'BAD_PARAMETER',
          `column "${name}" is given two roles: ${before} and ${role}`,
          {
            column: name,
          },
        );
      }
      given.set(name, role);
    }
  };
  assign(flags.qi, 'quasi-identifier');
  assign(flags.sensitive, 'sensitive');
  assign(flags.identifier, 'identifier');
  assign(flags.insensitive ?? [], 'insensitive');
  if (flags.qi.length > 0) {
    // --qi names the whole set of quasi-identifiers: config QIs not named become insensitive.
    for (const [name, role] of roles)
      if (role === 'quasi-identifier') roles.set(name, 'insensitive');
  }
  for (const [name, role] of given) roles.set(name, role);
  return roles;
}

/** The hierarchy of each quasi-identifier, where it came from, and the files read. */
export interface HierarchyResolution {
  hierarchies: Map<string, Hierarchy>;
  /** The spec each hierarchy was made from: a file path or a builder. */
  specs: Map<string, HierarchyConfig>;
  /** The files read, so that no output may overwrite them. */
  files: string[];
}

/** A spec as one line for the report: the file path, or the builder as on the command line. */
export function describeHierarchy(spec: HierarchyConfig | undefined): string {
  if (spec === undefined) return 'none';
  if (typeof spec === 'string') return spec;
  switch (spec.type) {
    case 'intervals':
      return `intervals:${[spec.width, ...(spec.fanout ?? [])].join(',')}${spec.origin === undefined ? '' : ` (origin ${spec.origin})`}`;
    case 'masking':
      return spec.maskChar === undefined ? 'mask' : `mask:${spec.maskChar}`;
    case 'dates':
      return spec.levels === undefined ? 'dates' : `dates:${spec.levels.join(',')}`;
    case 'tree':
      return `tree:${JSON.stringify(spec.tree)}`;
    case 'flat':
      return 'flat';
  }
}

/**
 * Finds or builds the hierarchy of every quasi-identifier: a `--hierarchy` flag first, then the
 * config's attribute entry, then a `*hierarchy_<column>.csv` file in the hierarchies folder.
 *
 * @throws DatanonymeError `BAD_CONFIG` naming a quasi-identifier that has none.
 */
export async function resolveHierarchies(
  parsed: ParsedCsv,
  qis: readonly string[],
  config: Config,
  flags: {
    hierarchy: Map<string, HierarchyConfig>;
    hierarchies?: string;
    file?: string;
    /** Quasi-identifiers the method can do without a hierarchy (used when one is given). */
    optional?: (qi: string) => boolean;
  },
): Promise<HierarchyResolution> {
  const hierarchies = new Map<string, Hierarchy>();
  const specs = new Map<string, HierarchyConfig>();
  const files: string[] = [];
  const dir = flags.hierarchies ?? config.hierarchies;
  const found = dir === undefined ? new Map<string, string>() : await findHierarchyFiles(dir);
  for (const qi of qis) {
    const field = `attributes.${qi}.hierarchy`;
    const spec = flags.hierarchy.get(qi) ?? config.attributes?.[qi]?.hierarchy ?? found.get(qi);
    if (spec === undefined && flags.optional?.(qi) === true) continue;
    if (spec === undefined) {
      throw new DatanonymeError(
        'BAD_CONFIG',
        `quasi-identifier "${qi}" has no hierarchy: give --hierarchy ${qi}=<file> (or a builder: intervals:<width>, mask, dates, flat), ` +
          `a folder with --hierarchies holding *hierarchy_${qi}.csv, or ${field} in the config`,
        { column: qi, field },
      );
    }
    specs.set(qi, spec);
    if (typeof spec === 'string') {
      files.push(spec);
      hierarchies.set(qi, await readHierarchyFile(spec, qi));
    } else {
      hierarchies.set(
        qi,
        locateBuilderError(parsed, qi, flags.file, () => buildHierarchy(parsed, qi, spec)),
      );
    }
  }
  return { hierarchies, specs, files };
}

/**
 * A builder rejects a value (`" 34" is not a number`) without knowing where it is: add the data
 * file, and the line and column of the first row holding that value.
 */
function locateBuilderError(
  parsed: ParsedCsv,
  column: string,
  file: string | undefined,
  build: () => Hierarchy,
): Hierarchy {
  try {
    return build();
  } catch (e) {
    if (!(e instanceof DatanonymeError) || e.value === undefined) throw e;
    const cells = parsed.table.array(column) as ArrayLike<unknown>;
    let row = -1;
    for (let i = 0; i < cells.length && row < 0; i++) if (cellText(cells[i]) === e.value) row = i;
    if (row < 0) throw e;
    const line = parsed.lineOf(row);
    const where = `${file === undefined ? '' : `${file}: `}line ${line}, column "${column}"`;
    throw new DatanonymeError(e.code, `${where}: ${e.message}`, {
      ...(file === undefined ? {} : { file }),
      line,
      column,
      value: e.value,
    });
  }
}

/** Builds a hierarchy from the column's distinct values (as text; missing values as ''). */
function buildHierarchy(
  parsed: ParsedCsv,
  column: string,
  spec: Exclude<HierarchyConfig, string>,
): Hierarchy {
  const distinct = new Set<string>();
  const cells = parsed.table.array(column) as ArrayLike<unknown>;
  for (let i = 0; i < cells.length; i++) distinct.add(cellText(cells[i]));
  const values = [...distinct];
  switch (spec.type) {
    case 'intervals': {
      // Decimal-comma columns are read as text: build on the dot form, then key rows by the original text.
      const comma = parsed.decimalComma.includes(column);
      const numeric = comma ? values.map((v) => v.replace(',', '.')) : values;
      const options: { width: number; fanout?: number[]; origin?: number; attribute: string } = {
        width: spec.width,
        attribute: column,
      };
      if (spec.fanout !== undefined) options.fanout = spec.fanout;
      if (spec.origin !== undefined) options.origin = spec.origin;
      const built = intervalHierarchy(numeric, options);
      if (!comma) return built;
      const back = new Map(numeric.map((n, i) => [n, values[i] as string]));
      return new Hierarchy(
        built.rows.map((row) => [
          back.get(row[0] as string) ?? (row[0] as string),
          ...row.slice(1),
        ]),
        { attribute: column },
      );
    }
    case 'masking':
      return maskingHierarchy(
        values,
        spec.maskChar === undefined
          ? { attribute: column }
          : { attribute: column, maskChar: spec.maskChar },
      );
    case 'dates':
      return dateHierarchy(
        values,
        spec.levels === undefined
          ? { attribute: column }
          : { attribute: column, levels: spec.levels },
      );
    case 'tree':
      return treeHierarchy(spec.tree as CategoryTree, { attribute: column, values });
    case 'flat':
      return new Hierarchy(
        values.map((v) => [v, '*']),
        { attribute: column },
      );
  }
}

/** The column specs of the dataset handed to a method. */
export function columnSpecs(
  parsed: ParsedCsv,
  roles: Map<string, Role>,
  hierarchies: Map<string, Hierarchy>,
): ColumnSpec[] {
  return parsed.table.columnNames().map((name) => {
    const spec: ColumnSpec = {
      name,
      type: parsed.types[name] ?? 'categorical',
      role: roles.get(name) ?? 'insensitive',
    };
    if (parsed.missing.length > 0) spec.missing = parsed.missing;
    const h = hierarchies.get(name);
    if (h !== undefined) spec.hierarchy = h;
    return spec;
  });
}

/** `;`, `,`, `|`, and `\t`/`tab` for a tab. */
export function parseDelimiter(value: string): string {
  const d = value === 'tab' || value === '\\t' ? '\t' : value;
  if (![',', ';', '\t', '|'].includes(d)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `delimiter must be one of , ; | tab, got "${value}"`,
      {
        field: 'delimiter',
        value,
      },
    );
  }
  return d;
}

/** `.`, `,` or `auto`, or an error naming the option. */
export function parseDecimal(
  value: string | undefined,
  name: string,
): '.' | ',' | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value === '.' || value === ',' || value === 'auto') return value;
  throw new DatanonymeError('BAD_PARAMETER', `${name} must be ".", "," or "auto", got "${value}"`, {
    field: name,
    value,
  });
}

/** The input-dialect flags every command that reads a CSV accepts. */
export interface DialectFlags {
  delimiter?: string;
  decimal?: string;
  missing?: string;
}

/**
 * Read options from the dialect flags (separator, decimal mark, missing-value tokens) on top of
 * `base`.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming a bad separator or decimal mark.
 */
export function readDialect(flags: DialectFlags, base: ReadCsvOptions): ReadCsvOptions {
  const options: ReadCsvOptions = { ...base };
  if (flags.delimiter !== undefined) options.delimiter = parseDelimiter(flags.delimiter);
  const decimal = parseDecimal(flags.decimal, 'decimal');
  if (decimal !== undefined) options.decimal = decimal;
  if (flags.missing !== undefined) options.missing = flags.missing.split(',');
  return options;
}

/**
 * A number flag: decimal or exponent notation (and `Infinity`/`NaN`, left for the caller's range
 * check to refuse with its own message); anything else is an error naming the flag and the text.
 */
export function numberFlag(text: string, field: string): number {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) && !/^[+-]?(Infinity|NaN)$/.test(t)) {
    throw new DatanonymeError('BAD_PARAMETER', `${field} must be a number, got "${text}"`, {
      field,
      value: text,
    });
  }
  return Number(t);
}

/**
 * Writes a release: the JSON report first (small), then the CSV; if the CSV cannot be written,
 * the report is removed too, so that a failed run leaves neither. Both go through a temporary
 * file and never over `protect` (the inputs).
 */
export async function writeReportAndCsv(
  output: string,
  table: ColumnTable,
  csv: WriteCsvOptions,
  report: { path: string | undefined; content: unknown },
  protect: readonly string[],
): Promise<void> {
  const reportPath = report.path;
  if (reportPath !== undefined) {
    await ensureParentDirectory(reportPath, { label: 'report' });
    await writeFileAtomic(reportPath, JSON.stringify(report.content, null, 2) + '\n', {
      protect: [...protect, output],
      label: 'report',
    });
  }
  try {
    await ensureParentDirectory(output);
    await writeCsvFile(output, table, { ...csv, protect: [...protect], label: 'output' });
  } catch (error) {
    if (reportPath !== undefined) await unlink(reportPath).catch(() => undefined);
    throw error;
  }
}
