/**
 * The utility–risk frontier and its plain-language reading, on the hand-made result set of
 * `records.ts` (the expected frontier and sentences worked out by hand there), and a property:
 * no point of the frontier is beaten, and every point off it is beaten by one on it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  paretoFrontier,
  readFrontier,
  summariseConfigurations,
  type FrontierPoint,
} from '../../../src/report/bench/frontier.js';
import { handMade, record } from './records.js';

const beats = (q: FrontierPoint, p: FrontierPoint): boolean =>
  q.risk <= p.risk && q.utility >= p.utility && (q.risk < p.risk || q.utility > p.utility);

describe('paretoFrontier', () => {
  it('keeps the points nothing beats, by increasing risk', () => {
    const points = [
      { utility: 0.95, risk: 0.3 }, // 0: on it (most utility)
      { utility: 0.8, risk: 0.05 }, // 1: on it
      { utility: 0.7, risk: 0 }, // 2: on it (least risk)
      { utility: 0.6, risk: 0.02 }, // 3: beaten by 2
      { utility: 0.85, risk: 0.1 }, // 4: on it
      { utility: 0.8, risk: 0.2 }, // 5: beaten by 4 and 1
      { utility: 0.8, risk: 0.05 }, // 6: equal to 1: kept too
    ];
    expect(paretoFrontier(points)).toEqual([2, 1, 6, 4, 0]);
    expect(paretoFrontier([])).toEqual([]);
  });

  it('property: the frontier is unbeaten and beats every other point', () => {
    const point = fc.record({
      utility: fc.integer({ min: 0, max: 20 }).map((x) => x / 20),
      risk: fc.integer({ min: 0, max: 20 }).map((x) => x / 20),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), (points) => {
        const on = new Set(paretoFrontier(points));
        points.forEach((p, i) => {
          const beaten = points.some((q) => beats(q, p));
          expect(on.has(i)).toBe(!beaten);
          if (beaten) expect([...on].some((j) => beats(points[j] as FrontierPoint, p))).toBe(true);
        });
        const risks = [...paretoFrontier(points)].map((i) => (points[i] as FrontierPoint).risk);
        expect(risks).toEqual([...risks].sort((a, b) => a - b));
      }),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('readFrontier', () => {
  it('reads the hand-made set', () => {
    const reading = readFrontier('adult', summariseConfigurations(handMade()));
    expect(reading.frontier.map((c) => c.label)).toEqual([
      'optimal k=2',
      'mondrian k=10',
      'mst ε=1',
      'mondrian k=2',
    ]);
    expect(reading.levels.map((l) => [l.maxRisk, l.best?.label ?? null])).toEqual([
      [0.01, 'optimal k=2'],
      [0.05, 'mondrian k=10'],
      [0.1, 'mst ε=1'],
      [0.2, 'mst ε=1'],
      [0.5, 'mondrian k=2'],
    ]);
    expect(reading.sentences).toEqual([
      'The original itself (the reference) scores utility 1.000 and risk 0.900: publishing it as it is would expose that much.',
      'At a risk of at most 1 %, optimal k=2 keeps most: utility 0.700 (risk 0.000).',
      'At a risk of at most 5 %, mondrian k=10 keeps most: utility 0.800 (risk 0.050).',
      'At a risk of at most 10 %, mst ε=1 keeps most: utility 0.850 (risk 0.100).',
      'At a risk of at most 20 %, mst ε=1 keeps most: utility 0.850 (risk 0.100).',
      'At a risk of at most 50 %, mondrian k=2 keeps most: utility 0.950 (risk 0.300).',
      'On the frontier (no other release keeps more at a lower or equal risk), by increasing risk: optimal k=2 (0.000, 0.700); mondrian k=10 (0.050, 0.800); mst ε=1 (0.100, 0.850); mondrian k=2 (0.300, 0.950).',
      'The other 2 releases are beaten on both counts by one on the frontier.',
      'Risk is the worst of the three attacks of Giomi et al. (singling out, linkability, inference) against held-out original rows; utility is the evaluation score (1: as the original). Both are estimates from one sample of attacks.',
    ]);
  });

  it('says when no release is safe enough, and breaks utility ties by the lower risk', () => {
    const records = [
      record('mondrian', 'generalisation', { k: 2 }, { utility: 0.9, risk: 0.15 }),
      record('mondrian', 'generalisation', { k: 5 }, { utility: 0.9, risk: 0.08 }),
    ];
    const reading = readFrontier('adult', summariseConfigurations(records), [0.05, 0.2]);
    expect(reading.sentences[0]).toBe(
      'At a risk of at most 5 %, no release measured here is that safe.',
    );
    expect(reading.sentences[1]).toBe(
      'At a risk of at most 20 %, mondrian k=5 keeps most: utility 0.900 (risk 0.080).',
    );
    expect(reading.frontier.map((c) => c.label)).toEqual(['mondrian k=5']);
    expect(reading.sentences).toContain(
      'The other 1 release is beaten on both counts by one on the frontier.',
    );
  });

  it('with no release measured for utility and risk, says so', () => {
    const reading = readFrontier(
      'adult',
      summariseConfigurations([record('dp-table', 'dp', { epsilon: 1 }, { error: 0.1 })]),
    );
    expect(reading.sentences).toEqual([
      'No release with both a utility score and a risk was measured on this data.',
    ]);
  });
});

describe('summariseConfigurations', () => {
  it('averages figures over repeats, takes the median cost, and counts failures', () => {
    const a = record('mst', 'synthesis', { epsilon: 1 }, { utility: 0.8, risk: 0.1 }, 100, 0);
    const b = record('mst', 'synthesis', { epsilon: 1 }, { utility: 0.9, risk: 0.3 }, 300, 1);
    const c = { ...record('mst', 'synthesis', { epsilon: 1 }, {}, 0, 2), error: 'boom' };
    const [s] = summariseConfigurations([a, b, c]);
    expect(s?.runs).toBe(3);
    expect(s?.failed).toBe(1);
    expect(s?.error).toBe('boom');
    expect(s?.figures.utility).toBeCloseTo(0.85, 12);
    expect(s?.figures.risk).toBeCloseTo(0.2, 12);
    expect(s?.resources.methodMs).toBe(200); // median of 100 and 300 (the failed run left out)
    expect(s?.label).toBe('mst ε=1');
  });
});
