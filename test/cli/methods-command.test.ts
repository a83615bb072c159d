/**
 * `datanonyme methods [name]`: the list of the method cards (every `methods/**\/README.md` of the
 * package, found from the package root, so from dist/ too) and one card printed whole.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../src/cli/bench.js';
import { methodCards, methodsCommand } from '../../src/cli/methods.js';
import { DatanonymeError } from '../../src/errors.js';
import { cli, folder } from './helpers.js';

const root = join(import.meta.dirname, '..', '..');

describe('datanonyme methods', () => {
  it('finds the package root from its own module', () => {
    expect(packageRoot()).toBe(root);
  });

  it('lists every card with its family and title', async () => {
    const r = await cli('methods');
    expect(r.code, r.stderr).toBe(0);
    const cards = await methodCards(root);
    expect(cards.length).toBeGreaterThanOrEqual(8);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^name\s+family\s+summary$/);
    for (const card of cards) {
      const title = /^# (.+)$/m.exec(readFileSync(card.path, 'utf8'))?.[1];
      expect(
        lines.some((l) => l.startsWith(card.name + ' ') && l.endsWith(`  ${title ?? ''}`)),
      ).toBe(true);
    }
    expect(lines.find((l) => l.startsWith('generalisation/mondrian '))).toMatch(
      /^generalisation\/mondrian\s+generalisation\s+Mondrian multidimensional partitioning/,
    );
    expect(r.stdout).toContain(`${cards.length} method card(s)`);
  });

  it('prints one card by its folder, its last part or a benchmark name', async () => {
    const card = readFileSync(join(root, 'methods/generalisation/mondrian/README.md'), 'utf8');
    for (const name of [
      'mondrian',
      'generalisation/mondrian',
      'methods/generalisation/mondrian/',
    ]) {
      const r = await cli('methods', name);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toBe(card.replace(/\n$/, '') + '\n');
    }
    const optimal = await cli('methods', 'optimal');
    expect(optimal.stdout.split('\n')[0]).toBe(
      '# Optimal full-domain generalisation (k-anonymity with a suppression limit)',
    );
  });

  it('names the cards when the name is none of them', async () => {
    const r = await cli('methods', 'nope');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^datanonyme: error: no method card "nope" \(cards: dp, generalisation, /,
    );
  });

  it('refuses a last part shared by two cards, and a package without cards', async () => {
    const dir = folder();
    for (const f of ['a/x', 'b/x']) {
      mkdirSync(join(dir, 'methods', f), { recursive: true });
      writeFileSync(join(dir, 'methods', f, 'README.md'), `# Card ${f}\n`);
    }
    const lines: string[] = [];
    await expect(methodsCommand('x', (l) => lines.push(l), dir)).rejects.toThrow(
      '"x" names several cards: a/x, b/x',
    );
    await methodsCommand('a/x', (l) => lines.push(l), dir);
    expect(lines).toEqual(['# Card a/x']);
    const empty = folder();
    await expect(methodsCommand(undefined, () => undefined, empty)).rejects.toThrow(
      DatanonymeError,
    );
  });
});
