import { describe, expect, it } from 'vitest';
import { dialectOptions, formatCsv } from '../../src/table/format.js';
import { parseCsv } from '../../src/table/parse.js';
import { errorOf, fixtureText } from './helpers.js';

describe('B01: byte-order mark and quoted header', () => {
  const withBom = fixtureText('b01.csv');
  const withoutBom = fixtureText('b01-no-bom.csv');

  it('reads the header as exactly age, postcode, condition', () => {
    expect(withBom.charCodeAt(0)).toBe(0xfeff);
    const parsed = parseCsv(withBom, { file: 'b01.csv' });
    expect(parsed.table.columnNames()).toEqual(['age', 'postcode', 'condition']);
    for (const name of parsed.table.columnNames()) {
      expect(name).not.toMatch(/[\uFEFF"]/);
    }
    expect(parsed.dialect.bom).toBe(true);
    expect(parsed.types).toEqual({ age: 'integer', postcode: 'integer', condition: 'categorical' });
    expect(parsed.table.array('age')).toEqual([34, 36, 45, 47]);
  });

  it('gives the same table and the same output bytes with and without the BOM', () => {
    const a = parseCsv(withBom);
    const b = parseCsv(withoutBom);
    expect(b.dialect.bom).toBe(false);
    expect(a.table.objects()).toEqual(b.table.objects());
    expect(a.types).toEqual(b.types);
    const outA = formatCsv(a.table, dialectOptions(a.dialect));
    const outB = formatCsv(b.table, dialectOptions(b.dialect));
    expect(outA).toBe(outB);
    expect(outA).toBe(
      'age,postcode,condition\n34,13008,flu\n36,13008,asthma\n45,13001,flu\n47,13001,migraine\n',
    );
  });

  it('writes a BOM only when asked, and only at byte 0', () => {
    const parsed = parseCsv(withBom);
    expect(formatCsv(parsed.table).includes('\uFEFF')).toBe(false);
    const out = formatCsv(parsed.table, { bom: true });
    expect(out.indexOf('\uFEFF')).toBe(0);
    expect(out.lastIndexOf('\uFEFF')).toBe(0);
    expect(new TextEncoder().encode(out).subarray(0, 4)).toEqual(
      new Uint8Array([0xef, 0xbb, 0xbf, 0x61]),
    );
  });
});

describe('B02: semicolon separator, decimal comma, quoted separator', () => {
  const text = fixtureText('b02.csv');

  const check = (parsed: ReturnType<typeof parseCsv>) => {
    expect(parsed.rows).toBe(6);
    expect(parsed.table.numRows()).toBe(6);
    expect(parsed.table.columnNames()).toEqual(['id', 'age', 'income_eur', 'town']);
    expect(parsed.types.income_eur).toBe('decimal');
    expect(parsed.types.age).toBe('integer');
    const income = parsed.table.array('income_eur') as number[];
    const sum = income.reduce((s, v) => s + v, 0);
    expect(sum).toBe(13737);
    expect(sum / income.length).toBe(2289.5);
    expect(parsed.table.array('age')).toEqual([34, 41, 29, 52, 38, 45]);
    expect(parsed.table.get('town', 3)).toBe('Saint-Étienne; centre');
    expect(parsed.decimalComma).toEqual(['income_eur']);
    expect(parsed.dialect).toEqual({ delimiter: ';', decimal: ',', bom: false, lineEnding: '\n' });
  };

  it('run 1: explicit --delimiter ; --decimal ,', () => {
    check(parseCsv(text, { delimiter: ';', decimal: ',' }));
  });

  it('run 2: auto-detection', () => {
    check(parseCsv(text));
  });

  it('keeps the decimal comma when written in the input dialect', () => {
    const parsed = parseCsv(text);
    const out = formatCsv(parsed.table, dialectOptions(parsed.dialect));
    expect(out.split('\n').slice(0, 2)).toEqual(['id;age;income_eur;town', '1;34;2150,5;Lyon']);
    expect(out).toContain('4;52;2500,25;"Saint-Étienne; centre"\n');
    // Untyped, the values pass through byte for byte.
    const untyped = parseCsv(text, { typed: false });
    expect(untyped.types.income_eur).toBe('decimal');
    expect(untyped.table.get('income_eur', 0)).toBe('2150,50');
    expect(formatCsv(untyped.table, dialectOptions(untyped.dialect))).toBe(text);
  });

  it('reads the decimal comma as text when told the mark is .', () => {
    const parsed = parseCsv(text, { decimal: '.' });
    expect(parsed.types.income_eur).toBe('categorical');
    expect(parsed.decimalComma).toEqual([]);
    expect(parsed.table.get('income_eur', 0)).toBe('2150,50');
  });

  it('never reads a decimal comma in a comma-separated file under auto', () => {
    const parsed = parseCsv('id,income\n1,"2150,50"\n2,"1980,00"\n');
    expect(parsed.types.income).toBe('categorical');
    expect(parseCsv('id,income\n1,"2150,50"\n', { decimal: ',' }).types.income).toBe('decimal');
  });

  it('stops when auto-detection finds one column while ; is in the header', () => {
    // The unquoted ';' in the last line makes ';' inconsistent, so sniffing gives up.
    const broken = 'id;age;town\n1;34;Lyon\n2;41;Saint-Étienne; centre\n';
    const error = errorOf(() => parseCsv(broken, { file: 'b02.csv' }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(
      `b02.csv: line 1: only one column was found in the header "id;age;town", but ';' looks like the separator; give the separator explicitly (--delimiter ';')`,
    );
    expect(error.line).toBe(1);
    expect(error.file).toBe('b02.csv');
    // Given explicitly, the same file fails on the faulty line instead.
    const explicit = errorOf(() => parseCsv(broken, { delimiter: ';', file: 'b02.csv' }));
    expect(explicit.message).toBe(
      `b02.csv: line 3 has 4 fields but the header (line 1) has 3; a value that contains ';' must be enclosed in double quotes`,
    );
    expect(explicit.line).toBe(3);
  });
});

describe('a wrong --delimiter on a file with more fields in a row than in its header', () => {
  it("suggests the separator that splits the one-field header: ';' for a ',' given", () => {
    // A ';' file with decimal commas read with ',': the header is one field, line 2 two.
    const elus = 'nom;âge;taux\nDupont;54;12,5\nMartin;61;8,25\n';
    const error = errorOf(() => parseCsv(elus, { delimiter: ',', file: 'elus.csv' }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe(
      `elus.csv: line 2 has 2 fields but the header (line 1) has 1: "nom;âge;taux", which ';' splits into 3. Did you mean --delimiter ';'?`,
    );
    expect(error.file).toBe('elus.csv');
    expect(error.line).toBe(2);
  });

  it('names tab and | too, and keeps the quoting advice when no separator splits the header', () => {
    const tabbed = errorOf(() => parseCsv('nom\ttaux\nDupont\t1,5\n', { delimiter: ',' }));
    expect(tabbed.message).toMatch(/which '\\t' splits into 2\. Did you mean --delimiter '\\t'\?$/);
    const piped = errorOf(() => parseCsv('nom|taux\nDupont|1,5\n', { delimiter: ',' }));
    expect(piped.message).toMatch(/Did you mean --delimiter '\|'\?$/);
    const single = errorOf(() => parseCsv('taux\n1,5\n', { delimiter: ',' }));
    expect(single.message).toBe(
      `line 2 has 2 fields but the header (line 1) has 1; a value that contains ',' must be enclosed in double quotes`,
    );
  });
});

describe('B04: leading zeros and long digit codes', () => {
  const text = fixtureText('b04.csv');

  it('types postcode and batch_code as text and keeps them byte for byte', () => {
    const parsed = parseCsv(text);
    expect(parsed.types).toEqual({
      postcode: 'categorical',
      age: 'integer',
      batch_code: 'categorical',
      diagnosis: 'categorical',
    });
    expect(parsed.table.array('postcode')).toEqual([
      '01200',
      '01270',
      '06100',
      '06110',
      '06130',
      '01250',
    ]);
    expect(parsed.table.get('batch_code', 0)).toBe('4000123412341234567');
    const out = formatCsv(parsed.table, dialectOptions(parsed.dialect));
    expect(out).toBe(text);
    expect(out).not.toMatch(/e\+|\.0|4000123412341234700/);
  });

  it('converts a forced integer column, dropping the leading zeros it was asked to', () => {
    const parsed = parseCsv(text, { types: { postcode: 'integer', age: 'categorical' } });
    expect(parsed.types.postcode).toBe('integer');
    expect(parsed.table.get('postcode', 0)).toBe(1200);
    expect(parsed.table.get('age', 0)).toBe('34');
  });

  it('refuses to force a code longer than a number holds exactly', () => {
    const error = errorOf(() =>
      parseCsv(text, { file: 'b04.csv', types: { batch_code: 'integer' } }),
    );
    expect(error.message).toContain('b04.csv: line 2, column "batch_code": "4000123412341234567"');
    expect(error).toMatchObject({ code: 'BAD_INPUT', line: 2, column: 'batch_code' });
  });
});

describe('B24(b): field counts', () => {
  it('names the line, both counts and the empty header field', () => {
    const error = errorOf(() =>
      parseCsv(fixtureText('b24b.csv'), { delimiter: ',', file: 'b24b.csv' }),
    );
    expect(error.message).toBe(
      'b24b.csv: line 2 has 3 fields but the header (line 1) has 4; header field 4 is empty',
    );
    expect(error).toMatchObject({ code: 'BAD_INPUT', file: 'b24b.csv', line: 2 });
  });

  it('counts lines exactly across quoted line breaks and blank lines', () => {
    const text = 'a,b\n1,"x\ny\nz"\n\n2,"p\r\nq"\n3\n';
    const error = errorOf(() => parseCsv(text, { file: 'f.csv' }));
    expect(error.message).toBe('f.csv: line 8 has 1 field but the header (line 1) has 2');
    expect(error.line).toBe(8);
  });

  it('rejects an empty header name even when every row has the extra field', () => {
    const error = errorOf(() => parseCsv('a,b,\n1,2,\n', { file: 'f.csv' }));
    expect(error.message).toBe('f.csv: line 1: header field 3 is empty; every column needs a name');
    expect(errorOf(() => parseCsv('a,b,\n')).message).toBe(
      'line 1: header field 3 is empty; every column needs a name',
    );
    expect(errorOf(() => parseCsv('a,,c\n1,2,3\n')).message).toBe(
      'line 1: header field 2 is empty; every column needs a name',
    );
  });
});

describe('header checks', () => {
  it('names both positions of a duplicate column', () => {
    const error = errorOf(() => parseCsv('age,sex,age\n1,F,2\n', { file: 'd.csv' }));
    expect(error.message).toBe(
      'd.csv: line 1: the header names column "age" twice (fields 1 and 3); column names must be unique',
    );
    expect(error).toMatchObject({ code: 'BAD_INPUT', line: 1, column: 'age' });
  });

  it('treats names that are equal after NFC normalisation as duplicates', () => {
    const error = errorOf(() => parseCsv('caf\u00e9,cafe\u0301\n1,2\n'));
    expect(error.message).toContain('"café" twice (fields 1 and 2)');
  });

  it('refuses an empty text', () => {
    const error = errorOf(() => parseCsv('', { file: 'e.csv' }));
    expect(error.message).toBe('e.csv: the file is empty: there is no header line');
    expect(error.code).toBe('BAD_INPUT');
    expect(errorOf(() => parseCsv('\uFEFF\n\n')).code).toBe('BAD_INPUT');
  });

  it('reads a header without rows', () => {
    const parsed = parseCsv('a;b\n');
    expect(parsed.rows).toBe(0);
    expect(parsed.table.columnNames()).toEqual(['a', 'b']);
    expect(parsed.types).toEqual({ a: 'categorical', b: 'categorical' });
  });
});

describe('quoting, line breaks and lineOf', () => {
  const text = fixtureText('multiline.csv');

  it('reads quoted line breaks, doubled quotes and CRLF', () => {
    const parsed = parseCsv(text);
    expect(parsed.dialect.lineEnding).toBe('\r\n');
    expect(parsed.table.array('note')).toEqual([
      'first line\r\nsecond line',
      'say "hi"',
      'a\nb\nc',
      null,
    ]);
    expect(parsed.table.array('score')).toEqual([10, 20, null, 30]);
    expect(parsed.table.array('id')).toEqual([1, 2, 3, 4]);
  });

  it('maps each row to the line it starts on', () => {
    const parsed = parseCsv(text);
    expect([0, 1, 2, 3].map((row) => parsed.lineOf(row))).toEqual([2, 5, 6, 9]);
    expect(errorOf(() => parsed.lineOf(4)).code).toBe('BAD_PARAMETER');
    expect(errorOf(() => parsed.lineOf(-1)).code).toBe('BAD_PARAMETER');
    const plain = parseCsv('\n\na\n1\n2\n');
    expect([plain.lineOf(0), plain.lineOf(1)]).toEqual([4, 5]);
  });

  it('reads mixed line endings and ignores blank trailing lines', () => {
    const parsed = parseCsv('a,b\r\n1,2\n3,4\r\n\r\n\n');
    expect(parsed.rows).toBe(2);
    expect(parsed.table.array('b')).toEqual([2, 4]);
  });

  it('keeps a quoted empty line of a one-column file as a missing value', () => {
    const parsed = parseCsv('a\n1\n""\n2\n\n');
    expect(parsed.table.array('a')).toEqual([1, null, 2]);
    expect(parsed.lineOf(2)).toBe(4);
  });

  it('reports quoting errors with their line', () => {
    const unclosed = errorOf(() => parseCsv('a,b\n1,2\n3,"x\n4,5\n', { file: 'q.csv' }));
    expect(unclosed.message).toBe(
      `q.csv: the record starting on line 3 has a quoted value that is never closed (a '"' is missing, or a stray one opens a quote)`,
    );
    expect(unclosed).toMatchObject({ code: 'BAD_INPUT', line: 3 });
    const inside = errorOf(() => parseCsv('a,b\n1,"x\ny"\n3,5"10\n', { file: 'q.csv' }));
    expect(inside.message).toMatch(/^q\.csv: line 4, column "b": a '"' appears inside a value/);
    expect(inside).toMatchObject({ line: 4, column: 'b' });
    const after = errorOf(() => parseCsv('a,b\n1,"x"y\n'));
    expect(after.message).toMatch(
      /^line 2, column "b": a closing '"' is followed by other characters/,
    );
  });
});

describe('missing values and types', () => {
  it('reads the default missing tokens as null', () => {
    const parsed = parseCsv('n,t\n1,a\nNA,NA\n?,?\nNULL,NULL\n,\n5,b\n');
    expect(parsed.table.array('n')).toEqual([1, null, null, null, null, 5]);
    expect(parsed.table.array('t')).toEqual(['a', null, null, null, null, 'b']);
    expect(parsed.types.n).toBe('integer');
  });

  it('uses the given missing tokens instead', () => {
    const parsed = parseCsv('n,t\n1,NA\n-,?\n', { missing: ['-'] });
    expect(parsed.table.array('n')).toEqual([1, null]);
    expect(parsed.types.n).toBe('integer');
    expect(parsed.table.array('t')).toEqual(['NA', '?']);
  });

  it('types an all-missing column categorical, and dates as ISO strings', () => {
    const parsed = parseCsv('d,e,x\n2024-02-29,,1.5\n1999-12-31,NA,2\n');
    expect(parsed.types).toEqual({ d: 'date', e: 'categorical', x: 'decimal' });
    expect(parsed.table.array('d')).toEqual(['2024-02-29', '1999-12-31']);
    expect(parsed.table.array('e')).toEqual([null, null]);
    expect(parsed.table.array('x')).toEqual([1.5, 2]);
    expect(parseCsv('d\n2023-02-29\n').types.d).toBe('categorical');
  });

  it('keeps text when typed is false but still reports the inferred types', () => {
    const parsed = parseCsv('n,x\n007,1.50\n8,NA\n', { typed: false, types: { n: 'integer' } });
    expect(parsed.types).toEqual({ n: 'integer', x: 'decimal' });
    expect(parsed.table.array('n')).toEqual(['007', '8']);
    expect(parsed.table.array('x')).toEqual(['1.50', null]);
  });

  it('lists the effective missing tokens', () => {
    expect(parseCsv('a\n1\n').missing).toEqual(['', 'NA', '?', 'NULL']);
    expect(parseCsv('a\n1\n', { missing: ['-', 'n/a', '-'] }).missing).toEqual(['-', 'n/a']);
    expect(parseCsv('a\n1\n', { missing: [] }).missing).toEqual([]);
  });

  it('keeps the text of missing tokens with keepMissingText, and infers as before', () => {
    const text = 'n;t;e;x\n1;a;;1,5\nNA;NA;x;NA\n?;?;;?\nNULL;NULL;y;2\n;;;\n5;b;z;NULL\n';
    const kept = parseCsv(text, { typed: false, keepMissingText: true });
    expect(kept.table.array('n')).toEqual(['1', 'NA', '?', 'NULL', '', '5']);
    expect(kept.table.array('t')).toEqual(['a', 'NA', '?', 'NULL', '', 'b']);
    expect(kept.table.array('e')).toEqual(['', 'x', '', 'y', '', 'z']);
    expect(kept.table.array('x')).toEqual(['1,5', 'NA', '?', '2', '', 'NULL']);
    expect(kept.missing).toEqual(['', 'NA', '?', 'NULL']);
    // Types, decimal marks and dialect are those of a read without the option.
    const plain = parseCsv(text, { typed: false });
    expect(plain.table.array('n')).toEqual(['1', null, null, null, null, '5']);
    expect(kept.types).toEqual({ n: 'integer', t: 'categorical', e: 'categorical', x: 'decimal' });
    expect(kept.types).toEqual(plain.types);
    expect(kept.decimalComma).toEqual(['x']);
    expect(kept.dialect).toEqual(plain.dialect);
    // The file passes through byte for byte.
    expect(formatCsv(kept.table, dialectOptions(kept.dialect))).toBe(text);
  });

  it('keeps only the given tokens with keepMissingText, and checks forced types around them', () => {
    const parsed = parseCsv('n,t\n1,NA\n-,?\n3,\n', {
      typed: false,
      keepMissingText: true,
      missing: ['-', ''],
      types: { n: 'integer', t: 'categorical' },
    });
    expect(parsed.table.array('n')).toEqual(['1', '-', '3']);
    expect(parsed.table.array('t')).toEqual(['NA', '?', '']);
    expect(parsed.missing).toEqual(['-', '']);
    const error = errorOf(() =>
      parseCsv('n\n1\nNA\nx\n', { typed: false, keepMissingText: true, types: { n: 'integer' } }),
    );
    expect(error).toMatchObject({ code: 'BAD_INPUT', line: 4, column: 'n', value: 'x' });
  });

  it('ignores keepMissingText when values are typed', () => {
    const parsed = parseCsv('n,t\n1,a\nNA,\n', { keepMissingText: true });
    expect(parsed.table.array('n')).toEqual([1, null]);
    expect(parsed.table.array('t')).toEqual(['a', null]);
  });

  it('keeps missing tokens in a column with too many distinct values to intern', () => {
    const rows = 210_000;
    const lines = ['id,u'];
    for (let i = 0; i < rows; i++)
      lines.push(`${i},${i % 5 === 0 ? (i % 2 === 0 ? '' : 'NA') : `u${i}`}`);
    const parsed = parseCsv(`${lines.join('\n')}\n`, { typed: false, keepMissingText: true });
    const u = parsed.table.array('u') as string[];
    expect(u.every((v) => typeof v === 'string')).toBe(true);
    for (const i of [0, 5, 7, 200_000, 200_005, 200_007]) {
      expect(u[i], String(i)).toBe(i % 5 === 0 ? (i % 2 === 0 ? '' : 'NA') : `u${i}`);
    }
  });

  it('names file, line, column and value when a forced type does not fit', () => {
    const text = 'id,age,when\n1,34,2024-01-01\n2,forty,2024-01-02\n3,50,2024-02-30\n';
    const integer = errorOf(() => parseCsv(text, { file: 'o.csv', types: { age: 'integer' } }));
    expect(integer.message).toBe(
      'o.csv: line 3, column "age": "forty" is not an integer (or is too large to hold exactly), but the column is declared integer',
    );
    expect(integer).toMatchObject({
      code: 'BAD_INPUT',
      file: 'o.csv',
      line: 3,
      column: 'age',
      value: 'forty',
    });
    const decimal = errorOf(() => parseCsv(text, { types: { age: 'decimal' } }));
    expect(decimal).toMatchObject({ line: 3, column: 'age', value: 'forty' });
    const date = errorOf(() => parseCsv(text, { types: { when: 'date' } }));
    expect(date).toMatchObject({ line: 4, column: 'when', value: '2024-02-30' });
    expect(date.message).toContain('is not an ISO date (YYYY-MM-DD)');
  });

  it('finds the line of a bad forced value after quoted line breaks', () => {
    const text = 'id,note,n\n1,"a\nb",5\n2,x,six\n';
    expect(errorOf(() => parseCsv(text, { types: { n: 'integer' } })).line).toBe(4);
  });

  it('refuses a forced type for a column that is not in the file', () => {
    const error = errorOf(() => parseCsv('a;b\n1;2\n', { file: 't.csv', types: { c: 'integer' } }));
    expect(error.message).toBe(
      't.csv: column with a forced type "c" not found; the header split on \';\' gave 2 columns: "a", "b".',
    );
    expect(error).toMatchObject({ code: 'BAD_INPUT', column: 'c' });
  });

  it('reads a forced decimal with a comma mark', () => {
    const parsed = parseCsv('a;b\n1;2,5\n2;3\n', { types: { b: 'decimal' } });
    expect(parsed.table.array('b')).toEqual([2.5, 3]);
    expect(parsed.decimalComma).toEqual(['b']);
  });
});

describe('text normalisation and options', () => {
  it('NFC-normalises header names and values', () => {
    const parsed = parseCsv('ville,cafe\u0301\nSaint-E\u0301tienne,x\n');
    expect(parsed.table.columnNames()).toEqual(['ville', 'café']);
    expect(parsed.table.get('ville', 0)).toBe('Saint-Étienne');
    expect(parsed.table.get('ville', 0)).toHaveLength(13);
  });

  it('refuses invalid options', () => {
    expect(errorOf(() => parseCsv('a\n', { delimiter: '"' })).code).toBe('BAD_PARAMETER');
    expect(errorOf(() => parseCsv('a\n', { delimiter: '' })).code).toBe('BAD_PARAMETER');
    const decimal = JSON.parse('{"decimal":";"}') as { decimal: '.' };
    expect(errorOf(() => parseCsv('a\n', decimal)).code).toBe('BAD_PARAMETER');
    const types = JSON.parse('{"types":{"a":"number"}}') as { types: Record<string, 'integer'> };
    expect(errorOf(() => parseCsv('a\n1\n', types)).code).toBe('BAD_PARAMETER');
  });

  it('reads a multi-character separator given explicitly', () => {
    const parsed = parseCsv('a::b\n1::x\n', { delimiter: '::' });
    expect(parsed.table.objects()).toEqual([{ a: 1, b: 'x' }]);
  });

  it('refuses a column named __proto__', () => {
    expect(errorOf(() => parseCsv('a,__proto__\n1,2\n')).column).toBe('__proto__');
  });
});
