/**
 * Fake identifiers: the kind of fake a column gets (from its name, else its values) and a
 * generator of fresh values of that kind, consistent within a release (the same original value
 * gets the same fake) and injective (distinct originals get distinct fakes, and no fake equals an
 * original value of the column).
 *
 * Kinds, from the column name first (lower-cased, accents removed, split into words at
 * non-letters and camelCase):
 * - `email`: a word `email`, `mail`, `courriel` or `mel`;
 * - `phone`: `phone`, `telephone`, `tel`, `mobile`, `portable`, `gsm`, `fax`;
 * - `first-name`: `prenom`, `firstname`, `first` + `name`, `given`, `forename`;
 * - `last-name`: `nom` (alone), `lastname`, `last` + `name`, `surname`, `family`;
 * - `full-name`: `name`, `fullname`, `nomcomplet`, `patient`, `person`, `personne`;
 * then from the values: `email` when at least 90 % of the present values look like e-mail
 * addresses; otherwise `code`: each value keeps its shape, every ASCII digit replaced by a random
 * digit, every ASCII letter kept when all values of the same shape have that letter at that
 * position (a constant prefix such as `R-` in `R-0001`) and replaced by a random letter of the
 * same case otherwise; other letters (accented, other scripts) become random ASCII letters of
 * their case, and other characters are kept (`R-0001` → `R-4821`).
 *
 * Names, e-mails and phone numbers come from `@faker-js/faker` in the requested locale (French:
 * French names, `01 23 45 67 89` national numbers). Faker's own generator (a Mersenne Twister) is
 * seeded with four 32-bit words from datanonyme's {@link RandomSource}, so a seeded run is
 * reproducible and an unseeded one starts from 128 bits of Web Crypto randomness. When a fake
 * collides (with an earlier fake or an original), another is drawn, up to 100 times; after that a
 * counter is appended (` 2`, ` 3`, … for names; `-2`, `-3`, … otherwise), so that the mapping
 * stays injective even when the space of fakes is nearly exhausted.
 */
import { faker as fakerEn } from '@faker-js/faker/locale/en';
import { faker as fakerFr } from '@faker-js/faker/locale/fr';
import { DatanonymeError } from '../../src/errors.js';
import type { RandomSource } from '../../src/random/source.js';

/** What a fake identifier looks like. */
export type FakeKind = 'full-name' | 'first-name' | 'last-name' | 'email' | 'phone' | 'code';

/** The locales fakes are drawn in. */
export type FakeLocale = 'fr' | 'en';

/** Every locale of {@link FakeLocale}, for messages and checks. */
export const FAKE_LOCALES: readonly FakeLocale[] = ['fr', 'en'];

/**
 * The default locale of fake identifiers for a file read in `dialect`: French when the data looks
 * French, that is when its separator is `;` or a column was read with a decimal comma (the
 * conventions of French spreadsheets and of the French open-data portal), English otherwise. A
 * rule of thumb, documented as such: give the locale explicitly when it matters.
 *
 * @param dialect - the separator and decimal mark the file was read with.
 * @example
 * localeOfDialect({ delimiter: ';', decimal: '.' }) // => 'fr'
 */
export function localeOfDialect(dialect: {
  readonly delimiter: string;
  readonly decimal: string;
}): FakeLocale {
  return dialect.delimiter === ';' || dialect.decimal === ',' ? 'fr' : 'en';
}

/**
 * A locale name checked against {@link FAKE_LOCALES}.
 *
 * @throws DatanonymeError `BAD_PARAMETER` naming `field` for a locale without fakes.
 * @example
 * parseFakeLocale('fr', 'locale') // => 'fr'
 */
export function parseFakeLocale(text: string, field: string): FakeLocale {
  const t = text.trim().toLowerCase();
  if (!(FAKE_LOCALES as readonly string[]).includes(t)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `--${field} must be one of ${FAKE_LOCALES.join(', ')} (the locales of fake identifiers), got ${JSON.stringify(text)}`,
      { field, value: text },
    );
  }
  return t as FakeLocale;
}

/** The mapper that drew last from the shared faker instances (see {@link fakeMapper}). */
let owner: object | undefined;

/** Draws of a fresh fake before a counter is appended. */
const MAX_DRAWS = 100;

/** Words of a column name: lower case, no accents, split at non-letters and at camelCase. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0);
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The kind of fake for an identifier column, from its name, else from its values (module comment).
 *
 * @param name - the column name.
 * @param values - the column's present (non-missing) values, as text.
 * @example
 * fakeKindOf('record_code', ['R-0001']) // => 'code'
 */
export function fakeKindOf(name: string, values: readonly string[]): FakeKind {
  const words = nameWords(name);
  const has = (...ws: string[]): boolean => ws.some((w) => words.includes(w));
  if (has('email', 'mail', 'courriel', 'mel', 'emails')) return 'email';
  if (has('phone', 'telephone', 'tel', 'mobile', 'portable', 'gsm', 'fax', 'phonenumber')) {
    return 'phone';
  }
  if (has('prenom', 'firstname', 'given', 'forename') || (has('first') && has('name'))) {
    return 'first-name';
  }
  if (
    has('lastname', 'surname', 'family', 'nomdefamille') ||
    (has('last') && has('name')) ||
    (has('nom') && !has('complet'))
  ) {
    return 'last-name';
  }
  if (has('name', 'fullname', 'nomcomplet', 'complet', 'patient', 'person', 'personne')) {
    return 'full-name';
  }
  if (values.length > 0) {
    let emails = 0;
    for (const v of values) if (EMAIL.test(v)) emails++;
    if (emails >= 0.9 * values.length) return 'email';
  }
  return 'code';
}

/** A value's shape: digits as `9`, letters as `A` / `a`, anything else as itself. */
function shapeOf(value: string): string {
  return value.replace(/[0-9]/g, '9').replace(/[A-Z]/g, 'A').replace(/[a-z]/g, 'a');
}

/**
 * For each shape, the letters common to every value of that shape at each position (`undefined`
 * where they differ or the position is not a letter).
 */
function constantLetters(values: readonly string[]): Map<string, (string | undefined)[]> {
  const byShape = new Map<string, (string | null | undefined)[]>();
  for (const v of values) {
    const shape = shapeOf(v);
    let kept = byShape.get(shape);
    if (kept === undefined) {
      kept = Array.from({ length: v.length }, (_, i) =>
        /[A-Za-z]/.test(shape[i] ?? '') ? (v[i] as string) : null,
      );
      byShape.set(shape, kept);
    } else {
      for (let i = 0; i < kept.length; i++) if (kept[i] !== v[i]) kept[i] = null;
    }
  }
  const result = new Map<string, (string | undefined)[]>();
  for (const [shape, kept] of byShape)
    result.set(
      shape,
      kept.map((k) => k ?? undefined),
    );
  return result;
}

/**
 * A function that maps each original value of one column to its fake, consistently (memoised)
 * and injectively; see the module comment.
 *
 * @param kind - the kind of fake.
 * @param originals - the column's present values (the fakes avoid all of them).
 * @param rng - the random source; four words seed faker.
 * @param locale - the locale of names, e-mails and phone numbers.
 * @example
 * fakeMapper('code', ['R-0001'], seededRandom(1), 'fr')('R-0001') // => e.g. 'R-5837'
 */
export function fakeMapper(
  kind: FakeKind,
  originals: readonly string[],
  rng: RandomSource,
  locale: FakeLocale,
): (original: string) => string {
  const faker = locale === 'fr' ? fakerFr : fakerEn;
  const seed = [rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()];
  // The locale instances are module-level: faker is seeded with this mapper's seed when it first
  // draws, and reseeded (with the seed and the number of fakes drawn so far) whenever another
  // mapper drew in between. The fakes thus depend only on the seed, the order of first
  // appearance and the order of calls, and mappers used in turn do not disturb each other.
  const self = {};
  const taken = new Set(originals);
  const fakes = new Map<string, string>();
  const letters = kind === 'code' ? constantLetters(originals) : new Map<string, never>();
  const digits = '0123456789';
  const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const lower = 'abcdefghijklmnopqrstuvwxyz';
  const pick = (alphabet: string): string =>
    alphabet[faker.number.int(alphabet.length - 1)] as string;

  const draw = (original: string): string => {
    switch (kind) {
      case 'full-name':
        return `${faker.person.firstName()} ${faker.person.lastName()}`;
      case 'first-name':
        return faker.person.firstName();
      case 'last-name':
        return faker.person.lastName();
      case 'email':
        return faker.internet
          .email({ firstName: faker.person.firstName(), lastName: faker.person.lastName() })
          .toLowerCase();
      case 'phone':
        return faker.phone.number({ style: 'national' });
      case 'code': {
        const kept = letters.get(shapeOf(original)) ?? [];
        let out = '';
        for (let i = 0; i < original.length; i++) {
          const ch = original[i] as string;
          if (ch >= '0' && ch <= '9') out += pick(digits);
          else if (ch >= 'A' && ch <= 'Z') out += kept[i] ?? pick(upper);
          else if (ch >= 'a' && ch <= 'z') out += kept[i] ?? pick(lower);
          else if (ch !== ch.toLowerCase()) out += pick(upper);
          else if (ch !== ch.toUpperCase()) out += pick(lower);
          else out += ch;
        }
        return out;
      }
    }
  };

  return (original: string): string => {
    const known = fakes.get(original);
    if (known !== undefined) return known;
    if (owner !== self) {
      faker.seed([...seed, fakes.size]);
      owner = self;
    }
    let fake = draw(original);
    for (let i = 1; i < MAX_DRAWS && taken.has(fake); i++) fake = draw(original);
    if (taken.has(fake)) {
      const base = fake;
      const sep = kind === 'full-name' || kind === 'first-name' || kind === 'last-name' ? ' ' : '-';
      for (let n = 2; taken.has(fake); n++) fake = `${base}${sep}${String(n)}`;
    }
    taken.add(fake);
    fakes.set(original, fake);
    return fake;
  };
}
