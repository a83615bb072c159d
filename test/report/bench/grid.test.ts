/** The grid: its expansion into runs (counts worked out from the default grid), keys, filters and checks. */
import { describe, expect, it } from 'vitest';
import {
  checkGrid,
  configurationLabel,
  defaultGrid,
  expandGrid,
  filterRuns,
  quickGrid,
  runKey,
  seriesLabel,
} from '../../../src/report/bench/grid.js';
import { DatanonymeError } from '../../../src/errors.js';

describe('expandGrid', () => {
  it('the default grid: 1 original + 2 methods × 2 l × 4 k + PRAM + swap + 2 DP releases × 3 ε + 3 plain generators + 3 DP generators × 3 ε = 37', () => {
    const runs = expandGrid(defaultGrid());
    expect(runs.length).toBe(1 + 16 + 2 + 6 + 3 + 9);
    expect(runs[0]?.method).toBe('original');
    expect(new Set(runs.map(runKey)).size).toBe(runs.length);
    expect(runs.filter((r) => r.method === 'mondrian').map((r) => configurationLabel(r))).toEqual([
      'mondrian k=2',
      'mondrian k=5',
      'mondrian k=10',
      'mondrian k=20',
      'mondrian k=2 l=2',
      'mondrian k=5 l=2',
      'mondrian k=10 l=2',
      'mondrian k=20 l=2',
    ]);
    expect(runs.filter((r) => r.method === 'privbayes').map((r) => r.parameters.epsilon)).toEqual([
      0.1, 1, 10,
    ]);
    expect(runs.filter((r) => r.method === 'copula').map((r) => r.parameters)).toEqual([{}]);
    expect(
      runs.filter((r) => r.family === 'perturbation').map((r) => configurationLabel(r)),
    ).toEqual(['pram retention=0.8', 'swap rate=0.05']);
  });

  it('the quick grid has 14 runs; repeats multiply them', () => {
    expect(expandGrid(quickGrid()).length).toBe(14);
    const twice = expandGrid({ ...quickGrid(), repeat: 2 });
    expect(twice.length).toBe(28);
    expect(twice.slice(0, 2).map(runKey)).toEqual(['adult|original||0', 'adult|original||1']);
  });
});

describe('keys and labels', () => {
  it('sorts the parameters in the key', () => {
    expect(
      runKey({
        dataset: 'adult',
        method: 'optimal',
        family: 'generalisation',
        parameters: { l: 2, k: 5 },
        repeat: 0,
      }),
    ).toBe('adult|optimal|k=5,l=2|0');
  });

  it('series: l-diversity and DP variants apart', () => {
    const c = (
      method: string,
      family: 'generalisation' | 'synthesis',
      parameters: Record<string, number>,
    ) => ({
      dataset: 'adult',
      method,
      family,
      parameters,
    });
    expect(seriesLabel(c('mondrian', 'generalisation', { k: 5, l: 2 }))).toBe(
      'mondrian +2-diversity',
    );
    expect(seriesLabel(c('mondrian', 'generalisation', { k: 5 }))).toBe('mondrian');
    expect(seriesLabel(c('independent', 'synthesis', { epsilon: 1 }))).toBe('independent DP');
    expect(seriesLabel(c('mst', 'synthesis', { epsilon: 1 }))).toBe('mst');
  });
});

describe('filterRuns', () => {
  it('keeps the named methods and families, and always the original', () => {
    const runs = expandGrid(quickGrid());
    expect(filterRuns(runs, ['mst']).map((r) => r.method)).toEqual(['original', 'mst', 'mst']);
    expect(new Set(filterRuns(runs, ['generalisation']).map((r) => r.method))).toEqual(
      new Set(['original', 'optimal', 'mondrian']),
    );
    expect(filterRuns(runs, []).length).toBe(14);
    expect(filterRuns(runs, ['perturbation']).map((r) => r.method)).toEqual([
      'original',
      'pram',
      'swap',
    ]);
  });

  it('names an unknown method', () => {
    expect(() => filterRuns(expandGrid(quickGrid()), ['mondrain'])).toThrow(
      /--methods mondrain: not a method/,
    );
  });
});

describe('checkGrid', () => {
  it('takes missing sections from the default grid', () => {
    const g = checkGrid({
      name: 'small',
      generalisation: { k: [5] },
      perturbation: { swap: [] },
      rows: 500,
    });
    expect(g.generalisation.k).toEqual([5]);
    expect(g.generalisation.methods).toEqual(['optimal', 'mondrian']);
    expect(g.dp).toEqual(defaultGrid().dp);
    expect(g.perturbation).toEqual({ pram: [0.8], swap: [] });
    expect(g.rows).toBe(500);
    expect(g.name).toBe('small');
  });

  it('names the field of a bad value', () => {
    const bad = (value: unknown, field: RegExp): void => {
      let error: unknown;
      try {
        checkGrid(value, 'g.json');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DatanonymeError);
      expect((error as DatanonymeError).code).toBe('BAD_CONFIG');
      expect((error as Error).message).toMatch(field);
      expect((error as DatanonymeError).file).toBe('g.json');
    };
    bad([], /\(top level\)/);
    bad({ generalisation: { k: [0] } }, /generalisation\.k/);
    bad({ generalisation: { k: 'five' } }, /generalisation\.k/);
    bad({ generalisation: { suppressionLimit: 2 } }, /suppressionLimit/);
    bad({ dp: { epsilon: [-1] } }, /dp\.epsilon/);
    bad({ perturbation: { pram: [1.5] } }, /perturbation\.pram/);
    bad({ perturbation: { swap: [-0.1] } }, /perturbation\.swap/);
    bad({ synthesis: { generators: ['gan'] } }, /synthesis\.generators/);
    bad({ evaluation: 'slow' }, /evaluation/);
    bad({ repeat: 0 }, /repeat/);
    bad({ rows: 5 }, /rows/);
    bad({ datasets: ['census'] }, /datasets/);
  });
});
