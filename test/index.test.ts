/**
 * The public surface: the browser-safe entry imports nothing from Node, and the README's library
 * example runs as written (its import lines rewritten to the source paths).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';
import * as nodeApi from '../src/node.js';

const root = join(import.meta.dirname, '..');

/** Every project file reachable from `entry` through relative imports, with its bare imports. */
function importGraph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const stack = [resolve(entry)];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    const text = readFileSync(file, 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)].map(
      (m) => m[1] as string,
    );
    const bare: string[] = [];
    for (const s of specifiers) {
      if (s.startsWith('.')) stack.push(resolve(dirname(file), s.replace(/\.js$/, '.ts')));
      else bare.push(s);
    }
    seen.set(file, bare);
  }
  return seen;
}

describe('public API', () => {
  it('the main entry reaches no Node built-in and only browser-safe csv-parse builds', () => {
    const graph = importGraph(join(root, 'src', 'index.ts'));
    expect(graph.size).toBeGreaterThan(20);
    for (const [file, bare] of graph) {
      for (const s of bare) {
        expect(
          s.startsWith('node:') || ['fs', 'path', 'os', 'stream'].includes(s),
          `${file} imports ${s}`,
        ).toBe(false);
        if (s.startsWith('csv-parse')) expect(s, file).toContain('browser');
      }
    }
  });

  it('datanonyme/node adds the file helpers to the same API', () => {
    expect(typeof nodeApi.readCsvFile).toBe('function');
    expect(typeof nodeApi.writeCsvFile).toBe('function');
    expect(typeof nodeApi.readHierarchyFile).toBe('function');
    expect(nodeApi.optimalGeneralisation).toBe(api.optimalGeneralisation);
    expect('readCsvFile' in api).toBe(false);
  });

  it('offers the method as a Method that gives the same release', async () => {
    const { table } = api.parseCsv('a\nx\nx\ny\n');
    const data = {
      table,
      columns: [
        {
          name: 'a',
          type: 'categorical' as const,
          role: 'quasi-identifier' as const,
          hierarchy: new api.Hierarchy([
            ['x', '*'],
            ['y', '*'],
          ]),
        },
      ],
    };
    const method = api.optimalGeneralisationMethod;
    expect([method.name, method.family]).toEqual(['optimal-generalisation', 'generalisation']);
    const release = await method.run(data, { k: 2, suppressionLimit: 0.5 });
    // y alone is suppressed (1 of 3 rows ≤ ⌊0.5·3⌋ = 1) rather than generalising x to *.
    expect(release.table.array('a')).toEqual(['x', 'x', '*']);
    expect(release.accounting.suppressedRows).toBe(1);
    const direct = api.optimalGeneralisation(data, { k: 2, suppressionLimit: 0.5 });
    expect(release.table.objects()).toEqual(direct.table.objects());
    expect(release.details).toEqual(direct.details);
    expect(release.accounting).toEqual(direct.accounting);
  });

  it("runs the README's library example", () => {
    const { parseCsv, Hierarchy, intervalHierarchy, optimalGeneralisation, formatCsv } = api;
    const { table, types } = parseCsv(
      'age,sex,diagnosis\n31,F,flu\n47,M,asthma\n52,F,flu\n36,F,flu\n44,M,flu\n58,F,asthma\n',
    );
    const release = optimalGeneralisation(
      {
        table,
        columns: [
          {
            name: 'age',
            type: types.age ?? 'integer',
            role: 'quasi-identifier',
            hierarchy: intervalHierarchy(['31', '47', '52', '36', '44', '58'], {
              width: 10,
              fanout: [2],
            }),
          },
          {
            name: 'sex',
            type: 'categorical',
            role: 'quasi-identifier',
            hierarchy: new Hierarchy([
              ['F', '*'],
              ['M', '*'],
            ]),
          },
          { name: 'diagnosis', type: 'categorical', role: 'sensitive' },
        ],
      },
      { k: 2, suppressionLimit: 0.5 },
    );
    // Hand check: at (age level 1, sex 0) the classes are [30,40[F ×2, [40,50[M ×2, [50,60[F ×2:
    // every class has 2 rows, nothing is suppressed, and no node below it is 2-anonymous.
    expect(release.details.transformation).toEqual({ age: 1, sex: 0 });
    expect(formatCsv(release.table)).toBe(
      'age,sex,diagnosis\n"[30,40[",F,flu\n"[40,50[",M,asthma\n"[50,60[",F,flu\n"[30,40[",F,flu\n"[40,50[",M,flu\n"[50,60[",F,asthma\n',
    );
  });
});
