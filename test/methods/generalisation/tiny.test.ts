/**
 * The 7-row `datasets/tiny` table (ARX's example) against the reference lattice results of
 * `datasets/tiny/README.md`, and the optimum's Loss worked out by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateTransformation } from '../../../methods/generalisation/evaluate.js';
import { optimalGeneralisation } from '../../../methods/generalisation/optimal.js';
import type { Dataset } from '../../../src/types.js';
import { allNodes } from './bruteforce.js';
import { loadTiny } from './load.js';

let tiny: Dataset;
beforeAll(async () => {
  tiny = await loadTiny();
});

// datasets/tiny/README.md, "Reference results": (age, gender, zipcode) → class sizes, k ≥ 2.
const README_NODES: Record<string, number[]> = {
  '1,1,2': [3, 2, 2],
  '2,1,2': [5, 2],
  '1,1,3': [4, 3],
  '1,1,4': [4, 3],
  '1,1,5': [4, 3],
  '2,0,3': [4, 3],
  '2,0,4': [4, 3],
  '2,0,5': [4, 3],
  '2,1,3': [7],
  '2,1,4': [7],
  '2,1,5': [7],
};

describe('tiny: the lattice of datasets/tiny/README.md', () => {
  it('has exactly the 11 nodes with k ≥ 2 of the README, with their class sizes', () => {
    const found: Record<string, number[]> = {};
    for (const levels of allNodes([3, 2, 6])) {
      const evaluation = evaluateTransformation(tiny, levels, { k: 1 });
      expect(evaluation.classSizes.reduce((a, b) => a + b, 0)).toBe(7);
      if (evaluation.minClassSize >= 2) found[levels.join(',')] = evaluation.classSizes;
    }
    expect(found).toEqual(README_NODES);
  });

  it('is all unique at (0,0,0)', () => {
    const bottom = evaluateTransformation(tiny, [0, 0, 0], { k: 1 });
    expect(bottom.classSizes).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(bottom.minClassSize).toBe(1);
  });

  it('reports k as the size of the smallest class at every README node', () => {
    for (const [node, sizes] of Object.entries(README_NODES)) {
      const levels = node.split(',').map(Number);
      const evaluation = evaluateTransformation(tiny, levels, { k: 2 });
      expect(evaluation.minClassSize).toBe(Math.min(...sizes));
      expect(evaluation.suppressedRows).toBe(0);
      expect(evaluation.satisfies).toBe(true);
    }
  });
});

describe('tiny: the optimum', () => {
  // Loss (Iyengar) by hand. Hierarchy sizes: age 100 values (1–100), gender 2, zipcode 10,000.
  // age level 1: "<50" covers 49 values → (49−1)/99 = 48/99; ">=50" covers 51 → 50/99; level 2
  //   "*" → 99/99 = 1. Gender level 1 "*" → 1/1 = 1, level 0 → 0.
  // zipcode level 2 "816**"/"819**" cover 100 → 99/9999; level 3 "81***" covers 1000 → 999/9999.
  // (2,0,3): every row costs 1 (age) + 0 (gender) + 999/9999 (zipcode):
  //   Loss = (1 + 0 + 999/9999) / 3 = 10998/29997 ≈ 0.366637.
  // (1,1,2): ages 34,45,34,45 are "<50" and 66,70,70 ">=50": age = (4·48 + 3·50)/(7·99) = 342/693;
  //   Loss = (342/693 + 1 + 99/9999) / 3 ≈ 0.501136.
  // (1,1,3): Loss = (342/693 + 1 + 999/9999) / 3 ≈ 0.531139.
  // (2,1,3): Loss = (1 + 1 + 999/9999) / 3 = 20997/29997 ≈ 0.699970.
  const loss203 = (1 + 0 + 999 / 9999) / 3;
  const loss112 = (342 / 693 + 1 + 99 / 9999) / 3;
  const loss113 = (342 / 693 + 1 + 999 / 9999) / 3;
  const loss213 = (1 + 1 + 999 / 9999) / 3;

  it('evaluates the Loss of the minimal nodes as computed by hand', () => {
    const loss = (levels: number[]): number =>
      evaluateTransformation(tiny, levels, { k: 2 }).informationLoss.loss;
    expect(loss([2, 0, 3])).toBeCloseTo(loss203, 12);
    expect(loss([1, 1, 2])).toBeCloseTo(loss112, 12);
    expect(loss([1, 1, 3])).toBeCloseTo(loss113, 12);
    expect(loss([2, 1, 3])).toBeCloseTo(loss213, 12);
  });

  const cases: [number, string[], number[], number][] = [
    // k, minimal nodes (README), expected optimum, its Loss
    [2, ['1,1,2', '2,0,3'], [2, 0, 3], loss203],
    [3, ['1,1,3', '2,0,3'], [2, 0, 3], loss203],
    [7, ['2,1,3'], [2, 1, 3], loss213],
  ];
  it.each(cases)(
    'k = %i: one of the minimal nodes %j, %j with Loss by hand',
    (k, minimal, node, loss) => {
      const release = optimalGeneralisation(tiny, { k });
      const details = release.details as {
        transformation: Record<string, number>;
        informationLoss: Record<string, number>;
        minClassSize: number;
        latticeSize: number;
        nodesChecked: number;
      };
      const levels = [
        details.transformation.age,
        details.transformation.gender,
        details.transformation.zipcode,
      ];
      expect(minimal).toContain(levels.join(','));
      expect(levels).toEqual(node);
      expect(details.informationLoss.loss).toBeCloseTo(loss, 12);
      expect(details.minClassSize).toBeGreaterThanOrEqual(k);
      expect(details.latticeSize).toBe(36);
      expect(details.nodesChecked).toBeLessThanOrEqual(36);
      expect(release.accounting).toEqual({
        rowsIn: 7,
        rowsOut: 7,
        suppressedRows: 0,
        suppressedCells: 0,
      });
    },
  );

  it('picks a minimal node for every metric', () => {
    const metrics = ['loss', 'precision', 'discernibility', 'entropy', 'aecs'] as const;
    for (const metric of metrics) {
      const release = optimalGeneralisation(tiny, { k: 2, metric });
      const t = (release.details as { transformation: Record<string, number> }).transformation;
      expect(['1,1,2', '2,0,3']).toContain([t.age, t.gender, t.zipcode].join(','));
    }
  });

  it('publishes the labels of the chosen levels', () => {
    const release = optimalGeneralisation(tiny, { k: 2 });
    expect(release.table.objects()).toEqual([
      { age: '*', gender: 'male', zipcode: '81***' },
      { age: '*', gender: 'female', zipcode: '81***' },
      { age: '*', gender: 'male', zipcode: '81***' },
      { age: '*', gender: 'female', zipcode: '81***' },
      { age: '*', gender: 'female', zipcode: '81***' },
      { age: '*', gender: 'male', zipcode: '81***' },
      { age: '*', gender: 'male', zipcode: '81***' },
    ]);
    expect(release.columns.map((c) => c.type)).toEqual([
      'categorical',
      'categorical',
      'categorical',
    ]);
  });
});
