/**
 * `inspect` warns of a column of dates written in a form other than ISO (dd/mm/yyyy, …): the
 * reader types it categorical, and outside `synth` it stays a category.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, folder } from './helpers.js';

const WARNING =
  'column "naissance" looks like dates written dd/mm/yyyy; outside synth datanonyme reads dates in ISO form (YYYY-MM-DD): convert it to use date hierarchies, Mondrian ranges or MDAV; as it is, it is a category';

describe('inspect: dates not written in ISO form', () => {
  it('warns on stderr and in the JSON, naming the column and its form', async () => {
    const dir = folder({
      'in.csv': 'nom;naissance;commune\nA;25/12/1980;Lyon\nB;01/02/1975;Nantes\nC;;Lyon\n',
    });
    const text = await cli('inspect', join(dir, 'in.csv'));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stderr).toBe(`datanonyme: warning: ${WARNING}\n`);
    expect(text.stdout).toMatch(/naissance +categorical/);
    const json = await cli('inspect', join(dir, 'in.csv'), '--json');
    expect(json.code, json.stderr).toBe(0);
    expect((JSON.parse(json.stdout) as { warnings?: string[] }).warnings).toEqual([WARNING]);
  });

  it('names the other forms too, and says nothing of ISO dates or other text', async () => {
    const dir = folder({
      'dots.csv': 'naissance\n25.12.1980\n01.02.1975\n',
      'iso.csv': 'naissance,commune\n1980-12-25,Lyon\n1975-02-01,Nantes\n',
    });
    const dots = await cli('inspect', join(dir, 'dots.csv'));
    expect(dots.stderr).toContain('column "naissance" looks like dates written dd.mm.yyyy;');
    const iso = await cli('inspect', join(dir, 'iso.csv'), '--json');
    expect(iso.code, iso.stderr).toBe(0);
    expect(iso.stderr).toBe('');
    expect(JSON.parse(iso.stdout)).not.toHaveProperty('warnings');
  });
});

describe('inspect: a file read with the wrong --delimiter (case B24)', () => {
  it('is refused even without --qi, naming the separator to use', async () => {
    const dir = folder({ 'in.csv': 'age,postcode,condition\n34,13008,flu\n36,13008,asthma\n' });
    const r = await cli('inspect', join(dir, 'in.csv'), '--delimiter', ';');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `the header split on ';' gave 1 column: "age,postcode,condition". Did you mean --delimiter ','?`,
    );
    expect(r.stdout).toBe('');
  });
});
