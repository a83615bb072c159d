/** Catching the DatanonymeError a call throws, for tests that inspect its code and message. */
import { DatanonymeError } from '../../src/errors.js';

/** The DatanonymeError `f` throws; fails when it throws nothing or something else. */
export function errorOf(f: () => unknown): DatanonymeError {
  try {
    f();
  } catch (error) {
    if (error instanceof DatanonymeError) return error;
    throw error;
  }
  throw new Error('expected a DatanonymeError, got no error');
}

/** The DatanonymeError the promise rejects with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<DatanonymeError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DatanonymeError) return error;
    throw error;
  }
  throw new Error('expected a DatanonymeError, got no error');
}
