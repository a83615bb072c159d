/**
 * `datanonyme evaluate` end to end: case B22 from ../shared/cases.md (files, report, page), a copy
 * of part of Adult evaluated against it with a control set (utility perfect, risk high), and bad
 * inputs (exit 2, a clear message, nothing written).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EvaluationReport, ReportedMetric } from '../../src/report/evaluation-report.js';
import { cli, folder } from './helpers.js';

const ADULT = join(import.meta.dirname, '../../datasets/adult');

function metric(list: readonly ReportedMetric[], name: string, column: string): ReportedMetric {
  const m = list.find((x) => x.name === name && x.columns.includes(column));
  if (m === undefined) throw new Error(`no ${name} for ${column}`);
  return m;
}

function readReport(path: string): EvaluationReport {
  return JSON.parse(readFileSync(path, 'utf8')) as EvaluationReport;
}

// Case B22: the files exactly as cases.md gives them.
const B22_REAL = 'row,colour\n1,red\n2,red\n3,blue\n4,\n5,\n';
const B22_SYNTH = 'row,colour\n1,\n2,\n3,\n4,\n5,\n';

describe('case B22 through the command', () => {
  let dir: string;
  let report: EvaluationReport;
  let html: string;
  let stdout: string;
  beforeAll(async () => {
    dir = folder({ 'b22_real.csv': B22_REAL, 'b22_synth.csv': B22_SYNTH });
    const out = await cli(
      'evaluate',
      '--original',
      join(dir, 'b22_real.csv'),
      '--release',
      join(dir, 'b22_synth.csv'),
      '--report',
      join(dir, 'out', 'report.json'),
      '--html',
      join(dir, 'out', 'report.html'),
    );
    expect(out.stderr).not.toMatch(/error/);
    expect(out.code).toBe(0);
    stdout = out.stdout;
    report = readReport(join(dir, 'out', 'report.json'));
    html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  });

  it('reports TV complement 0 and missing similarity 0.4 for colour, each with its reference', () => {
    // {red 2/3, blue 1/3} against no value at all: TVD 1, complement 0.
    const tv = metric(report.utility.columns, 'totalVariationComplement', 'colour');
    expect(tv.value).toBe(0);
    expect(tv.reference).toMatch(/total variation/i);
    // 1 − |2/5 − 5/5| = 0.4.
    expect(metric(report.utility.columns, 'missingSimilarity', 'colour').value).toBeCloseTo(
      0.4,
      12,
    );
  });

  it('averages only applicable figures into the score and lists the skipped ones', () => {
    const applicable = report.utility.score.components.filter((m) => m.value !== null);
    const skipped = report.utility.score.components.filter((m) => m.value === null);
    expect(applicable.length).toBeGreaterThan(0);
    // The mean of the parts' means: columns 0.6 and pairs 0.4 (see test/metrics/evaluate.test.ts).
    expect(report.utility.score.value).toBeCloseTo(0.5, 12);
    expect(report.utility.score.skipped).toHaveLength(skipped.length);
    for (const m of skipped) expect(m.reason).toBeTruthy();
  });

  it('says the attacks need a control set, and prints a summary', () => {
    expect(report.risk.singlingOut).toMatchObject({ risk: null, ci: null });
    expect(report.risk.singlingOut.reason).toMatch(/control/);
    expect(report.risk.linkability.risk).toBeNull();
    expect(stdout).toMatch(
      /^evaluate: .*b22_synth\.csv \(5 rows\) against .*b22_real\.csv \(5 rows\), no control set/,
    );
    expect(stdout).toMatch(/utility score/);
    expect(stdout).toMatch(/singling-out risk\s+n\/a/);
  });

  it('renders an empty "100% missing" panel for colour in a page with no script or external resource', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toMatch(
      /<h3>colour <small>[^<]*<\/small><\/h3><div class="empty">100% missing in the release<\/div>/,
    );
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
  });

  it('refuses the header-only variant with an error, never a 0 score, and writes nothing', async () => {
    // B22 allows "not applicable" or an error; evaluateRelease gives "not applicable" (see
    // test/metrics/evaluate.test.ts), the command stops: an original without rows is a wrong file.
    const d = folder({ 'real.csv': 'row,colour\n', 'synth.csv': 'row,colour\n' });
    const out = await cli(
      'evaluate',
      '--original',
      join(d, 'real.csv'),
      '--release',
      join(d, 'synth.csv'),
      '--report',
      join(d, 'r.json'),
      '--html',
      join(d, 'r.html'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('the original has no data rows');
    expect(existsSync(join(d, 'r.json'))).toBe(false);
    expect(existsSync(join(d, 'r.html'))).toBe(false);
  });
});

describe('a copy of the original, with a control set (2,000 + 2,000 rows of Adult)', () => {
  let report: EvaluationReport;
  let html: string;
  beforeAll(async () => {
    const lines = readFileSync(join(ADULT, 'adult.csv'), 'utf8').split(/\r?\n/);
    const header = lines[0] as string;
    const part = (from: number, to: number): string =>
      [header, ...lines.slice(from, to)].join('\n') + '\n';
    const dir = folder({
      'original.csv': part(1, 2001),
      'release.csv': part(1, 2001),
      'control.csv': part(2001, 4001),
    });
    const out = await cli(
      'evaluate',
      '--original',
      join(dir, 'original.csv'),
      '--release',
      join(dir, 'release.csv'),
      '--control',
      join(dir, 'control.csv'),
      '--config',
      join(ADULT, 'config.json'),
      '--quick',
      '--seed',
      '3',
      '--report',
      join(dir, 'report.json'),
      '--html',
      join(dir, 'report.html'),
    );
    expect(out.stderr).not.toMatch(/error/);
    expect(out.code).toBe(0);
    report = readReport(join(dir, 'report.json'));
    html = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 60_000);

  it('scores utility perfect: every distance 0, every similarity 1', () => {
    expect(report.parameters.quasiIdentifiers).toHaveLength(8);
    expect(report.parameters.secrets).toEqual(['salary-class']);
    for (const m of report.utility.columns) {
      if (
        /totalVariationDistance|kolmogorovSmirnov|wasserstein|missingRateDifference/.test(m.name)
      ) {
        expect(m.value, `${m.name} ${m.columns.join(',')}`).toBe(0);
      }
    }
    expect(report.utility.score.value).toBe(1);
  });

  it('scores the risk high: singling out and inference well above what control rows give', () => {
    for (const attack of [
      report.risk.singlingOut,
      report.risk.linkability,
      report.risk.inference['salary-class'],
    ]) {
      expect(attack?.risk).not.toBeNull();
      const [low, high] = attack?.ci ?? [NaN, NaN];
      expect(low).toBeLessThanOrEqual(attack?.risk as number);
      expect(high).toBeGreaterThanOrEqual(attack?.risk as number);
      expect(low).toBeGreaterThanOrEqual(0);
      expect(high).toBeLessThanOrEqual(1);
    }
    // A copy is exposed: most singling-out predicates and inferences that work on its rows fail
    // on the control rows. Linkability through two halves of 4 quasi-identifiers is weaker (many
    // rows share each half), but still clearly above 0.
    expect(report.risk.singlingOut.risk).toBeGreaterThan(0.5);
    expect(report.risk.inference['salary-class']?.risk).toBeGreaterThan(0.5);
    expect(report.risk.linkability.ci?.[0]).toBeGreaterThan(0);
    // Every release row is an original row.
    const exact = report.risk.distance.find((m) => m.name === 'exactMatchRate');
    expect(exact?.value).toBe(1);
  });
  it('draws each attack risk with its interval in the page', () => {
    const so = report.risk.singlingOut;
    const shown = (x: number): string => String(Number(x.toPrecision(4)));
    expect(html).toContain(
      `${shown(so.risk as number)} [${shown((so.ci as [number, number])[0])}, ${shown((so.ci as [number, number])[1])}]`,
    );
    // Bars on a 0–1 axis of 320 px from x = 170: the interval's whisker ends.
    const low = 170 + (so.ci as [number, number])[0] * 320;
    expect(html).toContain(`<line x1="${String(Math.round(low * 10) / 10)}"`);
    expect(html).toMatch(/inference: salary-class/);
    expect(html).not.toMatch(/<script|<link|src=|href=/i);
  });
});

describe('a generalised release made by anonymise', () => {
  it('is recognised as the full-domain generalisation, with the information loss anonymise reported', async () => {
    const tiny = join(import.meta.dirname, '../../datasets/tiny');
    const dir = folder();
    const made = await cli(
      'anonymise',
      join(tiny, 'test.csv'),
      '--config',
      join(tiny, 'config.json'),
      '-o',
      join(dir, 'k2.csv'),
      '--report',
      join(dir, 'k2.json'),
    );
    expect(made.code).toBe(0);
    const out = await cli(
      'evaluate',
      '--original',
      join(tiny, 'test.csv'),
      '--release',
      join(dir, 'k2.csv'),
      '--config',
      join(tiny, 'config.json'),
      '--report',
      join(dir, 'evaluation.json'),
    );
    expect(out.code).toBe(0);
    const anonymised = JSON.parse(readFileSync(join(dir, 'k2.json'), 'utf8')) as {
      transformation: Record<string, number>;
      informationLoss: Record<string, number>;
    };
    const loss = readReport(join(dir, 'evaluation.json')).utility.informationLoss;
    expect(loss?.transformation).toEqual(anonymised.transformation);
    expect(loss?.metrics).toEqual(anonymised.informationLoss);
    expect(out.stdout).toMatch(
      /information loss \(Loss\)\s+0\.3666 +\(levels age=2, gender=0, zipcode=3; k = 3\)/,
    );
  });
});

describe('bad inputs: exit 2, a clear message, nothing written', () => {
  const files = {
    'o.csv': 'age,sex,salary\n30,F,low\n41,M,high\n52,F,low\n',
    'r.csv': 'age,sex,salary\n31,F,low\n40,M,high\n50,M,low\n',
    'c.csv': 'age,sex\n33,F\n44,M\n',
    'x.csv': 'a;b\n1;2\n',
  };

  async function refused(args: string[], message: RegExp): Promise<void> {
    const dir = folder(files);
    const at = (f: string): string => join(dir, f);
    const out = await cli(
      'evaluate',
      ...args.map((a) => (a.endsWith('.csv') ? at(a) : a)),
      '--report',
      at('report.json'),
      '--html',
      at('report.html'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(message);
    expect(out.stderr.split('\n').filter((l) => l !== '')).toHaveLength(1);
    expect(existsSync(at('report.json'))).toBe(false);
    expect(existsSync(at('report.html'))).toBe(false);
  }

  it('refuses a missing --original or --release', async () => {
    await refused(
      ['--release', 'r.csv'],
      /^datanonyme: error: no original file: give --original <original\.csv>/,
    );
    await refused(['--original', 'o.csv'], /no release file: give --release <release\.csv>/);
  });

  it('refuses an unknown --target column, naming it and the columns there are', async () => {
    await refused(
      ['--original', 'o.csv', '--release', 'r.csv', '--target', 'income'],
      /o\.csv: target "income" not found; the header split on ',' gave 3 columns: "age", "sex", "salary"/,
    );
  });

  it('refuses a control set with other columns, and a release with none of the original', async () => {
    await refused(
      ['--original', 'o.csv', '--release', 'r.csv', '--control', 'c.csv'],
      /c\.csv: the control set must have the columns of the original .*o\.csv; it lacks "salary"/,
    );
    await refused(
      ['--original', 'o.csv', '--release', 'x.csv'],
      /x\.csv: the release shares no column with the original/,
    );
  });

  it('refuses a bad seed and a report written over an input', async () => {
    await refused(
      ['--original', 'o.csv', '--release', 'r.csv', '--seed', 'abc'],
      /seed must be an integer, got "abc"/,
    );
    const dir = folder(files);
    const out = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--report',
      join(dir, 'o.csv'),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/refusing to write the report/);
    expect(readFileSync(join(dir, 'o.csv'), 'utf8')).toBe(files['o.csv']);
  });

  it('refuses a missing file', async () => {
    await refused(['--original', 'none.csv', '--release', 'r.csv'], /none\.csv: no such file/);
  });
});

describe('a column-wise shuffle of the original (2,000 rows of Adult, target salary-class)', () => {
  it('keeps every column (columns part 1) but loses the prediction: the score falls well below 1', async () => {
    const lines = readFileSync(join(ADULT, 'adult.csv'), 'utf8').split(/\r?\n/);
    const header = lines[0] as string;
    const rows = lines.slice(1, 2001).map((l) => l.split(';'));
    // A fixed permutation per column: column j's row i comes from row (i · s_j + j) mod 2000, a
    // bijection because every s_j is coprime with 2000 = 2⁴ · 5³ (odd, not a multiple of 5).
    const steps = [7, 9, 11, 13, 17, 19, 21, 23, 27];
    const shuffled = rows.map(
      (_, i) => rows[0]?.map((_c, j) => rows[(i * (steps[j] ?? 1) + j) % 2000]?.[j] ?? '') ?? [],
    );
    const part = (body: string[][]): string =>
      [header, ...body.map((r) => r.join(';'))].join('\n') + '\n';
    const dir = folder({
      'original.csv': part(rows),
      'release.csv': part(shuffled),
      'control.csv': [header, ...lines.slice(2001, 4001)].join('\n') + '\n',
    });
    const out = await cli(
      'evaluate',
      '--original',
      join(dir, 'original.csv'),
      '--release',
      join(dir, 'release.csv'),
      '--control',
      join(dir, 'control.csv'),
      '--config',
      join(ADULT, 'config.json'),
      '--target',
      'salary-class',
      '--report',
      join(dir, 'report.json'),
    );
    expect(out.code, out.stderr).toBe(0);
    const r = readReport(join(dir, 'report.json'));
    const parts = r.utility.score.parts;
    expect(parts.columns).toBeCloseTo(1, 12);
    // A model trained on independent columns predicts no better than chance.
    expect(parts.prediction).toBeLessThan(0.3);
    expect(r.utility.score.value).toBeLessThan(0.85);
  }, 60_000);
});

describe('identifier columns: --identifier and the config role "identifier"', () => {
  // A name column the release replaces by invented names (synth --identifiers fake), and two
  // columns it copies.
  const rows = 40;
  const csv = (prefix: string): string =>
    'nom;age;ville\n' +
    Array.from(
      { length: rows },
      (_, i) => `${prefix} ${i};${20 + (i % 7)};${['Lyon', 'Nice', 'Metz'][i % 3]}\n`,
    ).join('');
  const files = {
    'o.csv': csv('Martin'),
    'r.csv': csv('Durand'),
    'config.json': JSON.stringify({ attributes: { nom: { role: 'identifier' } } }),
  };

  async function evaluated(
    ...args: string[]
  ): Promise<{ report: EvaluationReport; stderr: string }> {
    const dir = folder(files);
    const out = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--quick',
      ...args.map((a) => (a.endsWith('.json') ? join(dir, a) : a)),
      '--report',
      join(dir, 'report.json'),
    );
    expect(out.code).toBe(0);
    return { report: readReport(join(dir, 'report.json')), stderr: out.stderr };
  }

  for (const [how, args] of [
    ['--identifier nom', ['--identifier', 'nom']],
    ['role "identifier" in --config', ['--config', 'config.json']],
  ] as const) {
    it(`leaves nom out of the figures and the score with ${how}, listed as skipped`, async () => {
      const { report, stderr } = await evaluated(...args);
      expect(report.parameters.columns).toEqual(['age', 'ville']);
      expect(report.utility.columns.some((m) => m.columns.includes('nom'))).toBe(false);
      expect(report.utility.score.components.some((m) => m.columns.includes('nom'))).toBe(false);
      // age and ville are copied: every similarity is 1.
      expect(report.utility.score.value).toBeCloseTo(1, 12);
      expect(report.parameters.quasiIdentifiers).not.toContain('nom');
      expect(report.skipped).toContainEqual({
        name: 'nom',
        reason: 'identifier: replaced or removed by design',
      });
      expect(stderr).not.toMatch(/hint/);
    });
  }

  it('without either, scores nom (TVD 1) and hints that it is probably an identifier', async () => {
    const { report, stderr } = await evaluated();
    expect(report.parameters.columns).toContain('nom');
    expect(report.utility.score.value).toBeLessThan(0.9);
    expect(stderr).toMatch(
      /evaluate: hint: column "nom" has a different value in every row of both files and the release holds none of the original's: probably an identifier, .*give --identifier nom/,
    );
  });

  it('refuses an --identifier that is not a column, naming the file', async () => {
    const dir = folder(files);
    const out = await cli(
      'evaluate',
      '--original',
      join(dir, 'o.csv'),
      '--release',
      join(dir, 'r.csv'),
      '--identifier',
      'name',
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/o\.csv: identifier "name" not found; the header split on ';'/);
  });
});
