/**
 * Direct identifiers (names, e-mail addresses, record codes) are never published as they are.
 * {@link pseudonymiseIdentifiers} treats the identifier columns of a table in one of three ways:
 *
 * - `drop` (the default): the columns are removed;
 * - `hash`: each present value v becomes the lower-case hex of HMAC-SHA-256(key, UTF-8(v))
 *   (RFC 2104, FIPS 180-4): the same value gives the same pseudonym in every release made with the
 *   same key, so releases can be linked by whoever holds them, but the value cannot be recovered
 *   or confirmed without the key (a plain hash of a name or a phone number is reversed by trying
 *   every candidate; a keyed one is not). The key is a secret: it is never copied into any output;
 * - `fake`: each present value is replaced by a fresh invented one of the same kind (a name, an
 *   e-mail, a phone number, or a code of the same shape; see `fake-values.ts`), consistent within
 *   the release (the same original gives the same fake), injective (distinct originals give
 *   distinct fakes) and never equal to an original value of the column; seeded when a seed is
 *   given. Unlike a hash, a fake carries nothing of the original: two releases are not linkable.
 *
 * Missing cells (null, empty, or a missing-value token) stay as they are in `hash` and `fake`.
 * Pseudonymised columns are still unique per person: they add nothing to re-identification
 * through the quasi-identifiers, but a hashed column links the rows of one person across releases
 * made with the same key (Article 29 Working Party, Opinion 05/2014 on anonymisation techniques,
 * §4: "pseudonymisation is not a method of anonymisation").
 */
import { table as arqueroTable, type ColumnTable } from 'arquero';
import { DatanonymeError, shownValue } from '../../src/errors.js';
import { secureRandom, seededRandom } from '../../src/random/source.js';
import { fakeKindOf, fakeMapper, type FakeKind, type FakeLocale } from './fake-values.js';
import { hmacSha256, toHex } from './hmac-sha256.js';

export type { FakeKind, FakeLocale } from './fake-values.js';

/** How identifier columns are treated. */
export type IdentifierMode = 'drop' | 'hash' | 'fake';

/** Options of {@link pseudonymiseIdentifiers}. */
export interface PseudonymiseOptions {
  /**
   * Drop the columns, replace values by their keyed hash, or by fakes (module comment).
   * @defaultValue 'drop'
   */
  mode?: IdentifierMode;
  /** The HMAC key (`hash` only); required then, and never written anywhere. */
  key?: string;
  /**
   * A seed for reproducible fakes (`fake` only); such fakes are predictable from the seed.
   * @defaultValue none: the fakes start from Web Crypto randomness
   */
  seed?: string | number;
  /**
   * The locale of fake names, e-mails and phone numbers.
   * @defaultValue 'fr'
   */
  locale?: FakeLocale;
  /**
   * Cell texts that mean "missing" besides null and '' (kept as they are).
   * @defaultValue []
   */
  missing?: readonly string[];
  /**
   * The kind of fake per column, overriding the detected one.
   * @defaultValue detected from the column's name, else its values (`fakeKindOf`)
   */
  kinds?: Readonly<Record<string, FakeKind>>;
}

const MODES: readonly IdentifierMode[] = ['drop', 'hash', 'fake'];
const LOCALES: readonly FakeLocale[] = ['fr', 'en'];
const KINDS: readonly FakeKind[] = [
  'full-name',
  'first-name',
  'last-name',
  'email',
  'phone',
  'code',
];

/** The present values of a column as text, and a per-row flag of missing cells. */
function presentValues(
  cells: ArrayLike<unknown>,
  missing: ReadonlySet<string>,
): { texts: (string | undefined)[]; distinct: string[] } {
  const texts: (string | undefined)[] = new Array<string | undefined>(cells.length);
  const seen = new Set<string>();
  for (let i = 0; i < cells.length; i++) {
    const v = cells[i];
    if (v === null || v === undefined) continue;
    const text =
      typeof v === 'string'
        ? v
        : v instanceof Date
          ? v.toISOString()
          : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
            ? String(v)
            : JSON.stringify(v);
    if (text === '' || missing.has(text)) continue;
    texts[i] = text;
    seen.add(text);
  }
  return { texts, distinct: [...seen] };
}

function checkColumns(table: ColumnTable, columns: readonly string[]): void {
  const names = new Set(table.columnNames());
  for (const name of columns) {
    if (!names.has(name)) {
      throw new DatanonymeError('NOT_FOUND', `identifier column "${name}" is not in the table`, {
        column: name,
      });
    }
  }
}

/**
 * The kind of fake each identifier column gets under `mode: 'fake'`: `options.kinds`, else
 * detected by `fakeKindOf` from the name, else the values.
 *
 * @throws DatanonymeError `NOT_FOUND` naming a column not in the table; `BAD_PARAMETER` for an
 * unknown kind.
 * @example
 * identifierKinds(aq.table({ email: ['a@b.fr'] }), ['email']) // => { email: 'email' }
 */
export function identifierKinds(
  table: ColumnTable,
  columns: readonly string[],
  options: Pick<PseudonymiseOptions, 'missing' | 'kinds'> = {},
): Record<string, FakeKind> {
  checkColumns(table, columns);
  const missing = new Set(options.missing ?? []);
  const kinds: Record<string, FakeKind> = {};
  for (const name of columns) {
    const given = options.kinds?.[name];
    if (given !== undefined && !KINDS.includes(given)) {
      throw new DatanonymeError(
        'BAD_PARAMETER',
        `unknown kind of fake ${shownValue(given)} for column "${name}": one of ${KINDS.join(', ')}`,
        { field: 'kinds', column: name, value: given },
      );
    }
    kinds[name] =
      given ??
      fakeKindOf(name, presentValues(table.array(name) as ArrayLike<unknown>, missing).distinct);
  }
  return kinds;
}

/**
 * Drops, hashes (HMAC-SHA-256) or fakes the identifier columns of a table (module comment); the
 * other columns and the row order are unchanged, and the treated columns keep their place.
 *
 * @param table - the data.
 * @param columns - the identifier columns.
 * @param options - the mode, and its key, seed and locale.
 * @returns a new table.
 * @throws DatanonymeError `NOT_FOUND` naming a column not in the table; `BAD_PARAMETER` for an
 * unknown mode or locale, or `hash` without a key (the message never shows a key).
 * @example
 * pseudonymiseIdentifiers(aq.table({ id: ['R-01'], x: [1] }), ['id']).columnNames() // => ['x']
 */
export function pseudonymiseIdentifiers(
  table: ColumnTable,
  columns: readonly string[],
  options: PseudonymiseOptions = {},
): ColumnTable {
  const mode = options.mode ?? 'drop';
  if (!MODES.includes(mode)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `unknown identifier treatment ${shownValue(mode)}: drop, hash or fake`,
      { field: 'mode', value: mode },
    );
  }
  const locale = options.locale ?? 'fr';
  if (!LOCALES.includes(locale)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      `unknown locale ${shownValue(locale)} for fake identifiers: fr or en`,
      { field: 'locale', value: locale },
    );
  }
  if (mode === 'hash' && (typeof options.key !== 'string' || options.key.length === 0)) {
    throw new DatanonymeError(
      'BAD_PARAMETER',
      'hashing identifiers needs a secret key (HMAC-SHA-256): none was given',
      { field: 'key' },
    );
  }
  checkColumns(table, columns);
  const treated = new Set(columns);
  const missing = new Set(options.missing ?? []);
  const kinds = mode === 'fake' ? identifierKinds(table, columns, options) : {};
  const hmac = mode === 'hash' ? hmacSha256(options.key as string) : undefined;
  const rng =
    mode === 'fake'
      ? options.seed === undefined
        ? secureRandom()
        : seededRandom(options.seed)
      : undefined;

  const names: string[] = [];
  const data: Record<string, ArrayLike<unknown>> = {};
  for (const name of table.columnNames()) {
    const cells = table.array(name) as ArrayLike<unknown>;
    if (!treated.has(name)) {
      names.push(name);
      data[name] = cells;
      continue;
    }
    if (mode === 'drop') continue;
    const { texts, distinct } = presentValues(cells, missing);
    let map: (value: string) => string;
    if (hmac !== undefined) {
      const memo = new Map<string, string>();
      map = (value) => {
        let tag = memo.get(value);
        if (tag === undefined) {
          tag = toHex(hmac(value));
          memo.set(value, tag);
        }
        return tag;
      };
    } else {
      map = fakeMapper(kinds[name] ?? 'code', distinct, rng ?? secureRandom(), locale);
    }
    const out = new Array<unknown>(cells.length);
    for (let i = 0; i < cells.length; i++) {
      const text = texts[i];
      out[i] = text === undefined ? cells[i] : map(text);
    }
    names.push(name);
    data[name] = out;
  }
  return arqueroTable(data, names);
}
