/**
 * intervalHierarchy. Expected rows are worked out by hand from the definition (the bins of B08
 * are listed in cases.md) or taken from ARX's own age hierarchy (datasets/adult).
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { intervalHierarchy } from '../../src/hierarchy/intervals.js';
import { readHierarchyFile } from '../../src/hierarchy/read.js';
import { catchError, expectTree, labelsAt, repoPath } from './helpers.js';

/** `[a,b[` → [a, b]. */
function bounds(label: string): [number, number] {
  const m = /^\[(.+),(.+)\[$/.exec(label);
  if (m === null) throw new Error(`not an interval label: ${label}`);
  return [Number(m[1]), Number(m[2])];
}

const B08_AGES = ['31', '33', '36', '38', '42', '44', '47', '49'];

describe('intervalHierarchy', () => {
  it('B08: 5-year bins, 10-year bins, [30,50[, * — exact rows for 31…49', () => {
    const values = Array.from({ length: 19 }, (_, i) => String(31 + i));
    const h = intervalHierarchy(values, { width: 5, fanout: [2, 2], attribute: 'age' });
    expect(h.height).toBe(5);
    expect(h.rows).toEqual([
      ['31', '[30,35[', '[30,40[', '[30,50[', '*'],
      ['32', '[30,35[', '[30,40[', '[30,50[', '*'],
      ['33', '[30,35[', '[30,40[', '[30,50[', '*'],
      ['34', '[30,35[', '[30,40[', '[30,50[', '*'],
      ['35', '[35,40[', '[30,40[', '[30,50[', '*'],
      ['36', '[35,40[', '[30,40[', '[30,50[', '*'],
      ['37', '[35,40[', '[30,40[', '[30,50[', '*'],
      ['38', '[35,40[', '[30,40[', '[30,50[', '*'],
      ['39', '[35,40[', '[30,40[', '[30,50[', '*'],
      ['40', '[40,45[', '[40,50[', '[30,50[', '*'],
      ['41', '[40,45[', '[40,50[', '[30,50[', '*'],
      ['42', '[40,45[', '[40,50[', '[30,50[', '*'],
      ['43', '[40,45[', '[40,50[', '[30,50[', '*'],
      ['44', '[40,45[', '[40,50[', '[30,50[', '*'],
      ['45', '[45,50[', '[40,50[', '[30,50[', '*'],
      ['46', '[45,50[', '[40,50[', '[30,50[', '*'],
      ['47', '[45,50[', '[40,50[', '[30,50[', '*'],
      ['48', '[45,50[', '[40,50[', '[30,50[', '*'],
      ['49', '[45,50[', '[40,50[', '[30,50[', '*'],
    ]);
    expectTree(h);
  });

  it('B08: keeps all 4 levels on the data, with 2 rows per 5-year bin and 4 per 10-year bin', () => {
    const h = intervalHierarchy(B08_AGES, { width: 5, fanout: [2, 2] });
    expect(h.height).toBe(5);
    expect(labelsAt(h, 3)).toEqual(['[30,50[']);
    const count = (level: number): Record<string, number> => {
      const c: Record<string, number> = {};
      for (const v of B08_AGES) {
        const label = h.generalise(v, level) as string;
        c[label] = (c[label] ?? 0) + 1;
      }
      return c;
    };
    expect(count(1)).toEqual({ '[30,35[': 2, '[35,40[': 2, '[40,45[': 2, '[45,50[': 2 });
    expect(count(2)).toEqual({ '[30,40[': 4, '[40,50[': 4 });
  });

  it('B01: 10-year intervals, then * (34 → [30,40[)', () => {
    const h = intervalHierarchy(['34', '36', '45', '47'], { width: 10 });
    expect(h.rows).toEqual([
      ['34', '[30,40[', '*'],
      ['36', '[30,40[', '*'],
      ['45', '[40,50[', '*'],
      ['47', '[40,50[', '*'],
    ]);
  });

  it('B04: ages 31–58 fall in [30,40[ and [50,60[', () => {
    const h = intervalHierarchy(['34', '36', '52', '55', '58', '31'], { width: 10 });
    expect(h.rows.map((r) => r[1])).toEqual([
      '[30,40[',
      '[30,40[',
      '[50,60[',
      '[50,60[',
      '[50,60[',
      '[30,40[',
    ]);
  });

  it("has the bins of ARX's Adult age hierarchy (5, 10, 20 years from 0), shifted by one", async () => {
    const arx = await readHierarchyFile(
      join(repoPath('datasets/adult'), 'adult_hierarchy_age.csv'),
    );
    const ages = Array.from({ length: 100 }, (_, i) => String(i));
    const h = intervalHierarchy(ages, { width: 5, fanout: [2, 2], origin: 0 });
    // ARX's file puts v in the bin labelled "a-(a+4)" with a < v ≤ a + 5 (5 → "0-4", 100 →
    // "95-99"): its bins are ]a, a+5], so ARX's row for v matches our half-open bins of v − 1.
    const asArx = (label: string): string => {
      const [a, b] = bounds(label);
      return `${a}-${b - 1}`;
    };
    for (let v = 1; v <= 100; v++) {
      const ours = h.rows[h.indexOf(String(v - 1))] as readonly string[];
      expect([String(v), ...ours.slice(1, 4).map(asArx), '*']).toEqual(
        arx.rows[arx.indexOf(String(v))],
      );
    }
    expect(arx.generalise('5', 1)).toBe('0-4');
    expect(h.generalise('5', 1)).toBe('[5,10[');
  });

  it('defaults to no fan-out: value, intervals, *', () => {
    const h = intervalHierarchy(['7'], { width: 5 });
    expect(h.rows).toEqual([['7', '[5,10[', '*']]);
  });

  it('keeps the missing value missing up to the root', () => {
    const h = intervalHierarchy(['', '31', '49'], { width: 5, fanout: [2, 2] });
    expect(h.rows[0]).toEqual(['', '', '', '', '*']);
    expect(h.generalise('', 4)).toBe('*');
    expectTree(h);
    expect(intervalHierarchy([''], { width: 5 }).rows).toEqual([['', '', '*']]);
  });

  it('aligns on a given origin, including values below it', () => {
    const h = intervalHierarchy(['36', '-3', '0'], { width: 5, fanout: [2], origin: 0 });
    expect(h.rows).toEqual([
      ['36', '[35,40[', '[30,40[', '*'],
      ['-3', '[-5,0[', '[-10,0[', '*'],
      ['0', '[0,5[', '[0,10[', '*'],
    ]);
    // The default origin is the multiple of the level-2 width (5 × 2 = 10) at or below the
    // smallest value: floor(36 / 10) * 10 = 30, so 10-year bins fall on the decades.
    expect(intervalHierarchy(['36', '44'], { width: 5, fanout: [2] }).rows).toEqual([
      ['36', '[35,40[', '[30,40[', '*'],
      ['44', '[40,45[', '[40,50[', '*'],
    ]);
  });

  it('bins decimals, writing bounds without floating-point noise', () => {
    const h = intervalHierarchy(['0.3', '0.1', '0.25', '0.7', '-0.05', '1e-1'], {
      width: 0.1,
      fanout: [3],
    });
    // Origin: floor(-0.05 / 0.3) * 0.3 = -0.3; level 2 groups three 0.1-wide bins from there.
    expect(h.rows).toEqual([
      ['0.3', '[0.3,0.4[', '[0.3,0.6[', '*'],
      ['0.1', '[0.1,0.2[', '[0,0.3[', '*'],
      ['0.25', '[0.2,0.3[', '[0,0.3[', '*'],
      ['0.7', '[0.7,0.8[', '[0.6,0.9[', '*'],
      ['-0.05', '[-0.1,0[', '[-0.3,0[', '*'],
      ['1e-1', '[0.1,0.2[', '[0,0.3[', '*'],
    ]);
    expectTree(h);
    expect(intervalHierarchy(['2150.5', '1980'], { width: 250 }).rows).toEqual([
      ['2150.5', '[2000,2250[', '*'],
      ['1980', '[1750,2000[', '*'],
    ]);
  });

  it('merges NFC-equal duplicates of a value into one row', () => {
    expect(intervalHierarchy(['34', '34'], { width: 10 }).rows).toEqual([['34', '[30,40[', '*']]);
  });

  it('names a value that is not a number', () => {
    for (const bad of ['4e', 'abc', ' 34', '2150,50', 'NaN', 'Infinity', '0x10', '1e400']) {
      const e = catchError(() => intervalHierarchy(['34', bad], { width: 10, attribute: 'age' }));
      expect(e.message).toBe(
        `hierarchy of "age": value "${bad}" is not a number, so it cannot be put in an interval`,
      );
      expect([e.code, e.column, e.value]).toEqual(['BAD_CONFIG', 'age', bad]);
    }
  });

  it('refuses a value too large to bin exactly', () => {
    const e = catchError(() => intervalHierarchy(['4000123412341234567'], { width: 1000 }));
    expect(e.message).toBe(
      'hierarchy: value "4000123412341234567" is too large to bin exactly (beyond ±9007199254740991); treat it as a code (masking) instead',
    );
  });

  it('refuses a bad width, fan-out or origin, naming it', () => {
    for (const width of [0, -5, Number.NaN, Infinity]) {
      const e = catchError(() => intervalHierarchy(['1'], { width, attribute: 'age' }));
      expect(e.message).toBe(
        `hierarchy of "age": the interval width must be a positive finite number, got ${width}`,
      );
      expect([e.code, e.value]).toEqual(['BAD_CONFIG', String(width)]);
    }
    expect(catchError(() => intervalHierarchy(['1'], { width: 5, fanout: [2, 1] })).message).toBe(
      'hierarchy: fanout[1] must be an integer ≥ 2, got 1',
    );
    expect(catchError(() => intervalHierarchy(['1'], { width: 5, fanout: [2.5] })).message).toBe(
      'hierarchy: fanout[0] must be an integer ≥ 2, got 2.5',
    );
    expect(catchError(() => intervalHierarchy(['1'], { width: 5, origin: NaN })).message).toBe(
      'hierarchy: the interval origin must be a finite number, got NaN',
    );
  });

  it('refuses a width too small to tell bounds apart at 12 significant digits', () => {
    const e = catchError(() => intervalHierarchy(['1.5'], { width: 1e-13 }));
    expect(e.message).toBe(
      'hierarchy: the interval width 1e-13 is too small to bin 1.5: bounds are written with 12 significant digits',
    );
  });
});

describe('intervalHierarchy properties', () => {
  const integers = fc.uniqueArray(fc.integer({ min: -100_000, max: 100_000 }), {
    minLength: 1,
    maxLength: 40,
  });
  const fanouts = fc.array(fc.integer({ min: 2, max: 5 }), { maxLength: 4 });

  /** Checks containment level by level; returns the level-1 interval of each value. */
  function checkNesting(values: readonly number[], width: number, fanout: readonly number[]): void {
    const h = intervalHierarchy(
      values.map((v) => String(v)),
      { width, fanout: [...fanout] },
    );
    expect(h.height).toBe(3 + fanout.length); // top level index: 2 + fanout.length
    expect(labelsAt(h, h.height - 1)).toEqual(['*']);
    expectTree(h);
    for (const v of values) {
      const row = h.rows[h.indexOf(String(v))] as readonly string[];
      const [a1, b1] = bounds(row[1] as string);
      expect(a1 <= v && v < b1).toBe(true);
      let span = width;
      let [a, b] = [a1, b1];
      expect(b - a).toBeCloseTo(span, 9);
      fanout.forEach((f, k) => {
        span *= f;
        const [outerA, outerB] = bounds(row[k + 2] as string);
        expect(outerA <= a && b <= outerB).toBe(true);
        expect(outerB - outerA).toBeCloseTo(span, 9);
        [a, b] = [outerA, outerB];
      });
    }
  }

  it('integers: each value lies in its level-1 interval; each level contains the one below', () => {
    fc.assert(
      fc.property(integers, fc.integer({ min: 1, max: 50 }), fanouts, (values, width, fanout) => {
        checkNesting(values, width, fanout);
        // Level-1 bounds are on the grid of the default origin floor(min / width) * width.
        const origin = Math.floor(Math.min(...values) / width) * width;
        const h = intervalHierarchy(
          values.map((v) => String(v)),
          { width },
        );
        for (const row of h.rows) expect((bounds(row[1] as string)[0] - origin) % width).toBe(0);
      }),
    );
  });

  it('decimals: the same, and bounds written with at most 12 significant digits', () => {
    const decimals = fc.uniqueArray(fc.integer({ min: -100_000, max: 100_000 }), {
      minLength: 1,
      maxLength: 40,
    });
    const widths = fc.constantFrom(0.1, 0.25, 0.3, 2.5, 0.01, 1.1);
    fc.assert(
      fc.property(decimals, widths, fanouts, (cents, width, fanout) => {
        const values = cents.map((c) => c / 100);
        checkNesting(values, width, fanout);
        const h = intervalHierarchy(
          values.map((v) => String(v)),
          { width, fanout },
        );
        for (const row of h.rows) {
          for (const label of row.slice(1, -1)) {
            for (const n of bounds(label)) expect(Number(n.toPrecision(12))).toBe(n);
          }
        }
      }),
    );
  });

  it('a given origin anchors every level', () => {
    fc.assert(
      fc.property(
        integers,
        fc.integer({ min: 1, max: 50 }),
        fanouts,
        fc.integer({ min: -1000, max: 1000 }),
        (values, width, fanout, origin) => {
          const h = intervalHierarchy(
            values.map((v) => String(v)),
            { width, fanout, origin },
          );
          let span = width;
          for (let level = 1; level < h.height - 1; level++) {
            for (const label of labelsAt(h, level)) {
              expect((((bounds(label)[0] - origin) % span) + span) % span).toBe(0);
            }
            span *= fanout[level - 1] ?? 1;
          }
        },
      ),
    );
  });
});
