/**
 * Shared checks for hierarchy tests.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DatanonymeError } from '../../src/errors.js';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';

/** A path under the repository root. */
export function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

/** A path under `test/fixtures/hierarchy/`. */
export function fixture(relative: string): string {
  return repoPath(`test/fixtures/hierarchy/${relative}`);
}

/**
 * Asserts that `h` is a tree with one root: every row has `height` labels, original values are
 * distinct, a label at level l ≥ 1 always has the same parent, and the top level is one label.
 * Checked here independently of the Hierarchy constructor's own checks.
 */
export function expectTree(h: Hierarchy): void {
  // Problems are collected and asserted once: one expect per label is slow on 10,000 rows.
  const problems: string[] = [];
  const values = new Set<string>();
  const parents: Map<string, string>[] = Array.from(
    { length: h.height },
    () => new Map<string, string>(),
  );
  const roots = new Set<string>();
  h.rows.forEach((row, i) => {
    if (row.length !== h.height) problems.push(`row ${i + 1} has ${row.length} labels`);
    const value = row[0] as string;
    if (values.has(value)) problems.push(`value "${value}" is repeated`);
    values.add(value);
    for (let l = 1; l < h.height - 1; l++) {
      const label = row[l] as string;
      const parent = row[l + 1] as string;
      const level = parents[l] as Map<string, string>;
      const known = level.get(label);
      if (known === undefined) level.set(label, parent);
      else if (known !== parent) {
        problems.push(`"${label}" at level ${l} has parents "${known}" and "${parent}"`);
      }
    }
    roots.add(row[h.height - 1] as string);
  });
  if (roots.size !== 1) problems.push(`${roots.size} roots: ${[...roots].join(', ')}`);
  expect(problems).toEqual([]);
}

/** The distinct labels at `level`, in row order. */
export function labelsAt(h: Hierarchy, level: number): string[] {
  return [...new Set(h.rows.map((r) => r[level] as string))];
}

/** Runs `f`, expects it to throw a DatanonymeError, and returns it. */
export function catchError(f: () => unknown): DatanonymeError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DatanonymeError);
    return e as DatanonymeError;
  }
  throw new Error('expected a DatanonymeError, but nothing was thrown');
}

/** Awaits `p`, expects it to reject with a DatanonymeError, and returns it. */
export async function catchAsyncError(p: Promise<unknown>): Promise<DatanonymeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DatanonymeError);
    return e as DatanonymeError;
  }
  throw new Error('expected a DatanonymeError, but nothing was thrown');
}
