/**
 * Case B10 (`../shared/cases.md`) end to end through the built command (`dist/src/cli/main.js`,
 * built by `npm test`'s pretest, as in `test/cli/bin.test.ts`): missing quasi-identifier values
 * form their own class, and a missing sensitive value is not a value for l-diversity.
 *
 * Every QI has the flat hierarchy (value → *), so the lattice is {0,1}³ and the loss of a kept
 * cell is 0 at level 0 and 1 at level 1; a suppressed cell loses 1.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'dist', 'src', 'cli', 'main.js');

const B10 = [
  'sex,job,region,smoker',
  'F,,West,yes',
  'F,,West,yes',
  'F,,West,no',
  'M,teacher,West,yes',
  'M,teacher,West,no',
  'F,nurse,East,no',
  'F,nurse,East,yes',
];
/** The variant: row 3's smoker is empty. */
const B10_VARIANT = B10.map((line, i) => (i === 3 ? 'F,,West,' : line));

interface Report {
  transformation: Record<string, number>;
  suppressed: number;
  classes: number;
  minClassSize: number;
  informationLoss: Record<string, number>;
  privacy: {
    k: { required: number; reached: number };
    models: { model: string; column: string; required: number; reached: number | null }[];
    missingSensitive: Record<string, number>;
  };
}

/** Runs `anonymise` on `lines` with flat hierarchies and the extra flags; output and report. */
function anonymise(lines: string[], ...flags: string[]): { out: string[]; report: Report } {
  const dir = mkdtempSync(join(tmpdir(), 'datanonyme-b10-'));
  writeFileSync(join(dir, 'b10.csv'), lines.join('\n') + '\n');
  const r = spawnSync(
    process.execPath,
    [
      bin,
      'anonymise',
      join(dir, 'b10.csv'),
      '--qi',
      'sex,job,region',
      '--hierarchy',
      'sex=flat',
      '--hierarchy',
      'job=flat',
      '--hierarchy',
      'region=flat',
      ...flags,
      '--report',
      join(dir, 'r.json'),
      '-o',
      join(dir, 'out.csv'),
    ],
    { encoding: 'utf8' },
  );
  expect(r.status, r.stderr).toBe(0);
  return {
    out: readFileSync(join(dir, 'out.csv'), 'utf8').trim().split(/\r?\n/),
    report: JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report,
  };
}

describe('case B10 through the CLI', () => {
  it.each(['1', '2'])(
    'k = %s, distinct 2-diversity: level 0 keeps the three classes, l reached 2',
    (k) => {
      // Level 0 classes: (F,'',West) × 3 smoker {yes, yes, no} → 2 distinct values;
      // (M,teacher,West) × 2 {yes, no} → 2; (F,nurse,East) × 2 {no, yes} → 2. All ≥ 2 and of
      // size ≥ 2 ≥ k, so the bottom node (loss 0) is optimal and nothing changes.
      const { out, report } = anonymise(B10, '--k', k, '--l-diversity', 'smoker:distinct:2');
      expect(out).toEqual(B10);
      expect(report.transformation).toEqual({ sex: 0, job: 0, region: 0 });
      expect(report.classes).toBe(3);
      expect(report.minClassSize).toBe(2);
      expect(report.suppressed).toBe(0);
      expect(report.privacy.k).toEqual({ required: Number(k), reached: 2 });
      expect(report.privacy.models).toHaveLength(1);
      expect(report.privacy.models[0]).toMatchObject({
        model: 'l-diversity',
        column: 'smoker',
        required: 2,
        reached: 2,
      });
      expect(report.privacy.missingSensitive).toEqual({ smoker: 0 });
    },
  );

  it('entropy l reached is exp(H) of the first class, 1.8899', () => {
    // Class (F,'',West): p = 2/3, 1/3; H = −(2/3) ln(2/3) − (1/3) ln(1/3) = 0.270310 + 0.366204
    // = 0.636514; exp(H) = 1.889882. The other classes: p = ½, ½, H = ln 2, exp(H) = 2. The least
    // is 1.8899 ≥ 1.8, so level 0 holds.
    const { out, report } = anonymise(B10, '--k', '2', '--l-diversity', 'smoker:entropy:1.8');
    expect(out).toEqual(B10);
    expect(report.transformation).toEqual({ sex: 0, job: 0, region: 0 });
    expect(report.privacy.models[0]?.reached).toBeCloseTo(
      Math.exp(-(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3)),
      9,
    );
    expect(report.privacy.models[0]?.reached).toBeCloseTo(1.8899, 4);
  });

  it.each(['1', '2'])(
    'k = %s, variant with row 3 missing smoker: (0,1,1), classes (F,*,*) × 5 and (M,*,*) × 2, l 2',
    (k) => {
      // Class (F,'',West) now has {yes, yes, ''}: one value, so it fails at level 0 and at every
      // node that keeps it apart from a 'no': (1,0,0) (*,'',West), (0,1,0) (F,*,West) and
      // (0,0,1) (F,'',*) all leave rows 1–3 alone; (1,0,1) gives (*,'',*) = rows 1–3 again.
      // Satisfying nodes: (1,1,0): (*,*,West) rows 1–5 {yes,no}, (*,*,East) rows 6–7 {no,yes};
      // (0,1,1): (F,*,*) rows 1–3,6,7 {yes,no}, (M,*,*) rows 4–5 {yes,no}; and (1,1,1).
      // Loss of (1,1,0) and (0,1,1): two QIs at level 1 → (7·2)/(7·3) = 2/3 each; (1,1,1): 1.
      // The tie goes to the lower height (both 2), then the lexicographically smaller vector:
      // (0,1,1). Distinct l reached: min(2, 2) = 2; the empty cell is one released missing value.
      const { out, report } = anonymise(
        B10_VARIANT,
        '--k',
        k,
        '--l-diversity',
        'smoker:distinct:2',
      );
      expect(report.transformation).toEqual({ sex: 0, job: 1, region: 1 });
      expect(out).toEqual([
        'sex,job,region,smoker',
        'F,*,*,yes',
        'F,*,*,yes',
        'F,*,*,',
        'M,*,*,yes',
        'M,*,*,no',
        'F,*,*,no',
        'F,*,*,yes',
      ]);
      expect(report.classes).toBe(2);
      expect(report.minClassSize).toBe(2);
      expect(report.suppressed).toBe(0);
      expect(report.informationLoss.loss).toBeCloseTo(2 / 3, 12);
      expect(report.privacy.models[0]?.reached).toBe(2);
      expect(report.privacy.missingSensitive).toEqual({ smoker: 1 });
    },
  );

  it('variant with a 0.43 suppression limit: level 0 with rows 1–3 suppressed', () => {
    // ⌊0.43 · 7⌋ = 3 rows may be suppressed. At (0,0,0) only class (F,'',West) (3 rows) fails:
    // suppressing it costs 3 rows × 3 QIs = 9 lost cells of 21 → loss 9/21 = 3/7 = 0.428571,
    // below the 2/3 of the best node without suppression, and below (1,0,0) (suppress rows 1–3,
    // 9 cells, plus sex at level 1 on rows 4–7, 4 cells → 13/21). The released classes are
    // (M,teacher,West) and (F,nurse,East), l = 2 each; the missing smoker is in a suppressed row.
    const { out, report } = anonymise(
      B10_VARIANT,
      '--k',
      '2',
      '--l-diversity',
      'smoker:distinct:2',
      '--suppression-limit',
      '0.43',
    );
    expect(report.transformation).toEqual({ sex: 0, job: 0, region: 0 });
    expect(out).toEqual([
      'sex,job,region,smoker',
      '*,*,*,yes',
      '*,*,*,yes',
      '*,*,*,',
      'M,teacher,West,yes',
      'M,teacher,West,no',
      'F,nurse,East,no',
      'F,nurse,East,yes',
    ]);
    expect(report.suppressed).toBe(3);
    expect(report.classes).toBe(2);
    expect(report.informationLoss.loss).toBeCloseTo(3 / 7, 12);
    expect(report.privacy.models[0]?.reached).toBe(2);
    expect(report.privacy.missingSensitive).toEqual({ smoker: 0 });
  });
});
