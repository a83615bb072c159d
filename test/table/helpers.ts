import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The path of a fixture under test/fixtures/table/. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/table/${name}`, import.meta.url));
}

/** The text of a fixture, BOM included. */
export function fixtureText(name: string): string {
  return readFileSync(fixture(name), 'utf8');
}

export { errorOf, rejectionOf } from '../helpers/errors.js';
