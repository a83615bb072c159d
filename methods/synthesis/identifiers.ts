/**
 * Fresh identifiers for synthetic rows. A synthetic row is nobody, so its identifier cannot come
 * from the data: each row gets an invented value of the column's kind (names, e-mail addresses,
 * phone numbers, or codes of the input's shape, `R-0001` → `R-4821`; `fakeKindOf`), all distinct,
 * none equal to an input value, in the locale asked for (French by default).
 *
 * Without differential privacy the input's values give the kind and the shape of codes, and the
 * fakes avoid them; an integer identifier (every value digits without a leading zero: `1`…`6`,
 * `10482`) gets distinct integers of the input's largest digit width, or of the next width that
 * has enough integers the input does not use (ids 1–6 and 6 rows: 2 digits). Under DP the column
 * is not read at all: the kind comes from its name only, codes take the generic fixed-width shape
 * `ID-` and 6 digits (more when 10 × the rows need them: every fake of a run has the same length),
 * and a fake may equal an input value by chance.
 *
 * Reference: the rule (direct identifiers are never copied); faker.js for names.
 */
import { fakeKindOf, fakeMapper, type FakeLocale } from '../pseudonymisation/fake-values.js';
import { shuffle } from '../../src/random/sample.js';
import { uniformInt, type RandomSource } from '../../src/random/source.js';

/** An integer written as such: digits, no leading zero, at most 15 of them (exact in a double). */
const INTEGER = /^(0|[1-9]\d{0,14})$/;

/** Ranges up to this size are listed and shuffled; larger ones are sampled by rejection. */
const LISTED = 1_000_000;

/** The digits of the generic DP code: at least 6, and enough that fakes fill a tenth of them. */
function genericWidth(n: number): number {
  let width = 6;
  while (10 ** width < 10 * n) width++;
  return width;
}

/** `n` distinct integers in [lo, lo + size) not in `taken`, drawn from `rng`; the caller checks room. */
function distinctIntegers(
  lo: number,
  size: number,
  taken: ReadonlySet<number>,
  n: number,
  rng: RandomSource,
): number[] {
  if (size <= LISTED) {
    const free: number[] = [];
    for (let x = lo; x < lo + size; x++) if (!taken.has(x)) free.push(x);
    // A partial Fisher–Yates shuffle: the first n of a uniform permutation.
    for (let i = 0; i < n; i++) {
      const j = i + uniformInt(rng, free.length - i);
      const t = free[i] as number;
      free[i] = free[j] as number;
      free[j] = t;
    }
    return free.slice(0, n);
  }
  const out: number[] = [];
  const used = new Set<number>();
  while (out.length < n) {
    const x = lo + uniformInt(rng, size);
    if (taken.has(x) || used.has(x)) continue;
    used.add(x);
    out.push(x);
  }
  return out;
}

/**
 * `n` distinct integers, none an input value, of the input's largest digit width or the next
 * width with room for them (at least half the range free when it is sampled by rejection).
 */
function freshIntegers(originals: readonly string[], n: number, rng: RandomSource): string[] {
  const taken = new Set(originals.map(Number));
  // A loop, not Math.max(...): spreading some 150,000 values overflows the call stack.
  let width = originals.reduce((w, v) => Math.max(w, v.length), 0);
  for (;;) {
    const lo = width === 1 ? 1 : 10 ** (width - 1);
    const size = 10 ** width - lo;
    let used = 0;
    for (const x of taken) if (x >= lo && x < lo + size) used++;
    const free = size - used;
    if (free >= n && (size <= LISTED || free >= size / 2)) {
      return distinctIntegers(lo, size, taken, n, rng).map(String);
    }
    width++;
  }
}

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
  if (kind === 'code' && originals === null) {
    const width = genericWidth(n);
    return distinctIntegers(0, 10 ** width, new Set(), n, rng).map(
      (x) => `ID-${String(x).padStart(width, '0')}`,
    );
  }
  if (kind === 'code' && distinct.length > 0 && distinct.every((v) => INTEGER.test(v))) {
    return freshIntegers(distinct, n, rng);
  }
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
