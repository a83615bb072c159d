/**
 * Timing of `optimalGeneralisation` on Adult (all nine columns as quasi-identifiers, 12,960
 * nodes): median wall time after warm-up and nodes checked, for k ∈ {2, 5, 10, 100} and
 * suppression limits 0 and 5 %.
 *
 *   npx tsx test/methods/generalisation/perf/adult-timing.ts [metric] [repeat] [runs]
 *
 * `repeat` stacks the table that many times (33 gives about a million rows with the same distinct
 * tuples). Loading the CSV is not timed; everything `optimalGeneralisation` does is (coverage,
 * encoding, search, release table).
 */
import {
  optimalGeneralisation,
  type LossMetricName,
} from '../../../../methods/generalisation/optimal.js';
import { loadAdult } from '../load.js';

const metric = (process.argv[2] ?? 'loss') as LossMetricName;
const repeat = Number(process.argv[3] ?? 1);
const runs = Number(process.argv[4] ?? 7);
const adult = await loadAdult(undefined, repeat);
console.log(
  `Adult ×${repeat}: ${adult.table.numRows()} rows, 9 QIs, metric ${metric}, median of ${runs} runs after 2 warm-up runs`,
);
console.log('k\tlimit\tmedian ms\tmin ms\tnodesChecked\ttransformation');
for (const suppressionLimit of [0, 0.05]) {
  for (const k of [2, 5, 10, 100]) {
    const times: number[] = [];
    let details: Record<string, unknown> = {};
    for (let run = 0; run < runs + 2; run++) {
      const started = performance.now();
      const release = optimalGeneralisation(adult, { k: k * repeat, suppressionLimit, metric });
      const elapsed = performance.now() - started;
      if (run >= 2) times.push(elapsed);
      details = release.details;
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? Number.NaN;
    const levels = Object.values(details.transformation as Record<string, number>).join('');
    console.log(
      `${k * repeat}\t${suppressionLimit}\t${median.toFixed(1)}\t${(times[0] ?? Number.NaN).toFixed(1)}\t${String(details.nodesChecked)}\t${levels}`,
    );
  }
}
