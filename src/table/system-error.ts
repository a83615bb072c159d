/**
 * Telling errors of the operating system (a file that cannot be opened, a full disk) from bugs.
 * Browser-safe: it only looks at the error.
 */

/**
 * True for an error from the operating system: an `Error` whose `code` is an errno name such as
 * `ENOENT`, `EACCES` or `EIO`.
 *
 * @throws never.
 * @example isSystemError(Object.assign(new Error('gone'), { code: 'ENOENT' })) // => true
 */
export function isSystemError(error: unknown): error is Error & { code: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
