import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../src/hierarchy/hierarchy.js';
import type { SensitiveColumn, SensitiveHistogram } from '../../src/privacy/model.js';
import { encodeSensitiveColumn } from '../../src/privacy/sensitive.js';
import { tCloseness, type TClosenessDistance } from '../../src/privacy/tCloseness.js';
import { errorOf } from '../helpers/errors.js';
import { histogramOf, mergedCounts } from './helpers.js';

/** The histogram of the given values of `column`. */
function classOf(
  column: SensitiveColumn,
  values: readonly (string | number)[],
): SensitiveHistogram {
  const counts = new Array<number>(column.values.length).fill(0);
  for (const v of values) {
    const code = column.values.indexOf(String(v));
    if (code < 0) throw new Error(`no value ${v}`);
    counts[code] = (counts[code] as number) + 1;
  }
  return histogramOf(counts);
}

describe('equal distance (Li, Li, Venkatasubramanian 2007)', () => {
  // Overall: a × 4, b × 3, c × 2, d × 1 (q = 0.4, 0.3, 0.2, 0.1).
  const column = encodeSensitiveColumn('s', Array.from('aaaabbbccd'));

  it('is ½ Σ |p − q| over the whole domain, by hand', () => {
    const p = tCloseness(column, 0.4, 'equal');
    // Class {a, c}: p = (0.5, 0, 0.5, 0).
    // ½ (|0.5 − 0.4| + |0 − 0.3| + |0.5 − 0.2| + |0 − 0.1|) = ½ (0.1 + 0.3 + 0.3 + 0.1) = 0.4.
    expect(p.measure(classOf(column, ['a', 'c']))).toBeCloseTo(0.4, 12);
    expect(p.isValid(classOf(column, ['a', 'c']))).toBe(true); // 0.4 ≤ 0.4
    expect(tCloseness(column, 0.39, 'equal').isValid(classOf(column, ['a', 'c']))).toBe(false);
    // Class {d}: ½ (0.4 + 0.3 + 0.2 + 0.9) = 0.9.
    expect(p.measure(classOf(column, ['d']))).toBeCloseTo(0.9, 12);
    expect(p.name).toBe('0.4-closeness on "s"');
    expect(p.distance).toBe('equal');
  });
});

describe('ordered distance', () => {
  it('is (1/(m−1)) Σ |cumulative p − q| in rank order, by hand', () => {
    // Values appear as 3, 1, 4, 2 (codes 0–3) but are ranked 1 < 2 < 3 < 4; q = ¼ each.
    const column = encodeSensitiveColumn('n', [3, 1, 4, 2], { type: 'integer' });
    const p = tCloseness(column, 0.5);
    expect(p.distance).toBe('ordered');
    // Class {1, 2}: p = (½, ½, 0, 0) in rank order. Cumulative p − q:
    // i = 1: ½ − ¼ = ¼; i = 2: 1 − ½ = ½; i = 3: 1 − ¾ = ¼; i = 4: 1 − 1 = 0. Σ = 1; / (4 − 1) = ⅓.
    expect(p.measure(classOf(column, [1, 2]))).toBeCloseTo(1 / 3, 12);
    // Class {1, 4}: cumulative: ½ − ¼ = ¼, ½ − ½ = 0, ½ − ¾ = −¼, 0. Σ|·| = ½; / 3 = ⅙.
    expect(p.measure(classOf(column, [1, 4]))).toBeCloseTo(1 / 6, 12);
    // Code order would give class {3, 1} (codes 0, 1) a different answer than rank order:
    // {1, 3}: ½ − ¼ = ¼, ½ − ½ = 0, 1 − ¾ = ¼, 0 → ½ / 3 = ⅙.
    expect(p.measure(classOf(column, [3, 1]))).toBeCloseTo(1 / 6, 12);
  });

  it('Li et al. 2007, salary example: {3k, 4k, 5k} → 0.375 and {6k, 8k, 11k} → 0.167', () => {
    // The paper's Table 3: nine salaries 3k … 11k, one each (q = 1/9 each); values shuffled.
    const salaries = [5, 3, 11, 4, 6, 8, 10, 7, 9];
    const column = encodeSensitiveColumn('salary', salaries, { type: 'integer' });
    const p = tCloseness(column, 0.2);
    // {3k, 4k, 5k}: r = p − q = (2/9, 2/9, 2/9, −1/9 × 6); cumulative: 2, 4, 6, 5, 4, 3, 2, 1, 0
    // (ninths); Σ = 27/9 = 3; EMD = 3 / 8 = 0.375.
    expect(p.measure(classOf(column, [3, 4, 5]))).toBeCloseTo(0.375, 12);
    // {6k, 8k, 11k}: r = (−1, −1, −1, 2, −1, 2, −1, −1, 2)/9; cumulative: −1, −2, −3, −1, −2, 0,
    // −1, −2, 0 (ninths); Σ|·| = 12/9; EMD = 12/72 = 1/6 ≈ 0.167.
    expect(p.measure(classOf(column, [6, 8, 11]))).toBeCloseTo(1 / 6, 12);
    expect(p.isValid(classOf(column, [3, 4, 5]))).toBe(false);
    expect(p.isValid(classOf(column, [6, 8, 11]))).toBe(true);
  });

  it('a one-value domain gives 0', () => {
    const column = encodeSensitiveColumn('n', [7, 7, 7], { type: 'integer' });
    expect(tCloseness(column, 0).measure(classOf(column, [7]))).toBe(0);
  });
});

describe('hierarchical distance', () => {
  // The disease hierarchy of Li et al. 2007 (Figure 2), leaves at depth 3, H = 3.
  const rows = [
    ['flu', 'respiratory infection', 'respiratory system', '*'],
    ['pneumonia', 'respiratory infection', 'respiratory system', '*'],
    ['bronchitis', 'respiratory infection', 'respiratory system', '*'],
    ['pulmonary edema', 'vascular lung', 'respiratory system', '*'],
    ['pulmonary embolism', 'vascular lung', 'respiratory system', '*'],
    ['gastric ulcer', 'stomach', 'digestive system', '*'],
    ['gastritis', 'stomach', 'digestive system', '*'],
    ['stomach cancer', 'stomach', 'digestive system', '*'],
    ['colitis', 'colon', 'digestive system', '*'],
    ['colon cancer', 'colon', 'digestive system', '*'],
  ];
  const hierarchy = new Hierarchy(rows, { attribute: 'disease' });
  // The nine diseases of the paper's Table 3 (as we reconstruct it; the paper's own figures for
  // this example could not be checked, so the expected values are computed by hand below).
  const diseases = [
    'gastric ulcer',
    'gastritis',
    'stomach cancer',
    'gastritis',
    'flu',
    'bronchitis',
    'bronchitis',
    'pneumonia',
    'stomach cancer',
  ];
  const column = encodeSensitiveColumn('disease', diseases, { hierarchy });
  // q: gastric ulcer 1/9, gastritis 2/9, stomach cancer 2/9, flu 1/9, bronchitis 2/9, pneumonia 1/9.

  it('Σ cost(N) with cost(N) = height(N)/H · min(pos_extra, −neg_extra), by hand', () => {
    const p = tCloseness(column, 0.3);
    expect(p.distance).toBe('hierarchical');
    // {gastric ulcer, gastritis, stomach cancer}: extras (p − q) 2/9, 1/9, 1/9 on the stomach
    // leaves, −1/9, −2/9, −1/9 on flu, bronchitis, pneumonia.
    // stomach: all extras positive → min(4/9, 0) = 0; respiratory infection: all negative → 0;
    // digestive system: children stomach +4/9, colon 0 → 0; respiratory system: −4/9, 0 → 0;
    // root (height 3): children +4/9, −4/9 → 3/3 · 4/9. EMD = 4/9 = 0.444.
    expect(
      p.measure(classOf(column, ['gastric ulcer', 'gastritis', 'stomach cancer'])),
    ).toBeCloseTo(4 / 9, 12);
    // {gastritis, flu, bronchitis}: extras GU −1/9, Ga +1/9, SC −2/9, flu +2/9, Br +1/9, Pn −1/9.
    // stomach (height 1): pos 1/9, neg −3/9 → 1/3 · 1/9 = 1/27;
    // respiratory infection: pos 3/9, neg −1/9 → 1/3 · 1/9 = 1/27;
    // digestive system (height 2): children stomach −2/9, colon 0 → 0; respiratory system: +2/9 → 0;
    // root: +2/9 and −2/9 → 1 · 2/9 = 6/27. EMD = 8/27 = 0.296.
    expect(p.measure(classOf(column, ['gastritis', 'flu', 'bronchitis']))).toBeCloseTo(8 / 27, 12);
    expect(p.isValid(classOf(column, ['gastritis', 'flu', 'bronchitis']))).toBe(true);
    expect(p.isValid(classOf(column, ['gastric ulcer', 'gastritis', 'stomach cancer']))).toBe(
      false,
    );
  });

  it('a top level of several labels gets a virtual root (H = height)', () => {
    // Two-level rows without a common root: x, y under A; z under B; virtual root above, H = 2.
    const h = new Hierarchy([
      ['x', 'A'],
      ['y', 'A'],
      ['z', 'B'],
    ]);
    const col = encodeSensitiveColumn('v', ['x', 'y', 'z', 'z'], { hierarchy: h });
    // q = (¼, ¼, ½). Class {x}: extras x +¾, y −¼, z −½. A: pos ¾, neg −¼ → ½ · ¼ = ⅛.
    // B: only −½ → 0. Root: A +½, B −½ → 2/2 · ½ = ½. EMD = ⅛ + ½ = 0.625.
    expect(tCloseness(col, 1).measure(classOf(col, ['x']))).toBeCloseTo(0.625, 12);
  });

  it('refuses a value missing from the hierarchy, and a hierarchical distance without one', () => {
    const col = encodeSensitiveColumn('disease', ['flu', 'measles'], { hierarchy });
    const e = errorOf(() => tCloseness(col, 0.2));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.value).toBe('measles');
    expect(e.column).toBe('disease');
    const plain = encodeSensitiveColumn('disease', ['flu']);
    const f = errorOf(() => tCloseness(plain, 0.2, 'hierarchical'));
    expect(f.code).toBe('BAD_CONFIG');
    expect(f.column).toBe('disease');
  });
});

describe('defaults, empty classes and parameters', () => {
  it('defaults: hierarchical with a hierarchy, ordered for numbers and dates, else equal', () => {
    const h = new Hierarchy([
      ['a', '*'],
      ['b', '*'],
    ]);
    expect(tCloseness(encodeSensitiveColumn('s', ['a', 'b'], { hierarchy: h }), 0.2).distance).toBe(
      'hierarchical',
    );
    expect(tCloseness(encodeSensitiveColumn('s', [1, 2], { type: 'decimal' }), 0.2).distance).toBe(
      'ordered',
    );
    expect(
      tCloseness(encodeSensitiveColumn('s', ['2020-01-01'], { type: 'date' }), 0.2).distance,
    ).toBe('ordered');
    expect(tCloseness(encodeSensitiveColumn('s', ['a', 'b']), 0.2).distance).toBe('equal');
  });

  it('a class with no non-missing value fails, even with t = 1, and measures 1', () => {
    const column = encodeSensitiveColumn('s', ['a', 'b', '']);
    for (const d of ['equal', 'ordered'] as const) {
      const p = tCloseness(column, 1, d);
      expect(p.isValid(histogramOf([0, 0], 3))).toBe(false);
      expect(p.measure(histogramOf([0, 0], 3))).toBe(1);
    }
  });

  it('the overall distribution is 0 away from itself, and missing values do not count', () => {
    const column = encodeSensitiveColumn('s', ['a', 'b', 'b', null, 'c']);
    const overall = histogramOf(Array.from(column.overall), column.missing);
    for (const d of ['equal', 'ordered'] as const) {
      expect(tCloseness(column, 0, d).measure(overall)).toBeCloseTo(0, 12);
      expect(tCloseness(column, 0, d).isValid(overall)).toBe(true);
    }
  });

  it.each([-0.1, 1.1, Number.NaN, Infinity, '0.2', null])('refuses t = %s', (t) => {
    const e = errorOf(() => tCloseness(encodeSensitiveColumn('s', ['a']), t as number));
    expect(e.code).toBe('BAD_PARAMETER');
    expect(e.field).toBe('t');
    expect(e.value).toBe(String(t));
    expect(e.message).toMatch(/^t must be a number in \[0, 1\], got /);
  });
});

// ---------------------------------------------------------------------------------------------
// Properties on random columns and classes, against brute-force implementations of the paper's
// formulas over the whole domain.

interface World {
  column: SensitiveColumn;
  /** The hierarchy rows, `[value, level1, …, root]`. */
  hierarchyRows: string[][];
}

/** A random column of m values (each at least once), ranked by a random permutation, with a
 * random hierarchy of height 3 or 4 over them. */
const worlds = fc
  .record({
    overall: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
    perm: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
    groups: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
    deep: fc.boolean(),
  })
  .map(({ overall, perm, groups, deep }): World => {
    const m = overall.length;
    // Values v0 … v(m−1) in appearance order; numeric text so the ranks follow `order`.
    const order = Array.from({ length: m }, (_, i) => i).sort(
      (a, b) => (perm[a] as number) - (perm[b] as number) || a - b,
    );
    const numberOf = new Array<number>(m);
    order.forEach((v, r) => (numberOf[v] = r));
    const cells: number[] = [];
    overall.forEach((count, v) => {
      for (let i = 0; i < count; i++) cells.push(numberOf[v] as number);
    });
    const hierarchyRows = Array.from({ length: m }, (_, v) => {
      const g = groups[v] as number;
      const row = [String(numberOf[v]), `g${g}`];
      if (deep) row.push(`G${g % 2}`);
      row.push('*');
      return row;
    });
    const hierarchy = new Hierarchy(hierarchyRows);
    const column = encodeSensitiveColumn('s', cells, { type: 'integer', hierarchy });
    return { column, hierarchyRows };
  });

/** Dense class counts over the column's codes, each ≤ 4. */
function classCounts(m: number): fc.Arbitrary<number[]> {
  return fc
    .array(fc.integer({ min: 0, max: 4 }), { minLength: m, maxLength: m })
    .filter((c) => c.some((x) => x > 0));
}

const withClasses = worlds.chain((w) =>
  fc.tuple(
    fc.constant(w),
    classCounts(w.column.values.length),
    classCounts(w.column.values.length),
  ),
);

function shares(counts: ArrayLike<number>): number[] {
  const arr = Array.from(counts);
  const total = arr.reduce((a, b) => a + b, 0);
  return arr.map((c) => c / total);
}

function bruteEqual(column: SensitiveColumn, counts: number[]): number {
  const p = shares(counts);
  const q = shares(column.overall);
  return p.reduce((s, pi, i) => s + Math.abs(pi - (q[i] as number)), 0) / 2;
}

function bruteOrdered(column: SensitiveColumn, counts: number[]): number {
  const m = column.values.length;
  if (m === 1) return 0;
  const p = shares(counts);
  const q = shares(column.overall);
  const byRank = Array.from({ length: m }, (_, code) => code).sort(
    (a, b) => (column.rank[a] as number) - (column.rank[b] as number),
  );
  let cumulative = 0;
  let sum = 0;
  for (const code of byRank) {
    cumulative += (p[code] as number) - (q[code] as number);
    sum += Math.abs(cumulative);
  }
  return sum / (m - 1);
}

/** The paper's formula, literally: Σ over internal nodes of height/H · min(pos, −neg). */
function bruteHierarchical(w: World, counts: number[]): number {
  const { column, hierarchyRows } = w;
  const p = shares(counts);
  const q = shares(column.overall);
  const height = (hierarchyRows[0] as string[]).length; // every row ends with the root '*'
  const H = height - 1;
  const extraOfLeaf = new Map<string, number>();
  column.values.forEach((v, code) => extraOfLeaf.set(v, (p[code] as number) - (q[code] as number)));
  // extra of a node (level, label) = Σ of the extras of the leaves under it.
  const extra = (level: number, label: string): number =>
    hierarchyRows
      .filter((row) => row[level] === label)
      .reduce((s, row) => s + (extraOfLeaf.get(row[0] as string) ?? 0), 0);
  let emd = 0;
  for (let level = 1; level < height; level++) {
    const labels = new Set(hierarchyRows.map((row) => row[level] as string));
    for (const label of labels) {
      const children = new Set(
        hierarchyRows.filter((row) => row[level] === label).map((row) => row[level - 1] as string),
      );
      let pos = 0;
      let neg = 0;
      for (const child of children) {
        const e = extra(level - 1, child);
        if (e > 0) pos += e;
        else neg += e;
      }
      emd += (level / H) * Math.min(pos, -neg);
    }
  }
  return emd;
}

const DISTANCES: readonly TClosenessDistance[] = ['equal', 'ordered', 'hierarchical'];

describe('properties on random columns and classes', () => {
  it('each distance equals its brute-force formula over the whole domain', () => {
    fc.assert(
      fc.property(withClasses, ([w, a]) => {
        const h = histogramOf(a);
        const { column } = w;
        expect(tCloseness(column, 1, 'equal').measure(h)).toBeCloseTo(bruteEqual(column, a), 10);
        expect(tCloseness(column, 1, 'ordered').measure(h)).toBeCloseTo(
          bruteOrdered(column, a),
          10,
        );
        expect(tCloseness(column, 1, 'hierarchical').measure(h)).toBeCloseTo(
          bruteHierarchical(w, a),
          10,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('EMD ∈ [0, 1], and EMD(overall, overall) = 0', () => {
    fc.assert(
      fc.property(withClasses, ([w, a]) => {
        for (const d of DISTANCES) {
          const p = tCloseness(w.column, 0, d);
          const emd = p.measure(histogramOf(a));
          expect(emd).toBeGreaterThanOrEqual(0);
          expect(emd).toBeLessThanOrEqual(1);
          expect(p.measure(histogramOf(Array.from(w.column.overall)))).toBeLessThan(1e-12);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('monotone: the EMD of a merge is at most the larger of the two', () => {
    fc.assert(
      fc.property(withClasses, ([w, a, b]) => {
        for (const d of DISTANCES) {
          const p = tCloseness(w.column, 0.2, d);
          expect(p.monotone).toBe(true);
          const merged = p.measure(histogramOf(mergedCounts(a, b)));
          const larger = Math.max(p.measure(histogramOf(a)), p.measure(histogramOf(b)));
          expect(merged).toBeLessThanOrEqual(larger + 1e-12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the same predicate gives the same answer when reused across classes (scratch reset)', () => {
    fc.assert(
      fc.property(withClasses, ([w, a, b]) => {
        for (const d of DISTANCES) {
          const reused = tCloseness(w.column, 0.2, d);
          reused.measure(histogramOf(b));
          expect(reused.measure(histogramOf(a))).toBe(
            tCloseness(w.column, 0.2, d).measure(histogramOf(a)),
          );
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('not monotone with suppression (counter-example in tCloseness.ts)', () => {
  it('{a, b} is 0.1-close to a × 10, b × 10; adding {a × 8} makes the union 0.4 away', () => {
    const column = encodeSensitiveColumn('s', Array.from('aaaaaaaaaabbbbbbbbbb'));
    for (const d of ['equal', 'ordered'] as const) {
      const p = tCloseness(column, 0.1, d);
      expect(p.monotoneWithSuppression).toBe(false);
      const valid = [1, 1];
      const union = mergedCounts(valid, [8, 0]); // a × 9, b × 1
      expect(p.isValid(histogramOf(valid))).toBe(true); // EMD 0
      // Equal: ½ (|0.9 − 0.5| + |0.1 − 0.5|) = 0.4. Ordered (m = 2): |0.9 − 0.5| / 1 = 0.4.
      expect(p.measure(histogramOf(union))).toBeCloseTo(0.4, 12);
      expect(p.isValid(histogramOf(union))).toBe(false);
    }
  });
});

describe('large classes (the sorting path for more than 32 values)', () => {
  it('ordered EMD matches the brute-force formula on a 100-value domain', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 100, maxLength: 100 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 100, maxLength: 100 }),
        (overall, counts) => {
          fc.pre(counts.some((c) => c > 0));
          // Values 99, 98, …, 0 in appearance order, so that ranks reverse codes.
          const cells = overall.flatMap((n, v) => Array.from({ length: n }, () => 99 - v));
          const column = encodeSensitiveColumn('n', cells, { type: 'integer' });
          const p = tCloseness(column, 1, 'ordered');
          expect(p.measure(histogramOf(counts))).toBeCloseTo(bruteOrdered(column, counts), 10);
        },
      ),
      { numRuns: 50 },
    );
  });
});
