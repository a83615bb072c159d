/**
 * The graphical-model kernels MST (and PrivBayes) build on: marginal counts, domain compression,
 * the spanning tree, projection and raking, and stratified ancestral sampling. Expected values are
 * hand computations written out below.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByWeights } from '../../../methods/synthesis/graphical/budget.js';
import {
  compressCodes,
  compressCounts,
  compressDomain,
  expandCodes,
} from '../../../methods/synthesis/graphical/compress.js';
import {
  noisyDistribution,
  projectToMargins,
  rakeToMargins,
} from '../../../methods/synthesis/graphical/estimate.js';
import { oneWayCounts, twoWayCounts } from '../../../methods/synthesis/graphical/marginal.js';
import { cumulative, uniformDouble } from '../../../methods/synthesis/graphical/sample.js';
import {
  growSpanningTree,
  rootTree,
  type Edge,
} from '../../../methods/synthesis/graphical/spanning-tree.js';
import { fitTreeModel, sampleTreeModel } from '../../../methods/synthesis/graphical/tree-model.js';
import { PrivacyAccountant } from '../../../src/privacy/accountant.js';
import { seededRandom } from '../../../src/random/source.js';
import { errorOf } from '../../helpers/errors.js';

describe('budget split in proportions', () => {
  it('rounds the first parts to the 15th significant digit of the total, the rest last', () => {
    // grid 10^(0 − 14): 1/3 → 0.33333333333333; rest 1 − 0.33333333333333 = 0.66666666666667
    expect(splitByWeights(1, [1, 2])).toEqual([0.33333333333333, 0.66666666666667]);
    // 6/15 = 0.4, 1/15 → 0.06666666666667; rest 1 − 0.46666666666667 = 0.53333333333333
    expect(splitByWeights(1, [6, 1, 8])).toEqual([0.4, 0.06666666666667, 0.53333333333333]);
    // the counterexample that a 15-significant-digit rounding of each part failed: a part of
    // 2.3e-5 rounded at its own 15th digit left a rest of 19 digits
    expect(splitByWeights(0.001, [0.01, 0.4175882974225585])).toEqual([
      0.00002338698243212, 0.00097661301756788,
    ]);
    expect(splitByWeights(2.5, [1])).toEqual([2.5]);
  });
  it('refuses an empty or non-positive list of weights, and a bad total', () => {
    expect(errorOf(() => splitByWeights(1, [])).field).toBe('weights');
    expect(errorOf(() => splitByWeights(1, [1, 0])).field).toBe('weights');
    expect(errorOf(() => splitByWeights(0, [1, 2])).field).toBe('total');
    expect(errorOf(() => splitByWeights(1e-11, [1, 1e9])).field).toBe('parts');
    // a part lost at the 15th significant digit of the total
    expect(errorOf(() => splitByWeights(1, [1, 1e-16])).field).toBe('parts');
  });

  /** Splits, checks proportionality, charges an accountant of `total`; returns what is left. */
  const leftAfter = (total: number, weights: readonly number[]): string => {
    const parts = splitByWeights(total, weights);
    expect(parts).toHaveLength(weights.length);
    const sum = weights.reduce((a, b) => a + b, 0);
    parts.forEach((p, i) => {
      const ideal = (total * (weights[i] as number)) / sum;
      expect(Math.abs(p - ideal)).toBeLessThanOrEqual(1e-12 * total);
    });
    const accountant = new PrivacyAccountant({ epsilon: total });
    // spendAll refuses (BUDGET_EXCEEDED) any set of parts that adds up to more than the total
    accountant.spendAll(
      parts.map((epsilon, i) => ({ query: `part ${i}`, mechanism: 'test', epsilon })),
    );
    return accountant.remainingText().epsilon;
  };
  const weightLists = fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), {
    minLength: 1,
    maxLength: 12,
  });

  it('a total of at most 15 significant digits is spent exactly: the accountant is left with 0', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 9, noNaN: true }),
        fc.integer({ min: 1, max: 15 }),
        weightLists,
        (x, digits, weights) => {
          expect(leftAfter(Number(x.toPrecision(digits)), weights)).toBe('0');
        },
      ),
      { numRuns: 300 },
    );
  });
  it('any other total is never overspent, and in practice spent exactly', () => {
    // 0.1 + 0.2 = 0.30000000000000004 (17 digits), 1/3 as a double (16 digits)
    expect(leftAfter(0.1 + 0.2, [6, 1, 8])).toBe('0');
    expect(leftAfter(1 / 3, [1, 1, 1, 1, 1, 1, 1])).toBe('0');
    fc.assert(
      fc.property(fc.double({ min: 1e-3, max: 9, noNaN: true }), weightLists, (total, weights) => {
        // exactness is not proved for 16- or 17-digit totals (it held on 100,000 random ones);
        // what is proved: what is left is ≥ 0 and below a unit in the last place of the total
        expect(Number(leftAfter(total, weights))).toBeLessThanOrEqual(total * 2 ** -52);
      }),
      { numRuns: 300 },
    );
  });
});

describe('marginal counts', () => {
  it('counts one and two columns (row-major, first column most significant)', () => {
    expect([...oneWayCounts(Int32Array.of(0, 2, 2), 3)]).toEqual([1, 0, 2]);
    // rows (a, b): (0,1) (1,0) (1,0) → cells a·2 + b: 1, 2, 2
    expect([...twoWayCounts(Int32Array.of(0, 1, 1), 2, Int32Array.of(1, 0, 0), 2)]).toEqual([
      0, 1, 2, 0,
    ]);
  });
  it('refuses a code outside the domain', () => {
    expect(() => oneWayCounts(Int32Array.of(3), 3)).toThrow(/outside/);
  });
});

describe('domain compression', () => {
  it('merges the codes below the threshold into one last cell', () => {
    // 90 and 40 ≥ 10 are kept (codes 0, 1); 2 and −1 are merged into code 2, with 2 + (−1) = 1
    const noisy = Float64Array.of(90, 2, -1, 40);
    const c = compressDomain(noisy, 10);
    expect(c.size).toBe(3);
    expect([...c.map]).toEqual([0, 2, 2, 1]);
    expect([...compressCounts(noisy, c)]).toEqual([90, 40, 1]);
    expect([...compressCodes(Int32Array.of(0, 1, 2, 3), c)]).toEqual([0, 2, 2, 1]);
  });
  it('keeps a single rare code as it is', () => {
    const c = compressDomain(Float64Array.of(90, 2, 40), 10);
    expect(c.size).toBe(3);
    expect([...c.map]).toEqual([0, 1, 2]);
  });
  it("expands a merged cell by its members' projected noisy counts", () => {
    // merged (2, −1): total round(1) = 1, projection θ = 1 → weights (1, 0): only code 1
    const c = compressDomain(Float64Array.of(90, 2, -1, 40), 10);
    expect(new Set(expandCodes(new Int32Array(200).fill(2), c, seededRandom(1)))).toEqual(
      new Set([1]),
    );
    // merged (6, 2): total 8, θ = 0 → weights 6 : 2; 4000 draws of code 1 ~ Binomial(4000, 3/4):
    // mean 3000, sd √(4000 · 3/4 · 1/4) ≈ 27.4; ± 200 is over 7 sd (the seed fixes the outcome)
    const d = compressDomain(Float64Array.of(90, 6, 2, 40), 10);
    const out = expandCodes(new Int32Array(4000).fill(2), d, seededRandom(2));
    const ones = out.filter((v) => v === 1).length;
    expect(ones + out.filter((v) => v === 2).length).toBe(4000);
    expect(Math.abs(ones - 3000)).toBeLessThan(200);
  });
  it('expands uniformly when no merged member has a positive noisy count', () => {
    // merged (−1, −2): total max(0, round(−3)) = 0 → uniform over codes 1 and 2
    const c = compressDomain(Float64Array.of(90, -1, -2, 40), 10);
    expect(new Set(expandCodes(new Int32Array(200).fill(2), c, seededRandom(1)))).toEqual(
      new Set([1, 2]),
    );
  });
});

describe('spanning tree', () => {
  it('Kruskal with the heaviest edge gives the maximum spanning tree', () => {
    // weights: 0–1: 5, 0–2: 1, 1–2: 4, 2–3: 3, 1–3: 2. Kruskal: 0–1 (5), 1–2 (4), 2–3 (3) = 12;
    // 0–2 and 1–3 would close cycles.
    const w = new Map([
      ['0,1', 5],
      ['0,2', 1],
      ['1,2', 4],
      ['2,3', 3],
      ['1,3', 2],
    ]);
    const edges: Edge[] = [...w.keys()].map((k) => {
      const [a, b] = k.split(',').map(Number) as [number, number];
      return { a, b };
    });
    const tree = growSpanningTree(4, edges, (cands) => {
      const weights = cands.map((e) => w.get(`${e.a},${e.b}`) as number);
      return weights.indexOf(Math.max(...weights));
    });
    expect(tree).toEqual([
      { a: 0, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 3 },
    ]);
  });
  it('roots a forest from node 0, parents before children', () => {
    const t = rootTree(4, [
      { a: 1, b: 2 },
      { a: 0, b: 1 },
    ]);
    expect([...t.parent]).toEqual([-1, 0, 1, -1]);
    expect([...t.order]).toEqual([0, 1, 2, 3]);
  });
});

describe('projection and raking', () => {
  it('projects noisy counts onto non-negative counts with the noisy total', () => {
    // total round(5 − 2 + 1) = 4; θ = 1: max(5 − 1, 0) = 4, the others 0 → [4, 0, 0] / 4
    expect([...noisyDistribution(Float64Array.of(5, -2, 1))]).toEqual([1, 0, 0]);
    // nothing left: uniform
    expect([...noisyDistribution(Float64Array.of(-3, -2))]).toEqual([0.5, 0.5]);
  });
  it('rakes a uniform 2×2 table to its margins (independence)', () => {
    // uniform table raked to rows (0.5, 0.5), columns (0.8, 0.2): 0.5·0.8 = 0.4, 0.5·0.2 = 0.1
    const t = rakeToMargins(
      Float64Array.of(1, 1, 1, 1),
      2,
      2,
      Float64Array.of(0.5, 0.5),
      Float64Array.of(0.8, 0.2),
    );
    [0.4, 0.1, 0.4, 0.1].forEach((v, i) => {
      expect(t[i]).toBeCloseTo(v, 12);
    });
  });
  it('keeps the zeros of a table and meets compatible margins', () => {
    // diagonal table [[1, 0], [0, 3]] raked to rows (0.5, 0.5) and columns (0.5, 0.5): [[0.5, 0], [0, 0.5]]
    const t = rakeToMargins(
      Float64Array.of(1, 0, 0, 3),
      2,
      2,
      Float64Array.of(0.5, 0.5),
      Float64Array.of(0.5, 0.5),
    );
    [0.5, 0, 0, 0.5].forEach((v, i) => {
      expect(t[i]).toBeCloseTo(v, 12);
    });
  });
});

describe('least-squares fit to given margins (Dykstra)', () => {
  const sums = (t: Float64Array, rows: number, cols: number): [number[], number[]] => {
    const r = Array<number>(rows).fill(0);
    const c = Array<number>(cols).fill(0);
    t.forEach((x, i) => {
      r[Math.floor(i / cols)] = (r[Math.floor(i / cols)] as number) + x;
      c[i % cols] = (c[i % cols] as number) + x;
    });
    return [r, c];
  };
  const squares = (a: Float64Array, b: Float64Array): number =>
    a.reduce((s, x, i) => s + (x - (b[i] as number)) ** 2, 0);

  it('solves a 2 × 2 table by hand', () => {
    // feasible tables [[a, 2 − a], [3 − a, a]], a ∈ [0, 2]; distance² to [3, −1, 1, 2] is
    // 2(a − 3)² + 2(a − 2)², least at a = 2.5, so a = 2 on the feasible interval
    const t = projectToMargins(
      Float64Array.of(3, -1, 1, 2),
      2,
      2,
      Float64Array.of(2, 3),
      Float64Array.of(3, 2),
    );
    [2, 0, 1, 2].forEach((v, i) => {
      expect(t[i]).toBeCloseTo(v, 6);
    });
  });
  it('gives a non-negative table with the margins, no farther from the noisy one than the truth', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        (rows, cols, seed) => {
          const rng = seededRandom(seed);
          const truth = Float64Array.from({ length: rows * cols }, () =>
            uniformDouble(rng) < 0.3 ? 0 : Math.floor(uniformDouble(rng) * 50),
          );
          const noisy = Float64Array.from(truth, (x) => x + (uniformDouble(rng) - 0.5) * 20);
          const [r, c] = sums(truth, rows, cols);
          const fit = projectToMargins(
            noisy,
            rows,
            cols,
            Float64Array.from(r),
            Float64Array.from(c),
            500,
          );
          const [fr, fc2] = sums(fit, rows, cols);
          const total = r.reduce((a, b) => a + b, 0);
          for (const x of fit) expect(x).toBeGreaterThanOrEqual(0);
          fr.forEach((x, i) => {
            expect(Math.abs(x - (r[i] as number))).toBeLessThanOrEqual(1e-6 * (total + 1));
          });
          fc2.forEach((x, i) => {
            expect(Math.abs(x - (c[i] as number))).toBeLessThanOrEqual(1e-3 * (total + 1));
          });
          // the truth is feasible, so the least-squares fit is at least as close to the noisy table
          expect(squares(fit, noisy)).toBeLessThanOrEqual(
            squares(truth, noisy) * (1 + 1e-6) + 1e-6,
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('tree model sampling', () => {
  it('keeps each root cell count within 1 of n·p, and each child within its parent rows (systematic sampling)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 2, maxLength: 6 }),
        fc.integer({ min: 1, max: 500 }),
        fc.integer(),
        (weights, n, seed) => {
          if (weights.every((w) => w === 0)) return;
          const total = weights.reduce((s, w) => s + w, 0);
          const p = Float64Array.from(weights, (w) => w / total);
          const model = {
            sizes: [p.length],
            order: Int32Array.of(0),
            parent: Int32Array.of(-1),
            rows: [[cumulative(p)]],
          };
          const [codes] = sampleTreeModel(model, n, seededRandom(seed));
          const counts = oneWayCounts(codes as Int32Array, p.length);
          for (let i = 0; i < p.length; i++) {
            expect(Math.abs((counts[i] as number) - n * (p[i] as number))).toBeLessThanOrEqual(
              1 + 1e-9,
            );
            if (p[i] === 0) expect(counts[i]).toBe(0);
          }
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });
  it('spreads a child over the cells of the columns drawn before (a → b → c: c follows its row of b in every cell of a)', () => {
    // a (4 values) is the root, b (3) its child, c (5) the child of b; the tables are random
    const log2 = (x: number): number => Math.log(x) / Math.LN2;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.integer({ min: 200, max: 3000 }),
        (seed, n) => {
          const rng = seededRandom(seed);
          const table = (rows: number, cols: number): Float64Array =>
            Float64Array.from(
              { length: rows * cols },
              () => 1 + Math.floor(uniformDouble(rng) * 20),
            );
          const ab = table(4, 3);
          const bc = table(3, 5);
          const margins = (
            t: Float64Array,
            rows: number,
            cols: number,
          ): [Float64Array, Float64Array] => {
            const r = new Float64Array(rows);
            const c = new Float64Array(cols);
            t.forEach((x, i) => {
              r[Math.floor(i / cols)] = (r[Math.floor(i / cols)] as number) + x;
              c[i % cols] = (c[i % cols] as number) + x;
            });
            const total = r.reduce((x, y) => x + y, 0);
            return [r.map((x) => x / total), c.map((x) => x / total)];
          };
          const [pa] = margins(ab, 4, 3);
          const [pb, pc] = margins(bc, 3, 5);
          const model = fitTreeModel(
            [4, 3, 5],
            [pa, pb, pc],
            [
              { edge: { a: 0, b: 1 }, counts: ab },
              { edge: { a: 1, b: 2 }, counts: bc },
            ],
          );
          const [a, b, c] = sampleTreeModel(model, n, seededRandom(seed + 1));
          // within each (a, b) cell of m rows, c's counts are m·P(c | b) up to a few points: the
          // herding deficits and the systematic sample's rounding (bound kept from the earlier balancing)
          const cells = new Map<string, number[]>();
          for (let r = 0; r < n; r++) {
            const key = `${a?.[r]},${b?.[r]}`;
            const counts = cells.get(key) ?? Array<number>(5).fill(0);
            counts[c?.[r] as number] = (counts[c?.[r] as number] as number) + 1;
            cells.set(key, counts);
          }
          const cumRows = model.rows[2] as readonly Float64Array[];
          for (const [key, counts] of cells) {
            const bv = Number(key.split(',')[1]);
            const cum = cumRows[bv] as Float64Array;
            const m = counts.reduce((x, y) => x + y, 0);
            counts.forEach((k, v) => {
              // the rows are cumulative but not normalised (they end at P(b))
              const p =
                ((cum[v] as number) - (v === 0 ? 0 : (cum[v - 1] as number))) / (cum[4] as number);
              expect(Math.abs(k - m * p)).toBeLessThanOrEqual(log2(n) + 3);
            });
          }
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
  it('reproduces an exact 2-way table up to rounding', () => {
    // counts of (a, b): [[30, 10], [0, 60]] over 100 rows; exact margins a: (0.4, 0.6), b: (0.3, 0.7)
    const counts = Float64Array.of(30, 10, 0, 60);
    const model = fitTreeModel(
      [2, 2],
      [Float64Array.of(0.4, 0.6), Float64Array.of(0.3, 0.7)],
      [{ edge: { a: 0, b: 1 }, counts }],
    );
    const [a, b] = sampleTreeModel(model, 100, seededRandom(3));
    expect([...twoWayCounts(a as Int32Array, 2, b as Int32Array, 2)]).toEqual([30, 10, 0, 60]);
  });
  it('orients an edge measured child-first, and draws the same rows from the same seed', () => {
    // edge measured as (column 1, column 0): 3×2 counts [[5, 5], [10, 5], [20, 5]], 50 rows;
    // margins: column 0 (35, 15)/50 = (0.7, 0.3), column 1 (10, 15, 25)/50 = (0.2, 0.3, 0.5).
    // Root 0 gets exactly 35 and 15 rows; the 35 rows with 0 get column 1 as 5, 10, 20.
    const counts = Float64Array.of(5, 5, 10, 5, 20, 5);
    const model = fitTreeModel(
      [2, 3],
      [Float64Array.of(0.7, 0.3), Float64Array.of(0.2, 0.3, 0.5)],
      [{ edge: { a: 1, b: 0 }, counts }],
    );
    expect([...model.parent]).toEqual([-1, 0]);
    const x = sampleTreeModel(model, 50, seededRandom('s'));
    expect([...twoWayCounts(x[1] as Int32Array, 3, x[0] as Int32Array, 2)]).toEqual([...counts]);
    expect(sampleTreeModel(model, 50, seededRandom('s'))).toEqual(x);
    expect(sampleTreeModel(model, 50, seededRandom('t'))).not.toEqual(x);
  });
});
