/**
 * Mondrian warns of a quasi-identifier published at its root (`*`) in every row: the column is
 * kept but says nothing, which a user would otherwise discover only by reading the output (dates
 * written dd/mm/yyyy are read as categories and, without a hierarchy, are all suppressed).
 */
import { table } from 'arquero';
import { describe, expect, it } from 'vitest';
import { mondrian } from '../../../methods/generalisation/mondrian/mondrian.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';

function qi(name: string, type: ColumnSpec['type'], hierarchy?: Hierarchy): ColumnSpec {
  const spec: ColumnSpec = { name, type, role: 'quasi-identifier' };
  if (hierarchy !== undefined) spec.hierarchy = hierarchy;
  return spec;
}

function warningsOf(data: Dataset, k: number): string[] | undefined {
  return mondrian(data, { k }).details.warnings as string[] | undefined;
}

describe('Mondrian: a quasi-identifier at its root in every row', () => {
  it('names a categorical column of dd/mm/yyyy dates and suggests ISO dates or a hierarchy', () => {
    const data: Dataset = {
      table: table({ naissance: ['25/12/1980', '01/02/1975', '14/07/1990', ''] }),
      columns: [qi('naissance', 'categorical')],
    };
    const release = mondrian(data, { k: 2 });
    expect(Array.from(release.table.array('naissance'))).toEqual(['*', '*', '*', '*']);
    expect(release.details.warnings).toEqual([
      'quasi-identifier "naissance" is "*" in every released row: it is categorical without a hierarchy, and Mondrian can only keep or suppress such a column whole (a partition keeps its value only when all its records share it); its values look like dates written dd/mm/yyyy: convert them to ISO (YYYY-MM-DD) to get ranges of dates, or give it a hierarchy',
    ]);
  });

  it('suggests a hierarchy for other categorical columns, without speaking of dates', () => {
    const data: Dataset = {
      table: table({ code: ['A1', 'B2', 'C3', 'D4'], age: ['30', '31', '32', '33'] }),
      columns: [qi('code', 'categorical'), qi('age', 'integer')],
    };
    const warnings = warningsOf(data, 2);
    expect(warnings).toHaveLength(1);
    expect(warnings?.[0]).toMatch(/^quasi-identifier "code" is "\*" in every released row: /);
    expect(warnings?.[0]).toMatch(/keep or suppress such a column whole.*give it a hierarchy/);
    expect(warnings?.[0]).not.toMatch(/date/);
  });

  it('says when a hierarchy was climbed to its top in every row', () => {
    const h = new Hierarchy([
      ['a', 'ab', '*'],
      ['b', 'ab', '*'],
      ['c', 'cd', '*'],
      ['d', 'cd', '*'],
    ]);
    const data: Dataset = {
      table: table({ x: ['a', 'b', 'c', 'd'] }),
      columns: [qi('x', 'categorical', h)],
    };
    const warnings = warningsOf(data, 4);
    expect(warnings).toEqual([
      'quasi-identifier "x" is "*" in every released row: every partition was generalised to the top of its hierarchy; a hierarchy with more levels, a smaller k or fewer quasi-identifiers may keep some of it',
    ]);
    // k = 2 keeps ab and cd: no warning.
    expect(warningsOf(data, 2)).toBeUndefined();
  });

  it('says when a numeric column is "*" (missing mixed with present values) in every row', () => {
    const data: Dataset = {
      table: table({ age: ['', '31', '', '40'] }),
      columns: [qi('age', 'integer')],
    };
    expect(warningsOf(data, 4)).toEqual([
      'quasi-identifier "age" is "*" in every released row: every partition mixes records missing it with records that have it (such a range is published as "*")',
    ]);
  });

  it('is silent when some row keeps a value, and for ISO dates cut into ranges', () => {
    // Cut on age: {x, x} keeps "x", {y, z} becomes "*".
    const kept: Dataset = {
      table: table({ code: ['x', 'x', 'y', 'z'], age: ['1', '1', '2', '2'] }),
      columns: [qi('code', 'categorical'), qi('age', 'integer')],
    };
    expect(Array.from(mondrian(kept, { k: 2 }).table.array('code'))).toEqual(['x', 'x', '*', '*']);
    expect(warningsOf(kept, 2)).toBeUndefined();
    const iso: Dataset = {
      table: table({ naissance: ['1980-12-25', '1975-02-01', '1990-07-14', '1985-01-01'] }),
      columns: [qi('naissance', 'date')],
    };
    expect(warningsOf(iso, 2)).toBeUndefined();
  });
});
