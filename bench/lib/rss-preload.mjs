// Fallback peak-RSS probe, used by bench/run.mjs only when GNU time (/usr/bin/time) is missing.
// Node has no rusage-of-children API (ChildProcess has no resourceUsage()), so instead the measured
// Node process is started with `node --import <this file> ...`; on exit it appends its own
// process.resourceUsage().maxRSS (KiB, same unit as GNU time's %M) to the file in BENCH_RSS_FILE.
// Only valid for commands that are a single Node process (all of ours are).
import { appendFileSync } from 'node:fs';

const out = process.env.BENCH_RSS_FILE;
if (out) {
  process.on('exit', () => {
    try {
      appendFileSync(out, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // never disturb the measured program
    }
  });
}
