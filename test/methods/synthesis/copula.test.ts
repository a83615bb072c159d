import { describe, expect, it } from 'vitest';
import {
  cholesky,
  copulaMethod,
  gaussianCopula,
  normalCdf,
  normalQuantile,
} from '../../../methods/synthesis/copula.js';
import { formatCsv } from '../../../src/table/format.js';
import { B18, B19, adult, cellsOf, columnTvd, datasetOf } from './core-helpers.js';

/** Pearson correlation, written out. */
function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

describe('normal distribution helpers', () => {
  it('match tabulated values (Abramowitz and Stegun, table 26.1; R qnorm/pnorm)', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14); // pnorm(1)
    expect(normalCdf(-2)).toBeCloseTo(0.022750131948179195, 14); // pnorm(-2)
    expect(normalCdf(-6) / 9.865876450376946e-10).toBeCloseTo(1, 12); // pnorm(-6)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 13); // qnorm(0.975)
    expect(normalQuantile(0.3)).toBeCloseTo(-0.5244005127080407, 13); // qnorm(0.3)
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(() => normalQuantile(1.5)).toThrow(/probability/);
  });

  it('cholesky: [[4, 2], [2, 3]] = L Lᵀ with L = [[2, 0], [1, √2]]; singular → null', () => {
    // l11 = √4 = 2; l21 = 2 / 2 = 1; l22 = √(3 − 1²) = √2
    const l = cholesky(Float64Array.of(4, 2, 2, 3), 2);
    expect(Array.from(l ?? [])).toEqual([2, 0, 1, Math.SQRT2]);
    expect(cholesky(Float64Array.of(1, 1, 1, 1), 2)).toBeNull(); // pivot 1 − 1 = 0
  });
});

describe('gaussianCopula', () => {
  it('B18: constants stay constant, no NaN, age and visits vary in range, integers', () => {
    const model = gaussianCopula(datasetOf(B18));
    const out = model.sample(50, 7);
    expect(cellsOf(out, 'country').every((v) => v === 'FR')).toBe(true);
    expect(cellsOf(out, 'consent').every((v) => v === 'yes')).toBe(true);
    const age = cellsOf(out, 'age') as number[];
    const visits = cellsOf(out, 'visits') as number[];
    expect(new Set(age).size).toBeGreaterThan(1);
    expect(new Set(visits).size).toBeGreaterThan(1);
    for (const a of age) expect(Number.isInteger(a) && a >= 23 && a <= 61).toBe(true);
    for (const v of visits) expect(Number.isInteger(v) && v >= 1 && v <= 7).toBe(true);
    const correlation = model.details.correlation as number[][];
    expect(correlation.flat().every((x) => Number.isFinite(x))).toBe(true);
    expect(correlation[0]).toEqual([1, 0, 0, 0]); // country: constant, not correlated
    expect(model.details.notCorrelated).toEqual(['country', 'consent']);
  });

  it('B19: the empty column stays empty, no missing elsewhere, types hold', () => {
    const out = gaussianCopula(datasetOf(B19)).sample(20, 1);
    expect(cellsOf(out, 'notes').every((v) => v === null)).toBe(true);
    for (const name of ['age', 'score', 'group']) {
      expect(cellsOf(out, name).every((v) => v !== null)).toBe(true);
    }
    for (const g of cellsOf(out, 'group')) expect(['A', 'B']).toContain(g);
    for (const a of cellsOf(out, 'age')) expect(Number.isInteger(a)).toBe(true);
    expect(out.columns.map((c) => c.type)).toEqual([
      'integer',
      'decimal',
      'categorical',
      'categorical',
    ]);
  });

  it('B21: same seed, same bytes (fit and sample); another seed differs', () => {
    const csv = (seed: number): string =>
      formatCsv(gaussianCopula(datasetOf(B18)).sample(20, seed).table);
    expect(csv(42)).toBe(csv(42));
    expect(csv(42)).not.toBe(csv(43));
  });

  it('keeps a strong correlation and its sign; a duplicated column needs a ridge', () => {
    // x = 0..199, y = 2x + (i mod 7) (Pearson ≈ 0.9999), z = 200 − x (exactly −1)
    const lines = ['x,y,z,w'];
    for (let i = 0; i < 200; i++) lines.push(`${i},${2 * i + (i % 7)},${200 - i},${i}`);
    const model = gaussianCopula(datasetOf(lines.join('\n') + '\n'));
    expect(model.details.ridge).toBeGreaterThan(0); // w duplicates x: R is singular
    const out = model.sample(2000, 3);
    const x = cellsOf(out, 'x') as number[];
    // Within-bin uniform draws cost some correlation: 20 bins of width 10 over a range of 200
    // leave Pearson ≥ 1 − (10²/12)/(200²/12) ≈ 0.9975 in the limit; 0.95 leaves room for noise.
    expect(pearson(x, cellsOf(out, 'y') as number[])).toBeGreaterThan(0.95);
    expect(pearson(x, cellsOf(out, 'z') as number[])).toBeLessThan(-0.95);
    expect(pearson(x, cellsOf(out, 'w') as number[])).toBeGreaterThan(0.95);
  });

  it('categorical columns keep their association: a 90 % agreement stays far above 50 %', () => {
    // a ∈ {p, q} half each; b equals a in 90 % of rows (rows 0..199: b differs when i mod 10 = 0)
    const lines = ['a,b'];
    for (let i = 0; i < 200; i++) {
      const a = i % 2 === 0 ? 'p' : 'q';
      const b = i % 10 === 0 ? (a === 'p' ? 'q' : 'p') : a;
      lines.push(`${a},${b}`);
    }
    const out = gaussianCopula(datasetOf(lines.join('\n') + '\n')).sample(4000, 11);
    const a = cellsOf(out, 'a');
    const b = cellsOf(out, 'b');
    let same = 0;
    for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
    // Independent columns would agree in 50 % of rows (sd √(0.25/4000) = 0.8 %): 70 % is 25 sd
    // above that (measured 79 %: binary normal scores keep part of the 90 % of the data).
    expect(same / a.length).toBeGreaterThan(0.7);
  });

  it('Adult: fits and samples 30,162 rows quickly; mean 1-way TVD below 0.02', () => {
    const data = adult();
    const started = performance.now();
    const out = gaussianCopula(data).sample(data.table.numRows(), 2026);
    const seconds = (performance.now() - started) / 1000;
    const tvds = data.table.columnNames().map((c) => columnTvd(data, out, c));
    const mean = tvds.reduce((a, b) => a + b, 0) / tvds.length;
    // Measured: 0.18 s, mean TVD 0.0047 (seed 2026).
    expect(mean).toBeLessThan(0.02);
    expect(seconds).toBeLessThan(10);
  });

  it('keeps missing rates', () => {
    const lines = ['x,y'];
    for (let i = 0; i < 100; i++) lines.push(`${i % 5 === 0 ? 'NA' : i},${i % 3}`);
    const out = gaussianCopula(datasetOf(lines.join('\n') + '\n')).sample(5000, 2);
    const missing = cellsOf(out, 'x').filter((v) => v === null).length / 5000;
    // true rate 20 of 100 = 0.2; Binomial sd = √(0.2·0.8/5000) = 0.0057; 0.035 is 6 sd
    expect(Math.abs(missing - 0.2)).toBeLessThan(0.035);
  });

  it('as a Method: same seed, same table; accounting without privacy', async () => {
    const data = datasetOf(B18);
    const a = await copulaMethod.run(data, { rows: 15, seed: 'x' });
    const b = await copulaMethod.run(data, { rows: 15, seed: 'x' });
    expect(formatCsv(a.table)).toBe(formatCsv(b.table));
    expect(a.accounting).toEqual({
      rowsIn: 10,
      rowsOut: 15,
      suppressedRows: 0,
      suppressedCells: 0,
    });
    expect(a.seeded).toBe(true);
  });
});
