import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  expectedCounts,
  invariantMatrix,
  invariantRetentionMatrix,
  parseTransitionMatrix,
  retentionMatrix,
  type TransitionMatrix,
} from '../../../methods/perturbation/pram/matrix.js';
import { pram } from '../../../methods/perturbation/pram/pram.js';
import { DatanonymeError } from '../../../src/errors.js';
import type { Dataset } from '../../../src/types.js';

function dataset(columns: Record<string, unknown[]>, missing?: string[]): Dataset {
  const names = Object.keys(columns);
  return {
    table: table(columns, names),
    columns: names.map((name) => ({
      name,
      type: 'categorical',
      role: 'insensitive',
      ...(missing === undefined ? {} : { missing }),
    })),
  };
}

const close = (a: ArrayLike<number>, b: number[], tol = 1e-12): void => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < b.length; i++)
    expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(tol);
};

describe('transition matrices', () => {
  it('retention, uniform: p on the diagonal, (1 − p)/(K − 1) elsewhere', () => {
    // K = 3, p = 0.8: (1 − 0.8)/2 = 0.1
    close(retentionMatrix(['a', 'b', 'c'], 0.8).p, [0.8, 0.1, 0.1, 0.1, 0.8, 0.1, 0.1, 0.1, 0.8]);
  });

  it('retention, proportional: (1 − p)·v_j/(n − v_i)', () => {
    // v = [6, 3, 1], n = 10, p = 0.5. Row a: others 4 → b 0.5·3/4 = 0.375, c 0.5·1/4 = 0.125.
    // Row b: others 7 → a 0.5·6/7 = 3/7, c 0.5/7 = 1/14. Row c: others 9 → a 3/9, b 1.5/9.
    const m = retentionMatrix(['a', 'b', 'c'], 0.5, 'proportional', [6, 3, 1]);
    close(m.p, [0.5, 0.375, 0.125, 3 / 7, 0.5, 1 / 14, 3 / 9, 1.5 / 9, 0.5]);
  });

  it('a single category keeps its records', () => {
    close(retentionMatrix(['a'], 0.3).p, [1]);
  });

  it('invariant matrix by hand (Gouweleeuw et al. 1998, §3): P = [[.8,.2],[.2,.8]], v = [3, 1]', () => {
    // λ = vᵀP = [3·0.8 + 0.2, 3·0.2 + 0.8] = [2.6, 1.4].
    // Q[a] = [0.8·3/2.6, 0.2·1/2.6] = [12/13, 1/13]; Q[b] = [0.2·3/1.4, 0.8/1.4] = [3/7, 4/7].
    // R = PQ: R[a][a] = 0.8·12/13 + 0.2·3/7 = 75/91, R[a][b] = 16/91;
    //         R[b][a] = 0.2·12/13 + 0.8·3/7 = 48/91, R[b][b] = 43/91.
    // Check: vᵀR = [3·75/91 + 48/91, 3·16/91 + 43/91] = [273/91, 91/91] = [3, 1].
    const r = invariantMatrix(retentionMatrix(['a', 'b'], 0.8), [3, 1]);
    close(r.p, [75 / 91, 16 / 91, 48 / 91, 43 / 91]);
    close(expectedCounts([3, 1], r), [3, 1]);
  });

  it('property: the closed-form invariant of a retention matrix equals R = P·Q to 1e-12', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }),
        fc.oneof(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(0, 1)),
        fc.constantFrom('uniform' as const, 'proportional' as const),
        (v, p, move) => {
          const cats = v.map((_, i) => `c${i}`);
          const direct = invariantMatrix(retentionMatrix(cats, p, move, v), v);
          const closed = invariantRetentionMatrix(cats, p, move, v);
          expect(closed.categories).toEqual(cats);
          close(closed.p, Array.from(direct.p), 1e-12);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
    expect(() => invariantRetentionMatrix(['a', 'b'], 0.5, 'uniform', [1, 0])).toThrow(/> 0/);
  });

  it('expected counts vᵀP', () => {
    // [3, 1]·[[.8,.2],[.2,.8]] = [2.4 + 0.2, 0.6 + 0.8]
    close(expectedCounts([3, 1], retentionMatrix(['a', 'b'], 0.8)), [2.6, 1.4]);
  });

  it('property: the invariant matrix satisfies vᵀR = vᵀ to 1e-9, with rows summing to 1', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom('uniform' as const, 'proportional' as const),
        (v, p, move) => {
          const cats = v.map((_, i) => `c${i}`);
          const r = invariantMatrix(retentionMatrix(cats, p, move, v), v);
          const e = expectedCounts(v, r);
          const k = v.length;
          for (let j = 0; j < k; j++)
            expect(Math.abs((e[j] as number) - (v[j] as number))).toBeLessThan(
              1e-9 * Math.max(1, v[j] as number) + 1e-9,
            );
          for (let i = 0; i < k; i++) {
            let s = 0;
            for (let j = 0; j < k; j++) {
              const x = r.p[i * k + j] as number;
              expect(x).toBeGreaterThanOrEqual(0);
              s += x;
            }
            expect(Math.abs(s - 1)).toBeLessThan(1e-12);
          }
        },
      ),
      { numRuns: 200, seed: 8 },
    );
  });

  it('parses CSV and JSON matrices, and names the line of a bad entry', () => {
    const csv = parseTransitionMatrix(',a,b\nb,0.25,0.75\na,0.9,0.1\n', 'csv');
    expect(csv.categories).toEqual(['a', 'b']);
    close(csv.p, [0.9, 0.1, 0.25, 0.75]);
    const json = parseTransitionMatrix('{"a": {"a": 0.9, "b": 0.1}, "b": {"b": 1}}', 'json');
    close(json.p, [0.9, 0.1, 0, 1]);
    const bad = (): TransitionMatrix =>
      parseTransitionMatrix(',a,b\na,0.9,0.1\nb,x,0.5\n', 'csv', 'm.csv');
    expect(bad).toThrow(/m\.csv: line 3, column "a"/);
    expect(() => parseTransitionMatrix(',a,b\na,0.9,0.2\nb,0,1\n', 'csv')).toThrow(/sums to/);
    expect(() => parseTransitionMatrix('{"a": {"b": 1}}', 'json')).toThrow(/no row of its own/);
  });
});

describe('pram', () => {
  it('hand case: a deterministic matrix a → b, b → b changes exactly the a cells', () => {
    const data = dataset({ id: ['1', '2', '3', '4'], x: ['a', 'b', 'a', 'NA'] }, ['NA']);
    const matrix: TransitionMatrix = { categories: ['a', 'b'], p: Float64Array.from([0, 1, 0, 1]) };
    const r = pram(data, { columns: ['x'], matrices: { x: matrix }, seed: 1 });
    expect(r.table.array('x')).toEqual(['b', 'b', 'b', 'NA']);
    expect(r.details.changedCells).toBe(2);
    expect(r.details.changedRecords).toBe(2);
    const col = (
      r.details.columns as Record<string, { missingCells: number; after: Record<string, number> }>
    ).x;
    expect(col?.missingCells).toBe(1);
    expect(col?.after).toEqual({ a: 0, b: 3 });
    expect(r.seeded).toBe(true);
    expect(r.accounting).toEqual({ rowsIn: 4, rowsOut: 4, suppressedRows: 0, suppressedCells: 0 });
  });

  it('retention 1 changes nothing; the same seed gives the same release', () => {
    const x = Array.from({ length: 50 }, (_, i) => ['a', 'b', 'c'][i % 3]);
    const data = dataset({ x });
    expect(pram(data, { columns: ['x'], retention: 1, seed: 3 }).details.changedCells).toBe(0);
    const a = pram(data, { columns: ['x'], retention: 0.5, seed: 3 }).table.array('x');
    const b = pram(data, { columns: ['x'], retention: 0.5, seed: 3 }).table.array('x');
    expect(a).toEqual(b);
    expect(pram(data, { columns: ['x'], retention: 0.5 }).seeded).toBe(false);
  });

  it('keeps the marginal in expectation: counts after within 6 standard deviations of vᵀP', () => {
    // n = 30 000, v = [15 000, 10 000, 5 000], p = 0.7, uniform move. Each count after is a sum of
    // independent Bernoullis: variance Σ_i v_i P_ij (1 − P_ij) ≤ n/4; a 6σ two-sided miss has
    // probability < 2e-9 per category (normal approximation), so a false failure < 1e-8.
    const x: string[] = [];
    for (const [c, m] of [
      ['a', 15000],
      ['b', 10000],
      ['c', 5000],
    ] as const)
      for (let i = 0; i < m; i++) x.push(c);
    const v = [15000, 10000, 5000];
    for (const invariant of [false, true]) {
      const r = pram(dataset({ x }), {
        columns: ['x'],
        retention: 0.7,
        invariant,
        seed: 'marginal',
      });
      const P = invariant
        ? invariantMatrix(retentionMatrix(['a', 'b', 'c'], 0.7), v)
        : retentionMatrix(['a', 'b', 'c'], 0.7);
      // Uniform: E = [15000·0.7 + 15000·0.15, 10000·0.7 + 20000·0.15, 5000·0.7 + 25000·0.15]
      //            = [12750, 10000, 7250]; invariant: E = v.
      const e = expectedCounts(v, P);
      close(e, invariant ? v : [12750, 10000, 7250], 1e-6);
      const col = (
        r.details.columns as Record<
          string,
          { after: Record<string, number>; expected: Record<string, number> }
        >
      ).x;
      ['a', 'b', 'c'].forEach((c, j) => {
        expect(Math.abs((col?.expected[c] as number) - (e[j] as number))).toBeLessThan(1e-6);
        const sd = Math.sqrt(
          [0, 1, 2].reduce(
            (s, i) =>
              s + (v[i] as number) * (P.p[i * 3 + j] as number) * (1 - (P.p[i * 3 + j] as number)),
            0,
          ),
        );
        expect(Math.abs((col?.after[c] as number) - (e[j] as number))).toBeLessThan(6 * sd);
      });
    }
  });

  it('strata: records never move to a category absent from their stratum', () => {
    const s: string[] = [];
    const x: string[] = [];
    for (let i = 0; i < 400; i++) {
      const men = i % 2 === 0;
      s.push(men ? 'M' : 'F');
      x.push(
        men
          ? (['prostate', 'flu', 'cold'][i % 3] as string)
          : (['pregnancy', 'flu'][i % 2 === 1 ? (i >> 1) % 2 : 0] as string),
      );
    }
    const r = pram(dataset({ s, x }), { columns: ['x'], retention: 0.2, strata: 's', seed: 5 });
    const out = r.table.array('x') as string[];
    out.forEach((v, i) => {
      if (s[i] === 'M') expect(['prostate', 'flu', 'cold']).toContain(v);
      else expect(['pregnancy', 'flu']).toContain(v);
    });
    expect(r.table.array('s')).toEqual(s);
    expect((r.details.columns as Record<string, { strata: number }>).x?.strata).toBe(2);
  });

  it('property: other columns and missing cells are kept, values stay in the domain', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('a', 'b', 'c', 'd', 'NA'),
            fc.constantFrom('u', 'v'),
            fc.integer(),
          ),
          { minLength: 1, maxLength: 60 },
        ),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        (rows, p, invariant, stratified) => {
          const x = rows.map((r) => r[0]);
          const g = rows.map((r) => r[1]);
          const z = rows.map((r) => r[2]);
          const data = dataset({ x, g, z }, ['NA']);
          const r = pram(data, {
            columns: ['x'],
            retention: p,
            invariant,
            ...(stratified ? { strata: 'g' } : {}),
            seed: 1,
          });
          expect(r.table.columnNames()).toEqual(['x', 'g', 'z']);
          expect(r.table.array('g')).toEqual(g);
          expect(r.table.array('z')).toEqual(z);
          const out = r.table.array('x') as string[];
          const domain = new Set<string>(x.filter((v) => v !== 'NA'));
          out.forEach((v, i) => {
            if (x[i] === 'NA') expect(v).toBe('NA');
            else expect(domain.has(v)).toBe(true);
          });
          expect(r.details.changedCells).toBe(out.filter((v, i) => v !== x[i]).length);
        },
      ),
      { numRuns: 200, seed: 8 },
    );
  });

  it('refuses bad options and values outside a given matrix, naming line and column', () => {
    const data = dataset({ x: ['a', 'c'], g: ['1', '2'] });
    const m: TransitionMatrix = {
      categories: ['a', 'b'],
      p: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
    };
    expect(() => pram(data, { columns: ['x'], matrices: { x: m } })).toThrow(
      /line 3, column "x": "c"/,
    );
    expect(() => pram(data, { columns: ['x'] })).toThrow(
      /neither a transition matrix nor a retention/,
    );
    expect(() => pram(data, { columns: ['y'], retention: 0.5 })).toThrow(DatanonymeError);
    expect(() => pram(data, { columns: ['x'], retention: 1.5 })).toThrow(/retention/);
    expect(() => pram(data, { columns: ['x'], retention: 0.5, strata: 'x' })).toThrow(/strata/);
  });

  it('refuses a column with more categories than a matrix can hold, naming it (case B26)', () => {
    const x = Array.from({ length: 4001 }, (_, i) => `id${i}`);
    const data = dataset({ x });
    let error: unknown;
    try {
      pram(data, { columns: ['x'], retention: 0.9, seed: 1 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatanonymeError);
    expect((error as DatanonymeError).column).toBe('x');
    expect((error as DatanonymeError).message).toMatch(/4001 categories.*group the categories/);
    // 4000 categories pass, invariant too (closed form, not an O(K³) product).
    const ok = pram(dataset({ x: x.slice(0, 4000) }), {
      columns: ['x'],
      retention: 0.9,
      invariant: true,
      seed: 1,
    });
    expect(ok.table.numRows()).toBe(4000);
  });

  it('same seed, same output; another seed, another output; no seed: not seeded (case B21)', () => {
    const x = Array.from({ length: 500 }, (_, i) => ['a', 'b', 'c', 'd'][i % 4] as string);
    const run = (seed?: number): string[] =>
      Array.from(
        pram(dataset({ x }), {
          columns: ['x'],
          retention: 0.5,
          ...(seed === undefined ? {} : { seed }),
        }).table.array('x') as ArrayLike<string>,
      );
    expect(run(42)).toEqual(run(42));
    // P(two runs agree on 500 cells) ≤ (1/2 + 1/2·1/3)^500 < 1e-80.
    expect(run(43)).not.toEqual(run(42));
    expect(pram(dataset({ x }), { columns: ['x'], retention: 0.5 }).seeded).toBe(false);
    expect(pram(dataset({ x }), { columns: ['x'], retention: 0.5, seed: 1 }).seeded).toBe(true);
  });
});
