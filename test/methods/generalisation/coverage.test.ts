/**
 * Values missing from a hierarchy: the error is `checkCoverage`'s, with the file and lines passed
 * through, raised before any search.
 */
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { evaluateTransformation } from '../../../methods/generalisation/evaluate.js';
import { optimalGeneralisation } from '../../../methods/generalisation/optimal.js';
import { checkCoverage } from '../../../src/hierarchy/validate.js';
import { loadArx } from './load.js';
import { errorOf } from '../../helpers/errors.js';

describe('coverage of the quasi-identifier values', () => {
  it('test_dirty.csv: the message checkCoverage gives on the whole column', async () => {
    const dirty = await loadArx('tiny', 'test_dirty.csv', 'test_hierarchy_', {
      age: 'quasi-identifier',
      gender: 'quasi-identifier',
      zipcode: 'quasi-identifier',
    });
    const hierarchy = dirty.columns[0]?.hierarchy;
    if (hierarchy === undefined) throw new Error('no age hierarchy');
    const context = { attribute: 'age', file: 'test_dirty.csv', lineOf: (r: number) => r + 2 };
    const direct = errorOf(() => {
      checkCoverage(hierarchy, dirty.table.array('age'), context);
    });
    const viaSearch = errorOf(() =>
      optimalGeneralisation(dirty, { k: 2, file: 'test_dirty.csv', lineOf: (r) => r + 2 }),
    );
    expect(viaSearch.message).toBe(direct.message);
    expect(viaSearch.message).toContain('"4e" (line 3)');
    expect(viaSearch.message).toContain('"7f" (line 7)');
    expect(viaSearch.file).toBe('test_dirty.csv');
    expect(viaSearch.line).toBe(3);
    expect(viaSearch.column).toBe('age');
    const viaEvaluate = errorOf(() => evaluateTransformation(dirty, [0, 0, 0], { k: 1 }));
    expect(viaEvaluate.code).toBe('BAD_CONFIG');
  });

  it('looks numbers up as text and missing cells as the empty string', async () => {
    const { Hierarchy } = await import('../../../src/hierarchy/hierarchy.js');
    const hierarchy = new Hierarchy(
      [
        ['7', 'low', '*'],
        ['', 'unknown', '*'],
        ['12', 'high', '*'],
      ],
      { attribute: 'x' },
    );
    const data = {
      table: table({ x: [7, null, 12, 7, undefined, 12] }),
      columns: [
        { name: 'x', type: 'integer' as const, role: 'quasi-identifier' as const, hierarchy },
      ],
    };
    const release = optimalGeneralisation(data, { k: 2 });
    expect(release.table.array('x')).toEqual(['7', '', '12', '7', '', '12']);
    expect((release.details as { minClassSize: number }).minClassSize).toBe(2);
  });

  it('a quasi-identifier without hierarchy, or none at all: a config error', () => {
    const data = table({ a: [1, 2] });
    const noHierarchy = errorOf(() =>
      optimalGeneralisation(
        { table: data, columns: [{ name: 'a', type: 'integer', role: 'quasi-identifier' }] },
        { k: 1 },
      ),
    );
    expect(noHierarchy.code).toBe('BAD_CONFIG');
    expect(noHierarchy.message).toBe('quasi-identifier "a" has no generalisation hierarchy');
    const none = errorOf(() =>
      optimalGeneralisation(
        { table: data, columns: [{ name: 'a', type: 'integer', role: 'sensitive' }] },
        { k: 1 },
      ),
    );
    expect(none.code).toBe('BAD_CONFIG');
  });
});
