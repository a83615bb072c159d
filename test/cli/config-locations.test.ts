/**
 * Config errors name where they are: the config file and the field of a scalar that fails its
 * check (`c.json: epsilon must be …`), and the line and column of malformed JSON.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonFile } from '../../src/cli/settings.js';
import { rejectionOf } from '../helpers/errors.js';
import { cli, folder } from './helpers.js';

const DATA = `date_naissance,sexe,age\n1960-05-01,F,30\n1970-02-03,M,40\n1980-07-09,F,50\n`;

/** Runs `synth` with a config holding `config`; returns the exit code and stderr. */
async function synthWith(
  config: Record<string, unknown>,
  ...flags: string[]
): Promise<{ code: number; stderr: string; path: string }> {
  const dir = folder({ 'd.csv': DATA, 'c.json': JSON.stringify(config) });
  const path = join(dir, 'c.json');
  const r = await cli(
    'synth',
    join(dir, 'd.csv'),
    '--config',
    path,
    ...flags,
    '-o',
    join(dir, 'o.csv'),
  );
  return { code: r.code, stderr: r.stderr, path };
}

describe('synth --config: a scalar field that fails its check names the file and the field', () => {
  it('epsilon -2: "c.json: epsilon must be a finite number > 0, got -2"', async () => {
    const r = await synthWith({ method: 'independent', epsilon: -2 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.path}: epsilon must be a finite number > 0, got -2`);
  });

  it.each([
    ['rows', { method: 'independent', rows: -2 }, 'rows must be an integer ≥ 1, got "-2"'],
    [
      'degree',
      { method: 'privbayes', epsilon: 1, rows: 3, degree: 0 },
      'degree must be an integer ≥ 1, got "0"',
    ],
    ['minLeaf', { method: 'cart', minLeaf: 1.5 }, 'minLeaf must be an integer ≥ 1, got "1.5"'],
    [
      'outside',
      { method: 'independent', outside: 'keep' },
      'outside must be reject or drop, got "keep"',
    ],
    [
      'identifiers',
      { method: 'independent', identifiers: 'hide' },
      'identifiers must be fake or drop, got "hide"',
    ],
    ['method', { method: 'gan' }, 'method must be one of'],
  ])('%s', async (_field, config, message) => {
    const r = await synthWith(config);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${r.path}: ${message}`);
  });

  it('a field that belongs to another method names the config field too', async () => {
    const r = await synthWith({ method: 'independent', degree: 2 });
    expect(r.stderr).toContain(`${r.path}: degree is for --method privbayes`);
  });

  it('the same value given by a flag is still the flag’s error, without the config file', async () => {
    const r = await synthWith({ method: 'independent' }, '--rows', '-2');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('datanonyme: error: --rows must be an integer ≥ 1, got "-2"');
  });
});

describe('anonymise --config: privacy.k and privacy.suppressionLimit name the file', () => {
  async function anonymiseWith(config: Record<string, unknown>): Promise<string> {
    const dir = folder({ 'd.csv': DATA, 'a.json': JSON.stringify(config) });
    const path = join(dir, 'a.json');
    const r = await cli(
      'anonymise',
      join(dir, 'd.csv'),
      '--config',
      path,
      '--qi',
      'sexe',
      '--hierarchy',
      'sexe=flat',
      '-o',
      join(dir, 'o.csv'),
    );
    expect(r.code).toBe(2);
    return r.stderr.replace(path, 'a.json');
  }

  it('privacy.k -2', async () => {
    expect(await anonymiseWith({ privacy: { k: -2 } })).toContain(
      'a.json: privacy.k must be an integer ≥ 1, got -2',
    );
  });

  it('privacy.suppressionLimit 2', async () => {
    expect(await anonymiseWith({ privacy: { k: 2, suppressionLimit: 2 } })).toContain(
      'a.json: privacy.suppressionLimit must be a fraction between 0 and 1',
    );
  });
});

describe('readJsonFile: malformed JSON gives the line and the column', () => {
  async function errorFor(text: string): Promise<{ message: string; line?: number }> {
    const path = join(folder({ 'c.json': text }), 'c.json');
    const e = await rejectionOf(readJsonFile(path));
    expect(e.code).toBe('BAD_CONFIG');
    expect(e.file).toBe(path);
    return {
      message: e.message.replace(path, 'c.json'),
      ...(e.line === undefined ? {} : { line: e.line }),
    };
  }

  it('a missing comma: the line and column of the next property', async () => {
    // line 4, column 3: the `"c"` after `"b": 2` with no comma
    const e = await errorFor('{\n  "a": 1,\n  "b": 2\n  "c": 3\n}\n');
    expect(e.message).toMatch(/^c\.json: not valid JSON \(line 4, column 3\): /);
    expect(e.line).toBe(4);
  });

  it('columns count characters, not bytes, and a BOM is not a column', async () => {
    // the second comma: UTF-16 position 11 (😀 is two units), 15 in bytes, column 11
    const e = await errorFor('\uFEFF{"é": "😀",, "x": 1}');
    expect(e.message).toMatch(/^c\.json: not valid JSON \(line 1, column 11\): /);
  });

  it('CRLF line ends', async () => {
    const e = await errorFor('{\r\n  "a": [1, 2,]\r\n}\r\n');
    expect(e.message).toMatch(/^c\.json: not valid JSON \(line 2, column 14\): /);
  });

  it('a token the parser reports without a position is still located', async () => {
    const e = await errorFor('{\n  "a": tru\n}');
    expect(e.message).toMatch(/^c\.json: not valid JSON \(line 2, column 8\): /);
  });

  it('a file cut short: the end of the text', async () => {
    const e = await errorFor('{\n  "a": [1,\n');
    expect(e.message).toMatch(/^c\.json: not valid JSON \(line 3, column 1\): /);
  });
});
