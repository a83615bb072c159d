import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import { encodeSensitiveColumn } from '../../src/privacy/sensitive.js';
import {
  checkSensitiveModelSpecs,
  compileModels,
  parseLDiversityFlag,
  parseTClosenessFlag,
} from '../../src/privacy/spec.js';
import { errorOf } from '../helpers/errors.js';

describe('checkSensitiveModelSpecs', () => {
  it('accepts well-formed specs and returns them', () => {
    const specs = [
      { model: 'l-diversity', column: 'disease', variant: 'distinct', l: 2 },
      { model: 'l-diversity', column: 'disease', variant: 'entropy', l: 1.5 },
      { model: 'l-diversity', column: 'disease', variant: 'recursive', l: 3, c: 2 },
      { model: 't-closeness', column: 'salary', t: 0.2 },
      { model: 't-closeness', column: 'salary', t: 0, distance: 'ordered' },
    ];
    expect(checkSensitiveModelSpecs(specs)).toEqual(specs);
    expect(checkSensitiveModelSpecs([])).toEqual([]);
  });

  it.each([
    [{}, 'BAD_CONFIG', 'models', 'must be a list'],
    [[null], 'BAD_CONFIG', 'models[0]', 'must be an object'],
    [[{ model: 'k-map', column: 'a' }], 'BAD_CONFIG', 'models[0].model', 'must be "l-diversity"'],
    [
      [{ model: 't-closeness', column: 'a', t: 0.2, l: 2 }],
      'BAD_CONFIG',
      'models[0].l',
      'unknown field',
    ],
    [[{ model: 't-closeness', column: '', t: 0.2 }], 'BAD_CONFIG', 'models[0].column', 'column'],
    [
      [{ model: 'l-diversity', column: 'a', variant: 'probabilistic', l: 2 }],
      'BAD_CONFIG',
      'models[0].variant',
      'must be one of',
    ],
    [
      [
        { model: 't-closeness', column: 'a', t: 0.2 },
        { model: 't-closeness', column: 'b', t: 1.5 },
      ],
      'BAD_PARAMETER',
      'models[1].t',
      'must be a number in [0, 1]',
    ],
    [
      [{ model: 't-closeness', column: 'a', t: 0.2, distance: 'euclid' }],
      'BAD_CONFIG',
      'models[0].distance',
      'must be one of',
    ],
    [
      [{ model: 'l-diversity', column: 'a', variant: 'distinct', l: 2.5 }],
      'BAD_PARAMETER',
      'models[0].l',
      'integer ≥ 1',
    ],
    [
      [{ model: 'l-diversity', column: 'a', variant: 'entropy', l: 0.5 }],
      'BAD_PARAMETER',
      'models[0].l',
      'finite number ≥ 1',
    ],
    [
      [{ model: 'l-diversity', column: 'a', variant: 'recursive', l: 2 }],
      'BAD_CONFIG',
      'models[0].c',
      'required',
    ],
    [
      [{ model: 'l-diversity', column: 'a', variant: 'recursive', l: 2, c: 0 }],
      'BAD_PARAMETER',
      'models[0].c',
      'finite number > 0',
    ],
    [
      [{ model: 'l-diversity', column: 'a', variant: 'distinct', l: 2, c: 3 }],
      'BAD_CONFIG',
      'models[0].c',
      'only for recursive',
    ],
  ])('refuses %j with %s naming %s', (specs, code, field, message) => {
    const e = errorOf(() => checkSensitiveModelSpecs(specs));
    expect(e.code).toBe(code);
    expect(e.field).toBe(field);
    expect(e.message).toContain(message);
    expect(e.message.startsWith(`${field}: `) || e.message.startsWith(field)).toBe(true);
  });

  it('names the config path it is given', () => {
    const e = errorOf(() =>
      checkSensitiveModelSpecs([{ model: 't-closeness', column: 'a', t: -1 }], 'privacy.models'),
    );
    expect(e.field).toBe('privacy.models[0].t');
  });
});

describe('parseLDiversityFlag: <col>:<variant>:<l>[:<c>]', () => {
  it('parses the three variants', () => {
    expect(parseLDiversityFlag('disease:distinct:2')).toEqual({
      model: 'l-diversity',
      column: 'disease',
      variant: 'distinct',
      l: 2,
    });
    expect(parseLDiversityFlag('disease:entropy:1.5')).toEqual({
      model: 'l-diversity',
      column: 'disease',
      variant: 'entropy',
      l: 1.5,
    });
    expect(parseLDiversityFlag('disease:recursive:3:2')).toEqual({
      model: 'l-diversity',
      column: 'disease',
      variant: 'recursive',
      l: 3,
      c: 2,
    });
  });

  it('splits from the right: a column name may contain ":"', () => {
    expect(parseLDiversityFlag('a:b:distinct:2').column).toBe('a:b');
    expect(parseLDiversityFlag('x:recursive:y:recursive:3:0.5')).toMatchObject({
      column: 'x:recursive:y',
      l: 3,
      c: 0.5,
    });
    // A column named like a variant still works, as the variant is found from the right.
    expect(parseLDiversityFlag('entropy:distinct:2').column).toBe('entropy');
  });

  it.each([
    ['disease:2', '--l-diversity'],
    ['disease', '--l-diversity'],
    [':distinct:2', '--l-diversity'],
    ['disease:distinct:two', 'l'],
    ['disease:distinct:2.5', 'l'],
    ['disease:recursive:3', 'c'],
    ['disease:recursive:3:0', 'c'],
    ['disease:entropy:2:3', 'c'],
  ])('refuses %s (field %s)', (text, field) => {
    const e = errorOf(() => parseLDiversityFlag(text));
    expect(e.code).toBe('BAD_PARAMETER');
    expect(e.field).toBe(field);
    expect(e.message).toContain(`--l-diversity ${text}`);
  });
});

describe('parseTClosenessFlag: <col>:<t>[:<distance>]', () => {
  it('parses t and an optional distance', () => {
    expect(parseTClosenessFlag('salary:0.2')).toEqual({
      model: 't-closeness',
      column: 'salary',
      t: 0.2,
    });
    expect(parseTClosenessFlag('salary:0.2:ordered')).toEqual({
      model: 't-closeness',
      column: 'salary',
      t: 0.2,
      distance: 'ordered',
    });
  });

  it('splits from the right: a column name may contain ":"', () => {
    expect(parseTClosenessFlag('a:b:0.3')).toMatchObject({ column: 'a:b', t: 0.3 });
    expect(parseTClosenessFlag('a:b:0.3:equal')).toMatchObject({
      column: 'a:b',
      t: 0.3,
      distance: 'equal',
    });
    expect(parseTClosenessFlag('x:equal:0.2')).toMatchObject({ column: 'x:equal', t: 0.2 });
  });

  it.each([
    ['salary', '--t-closeness'],
    [':0.2', '--t-closeness'],
    ['salary:1.5', 't'],
    ['salary:', 't'],
    ['salary:0.2:euclid', '--t-closeness'],
  ])('refuses %s (field %s)', (text, field) => {
    const e = errorOf(() => parseTClosenessFlag(text));
    expect(e.code).toBe('BAD_PARAMETER');
    expect(e.field).toBe(field);
    expect(e.message).toContain(`--t-closeness ${text}`);
  });

  it('says a misspelt distance is the distance, not t', () => {
    expect(errorOf(() => parseTClosenessFlag('salary:0.2:euclid')).message).toContain(
      'distance must be one of equal, ordered, hierarchical, got "euclid"',
    );
  });
});

describe('compileModels', () => {
  const disease = encodeSensitiveColumn('disease', ['flu', 'cold', 'flu'], {
    hierarchy: new Hierarchy([
      ['flu', '*'],
      ['cold', '*'],
    ]),
  });
  const salary = encodeSensitiveColumn('salary', [3, 4, 5], { type: 'integer' });

  it('builds k and one predicate per spec, on the named columns', () => {
    const models = compileModels(
      5,
      [
        parseLDiversityFlag('disease:distinct:2'),
        parseLDiversityFlag('disease:entropy:1.5'),
        parseLDiversityFlag('disease:recursive:2:3'),
        parseTClosenessFlag('salary:0.2'),
        parseTClosenessFlag('disease:0.3'),
      ],
      [disease, salary],
    );
    expect(models.k).toBe(5);
    expect(models.sensitive.map((p) => p.name)).toEqual([
      'distinct-2-diversity on "disease"',
      'entropy-1.5-diversity on "disease"',
      'recursive-(3,2)-diversity on "disease"',
      '0.2-closeness on "salary"',
      '0.3-closeness on "disease"',
    ]);
    expect(models.sensitive.map((p) => (p as unknown as { distance?: string }).distance)).toEqual([
      undefined,
      undefined,
      undefined,
      'ordered',
      'hierarchical',
    ]);
  });

  it('refuses a spec on a column that is not sensitive, naming it', () => {
    const e = errorOf(() =>
      compileModels(
        2,
        [parseTClosenessFlag('salary:0.2'), parseTClosenessFlag('age:0.2')],
        [salary],
      ),
    );
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.field).toBe('models[1].column');
    expect(e.column).toBe('age');
  });

  it('refuses a bad k and a hierarchical distance without a hierarchy', () => {
    expect(errorOf(() => compileModels(0, [], [])).field).toBe('k');
    const e = errorOf(() =>
      compileModels(2, [parseTClosenessFlag('salary:0.2:hierarchical')], [salary]),
    );
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.column).toBe('salary');
  });
});
