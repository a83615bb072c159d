/** Sorting without allocation, for the class predicates' hot loops. */

/**
 * Sorts `a[0 … n − 1]` ascending in place: insertion sort for short prefixes (no allocation), the
 * built-in sort on a view otherwise.
 *
 * @example
 * sortPrefix(Float64Array.of(3, 1, 2, 0), 3) // => the array becomes [1, 2, 3, 0]
 */
export function sortPrefix(a: Float64Array | Int32Array, n: number): void {
  if (n > 32) {
    a.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = a[i] as number;
    let j = i - 1;
    while (j >= 0 && (a[j] as number) > x) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = x;
  }
}
