// Streaming entry point: chunks (bytes or text) in, events out one at a time.
// Memory is bounded by one chunk, one segment tail, the open claim and one set's context: claims are
// handed out as they complete and never collected.
import { type RemittanceReadEvent } from './model';
import { RemittanceParser } from './parser';

export type RemittanceChunk = string | Uint8Array;

/**
 * Reads an X12 835 file. `source` is the file name, used in every position.
 *
 * The last event is always `end`, whose verdict says whether the file can be trusted. Claims are yielded
 * as soon as they are complete, so an envelope error found later (truncation, no 835 at all, damage)
 * arrives after claims were already seen: a consumer that must not act on a rejected file reads it
 * twice (validate, then act) or acts idempotently. Holding claims back until the end instead would
 * break the memory bound.
 */
export function readRemittance(
  chunks: AsyncIterable<RemittanceChunk> | Iterable<RemittanceChunk>,
  source: string,
): AsyncIterableIterator<RemittanceReadEvent> {
  return new RemittanceEventStream(chunks, source);
}

/** Whole-text convenience for small inputs (tests, previews): all events in an array. */
export function readRemittanceText(text: string, source: string): RemittanceReadEvent[] {
  const parser = new RemittanceParser(source);
  parser.push(text);
  parser.end();
  return parser.take();
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };
/** Characters given to the parser at a time (see drainPending). */
const SLICE = 32 * 1024;

/**
 * A hand-written async iterator rather than an async generator: a generator costs several promise
 * hops per yielded event, and files have one event per claim. Events of a chunk are handed out from
 * an array with an already-resolved promise; the next chunk is only pulled when they are used up.
 */
class RemittanceEventStream implements AsyncIterableIterator<RemittanceReadEvent> {
  private readonly parser: RemittanceParser;
  // Streaming decode keeps multi-byte characters split across chunks intact; a leading BOM is dropped.
  private readonly decoder = new TextDecoder('utf-8');
  private decoding = false;
  /** Decoded text not yet given to the parser, and how far it has been given. */
  private pending = '';
  private pendingAt = 0;
  /** Bytes not yet decoded, and how far they have been: decoded a slice at a time, see drainPending. */
  private bytes: Uint8Array | undefined;
  private bytesAt = 0;
  private events: RemittanceReadEvent[] = [];
  private index = 0;
  private finished = false;
  private readonly asyncSource: AsyncIterator<RemittanceChunk> | undefined;
  private readonly syncSource: Iterator<RemittanceChunk> | undefined;

  constructor(chunks: AsyncIterable<RemittanceChunk> | Iterable<RemittanceChunk>, source: string) {
    this.parser = new RemittanceParser(source);
    if (Symbol.asyncIterator in chunks) this.asyncSource = chunks[Symbol.asyncIterator]();
    else this.syncSource = chunks[Symbol.iterator]();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<RemittanceReadEvent> {
    return this;
  }

  next(): Promise<IteratorResult<RemittanceReadEvent, undefined>> {
    if (this.index < this.events.length) return Promise.resolve({ done: false, value: this.events[this.index++] as RemittanceReadEvent });
    if (this.drainPending()) return Promise.resolve(this.first());
    if (this.finished) return Promise.resolve(DONE);
    return this.syncSource !== undefined ? Promise.resolve(this.pullSync(this.syncSource)) : this.pullAsync(this.asyncSource as AsyncIterator<RemittanceChunk>);
  }

  /** Stops early (consumer broke out of the loop): releases the source (e.g. closes the file). */
  async return(): Promise<IteratorResult<RemittanceReadEvent, undefined>> {
    if (!this.finished) {
      this.finished = true;
      this.events = [];
      this.bytes = undefined;
      if (this.asyncSource?.return !== undefined) await this.asyncSource.return();
      else this.syncSource?.return?.();
    }
    return DONE;
  }

  private pullSync(source: Iterator<RemittanceChunk>): IteratorResult<RemittanceReadEvent, undefined> {
    for (;;) {
      const step = source.next();
      if (this.feed(step)) return this.first();
    }
  }

  private async pullAsync(source: AsyncIterator<RemittanceChunk>): Promise<IteratorResult<RemittanceReadEvent, undefined>> {
    for (;;) {
      const step = await source.next();
      if (this.feed(step)) return this.first();
    }
  }

  /**
   * Pushes the text (or bytes) still waiting, a slice at a time, until a slice yields events.
   * Handing events out per slice rather than per (1 MiB) chunk keeps only a few claims alive at once, so
   * they die young instead of being promoted to the old heap: less GC and a smaller peak RSS. Byte chunks
   * are also decoded a slice at a time: a decoded 1 MiB string would be a large object, which lives in
   * the old heap until a full GC however soon it is dropped.
   */
  private drainPending(): boolean {
    for (;;) {
      const bytes = this.bytes;
      if (bytes !== undefined) {
        const end = Math.min(bytes.length, this.bytesAt + SLICE);
        const start = this.bytesAt;
        const piece = start === 0 && end === bytes.length ? bytes : bytes.subarray(start, end);
        this.bytesAt = end;
        if (end === bytes.length) {
          this.bytes = undefined;
          this.bytesAt = 0;
        }
        const text = this.decoder.decode(piece, { stream: true });
        if (text.length !== end - start) {
          // Not one character per byte (multi-byte UTF-8, a BOM, invalid bytes): from here on the chunk
          // is decoded whole and sliced by characters, so the slices given to the parser stay exactly
          // those of the decoded chunk (where a NUL halts or U+FFFD is reported does not move).
          this.pending = end < bytes.length ? text + this.decoder.decode(bytes.subarray(end), { stream: true }) : text;
          this.pendingAt = 0;
          this.bytes = undefined;
          this.bytesAt = 0;
          continue;
        }
        this.parser.push(text);
      } else if (this.pendingAt < this.pending.length) {
        const end = Math.min(this.pending.length, this.pendingAt + SLICE);
        this.parser.push(this.pendingAt === 0 && end === this.pending.length ? this.pending : this.pending.slice(this.pendingAt, end));
        this.pendingAt = end;
        if (end === this.pending.length) {
          this.pending = '';
          this.pendingAt = 0;
        }
      } else return false;
      this.events = this.parser.take();
      this.index = 0;
      if (this.events.length > 0) return true;
    }
  }

  /** Feeds one step of the source; true when there are events to hand out or the input is over. */
  private feed(step: IteratorResult<RemittanceChunk>): boolean {
    const parser = this.parser;
    if (step.done === true) {
      if (this.decoding) parser.push(this.decoder.decode());
      parser.end();
      this.finished = true;
      this.events = parser.take();
      this.index = 0;
      return true;
    }
    if (typeof step.value === 'string') {
      if (this.decoding) {
        parser.push(this.decoder.decode());
        this.decoding = false;
      }
      this.pending = step.value;
    } else {
      this.bytes = step.value;
      this.bytesAt = 0;
      this.decoding = true;
    }
    this.pendingAt = 0;
    return this.drainPending();
  }

  private first(): IteratorResult<RemittanceReadEvent, undefined> {
    if (this.index < this.events.length) return { done: false, value: this.events[this.index++] as RemittanceReadEvent };
    return DONE;
  }
}

