/**
 * `datanonyme dp` end to end: the common case (every combination of the public domains, true
 * zeros included), the report, case B14 through the CLI (bad ε and δ refused before the data is
 * read, exit 2, nothing written), the domain rule, and a --config plan.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

// Case B13's table with a region: flu ×4, asthma ×4, migraine ×2; nobody has "cold".
const b13 =
  'ref,condition,region\nr01,flu,N\nr02,asthma,N\nr03,flu,S\nr04,migraine,N\nr05,flu,N\n' +
  'r06,asthma,S\nr07,asthma,N\nr08,flu,S\nr09,migraine,S\nr10,asthma,N\n';

interface Report {
  seeded: boolean;
  epsilonSpent: number;
  deltaSpent: number;
  noiseScale: number;
  mechanism: string;
  domainFromData: boolean;
  warnings: string[];
  queries: {
    query: string;
    mechanism: string;
    scale: number;
    expectedAbsoluteError: number | null;
    spent: { epsilon: number; delta: number };
    remainingAfter: { epsilon: number };
    value?: number;
  }[];
  ledger: unknown[];
}

function rowsOf(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}

describe('dp --count-by: the common case', () => {
  it('writes one row per combination of the public domains, the empty ones included', async () => {
    const dir = folder({ 'in.csv': b13 });
    const out = join(dir, 'out.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--count-by',
      'condition,region',
      '--epsilon',
      '0.5',
      '--domain',
      'condition=flu,asthma,migraine,cold',
      '--domain',
      'region=N,S',
      '--seed',
      'cli',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const rows = rowsOf(out);
    expect(rows[0]).toEqual(['condition', 'region', 'count']);
    // 4 conditions × 2 regions, in domain order; "cold" has a true count of 0 in both regions.
    expect(rows.slice(1).map((x) => `${x[0] ?? ''}/${x[1] ?? ''}`)).toEqual([
      'flu/N',
      'flu/S',
      'asthma/N',
      'asthma/S',
      'migraine/N',
      'migraine/S',
      'cold/N',
      'cold/S',
    ]);
    for (const x of rows.slice(1)) {
      const c = Number(x[2]);
      expect(Number.isInteger(c) && c >= 0).toBe(true);
    }
    const rep = JSON.parse(readFileSync(report, 'utf8')) as Report;
    expect(rep.epsilonSpent).toBe(0.5);
    expect(rep.deltaSpent).toBe(0);
    expect(rep.noiseScale).toBe(2); // Δ/ε = 1/0.5 (case B13)
    expect(rep.mechanism).toBe('geometric');
    expect(rep.seeded).toBe(true);
    expect(rep.warnings[0]).toMatch(/NOT fit for publication/);
    expect(r.stderr).toMatch(/warning: seeded/);
    const [q] = rep.queries;
    // E|Z| of the discrete Laplace of scale 2: 2e^-0.5/(1 − e^-1) = 1.9189…
    expect(q?.expectedAbsoluteError).toBeCloseTo((2 * Math.exp(-0.5)) / (1 - Math.exp(-1)), 9);
    expect(q?.spent).toEqual({ epsilon: 0.5, delta: 0, rho: null });
    expect(q?.remainingAfter.epsilon).toBe(0);
    expect(rep.ledger).toHaveLength(1);
    expect(rep.domainFromData).toBe(false);
  });

  it('the same seed gives the same file; without a seed the report says seeded: false', async () => {
    const dir = folder({ 'in.csv': b13 });
    const run = (extra: string[], out: string) =>
      cli(
        'dp',
        join(dir, 'in.csv'),
        '--count-by',
        'region',
        '--epsilon',
        '1',
        '--domain',
        'region=N,S',
        '-o',
        join(dir, out),
        ...extra,
      );
    await run(['--seed', '7'], 'a.csv');
    await run(['--seed', '7'], 'b.csv');
    expect(readFileSync(join(dir, 'a.csv'), 'utf8')).toBe(readFileSync(join(dir, 'b.csv'), 'utf8'));
    const r = await run(['--report', join(dir, 'r.json')], 'c.csv');
    expect(r.code, r.stderr).toBe(0);
    expect((JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report).seeded).toBe(false);
  });

  it('reads a domain from @file, one value per line', async () => {
    const dir = folder({ 'in.csv': b13, 'regions.txt': 'N\nS\nE\n' });
    const r = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--count-by',
      'region',
      '--epsilon',
      '1',
      '--domain',
      `region=@${join(dir, 'regions.txt')}`,
      '-o',
      join(dir, 'out.csv'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(rowsOf(join(dir, 'out.csv')).map((x) => x[0])).toEqual(['region', 'N', 'S', 'E']);
  });

  it('a value is a value even when a file of that name exists', async () => {
    // The trial that found this: `--domain condition=flu` read a file named "flu".
    const dir = folder({ 'in.csv': b13, N: 'not a domain\n' });
    const r = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--count-by',
      'region',
      '--epsilon',
      '1',
      '--domain',
      `region=${join(dir, 'N')},S`,
      '--domain-from-data',
      '-o',
      join(dir, 'out.csv'),
    );
    // The domain is the two values given (the first one a path that exists), so the data's
    // region N falls outside it and the run stops naming it: not the file's line.
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('not a domain');
    expect(r.stderr).toContain('"N"');
  });

  it('B16 through a plan: names the query that overspends and what the others leave', async () => {
    const dir = folder({
      'in.csv': 'ref,hours\nr1,3\nr2,5\n',
      'plan.json': JSON.stringify({
        budget: { epsilon: 1 },
        queries: [
          { type: 'count', epsilon: 0.4 },
          { type: 'sum', column: 'hours', bounds: [0, 24], epsilon: 0.4 },
          { type: 'mean', column: 'hours', bounds: [0, 24], epsilon: 0.4 },
        ],
      }),
    });
    const out = join(dir, 'out.csv');
    const r = await cli('dp', join(dir, 'in.csv'), '--config', join(dir, 'plan.json'), '-o', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'query 3 ("mean") needs ε = 0.4 but the queries before it leave only ε = 0.2',
    );
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an empty seed', async () => {
    const dir = folder({ 'in.csv': b13 });
    const r = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--count-by',
      'region',
      '--epsilon',
      '1',
      '--domain-from-data',
      '--seed',
      '',
      '-o',
      join(dir, 'out.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seed must not be empty');
  });

  it('without a public domain: refused (exit 2) unless --domain-from-data, which the report flags', async () => {
    const dir = folder({ 'in.csv': b13 });
    const args = [
      'dp',
      join(dir, 'in.csv'),
      '--count-by',
      'region',
      '--epsilon',
      '1',
      '-o',
      join(dir, 'out.csv'),
    ];
    const refused = await cli(...args);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/no public domain for "region"/);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    const r = await cli(...args, '--domain-from-data', '--report', join(dir, 'r.json'));
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(rep.domainFromData).toBe(true);
    expect(rep.warnings.some((w) => /NOT differentially private/.test(w))).toBe(true);
    expect(rowsOf(join(dir, 'out.csv')).map((x) => x[0])).toEqual(['region', 'N', 'S']);
  });
});

describe('case B14 through the CLI: bad ε and δ are refused before the data is read', () => {
  it.each(['0', '-1', 'NaN', 'Infinity', 'abc'])(
    '--epsilon %s: exit 2, names epsilon and the value, writes nothing',
    async (epsilon) => {
      const dir = folder();
      // The input does not exist: the error must be about ε, so ε was checked before any reading.
      const r = await cli(
        'dp',
        join(dir, 'missing.csv'),
        '--count-by',
        'condition',
        '--epsilon',
        epsilon,
        '--domain',
        'condition=flu',
        '-o',
        join(dir, 'out.csv'),
        '--report',
        join(dir, 'r.json'),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^datanonyme: error: epsilon must be/);
      expect(r.stderr).toContain(epsilon);
      expect(existsSync(join(dir, 'out.csv'))).toBe(false);
      expect(existsSync(join(dir, 'r.json'))).toBe(false);
    },
  );

  it('Gaussian: --delta 0, -0.1 and 1 refused before reading; 1e-6 accepted', async () => {
    const dir = folder({ 'in.csv': b13 });
    for (const delta of ['0', '-0.1', '1']) {
      const r = await cli(
        'dp',
        join(dir, 'missing.csv'),
        '--count-by',
        'region',
        '--epsilon',
        '0.5',
        '--mechanism',
        'gaussian',
        '--delta',
        delta,
        '--domain',
        'region=N,S',
        '-o',
        join(dir, 'out.csv'),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/delta must be/);
    }
    const ok = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--count-by',
      'region',
      '--epsilon',
      '0.5',
      '--mechanism',
      'gaussian',
      '--delta',
      '1e-6',
      '--domain',
      'region=N,S',
      '-o',
      join(dir, 'out.csv'),
      '--report',
      join(dir, 'r.json'),
    );
    expect(ok.code, ok.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(rep.mechanism).toBe('gaussian');
    expect(rep.deltaSpent).toBe(1e-6);
  });

  it('ε = 1e6 runs with a warning that the privacy is negligible', async () => {
    const dir = folder({ 'in.csv': b13 });
    const r = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--count-by',
      'region',
      '--epsilon',
      '1e6',
      '--domain',
      'region=N,S',
      '-o',
      join(dir, 'out.csv'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: .*negligible/);
    // Said once on the terminal (the budget's warning covers the one query that spends it).
    expect(r.stderr.match(/negligible/g)).toHaveLength(1);
    // With scale 1e-6 the noise is 0 but with probability about 2e^(−1e6): N has 6 rows, S 4.
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toBe('region,count\nN,6\nS,4\n');
  });
});

describe('dp --config: a plan of queries', () => {
  it('runs the plan, reports every query, and refuses a bad plan naming the field', async () => {
    const plan = {
      budget: { epsilon: 1 },
      queries: [
        { type: 'count', epsilon: 0.2 },
        { type: 'count', name: 'flu', where: { column: 'condition', equals: 'flu' }, epsilon: 0.2 },
        { type: 'count-by', by: ['region'], domains: { region: ['N', 'S'] } },
      ],
    };
    const dir = folder({
      'in.csv': b13,
      'dp.json': JSON.stringify(plan),
      'bad.json': '{"budget":{"epsilon":1},"queries":[{"type":"sum","column":"x"}]}',
    });
    const r = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--config',
      join(dir, 'dp.json'),
      '-o',
      join(dir, 'out.csv'),
      '--report',
      join(dir, 'r.json'),
    );
    expect(r.code, r.stderr).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(rep.queries.map((q) => q.query)).toEqual(['count', 'flu', 'count-by by region']);
    expect(rep.queries.map((q) => q.spent.epsilon)).toEqual([0.2, 0.2, 0.6]);
    expect(rep.epsilonSpent).toBe(1);
    expect(rowsOf(join(dir, 'out.csv'))[0]).toEqual(['region', 'count']);
    const bad = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--config',
      join(dir, 'bad.json'),
      '-o',
      join(dir, 'o2.csv'),
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/queries\[0\]\.bounds/);
    expect(existsSync(join(dir, 'o2.csv'))).toBe(false);
  });

  it('refuses --config together with --epsilon', async () => {
    const dir = folder({ 'in.csv': b13, 'dp.json': '{}' });
    const r = await cli(
      'dp',
      join(dir, 'in.csv'),
      '--config',
      join(dir, 'dp.json'),
      '--epsilon',
      '1',
      '-o',
      join(dir, 'out.csv'),
    );
    expect(r.code).toBe(2);
  });
});
