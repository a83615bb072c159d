import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DatanonymeError } from '../../src/errors.js';

/** The path of a fixture under test/fixtures/table/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/table/${name}`, import.meta.url));
}

/** The text of a fixture, BOM included. */
export function fixtureText(name: string): string {
  return readFileSync(fixture(name), 'utf8');
}

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
