/**
 * Mondrian on small tables whose partitions are worked out by hand, step by step, in the comments.
 * Notation: a partition of n rows can only be cut when n ≥ 2k; a strict cut falls between distinct
 * values, at the boundary whose left part is nearest n/2 (ties to the smaller left part).
 */
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { mondrian, mondrianMethod } from '../../../methods/generalisation/mondrian/mondrian.js';
import {
  hierarchyTree,
  lowestCommonAncestor,
} from '../../../methods/generalisation/mondrian/tree.js';
import { errorOf } from '../../helpers/errors.js';

function qi(name: string, type: ColumnSpec['type'], hierarchy?: Hierarchy): ColumnSpec {
  const spec: ColumnSpec = { name, type, role: 'quasi-identifier' };
  if (hierarchy !== undefined) spec.hierarchy = hierarchy;
  return spec;
}

function column(
  release: { table: { array(name: string): ArrayLike<unknown> } },
  name: string,
): unknown[] {
  return Array.from(release.table.array(name));
}

/** The B08 table of cases.md. */
function b08(): Dataset {
  return {
    table: table({
      sex: ['F', 'F', 'F', 'F', 'F', 'F', 'F', 'F'],
      age: ['31', '33', '36', '38', '42', '44', '47', '49'],
      condition: ['flu', 'asthma', 'flu', 'migraine', 'flu', 'asthma', 'flu', 'migraine'],
    }),
    columns: [
      qi('sex', 'categorical', new Hierarchy([['F', '*']])),
      qi('age', 'integer'),
      { name: 'condition', type: 'categorical', role: 'sensitive' },
    ],
  };
}

describe('B08: a constant quasi-identifier beside age', () => {
  it('k = 2: age is halved twice into four pairs; sex stays F', () => {
    // sex holds one value: never a candidate. age, 8 distinct values: cut at 4 → 31–38 | 42–49;
    // each half (4 ≥ 2k = 4) is cut at 2 → 31–33 | 36–38 and 42–44 | 47–49; pairs (2 < 4) are final.
    const release = mondrian(b08(), { k: 2 });
    expect(column(release, 'sex')).toEqual(Array(8).fill('F'));
    expect(column(release, 'age')).toEqual([
      '[31-33]',
      '[31-33]',
      '[36-38]',
      '[36-38]',
      '[42-44]',
      '[42-44]',
      '[47-49]',
      '[47-49]',
    ]);
    expect(column(release, 'condition')).toEqual(column({ table: b08().table }, 'condition'));
    const d = release.details;
    expect(d.partitions).toBe(4);
    expect(d.classes).toBe(4);
    expect(d.minClassSize).toBe(2);
    // NCP of age: every partition spans 2 years of the 49 − 31 = 18: 2/18 = 0.1111; sex: 0 (not
    // NaN: the constant column has one value). GCP = (0 + 1/9) / 2 = 1/18.
    expect(d.informationLossPerAttribute).toEqual({ sex: { ncp: 0 }, age: { ncp: 2 / 18 } });
    const loss = d.informationLoss as { ncp: number; discernibility: number; aecs: number };
    expect(loss.ncp).toBeCloseTo(1 / 18, 12);
    expect(loss.discernibility).toBe(4 * 2 * 2); // four classes of 2
    expect(loss.aecs).toBe(2); // 8 rows / 4 classes
    expect(release.accounting).toEqual({
      rowsIn: 8,
      rowsOut: 8,
      suppressedRows: 0,
      suppressedCells: 0,
    });
  });

  it('k = 3: one cut into two halves of four', () => {
    // 8 ≥ 6: cut at 4 → 31–38 | 42–49; 4 < 6: final. NCP of age: 7/18 for both halves.
    const release = mondrian(b08(), { k: 3 });
    expect(column(release, 'age')).toEqual([
      '[31-38]',
      '[31-38]',
      '[31-38]',
      '[31-38]',
      '[42-49]',
      '[42-49]',
      '[42-49]',
      '[42-49]',
    ]);
    const d = release.details;
    expect(d.partitions).toBe(2);
    expect(d.informationLossPerAttribute).toEqual({ sex: { ncp: 0 }, age: { ncp: 7 / 18 } });
    expect((d.risk as { highestProsecutorRisk: number }).highestProsecutorRisk).toBe(1 / 4);
  });
});

describe('ties at the median', () => {
  // ages 25 ×3, 30 ×4, 40 ×1 (8 rows), k = 2.
  const data = (): Dataset => ({
    table: table({
      age: [25, 30, 25, 30, 30, 40, 25, 30],
      id: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'],
    }),
    columns: [qi('age', 'integer'), { name: 'id', type: 'categorical', role: 'identifier' }],
  });

  it('strict: no value is divided, even when the median falls inside one', () => {
    // Sorted: 25 25 25 | 30 30 30 30 | 40. Boundaries leave 3 or 7 rows on the left; |3 − 4| = 1
    // beats |7 − 4| = 3 and 3 | 5 are both ≥ 2: cut there. {25 ×3}: 3 < 4, final, one value →
    // "25". {30 ×4, 40}: 5 ≥ 4, its only boundary leaves 4 | 1 and 1 < 2: no cut → "[30-40]".
    const release = mondrian(data(), { k: 2 });
    expect(column(release, 'age')).toEqual([
      '25',
      '[30-40]',
      '25',
      '[30-40]',
      '[30-40]',
      '[30-40]',
      '25',
      '[30-40]',
    ]);
    expect(release.table.columnNames()).toEqual(['age']); // the identifier is removed
  });

  it('relaxed: the rows of the median value are shared between the halves', () => {
    // Sorted (stable, by row): 25(r0) 25(r2) 25(r6) 30(r1) | 30(r3) 30(r4) 30(r7) 40(r5): the cut
    // at exactly 4 rows puts one 30 on the left. Left 4 ≥ 4: 25(r0) 25(r2) | 25(r6) 30(r1).
    // Right: 30(r3) 30(r4) | 30(r7) 40(r5). The ranges [25-30] and [30-40] overlap at 30.
    const release = mondrian(data(), { k: 2, variant: 'relaxed' });
    expect(column(release, 'age')).toEqual([
      '25',
      '[25-30]',
      '25',
      '30',
      '30',
      '[30-40]',
      '[25-30]',
      '[30-40]',
    ]);
    expect((release.details as { partitions: number }).partitions).toBe(4);
  });
});

describe('a hierarchical categorical column', () => {
  const jobs = new Hierarchy([
    ['nurse', 'health', '*'],
    ['doctor', 'health', '*'],
    ['teacher', 'education', '*'],
    ['professor', 'education', '*'],
    ['driver', 'transport', '*'],
    ['pilot', 'transport', '*'],
  ]);

  it('is cut top-down into the children that hold rows', () => {
    // k = 2. Root (9 rows): children health {nurse ×2, doctor} = 3, education {teacher ×2,
    // professor ×2} = 4, transport {driver ×2} = 2: all ≥ 2, a three-way cut. health: 3 < 4,
    // final, LCA of nurse and doctor = "health". education: 4 ≥ 4, children teacher 2 and
    // professor 2: cut, each final with one value. transport: 2 < 4, one value → "driver".
    const job = [
      'nurse',
      'teacher',
      'driver',
      'nurse',
      'professor',
      'doctor',
      'teacher',
      'professor',
      'driver',
    ];
    const release = mondrian(
      { table: table({ job }), columns: [qi('job', 'categorical', jobs)] },
      { k: 2 },
    );
    expect(column(release, 'job')).toEqual([
      'health',
      'teacher',
      'driver',
      'health',
      'professor',
      'health',
      'teacher',
      'professor',
      'driver',
    ]);
    // NCP: health covers 2 of 6 leaves (3 rows × 2/6), single values 0: (3 × 1/3) / 9 = 1/9.
    const d = release.details as { informationLossPerAttribute: Record<string, { ncp: number }> };
    expect(d.informationLossPerAttribute.job?.ncp).toBeCloseTo(1 / 9, 12);
  });

  it('is not cut when one child would be too small', () => {
    // k = 2, rows nurse, nurse, teacher, teacher, driver: transport would hold 1 row < 2, so the
    // root cannot be cut and everything is published as "*".
    const release = mondrian(
      {
        table: table({ job: ['nurse', 'nurse', 'teacher', 'teacher', 'driver'] }),
        columns: [qi('job', 'categorical', jobs)],
      },
      { k: 2 },
    );
    expect(column(release, 'job')).toEqual(Array(5).fill('*'));
  });

  it('without a hierarchy is a flat one: each value, then *', () => {
    // k = 2: root children F (2) and M (3): both ≥ 2, cut; then each holds one value.
    const release = mondrian(
      {
        table: table({ sex: ['F', 'M', 'M', 'F', 'M'] }),
        columns: [qi('sex', 'categorical')],
      },
      { k: 2 },
    );
    expect(column(release, 'sex')).toEqual(['F', 'M', 'M', 'F', 'M']);
    const all = mondrian(
      { table: table({ sex: ['F', 'M', 'M', 'X', 'M'] }), columns: [qi('sex', 'categorical')] },
      { k: 2 },
    );
    expect(column(all, 'sex')).toEqual(Array(5).fill('*')); // F and X alone: no cut
  });

  it('numbers its leaves depth-first, so that a node is a rank interval', () => {
    const tree = hierarchyTree(
      new Hierarchy([
        ['a', 'x', '*'],
        ['b', 'y', '*'],
        ['c', 'x', '*'],
      ]),
    );
    expect(tree.leafValues).toEqual(['a', 'c', 'b']);
    expect(tree.labels[lowestCommonAncestor(tree, 0, 1)]).toBe('x');
    expect(tree.labels[lowestCommonAncestor(tree, 1, 2)]).toBe('*');
    expect(tree.labels[lowestCommonAncestor(tree, 2, 2)]).toBe('b');
  });
});

describe('the choice of dimension', () => {
  it('takes the widest; on a tie, the first in column order', () => {
    // Ages 20 21 22 23 (width 1 at the root), sex F M F M (root of a 2-leaf flat tree: 2/2 = 1).
    const rows = { age: [20, 21, 22, 23], sex: ['F', 'M', 'F', 'M'] };
    const ageFirst = mondrian(
      { table: table(rows), columns: [qi('age', 'integer'), qi('sex', 'categorical')] },
      { k: 2 },
    );
    // age first: cut at 2 → {20, 21} | {22, 23}, each with both sexes.
    expect(column(ageFirst, 'age')).toEqual(['[20-21]', '[20-21]', '[22-23]', '[22-23]']);
    expect(column(ageFirst, 'sex')).toEqual(['*', '*', '*', '*']);
    const sexFirst = mondrian(
      {
        table: table(rows, ['sex', 'age']),
        columns: [qi('sex', 'categorical'), qi('age', 'integer')],
      },
      { k: 2 },
    );
    // sex first: F {20, 22} | M {21, 23}.
    expect(column(sexFirst, 'sex')).toEqual(['F', 'M', 'F', 'M']);
    expect(column(sexFirst, 'age')).toEqual(['[20-22]', '[21-23]', '[20-22]', '[21-23]']);
  });

  it('tries the next dimension when the widest has no allowable cut', () => {
    // age 10 10 10 20 (width 1), sex F F M M (width 1); k = 2. age first: its only boundary
    // leaves 3 | 1, and 1 < 2. sex: F {10, 10} | M {10, 20}.
    const release = mondrian(
      {
        table: table({ age: [10, 10, 10, 20], sex: ['F', 'F', 'M', 'M'] }),
        columns: [qi('age', 'integer'), qi('sex', 'categorical')],
      },
      { k: 2 },
    );
    expect(column(release, 'age')).toEqual(['10', '10', '[10-20]', '[10-20]']);
    expect(column(release, 'sex')).toEqual(['F', 'F', 'M', 'M']);
  });
});

describe('missing values and other types', () => {
  it('cuts missing values off first; a region that cannot separate them is "*"', () => {
    // k = 2, ages –, –, 30, 31, 32, 33 (– missing, sorted first). The cut that separates the
    // missing values (2 | 4) is tried first and allowed: {–, –} → '' ; {30 … 33}: cut at 2 →
    // [30-31] | [32-33].
    const release = mondrian(
      {
        table: table({ age: [null, '30', '', '31', '32', '33'] }),
        columns: [qi('age', 'integer')],
      },
      { k: 2 },
    );
    expect(column(release, 'age')).toEqual(['', '[30-31]', '', '[30-31]', '[32-33]', '[32-33]']);
    // k = 2 with one missing value, {–, 30, 31, 32}: the cut after the missing value leaves 1 | 3
    // and 1 < 2. The strict cuts leave 1, 2 or 3 on the left; 2 | 2 is nearest half and allowed:
    // {–, 30} mixes missing and a number → "*"; {31, 32} → [31-32].
    const mixed = mondrian(
      { table: table({ age: [null, '30', '31', '32'] }), columns: [qi('age', 'integer')] },
      { k: 2 },
    );
    expect(column(mixed, 'age')).toEqual(['*', '*', '[31-32]', '[31-32]']);
  });

  it('orders dates by their time and prints them as written', () => {
    // k = 2: sorted 2023-01-05, 2023-02-10 | 2023-03-01, 2023-12-31.
    const release = mondrian(
      {
        table: table({ day: ['2023-12-31', '2023-01-05', '2023-03-01', '2023-02-10'] }),
        columns: [qi('day', 'date')],
      },
      { k: 2 },
    );
    expect(column(release, 'day')).toEqual([
      '[2023-03-01-2023-12-31]',
      '[2023-01-05-2023-02-10]',
      '[2023-03-01-2023-12-31]',
      '[2023-01-05-2023-02-10]',
    ]);
  });

  it('reads decimals with a comma mark and keeps their text', () => {
    // 1,5 < 2,25 < 10,0: k = 1 keeps each value alone; k = 3 publishes the whole range.
    const data: Dataset = {
      table: table({ x: ['10,0', '1,5', '2,25'] }),
      columns: [qi('x', 'decimal')],
    };
    expect(column(mondrian(data, { k: 1 }), 'x')).toEqual(['10,0', '1,5', '2,25']);
    expect(column(mondrian(data, { k: 3 }), 'x')).toEqual(Array(3).fill('[1,5-10,0]'));
  });
});

describe('errors', () => {
  const data = (): Dataset => ({
    table: table({ age: ['30', '31', 'abc', '33'] }),
    columns: [qi('age', 'integer')],
  });

  it('checks parameters before the data', () => {
    for (const k of [0, -1, 2.5]) {
      const e = errorOf(() => mondrian(data(), { k }));
      expect(e.code).toBe('BAD_PARAMETER');
      expect(e.field).toBe('k');
    }
    const e = errorOf(() => mondrian(data(), { k: 2, variant: 'loose' as 'strict' }));
    expect(e.code).toBe('BAD_PARAMETER');
    expect(e.message).toBe('variant must be "strict" or "relaxed", got "loose"');
  });

  it('refuses k above the number of records', () => {
    const e = errorOf(() => mondrian(data(), { k: 5 }));
    expect(e.code).toBe('IMPOSSIBLE');
    expect(e.message).toBe('k = 5 exceeds the number of records (4)');
  });

  it('names the line, column and value of a number that is not one', () => {
    const e = errorOf(() => mondrian(data(), { k: 2, file: 'people.csv' }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.line).toBe(4); // row 2, after the header line
    expect(e.column).toBe('age');
    expect(e.value).toBe('abc');
    expect(e.file).toBe('people.csv');
  });

  it('needs a quasi-identifier, and every categorical value in its hierarchy', () => {
    const none = errorOf(() =>
      mondrian(
        {
          table: table({ a: [1] }),
          columns: [{ name: 'a', type: 'integer', role: 'insensitive' }],
        },
        { k: 1 },
      ),
    );
    expect(none.code).toBe('BAD_CONFIG');
    const uncovered = errorOf(() =>
      mondrian(
        {
          table: table({ sex: ['F', 'M'] }),
          columns: [qi('sex', 'categorical', new Hierarchy([['F', '*']]))],
        },
        { k: 1 },
      ),
    );
    expect(uncovered.code).toBe('BAD_CONFIG');
    expect(uncovered.value).toBe('M');
    expect(uncovered.line).toBe(3);
  });

  it('runs as a Method', async () => {
    const release = await mondrianMethod.run(b08(), { k: 4 });
    expect(release.method).toBe('mondrian');
    expect(release.parameters).toMatchObject({
      k: 4,
      variant: 'strict',
      quasiIdentifiers: ['sex', 'age'],
    });
    expect(release.columns.map((c) => [c.name, c.type])).toEqual([
      ['sex', 'categorical'],
      ['age', 'categorical'],
      ['condition', 'categorical'],
    ]);
  });
});

describe('B10: missing quasi-identifier and sensitive values, with l-diversity', () => {
  const b10 = (smoker: (string | null)[]): Dataset => ({
    table: table({
      sex: ['F', 'F', 'F', 'M', 'M', 'F', 'F'],
      job: ['', '', '', 'teacher', 'teacher', 'nurse', 'nurse'],
      region: ['West', 'West', 'West', 'West', 'West', 'East', 'East'],
      smoker,
    }),
    columns: [
      qi('sex', 'categorical'),
      qi('job', 'categorical'),
      qi('region', 'categorical'),
      { name: 'smoker', type: 'categorical', role: 'sensitive' },
    ],
  });
  const models = [
    { model: 'l-diversity' as const, column: 'smoker', variant: 'distinct' as const, l: 2 },
  ];

  it('keeps the rows missing a job together, in a class of their own', () => {
    // Flat trees, all roots of width 1: sex first. F {r0 r1 r2 r5 r6} (yes yes no no yes) and
    // M {r3 r4} (yes no): both 2-diverse, cut. F (5 ≥ 4): sex is single; job ('' ×3, nurse ×2)
    // and region tie, job first: '' {yes yes no} and nurse {no yes} are 2-diverse: cut.
    // Classes (F, '', West) 3, (M, teacher, West) 2, (F, nurse, East) 2, as in cases.md.
    const release = mondrian(b10(['yes', 'yes', 'no', 'yes', 'no', 'no', 'yes']), { k: 2, models });
    expect(column(release, 'job')).toEqual(['', '', '', 'teacher', 'teacher', 'nurse', 'nurse']);
    expect(column(release, 'region')).toEqual([
      'West',
      'West',
      'West',
      'West',
      'West',
      'East',
      'East',
    ]);
    const d = release.details as { classes: number; privacy: { perModel: { reached: number }[] } };
    expect(d.classes).toBe(3);
    expect(d.privacy.perModel[0]?.reached).toBe(2);
  });

  it('does not count a missing sensitive value as a second value', () => {
    // Row 3 (r2) has no smoker value: the '' job class would hold {yes, yes, –}, distinct l = 1,
    // so F cannot be cut on job, nor on region (West is the same three rows). F stays whole:
    // (F, *, *) with 5 rows {yes yes – no yes}, l = 2; (M, teacher, West) {yes no}.
    const release = mondrian(b10(['yes', 'yes', null, 'yes', 'no', 'no', 'yes']), { k: 2, models });
    expect(column(release, 'job')).toEqual(['*', '*', '*', 'teacher', 'teacher', '*', '*']);
    expect(column(release, 'region')).toEqual(['*', '*', '*', 'West', 'West', '*', '*']);
    const d = release.details as {
      privacy: { perModel: { reached: number }[]; missingSensitive: Record<string, number> };
    };
    expect(d.privacy.perModel[0]?.reached).toBe(2);
    expect(d.privacy.missingSensitive).toEqual({ smoker: 1 });
    // Without the model, k = 2 alone separates the '' jobs.
    expect(
      column(mondrian(b10(['yes', 'yes', null, 'yes', 'no', 'no', 'yes']), { k: 2 }), 'job'),
    ).toEqual(['', '', '', 'teacher', 'teacher', 'nurse', 'nurse']);
  });

  it('refuses a table that as a whole does not satisfy the model', () => {
    const e = errorOf(() =>
      mondrian(b10(['yes', 'yes', 'yes', 'yes', 'yes', null, 'yes']), { k: 2, models }),
    );
    expect(e.code).toBe('IMPOSSIBLE');
    expect(e.message).toContain('distinct-2-diversity');
  });

  it('checks the models before reading the data', () => {
    const e = errorOf(() =>
      mondrian(b10([]), { k: 2, models: [{ model: 't-closeness', column: 'smoker', t: 2 }] }),
    );
    expect(e.code).toBe('BAD_PARAMETER');
  });
});
