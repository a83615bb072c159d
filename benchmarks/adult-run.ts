/**
 * One configuration of the Adult benchmark, in its own process so that its peak memory is its own:
 * `node --import tsx benchmarks/adult-run.ts <k> <suppressionLimit> <runs> [metric]` prints one
 * JSON line: median and min ms after five warm-up runs, nodes checked, lattice size, transformation,
 * peak RSS (MB) and heap used after the runs (MB).
 */
import { join } from 'node:path';
import { optimalGeneralisation, type LossMetricName } from '../methods/generalisation/optimal.js';
import { adultDataset } from './adult.js';

const [kText = '5', limitText = '0', runsText = '9', metric = 'loss'] = process.argv.slice(2);
const options = {
  k: Number(kText),
  suppressionLimit: Number(limitText),
  metric: metric as LossMetricName,
};
const data = await adultDataset(join(import.meta.dirname, '..'), 9);
for (let i = 0; i < 5; i++) optimalGeneralisation(data, options); // warm-up
const times: number[] = [];
let release = optimalGeneralisation(data, options);
for (let i = 0; i < Number(runsText); i++) {
  const t = performance.now();
  release = optimalGeneralisation(data, options);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const mid = times.length >> 1;
const median =
  times.length % 2 === 1
    ? (times[mid] as number)
    : ((times[mid - 1] as number) + (times[mid] as number)) / 2;
const d = release.details;
console.log(
  JSON.stringify({
    median,
    min: times[0],
    nodesChecked: d.nodesChecked,
    latticeSize: d.latticeSize,
    suppressed: release.accounting.suppressedRows,
    transformation: Object.values(d.transformation as Record<string, number>).join(','),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapUsedMb: process.memoryUsage().heapUsed / 2 ** 20,
  }),
);
