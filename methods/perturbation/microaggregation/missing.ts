/**
 * Rows with missing quasi-identifier values in microaggregation. A missing cell stays missing, so
 * a group can only hold rows that miss the same columns: rows are first split by their pattern of
 * missing columns, and MDAV runs inside each pattern on the columns it has.
 *
 * A pattern with fewer than k rows cannot form a group on its own. Such patterns are merged, the
 * smallest first (ties: the one whose first row comes first), into the pattern that costs the
 * fewest newly blanked cells (ties: the larger pattern, then the one whose first row comes first):
 * the merged pattern misses the union of both sets of columns, and the cells of those columns that
 * were present are blanked (set missing; counted as suppressed cells). This repeats until every
 * pattern has at least k rows or one pattern is left (which then holds every row, and n ≥ k).
 */

/** Rows sharing one set of missing columns. */
export interface MissingPattern {
  /** 1 for each column missing in every row of the pattern. */
  readonly missing: Uint8Array;
  /** The rows, in ascending order. */
  readonly rows: number[];
}

/** The patterns after merging, and the cells blanked by merges (column, row). */
export interface MissingPatterns {
  readonly patterns: MissingPattern[];
  readonly blanked: { column: number; row: number }[];
}

/**
 * Splits rows by missing pattern and merges the patterns smaller than k (module comment).
 * `values[j][r]` is NaN when column j is missing in row r.
 *
 * @example
 * missingPatterns([Float64Array.of(1, NaN, 3)], 3, 1).patterns.length // => 2
 */
export function missingPatterns(
  values: readonly Float64Array[],
  n: number,
  k: number,
): MissingPatterns {
  const m = values.length;
  const byKey = new Map<string, MissingPattern>();
  const patterns: MissingPattern[] = [];
  const bits = new Uint8Array(m);
  const anyMissing = values.some((column) => column.some((x) => Number.isNaN(x)));
  if (!anyMissing) {
    return {
      patterns: [{ missing: new Uint8Array(m), rows: Array.from({ length: n }, (_, r) => r) }],
      blanked: [],
    };
  }
  for (let r = 0; r < n; r++) {
    let key = '';
    for (let j = 0; j < m; j++) {
      const miss = Number.isNaN(values[j]?.[r]) ? 1 : 0;
      bits[j] = miss;
      key += miss === 1 ? '1' : '0';
    }
    let pattern = byKey.get(key);
    if (pattern === undefined) {
      pattern = { missing: bits.slice(), rows: [] };
      byKey.set(key, pattern);
      patterns.push(pattern);
    }
    pattern.rows.push(r);
  }
  const blanked: { column: number; row: number }[] = [];
  for (;;) {
    if (patterns.length <= 1) break;
    let small = -1;
    for (let p = 0; p < patterns.length; p++) {
      const size = (patterns[p] as MissingPattern).rows.length;
      if (size < k && (small < 0 || size < (patterns[small] as MissingPattern).rows.length)) {
        small = p;
      }
    }
    if (small < 0) break;
    const a = patterns[small] as MissingPattern;
    let partner = -1;
    let bestCost = Infinity;
    for (let p = 0; p < patterns.length; p++) {
      if (p === small) continue;
      const b = patterns[p] as MissingPattern;
      let cost = 0;
      for (let j = 0; j < m; j++) {
        if (b.missing[j] === 1 && a.missing[j] === 0) cost += a.rows.length;
        if (a.missing[j] === 1 && b.missing[j] === 0) cost += b.rows.length;
      }
      const better =
        cost < bestCost ||
        (cost === bestCost && b.rows.length > (patterns[partner] as MissingPattern).rows.length);
      if (better) {
        bestCost = cost;
        partner = p;
      }
    }
    const b = patterns[partner] as MissingPattern;
    const missing = new Uint8Array(m);
    for (let j = 0; j < m; j++) {
      missing[j] = a.missing[j] === 1 || b.missing[j] === 1 ? 1 : 0;
      for (const pattern of [a, b]) {
        if (missing[j] === 1 && pattern.missing[j] === 0) {
          for (const row of pattern.rows) blanked.push({ column: j, row });
        }
      }
    }
    const rows = [...a.rows, ...b.rows].sort((x, y) => x - y);
    const merged: MissingPattern = { missing, rows };
    // Keep patterns ordered by first row, so that ties stay deterministic.
    const rest = patterns.filter((_, p) => p !== small && p !== partner);
    rest.push(merged);
    rest.sort((x, y) => (x.rows[0] as number) - (y.rows[0] as number));
    patterns.length = 0;
    patterns.push(...rest);
  }
  return { patterns, blanked };
}
