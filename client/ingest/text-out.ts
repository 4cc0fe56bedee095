/**
 * Text written to a stream in batches, waiting for 'drain' when the reader is slower: a report of a
 * 200 MB remittance is written a claim at a time, and neither 185k tiny writes nor an unbounded backlog
 * in the stream's buffer would do.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

const BATCH_CHARS = 64 * 1024;

export interface TextOut {
  write(text: string): Promise<void>;
  /** Writes what is batched; the stream stays open. */
  flush(): Promise<void>;
}

export function textOut(stream: Writable): TextOut {
  let batch: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (chars === 0) return;
    const text = batch.join('');
    batch = [];
    chars = 0;
    if (stream.destroyed) throw new Error('the report stream closed before the report was written');
    if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'close')]);
  };
  return {
    async write(text) {
      batch.push(text);
      chars += text.length;
      if (chars >= BATCH_CHARS) await flush();
    },
    flush,
  };
}
