/**
 * The one error type the library throws for anything a user can fix: bad input, a bad config,
 * an impossible request. The CLI maps it to exit code 2 and a one-line message; any other error
 * is a bug (exit code 1).
 */

/** What kind of user-fixable problem an error reports. */
export type ErrorCode =
  | 'BAD_INPUT' // the data file: parsing, field counts, values
  | 'BAD_CONFIG' // the config file or a hierarchy file
  | 'BAD_PARAMETER' // a parameter value (k < 1, a suppression limit outside [0, 1], …)
  | 'IMPOSSIBLE' // a valid request that no output can satisfy (k larger than the row count)
  | 'NOT_FOUND' // a file or column that does not exist
  | 'BUDGET_EXCEEDED' // a differential-privacy spend larger than what is left of the budget
  | 'IO'; // reading or writing a file failed

/** Where an error was found, as precisely as is known. Lines are 1-based, as editors show them. */
export interface ErrorLocation {
  file?: string;
  line?: number;
  column?: string;
  value?: string;
  /** A dotted path into a config file (`attributes.age.hierarchy`). */
  field?: string;
}

/**
 * A user-fixable error with a machine-readable `code` and the location it refers to.
 *
 * @example
 * throw new DatanonymeError('BAD_PARAMETER', 'k must be an integer ≥ 1, got 2.5', { value: '2.5' });
 */
export class DatanonymeError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly value: string | undefined;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}) {
    super(message);
    this.name = 'DatanonymeError';
    this.code = code;
    this.file = location.file;
    this.line = location.line;
    this.column = location.column;
    this.value = location.value;
    this.field = location.field;
  }
}

/** True when `e` is a {@link DatanonymeError}. */
export function isDatanonymeError(e: unknown): e is DatanonymeError {
  return e instanceof DatanonymeError;
}

/**
 * A parameter value as an error message shows it: strings quoted as JSON, other primitives as
 * text, anything else by its type.
 *
 * @example
 * shownValue('2.5') // => '"2.5"'
 */
export function shownValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  return typeof value;
}
