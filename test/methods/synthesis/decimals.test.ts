/**
 * The number of decimals of a decimal column under DP (schema.ts): public (the `decimals` option,
 * else the decimals of the public bounds), never read from the private rows; from the data only
 * outside DP or with `domainsFromData`.
 */
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { independentMarginals } from '../../../methods/synthesis/independent.js';
import { fitMst } from '../../../methods/synthesis/mst.js';
import { fitPrivBayes } from '../../../methods/synthesis/privbayes.js';
import { decimalRules, synthSchema } from '../../../methods/synthesis/schema.js';
import type { SynthesisModel } from '../../../methods/synthesis/types.js';
import type { Dataset } from '../../../src/types.js';
import { errorOf } from '../../helpers/errors.js';

/** 200 rows: an age, an income written with 2 decimals, a town. */
function incomes(extra?: number): Dataset {
  const revenu = Array.from(
    { length: 200 },
    (_, i) => 1000 + ((i * 7919) % 3000) + ((i * 37) % 100) / 100,
  );
  // One record written with a third decimal: 1234.56 → 1234.565 (in the same bin).
  if (extra !== undefined) revenu[extra] = (revenu[extra] as number) + 0.005;
  return {
    table: table({
      age: Array.from({ length: 200 }, (_, i) => 20 + (i % 50)),
      revenu,
      ville: Array.from({ length: 200 }, (_, i) => ['Lyon', 'Metz'][i % 2]),
    }),
    columns: [
      { name: 'age', type: 'integer', role: 'insensitive' },
      { name: 'revenu', type: 'decimal', role: 'insensitive' },
      { name: 'ville', type: 'categorical', role: 'insensitive' },
    ],
  };
}

const PUBLIC = {
  bounds: { age: [0, 100] as [number, number], revenu: [0, 5000.25] as [number, number] },
  domains: { ville: ['Lyon', 'Metz'] },
};

const GENERATORS: [string, (data: Dataset) => SynthesisModel][] = [
  ['mst', (data) => fitMst(data, { epsilon: 1, ...PUBLIC, seed: 5 })],
  ['privbayes', (data) => fitPrivBayes(data, { epsilon: 1, ...PUBLIC, seed: 5 })],
  ['independent', (data) => independentMarginals(data, { epsilon: 1, ...PUBLIC, noiseSeed: 5 })],
];

/** Decimals of a number's shortest text. */
function decimalsIn(x: number): number {
  const t = String(x);
  return t.includes('.') ? t.length - t.indexOf('.') - 1 : 0;
}

describe('under DP the decimals of a decimal column are not read from the data', () => {
  it.each(GENERATORS)(
    '%s: one record with an extra decimal changes nothing (same seeds, same rows)',
    (_, fit) => {
      const plain = fit(incomes()).sample(300, 9);
      const odd = fit(incomes(17)).sample(300, 9);
      expect(odd.table.objects()).toEqual(plain.table.objects());
      const revenus = plain.table.array('revenu') as ArrayLike<number>;
      // [0, 5000.25]: 2 decimals, from the bounds
      for (const v of Array.from(revenus)) expect(decimalsIn(v)).toBeLessThanOrEqual(2);
      expect(Array.from(revenus).some((v) => decimalsIn(v) === 2)).toBe(true);
    },
  );

  it.each(GENERATORS)("%s: the details say the bounds' decimals gave them", (_, fit) => {
    expect(fit(incomes(17)).details.decimals).toEqual({
      revenu: { decimals: 2, from: 'bounds' },
    });
  });

  it("the bounds' decimals: their shortest text, the larger of the two ends", () => {
    const data = incomes(17); // values with up to 3 decimals
    const rule = (bounds: [number, number]): unknown =>
      decimalRules(synthSchema(data, { dp: true, bounds: { revenu: bounds } })).revenu;
    expect(rule([0, 5000.5])).toEqual({ decimals: 1, from: 'bounds' });
    expect(rule([0, 5000])).toEqual({ decimals: 0, from: 'bounds' });
    expect(rule([0.125, 5000])).toEqual({ decimals: 3, from: 'bounds' });
    expect(rule([0, 5000.0])).toEqual({ decimals: 0, from: 'bounds' });
    // The bounds' own decimals also set the narrowest bin: one step of 1 over [0, 5]: 5 bins.
    const narrow = synthSchema(data, { dp: true, bounds: { revenu: [0, 5] } });
    expect(narrow.find((c) => c.name === 'revenu')?.edges).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('bounds leaving fewer bins than asked are warned of, naming the way out', () => {
    const model = fitMst(incomes(), {
      epsilon: 1,
      ...PUBLIC,
      bounds: { ...PUBLIC.bounds, revenu: [0, 5] },
      seed: 1,
    });
    const warnings = model.details.warnings as string[];
    expect(
      warnings.some((w) => /"revenu".*0 decimal\(s\).*5 bin\(s\) of 20.*--decimals/.test(w)),
    ).toBe(true);
    const none = fitMst(incomes(), { epsilon: 1, ...PUBLIC, seed: 1 });
    expect((none.details.warnings as string[]).some((w) => w.includes('decimal(s)'))).toBe(false);
  });

  it('the decimals option wins over the bounds, in every mode', () => {
    const data = incomes(17);
    const schema = synthSchema(data, { dp: true, ...PUBLIC, decimals: { revenu: 1 } });
    expect(decimalRules(schema)).toEqual({ revenu: { decimals: 1, from: 'option' } });
    expect(decimalRules(synthSchema(data, { decimals: { revenu: 4 } }))).toEqual({
      revenu: { decimals: 4, from: 'option' },
    });
    const model = fitMst(data, { epsilon: 1, ...PUBLIC, decimals: { revenu: 1 }, seed: 3 });
    expect(model.details.decimals).toEqual({ revenu: { decimals: 1, from: 'option' } });
    const out = Array.from(model.sample(200, 1).table.array('revenu') as ArrayLike<number>);
    for (const v of out) expect(decimalsIn(v)).toBeLessThanOrEqual(1);
    expect(out.some((v) => decimalsIn(v) === 1)).toBe(true);
  });

  it('a bad decimals option is refused, naming the column', () => {
    const data = incomes();
    const bad = errorOf(() => synthSchema(data, { dp: true, decimals: { revenu: 11 } }));
    expect(bad.code).toBe('BAD_PARAMETER');
    expect(bad.column).toBe('revenu');
    const integer = errorOf(() => synthSchema(data, { dp: true, decimals: { age: 1 } }));
    expect(integer.message).toMatch(/"age" is an integer column/);
    expect(errorOf(() => synthSchema(data, { decimals: { nom: 1 } })).code).toBe('NOT_FOUND');
  });

  it('with domainsFromData, and outside DP, they are read from the data (as before)', () => {
    const data = incomes(17);
    const fromData = fitMst(data, { epsilon: 1, domainsFromData: true, seed: 1 });
    expect(fromData.details.decimals).toEqual({ revenu: { decimals: 3, from: 'data' } });
    expect(decimalRules(synthSchema(data, { bounds: PUBLIC.bounds }))).toEqual({
      revenu: { decimals: 3, from: 'data' },
    });
    expect(decimalRules(synthSchema(incomes(), { bounds: PUBLIC.bounds }))).toEqual({
      revenu: { decimals: 2, from: 'data' },
    });
  });
});
