/**
 * The optimal search against the brute force of `bruteforce.ts` on many random small problems:
 * 1–4 quasi-identifiers, random tree hierarchies of height 1–4 (some with a root other than `*`,
 * some listing values absent from the data, numeric and missing cells), random k and suppression
 * limits (0 included), each metric. Expected values come from the independent brute force.
 */
import { table } from 'arquero';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optimalGeneralisation } from '../../../methods/generalisation/optimal.js';
import { evaluateTransformation } from '../../../methods/generalisation/evaluate.js';
import { isDatanonymeError } from '../../../src/errors.js';
import { Hierarchy } from '../../../src/hierarchy/hierarchy.js';
import type { ColumnSpec, Dataset } from '../../../src/types.js';
import { bruteForceOptimum, evaluateNode, type MetricName, type Problem } from './bruteforce.js';

const METRICS: MetricName[] = ['loss', 'precision', 'discernibility', 'entropy', 'aecs'];

const hierarchyShape = fc.record({
  domain: fc.integer({ min: 1, max: 6 }),
  height: fc.integer({ min: 1, max: 4 }),
  groups: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }), {
    minLength: 3,
    maxLength: 3,
  }),
  rootStar: fc.boolean(),
  numeric: fc.boolean(),
  withMissing: fc.boolean(),
});
type Shape = typeof hierarchyShape extends fc.Arbitrary<infer T> ? T : never;

/** A tree hierarchy: level l+1 labels are a function of level l labels. */
function buildHierarchy(shape: Shape, name: string): Hierarchy {
  const values = Array.from({ length: shape.domain }, (_, i) =>
    shape.numeric ? String(i * 7) : `${name}${i}`,
  );
  if (shape.withMissing) values[values.length - 1] = '';
  const rows = values.map((v) => [v]);
  for (let l = 1; l < shape.height; l++) {
    const previous = [...new Set(rows.map((r) => r[l - 1] as string))];
    const next = new Map(
      previous.map((label, i) => [
        label,
        l === shape.height - 1 && shape.rootStar
          ? '*'
          : `${name}L${l}g${shape.groups[l - 1]?.[i % 6] ?? 0}`,
      ]),
    );
    for (const row of rows) row.push(next.get(row[l - 1] as string) as string);
  }
  return new Hierarchy(rows, { attribute: name });
}

/** Random problems with at most `maxRows` rows and suppression limits drawn from `limits`. */
const problems = (maxRows: number, limits: fc.Arbitrary<number>, minRows = 1) =>
  fc
    .record({
      shapes: fc.array(hierarchyShape, { minLength: 1, maxLength: 4 }),
      picks: fc.array(fc.array(fc.nat({ max: 5 }), { minLength: 4, maxLength: 4 }), {
        minLength: minRows,
        maxLength: maxRows,
      }),
      unused: fc.nat({ max: 2 }),
      kPick: fc.nat(),
      limit: limits,
      metric: fc.constantFrom(...METRICS),
      dropSuppressed: fc.boolean(),
    })
    .map(toProblem);

type RawProblem = {
  shapes: Shape[];
  picks: number[][];
  unused: number;
  kPick: number;
  limit: number;
  metric: MetricName;
  dropSuppressed: boolean;
};

function toProblem(input: RawProblem) {
  const names = input.shapes.map((_, j) => `q${j}`);
  const hierarchies = input.shapes.map((shape, j) => buildHierarchy(shape, names[j] as string));
  const texts = input.picks.map((pick) =>
    hierarchies.map((h, j) => {
      const used = Math.max(1, h.rows.length - input.unused);
      return h.rows[(pick[j] ?? 0) % used]?.[0] as string;
    }),
  );
  const n = texts.length;
  const k = 1 + (input.kPick % (n + 1)); // 1 … n + 1
  return { ...input, names, hierarchies, texts, k };
}

const problemArb = problems(
  24,
  fc.oneof(
    fc.constant(0),
    fc.constantFrom(0.1, 0.2, 0.25, 0.5, 1),
    fc.double({ min: 0, max: 1, noNaN: true }),
  ),
);
/** More rows: suppression interacts with generalisation over many satisfying nodes. */
const mediumArb = problems(150, fc.double({ min: 0.02, max: 0.5, noNaN: true }), 40);
/** Few rows and high limits: many nodes tie, which exercises the tie-breaking and the stop rule. */
const tieHeavyArb = problems(6, fc.constantFrom(0.5, 0.75, 1));

function datasetOf(names: string[], hierarchies: Hierarchy[], texts: string[][]): Dataset {
  const columns: Record<string, unknown[]> = {
    id: texts.map((_, r) => `person-${r}`),
    payload: texts.map((_, r) => r * 10),
  };
  names.forEach((name, j) => {
    const numeric = hierarchies[j]?.rows.every((row) => /^\d*$/.test(row[0] as string)) ?? false;
    columns[name] = texts.map((row) => {
      const v = row[j] as string;
      if (v === '') return null;
      return numeric ? Number(v) : v;
    });
  });
  const specs: ColumnSpec[] = [
    { name: 'id', type: 'categorical', role: 'identifier' },
    { name: 'payload', type: 'integer', role: 'sensitive' },
    ...names.map((name, j): ColumnSpec => ({
      name,
      type: 'categorical',
      role: 'quasi-identifier',
      hierarchy: hierarchies[j] as Hierarchy,
    })),
  ];
  return { table: table(columns, ['id', ...names, 'payload']), columns: specs };
}

function close(actual: number, expected: number): boolean {
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

describe('optimalGeneralisation against brute force', () => {
  const findsOptimum = (p: typeof problemArb extends fc.Arbitrary<infer T> ? T : never): void => {
    const data = datasetOf(p.names, p.hierarchies, p.texts);
    const options = { k: p.k, suppressionLimit: p.limit, metric: p.metric };
    const n = p.texts.length;
    const problem: Problem = { rows: p.texts, hierarchies: p.hierarchies };
    const expected = p.k > n ? null : bruteForceOptimum(problem, p.k, p.limit, p.metric);
    if (expected === null) {
      let error: unknown;
      try {
        optimalGeneralisation(data, options);
      } catch (e) {
        error = e;
      }
      expect(isDatanonymeError(error) && error.code).toBe('IMPOSSIBLE');
      return;
    }
    const release = optimalGeneralisation(data, {
      ...options,
      dropSuppressed: p.dropSuppressed,
    });
    const details = release.details as {
      transformation: Record<string, number>;
      informationLoss: Record<MetricName, number>;
      classes: number;
      minClassSize: number;
    };
    const levels = p.names.map((name) => details.transformation[name] as number);
    // The optimum's value is the brute-force minimum…
    expect(close(details.informationLoss[p.metric], expected.metrics[p.metric])).toBe(true);
    // …and, with the documented tie-breaking, the same node.
    expect(levels).toEqual(expected.levels);
    // All five metrics at the chosen node agree with the definitions.
    const atNode = evaluateNode(problem, levels, p.k);
    for (const metric of METRICS) {
      expect(close(details.informationLoss[metric], atNode.metrics[metric])).toBe(true);
    }
    // k-anonymity within the limit, in the published table itself.
    const limit = Math.floor(p.limit * n + 1e-9);
    expect(release.accounting.suppressedRows).toBe(atNode.suppressed);
    expect(release.accounting.suppressedRows).toBeLessThanOrEqual(limit);
    expect(release.accounting.suppressedCells).toBe(atNode.suppressed * p.names.length);
    expect(release.accounting.rowsOut).toBe(p.dropSuppressed ? n - atNode.suppressed : n);
    expect(details.classes).toBe(atNode.keptSizes.length);
    expect(details.minClassSize).toBe(atNode.keptSizes.at(-1) ?? 0);
    // The published table, row by row: labels, token, payload, order.
    const out = release.table;
    expect(out.columnNames()).toEqual([...p.names, 'payload']);
    const generalised = p.texts.map((original) =>
      original.map((v, j) => p.hierarchies[j]?.generalise(v, levels[j] ?? 0) as string),
    );
    const sizes = new Map<string, number>();
    for (const cells of generalised) {
      const key = JSON.stringify(cells);
      sizes.set(key, (sizes.get(key) ?? 0) + 1);
    }
    const expectedRows: unknown[][] = [];
    generalised.forEach((cells, row) => {
      const suppressed = (sizes.get(JSON.stringify(cells)) ?? 0) < p.k;
      if (suppressed && p.dropSuppressed) return;
      expectedRows.push([...(suppressed ? cells.map(() => '*') : cells), row * 10]);
    });
    const actualRows = Array.from({ length: out.numRows() }, (_, r) =>
      [...p.names, 'payload'].map((name) => out.get(name, r) as unknown),
    );
    expect(actualRows).toEqual(expectedRows);
  };

  it('finds the brute-force optimum on random small problems', () => {
    fc.assert(fc.property(problemArb, findsOptimum), { numRuns: Number(process.env.RUNS ?? 1500) });
  });

  it('keeps visiting nodes whose bound equals the best value (found by fast-check)', () => {
    // A node whose lower bound equals the best value found so far, exactly, and that wins the
    // tie on height: a search stopping at `bound >= best` returns the wrong node here.
    const shape = (domain: number, height: number, first: number[]): Shape => ({
      domain,
      height,
      groups: [first, [0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]],
      rootStar: false,
      numeric: false,
      withMissing: false,
    });
    findsOptimum(
      toProblem({
        shapes: [
          shape(6, 3, [3, 3, 0, 0, 0, 0]),
          shape(1, 1, [0, 0, 0, 0, 0, 0]),
          shape(5, 2, [0, 0, 0, 0, 0, 0]),
        ],
        picks: [
          [2, 0, 0, 0],
          [0, 0, 0, 0],
          [0, 0, 5, 0],
          [3, 0, 2, 0],
        ],
        unused: 2,
        kPick: 1879048191,
        limit: 0.5,
        metric: 'entropy',
        dropSuppressed: false,
      }),
    );
  });

  it('finds the optimum on medium problems with suppression', () => {
    fc.assert(fc.property(mediumArb, findsOptimum), {
      numRuns: Number(process.env.RUNS ?? 300),
    });
  });

  it('breaks ties as documented when many nodes tie', () => {
    fc.assert(fc.property(tieHeavyArb, findsOptimum), {
      numRuns: Number(process.env.RUNS ?? 1500),
    });
  });

  it('evaluates every node of random problems as the definitions do', () => {
    fc.assert(
      fc.property(problemArb, fc.nat(), (p, pick) => {
        const data = datasetOf(p.names, p.hierarchies, p.texts);
        const levels = p.hierarchies.map((h, j) => (pick >> (2 * j)) % h.height);
        const problem: Problem = { rows: p.texts, hierarchies: p.hierarchies };
        const expected = evaluateNode(problem, levels, p.k);
        const actual = evaluateTransformation(data, levels, { k: p.k, suppressionLimit: p.limit });
        expect(actual.suppressedRows).toBe(expected.suppressed);
        expect(actual.classSizes).toEqual(expected.keptSizes);
        expect(actual.satisfies).toBe(
          expected.suppressed <= Math.floor(p.limit * p.texts.length + 1e-9),
        );
        for (const metric of METRICS) {
          expect(close(actual.informationLoss[metric], expected.metrics[metric])).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
