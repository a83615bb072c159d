/**
 * `datanonyme methods [name]`: the method cards (`methods/<family>/…/README.md` of the package). Without
 * a name, one line per card: its name (its folder under `methods/`), its family (the first
 * folder) and its title. With a name (the folder, such as `generalisation/mondrian`, or its last
 * part, `mondrian`), the card itself.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DatanonymeError } from '../errors.js';
import { packageRoot } from './bench.js';

/** One method card. */
export interface MethodCard {
  /** Its folder under `methods/`, with `/` separators (`generalisation/mondrian`). */
  name: string;
  /** The first folder: generalisation, dp, synthesis, perturbation, tables, pseudonymisation. */
  family: string;
  /** The card's title (its first `# ` heading), as a one-line summary. */
  summary: string;
  /** The card's path. */
  path: string;
}

/**
 * The cards under `<root>/methods`, sorted by name.
 *
 * @throws DatanonymeError `NOT_FOUND` when the folder is missing (a package built without it).
 * @example (await methodCards(root)).map((c) => c.name) // => ['dp', 'generalisation', 'generalisation/mondrian', …]
 */
export async function methodCards(root: string): Promise<MethodCard[]> {
  const base = join(root, 'methods');
  let entries: string[];
  try {
    entries = await readdir(base, { recursive: true });
  } catch {
    throw new DatanonymeError('NOT_FOUND', `no method cards: ${base} is missing`, { file: base });
  }
  const cards: MethodCard[] = [];
  for (const entry of entries) {
    const parts = entry.split(sep);
    if (parts[parts.length - 1] !== 'README.md' || parts.length < 2) continue;
    const path = join(base, entry);
    const text = await readFile(path, 'utf8');
    const title = /^# (.+)$/m.exec(text)?.[1]?.trim() ?? '';
    const name = relative(base, join(base, ...parts.slice(0, -1)))
      .split(sep)
      .join('/');
    cards.push({ name, family: parts[0] as string, summary: title, path });
  }
  return cards.sort((a, b) => a.name.localeCompare(b.name));
}

/** Other names of cards: the benchmark's method names that are not a card's folder. */
const ALIASES: Record<string, string> = {
  optimal: 'generalisation',
  mdav: 'perturbation/microaggregation',
};

/**
 * Runs the command: lists the cards, or prints the one named (its folder under `methods/`, its
 * last part, or `optimal` / `mdav`); returns the exit code.
 *
 * @throws DatanonymeError `NOT_FOUND` for a name that is no card (the cards listed),
 *   `BAD_PARAMETER` for a last part shared by several cards.
 * @example await methodsCommand('mondrian', console.log) // prints the Mondrian card
 */
export async function methodsCommand(
  name: string | undefined,
  stdout: (line: string) => void,
  root: string = packageRoot(),
): Promise<number> {
  const cards = await methodCards(root);
  if (name === undefined) {
    const width = Math.max(...cards.map((c) => c.name.length), 4);
    const familyWidth = Math.max(...cards.map((c) => c.family.length), 6);
    stdout(`${'name'.padEnd(width)}  ${'family'.padEnd(familyWidth)}  summary`);
    for (const c of cards)
      stdout(`${c.name.padEnd(width)}  ${c.family.padEnd(familyWidth)}  ${c.summary}`);
    stdout(`\n${cards.length} method card(s); \`datanonyme methods <name>\` prints one.`);
    return 0;
  }
  const given = name
    .trim()
    .replace(/^methods\//, '')
    .replace(/(\/README\.md|\/)$/, '');
  const wanted = ALIASES[given] ?? given;
  const exact = cards.find((c) => c.name === wanted);
  const matches =
    exact !== undefined ? [exact] : cards.filter((c) => c.name.split('/').pop() === wanted);
  if (matches.length !== 1) {
    throw new DatanonymeError(
      matches.length === 0 ? 'NOT_FOUND' : 'BAD_PARAMETER',
      matches.length === 0
        ? `no method card "${name}" (cards: ${cards.map((c) => c.name).join(', ')})`
        : `"${name}" names several cards: ${matches.map((c) => c.name).join(', ')}`,
      { field: 'name', value: name },
    );
  }
  stdout((await readFile((matches[0] as MethodCard).path, 'utf8')).replace(/\n$/, ''));
  return 0;
}
