/**
 * Suppression patterns: the sets of quasi-identifiers whose cells a record may have suppressed, in
 * the order local suppression tries them (cheapest first).
 */

/** Patterns are enumerated up to this many (the full pattern is always added). */
export const MAX_PATTERNS = 4096;

/**
 * The non-empty subsets of m columns, cheapest first: fewer columns first; among patterns of equal
 * size, the one whose most important suppressed column is less important first, then by the next
 * most important, and so on (lexicographic on the importance positions, compared from the most
 * important). `position[j]` is column j's place in the importance order (0 = most important,
 * suppressed last). Sizes are enumerated while the count stays within `limit`; the pattern of all
 * columns is always last.
 *
 * @example
 * suppressionPatterns([0, 1]).map((p) => [...p]) // => [[0, 1], [1, 0], [1, 1]]
 */
export function suppressionPatterns(
  position: readonly number[],
  limit: number = MAX_PATTERNS,
): Uint8Array[] {
  const m = position.length;
  const columnAt = new Array<number>(m);
  position.forEach((p, j) => (columnAt[p] = j));
  const patterns: Uint8Array[] = [];
  for (let size = 1; size < m; size++) {
    const ofSize: number[][] = [];
    combinations(m, size, (positions) => ofSize.push(positions.slice()));
    if (patterns.length + ofSize.length + 1 > limit) break;
    // positions ascending (most important first); cheaper = larger position at the first difference.
    ofSize.sort((a, b) => {
      for (let i = 0; i < size; i++) {
        const d = (b[i] as number) - (a[i] as number);
        if (d !== 0) return d;
      }
      return 0;
    });
    for (const positions of ofSize) {
      const pattern = new Uint8Array(m);
      for (const p of positions) pattern[columnAt[p] as number] = 1;
      patterns.push(pattern);
    }
  }
  patterns.push(new Uint8Array(m).fill(1));
  return patterns;
}

/** Calls `visit` with each size-`size` subset of 0 … m − 1, as an ascending array. */
function combinations(m: number, size: number, visit: (positions: number[]) => void): void {
  const chosen = Array.from({ length: size }, (_, i) => i);
  for (;;) {
    visit(chosen);
    let i = size - 1;
    while (i >= 0 && chosen[i] === m - size + i) i--;
    if (i < 0) return;
    chosen[i] = (chosen[i] as number) + 1;
    for (let t = i + 1; t < size; t++) chosen[t] = (chosen[t - 1] as number) + 1;
  }
}
