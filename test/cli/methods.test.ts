/**
 * `anonymise --method …` and the privacy-model flags, end to end: the method each flag reaches,
 * the exact output on small hand-checked tables, the report's privacy object, and the errors
 * (exit 2, a message naming the flag or column, no file written).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

const B08 = join(import.meta.dirname, '..', 'fixtures', 'cases', 'b08.csv');

/** The lines of a written CSV, without the trailing empty one. */
function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\r?\n/).slice(0, -1);
}

/**
 * Eight patients, two wards; `smoker` has one value in ward A's young patients. Ages 20–27 split
 * by the hierarchy intervals:4,2 into [20,24[ and [24,28[, then [20,28[, then *.
 */
const WARDS = [
  'age,ward,smoker',
  '20,A,yes',
  '21,A,yes',
  '22,A,yes',
  '23,A,no',
  '24,B,no',
  '25,B,yes',
  '26,B,no',
  '27,B,yes',
  '',
].join('\n');

describe('anonymise --method mondrian', () => {
  it('B08 with k = 2: four age ranges of two rows each, sex unchanged', async () => {
    // Strict Mondrian on the eight distinct ages 31 33 36 38 42 44 47 49 (sex is constant):
    // the median cut gives {31…38} and {42…49}; each is cut again into pairs; a pair cannot be
    // cut for k = 2. So the ranges are [31-33], [36-38], [42-44], [47-49].
    const dir = folder();
    const out = join(dir, 'out.csv');
    const r = await cli(
      'anonymise',
      B08,
      '--qi',
      'sex,age',
      '--k',
      '2',
      '--method',
      'mondrian',
      '-o',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(lines(out)).toEqual([
      'sex,age,condition',
      'F,[31-33],flu',
      'F,[31-33],asthma',
      'F,[36-38],flu',
      'F,[36-38],migraine',
      'F,[42-44],flu',
      'F,[42-44],asthma',
      'F,[47-49],flu',
      'F,[47-49],migraine',
    ]);
  });

  it('refuses an option of another method, naming it, and writes nothing', async () => {
    const dir = folder();
    const out = join(dir, 'out.csv');
    const r = await cli(
      'anonymise',
      B08,
      '--qi',
      'age',
      '--k',
      '2',
      '--variant',
      'strict',
      '-o',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--variant applies to --method mondrian');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an unknown method', async () => {
    const r = await cli(
      'anonymise',
      B08,
      '--qi',
      'age',
      '--k',
      '2',
      '--method',
      'magic',
      '-o',
      'x.csv',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown method "magic"');
  });
});

describe('anonymise --method mdav', () => {
  it('replaces each group of k nearest ages by its mean (hand-checked)', async () => {
    // B08 ages sorted: 31 33 36 38 42 44 47 49, k = 4. MDAV: centroid 40; farthest r = 31 (9 away,
    // 49 is 9 away too: the first in row order wins); its 3 nearest: 33 36 38 → mean 34.5; the
    // remaining 42 44 47 49 (fewer than 2k left after one group? 4 = k remain: one group) → 45.5.
    const dir = folder();
    const out = join(dir, 'out.csv');
    const r = await cli('anonymise', B08, '--qi', 'age', '--k', '4', '--method', 'mdav', '-o', out);
    expect(r.code, r.stderr).toBe(0);
    const ages = lines(out)
      .slice(1)
      .map((l) => l.split(',')[1]);
    expect(ages).toEqual(['34.5', '34.5', '34.5', '34.5', '45.5', '45.5', '45.5', '45.5']);
  });

  it('refuses a categorical quasi-identifier, naming it', async () => {
    const dir = folder();
    const out = join(dir, 'out.csv');
    const r = await cli(
      'anonymise',
      B08,
      '--qi',
      'sex,age',
      '--k',
      '2',
      '--method',
      'mdav',
      '-o',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"sex"');
    expect(existsSync(out)).toBe(false);
  });
});

describe('anonymise --l-diversity / --t-closeness', () => {
  it('generalises further until every class is 2-diverse, and reports the l reached', async () => {
    // k = 2 alone keeps age at [20,24[ / [24,28[ with ward: classes {20–23, A} smoker yes yes yes
    // no and {24–27, B} no yes no yes — both already 2-diverse, so take distinct 3-diversity…
    // impossible with two values; instead check 2-diversity at level 0 with k = 1: the classes of
    // single rows have one value each, so every row must be generalised: at age level 1 ([20,24[,
    // A) holds yes, no and ([24,28[, B) holds no, yes: both 2-diverse, the cheapest transformation.
    const dir = folder({ 'wards.csv': WARDS });
    const out = join(dir, 'out.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'anonymise',
      join(dir, 'wards.csv'),
      '--qi',
      'age,ward',
      '--hierarchy',
      'age=intervals:4,2',
      '--hierarchy',
      'ward=flat',
      '--k',
      '1',
      '--l-diversity',
      'smoker:distinct:2',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(lines(out).slice(1, 3)).toEqual(['"[20,24[",A,yes', '"[20,24[",A,yes']);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      transformation: Record<string, number>;
      privacy: { models: { name: string; required: number; reached: number }[] };
    };
    expect(json.transformation).toEqual({ age: 1, ward: 0 });
    expect(json.privacy.models).toEqual([
      expect.objectContaining({ model: 'l-diversity', column: 'smoker', required: 2, reached: 2 }),
    ]);
  });

  it('reads the same requirement from the config file', async () => {
    const dir = folder({ 'wards.csv': WARDS });
    const config = join(dir, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        attributes: {
          age: {
            role: 'quasi-identifier',
            hierarchy: { type: 'intervals', width: 4, fanout: [2] },
          },
          ward: { role: 'quasi-identifier', hierarchy: { type: 'flat' } },
        },
        privacy: { k: 1, lDiversity: [{ column: 'smoker', variant: 'distinct', l: 2 }] },
      }),
    );
    const out = join(dir, 'out.csv');
    const r = await cli('anonymise', join(dir, 'wards.csv'), '--config', config, '-o', out);
    expect(r.code, r.stderr).toBe(0);
    expect(lines(out)[1]).toBe('"[20,24[",A,yes');
  });

  it('t-closeness: reports the greatest distance reached, within t', async () => {
    // Overall smoker: yes 5/8, no 3/8. At age level 1 the classes hold yes 3/4 and yes 2/4:
    // equal-distance EMD |3/4 − 5/8| = 0.125 and |1/2 − 5/8| = 0.125. With t = 0.2 that level is
    // the cheapest (level 0 singletons are at distance 3/8 or 5/8).
    const dir = folder({ 'wards.csv': WARDS });
    const out = join(dir, 'out.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'anonymise',
      join(dir, 'wards.csv'),
      '--qi',
      'age,ward',
      '--hierarchy',
      'age=intervals:4,2',
      '--hierarchy',
      'ward=flat',
      '--k',
      '1',
      '--t-closeness',
      'smoker:0.2',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      privacy: { models: { reached: number }[] };
    };
    expect(json.privacy.models[0]?.reached).toBeCloseTo(0.125, 12);
  });

  it('an unsatisfiable requirement is IMPOSSIBLE: exit 2, the model named, nothing written', async () => {
    const dir = folder({ 'wards.csv': WARDS });
    const out = join(dir, 'out.csv');
    const r = await cli(
      'anonymise',
      join(dir, 'wards.csv'),
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:4,2',
      '--k',
      '2',
      '--l-diversity',
      'smoker:distinct:3',
      '-o',
      out,
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('distinct-3-diversity on "smoker"');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses a malformed flag and a requirement on a quasi-identifier', async () => {
    const dir = folder({ 'wards.csv': WARDS });
    const out = join(dir, 'out.csv');
    const bad = await cli(
      'anonymise',
      join(dir, 'wards.csv'),
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:4,2',
      '--k',
      '2',
      '--l-diversity',
      'smoker:often:2',
      '-o',
      out,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--l-diversity');
    const onQi = await cli(
      'anonymise',
      join(dir, 'wards.csv'),
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:4,2',
      '--k',
      '2',
      '--l-diversity',
      'age:distinct:2',
      '-o',
      out,
    );
    expect(onQi.code).toBe(2);
    expect(onQi.stderr).toContain(
      'column "age" has an l-diversity requirement, so it is sensitive, but --qi gives it another role',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('fixes from a user trial', () => {
  it('hierarchical t-closeness reads the hierarchy given for the sensitive column', async () => {
    // Diagnoses under a two-level tree: flu, cold → respiratory; ulcer → digestive; then *.
    // H = 2 levels above the leaves. Overall: flu 2/4, cold 1/4, ulcer 1/4. At age level 1 the
    // classes are {flu, cold} and {flu, ulcer}. Class {flu, cold}: extra at the leaves
    // flu +0, cold +1/4, ulcer −1/4; respiratory +1/4, digestive −1/4; so 1/4 of mass moves
    // across the root (cost 2/2) and nothing inside a subtree: EMD = 1/4 · 1 = 0.25. Class
    // {flu, ulcer}: flu 0, cold −1/4, ulcer +1/4: again 0.25 across the root.
    const dir = folder({
      'd.csv': 'age,diagnosis\n20,flu\n21,cold\n30,flu\n31,ulcer\n',
      'dx.csv': 'flu;respiratory;*\ncold;respiratory;*\nulcer;digestive;*\n',
    });
    const out = join(dir, 'out.csv');
    const report = join(dir, 'r.json');
    const r = await cli(
      'anonymise',
      join(dir, 'd.csv'),
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
      '--hierarchy',
      `diagnosis=${join(dir, 'dx.csv')}`,
      '--k',
      '2',
      '--t-closeness',
      'diagnosis:0.3:hierarchical',
      '-o',
      out,
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('ignored');
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      privacy: { models: { name: string; reached: number }[] };
    };
    expect(json.privacy.models[0]?.reached).toBeCloseTo(0.25, 12);
  });

  it('a sensitive column with no value at all is named as such', async () => {
    const dir = folder({ 'd.csv': 'age,note\n20,\n21,\n30,\n31,\n' });
    const r = await cli(
      'anonymise',
      join(dir, 'd.csv'),
      '--qi',
      'age',
      '--hierarchy',
      'age=intervals:10',
      '--k',
      '2',
      '--l-diversity',
      'note:distinct:1',
      '-o',
      join(dir, 'out.csv'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sensitive column "note" has no values');
  });

  it('MDAV counts released classes, not groups: two groups with the same mean are one class', async () => {
    // Ages 30 30 30 30 with k = 2: two groups of two, both of mean 30: one released class of 4.
    const dir = folder({ 'd.csv': 'age,x\n30,a\n30,b\n30,c\n30,d\n' });
    const report = join(dir, 'r.json');
    const r = await cli(
      'anonymise',
      join(dir, 'd.csv'),
      '--qi',
      'age',
      '--k',
      '2',
      '--method',
      'mdav',
      '-o',
      join(dir, 'out.csv'),
      '--report',
      report,
    );
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      classes: number;
      minClassSize: number;
      details: { groups: number };
    };
    expect(json.details.groups).toBe(2);
    expect(json.classes).toBe(1);
    expect(json.minClassSize).toBe(4);
  });

  it('local suppression needs no hierarchy for a column it leaves at level 0', async () => {
    const dir = folder({ 'd.csv': 'sex,zip\nF,1\nF,1\nM,2\nM,3\n' });
    const out = join(dir, 'out.csv');
    const r = await cli(
      'anonymise',
      join(dir, 'd.csv'),
      '--qi',
      'sex,zip',
      '--k',
      '2',
      '--method',
      'local-suppression',
      '-o',
      out,
    );
    expect(r.code, r.stderr).toBe(0);
    // (F,1) ×2 is a class; (M,2) and (M,3) differ only in zip, the less important column: its
    // two cells are suppressed, giving (M,*) ×2.
    expect(lines(out)).toEqual(['sex,zip', 'F,1', 'F,1', 'M,*', 'M,*']);
  });

  it('Mondrian warns that a hierarchy given for a numeric column is not used', async () => {
    const dir = folder({ 'd.csv': 'place,x\n1,a\n2,b\n3,c\n4,d\n' });
    const r = await cli(
      'anonymise',
      join(dir, 'd.csv'),
      '--qi',
      'place',
      '--hierarchy',
      'place=flat',
      '--k',
      '2',
      '--method',
      'mondrian',
      '-o',
      join(dir, 'out.csv'),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('the hierarchy of "place" is not used');
  });
});
