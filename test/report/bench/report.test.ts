/**
 * The report writers on the hand-made result set of `records.ts`: the Markdown and HTML reports
 * (assumptions, reading, one table per dataset, self-contained page), the charts (SVG with
 * marks, one symbol per plotted configuration) and the method cards' measured block.
 */
import { describe, expect, it } from 'vitest';
import {
  BENCH_END,
  BENCH_START,
  cardBlock,
  withBenchBlock,
} from '../../../src/report/bench/cards.js';
import { chartSpecs, renderSvg } from '../../../src/report/bench/charts.js';
import { summariseConfigurations } from '../../../src/report/bench/frontier.js';
import { benchHtml, escapeHtml } from '../../../src/report/bench/html.js';
import { benchMarkdown, tableRows, TABLE_HEADER } from '../../../src/report/bench/markdown.js';
import { handMade, record, results } from './records.js';

const summaries = summariseConfigurations(handMade());

/** The marks (paths) in the SVG's `mark-<type> role-mark` groups (a line chart has one per series). */
const marks = (svg: string, type: string): number => {
  let count = 0;
  for (const m of svg.matchAll(new RegExp(`<g class="mark-${type} role-mark[^"]*"`, 'g'))) {
    const group = svg.slice(m.index, svg.indexOf('</g>', m.index));
    count += group.match(/<path /g)?.length ?? 0;
  }
  return count;
};

describe('charts', () => {
  it('one chart of each kind, rendered to SVG with marks', async () => {
    const charts = chartSpecs(summaries);
    expect(charts.map((c) => c.id)).toEqual([
      'frontier-adult',
      'loss-k-adult',
      'error-epsilon-adult',
      'time-adult',
    ]);
    const svgs = await Promise.all(charts.map((c) => renderSvg(c.spec)));
    for (const svg of svgs) {
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toMatch(/role-mark/);
    }
    // 7 configurations with utility and risk (the original included): 7 symbols.
    const [frontier, loss, error, time] = svgs as [string, string, string, string];
    expect(marks(frontier, 'symbol')).toBe(7);
    // The frontier: one dashed line through its 4 points.
    expect(marks(frontier, 'line')).toBe(1);
    // Loss against k: a line per series (optimal, mondrian) and their 4 points.
    expect(marks(loss, 'line')).toBe(2);
    expect(marks(loss, 'symbol')).toBe(4);
    // Error against ε: dp-table and mst, one point each.
    expect(marks(error, 'symbol')).toBe(2);
    // Time: one bar per configuration.
    expect(marks(time, 'rect')).toBe(8);
  });

  it('leaves out a chart without data', () => {
    const onlyDp = summariseConfigurations([
      record('dp-table', 'dp', { epsilon: 1 }, { error: 0.1 }),
    ]);
    expect(chartSpecs(onlyDp).map((c) => c.id)).toEqual(['error-epsilon-adult', 'time-adult']);
  });
});

describe('report.md', () => {
  const md = benchMarkdown(results(handMade()));

  it('prints the energy assumptions with their sources', () => {
    expect(md).toContain('## Energy and carbon assumptions');
    expect(md).toContain('Energy = CPU time × 10 W per busy core');
    expect(md).toContain('Carbon = energy × 32 gCO₂eq/kWh (RTE, Bilan électrique 2023');
  });

  it('reads the frontier and has a table per dataset with every configuration', () => {
    expect(md).toContain(
      '- At a risk of at most 1 %, optimal k=2 keeps most: utility 0.700 (risk 0.000).',
    );
    expect(md).toContain(`| ${TABLE_HEADER.join(' | ')} |`);
    const rows = md
      .split('\n')
      .filter(
        (l) => l.startsWith('| ') && !l.startsWith('| configuration') && !l.startsWith('| ---'),
      );
    expect(rows.length).toBe(8);
    expect(md).toContain('seed 1; quick evaluation');
  });

  it('a table row: figures to 3 decimals, times in seconds, energy in J', () => {
    const row = tableRows(summaries).find((r) => r[0] === 'mst ε=1');
    // mst ε=1: 300 ms → 0.30 s; 0.3 s × 10 W = 3 J; 3 J / 3.6e6 × 32 g × 1000 = 0.0267 mg.
    expect(row).toEqual([
      'mst ε=1',
      'synthesis',
      '100',
      '0.850',
      '0.100',
      '0.100',
      '0.000',
      '0.000',
      '–',
      '–',
      '0.150',
      '0.30',
      '0.30',
      '0.01',
      '200',
      '3.00',
      '0.0267',
      '',
    ]);
  });

  it('a failed configuration says why', () => {
    const failed = {
      ...record('dp-aggregates', 'dp', { epsilon: 10 }, {}),
      error: 'budget exceeded',
    };
    const row = tableRows(summariseConfigurations([failed]))[0];
    expect(row?.[11]).toBe('–');
    expect(row?.at(-1)).toBe('1 of 1 run(s) failed: budget exceeded');
  });
});

describe('report.html', () => {
  it('self-contained: no script, nothing fetched, the SVGs inline, the assumptions printed', async () => {
    const r = results(handMade());
    r.charts = chartSpecs(summaries);
    const svgs = await Promise.all(r.charts.map((c) => renderSvg(c.spec)));
    const html = benchHtml(r, svgs);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=["']?https?:/);
    expect(html.match(/<figure class="chart"/g)?.length).toBe(4);
    expect(html.match(/<svg/g)?.length).toBeGreaterThanOrEqual(4);
    expect(html).toContain('Energy = CPU time × 10 W per busy core');
    expect(html).toContain('RTE, Bilan électrique 2023');
    expect(html).toContain('<td>mondrian k=10</td>');
    expect(escapeHtml('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
  });
});

describe('method cards', () => {
  it('the block holds the card’s configurations only', () => {
    const block = cardBlock(results(handMade()), 'methods/generalisation/mondrian/README.md');
    expect(block?.startsWith(BENCH_START)).toBe(true);
    expect(block?.endsWith(BENCH_END)).toBe(true);
    expect(block).toContain('| mondrian k=2 | 0.950 | 0.300 | 0.050 | – | 0.05 | 0.50 |  |');
    expect(block).not.toContain('optimal k=2');
    expect(cardBlock(results(handMade()), 'methods/tables/README.md')).toBeNull();
    // A card whose method is not in the results gets no block.
    expect(cardBlock(results(handMade()), 'methods/perturbation/pram/README.md')).toBeNull();
  });

  it('replaces only the block, or puts it before the references or at the end', () => {
    const block = `${BENCH_START}\nnew\n${BENCH_END}`;
    const card = `# Card\n\nbefore\n\n${BENCH_START}\nold\n${BENCH_END}\n\n## After\n`;
    expect(withBenchBlock(card, block)).toBe(`# Card\n\nbefore\n\n${block}\n\n## After\n`);
    expect(withBenchBlock('# Card\n\ntext\n\n', block)).toBe(`# Card\n\ntext\n\n${block}\n`);
    expect(withBenchBlock(withBenchBlock(card, block), block)).toBe(withBenchBlock(card, block));
    const referenced = '# Card\n\ntext\n\n## References\n\n- A paper.\n';
    expect(withBenchBlock(referenced, block)).toBe(
      `# Card\n\ntext\n\n${block}\n\n## References\n\n- A paper.\n`,
    );
  });
});
