/**
 * Cases B07 (impossible k) and B08 (a constant quasi-identifier) of `cases.md`, at library level.
 */
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { optimalGeneralisation } from '../../../methods/generalisation/optimal.js';
import { maxSuppressedRows } from '../../../methods/generalisation/options.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { Dataset } from '../../../src/types.js';
import { errorOf } from '../../helpers/errors.js';

interface Details {
  transformation: Record<string, number>;
  classes: number;
  minClassSize: number;
  informationLoss: Record<string, number>;
  informationLossPerAttribute: Record<string, { loss: number; precision: number; entropy: number }>;
}

describe('B07: k larger than the row count, and other impossible k', () => {
  // b07.csv; age as numbers (as a typed CSV reader gives them), postcode as text.
  const b07: Dataset = {
    table: table({
      age: [34, 45, 66, 70],
      postcode: ['13008', '13001', '13005', '13005'],
      condition: ['flu', 'asthma', 'flu', 'diabetes'],
    }),
    columns: [
      {
        name: 'age',
        type: 'integer',
        role: 'quasi-identifier',
        hierarchy: new Hierarchy(
          [
            ['34', '[30,40[', '*'],
            ['45', '[40,50[', '*'],
            ['66', '[60,70[', '*'],
            ['70', '[70,80[', '*'],
          ],
          { attribute: 'age' },
        ),
      },
      {
        name: 'postcode',
        type: 'categorical',
        role: 'quasi-identifier',
        hierarchy: new Hierarchy(
          ['13001', '13005', '13008'].map((p) => [p, '*']),
          { attribute: 'postcode' },
        ),
      },
      { name: 'condition', type: 'categorical', role: 'sensitive' },
    ],
  };

  it('k = 5: "k = 5 exceeds the number of records (4)"', () => {
    const error = errorOf(() => optimalGeneralisation(b07, { k: 5 }));
    expect(error.code).toBe('IMPOSSIBLE');
    expect(error.message).toBe('k = 5 exceeds the number of records (4)');
  });

  it('k = 4: one class of four, every QI at its root, reported k the integer 4', () => {
    const release = optimalGeneralisation(b07, { k: 4 });
    const details = release.details as unknown as Details;
    expect(details.transformation).toEqual({ age: 2, postcode: 1 });
    expect(details.minClassSize).toBe(4);
    expect(Number.isInteger(details.minClassSize)).toBe(true);
    expect(details.classes).toBe(1);
    expect(release.table.objects()).toEqual([
      { age: '*', postcode: '*', condition: 'flu' },
      { age: '*', postcode: '*', condition: 'asthma' },
      { age: '*', postcode: '*', condition: 'flu' },
      { age: '*', postcode: '*', condition: 'diabetes' },
    ]);
    expect(release.accounting).toEqual({
      rowsIn: 4,
      rowsOut: 4,
      suppressedRows: 0,
      suppressedCells: 0,
    });
  });

  it('k = 1: levels all 0, values unchanged (as text), reported k 1', () => {
    const release = optimalGeneralisation(b07, { k: 1 });
    const details = release.details as unknown as Details;
    expect(details.transformation).toEqual({ age: 0, postcode: 0 });
    expect(details.minClassSize).toBe(1);
    expect(release.table.array('age')).toEqual(['34', '45', '66', '70']);
    expect(release.table.array('postcode')).toEqual(['13008', '13001', '13005', '13005']);
    expect(release.columns.map((c) => c.type)).toEqual(['integer', 'categorical', 'categorical']);
  });

  // A dataset whose table throws when touched proves the parameter is checked before the data.
  const untouchable: Dataset = {
    table: new Proxy(table({}), {
      get() {
        throw new Error('the data was read');
      },
    }),
    columns: b07.columns,
  };

  it.each([
    [0, 'k must be an integer ≥ 1, got 0'],
    [-1, 'k must be an integer ≥ 1, got -1'],
    [2.5, 'k must be an integer ≥ 1, got 2.5'],
    [Number.NaN, 'k must be an integer ≥ 1, got NaN'],
    [Infinity, 'k must be an integer ≥ 1, got Infinity'],
  ])('k = %d: a parameter error naming k, before the data is read', (k, message) => {
    const error = errorOf(() => optimalGeneralisation(untouchable, { k }));
    expect(error.code).toBe('BAD_PARAMETER');
    expect(error.message).toBe(message);
    expect(error.field).toBe('k');
  });

  it.each([-0.1, 1.5, Number.NaN])('suppressionLimit %d: a parameter error', (limit) => {
    const error = errorOf(() =>
      optimalGeneralisation(untouchable, { k: 2, suppressionLimit: limit }),
    );
    expect(error.code).toBe('BAD_PARAMETER');
    expect(error.message).toContain('suppressionLimit');
  });

  it('an unknown metric: a parameter error listing the metrics', () => {
    const error = errorOf(() =>
      optimalGeneralisation(untouchable, { k: 2, metric: 'utility' as never }),
    );
    expect(error.code).toBe('BAD_PARAMETER');
    expect(error.message).toBe(
      'metric must be one of loss, precision, discernibility, entropy, aecs, got "utility"',
    );
  });

  it('with a 100% limit, k = 5 is still refused', () => {
    const error = errorOf(() => optimalGeneralisation(b07, { k: 5, suppressionLimit: 1 }));
    expect(error.code).toBe('IMPOSSIBLE');
  });
});

describe('B08: a quasi-identifier with a single distinct value', () => {
  const ages = [31, 33, 36, 38, 42, 44, 47, 49];
  // Age 30–49: level 1 five-year bins, level 2 ten-year bins, level 3 [30,50[, level 4 *.
  const ageRows = Array.from({ length: 20 }, (_, i) => {
    const a = 30 + i;
    const five = 30 + 5 * Math.floor(i / 5);
    const ten = 30 + 10 * Math.floor(i / 10);
    return [String(a), `[${five},${five + 5}[`, `[${ten},${ten + 10}[`, '[30,50[', '*'];
  });
  const b08: Dataset = {
    table: table({
      sex: ages.map(() => 'F'),
      age: ages,
      condition: ['flu', 'asthma', 'flu', 'migraine', 'flu', 'asthma', 'flu', 'migraine'],
    }),
    columns: [
      {
        name: 'sex',
        type: 'categorical',
        role: 'quasi-identifier',
        hierarchy: new Hierarchy([['F', '*']], { attribute: 'sex' }),
      },
      {
        name: 'age',
        type: 'integer',
        role: 'quasi-identifier',
        hierarchy: new Hierarchy(ageRows, { attribute: 'age' }),
      },
      { name: 'condition', type: 'categorical', role: 'sensitive' },
    ],
  };

  it('k = 2: sex stays at level 0, age in 5-year bins of 2, nothing suppressed', () => {
    const started = performance.now();
    const release = optimalGeneralisation(b08, { k: 2 });
    expect(performance.now() - started).toBeLessThan(1000);
    const details = release.details as unknown as Details;
    expect(details.transformation).toEqual({ sex: 0, age: 1 });
    expect(release.table.array('age')).toEqual([
      '[30,35[',
      '[30,35[',
      '[35,40[',
      '[35,40[',
      '[40,45[',
      '[40,45[',
      '[45,50[',
      '[45,50[',
    ]);
    expect(details.classes).toBe(4);
    expect(details.minClassSize).toBe(2);
    expect(release.accounting.suppressedRows).toBe(0);
  });

  it('k = 3: age in 10-year bins of 4', () => {
    const release = optimalGeneralisation(b08, { k: 3 });
    const details = release.details as unknown as Details;
    expect(details.transformation).toEqual({ sex: 0, age: 2 });
    expect(details.classes).toBe(2);
    expect(details.minClassSize).toBe(4);
    expect(release.accounting.suppressedRows).toBe(0);
  });

  it('the information loss of sex is 0, not NaN, for every metric and level', () => {
    for (const k of [2, 3, 8]) {
      for (const metric of ['loss', 'precision', 'discernibility', 'entropy', 'aecs'] as const) {
        const details = optimalGeneralisation(b08, { k, metric }).details as unknown as Details;
        const sex = details.informationLossPerAttribute.sex;
        expect(sex?.loss).toBe(0);
        expect(sex?.entropy).toBe(0);
        for (const value of Object.values(details.informationLoss)) {
          expect(Number.isFinite(value)).toBe(true);
        }
      }
    }
  });

  it('k = 2: Loss by hand — sex 0/0 := 0; age 5-year bins cover 5 of 20 values: 4/19', () => {
    const details = optimalGeneralisation(b08, { k: 2 }).details as unknown as Details;
    expect(details.informationLossPerAttribute.age?.loss).toBeCloseTo(4 / 19, 12);
    expect(details.informationLoss.loss).toBeCloseTo((0 + 4 / 19) / 2, 12);
  });
});

describe('suppression limit', () => {
  it('means what its decimal says: 0.29 of 100 rows allows 29 suppressed rows, not 28', () => {
    // 0.29 * 100 === 28.999999999999996 in IEEE doubles.
    expect(0.29 * 100).toBeLessThan(29);
    expect(maxSuppressedRows(0.29, 100)).toBe(29);
    expect(maxSuppressedRows(0.05, 30162)).toBe(1508); // 1508.1
    expect(maxSuppressedRows(0, 1000)).toBe(0);
    expect(maxSuppressedRows(1, 7)).toBe(7);
  });
});

describe('ties between equally lossy releases', () => {
  it('prefer the one that suppresses fewer rows', () => {
    // Two rows a, b; hierarchy value → *; k = 2 with a limit of 100 %.
    // Bottom node: both rows alone, both suppressed: Loss = 1 (suppressed cells count 1).
    // Top node: one class of 2, nothing suppressed: Loss = (2 − 1)/(2 − 1) = 1.
    // Same loss; the top node keeps both records, so it wins although it is higher.
    const data: Dataset = {
      table: table({ q: ['a', 'b'] }),
      columns: [
        {
          name: 'q',
          type: 'categorical',
          role: 'quasi-identifier',
          hierarchy: new Hierarchy([
            ['a', '*'],
            ['b', '*'],
          ]),
        },
      ],
    };
    const release = optimalGeneralisation(data, { k: 2, suppressionLimit: 1 });
    expect(release.details.transformation).toEqual({ q: 1 });
    expect(release.accounting.suppressedRows).toBe(0);
    expect(release.details.informationLoss).toMatchObject({ loss: 1 });
  });
});
