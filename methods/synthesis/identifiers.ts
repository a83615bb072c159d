/**
 * Fresh identifiers for synthetic rows. A synthetic row is nobody, so its identifier cannot come
 * from the data: each row gets an invented value of the column's kind (names, e-mail addresses,
 * phone numbers, or codes of the input's shape, `R-0001` → `R-4821`; `fakeKindOf`), all distinct,
 * none equal to an input value, in the locale asked for (French by default).
 *
 * Without differential privacy the input's values give the kind and the shape of codes, and the
 * fakes avoid them. Under DP the column is not read at all: the kind comes from its name only,
 * codes take the generic shape `ID-000000`, and a fake may equal an input value by chance.
 *
 * Reference: the rule (direct identifiers are never copied); faker.js for names.
 */
import { fakeKindOf, fakeMapper, type FakeLocale } from '../pseudonymisation/fake-values.js';
import { shuffle } from '../../src/random/sample.js';
import type { RandomSource } from '../../src/random/source.js';

/**
 * `n` distinct invented values for the identifier column `name`.
 *
 * @param originals - the column's non-missing input values, or null under DP (not read).
 * @example
 * freshIdentifiers('record_code', ['R-0001', 'R-0002'], 3, seededRandom(1), 'fr') // => e.g. ['R-5837', 'R-1290', 'R-66140']
 */
export function freshIdentifiers(
  name: string,
  originals: readonly string[] | null,
  n: number,
  rng: RandomSource,
  locale: FakeLocale = 'fr',
): string[] {
  const distinct = [...new Set(originals ?? [])];
  const kind = fakeKindOf(name, distinct);
  // Templates give codes their shape: the input's values in a random order, or a generic one.
  const templates = distinct.length > 0 ? distinct : ['ID-000000'];
  shuffle(rng, templates);
  // Distinct keys give distinct fakes (the mapper is injective); past the templates, a digit
  // suffix keeps the keys distinct. The keys join the values the mapper learns shapes from (and
  // avoids), so that a suffixed key keeps its template's constant letters.
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const template = templates[i % templates.length] as string;
    const round = Math.floor(i / templates.length);
    keys.push(round === 0 ? template : `${template}${String(round)}`);
  }
  const fake = fakeMapper(kind, [...new Set([...distinct, ...keys])], rng, locale);
  const out = keys.map((key) => fake(key));
  return out;
}
