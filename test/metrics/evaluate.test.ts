/**
 * evaluateRelease on small hand-made tables: case B22 (all-missing and header-only columns), the
 * information loss of a recognised full-domain generalisation against the method's own figures,
 * column profiles worked out by hand, what needs a control set, quick mode, and bad parameters.
 */
import { table } from 'arquero';
import { beforeAll, describe, expect, it } from 'vitest';
import { optimalGeneralisation } from '../../methods/generalisation/optimal.js';
import {
  columnProfile,
  evaluateRelease,
  informationLossOf,
  likelyReplacedIdentifiers,
  type Evaluation,
} from '../../src/metrics/evaluate.js';
import type { MetricValue } from '../../src/metrics/result.js';
import type { Dataset } from '../../src/types.js';
import { errorOf } from '../helpers/errors.js';
import { loadTiny } from '../methods/generalisation/load.js';

function dataset(
  columns: Record<string, unknown[]>,
  types: Record<string, 'integer' | 'categorical'>,
): Dataset {
  return {
    table: table(columns),
    columns: Object.keys(columns).map((name) => ({
      name,
      type: types[name] ?? 'categorical',
      role: 'insensitive' as const,
    })),
  };
}

function metric(list: readonly MetricValue[], name: string, column: string): MetricValue {
  const m = list.find((x) => x.name === name && x.columns?.includes(column) === true);
  if (m === undefined) throw new Error(`no ${name} for ${column}`);
  return m;
}

// Case B22: b22_real.csv and b22_synth.csv of ../shared/cases.md.
const real = (): Dataset =>
  dataset({ row: [1, 2, 3, 4, 5], colour: ['red', 'red', 'blue', null, null] }, { row: 'integer' });
const synth = (): Dataset =>
  dataset({ row: [1, 2, 3, 4, 5], colour: [null, null, null, null, null] }, { row: 'integer' });
const headerOnly = (): Dataset => dataset({ row: [], colour: [] }, { row: 'integer' });

describe('case B22: similarity on all-missing and empty columns', () => {
  let e: Evaluation;
  beforeAll(() => {
    e = evaluateRelease({ original: real(), release: synth(), seed: 1 });
  });

  it('scores the TV complement of an all-missing release column 0 and its missing similarity 0.4', () => {
    // Real over its non-missing values: {red 2/3, blue 1/3}; synthetic: none, so TVD 1, complement 0.
    expect(metric(e.utility.columns, 'totalVariationComplement', 'colour').value).toBe(0);
    // Missing rates: real 2/5 = 0.4, synthetic 5/5 = 1; similarity 1 − |0.4 − 1| = 0.4.
    expect(metric(e.utility.columns, 'missingSimilarity', 'colour').value).toBeCloseTo(0.4, 12);
  });

  it('averages into the score only applicable figures, and lists the skipped ones', () => {
    const components = e.utility.score.components;
    // The column figures the score takes: row (1 − KS 0 = 1, missing similarity 1) and colour
    // (TV complement 0, missing similarity 0.4).
    expect(metric(components, 'kolmogorovSmirnovComplement', 'row').value).toBe(1);
    expect(metric(components, 'missingSimilarity', 'row').value).toBe(1);
    expect(metric(components, 'totalVariationComplement', 'colour').value).toBe(0);
    expect(metric(components, 'missingSimilarity', 'colour').value).toBeCloseTo(0.4, 12);
    const applicable = components.filter((m) => m.value !== null);
    const skipped = components.filter((m) => m.value === null);
    expect(e.utility.score.used).toBe(applicable.length);
    expect(e.utility.score.skipped).toHaveLength(skipped.length);
    // The score is the mean of its parts' means. Columns: (1 + 1 + 0 + 0.4) / 4 = 0.6. Pairs: the
    // correlation ratio is undefined (the release column is constant: all missing), the 2-way
    // marginal complement is 0.4. Higher order: not applicable (two columns). (0.6 + 0.4) / 2 = 0.5.
    expect(e.utility.score.parts).toEqual({
      columns: 0.6,
      pairs: 0.4,
      'higher order': null,
      prediction: null,
    });
    expect(e.utility.score.mean).toBeCloseTo(0.5, 12);
  });

  it('profiles the all-missing column as 100% missing with the original shares', () => {
    const p = columnProfile(real(), synth(), 'colour');
    expect(p.missing).toEqual({ original: 0.4, release: 1 });
    // red 2 of 3 non-missing, blue 1 of 3; the release has none.
    expect(p.bins).toEqual([
      { label: 'red', original: 2 / 3, release: 0 },
      { label: 'blue', original: 1 / 3, release: 0 },
    ]);
  });

  it('gives "not applicable", never 0, on header-only files, and lists every skipped figure', () => {
    const h = evaluateRelease({ original: headerOnly(), release: headerOnly(), seed: 1 });
    for (const m of h.utility.columns) {
      expect(m.value).toBeNull();
      expect(m.reason).toBeTruthy();
    }
    expect(h.utility.score.mean).toBeNull();
    expect(h.utility.score.used).toBe(0);
    expect(h.utility.score.skipped.length).toBe(h.utility.score.components.length);
    expect(h.utility.score.skipped.some((s) => s.includes('colour'))).toBe(true);
    expect(h.profiles.map((p) => p.bins)).toEqual([[], []]);
  });
});

describe('the attacks need a control set', () => {
  it('are not applicable without one, with the reason', () => {
    const e = evaluateRelease({ original: real(), release: real(), sensitive: ['colour'] });
    for (const attack of [e.risk.singlingOut, e.risk.linkability, e.risk.inference.colour]) {
      expect(attack?.risk).toBeNull();
      expect(attack?.ci).toBeNull();
      expect(attack?.reason).toMatch(/control/);
    }
  });

  it('refuses a control set whose columns differ from the original', () => {
    const control = dataset({ row: [6, 7], shade: ['red', 'blue'] }, { row: 'integer' });
    const error = errorOf(() => evaluateRelease({ original: real(), release: real(), control }));
    expect(error.code).toBe('BAD_PARAMETER');
    expect(error.message).toMatch(/lacks "colour".*has "shade"/);
  });
});

describe('columns and parameters', () => {
  it('skips columns the release lacks or only the release has, with the reason', () => {
    const release = dataset(
      { colour: ['red', 'red', 'blue', 'red', null], extra: [1, 2, 3, 4, 5] },
      {},
    );
    const e = evaluateRelease({ original: real(), release });
    expect(e.columns).toEqual(['colour']);
    expect(e.skipped).toContainEqual({ name: 'row', reason: 'not in the release' });
    expect(e.skipped).toContainEqual({ name: 'extra', reason: 'not in the original' });
  });

  it('refuses a release with no column of the original, and unknown columns', () => {
    const release = dataset({ other: [1] }, {});
    expect(errorOf(() => evaluateRelease({ original: real(), release })).message).toMatch(
      /shares no column/,
    );
    const target = errorOf(() =>
      evaluateRelease({ original: real(), release: real(), target: 'age' }),
    );
    expect(target.message).toBe('target "age" is not a column of the original');
    expect(target.column).toBe('age');
  });

  it('lists what quick mode skips', () => {
    const e = evaluateRelease({ original: real(), release: real(), quick: true, target: 'colour' });
    expect(e.skipped.map((s) => s.name)).toEqual(
      expect.arrayContaining(['pMSE (CART)', 'machine-learning efficacy']),
    );
    expect(e.utility.machineLearning).toBeUndefined();
  });
});

describe('information loss of a generalised release', () => {
  let tiny: Dataset;
  beforeAll(async () => {
    tiny = await loadTiny();
  });

  it('recognises the optimum of datasets/tiny at k = 2 and gives its Loss worked out by hand', () => {
    const release = optimalGeneralisation(tiny, { k: 2 });
    const loss = informationLossOf(tiny, { table: release.table, columns: release.columns }, [
      'age',
      'gender',
      'zipcode',
    ]);
    if (typeof loss === 'string') throw new Error(loss);
    // test/methods/generalisation/tiny.test.ts: the optimum is (2,0,3); every row costs 1 (age at
    // "*") + 0 (gender) + 999/9999 (zipcode "81***" covers 1,000 of 10,000 codes): Loss =
    // (1 + 0 + 999/9999) / 3.
    expect(loss.transformation).toEqual({ age: 2, gender: 0, zipcode: 3 });
    expect(loss.metrics.loss).toBeCloseTo((1 + 0 + 999 / 9999) / 3, 12);
    // The smallest class of (2,0,3) has 3 rows (class sizes 4 and 3, datasets/tiny/README.md).
    expect(loss.k).toBe(3);
    expect(loss.suppressedRows).toBe(0);
  });

  it('matches the method’s own figures with suppression (k = 3, at most 3 of 7 rows)', () => {
    const release = optimalGeneralisation(tiny, { k: 3, suppressionLimit: 3 / 7 });
    const loss = informationLossOf(tiny, { table: release.table, columns: release.columns }, [
      'age',
      'gender',
      'zipcode',
    ]);
    if (typeof loss === 'string') throw new Error(loss);
    expect(loss.transformation).toEqual(release.details.transformation);
    expect(loss.suppressedRows).toBe(release.accounting.suppressedRows);
    expect(loss.metrics).toEqual(release.details.informationLoss);
  });

  it('says why a release is not a full-domain generalisation', () => {
    const shuffled: Dataset = {
      table: table({
        age: ['45', '34', '66', '70', '34', '70', '45'],
        gender: tiny.table.array('gender') as string[],
        zipcode: tiny.table.array('zipcode') as string[],
      }),
      columns: tiny.columns,
    };
    expect(informationLossOf(tiny, shuffled, ['age', 'gender', 'zipcode'])).toMatch(
      /no level of the hierarchy of "age"/,
    );
    const fewer: Dataset = { table: tiny.table.slice(0, 3), columns: tiny.columns };
    expect(informationLossOf(tiny, fewer, ['age'])).toMatch(/row counts differ/);
  });
});

describe('identifier columns: replaced or removed by design, left out of every figure', () => {
  // 40 rows: a name column every row of which the release replaces by an invented one (as synth
  // --identifiers fake does), and two columns the release copies exactly.
  const n = 40;
  const ages = Array.from({ length: n }, (_, i) => 20 + (i % 7));
  const towns = Array.from({ length: n }, (_, i) => ['Lyon', 'Nice', 'Metz'][i % 3] as string);
  const withRoles = (nom: string[], identifier: boolean): Dataset => ({
    table: table({ nom, age: ages, town: towns }),
    columns: [
      { name: 'nom', type: 'categorical', role: identifier ? 'identifier' : 'insensitive' },
      { name: 'age', type: 'integer', role: 'insensitive' },
      { name: 'town', type: 'categorical', role: 'insensitive' },
    ],
  });
  const realNames = Array.from({ length: n }, (_, i) => `Martin ${i}`);
  const fakeNames = Array.from({ length: n }, (_, i) => `Durand ${i}`);

  it('counts an undeclared invented name column against the score (TVD 1 on it)', () => {
    const e = evaluateRelease({
      original: withRoles(realNames, false),
      release: withRoles(fakeNames, false),
      quick: true,
    });
    expect(e.columns).toContain('nom');
    expect(metric(e.utility.columns, 'totalVariationComplement', 'nom').value).toBeCloseTo(0, 12);
    expect(e.utility.score.mean).toBeLessThan(0.9);
  });

  it('leaves a role-identifier column out of the utility, the score and the risk, and says why', () => {
    const e = evaluateRelease({
      original: withRoles(realNames, true),
      release: withRoles(fakeNames, false),
      quick: true,
    });
    expect(e.columns).toEqual(['age', 'town']);
    expect(e.utility.columns.some((m) => m.columns?.includes('nom') === true)).toBe(false);
    expect(e.utility.score.components.some((m) => m.columns?.includes('nom') === true)).toBe(false);
    // Every other column is an exact copy: every similarity is 1.
    expect(e.utility.score.mean).toBeCloseTo(1, 12);
    expect(e.quasiIdentifiers).toEqual(['age', 'town']);
    expect(e.profiles.map((p) => p.name)).toEqual(['age', 'town']);
    expect(e.skipped).toContainEqual({
      name: 'nom',
      reason: 'identifier: replaced or removed by design',
    });
  });

  it('takes the identifiers option over the roles, and refuses an identifier named a quasi-identifier', () => {
    const e = evaluateRelease({
      original: withRoles(realNames, false),
      release: withRoles(fakeNames, false),
      identifiers: ['nom'],
      quick: true,
    });
    expect(e.columns).toEqual(['age', 'town']);
    expect(e.utility.score.mean).toBeCloseTo(1, 12);
    const error = errorOf(() =>
      evaluateRelease({
        original: withRoles(realNames, false),
        release: withRoles(fakeNames, false),
        identifiers: ['nom'],
        quasiIdentifiers: ['nom', 'age'],
      }),
    );
    expect(error.message).toMatch(
      /column "nom" is named both an identifier and a quasi-identifier/,
    );
    expect(
      errorOf(() =>
        evaluateRelease({
          original: withRoles(realNames, false),
          release: withRoles(fakeNames, false),
          identifiers: ['name'],
        }),
      ).message,
    ).toMatch(/identifier "name" is not a column of the original/);
  });

  it('hints at a text column that looks like a replaced identifier, and at no other', () => {
    const original = withRoles(realNames, false);
    const release = withRoles(fakeNames, false);
    expect(likelyReplacedIdentifiers(original, release, ['nom', 'age', 'town'])).toEqual(['nom']);
    // The same names kept (a copy) or repeated values: no hint.
    expect(likelyReplacedIdentifiers(original, original, ['nom'])).toEqual([]);
    const repeated = withRoles(
      fakeNames.map((v, i) => (i === 1 ? (fakeNames[0] as string) : v)),
      false,
    );
    expect(likelyReplacedIdentifiers(original, repeated, ['nom'])).toEqual([]);
  });
});
