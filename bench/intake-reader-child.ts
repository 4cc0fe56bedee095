/**
 * Child process of the intake benchmark's memory figure: runs only the 835 reader over one file (256 KiB
 * chunks, as the intake reads) and prints its peak RSS (process.resourceUsage().maxRSS, kilobytes on Linux).
 *
 *   node --import tsx bench/intake-reader-child.ts <file.835>
 */
import fs from 'node:fs';
import path from 'node:path';
import { printResult } from './child';
import { compiledReader } from './compiled';

async function main(file: string): Promise<void> {
  // What the process holds before reading: Node, the tsx loader and the reader's modules (compiled, as npm start runs them).
  const { readRemittance } = compiledReader();
  const rssBeforeBytes = process.memoryUsage().rss;
  const started = process.hrtime.bigint();
  let events = 0;
  let findings = 0;
  for await (const event of readRemittance(fs.createReadStream(file, { highWaterMark: 256 * 1024 }), path.basename(file))) {
    events++;
    if (event.kind === 'finding') findings++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const maxRssKb = process.resourceUsage().maxRSS;
  printResult({ maxRssKb, rssBeforeBytes, events, findings, seconds });
}

const file = process.argv[2];
if (file === undefined) {
  console.error('usage: node --import tsx bench/intake-reader-child.ts <file.835>');
  process.exit(2);
}
main(file).catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
