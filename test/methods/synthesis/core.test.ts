import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  OTHER,
  type SynthColumn,
  dayNumber,
  decode,
  discretise,
  drawIndex,
  identifierColumns,
  isoDay,
  synthSchema,
  unitInterval,
} from '../../../methods/synthesis/schema.js';
import { DatanonymeError } from '../../../src/errors.js';
import { seededRandom } from '../../../src/random/source.js';
import { formatCsv } from '../../../src/table/format.js';
import { B18, B19, cellsOf, datasetOf } from './core-helpers.js';

describe('synthSchema', () => {
  it('B18: constant columns are constant, numeric ones binned between min and max', () => {
    const schema = synthSchema(datasetOf(B18));
    const [country, consent, age, visits] = schema;
    expect(country).toMatchObject({ kind: 'constant', values: ['FR'], missingRate: 0 });
    expect(consent).toMatchObject({ kind: 'constant', values: ['yes'] });
    // age: 23..61, integer, range 39 values > 20 bins → 20 bins, edges 23 + round(i·39/20)
    expect(age?.kind).toBe('numeric');
    expect(age?.integer).toBe(true);
    expect(age?.edges?.[0]).toBe(23);
    expect(age?.edges?.[20]).toBe(62); // hi + 1
    expect(age?.edges?.[1]).toBe(25); // 23 + round(1.95) = 25
    expect(age?.boundsFromData).toBe(true);
    // visits: 1..7, 7 values ≤ 20 bins → one bin per value
    expect(visits?.edges).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(visits?.values).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('B19: an all-empty column is empty; missing rates are counted', () => {
    const schema = synthSchema(datasetOf(B19));
    expect(schema.map((c) => c.kind)).toEqual(['numeric', 'numeric', 'empty', 'categorical']);
    expect(schema[2]?.missingRate).toBe(1);
    expect(schema[1]?.format?.decimals).toBe(2); // 8.25
    const withMissing = synthSchema(datasetOf('a,b\n1,x\n,y\n3,\n4,x\n'));
    expect(withMissing[0]?.missingRate).toBe(0.25); // 1 of 4
    expect(withMissing[1]?.missingRate).toBe(0.25);
    expect(withMissing[1]?.values).toEqual(['x', 'y']); // x twice, y once
  });

  it('keeps the top maxCategories values and one (other) holding the rare ones', () => {
    // a ×3, b ×2, c ×2, d ×1, e ×1; ties by text: top 2 = a, b
    const data = datasetOf('v\na\na\na\nb\nb\nc\nc\nd\ne\n');
    const [v] = synthSchema(data, { maxCategories: 2 });
    expect(v?.values).toEqual(['a', 'b', OTHER]);
    expect(v?.other).toEqual({ values: ['c', 'd', 'e'], counts: [2, 1, 1] });
    const [dp] = synthSchema(data, { maxCategories: 2, dp: true });
    expect(dp?.other).toBeUndefined();
    expect(Array.from(discretise(data, [v as SynthColumn])[0] as Int32Array)).toEqual([
      0, 0, 0, 1, 1, 2, 2, 2, 2,
    ]);
  });

  it('leaves identifier columns out', () => {
    const data = datasetOf('id,city\nR-1,Lyon\nR-2,Lille\n', { id: 'identifier' });
    expect(synthSchema(data).map((c) => c.name)).toEqual(['city']);
    expect(identifierColumns(data)).toEqual(['id']);
  });

  it('uses public bounds and domains; a value outside a domain reads as missing', () => {
    const data = datasetOf(B18);
    const schema = synthSchema(data, {
      bounds: { age: [0, 99] },
      domains: { country: ['FR', 'BE'] },
      dp: true,
    });
    expect(schema[0]).toMatchObject({ kind: 'categorical', values: ['FR', 'BE'] });
    expect(schema[0]?.domainFromData).toBeUndefined();
    expect(schema[2]?.edges?.[0]).toBe(0);
    expect(schema[2]?.edges?.[20]).toBe(100);
    expect(schema[2]?.boundsFromData).toBeUndefined();
    const codes = discretise(datasetOf('country\nFR\nDE\n'), [schema[0] as SynthColumn]);
    expect(Array.from(codes[0] as Int32Array)).toEqual([0, 2]); // DE → the missing code 2
  });

  it('refuses bad options with the field named', () => {
    const data = datasetOf(B18);
    expect(() => synthSchema(data, { bins: 1 })).toThrow(DatanonymeError);
    expect(() => synthSchema(data, { maxCategories: 0 })).toThrow(/maxCategories/);
    try {
      synthSchema(data, { bounds: { age: [5, 1] } });
      expect.unreachable();
    } catch (e) {
      expect((e as DatanonymeError).column).toBe('age');
    }
  });
});

describe('decode', () => {
  it('B18: constants stay constant, integers stay integers within range', () => {
    const data = datasetOf(B18);
    const schema = synthSchema(data);
    const out = decode(discretise(data, schema), schema, seededRandom(7));
    expect(cellsOf(out, 'country').every((v) => v === 'FR')).toBe(true);
    expect(cellsOf(out, 'consent').every((v) => v === 'yes')).toBe(true);
    // visits has one bin per value: decoding its own codes gives back the data exactly
    expect(cellsOf(out, 'visits')).toEqual(cellsOf(data, 'visits'));
    const ages = cellsOf(out, 'age') as number[];
    for (const a of ages) {
      expect(Number.isInteger(a)).toBe(true);
      expect(a).toBeGreaterThanOrEqual(23);
      expect(a).toBeLessThanOrEqual(61);
    }
    expect(out.columns.map((c) => c.type)).toEqual([
      'categorical',
      'categorical',
      'integer',
      'integer',
    ]);
  });

  it('B19: the empty column stays empty, types and domains hold', () => {
    const data = datasetOf(B19);
    const schema = synthSchema(data);
    const out = decode(discretise(data, schema), schema, seededRandom(1));
    expect(cellsOf(out, 'notes').every((v) => v === null)).toBe(true);
    expect(cellsOf(out, 'group')).toEqual(cellsOf(data, 'group'));
    for (const s of cellsOf(out, 'score') as number[]) {
      expect(s).toBeGreaterThanOrEqual(4.5);
      expect(s).toBeLessThanOrEqual(9);
      expect(Math.round(s * 100)).toBeCloseTo(s * 100, 8); // at most 2 decimals, as 8.25
    }
    expect(out.columns.map((c) => c.type)).toEqual([
      'integer',
      'decimal',
      'categorical',
      'categorical',
    ]);
  });

  it('dates come back as ISO dates inside their bin', () => {
    const data = datasetOf('d\n2024-01-01\n2024-01-31\n2024-03-01\nNA\n');
    const schema = synthSchema(data, { bins: 4 });
    expect(schema[0]?.kind).toBe('date');
    // 2024-01-01 .. 2024-03-01 = 60 days after, so 61 whole days in 4 bins
    expect(schema[0]?.edges).toEqual([19723, 19738, 19754, 19769, 19784]);
    const codes = discretise(data, schema);
    expect(Array.from(codes[0] as Int32Array)).toEqual([0, 1, 3, 4]);
    const out = decode(codes, schema, seededRandom(3));
    const days = cellsOf(out, 'd');
    expect(days[3]).toBeNull();
    for (let i = 0; i < 3; i++) {
      const text = days[i] as string;
      expect(text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const day = dayNumber(text);
      const bin = (codes[0] as Int32Array)[i] as number;
      expect(day).toBeGreaterThanOrEqual((schema[0]?.edges ?? [])[bin] as number);
      expect(day).toBeLessThan((schema[0]?.edges ?? [])[bin + 1] as number);
    }
    expect(dayNumber('2024-01-01')).toBe(19723); // 54 years · 365 + 13 leap days = 19723
    expect(isoDay(19723)).toBe('2024-01-01');
  });

  it('(other) is a draw among the rare values outside DP, the text (other) under DP', () => {
    const data = datasetOf('v\na\na\na\nb\nb\nc\nc\nd\n');
    const [col] = synthSchema(data, { maxCategories: 1 });
    const codes = [Int32Array.from({ length: 200 }, () => 1)]; // all (other)
    const out = cellsOf(decode(codes, [col as SynthColumn], seededRandom(5)), 'v');
    expect(new Set(out)).toEqual(new Set(['b', 'c', 'd']));
    const [dp] = synthSchema(data, { maxCategories: 1, dp: true });
    expect(
      cellsOf(decode(codes, [dp as SynthColumn], seededRandom(5)), 'v').every((v) => v === OTHER),
    ).toBe(true);
  });

  it('same seed, same bytes; another seed, other bytes', () => {
    const data = datasetOf(B19);
    const schema = synthSchema(data);
    const codes = discretise(data, schema);
    const csv = (seed: number): string =>
      formatCsv(decode(codes, schema, seededRandom(seed)).table);
    expect(csv(42)).toBe(csv(42));
    expect(csv(42)).not.toBe(csv(43));
  });

  it('refuses codes out of range', () => {
    const data = datasetOf(B18);
    const schema = synthSchema(data);
    const codes = discretise(data, schema);
    (codes[3] as Int32Array)[0] = 99;
    expect(() => decode(codes, schema, seededRandom(1))).toThrow(/visits/);
  });

  it('property: decoding then discretising gives the codes back (integers and decimals)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 500 }), { minLength: 2, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 2, maxLength: 40 }),
        fc.integer({ min: 2, max: 20 }),
        (ints, cents, bins) => {
          const m = Math.min(ints.length, cents.length);
          const lines = ['i,x'];
          for (let r = 0; r < m; r++)
            lines.push(`${ints[r]},${((cents[r] as number) / 100).toFixed(2)}`);
          const data = datasetOf(lines.join('\n') + '\n');
          const schema = synthSchema(data, { bins });
          const codes = discretise(data, schema);
          const back = discretise(decode(codes, schema, seededRandom(bins)), schema);
          expect(back.map((c) => Array.from(c))).toEqual(codes.map((c) => Array.from(c)));
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });
});

describe('random helpers', () => {
  it('unitInterval is in [0, 1) and drawIndex follows the counts', () => {
    const rng = seededRandom(9);
    for (let i = 0; i < 1000; i++) {
      const u = unitInterval(rng);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
    expect(drawIndex([0, 3, 0], rng)).toBe(1);
    expect(drawIndex([0, 0], rng)).toBe(-1);
  });
});
