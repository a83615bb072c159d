/**
 * `evaluate`: its inputs. `--population`: the journalist risk uses the population size. With only a size N, each
 * class's population count is estimated as F = f · N / n (ARX's estimate from a sample fraction).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

describe('evaluate --population', () => {
  it('gives the journalist risk 1 / (f · N / n) of the smallest class', async () => {
    // Two classes of 2 records in a sample of n = 4 drawn from N = 40 people: F = 2 · 40 / 4 = 20
    // each, so the highest journalist risk is 1/20 = 0.05; the prosecutor risk stays 1/2.
    const data = 'sex,zone\nF,A\nF,A\nM,B\nM,B\n';
    const dir = folder({ 'o.csv': data, 'r.csv': data });
    const report = join(dir, 'e.json');
    const r = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--qi',
      'sex,zone',
      '--population',
      '40',
      '--quick',
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      risk: { reidentification: { name: string; value: number | null }[] };
    };
    const figure = (name: string): number | null | undefined =>
      json.risk.reidentification.find((m) => m.name === name)?.value;
    expect(figure('journalistRiskHighest')).toBeCloseTo(0.05, 12);
    expect(figure('prosecutorRiskHighest')).toBeCloseTo(0.5, 12);
  });

  it('refuses a population that is not a whole number', async () => {
    const dir = folder({ 'o.csv': 'a\n1\n' });
    const r = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'o.csv'),
      '--population',
      '2.5',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('population must be a whole number');
  });
});

describe('evaluate: careless inputs (from a user trial)', () => {
  const data = 'sex,zone,age\nF,A,30\nF,A,31\nM,B,40\nM,B,41\n';

  it('refuses the original as its own control set', async () => {
    const dir = folder({ 'o.csv': data, 'r.csv': data });
    const r = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--control',
      join(dir, 'o.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('is the original');
  });

  it('refuses a population smaller than the sample', async () => {
    const dir = folder({ 'o.csv': data });
    const r = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'o.csv'),
      '--population',
      '3',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("smaller than the original's 4 rows");
  });

  it('reads a release written with another separator', async () => {
    const dir = folder({ 'o.csv': data, 'r.csv': data.replaceAll(',', ';') });
    const report = join(dir, 'e.json');
    const r = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--quick',
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      utility: { score: { value: number } };
    };
    expect(json.utility.score.value).toBeCloseTo(1, 12);
  });

  it('scores a dropped column as lost (similarity 0), not as skipped', async () => {
    const dir = folder({ 'o.csv': data, 'r.csv': 'sex,zone\nF,A\nF,A\nM,B\nM,B\n' });
    const report = join(dir, 'e.json');
    const r = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--quick',
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      utility: {
        score: {
          value: number;
          parts: Record<string, number | null>;
          components: { name: string; columns: string[]; value: number | null }[];
        };
      };
    };
    const kept = json.utility.score.components.find((c) => c.name === 'columnKept');
    expect(kept).toMatchObject({ columns: ['age'], value: 0 });
    // Columns part: sex and zone keep everything (TV complement 1, missing similarity 1: four
    // figures of 1) and age is lost (0): 4/5 = 0.8.
    expect(json.utility.score.parts.columns).toBeCloseTo(0.8, 12);
    expect(json.utility.score.value).toBeLessThan(1);
  });

  it('reads the original with --delimiter', async () => {
    // With `|` forced, the comma file is one column named "sex,zone,age": the release (read with
    // its own, detected separator) then shares no column with it.
    const dir = folder({ 'o.csv': data, 'r.csv': data });
    const r = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--delimiter',
      '|',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('shares no column');
    const ok = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--delimiter',
      ',',
      '--quick',
    );
    expect(ok.code, ok.stderr).toBe(0);
  });
});
