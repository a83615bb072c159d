import { describe, expect, it } from 'vitest';
import { DatanonymeError } from '../../src/errors.js';
import { validateConfig } from '../../src/schema/config.js';

function configError(value: unknown): DatanonymeError {
  try {
    validateConfig(value, 'c.json');
  } catch (e) {
    if (e instanceof DatanonymeError) return e;
    throw e;
  }
  throw new Error('expected a DatanonymeError');
}

describe('validateConfig', () => {
  it('accepts a complete config and keeps every field', () => {
    const config = validateConfig(
      {
        input: { delimiter: ';', decimal: ',', missing: ['', 'NA'] },
        output: {
          bom: true,
          guardFormulas: true,
          dropSuppressed: false,
          delimiter: ',',
          decimal: '.',
        },
        hierarchies: 'h',
        attributes: {
          age: {
            role: 'quasi-identifier',
            type: 'integer',
            hierarchy: { type: 'intervals', width: 5, fanout: [2, 2] },
          },
          zip: { role: 'quasi-identifier', hierarchy: { type: 'masking', maskChar: '#' } },
          day: {
            role: 'quasi-identifier',
            hierarchy: { type: 'dates', levels: ['month', 'year'] },
          },
          country: {
            role: 'quasi-identifier',
            hierarchy: { type: 'tree', tree: { '*': { EU: ['FR'] } } },
          },
          sex: { role: 'quasi-identifier', hierarchy: 'sex.csv' },
          name: { role: 'identifier' },
        },
        privacy: { k: 5, suppressionLimit: 0.02 },
        method: { name: 'optimal-generalisation', metric: 'entropy' },
      },
      'c.json',
    );
    expect(config.privacy).toEqual({ k: 5, suppressionLimit: 0.02 });
    expect(config.attributes?.age?.hierarchy).toEqual({
      type: 'intervals',
      width: 5,
      fanout: [2, 2],
    });
    expect(config.attributes?.sex?.hierarchy).toBe('sex.csv');
    expect(config.input?.decimal).toBe(',');
    expect(config.method?.metric).toBe('entropy');
  });

  it('accepts the command-line name mask for the masking builder', () => {
    const config = validateConfig(
      { attributes: { zip: { hierarchy: { type: 'mask' } } } },
      'c.json',
    );
    expect(config.attributes?.zip?.hierarchy).toEqual({ type: 'masking' });
  });

  it('names the field of a bad role', () => {
    const e = configError({ attributes: { age: { role: 'quasi' } } });
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.field).toBe('attributes.age.role');
    expect(e.message).toContain('c.json: attributes.age.role: must be one of');
  });

  it('rejects a typo instead of ignoring it', () => {
    const e = configError({ privacy: { k: 5, supressionLimit: 0.1 } });
    expect(e.field).toBe('privacy.supressionLimit');
    expect(e.message).toContain('unknown field');
  });

  it('names a bad interval width and fan-out', () => {
    expect(
      configError({ attributes: { age: { hierarchy: { type: 'intervals', width: 0 } } } }).field,
    ).toBe('attributes.age.hierarchy.width');
    expect(
      configError({
        attributes: { age: { hierarchy: { type: 'intervals', width: 5, fanout: [1] } } },
      }).field,
    ).toBe('attributes.age.hierarchy.fanout');
  });

  it('rejects a non-object config and a non-number k', () => {
    expect(configError([]).message).toContain('(top level): must be an object');
    expect(configError({ privacy: { k: '5' } }).field).toBe('privacy.k');
  });
});
