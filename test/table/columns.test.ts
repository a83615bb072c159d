import { describe, expect, it } from 'vitest';
import { missingColumnError, requireColumns, showDelimiter } from '../../src/table/columns.js';
import { parseCsv } from '../../src/table/parse.js';
import { readCsvFile } from '../../src/table/read-file.js';
import { errorOf, fixture, fixtureText, rejectionOf } from './helpers.js';

describe('requireColumns', () => {
  it('B24(a): names the column, the split header and the likely separator', async () => {
    const parsed = await readCsvFile(fixture('b24a.csv'), { delimiter: ';', file: 'b24a.csv' });
    expect(parsed.table.columnNames()).toEqual(['age,postcode,condition']);
    const error = errorOf(() => {
      requireColumns(parsed, ['age', 'postcode'], 'quasi-identifier');
    });
    expect(error.message).toBe(
      `b24a.csv: quasi-identifier "age" not found; the header split on ';' gave 1 column: "age,postcode,condition". Did you mean --delimiter ','?`,
    );
    expect(error).toMatchObject({ code: 'BAD_INPUT', file: 'b24a.csv', column: 'age' });
  });

  it('B24(c): passes when the columns are there', async () => {
    const parsed = await readCsvFile(fixture('b24a.csv'));
    expect(() => {
      requireColumns(parsed, ['age', 'postcode'], 'quasi-identifier');
    }).not.toThrow();
    expect(() => {
      requireColumns(parsed, [], 'quasi-identifier');
    }).not.toThrow();
  });

  it('reports the first absent column and lists the columns there are', () => {
    const parsed = parseCsv(fixtureText('b02.csv'));
    const error = errorOf(() => {
      requireColumns(parsed, ['age', 'income', 'zip'], 'sensitive attribute');
    });
    expect(error.message).toBe(
      `sensitive attribute "income" not found; the header split on ';' gave 4 columns: "id", "age", "income_eur", "town".`,
    );
    expect(error.column).toBe('income');
    expect(error.file).toBeUndefined();
  });

  it('suggests a name that differs only in case or spaces', () => {
    const parsed = parseCsv('Age ,Sex\n1,F\n');
    const error = errorOf(() => {
      requireColumns(parsed, ['age'], 'quasi-identifier');
    });
    expect(error.message).toMatch(/ Did you mean "Age "\?$/);
  });

  it('matches names after NFC normalisation', () => {
    const parsed = parseCsv('caf\u00e9\n1\n');
    expect(() => {
      requireColumns(parsed, ['cafe\u0301'], 'quasi-identifier');
    }).not.toThrow();
  });

  it('lists at most 20 columns', () => {
    const names = Array.from({ length: 25 }, (_, i) => `c${i}`);
    const error = missingColumnError({ names, delimiter: '\t', file: 'w.tsv' }, 'x', 'identifier');
    expect(error.message).toContain(`split on '\\t' gave 25 columns: "c0", "c1"`);
    expect(error.message).toContain('"c19", … (5 more).');
    expect(error.message).not.toContain('"c20"');
  });

  it('gives the hint through readCsvFile with a forced type too', async () => {
    const error = await rejectionOf(
      readCsvFile(fixture('b24a.csv'), {
        delimiter: ';',
        file: 'b24a.csv',
        types: { age: 'integer' },
      }),
    );
    expect(error.message).toMatch(/Did you mean --delimiter ','\?$/);
  });
});

describe('showDelimiter', () => {
  it('quotes a separator and spells a tab', () => {
    expect(showDelimiter(';')).toBe("';'");
    expect(showDelimiter('\t')).toBe("'\\t'");
  });
});
