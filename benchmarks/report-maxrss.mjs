// Preloaded into a child process by the benchmark: reports its peak RSS (kB) on fd 3 at exit.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, String(process.resourceUsage().maxRSS));
  } catch {
    // fd 3 not open: nothing to report to
  }
});
