/**
 * End to end: `datanonyme bench --quick` in this process (its command function, as main.ts calls
 * it), then its report.html loaded in headless Chromium (Debian's /usr/bin/chromium, driven by
 * playwright-core through `executablePath`): no console error, nothing fetched, and every chart of
 * results.json has its container holding an SVG with marks. Chromium missing is a failure, not a
 * skip (`.ci/run` installs it).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { BenchResults } from '../../src/report/bench/types.js';
import { benchCommand } from '../../src/cli/bench.js';
import { expandGrid, quickGrid } from '../../src/report/bench/grid.js';

const CHROMIUM = '/usr/bin/chromium';

describe('bench --quick, report.html in Chromium', () => {
  it('runs the quick grid and every chart renders with marks and no console error', async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: install Debian's chromium`).toBe(true);
    const out = mkdtempSync(join(tmpdir(), 'datanonyme-bench-e2e-'));
    let stderr = '';
    const code = await benchCommand(
      { quick: true, out },
      () => undefined,
      (line) => (stderr += line + '\n'),
    );
    expect(code, stderr).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as BenchResults;
    expect(results.records.length).toBe(expandGrid(quickGrid()).length);
    expect(new Set(results.records.map((r) => r.family))).toEqual(
      new Set(['reference', 'generalisation', 'perturbation', 'dp', 'synthesis']),
    );
    expect(results.records.filter((r) => r.error !== undefined)).toEqual([]);
    expect(results.charts.map((c) => c.id)).toEqual([
      'frontier-adult',
      'loss-k-adult',
      'error-epsilon-adult',
      'time-adult',
    ]);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)="https?:/);

    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      const requests: string[] = [];
      page.on('request', (q) => requests.push(q.url()));
      await page.goto(pathToFileURL(join(out, 'report.html')).href, { waitUntil: 'load' });
      const figures = await page.$$eval('figure.chart', (nodes) =>
        nodes.map((n) => ({
          id: n.id,
          svgs: n.querySelectorAll('svg').length,
          marks: n.querySelectorAll(
            'svg .role-mark > path, svg .role-mark > g, svg .role-mark > line',
          ).length,
          width: n.querySelector('svg')?.getBoundingClientRect().width ?? 0,
        })),
      );
      expect(figures.length).toBe(results.charts.length);
      expect(figures.map((f) => f.id)).toEqual(results.charts.map((c) => c.id));
      for (const f of figures) {
        expect(f.svgs, f.id).toBe(1);
        expect(f.marks, f.id).toBeGreaterThan(0);
        expect(f.width, f.id).toBeGreaterThan(100);
      }
      // The frontier chart has one symbol per plotted configuration.
      const points = await page.$$eval(
        '#frontier-adult svg .mark-symbol.role-mark > path',
        (n) => n.length,
      );
      const plotted = results.records.filter(
        (x) => x.figures.utility !== null && x.figures.risk !== null,
      );
      expect(points).toBe(plotted.length);
      expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 240_000);
});
