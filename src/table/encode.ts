/**
 * Dictionary encoding: the columnar view the hot kernels run on. A column becomes a dictionary of
 * its distinct values (in order of first appearance) and one Int32 code per row.
 */

/** A dictionary-encoded column. `dictionary[codes[i]]` is row i's value. */
export interface EncodedColumn {
  dictionary: unknown[];
  codes: Int32Array;
}

/**
 * Encodes a column of values into a dictionary (first-appearance order) and Int32 codes.
 * Values are compared with SameValueZero (Map keys): `1` and `'1'` are different values.
 *
 * @example
 * encodeColumn(['a', 'b', 'a']) // => { dictionary: ['a', 'b'], codes: Int32Array [0, 1, 0] }
 */
export function encodeColumn(values: ArrayLike<unknown>): EncodedColumn {
  const n = values.length;
  const codes = new Int32Array(n);
  const index = new Map<unknown, number>();
  const dictionary: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const v = values[i];
    let c = index.get(v);
    if (c === undefined) {
      c = dictionary.length;
      index.set(v, c);
      dictionary.push(v);
    }
    codes[i] = c;
  }
  return { dictionary, codes };
}
