/**
 * maskingHierarchy. Expected rows are written out by hand from the definition, or compared with
 * ARX's own zipcode hierarchy (datasets/tiny).
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maskingHierarchy } from '../../src/hierarchy/masking.js';
import { readHierarchyFile } from '../../src/hierarchy/read.js';
import { catchError, expectTree, labelsAt, repoPath } from './helpers.js';

describe('maskingHierarchy', () => {
  it('masks one character more from the right at each level', () => {
    const h = maskingHierarchy(['75013'], { attribute: 'postcode' });
    expect(h.rows).toEqual([['75013', '7501*', '750**', '75***', '7****', '*****']]);
    expect(h.height).toBe(6);
  });

  it('B04: keeps the leading zero, 01200 → 012** at level 2', () => {
    const codes = ['01200', '01270', '06100', '06110', '06130', '01250'];
    const h = maskingHierarchy(codes);
    expect(h.rows[0]).toEqual(['01200', '0120*', '012**', '01***', '0****', '*****']);
    expect(codes.map((c) => h.generalise(c, 2))).toEqual([
      '012**',
      '012**',
      '061**',
      '061**',
      '061**',
      '012**',
    ]);
    expectTree(h);
  });

  it("gives ARX's tiny zipcode hierarchy at levels 0–4 (ARX's root is * instead of *****)", async () => {
    const arx = await readHierarchyFile(
      join(repoPath('datasets/tiny'), 'test_hierarchy_zipcode.csv'),
    );
    const h = maskingHierarchy(arx.values());
    expect(h.height).toBe(6);
    const firstLevels = (rows: readonly (readonly string[])[]): string[] =>
      rows.map((r) => r.slice(0, 5).join(';'));
    expect(firstLevels(h.rows)).toEqual(firstLevels(arx.rows));
    expect(labelsAt(h, 5)).toEqual(['*****']);
  });

  it('masks values of different lengths to their own length, then adds a single root', () => {
    const h = maskingHierarchy(['123', '01200']);
    expect(h.rows).toEqual([
      ['123', '12*', '1**', '***', '***', '***', '*'],
      ['01200', '0120*', '012**', '01***', '0****', '*****', '*'],
    ]);
    expectTree(h);
  });

  it('keeps the missing value missing up to the root', () => {
    expect(maskingHierarchy(['', '75013']).rows).toEqual([
      ['', '', '', '', '', '*****'],
      ['75013', '7501*', '750**', '75***', '7****', '*****'],
    ]);
    expect(maskingHierarchy(['', '1', '22']).rows).toEqual([
      ['', '', '', '*'],
      ['1', '*', '*', '*'],
      ['22', '2*', '**', '*'],
    ]);
    expect(maskingHierarchy(['']).rows).toEqual([['', '*']]);
  });

  it('handles one-character values', () => {
    expect(maskingHierarchy(['A', 'B']).rows).toEqual([
      ['A', '*'],
      ['B', '*'],
    ]);
  });

  it('takes another mask character, also for the added root', () => {
    expect(maskingHierarchy(['12', '345'], { maskChar: '#' }).rows).toEqual([
      ['12', '1#', '##', '##', '#'],
      ['345', '34#', '3##', '###', '#'],
    ]);
    expect(maskingHierarchy(['ab'], { maskChar: 'é' }).rows).toEqual([['ab', 'aé', 'éé']]);
  });

  it('refuses a mask that is not exactly one character', () => {
    for (const maskChar of ['', '**']) {
      const e = catchError(() => maskingHierarchy(['1'], { maskChar, attribute: 'postcode' }));
      expect(e.message).toBe(
        `hierarchy of "postcode": the mask character must be exactly one character, got "${maskChar}"`,
      );
      expect([e.code, e.column, e.value]).toEqual(['BAD_CONFIG', 'postcode', maskChar]);
    }
  });

  it('masks code points after NFC normalisation, and merges NFC-equal values', () => {
    const h = maskingHierarchy(['I\u0302le', '\u00cele', 'a😀b']);
    expect(h.rows).toEqual([
      ['\u00cele', '\u00cel*', '\u00ce**', '***'],
      ['a😀b', 'a😀*', 'a**', '***'],
    ]);
  });
});

describe('maskingHierarchy properties', () => {
  const digitStrings = fc.uniqueArray(fc.stringMatching(/^[0-9]{1,8}$/), {
    minLength: 1,
    maxLength: 30,
  });

  it('keeps each label the length of its value, with the value as prefix, and one root', () => {
    fc.assert(
      fc.property(digitStrings, (values) => {
        const h = maskingHierarchy(values);
        const lengths = new Set(values.map((v) => v.length));
        const longest = Math.max(...lengths);
        expect(h.height).toBe(longest + 1 + (lengths.size > 1 ? 1 : 0));
        expectTree(h);
        for (const v of values) {
          const row = h.rows[h.indexOf(v)] as readonly string[];
          for (let level = 0; level <= longest; level++) {
            const label = row[level] as string;
            const masked = Math.min(level, v.length);
            expect(label).toHaveLength(v.length);
            expect(label).toBe(v.slice(0, v.length - masked) + '*'.repeat(masked));
          }
        }
      }),
    );
  });

  it('equal-length codes need no extra root: the top is all stars', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 20 }), (n, count) => {
        const values = Array.from({ length: count }, (_, i) => String(i).padStart(n, '0'));
        const unique = [...new Set(values.filter((v) => v.length === n))];
        const h = maskingHierarchy(unique);
        expect(h.height).toBe(n + 1);
        expect(labelsAt(h, n)).toEqual(['*'.repeat(n)]);
      }),
    );
  });
});
