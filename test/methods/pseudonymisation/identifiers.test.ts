/**
 * pseudonymiseIdentifiers: drop by default; hash = hex HMAC-SHA-256 of the UTF-8 text (checked
 * against node:crypto, test only); fake = consistent, injective, never an original value, seeded;
 * missing cells untouched; the kind of fake from the name or the values; case B26 (`record_code`).
 */
import { createHmac } from 'node:crypto';
import { table, type ColumnTable } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fakeKindOf,
  fakeMapper,
  localeOfDialect,
  parseFakeLocale,
} from '../../../methods/pseudonymisation/fake-values.js';
import {
  identifierKinds,
  pseudonymiseIdentifiers,
} from '../../../methods/pseudonymisation/identifiers.js';
import { DatanonymeError } from '../../../src/errors.js';
import { seededRandom } from '../../../src/random/source.js';

/** Case B26's small file (shared/cases.md). */
const b26Codes = Array.from({ length: 12 }, (_, i) => `R-${String(i + 1).padStart(4, '0')}`);
const b26 = (): ColumnTable =>
  table({
    record_code: b26Codes,
    city: [
      'Lyon',
      'Lyon',
      'Lille',
      'Nantes',
      'Rennes',
      'Dijon',
      'Lille',
      'Nantes',
      'Brest',
      'Metz',
      'Lyon',
      'Dijon',
    ],
    sex: ['F', 'M', 'F', 'M', 'F', 'M', 'F', 'M', 'F', 'M', 'F', 'M'],
  });

const col = (t: ColumnTable, name: string): unknown[] =>
  Array.from(t.array(name) as ArrayLike<unknown>);

function thrown(f: () => unknown): DatanonymeError {
  try {
    f();
  } catch (e) {
    if (e instanceof DatanonymeError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

/** Same original → same fake, distinct originals → distinct fakes, no fake equals an original. */
function expectPseudonyms(
  originals: unknown[],
  out: unknown[],
  isMissing: (v: unknown) => boolean,
): void {
  const mapping = new Map<unknown, unknown>();
  const inverse = new Map<unknown, unknown>();
  const originalSet = new Set(originals.filter((v) => !isMissing(v)));
  originals.forEach((o, i) => {
    if (isMissing(o)) {
      expect(out[i]).toBe(o);
      return;
    }
    const f = out[i];
    expect(originalSet.has(f)).toBe(false);
    if (mapping.has(o)) expect(mapping.get(o)).toBe(f);
    else mapping.set(o, f);
    if (inverse.has(f)) expect(inverse.get(f)).toBe(o);
    else inverse.set(f, o);
  });
}

describe('drop (the default)', () => {
  it('removes the identifier columns and leaves the others, in order, untouched', () => {
    const out = pseudonymiseIdentifiers(b26(), ['record_code']);
    expect(out.columnNames()).toEqual(['city', 'sex']);
    expect(col(out, 'city')).toEqual(col(b26(), 'city'));
    expect(col(out, 'sex')).toEqual(col(b26(), 'sex'));
  });
});

describe('hash', () => {
  it('gives the hex HMAC-SHA-256 of each value under the key, in place; missing cells stay', () => {
    const t = table({ a: [1, 2], name: ['Zoé Martin', null], email: ['z@x.fr', 'NA'] });
    const key = 'clé secrète';
    const out = pseudonymiseIdentifiers(t, ['name', 'email'], {
      mode: 'hash',
      key,
      missing: ['NA'],
    });
    expect(out.columnNames()).toEqual(['a', 'name', 'email']);
    expect(col(out, 'a')).toEqual([1, 2]);
    const hmac = (v: string): string => createHmac('sha256', key).update(v, 'utf8').digest('hex');
    expect(col(out, 'name')).toEqual([hmac('Zoé Martin'), null]);
    expect(col(out, 'email')).toEqual([hmac('z@x.fr'), 'NA']);
  });

  it('B26: no output record_code equals an input one; equal codes share a pseudonym', () => {
    const t = table({ record_code: [...b26Codes, 'R-0003'] });
    const out = col(
      pseudonymiseIdentifiers(t, ['record_code'], { mode: 'hash', key: 'k' }),
      'record_code',
    );
    expect(out.some((v) => b26Codes.includes(v as string))).toBe(false);
    expect(out[12]).toBe(out[2]);
    expect(new Set(out).size).toBe(12);
    for (const v of out) expect(v).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses to run without a key (BAD_PARAMETER on key), and a key changes every pseudonym', () => {
    for (const key of [undefined, '']) {
      const e = thrown(() =>
        pseudonymiseIdentifiers(b26(), ['record_code'], {
          mode: 'hash',
          ...(key === undefined ? {} : { key }),
        }),
      );
      expect(e.code).toBe('BAD_PARAMETER');
      expect(e.field).toBe('key');
    }
    const a = col(
      pseudonymiseIdentifiers(b26(), ['record_code'], { mode: 'hash', key: 'k1' }),
      'record_code',
    );
    const b = col(
      pseudonymiseIdentifiers(b26(), ['record_code'], { mode: 'hash', key: 'k2' }),
      'record_code',
    );
    a.forEach((v, i) => {
      expect(v).not.toBe(b[i]);
    });
  });
});

describe('fake', () => {
  it('B26: record_code becomes R- and four random digits, none an input code, reproducible from the seed', () => {
    const t = table({
      record_code: [...b26Codes, 'R-0005', ''],
      city: col(b26(), 'city').concat(['Lyon', 'Metz']),
    });
    const out = pseudonymiseIdentifiers(t, ['record_code'], { mode: 'fake', seed: 3 });
    const codes = col(out, 'record_code');
    expectPseudonyms(col(t, 'record_code'), codes, (v) => v === '');
    for (const v of codes.slice(0, 13)) expect(v).toMatch(/^R-[0-9]{4}$/);
    expect(codes[13]).toBe('');
    expect(col(out, 'city')).toEqual(col(t, 'city'));
    expect(
      col(pseudonymiseIdentifiers(t, ['record_code'], { mode: 'fake', seed: 3 }), 'record_code'),
    ).toEqual(codes);
    const other = col(
      pseudonymiseIdentifiers(t, ['record_code'], { mode: 'fake', seed: 4 }),
      'record_code',
    );
    expect(other).not.toEqual(codes);
    // Unseeded (fakes from Web Crypto randomness): the same properties.
    const secure = col(
      pseudonymiseIdentifiers(t, ['record_code'], { mode: 'fake' }),
      'record_code',
    );
    expectPseudonyms(col(t, 'record_code'), secure, (v) => v === '');
  });

  it('names, e-mails and phone numbers in French by default, in English on request', () => {
    const t = table({
      prenom: ['Jeanne', 'Paul', 'Jeanne'],
      nom: ['Dupont', 'Durand', 'Dupont'],
      patient_name: ['Jeanne Dupont', 'Paul Durand', 'Jeanne Dupont'],
      courriel: ['jeanne@exemple.fr', 'paul@exemple.fr', 'jeanne@exemple.fr'],
      telephone: ['06 12 34 56 78', '01 98 76 54 32', '06 12 34 56 78'],
    });
    const names = t.columnNames();
    expect(identifierKinds(t, names)).toEqual({
      prenom: 'first-name',
      nom: 'last-name',
      patient_name: 'full-name',
      courriel: 'email',
      telephone: 'phone',
    });
    for (const locale of ['fr', 'en'] as const) {
      const out = pseudonymiseIdentifiers(t, names, { mode: 'fake', seed: 'x', locale });
      for (const n of names) expectPseudonyms(col(t, n), col(out, n), () => false);
      for (const v of col(out, 'courriel')) expect(v).toMatch(/^[^\s@]+@[^\s@]+\.[^\s@]+$/);
      for (const v of col(out, 'patient_name')) expect(v).toMatch(/\S \S/);
      // French national numbers: ten digits in five pairs (0X XX XX XX XX).
      if (locale === 'fr')
        for (const v of col(out, 'telephone')) expect(v).toMatch(/^0\d( \d\d){4}$/);
    }
  });

  it('stays injective when the space of fakes of the shape is exhausted (a counter is appended)', () => {
    // All ten one-digit codes: every one-digit fake is an original, so each gets a suffix.
    const t = table({ id: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '4'] });
    const out = col(pseudonymiseIdentifiers(t, ['id'], { mode: 'fake', seed: 1 }), 'id');
    expectPseudonyms(col(t, 'id'), out, () => false);
    for (const v of out) expect(v).toMatch(/^[0-9]-[0-9]+$/);
  });

  it('property: consistent, injective, no original, missing cells kept, other columns untouched', () => {
    const cell = fc.oneof(
      { weight: 1, arbitrary: fc.constantFrom(null, '', 'NA') },
      { weight: 4, arbitrary: fc.stringMatching(/^[A-Z]{0,2}[-_]?[0-9]{1,3}$/) },
    );
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 40 }), fc.integer(), (ids, seed) => {
        const t = table({ id: ids, x: ids.map((_, i) => i) });
        const out = pseudonymiseIdentifiers(t, ['id'], { mode: 'fake', seed, missing: ['NA'] });
        expect(col(out, 'x')).toEqual(ids.map((_, i) => i));
        expectPseudonyms(ids, col(out, 'id'), (v) => v === null || v === '' || v === 'NA');
        const hashed = pseudonymiseIdentifiers(t, ['id'], {
          mode: 'hash',
          key: 'k',
          missing: ['NA'],
        });
        expectPseudonyms(ids, col(hashed, 'id'), (v) => v === null || v === '' || v === 'NA');
      }),
      { numRuns: 150, seed: 42 },
    );
  });
});

describe('errors', () => {
  it('names an unknown column (NOT_FOUND) and refuses an unknown mode or locale (BAD_PARAMETER)', () => {
    expect(thrown(() => pseudonymiseIdentifiers(b26(), ['id'])).column).toBe('id');
    expect(thrown(() => pseudonymiseIdentifiers(b26(), ['id'])).code).toBe('NOT_FOUND');
    const mode = thrown(() =>
      pseudonymiseIdentifiers(b26(), ['record_code'], { mode: 'mask' as unknown as 'drop' }),
    );
    expect([mode.code, mode.field]).toEqual(['BAD_PARAMETER', 'mode']);
    const locale = thrown(() =>
      pseudonymiseIdentifiers(b26(), ['record_code'], {
        mode: 'fake',
        locale: 'de' as unknown as 'fr',
      }),
    );
    expect([locale.code, locale.field]).toEqual(['BAD_PARAMETER', 'locale']);
  });
});

describe('fakeKindOf', () => {
  it('reads the column name first, then the values', () => {
    expect(fakeKindOf('firstName', [])).toBe('first-name');
    expect(fakeKindOf('Prénom', [])).toBe('first-name');
    expect(fakeKindOf('last_name', [])).toBe('last-name');
    expect(fakeKindOf('full_name', [])).toBe('full-name');
    expect(fakeKindOf('E-mail', [])).toBe('email');
    expect(fakeKindOf('tel_portable', [])).toBe('phone');
    expect(fakeKindOf('contact', ['a@b.fr', 'c@d.com'])).toBe('email');
    // 9 e-mails out of 10 is the 90 % threshold; 8 of 10 is not.
    const nine = [...Array.from({ length: 9 }, (_, i) => `u${String(i)}@x.fr`), 'none'];
    expect(fakeKindOf('contact', nine)).toBe('email');
    expect(fakeKindOf('contact', [...nine.slice(1), 'none'])).toBe('code');
    expect(fakeKindOf('record_code', b26Codes)).toBe('code');
  });
});

describe('fakeMapper', () => {
  it('mappers used in turn stay consistent and injective, and reproducible for the same call order', () => {
    const names = ['Émile', 'Zoë', 'Anaïs', 'Émile', 'Zoë', 'Léa'];
    const codes = ['É-12', 'À-34', 'É-56', 'É-12', 'À-34', 'Ü-99'];
    const run = (): [string[], string[]] => {
      const rng = seededRandom(9);
      const a = fakeMapper('first-name', names, rng, 'fr');
      const b = fakeMapper('code', codes, rng, 'fr');
      const outA: string[] = [];
      const outB: string[] = [];
      names.forEach((n, i) => {
        outA.push(a(n));
        outB.push(b(codes[i] as string));
      });
      return [outA, outB];
    };
    const [outA, outB] = run();
    expectPseudonyms(names, outA, () => false);
    expectPseudonyms(codes, outB, () => false);
    // Non-ASCII letters never survive: each becomes a random ASCII capital.
    for (const v of outB) expect(v).toMatch(/^[A-Z]-[0-9]{2}$/);
    expect(run()).toEqual([outA, outB]);
  });
});

describe('the locale of fakes', () => {
  it('is French for a ;-separated or decimal-comma file, English otherwise', () => {
    expect(localeOfDialect({ delimiter: ';', decimal: '.' })).toBe('fr');
    expect(localeOfDialect({ delimiter: ',', decimal: ',' })).toBe('fr');
    expect(localeOfDialect({ delimiter: '\t', decimal: ',' })).toBe('fr');
    expect(localeOfDialect({ delimiter: ',', decimal: '.' })).toBe('en');
    expect(localeOfDialect({ delimiter: '|', decimal: '.' })).toBe('en');
  });
  it('is checked', () => {
    expect(parseFakeLocale(' FR ', 'locale')).toBe('fr');
    expect(parseFakeLocale('en', 'locale')).toBe('en');
    expect(() => parseFakeLocale('de', 'locale')).toThrow(/fr, en/);
  });
});
