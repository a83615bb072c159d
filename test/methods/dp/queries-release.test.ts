import { table as arqueroTable } from 'arquero';
import { describe, expect, it } from 'vitest';
import { dpRelease, validateDpConfig, type DpResult } from '../../../methods/dp/release.js';
import type { Dataset } from '../../../src/types.js';
import { errorOf } from '../../helpers/errors.js';

const data = arqueroTable({
  sex: ['F', 'F', 'M', 'M', 'F'],
  region: ['N', 'S', 'N', 'N', 'N'],
  hours: [10, 20, 30, 40, 50],
});
const untouchable: Dataset = {
  table: new Proxy(arqueroTable({}), {
    get() {
      throw new Error('the data was read');
    },
  }),
  columns: [],
};

describe('validateDpConfig — field-named errors', () => {
  it.each([
    [{ queries: [{ type: 'count' }] }, 'budget'],
    [{ budget: { epsilon: 0 }, queries: [{ type: 'count' }] }, 'budget.epsilon'],
    [{ budget: { epsilon: 1, delta: 1 }, queries: [{ type: 'count' }] }, 'budget.delta'],
    [{ budget: { epsilon: 1 }, queries: [] }, 'queries'],
    [{ budget: { epsilon: 1 }, queries: [{ type: 'median' }] }, 'queries[0].type'],
    [{ budget: { epsilon: 1 }, queries: [{ type: 'count', colour: 1 }] }, 'queries[0].colour'],
    [
      { budget: { epsilon: 1 }, queries: [{ type: 'count' }, { type: 'sum', column: 'x' }] },
      'queries[1].bounds',
    ],
    [
      { budget: { epsilon: 1 }, queries: [{ type: 'sum', column: 'x', bounds: [24, 0] }] },
      'queries[0].bounds',
    ],
    [
      { budget: { epsilon: 1 }, queries: [{ type: 'count', epsilon: Number.NaN }] },
      'queries[0].epsilon',
    ],
    [
      { budget: { epsilon: 1 }, queries: [{ type: 'count-by', by: ['sex'] }] },
      'queries[0].domains.sex',
    ],
    [
      { budget: { epsilon: 1 }, queries: [{ type: 'count' }, { type: 'count' }] },
      'queries[1].name',
    ],
    [
      { budget: { epsilon: 1 }, queries: [{ type: 'count', mechanism: 'gaussian', epsilon: 0.5 }] },
      'queries[0].delta',
    ],
  ])('%j → BAD_CONFIG at %s', (config, field) => {
    const e = errorOf(() => validateDpConfig(config, 'dp.json'));
    expect([e.code, e.field, e.file]).toEqual(['BAD_CONFIG', field, 'dp.json']);
    expect(e.message).toContain(field);
  });
});

describe('dpRelease', () => {
  const config = {
    budget: { epsilon: 1 },
    queries: [
      { type: 'count', epsilon: 0.4 },
      { type: 'mean', column: 'hours', bounds: [0, 60] },
      { type: 'count-by', by: ['sex', 'region'], domains: { sex: ['F', 'M'], region: ['N', 'S'] } },
    ],
  };

  it('runs every query under one accountant; the table is the count-by; seeded only with a seed', () => {
    const release = dpRelease(data, config, { seed: 'release' });
    expect(release.method).toBe('dp-queries');
    expect(release.seeded).toBe(true);
    expect(release.table.columnNames()).toEqual(['sex', 'region', 'count']);
    expect(release.table.numRows()).toBe(4); // F/M × N/S, the empty M–S cell included
    const results = release.details.results as DpResult[];
    expect(results.map((r) => r.query)).toEqual([
      'count',
      'mean of hours',
      'count-by by sex, region',
    ]);
    // The two queries without an ε share the 0.6 left: 0.3 each; the mean splits its 0.3 in two.
    const privacy = release.details.privacy as {
      ledger: { epsilon: number }[];
      remaining: { epsilon: number };
    };
    expect(privacy.ledger.map((e) => e.epsilon)).toEqual([0.4, 0.15, 0.15, 0.3]);
    expect(privacy.remaining.epsilon).toBe(0);
    expect(dpRelease(data, config).seeded).toBe(false);
  });

  it('the same seed gives the same release', () => {
    const a = dpRelease(data, config, { seed: 3 });
    const b = dpRelease(data, config, { seed: 3 });
    expect(a.table.objects()).toEqual(b.table.objects());
  });

  it('a plan costing more than the budget is refused before the data is read', () => {
    const e = errorOf(() =>
      dpRelease(untouchable, {
        budget: { epsilon: 1 },
        queries: [
          { type: 'count', epsilon: 0.6 },
          { type: 'count', name: 'again', epsilon: 0.6 },
        ],
      }),
    );
    expect(e.code).toBe('BUDGET_EXCEEDED');
  });

  it('without a table query, the table lists each query and its value', () => {
    const r = dpRelease(data, {
      budget: { epsilon: 1 },
      queries: [{ type: 'count' }, { type: 'sum', column: 'hours', bounds: [0, 60] }],
    });
    expect(r.table.array('query')).toEqual(['count', 'sum of hours']);
    expect(r.table.array('epsilon')).toEqual([0.5, 0.5]);
  });

  it('domainFromData: the values seen, with a warning that the domain is not private', () => {
    const r = dpRelease(
      data,
      {
        budget: { epsilon: 1e6 },
        queries: [{ type: 'count-by', by: ['sex'], domainFromData: true }],
      },
      { seed: 1 },
    );
    expect(r.table.objects()).toEqual([
      { sex: 'F', count: 3 },
      { sex: 'M', count: 2 },
    ]);
    const [result] = r.details.results as DpResult[];
    expect(result?.report.warnings.some((w) => /NOT differentially private/.test(w.message))).toBe(
      true,
    );
  });
});
