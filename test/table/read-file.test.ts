import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, type ParsedCsv } from '../../src/table/parse.js';
import { readCsvFile } from '../../src/table/read-file.js';
import { fixture, fixtureText, rejectionOf } from './helpers.js';

const ADULT = fileURLToPath(new URL('../../datasets/adult/adult.csv', import.meta.url));

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datanonyme-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Everything a read tells, with lineOf evaluated for every row. */
function summary(parsed: ParsedCsv) {
  return {
    names: parsed.table.columnNames(),
    rows: parsed.table.objects(),
    types: parsed.types,
    dialect: parsed.dialect,
    decimalComma: parsed.decimalComma,
    lines: Array.from({ length: parsed.rows }, (_, row) => parsed.lineOf(row)),
  };
}

describe('readCsvFile', () => {
  it('reads Adult: 30,162 rows, 9 columns, ; and CRLF, age integer', async () => {
    const parsed = await readCsvFile(ADULT);
    expect(parsed.rows).toBe(30162);
    expect(parsed.table.numRows()).toBe(30162);
    expect(parsed.table.numCols()).toBe(9);
    expect(parsed.dialect).toEqual({
      delimiter: ';',
      decimal: '.',
      bom: false,
      lineEnding: '\r\n',
    });
    expect(parsed.types).toEqual({
      sex: 'categorical',
      age: 'integer',
      race: 'categorical',
      'marital-status': 'categorical',
      education: 'categorical',
      'native-country': 'categorical',
      workclass: 'categorical',
      occupation: 'categorical',
      'salary-class': 'categorical',
    });
    expect(parsed.table.objects({ limit: 1 })[0]).toEqual({
      sex: 'Male',
      age: 39,
      race: 'White',
      'marital-status': 'Never-married',
      education: 'Bachelors',
      'native-country': 'United-States',
      workclass: 'State-gov',
      occupation: 'Adm-clerical',
      'salary-class': '<=50K',
    });
    expect(parsed.file).toBe(ADULT);
    expect(parsed.lineOf(0)).toBe(2);
    expect(parsed.lineOf(30161)).toBe(30163);
    // Repeated values share one string: 'Male' is one of two distinct values of sex.
    const sex = parsed.table.array('sex') as string[];
    expect(new Set(sex)).toEqual(new Set(['Male', 'Female']));
  });

  it('reads each fixture exactly as parseCsv reads its text', async () => {
    for (const name of ['b01.csv', 'b01-no-bom.csv', 'b02.csv', 'b04.csv', 'multiline.csv']) {
      const fromFile = await readCsvFile(fixture(name));
      const fromText = parseCsv(fixtureText(name));
      expect(summary(fromFile), name).toEqual(summary(fromText));
    }
  });

  it('agrees with parseCsv over several chunks, with line breaks inside quotes', async () => {
    const lines = ['id;note;amount'];
    for (let i = 0; i < 120_000; i++) {
      const note =
        i % 997 === 0
          ? `"multi\r\nline ${i}\nnote"`
          : i % 13 === 0
            ? `"a;b ""${i}"""`
            : `n${i % 50}`;
      lines.push(`${i};${note};${i % 7 === 0 ? 'NA' : `${i},${i % 100}`}`);
      if (i % 10_007 === 0) lines.push('');
    }
    const text = `${lines.join('\r\n')}\r\n`;
    const path = join(dir, 'big.csv');
    await writeFile(path, text);
    expect(text.length).toBeGreaterThan(2 * (1 << 20));
    const fromFile = await readCsvFile(path);
    const fromText = parseCsv(text, { file: path });
    expect(fromFile.rows).toBe(120_000);
    expect(fromFile.types).toEqual({ id: 'integer', note: 'categorical', amount: 'decimal' });
    expect(summary(fromFile)).toEqual(summary(fromText));
    // Rows 0 and 997 span three lines each, and a blank line follows row 0.
    expect(fromFile.lineOf(997)).toBe(997 + 2 + 3);
    expect(fromFile.lineOf(998)).toBe(998 + 2 + 5);
  });

  it('names the file in errors, with the line', async () => {
    const path = fixture('b24b.csv');
    const error = await rejectionOf(readCsvFile(path, { delimiter: ',' }));
    expect(error.message).toBe(
      `${path}: line 2 has 3 fields but the header (line 1) has 4; header field 4 is empty`,
    );
    expect(error).toMatchObject({ code: 'BAD_INPUT', file: path, line: 2 });
    const named = await rejectionOf(readCsvFile(path, { file: 'b24b.csv' }));
    expect(named.message.startsWith('b24b.csv: line 2 has 3 fields')).toBe(true);
  });

  it('reports a missing file as NOT_FOUND, naming it', async () => {
    const path = join(dir, 'nope.csv');
    const error = await rejectionOf(readCsvFile(path));
    expect(error).toMatchObject({ code: 'NOT_FOUND', file: path });
    expect(error.message).toBe(`${path}: no such file`);
  });

  it('refuses a directory', async () => {
    const error = await rejectionOf(readCsvFile(dir));
    expect(error.code).toBe('BAD_PARAMETER');
  });

  it('refuses bytes that are not UTF-8, and UTF-16 files', async () => {
    const latin1 = join(dir, 'latin1.csv');
    await writeFile(latin1, Buffer.from('id;town\n1;Saint-\xc9tienne\n', 'latin1'));
    const error = await rejectionOf(readCsvFile(latin1));
    expect(error).toMatchObject({ code: 'BAD_INPUT', line: 2, column: 'town' });
    expect(error.message).toContain('not UTF-8');
    const utf16 = join(dir, 'utf16.csv');
    await writeFile(
      utf16,
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a,b\n1,2\n', 'utf16le')]),
    );
    expect((await rejectionOf(readCsvFile(utf16))).message).toContain('UTF-16');
  });

  it('refuses a header that is not UTF-8, naming the file, line 1 and the field', async () => {
    const path = join(dir, 'latin1-header.csv');
    await writeFile(path, Buffer.from('id;\xe2ge;ville\n1;34;Lyon\n', 'latin1'));
    const error = await rejectionOf(readCsvFile(path));
    expect(error.message).toBe(
      `${path}: line 1, header field 2: the column name "\uFFFDge" holds bytes that are not UTF-8; convert the file to UTF-8 (it may be Latin-1 or Windows-1252)`,
    );
    expect(error).toMatchObject({ code: 'BAD_INPUT', file: path, line: 1, value: '\uFFFDge' });
    // After blank lines, the header's own line is named; with a BOM, too.
    await writeFile(
      path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('\n\n\xe9;b\n1;2\n', 'latin1')]),
    );
    expect(await rejectionOf(readCsvFile(path))).toMatchObject({ line: 3 });
    expect((await rejectionOf(readCsvFile(path))).message).toContain('line 3, header field 1:');
  });

  it('reads with keepMissingText exactly as parseCsv does', async () => {
    const path = join(dir, 'tokens.csv');
    const text = 'id;v;w\r\n1;NA;\r\n2;?;NULL\r\n3;x;\r\n';
    await writeFile(path, text);
    const options = { typed: false, keepMissingText: true } as const;
    const fromFile = await readCsvFile(path, options);
    expect(summary(fromFile)).toEqual(summary(parseCsv(text, options)));
    expect(fromFile.table.array('w')).toEqual(['', 'NULL', '']);
    expect(fromFile.missing).toEqual(['', 'NA', '?', 'NULL']);
  });

  it('reads an empty file as an error and leaves the file alone', async () => {
    const path = join(dir, 'empty.csv');
    await writeFile(path, '');
    expect((await rejectionOf(readCsvFile(path))).code).toBe('BAD_INPUT');
    expect(await readFile(path, 'utf8')).toBe('');
  });
});
