/**
 * tabulate: hand-counted tables (flat and with a 2-level hierarchy), largest contributions, cell
 * keys, and a property: every subtotal equals the sum of its children.
 */
import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableOutput } from '../../../methods/tables/output.js';
import { tableDimension, tabulate } from '../../../methods/tables/tabulate.js';
import { STATUS } from '../../../methods/tables/types.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { Dataset } from '../../../src/types.js';
import type { TableStructure } from '../../../methods/tables/types.js';

const ds = (columns: Record<string, unknown[]>): Dataset => ({
  table: table(columns),
  columns: [],
});

/** The cell of a tuple of labels. */
function cellOf(s: TableStructure, labels: string[]): number {
  return labels.reduce((c, label, j) => {
    const i = (s.dimensions[j]?.labels ?? []).indexOf(label);
    if (i < 0) throw new Error(`no ${label}`);
    return c + i * (s.stride[j] ?? 0);
  }, 0);
}

describe('tabulate', () => {
  it('counts a 2 × 2 table with margins (hand count)', () => {
    // rows: (M,a) (M,a) (M,b) (F,b) (F,b) (F,b) (F,a)
    const data = ds({
      sex: ['M', 'M', 'M', 'F', 'F', 'F', 'F'],
      r: ['a', 'a', 'b', 'b', 'b', 'b', 'a'],
      pay: [10, 20, 30, 1, 2, 3, 40],
    });
    const t = tabulate(data, { by: ['sex', 'r'], value: 'pay' });
    expect(t.dimensions.map((d) => d.labels)).toEqual([
      ['Total', 'F', 'M'],
      ['Total', 'a', 'b'],
    ]);
    expect(t.size).toBe(9);
    expect(t.stride).toEqual([3, 1]);
    // Row-major: (Total,Total) (Total,a) (Total,b) (F,Total) (F,a) (F,b) (M,Total) (M,a) (M,b)
    expect(Array.from(t.count)).toEqual([7, 3, 4, 4, 1, 3, 3, 2, 1]);
    // pay: F,a = 40; F,b = 1+2+3 = 6; M,a = 10+20 = 30; M,b = 30.
    expect(Array.from(t.value?.total ?? [])).toEqual([106, 70, 36, 46, 40, 6, 60, 30, 30]);
    // largest: (Total,Total) 40, 30; (Total,a) 40, 20; (F,b) 3, 2; (F,a) 40, 0 (one unit).
    expect(t.value?.largest[0]?.[0]).toBe(40);
    expect(t.value?.largest[1]?.[0]).toBe(30);
    expect(t.value?.largest[1]?.[cellOf(t, ['Total', 'a'])]).toBe(20);
    expect(t.value?.largest[0]?.[cellOf(t, ['F', 'b'])]).toBe(3);
    expect(t.value?.largest[1]?.[cellOf(t, ['F', 'b'])]).toBe(2);
    expect(t.value?.largest[1]?.[cellOf(t, ['F', 'a'])]).toBe(0);
  });

  it('sorts numeric categories numerically, missing values last', () => {
    const t = tabulate(ds({ x: [10, 9, 100, 'NA', 9] }), { by: ['x'], missing: ['NA'] });
    expect(t.dimensions[0]?.labels).toEqual(['Total', '9', '10', '100', 'NA']);
    expect(Array.from(t.count)).toEqual([5, 2, 1, 1, 1]);
  });

  it('makes the levels of a hierarchy nested subtotals (2 levels, hand count)', () => {
    // age → band → *: 20, 25 → young; 60, 70 → old.
    const h = new Hierarchy([
      ['20', 'young', '*'],
      ['25', 'young', '*'],
      ['60', 'old', '*'],
      ['70', 'old', '*'],
    ]);
    const data = ds({
      age: ['20', '20', '25', '60', '70', '70', '70'],
      s: ['x', 'y', 'x', 'x', 'y', 'y', 'x'],
    });
    const t = tabulate(data, { by: ['age', 's'], hierarchies: { age: h } });
    const age = t.dimensions[0];
    expect(age?.labels).toEqual(['Total', 'young', '20', '25', 'old', '60', '70']);
    expect(Array.from(age?.parent ?? [])).toEqual([-1, 0, 1, 1, 0, 4, 4]);
    expect(age?.children).toEqual([[1, 4], [2, 3], [], [], [5, 6], [], []]);
    // young: 20 (2 rows) + 25 (1) = 3; old: 60 (1) + 70 (3) = 4; total 7.
    expect(t.count[cellOf(t, ['young', 'Total'])]).toBe(3);
    expect(t.count[cellOf(t, ['old', 'Total'])]).toBe(4);
    expect(t.count[cellOf(t, ['Total', 'Total'])]).toBe(7);
    // old × y: 70,y twice = 2; old × x: 60,x + 70,x = 2.
    expect(t.count[cellOf(t, ['old', 'y'])]).toBe(2);
    expect(t.count[cellOf(t, ['old', 'x'])]).toBe(2);
  });

  it('collapses a level that repeats its only child and keeps hierarchy leaves absent from the data', () => {
    const h = new Hierarchy([
      ['a', 'a', '*'],
      ['b', 'g', '*'],
      ['c', 'g', '*'],
    ]);
    const t = tabulate(ds({ v: ['a', 'b'] }), { by: ['v'], hierarchies: { v: h } });
    expect(t.dimensions[0]?.labels).toEqual(['Total', 'a', 'g', 'b', 'c']);
    expect(Array.from(t.count)).toEqual([2, 1, 1, 1, 0]);
  });

  it('refuses a hierarchy label at two levels, naming the file, column, label and lines', () => {
    // AB is a group of A and B (level 1, line 1) and a value under X (level 0, line 3): two
    // output rows would be labelled AB.
    const h = new Hierarchy(
      [
        ['A', 'AB', '*'],
        ['B', 'AB', '*'],
        ['AB', 'X', '*'],
      ],
      { file: 'h.csv', attribute: 'g' },
      [1, 2, 3],
    );
    const data = ds({ g: ['A', 'B', 'AB'] });
    const call = () => tabulate(data, { by: ['g'], hierarchies: { g: h } });
    expect(call).toThrow(
      expect.objectContaining({
        code: 'BAD_CONFIG',
        file: 'h.csv',
        column: 'g',
        value: 'AB',
        line: 3,
      }),
    );
    expect(call).toThrow(
      'h.csv: hierarchy of "g": the label "AB" appears at level 1 (line 1) and as a value (level 0, line 3)',
    );
    // The same through tableDimension (the path of `tables audit`).
    expect(() => tableDimension('g', [], { hierarchy: h })).toThrow(
      expect.objectContaining({ code: 'BAD_CONFIG', value: 'AB' }),
    );
    // Two groups at different levels: H is above G (level 2, row 1) and below K (level 1, row 2).
    const groups = new Hierarchy([
      ['a', 'G', 'H', '*'],
      ['b', 'H', 'K', '*'],
    ]);
    expect(() => tabulate(ds({ g: ['a'] }), { by: ['g'], hierarchies: { g: groups } })).toThrow(
      'the label "H" appears at level 2 (row 1) and at level 1 (row 2)',
    );
    // A group labelled Total below several tops would be confused with the table's total.
    const total = new Hierarchy([
      ['a', 'Total', 'P'],
      ['b', 'c', 'Q'],
    ]);
    expect(() => tabulate(ds({ g: ['a'] }), { by: ['g'], hierarchies: { g: total } })).toThrow(
      `the label "Total" appears as the table's total and at level 1 (row 1)`,
    );
  });

  it('lists every value missing from the hierarchy (the first 10 and a count), not only the first', () => {
    const h = new Hierarchy([['a', '*']]);
    // Rows 2–13 (file lines 3–14) hold 12 values the hierarchy lacks; m1 repeats on line 15.
    const g = ['a', ...Array.from({ length: 12 }, (_, i) => `m${i + 1}`), 'm1'];
    const call = () => tabulate(ds({ g }), { by: ['g'], hierarchies: { g: h }, file: 'd.csv' });
    expect(call).toThrow(
      'd.csv: attribute "g": 12 values are not in its hierarchy: "m1" (line 3), "m2" (line 4), ' +
        '"m3" (line 5), "m4" (line 6), "m5" (line 7), "m6" (line 8), "m7" (line 9), ' +
        '"m8" (line 10), "m9" (line 11), "m10" (line 12), and 2 more',
    );
    expect(call).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', file: 'd.csv', line: 3, value: 'm1' }),
    );
  });

  it('computes cell keys as the sum of record keys mod 1', () => {
    const keys = Float64Array.of(0.5, 0.75, 0.25);
    const t = tabulate(ds({ g: ['a', 'a', 'b'] }), { by: ['g'], recordKeys: keys });
    // Total: 1.5 mod 1 = 0.5; a: 1.25 mod 1 = 0.25; b: 0.25.
    expect(Array.from(t.cellKey ?? [])).toEqual([0.5, 0.25, 0.25]);
  });

  it('refuses bad input with line, column and value', () => {
    expect(() => tabulate(ds({ g: ['a', 'Total'] }), { by: ['g'] })).toThrow(/Total/);
    expect(() => tabulate(ds({ g: ['a', 'b'], v: [1, 'x'] }), { by: ['g'], value: 'v' })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', line: 3, column: 'v', value: 'x' }),
    );
    expect(() =>
      tabulate(ds({ g: ['a', 'b'], v: [1, -2] }), { by: ['g'], value: 'v', nonNegative: true }),
    ).toThrow(expect.objectContaining({ code: 'BAD_INPUT', line: 3, value: '-2' }));
    expect(() => tabulate(ds({ g: ['a'] }), { by: ['h'] })).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    const h = new Hierarchy([['a', '*']]);
    expect(() => tabulate(ds({ g: ['a', 'z'] }), { by: ['g'], hierarchies: { g: h } })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', line: 3, value: 'z' }),
    );
  });

  it('property: every subtotal is the sum of its children, along every dimension', () => {
    const h = new Hierarchy([
      ['1', 'A', '*'],
      ['2', 'A', '*'],
      ['3', 'B', '*'],
      ['4', 'B', '*'],
      ['5', 'C', '*'],
    ]);
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('1', '2', '3', '4', '5'),
            fc.constantFrom('x', 'y', 'z'),
            fc.integer({ min: 0, max: 50 }),
          ),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        (rows) => {
          const t = tabulate(
            ds({ a: rows.map((r) => r[0]), b: rows.map((r) => r[1]), v: rows.map((r) => r[2]) }),
            { by: ['a', 'b'], value: 'v', hierarchies: { a: h } },
          );
          const total = t.value?.total as Float64Array;
          for (let c = 0; c < t.size; c++) {
            t.dimensions.forEach((d, j) => {
              const stride = t.stride[j] as number;
              const node = Math.floor(c / stride) % d.labels.length;
              const kids = d.children[node] ?? [];
              if (kids.length === 0) return;
              const base = c - node * stride;
              let n = 0;
              let s = 0;
              for (const k of kids) {
                n += t.count[base + k * stride] as number;
                s += total[base + k * stride] as number;
              }
              expect(t.count[c]).toBe(n);
              expect(total[c]).toBe(s);
            });
          }
          expect(t.count[0]).toBe(rows.length);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('writes one row per cell, totals labelled Total, suppressed values empty, status letters', () => {
    const t = tabulate(ds({ sex: ['M', 'F', 'F'], r: ['a', 'a', 'b'] }), { by: ['sex', 'r'] });
    const status = new Uint8Array(t.size);
    status[4] = STATUS.A; // (F, a)
    status[5] = STATUS.D; // (F, b)
    const out = tableOutput(
      t,
      Float64Array.from(t.count, (x) => x + 0.1 + 0.2 - 0.3),
      status,
    );
    expect(out.columnNames()).toEqual(['sex', 'r', 'count', 'status']);
    expect(out.objects()).toEqual([
      { sex: 'Total', r: 'Total', count: 3, status: 'V' },
      { sex: 'Total', r: 'a', count: 2, status: 'V' },
      { sex: 'Total', r: 'b', count: 1, status: 'V' },
      { sex: 'F', r: 'Total', count: 2, status: 'V' },
      { sex: 'F', r: 'a', count: null, status: 'A' },
      { sex: 'F', r: 'b', count: null, status: 'D' },
      { sex: 'M', r: 'Total', count: 1, status: 'V' },
      { sex: 'M', r: 'a', count: 1, status: 'V' },
      { sex: 'M', r: 'b', count: 0, status: 'V' },
    ]);
    expect(() => tableOutput(t, t.count, status, { valueName: 'sex' })).toThrow(/repeat/);
  });
});
