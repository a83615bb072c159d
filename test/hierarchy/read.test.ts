/**
 * Reading ARX hierarchy files. Expected heights, row counts and rows come from the files
 * themselves (datasets/adult/README.md, datasets/tiny/README.md, and `wc -l` / `awk -F';'`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import {
  attributeFromFileName,
  findHierarchyFiles,
  readHierarchyFile,
} from '../../src/hierarchy/read.js';
import { checkCoverage } from '../../src/hierarchy/validate.js';
import { catchAsyncError, catchError, expectTree, fixture, labelsAt, repoPath } from './helpers.js';

const ADULT = repoPath('datasets/adult');
const TINY = repoPath('datasets/tiny');

/** Height and number of rows of each Adult hierarchy (README, and `wc -l` + 1 for native-country). */
const ADULT_SHAPES: Record<string, [height: number, rows: number]> = {
  sex: [2, 2],
  age: [5, 100],
  race: [2, 5],
  'marital-status': [3, 7],
  education: [4, 16],
  'native-country': [3, 41],
  workclass: [3, 8],
  occupation: [3, 14],
  'salary-class': [2, 2],
};

describe('readHierarchyFile on datasets/adult', () => {
  for (const [attribute, [height, rows]] of Object.entries(ADULT_SHAPES)) {
    it(`reads ${attribute}: height ${height}, ${rows} rows, a tree with root *`, async () => {
      const h = await readHierarchyFile(join(ADULT, `adult_hierarchy_${attribute}.csv`));
      expect(h.height).toBe(height);
      expect(h.rows).toHaveLength(rows);
      expect(h.source).toEqual({
        attribute,
        file: join(ADULT, `adult_hierarchy_${attribute}.csv`),
      });
      expect(labelsAt(h, height - 1)).toEqual(['*']);
      expectTree(h);
    });
  }

  it('reads the rows the README quotes', async () => {
    const age = await readHierarchyFile(join(ADULT, 'adult_hierarchy_age.csv'));
    expect(age.rows[age.indexOf('39')]).toEqual(['39', '35-39', '30-39', '20-39', '*']);
    expect(age.values()).toEqual(Array.from({ length: 100 }, (_, i) => String(i + 1)));
    const education = await readHierarchyFile(join(ADULT, 'adult_hierarchy_education.csv'));
    expect(education.rows[education.indexOf('Bachelors')]).toEqual([
      'Bachelors',
      'Undergraduate',
      'Higher education',
      '*',
    ]);
  });

  it('reads the last row of native-country, which has no final newline', async () => {
    const text = await readFile(join(ADULT, 'adult_hierarchy_native-country.csv'), 'utf8');
    expect(text.endsWith('\n')).toBe(false);
    const h = await readHierarchyFile(join(ADULT, 'adult_hierarchy_native-country.csv'));
    expect(h.rows[h.rows.length - 1]).toEqual(['Holand-Netherlands', 'Europe', '*']);
  });

  it('covers every value of adult.csv (the README says so)', async () => {
    const text = await readFile(join(ADULT, 'adult.csv'), 'utf8');
    const [header, ...records] = text.split('\r\n').filter((l) => l !== '');
    const names = (header as string).split(';');
    const cells = records.map((r) => r.split(';'));
    expect(cells).toHaveLength(30162);
    const files = await findHierarchyFiles(ADULT);
    for (const [c, name] of names.entries()) {
      const h = await readHierarchyFile(files.get(name) as string);
      expect(() => {
        checkCoverage(
          h,
          cells.map((r) => r[c]),
          { attribute: name },
        );
      }).not.toThrow();
    }
  });
});

describe('readHierarchyFile on datasets/tiny (CRLF)', () => {
  it('reads the 10,000-row zipcode hierarchy: height 6, no carriage return left', async () => {
    const h = await readHierarchyFile(join(TINY, 'test_hierarchy_zipcode.csv'));
    expect(h.height).toBe(6);
    expect(h.rows).toHaveLength(10000);
    expect(h.source.attribute).toBe('zipcode');
    expect(h.rows[0]).toEqual(['80000', '8000*', '800**', '80***', '8****', '*']);
    expect(h.rows[h.indexOf('81667')]).toEqual(['81667', '8166*', '816**', '81***', '8****', '*']);
    expect(h.rows[9999]).toEqual(['89999', '8999*', '899**', '89***', '8****', '*']);
    expect(h.rows.some((r) => r.some((l) => l.includes('\r')))).toBe(false);
    expectTree(h);
  });

  it('reads age (3 levels) and gender (2 levels)', async () => {
    const age = await readHierarchyFile(join(TINY, 'test_hierarchy_age.csv'));
    expect(age.height).toBe(3);
    expect(age.rows).toHaveLength(100);
    expect(age.rows[age.indexOf('34')]).toEqual(['34', '<50', '*']);
    expect(age.rows[age.indexOf('50')]).toEqual(['50', '>=50', '*']);
    const gender = await readHierarchyFile(join(TINY, 'test_hierarchy_gender.csv'));
    expect(gender.rows).toEqual([
      ['male', '*'],
      ['female', '*'],
    ]);
  });

  it('reports the two garbage ages of test_dirty.csv with their lines', async () => {
    const age = await readHierarchyFile(join(TINY, 'test_hierarchy_age.csv'));
    const text = await readFile(join(TINY, 'test_dirty.csv'), 'utf8');
    const ages = text
      .split('\r\n')
      .slice(1)
      .filter((l) => l !== '')
      .map((l) => l.split(';')[0]);
    const e = catchError(() => {
      checkCoverage(age, ages, { attribute: 'age', file: 'test_dirty.csv' });
    });
    expect(e.message).toBe(
      'test_dirty.csv: attribute "age": 2 values are not in its hierarchy: "4e" (line 3), "7f" (line 7)',
    );
    expect([e.file, e.line, e.column, e.value]).toEqual(['test_dirty.csv', 3, 'age', '4e']);
  });
});

describe('readHierarchyFile errors', () => {
  it('names a missing file (NOT_FOUND)', async () => {
    const path = fixture('no-such_hierarchy_age.csv');
    const e = await catchAsyncError(readHierarchyFile(path));
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toBe(`hierarchy file not found: ${path}`);
    expect([e.file, e.column]).toEqual([path, 'age']);
  });

  it('names the file and line of invalid UTF-8 (a Latin-1 file)', async () => {
    const path = fixture('latin1_hierarchy_region.csv');
    const e = await catchAsyncError(readHierarchyFile(path));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.message).toBe(`${path}: line 2 is not valid UTF-8; save the hierarchy file as UTF-8`);
    expect([e.file, e.line, e.column]).toEqual([path, 2, 'region']);
  });

  it('reports a folder given as a file as an I/O error', async () => {
    const e = await catchAsyncError(readHierarchyFile(fixture('folder')));
    expect(e.code).toBe('IO');
    expect(e.file).toBe(fixture('folder'));
  });

  it('uses the attribute given over the one in the file name', async () => {
    const path = fixture('b05/postcode-duplicate.csv');
    const e = await catchAsyncError(readHierarchyFile(path, 'postcode'));
    expect(e.message).toBe(
      `${path}: hierarchy of "postcode": value "13001" is listed twice (lines 1 and 3)`,
    );
    expect([e.code, e.file, e.line, e.column, e.value]).toEqual([
      'BAD_CONFIG',
      path,
      3,
      'postcode',
      '13001',
    ]);
    const h: Hierarchy = await readHierarchyFile(fixture('b05/postcode.csv'));
    expect(h.source).toEqual({ file: fixture('b05/postcode.csv') });
  });
});

describe('attributeFromFileName', () => {
  it('takes the part after the first `hierarchy_` of `*hierarchy_<attribute>.csv`', () => {
    expect(attributeFromFileName('adult_hierarchy_marital-status.csv')).toBe('marital-status');
    expect(attributeFromFileName('datasets/adult/adult_hierarchy_age.csv')).toBe('age');
    expect(attributeFromFileName('creditcard_int_hierarchy_BILL_AMT1.csv')).toBe('BILL_AMT1');
    expect(attributeFromFileName('hierarchy_age.csv')).toBe('age');
    expect(attributeFromFileName('Adult_Hierarchy_Age.CSV')).toBe('Age');
    expect(attributeFromFileName('x_hierarchy_hierarchy_y.csv')).toBe('hierarchy_y');
    expect(attributeFromFileName('re\u0301gion_hierarchy_re\u0301gion.csv')).toBe('r\u00e9gion');
  });

  it('recognises no other name', () => {
    expect(attributeFromFileName('age.csv')).toBeUndefined();
    expect(attributeFromFileName('hierarchy_.csv')).toBeUndefined();
    expect(attributeFromFileName('adult_hierarchy_age.txt')).toBeUndefined();
    expect(attributeFromFileName('hierarchy_age/data.csv')).toBeUndefined();
  });
});

describe('findHierarchyFiles', () => {
  it('maps the 9 Adult attributes to their files', async () => {
    const files = await findHierarchyFiles(ADULT);
    expect([...files.keys()]).toEqual([
      'age',
      'education',
      'marital-status',
      'native-country',
      'occupation',
      'race',
      'salary-class',
      'sex',
      'workclass',
    ]);
    expect(files.get('marital-status')).toBe(join(ADULT, 'adult_hierarchy_marital-status.csv'));
  });

  it('maps the 3 tiny attributes, ignoring the data files', async () => {
    const files = await findHierarchyFiles(TINY);
    expect(Object.fromEntries(files)).toEqual({
      age: join(TINY, 'test_hierarchy_age.csv'),
      gender: join(TINY, 'test_hierarchy_gender.csv'),
      zipcode: join(TINY, 'test_hierarchy_zipcode.csv'),
    });
  });

  it('skips other names, hidden files and sub-folders', async () => {
    // folder/ holds data_hierarchy_age.csv, age.csv, ._data_hierarchy_age.csv, notes.txt and a
    // sub-folder named sub_hierarchy_dir.csv.
    const files = await findHierarchyFiles(fixture('folder'));
    expect(Object.fromEntries(files)).toEqual({
      age: join(fixture('folder'), 'data_hierarchy_age.csv'),
    });
  });

  it('refuses two files for one attribute, naming both', async () => {
    const dir = fixture('folder-twice');
    const e = await catchAsyncError(findHierarchyFiles(dir));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.message).toBe(
      `two hierarchy files for attribute "age": ${join(dir, 'a_hierarchy_age.csv')} and ${join(dir, 'b_hierarchy_age.csv')}; keep one`,
    );
    expect(e.column).toBe('age');
  });

  it('names a missing folder, or a file given as a folder (NOT_FOUND)', async () => {
    const missing = fixture('no-such-folder');
    const e = await catchAsyncError(findHierarchyFiles(missing));
    expect([e.code, e.message, e.file]).toEqual([
      'NOT_FOUND',
      `hierarchy folder not found: ${missing}`,
      missing,
    ]);
    const file = fixture('folder/age.csv');
    const f = await catchAsyncError(findHierarchyFiles(file));
    expect([f.code, f.message]).toEqual(['NOT_FOUND', `hierarchy folder ${file} is not a folder`]);
  });
});
