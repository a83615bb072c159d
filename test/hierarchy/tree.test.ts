/**
 * treeHierarchy. Expected rows are read off the trees by hand.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { treeHierarchy, type CategoryTree } from '../../src/hierarchy/tree.js';
import { catchError, expectTree } from './helpers.js';

const WORLD: CategoryTree = { '*': { Europe: ['France', 'Germany'], Asia: ['Japan'] } };

describe('treeHierarchy', () => {
  it('turns each leaf into a row [leaf, parent, …, root]', () => {
    const h = treeHierarchy(WORLD, { attribute: 'country' });
    expect(h.rows).toEqual([
      ['France', 'Europe', '*'],
      ['Germany', 'Europe', '*'],
      ['Japan', 'Asia', '*'],
    ]);
    expect(h.source).toEqual({ attribute: 'country' });
    expectTree(h);
  });

  it('builds deeper balanced trees', () => {
    const h = treeHierarchy({
      '*': {
        France: { 'Île-de-France': ['75', '92'], Bretagne: ['29'] },
        Belgium: { Wallonia: ['Liège'] },
      },
    });
    expect(h.rows).toEqual([
      ['75', 'Île-de-France', 'France', '*'],
      ['92', 'Île-de-France', 'France', '*'],
      ['29', 'Bretagne', 'France', '*'],
      ['Liège', 'Wallonia', 'Belgium', '*'],
    ]);
  });

  it('accepts a flat tree (value → *)', () => {
    expect(treeHierarchy({ '*': ['M', 'F'] }).rows).toEqual([
      ['M', '*'],
      ['F', '*'],
    ]);
  });

  it('names the first leaf at another depth, and both depths', () => {
    const e = catchError(() =>
      treeHierarchy(
        { '*': { Europe: ['France', 'Germany'], Asia: { East: ['Japan'] } } },
        { attribute: 'country' },
      ),
    );
    expect(e.message).toBe(
      'hierarchy of "country": the category tree is not balanced: leaf "Japan" is at depth 3 but "France" is at depth 2; every leaf must be at the same depth (repeat a label to lengthen a short branch)',
    );
    expect([e.code, e.column, e.value]).toEqual(['BAD_CONFIG', 'country', 'Japan']);
  });

  it('names a leaf listed twice, and where', () => {
    const e = catchError(() =>
      treeHierarchy({ '*': { Europe: ['France', 'Germany'], Asia: ['Japan', 'France'] } }),
    );
    expect(e.message).toBe(
      'hierarchy: leaf "France" is listed twice in the category tree (under "* > Europe" and "* > Asia")',
    );
    expect(e.value).toBe('France');
    // NFC-equal spellings are the same leaf.
    expect(catchError(() => treeHierarchy({ '*': ['I\u0302le', '\u00cele'] })).value).toBe(
      '\u00cele',
    );
  });

  it('refuses a group label under two parents (not a tree)', () => {
    const e = catchError(() =>
      treeHierarchy({ '*': { A: { X: ['1'] }, B: { X: ['2'] } } }, { attribute: 'code' }),
    );
    expect(e.message).toBe(
      'hierarchy of "code": label "X" at level 1 has two parents, "A" and "B" (row 2); a hierarchy must be a tree',
    );
  });

  it('refuses a tree without exactly one root', () => {
    expect(catchError(() => treeHierarchy({ Europe: ['France'], Asia: ['Japan'] })).message).toBe(
      'hierarchy: a category tree must be an object with exactly one key, the root label (such as "*"), got "Europe", "Asia"',
    );
    expect(catchError(() => treeHierarchy({})).message).toBe(
      'hierarchy: a category tree must be an object with exactly one key, the root label (such as "*"), got none',
    );
    const notATree = ['France'] as unknown as CategoryTree;
    expect(catchError(() => treeHierarchy(notATree)).code).toBe('BAD_CONFIG');
  });

  it('refuses empty groups, empty group labels and values that are not text', () => {
    expect(catchError(() => treeHierarchy({ '*': { Europe: [] } })).message).toBe(
      'hierarchy: group "* > Europe" has no values',
    );
    expect(catchError(() => treeHierarchy({ '*': { Europe: {} } })).message).toBe(
      'hierarchy: group "* > Europe" has no values',
    );
    expect(catchError(() => treeHierarchy({ '*': { '': ['x'] } })).message).toBe(
      'hierarchy: a group under "*" has an empty label (the empty string stands for a missing value)',
    );
    // As a JSON config could give it: numbers instead of text.
    const numbers = JSON.parse('{"*": {"Paris": [75001]}}') as CategoryTree;
    const e = catchError(() => treeHierarchy(numbers));
    expect(e.message).toBe('hierarchy: the values under "* > Paris" must be text, got 75001');
    expect(e.value).toBe('75001');
    const scalar = JSON.parse('{"*": {"Paris": "75001"}}') as CategoryTree;
    expect(catchError(() => treeHierarchy(scalar)).message).toBe(
      'hierarchy: "* > Paris" must be a group (an object) or a list of values, got "75001"',
    );
  });

  it('checks the column values against the tree, listing every one missing', () => {
    const e = catchError(() =>
      treeHierarchy(WORLD, {
        attribute: 'country',
        values: ['France', 'Spain', 'Japan', 'Italy', 'Spain'],
      }),
    );
    expect(e.message).toBe(
      'attribute "country": 2 values are not in its hierarchy: "Spain", "Italy"',
    );
    expect([e.code, e.column, e.value, e.line]).toEqual([
      'BAD_CONFIG',
      'country',
      'Spain',
      undefined,
    ]);
  });

  it('adds a row for the missing value when the values have one, and finds NFD values', () => {
    const h = treeHierarchy(
      { '*': { France: ['Île-de-France'] } },
      { values: ['', 'I\u0302le-de-France'] },
    );
    expect(h.rows).toEqual([
      ['Île-de-France', 'France', '*'],
      ['', '', '*'],
    ]);
    // A tree that lists '' itself keeps its own row for it.
    expect(treeHierarchy({ '*': { Unknown: [''] } }, { values: [''] }).rows).toEqual([
      ['', 'Unknown', '*'],
    ]);
  });
});

describe('treeHierarchy properties', () => {
  it('a random balanced tree gives one row per leaf, a tree with its root on top', () => {
    // Leaves are numbered, so they are distinct; groups are named by their path.
    const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
    fc.assert(
      fc.property(shape, (fanouts) => {
        let next = 0;
        const build = (depth: number, name: string): CategoryTree | string[] => {
          const n = fanouts[depth] as number;
          if (depth === fanouts.length - 1) {
            return Array.from({ length: n }, () => `v${next++}`);
          }
          const group: CategoryTree = {};
          for (let i = 0; i < n; i++) group[`${name}.${i}`] = build(depth + 1, `${name}.${i}`);
          return group;
        };
        const h = treeHierarchy({ '*': build(0, 'g') });
        expect(h.height).toBe(fanouts.length + 1);
        expect(h.rows).toHaveLength(fanouts.reduce((a, b) => a * b, 1));
        expectTree(h);
        expect(h.rows[0]?.[h.height - 1]).toBe('*');
      }),
    );
  });
});
