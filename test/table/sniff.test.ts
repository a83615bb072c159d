import { describe, expect, it } from 'vitest';
import { DatanonymeError } from '../../src/errors.js';
import { checkDelimiter, sniffDelimiter, sniffLineEnding } from '../../src/table/sniff.js';

describe('sniffDelimiter', () => {
  it('picks the separator with the same count on every line', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n')).toBe(',');
    expect(sniffDelimiter('a\tb\n1\t2\n')).toBe('\t');
    expect(sniffDelimiter('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('picks ; in B02, where every decimal comma would make , inconsistent', () => {
    const b02 = 'id;age;income_eur;town\n1;34;2150,50;Lyon\n4;52;2500,25;"Saint-Étienne; centre"\n';
    expect(sniffDelimiter(b02)).toBe(';');
  });

  it('ignores separators inside quotes, including quoted line breaks', () => {
    expect(sniffDelimiter('a,b\n"x;y;z",1\n"p;\nq",2\n')).toBe(',');
  });

  it('prefers the separator with more fields when two are consistent', () => {
    expect(sniffDelimiter('a;b;c,d\n1;2;3,4\n')).toBe(';');
  });

  it('returns , when no candidate is consistent', () => {
    expect(sniffDelimiter('id;town\n1;Lyon\n2;Saint-Étienne; centre\n')).toBe(',');
    expect(sniffDelimiter('just one column\nvalue\n')).toBe(',');
    expect(sniffDelimiter('')).toBe(',');
  });

  it('skips blank lines and an unfinished last line', () => {
    expect(sniffDelimiter('a;b\r\n\r\n1;2\r\n3;4;5;6;7')).toBe(';');
    expect(sniffDelimiter('a;b')).toBe(';');
  });
});

describe('sniffLineEnding', () => {
  it('reads the first line break outside quotes', () => {
    expect(sniffLineEnding('a,b\r\n1,2\r\n')).toBe('\r\n');
    expect(sniffLineEnding('a,b\n1,2\r\n')).toBe('\n');
    expect(sniffLineEnding('"a\r\nb",c\n1,2\n')).toBe('\n');
    expect(sniffLineEnding('a,b')).toBe('\n');
  });
});

describe('checkDelimiter', () => {
  it('refuses separators that cannot be read back', () => {
    for (const bad of ['', '"', '\n', ';\r', 3]) {
      expect(() => {
        checkDelimiter(bad);
      }).toThrow(DatanonymeError);
    }
    expect(() => {
      checkDelimiter('"');
    }).toThrow(expect.objectContaining({ code: 'BAD_PARAMETER' }) as Error);
    expect(() => {
      checkDelimiter('::');
    }).not.toThrow();
  });
});
