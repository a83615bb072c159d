/**
 * checkCoverage, and case B05 (cases.md): a hierarchy missing a value of the data, a duplicated
 * rule, and NFD data against an NFC hierarchy. The data file test/fixtures/hierarchy/b05/b05.csv
 * is the case's table, with `Île-de-France` stored as NFD (`I` + U+0302) in rows 3–6.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseArxHierarchy } from '../../src/hierarchy/arx.js';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { readHierarchyFile } from '../../src/hierarchy/read.js';
import { checkCoverage, MISSING_LABEL } from '../../src/hierarchy/validate.js';
import { catchAsyncError, catchError, fixture } from './helpers.js';

const NFD = 'I\u0302le-de-France';
const NFC = '\u00cele-de-France';

/** The B05 table: column name → cells, read by splitting (no field holds a comma). */
async function readB05(): Promise<Record<string, string[]>> {
  const text = await readFile(fixture('b05/b05.csv'), 'utf8');
  const [header, ...records] = text.split('\n').filter((l) => l !== '');
  const names = (header as string).split(',');
  const cells = records.map((r) => r.split(','));
  return Object.fromEntries(names.map((n, c) => [n, cells.map((r) => r[c] as string)]));
}

describe('B05: a hierarchy missing a value that is in the data', () => {
  it('the fixture really stores Île-de-France as NFD', async () => {
    const data = await readB05();
    expect(data.region?.slice(2, 6)).toEqual([NFD, NFD, NFD, NFD]);
    expect(NFD).not.toBe(NFC);
  });

  it('names attribute postcode, value 13008 and line 2', async () => {
    const data = await readB05();
    const postcode = await readHierarchyFile(fixture('b05/postcode.csv'), 'postcode');
    const e = catchError(() => {
      checkCoverage(postcode, data.postcode as string[], {
        attribute: 'postcode',
        file: 'b05.csv',
      });
    });
    expect(e.message).toBe(
      'b05.csv: attribute "postcode": 1 value is not in its hierarchy: "13008" (line 2)',
    );
    expect([e.code, e.file, e.line, e.column, e.value]).toEqual([
      'BAD_CONFIG',
      'b05.csv',
      2,
      'postcode',
      '13008',
    ]);
  });

  it('passes once 13008 is added', async () => {
    const data = await readB05();
    const postcode = await readHierarchyFile(fixture('b05/postcode-complete.csv'), 'postcode');
    expect(() => {
      checkCoverage(postcode, data.postcode as string[], { attribute: 'postcode' });
    }).not.toThrow();
    expect(postcode.generalise('13008', 2)).toBe('130**');
  });

  it('lists all missing values: 12 missing, 10 shown, "and 2 more"', () => {
    const postcode = parseArxHierarchy('13001;1300*;*\n75005;7500*;*\n');
    // Data rows 0..13: 13001 first, then 12 distinct uncovered codes, then 13010 again.
    const missing = Array.from({ length: 12 }, (_, i) => String(13010 + i));
    const values = ['13001', ...missing, '13010'];
    const e = catchError(() => {
      checkCoverage(postcode, values, { attribute: 'postcode' });
    });
    const shown = missing
      .slice(0, 10)
      .map((v, i) => `"${v}" (line ${i + 3})`)
      .join(', ');
    expect(e.message).toBe(
      `attribute "postcode": 12 values are not in its hierarchy: ${shown}, and 2 more`,
    );
    expect([e.line, e.value]).toEqual([3, '13010']);
    const all = catchError(() => {
      checkCoverage(postcode, values, { attribute: 'postcode', listLimit: 20 });
    });
    expect(all.message).toContain('"13021" (line 14)');
    expect(all.message).not.toContain('more');
  });

  it('finds NFD data values in an NFC hierarchy', async () => {
    const data = await readB05();
    const region = await readHierarchyFile(fixture('b05/region.csv'), 'region');
    expect(region.values()).toEqual([NFC, "Provence-Alpes-Côte d'Azur"]);
    expect(() => {
      checkCoverage(region, data.region as string[], { attribute: 'region' });
    }).not.toThrow();
    expect(region.generalise(NFD, 1)).toBe('France');
  });

  it('reports an unaccented Ile-de-France as missing, not merged', async () => {
    const region = await readHierarchyFile(fixture('b05/region.csv'), 'region');
    const e = catchError(() => {
      checkCoverage(region, [NFD, 'Ile-de-France', NFC], { attribute: 'region' });
    });
    expect(e.message).toBe(
      'attribute "region": 1 value is not in its hierarchy: "Ile-de-France" (line 3)',
    );
    expect(e.value).toBe('Ile-de-France');
  });

  it('names a duplicated rule (13001 twice, with different parents)', async () => {
    const path = fixture('b05/postcode-duplicate.csv');
    const e = await catchAsyncError(readHierarchyFile(path, 'postcode'));
    expect(e.message).toBe(
      `${path}: hierarchy of "postcode": value "13001" is listed twice (lines 1 and 3)`,
    );
    expect(e.value).toBe('13001');
  });
});

describe('checkCoverage', () => {
  const h = new Hierarchy([
    ['34', '<50', '*'],
    ['', '', '*'],
  ]);

  it('accepts covered values, numbers compared as text', () => {
    expect(() => {
      checkCoverage(h, [34, '34', ''], { attribute: 'age' });
    }).not.toThrow();
  });

  it('looks null and undefined up as the missing value', () => {
    expect(() => {
      checkCoverage(h, [null, undefined], { attribute: 'age' });
    }).not.toThrow();
    const noMissing = new Hierarchy([['34', '*']]);
    const e = catchError(() => {
      checkCoverage(noMissing, ['34', null, '', undefined], { attribute: 'age' });
    });
    expect(e.message).toBe('attribute "age": 1 value is not in its hierarchy: (empty) (line 3)');
    expect(e.value).toBe(MISSING_LABEL);
  });

  it('reports each value once, NFC-equal spellings together, at its first line', () => {
    const e = catchError(() => {
      checkCoverage(h, ['34', NFD, '66', NFC, '66'], { attribute: 'region' });
    });
    expect(e.message).toBe(
      `attribute "region": 2 values are not in its hierarchy: "${NFC}" (line 3), "66" (line 4)`,
    );
  });

  it('takes a custom line mapping, and cites no line when it returns undefined', () => {
    const custom = catchError(() => {
      checkCoverage(h, ['34', '66'], { attribute: 'age', lineOf: (row) => row + 10 });
    });
    expect([custom.message, custom.line]).toEqual([
      'attribute "age": 1 value is not in its hierarchy: "66" (line 11)',
      11,
    ]);
    const none = catchError(() => {
      checkCoverage(h, ['34', '66'], { attribute: 'age', lineOf: () => undefined });
    });
    expect([none.message, none.line]).toEqual([
      'attribute "age": 1 value is not in its hierarchy: "66"',
      undefined,
    ]);
  });

  it('checks a typed array', () => {
    const e = catchError(() => {
      checkCoverage(h, Int32Array.from([34, 35]), { attribute: 'age' });
    });
    expect(e.value).toBe('35');
  });
});
