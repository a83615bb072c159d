import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  localSuppression,
  localSuppressionMethod,
} from '../../../methods/generalisation/local-suppression/local-suppression.js';
import { suppressionPatterns } from '../../../methods/generalisation/local-suppression/patterns.js';
import { optimalGeneralisation } from '../../../methods/generalisation/optimal.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { errorOf } from '../../helpers/errors.js';
import { loadAdult } from '../generalisation/load.js';

/** Categorical quasi-identifiers (no hierarchy), plus any other columns as given. */
function categorical(
  columns: Record<string, unknown[]>,
  qis: string[],
  extra: ColumnSpec[] = [],
): Dataset {
  const specs = Object.keys(columns).map(
    (name): ColumnSpec =>
      extra.find((s) => s.name === name) ?? {
        name,
        type: 'categorical',
        role: qis.includes(name) ? 'quasi-identifier' : 'insensitive',
      },
  );
  return { table: table(columns), columns: specs };
}

/** Rows per output tuple of the given columns (the token as an ordinary value). */
function outputClasses(data: Dataset['table'], names: readonly string[]): number[][] {
  const classes = new Map<string, number[]>();
  const arrays = names.map((name) => data.array(name) as ArrayLike<unknown>);
  for (let r = 0; r < data.numRows(); r++) {
    const key = JSON.stringify(arrays.map((a) => a[r]));
    const rows = classes.get(key) ?? [];
    rows.push(r);
    classes.set(key, rows);
  }
  return [...classes.values()];
}

/** Rows of the input in classes (equal QI text) smaller than k: what the naive baseline suppresses. */
function unsafeRows(data: Dataset, names: readonly string[], k: number): number {
  return outputClasses(data.table, names)
    .filter((rows) => rows.length < k)
    .reduce((s, rows) => s + rows.length, 0);
}

describe('suppression patterns', () => {
  it('orders by size, then spares the most important column', () => {
    // Importance: column 0 most important, then 2, then 1 (positions 0, 2, 1).
    const patterns = suppressionPatterns([0, 2, 1]).map((p) => [...p].join(''));
    // Size 1: the least important (column 1), then column 2, then column 0. Size 2: the pair
    // without column 0 first ({1, 2}), then {0, 1} (its other column, 1, is the least important),
    // then {0, 2}. Then all three.
    expect(patterns).toEqual(['010', '001', '100', '011', '110', '101', '111']);
  });
});

describe('local suppression by hand', () => {
  it('suppresses the less important column of the two unsafe rows', () => {
    // k = 2. (M,30) ×2 is a class; (F,40) and (F,41) are alone. The cheapest pattern is one cell of
    // the least important column (age, after sex): (F,*) ×2 is a class of 2. Two cells, not the
    // baseline's four.
    const data = categorical({ sex: ['M', 'M', 'F', 'F'], age: ['30', '30', '40', '41'] }, [
      'sex',
      'age',
    ]);
    const release = localSuppression(data, { k: 2 });
    expect(release.table.array('sex')).toEqual(['M', 'M', 'F', 'F']);
    expect(release.table.array('age')).toEqual(['30', '30', '*', '*']);
    expect(release.accounting).toMatchObject({ suppressedCells: 2, suppressedRows: 0 });
    expect(release.details).toMatchObject({
      suppressedCells: { sex: 0, age: 2 },
      baselineSuppressedCells: 4,
      classes: 2,
      minClassSize: 2,
    });
    expect(release.columns.find((c) => c.name === 'age')?.type).toBe('categorical');
  });

  it('follows the importance order', () => {
    // Four unique rows, k = 2. Sparing sex: (M,*) (M,*) (F,*) (F,*). Sparing age: (*,30) ×2, (*,31) ×2.
    const data = categorical({ sex: ['M', 'M', 'F', 'F'], age: ['30', '31', '30', '31'] }, [
      'sex',
      'age',
    ]);
    expect(localSuppression(data, { k: 2 }).table.array('age')).toEqual(['*', '*', '*', '*']);
    const byAge = localSuppression(data, { k: 2, importance: ['age'] });
    expect(byAge.table.array('sex')).toEqual(['*', '*', '*', '*']);
    expect(byAge.table.array('age')).toEqual(['30', '31', '30', '31']);
  });

  it('fixes a too-small all-token class with the cheapest whole class', () => {
    // k = 2: (M,30) ×2, (F,30) alone, (F,40) ×2. No one-cell pattern puts (F,30) with another unsafe
    // row, so it is fully suppressed; the all-token class then has 1 row. No class has surplus rows
    // (both have exactly 2), so a whole class joins it: both cost 2 × 2 = 4 cells, the tie goes to
    // the first class, (M,30). Total 2 + 4 = 6 cells, three fully suppressed rows.
    const data = categorical(
      { sex: ['M', 'M', 'F', 'F', 'F'], age: ['30', '30', '30', '40', '40'] },
      ['sex', 'age'],
    );
    const release = localSuppression(data, { k: 2 });
    expect(release.table.array('sex')).toEqual(['*', '*', '*', 'F', 'F']);
    expect(release.table.array('age')).toEqual(['*', '*', '*', '40', '40']);
    expect(release.accounting).toMatchObject({ suppressedCells: 6, suppressedRows: 3 });
    expect(errorOf(() => localSuppression(data, { k: 2, suppressionLimit: 0.5 }))).toMatchObject({
      code: 'IMPOSSIBLE',
      field: 'suppressionLimit',
    });
  });

  it('starts from the given hierarchy levels and outputs their labels', () => {
    const age = new Hierarchy(
      [
        ['31', '30-39', '*'],
        ['36', '30-39', '*'],
        ['42', '40-49', '*'],
        ['44', '40-49', '*'],
        ['58', '50-59', '*'],
      ],
      { attribute: 'age' },
    );
    // At level 1: 30-39 ×2, 40-49 ×2, 50-59 alone; with k = 2 the lone row's age is suppressed… and
    // then (*) is alone too: no cheaper pattern exists, so a surplus-free whole class joins it.
    const data: Dataset = {
      table: table({ age: ['31', '36', '42', '44', '58'], x: [1, 2, 3, 4, 5] }),
      columns: [
        { name: 'age', type: 'integer', role: 'quasi-identifier', hierarchy: age },
        { name: 'x', type: 'integer', role: 'insensitive' },
      ],
    };
    const release = localSuppression(data, { k: 2, levels: { age: 1 } });
    expect(release.table.array('age')).toEqual(['*', '*', '40-49', '40-49', '*']);
    expect(release.table.array('x')).toEqual([1, 2, 3, 4, 5]);
    // At level 2 the labels are already '*' (the token): nothing is suppressed.
    const top = localSuppression(data, { k: 2, levels: { age: 2 } });
    expect(top.accounting.suppressedCells).toBe(0);
    expect(top.details).toMatchObject({ classes: 1, minClassSize: 5 });
  });

  it('refuses bad parameters before the data and impossible requests', () => {
    const data = categorical({ a: ['1', '2', '3'] }, ['a']);
    expect(errorOf(() => localSuppression(data, { k: 0 }))).toMatchObject({
      code: 'BAD_PARAMETER',
      field: 'k',
    });
    expect(errorOf(() => localSuppression(data, { k: 2, levels: { b: 0 } }))).toMatchObject({
      field: 'levels.b',
    });
    expect(errorOf(() => localSuppression(data, { k: 2, levels: { a: 1 } }))).toMatchObject({
      field: 'levels.a',
    });
    expect(errorOf(() => localSuppression(data, { k: 2, importance: ['a', 'a'] }))).toMatchObject({
      field: 'importance',
    });
    expect(errorOf(() => localSuppression(data, { k: 4 }))).toMatchObject({ code: 'IMPOSSIBLE' });
  });

  it('is a Method of the generalisation family', async () => {
    const data = categorical({ a: ['1', '1'] }, ['a']);
    expect(localSuppressionMethod.family).toBe('generalisation');
    expect((await localSuppressionMethod.run(data, { k: 2 })).accounting.suppressedCells).toBe(0);
  });
});

describe('local suppression properties', () => {
  const value = fc.constantFrom('a', 'b', 'c', '');
  it('k-anonymous output, kept cells unchanged, never more cells than the naive baseline', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(value, value, value, value), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 4 }),
        (k, m, rows, order) => {
          fc.pre(rows.length >= k);
          const names = ['p', 'q', 'r', 's'].slice(0, m);
          const columns: Record<string, unknown[]> = {};
          names.forEach((name, j) => (columns[name] = rows.map((row) => row[j])));
          const data = categorical(columns, names);
          const importance = [...new Set(order.filter((j) => j < m))].map(
            (j) => names[j] as string,
          );
          const release = localSuppression(data, { k, importance });
          for (const members of outputClasses(release.table, names)) {
            expect(members.length).toBeGreaterThanOrEqual(k);
          }
          let cells = 0;
          for (const name of names) {
            const before = columns[name] as string[];
            (release.table.array(name) as string[]).forEach((v, r) => {
              if (v === '*') cells++;
              else expect(v).toBe(before[r]);
            });
          }
          expect(release.accounting.suppressedCells).toBe(cells);
          expect(cells).toBeLessThanOrEqual(release.details.baselineSuppressedCells as number);
          // The naive baseline without fix-up, counted here from the input: every QI of every
          // unsafe row (when they are k or more, or none, it needs no fix-up).
          const unsafe = unsafeRows(data, names, k);
          if (unsafe >= k || unsafe === 0) expect(cells).toBeLessThanOrEqual(unsafe * m);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('with distinct 2-diversity every class has two distinct sensitive values (brute-force count)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.tuple(value, value, fc.constantFrom('x', 'y', 'x', '')), {
          minLength: 2,
          maxLength: 40,
        }),
        (k, rows) => {
          fc.pre(
            rows.length >= k && new Set(rows.map((r) => r[2]).filter((s) => s !== '')).size >= 2,
          );
          const data = categorical(
            { p: rows.map((r) => r[0]), q: rows.map((r) => r[1]), s: rows.map((r) => r[2]) },
            ['p', 'q'],
            [{ name: 's', type: 'categorical', role: 'sensitive' }],
          );
          const release = localSuppression(data, {
            k,
            models: [{ model: 'l-diversity', column: 's', variant: 'distinct', l: 2 }],
          });
          for (const members of outputClasses(release.table, ['p', 'q'])) {
            expect(members.length).toBeGreaterThanOrEqual(k);
            // A missing sensitive value is not a value (B10).
            const values = new Set(
              members.map((r) => (rows[r] as string[])[2]).filter((s) => s !== ''),
            );
            expect(values.size).toBeGreaterThanOrEqual(2);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('local suppression on Adult, k = 5 (8 quasi-identifiers of the demo config)', () => {
  const qis = [
    'sex',
    'age',
    'race',
    'marital-status',
    'education',
    'native-country',
    'workclass',
    'occupation',
  ];
  it('at level 0 and at the optimal levels (5 % limit): k-anonymous, far fewer cells than the baseline', async () => {
    const data = await loadAdult(qis);
    const optimal = optimalGeneralisation(data, { k: 5, suppressionLimit: 0.05 });
    for (const levels of [undefined, optimal.details.transformation as Record<string, number>]) {
      const release = localSuppression(data, { k: 5, ...(levels === undefined ? {} : { levels }) });
      for (const members of outputClasses(release.table, qis))
        expect(members.length).toBeGreaterThanOrEqual(5);
      const cells = release.accounting.suppressedCells;
      const baseline = release.details.baselineSuppressedCells as number;
      expect(cells).toBeLessThan(baseline);
      if (levels !== undefined) {
        // At the optimal levels the baseline is what optimal generalisation suppresses: all 8 QIs
        // of each of its suppressed rows.
        expect(baseline).toBe(optimal.accounting.suppressedRows * qis.length);
      }
    }
  });
});
