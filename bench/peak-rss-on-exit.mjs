/**
 * Preloaded (node --import) into a process whose peak RSS a benchmark measures: on exit, writes
 * process.resourceUsage().maxRSS (kilobytes on Linux) to the file named by BENCH_PEAK_RSS_FILE. The
 * measured process runs unchanged; it cannot report its own peak once it has exited.
 */
import fs from 'node:fs';

const target = process.env.BENCH_PEAK_RSS_FILE;
if (target) process.on('exit', () => fs.writeFileSync(target, String(process.resourceUsage().maxRSS)));
