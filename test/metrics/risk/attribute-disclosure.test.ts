/**
 * attributeDisclosure: the l and t a release's classes reach, on case B10 of cases.md, by hand.
 */
import * as aq from 'arquero';
import { describe, expect, it } from 'vitest';
import { attributeDisclosure } from '../../../src/metrics/risk/attribute-disclosure.js';
import type { Dataset } from '../../../src/types.js';

function b10(smoker: (string | null)[]): Dataset {
  return {
    table: aq.table({
      sex: ['F', 'F', 'F', 'M', 'M', 'F', 'F'],
      job: ['', '', '', 'teacher', 'teacher', 'nurse', 'nurse'],
      region: ['West', 'West', 'West', 'West', 'West', 'East', 'East'],
      smoker,
    }),
    columns: [
      { name: 'sex', type: 'categorical', role: 'quasi-identifier' },
      { name: 'job', type: 'categorical', role: 'quasi-identifier' },
      { name: 'region', type: 'categorical', role: 'quasi-identifier' },
      { name: 'smoker', type: 'categorical', role: 'sensitive' },
    ],
  };
}

const valueOf = (metrics: ReturnType<typeof attributeDisclosure>, name: string): number | null =>
  metrics.find((m) => m.name === name)?.value ?? null;

describe('attributeDisclosure', () => {
  it('B10: distinct l 2, entropy l 1.8899, t 2/21', () => {
    const m = attributeDisclosure(
      b10(['yes', 'yes', 'no', 'yes', 'no', 'no', 'yes']),
      ['sex', 'job', 'region'],
      ['smoker'],
    );
    // Classes (F,'',West) {yes, yes, no}, (M,teacher,West) {yes, no}, (F,nurse,East) {no, yes}.
    expect(valueOf(m, 'lDiversityDistinct')).toBe(2);
    // exp(−(2/3 ln 2/3 + 1/3 ln 1/3)) = 1.8899 for the first class; 2 for the others.
    expect(valueOf(m, 'lDiversityEntropy')).toBeCloseTo(1.8899, 4);
    // Overall yes 4/7. Equal distance: |2/3 − 4/7| = 2/21 for the first class, |1/2 − 4/7| = 1/14
    // for the others; the greatest is 2/21.
    expect(valueOf(m, 'tCloseness')).toBeCloseTo(2 / 21, 12);
  });

  it('B10 variant: a missing secret is not a value, so the first class reaches l = 1', () => {
    const m = attributeDisclosure(
      b10(['yes', 'yes', null, 'yes', 'no', 'no', 'yes']),
      ['sex', 'job', 'region'],
      ['smoker'],
    );
    expect(valueOf(m, 'lDiversityDistinct')).toBe(1);
    expect(m.find((x) => x.name === 'lDiversityDistinct')?.details?.missingValues).toBe(1);
  });

  it('leaves suppressed records (every quasi-identifier *) out of the classes', () => {
    const data: Dataset = {
      table: aq.table({ q: ['a', 'a', '*', '*'], s: ['x', 'y', 'x', 'x'] }),
      columns: [
        { name: 'q', type: 'categorical', role: 'quasi-identifier' },
        { name: 's', type: 'categorical', role: 'sensitive' },
      ],
    };
    // Only the class a {x, y} is released: l = 2 (the suppressed {x, x} would have given 1).
    expect(valueOf(attributeDisclosure(data, ['q'], ['s']), 'lDiversityDistinct')).toBe(2);
  });
});
