/**
 * The installed command: the `bin` entry is built JavaScript with a shebang, executable, and runs
 * the CLI end to end in its own process (exit codes included). `npm test` builds first (pretest).
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseArgv } from '../../src/cli/main.js';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const bin = join(root, pkg.bin.datanonyme ?? '');

describe('the datanonyme executable', () => {
  it('is built, starts with a shebang and is executable', () => {
    expect(readFileSync(bin, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(() => {
      accessSync(bin, constants.X_OK);
    }).not.toThrow();
  });

  it('prints its version and runs the demo configuration on Adult', () => {
    const version = spawnSync(bin, ['--version'], { encoding: 'utf8' });
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toBe(pkg.version);
    const dir = mkdtempSync(join(tmpdir(), 'datanonyme-bin-'));
    const r = spawnSync(
      bin,
      [
        'anonymise',
        join(root, 'datasets/adult/adult.csv'),
        '--config',
        join(root, 'datasets/adult/config.json'),
        '-o',
        join(dir, 'o.csv'),
        '--report',
        join(dir, 'r.json'),
      ],
      { encoding: 'utf8' },
    );
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as {
      rowsIn: number;
      rowsOut: number;
      minClassSize: number;
      suppressed: number;
    };
    expect(report.rowsIn).toBe(30162);
    expect(report.rowsOut).toBe(30162);
    expect(report.minClassSize).toBeGreaterThanOrEqual(5);
    expect(report.suppressed).toBeLessThanOrEqual(Math.floor(0.05 * 30162));
  });

  it('exits 2 with a one-line message on bad input, and 0 for --help', () => {
    const bad = spawnSync(
      bin,
      ['anonymise', 'nowhere.csv', '-o', join(tmpdir(), 'x.csv'), '--k', '2', '--qi', 'a'],
      { encoding: 'utf8' },
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('nowhere.csv');
    expect(spawnSync(bin, ['anonymize', '--help'], { encoding: 'utf8' }).status).toBe(0);
  });
});

describe('normaliseArgv: --input and --out, the spellings of other tools', () => {
  it('--input becomes the positional input and --out --output, except in bench and after --', () => {
    expect(normaliseArgv(['anonymise', '--input', 'a.csv', '--out', 'o.csv', '--k', '2'])).toEqual([
      'anonymise',
      'a.csv',
      '--output',
      'o.csv',
      '--k',
      '2',
    ]);
    expect(normaliseArgv(['synth', '--input=a.csv', '--out=o.csv'])).toEqual([
      'synth',
      'a.csv',
      '--output=o.csv',
    ]);
    expect(normaliseArgv(['bench', '--out', 'folder'])).toEqual(['bench', '--out', 'folder']);
    expect(normaliseArgv(['split', 'a.csv', '--', '--out'])).toEqual([
      'split',
      'a.csv',
      '--',
      '--out',
    ]);
    // an option that merely starts with the letters is not touched
    expect(normaliseArgv(['tables', 'a.csv', '--outside', 'drop'])).toEqual([
      'tables',
      'a.csv',
      '--outside',
      'drop',
    ]);
  });
});
