import { describe, expect, it } from 'vitest';
import {
  parseFraction,
  parseHierarchyFlags,
  parseK,
  parseList,
  resolveRoles,
} from '../../src/cli/settings.js';
import { errorOf } from '../helpers/errors.js';

describe('parseK (B07: impossible k refused before the data is read)', () => {
  it('accepts positive integers from flags and config', () => {
    expect(parseK('5')).toBe(5);
    expect(parseK(12)).toBe(12);
    expect(parseK(' 3 ')).toBe(3);
  });

  it.each(['0', '-1', '2.5', 'abc', '', '1e3', 'Infinity'])('refuses k = "%s" naming k', (k) => {
    const e = errorOf(() => parseK(k));
    expect(e.code).toBe('BAD_PARAMETER');
    expect(e.message).toContain(`k must be an integer ≥ 1, got ${k.trim()}`);
    expect(e.field).toBe('k');
  });

  it('says k is required when absent', () => {
    expect(errorOf(() => parseK(undefined)).message).toContain('k is required');
  });
});

describe('parseFraction', () => {
  it('reads fractions and percentages', () => {
    expect(parseFraction('0.05', 's')).toBe(0.05);
    expect(parseFraction('5%', 's')).toBe(0.05);
    expect(parseFraction(0, 's')).toBe(0);
    expect(parseFraction('1', 's')).toBe(1);
  });

  it.each(['-0.1', '1.5', '150%', 'x', ''])('refuses "%s"', (v) => {
    expect(errorOf(() => parseFraction(v, 'suppression-limit')).message).toContain(
      'suppression-limit must be a fraction',
    );
  });
});

describe('parseList and parseHierarchyFlags', () => {
  it('splits, trims and NFC-normalises column names', () => {
    expect(parseList(' age, re\u0301gion ,,')).toEqual(['age', 'région']);
  });

  it('reads builders and files', () => {
    const flags = parseHierarchyFlags([
      'age=intervals:5,2,2',
      'zip=mask',
      'day=dates',
      'sex=flat',
      'x=h/x.csv',
    ]);
    expect(flags.get('age')).toEqual({ type: 'intervals', width: 5, fanout: [2, 2] });
    expect(flags.get('zip')).toEqual({ type: 'masking' });
    expect(flags.get('day')).toEqual({ type: 'dates' });
    expect(flags.get('sex')).toEqual({ type: 'flat' });
    expect(flags.get('x')).toMatch(/h\/x\.csv$/);
  });

  it('refuses malformed flags', () => {
    expect(errorOf(() => parseHierarchyFlags(['age'])).message).toContain(
      '--hierarchy expects <column>=',
    );
    expect(errorOf(() => parseHierarchyFlags(['age=intervals:0'])).message).toContain(
      'positive width',
    );
    expect(errorOf(() => parseHierarchyFlags(['age=intervals:5,1'])).message).toContain(
      'fan-outs ≥ 2',
    );
  });
});

describe('resolveRoles', () => {
  const columns = ['name', 'age', 'zip', 'diagnosis'];

  it('takes the config roles, lets flags override, and leaves the rest insensitive', () => {
    const roles = resolveRoles(
      columns,
      {
        attributes: {
          age: { role: 'quasi-identifier' },
          zip: { role: 'quasi-identifier' },
          name: { role: 'identifier' },
        },
      },
      { qi: [], sensitive: ['diagnosis'], identifier: [] },
    );
    expect(Object.fromEntries(roles)).toEqual({
      name: 'identifier',
      age: 'quasi-identifier',
      zip: 'quasi-identifier',
      diagnosis: 'sensitive',
    });
  });

  it('treats --qi as the whole set of quasi-identifiers', () => {
    const roles = resolveRoles(
      columns,
      { attributes: { age: { role: 'quasi-identifier' }, zip: { role: 'quasi-identifier' } } },
      { qi: ['age'], sensitive: [], identifier: [] },
    );
    expect(roles.get('age')).toBe('quasi-identifier');
    expect(roles.get('zip')).toBe('insensitive');
  });

  it('refuses a column given two roles', () => {
    const e = errorOf(() =>
      resolveRoles(columns, {}, { qi: ['age'], sensitive: ['age'], identifier: [] }),
    );
    expect(e.message).toContain('column "age" is given two roles');
  });
});
