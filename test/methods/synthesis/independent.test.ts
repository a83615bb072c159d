import { describe, expect, it } from 'vitest';
import { independentMarginals, independentMethod } from '../../../methods/synthesis/independent.js';
import { DatanonymeError } from '../../../src/errors.js';
import type { LedgerEntry } from '../../../src/privacy/accountant.js';
import { seededRandom, uniformInt } from '../../../src/random/source.js';
import { formatCsv } from '../../../src/table/format.js';
import { B18, B19, adult, cellsOf, columnTvd, datasetOf } from './core-helpers.js';

describe('independentMarginals', () => {
  it('B18: constants stay constant, age and visits vary within range, visits integer', () => {
    const data = datasetOf(B18);
    for (const model of [
      independentMarginals(data),
      independentMarginals(data, {
        epsilon: 1,
        bounds: { age: [23, 61], visits: [1, 7] },
        domains: { country: ['FR'], consent: ['yes'] },
        noiseSeed: 7,
      }),
    ]) {
      const out = model.sample(50, 7);
      expect(out.table.numRows()).toBe(50);
      expect(cellsOf(out, 'country').every((v) => v === 'FR')).toBe(true);
      expect(cellsOf(out, 'consent').every((v) => v === 'yes')).toBe(true);
      const age = cellsOf(out, 'age') as number[];
      const visits = cellsOf(out, 'visits') as number[];
      expect(new Set(age).size).toBeGreaterThan(1);
      expect(new Set(visits).size).toBeGreaterThan(1);
      for (const a of age) expect(Number.isInteger(a) && a >= 23 && a <= 61).toBe(true);
      for (const v of visits) expect(Number.isInteger(v) && v >= 1 && v <= 7).toBe(true);
    }
  });

  it('B18 under DP: constant public domains cost nothing, ε split over age and visits', () => {
    const model = independentMarginals(datasetOf(B18), {
      epsilon: 1,
      bounds: { age: [23, 61], visits: [1, 7] },
      domains: { country: ['FR'], consent: ['yes'] },
      noiseSeed: 1,
    });
    const ledger = model.details.ledger as LedgerEntry[];
    expect(ledger.map((e) => e.query)).toEqual(['histogram of age', 'histogram of visits']);
    expect(ledger.map((e) => e.epsilon)).toEqual([0.5, 0.5]);
    expect(model.details.seeded).toBe(true);
  });

  it('B19: the empty column stays empty, no missing elsewhere, types and domain hold', () => {
    const data = datasetOf(B19);
    for (const model of [
      independentMarginals(data),
      independentMarginals(data, {
        epsilon: 1,
        bounds: { age: [18, 90], score: [0, 10] },
        domains: { group: ['A', 'B'] },
        domainsFromData: true, // notes: its (empty) domain is read from the data
        noiseSeed: 1,
      }),
    ]) {
      const out = model.sample(20, 1);
      expect(cellsOf(out, 'notes').every((v) => v === null)).toBe(true);
      for (const name of ['age', 'score', 'group']) {
        expect(cellsOf(out, name).every((v) => v !== null)).toBe(true);
      }
      expect(new Set(cellsOf(out, 'group')).size).toBeLessThanOrEqual(2);
      for (const g of cellsOf(out, 'group')) expect(['A', 'B']).toContain(g);
      for (const a of cellsOf(out, 'age')) expect(Number.isInteger(a)).toBe(true);
      for (const s of cellsOf(out, 'score')) expect(typeof s).toBe('number');
      expect(out.columns.map((c) => c.type)).toEqual([
        'integer',
        'decimal',
        'categorical',
        'categorical',
      ]);
    }
  });

  it('B21: same seed, same bytes; another seed, other bytes; sampling does not change the model', () => {
    const model = independentMarginals(datasetOf(B18));
    const csv = (seed: number): string => formatCsv(model.sample(20, seed).table);
    const first = csv(42);
    expect(csv(43)).not.toBe(first);
    expect(csv(42)).toBe(first);
    expect(formatCsv(independentMarginals(datasetOf(B18)).sample(20, 42).table)).toBe(first);
  });

  it('B26: identifier columns are dropped, never copied', () => {
    const data = datasetOf('record_code,city,sex\nR-0001,Lyon,F\nR-0002,Lille,M\nR-0003,Lyon,F\n', {
      record_code: 'identifier',
    });
    const model = independentMarginals(data);
    const out = model.sample(12, 3);
    expect(out.table.columnNames()).toEqual(['city', 'sex']);
    expect(model.details.droppedIdentifiers).toEqual(['record_code']);
  });

  it('B26 scaled: 5,000 rows, 2,000 clinics, 300 cities: fast, top 50 + (other), no code copied', () => {
    const rng = seededRandom(26);
    const lines = ['record_code,city,clinic,smoker,sex'];
    for (let i = 0; i < 5000; i++) {
      lines.push(
        `R-${String(i).padStart(5, '0')},city${uniformInt(rng, 300)},C${uniformInt(rng, 2000)},` +
          `${uniformInt(rng, 2) === 0 ? 'yes' : 'no'},${uniformInt(rng, 2) === 0 ? 'F' : 'M'}`,
      );
    }
    const data = datasetOf(lines.join('\n') + '\n', { record_code: 'identifier' });
    const started = performance.now();
    const out = independentMarginals(data).sample(5000, 1);
    expect((performance.now() - started) / 1000).toBeLessThan(2);
    expect(out.table.columnNames()).toEqual(['city', 'clinic', 'smoker', 'sex']);
    const clinics = new Set(cellsOf(data, 'clinic'));
    for (const c of cellsOf(out, 'clinic')) expect(clinics.has(c)).toBe(true);
    const dp = independentMarginals(data, { epsilon: 1, domainsFromData: true, noiseSeed: 1 });
    const dpClinics = new Set(cellsOf(dp.sample(5000, 1), 'clinic'));
    expect(dpClinics.size).toBeLessThanOrEqual(51); // the top 50 and '(other)', never a rare one
  });

  it('keeps missing rates: 3 of 12 missing comes back near 25 %', () => {
    const rows = ['x'];
    for (let i = 0; i < 12; i++) rows.push(i % 4 === 0 ? 'NA' : String.fromCharCode(97 + (i % 3)));
    const out = independentMarginals(datasetOf(rows.join('\n') + '\n')).sample(4000, 9);
    const missing = cellsOf(out, 'x').filter((v) => v === null).length / 4000;
    // Binomial(4000, 0.25): sd = √(4000·0.25·0.75) / 4000 = 0.00685; 0.04 is 5.8 sd (p < 1e-8)
    expect(Math.abs(missing - 0.25)).toBeLessThan(0.04);
  });

  it('Adult: mean 1-way TVD of the exact model below 0.02 (age in 10 bins)', () => {
    const data = adult();
    const model = independentMarginals(data);
    const out = model.sample(data.table.numRows(), 2026);
    const tvds = data.table.columnNames().map((c) => columnTvd(data, out, c));
    // Measured 0.0040 (seed 2026): sampling error only, plus age drawn uniformly in its 20 bins.
    const mean = tvds.reduce((a, b) => a + b, 0) / tvds.length;
    expect(mean).toBeLessThan(0.02);
  });

  it('Adult under DP (ε = 1): the ledger sums to ε exactly, mean 1-way TVD below 0.03', () => {
    const data = adult();
    const model = independentMarginals(data, {
      epsilon: 1,
      bounds: { age: [17, 90] },
      domainsFromData: true,
      noiseSeed: 5,
    });
    const ledger = model.details.ledger as LedgerEntry[];
    expect(ledger).toHaveLength(9); // nine columns, ε/9 each
    const privacy = model.details.privacy as {
      spent: { epsilon: number };
      remaining: { epsilon: number };
    };
    expect(privacy.spent.epsilon).toBe(1);
    expect(privacy.remaining.epsilon).toBe(0);
    expect((model.details.warnings as string[]).join(' ')).toMatch(/NOT differentially private/);
    const out = model.sample(data.table.numRows(), 1);
    const tvds = data.table.columnNames().map((c) => columnTvd(data, out, c));
    expect(tvds.reduce((a, b) => a + b, 0) / tvds.length).toBeLessThan(0.03);
  });

  it('DP refuses columns without public bounds or domain, naming all; domainsFromData reads both', () => {
    const data = datasetOf(B18);
    const fail = (options: Parameters<typeof independentMarginals>[1]): DatanonymeError => {
      try {
        independentMarginals(data, options);
      } catch (e) {
        return e as DatanonymeError;
      }
      throw new Error('no error');
    };
    const bounds = fail({ epsilon: 1, bounds: { age: [0, 99] }, domains: { country: ['FR'] } });
    expect(bounds.code).toBe('BAD_PARAMETER');
    expect(bounds.column).toBe('visits');
    const all = fail({ epsilon: 1 });
    expect(all.message).toContain('public bounds for "age", "visits"');
    expect(all.message).toContain('public categories for "country", "consent"');
    expect(all.message).toMatch(/--bounds age=lo:hi.*--domain country=.*--domain-from-data/);
    // As MST and PrivBayes: domainsFromData reads the bounds too, and says so.
    const model = independentMarginals(data, { epsilon: 1, domainsFromData: true, noiseSeed: 1 });
    expect((model.details.warnings as string[]).join(' ')).toMatch(
      /"country", "consent", "age", "visits" were read from the data/,
    );
    const domain = fail({ epsilon: 1, bounds: { age: [0, 99], visits: [0, 9] } });
    expect(domain.column).toBe('country');
    expect(fail({ epsilon: 0 }).field).toBe('epsilon');
    expect(fail({ withMissing: ['nope'] }).code).toBe('NOT_FOUND');
  });

  it('DP without a seed draws its noise from the secure source and is not flagged seeded', () => {
    const model = independentMarginals(datasetOf(B18), {
      epsilon: 1,
      bounds: { age: [0, 99], visits: [0, 9] },
      domains: { country: ['FR', 'BE'], consent: ['yes', 'no'] },
    });
    expect(model.details.seeded).toBe(false);
    expect((model.details.ledger as LedgerEntry[]).map((e) => e.epsilon)).toEqual([
      0.25, 0.25, 0.25, 0.25,
    ]);
  });

  it('as a Method: a Release with rows in and out, the ledger, and seeded flags', async () => {
    const data = datasetOf(B18);
    const plain = await independentMethod.run(data, {});
    expect(plain.accounting).toMatchObject({ rowsIn: 10, rowsOut: 10, suppressedRows: 0 });
    expect(plain.seeded).toBe(false);
    expect(typeof plain.parameters.seed).toBe('string'); // drawn, and recorded
    const dp = await independentMethod.run(data, {
      epsilon: 0.5,
      bounds: { age: [0, 99], visits: [0, 9] },
      domains: { country: ['FR'], consent: ['yes'] },
      rows: 30,
      seed: 4,
    });
    expect(dp.table.numRows()).toBe(30);
    expect(dp.accounting.privacy?.map((e) => e.epsilon)).toEqual([0.25, 0.25]);
    expect(dp.seeded).toBe(true);
  });
});
