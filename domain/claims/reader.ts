// Streaming entry point for 837 files: chunks (bytes or text) in, events out. Memory is bounded by one
// chunk, one segment tail and the open claim with its hierarchy loops: claims are handed out as they
// complete and never collected.
import { type ClaimReadEvent } from './model';
import { ClaimFileParser } from './parser';

export type ClaimChunk = string | Uint8Array;

/**
 * Reads an X12 837 (professional or institutional). `source` is the file name, used in every position.
 * The last event is always `end`, whose verdict says whether the file can be trusted; as with the 835
 * reader, claims seen before a later envelope error belong to a rejected file.
 */
export async function* read837(chunks: AsyncIterable<ClaimChunk> | Iterable<ClaimChunk>, source: string): AsyncGenerator<ClaimReadEvent, void, undefined> {
  const parser = new ClaimFileParser(source);
  // Streaming decode keeps multi-byte characters split across chunks intact; a leading BOM is dropped.
  const decoder = new TextDecoder('utf-8');
  let decoding = false;
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      if (decoding) parser.push(decoder.decode());
      decoding = false;
      parser.push(chunk);
    } else {
      parser.push(decoder.decode(chunk, { stream: true }));
      decoding = true;
    }
    yield* parser.take();
  }
  if (decoding) parser.push(decoder.decode());
  parser.end();
  yield* parser.take();
}

/** Whole-text convenience for small inputs (tests, previews, one claim to correct): all events in an array. */
export function read837Text(text: string, source: string): ClaimReadEvent[] {
  const parser = new ClaimFileParser(source);
  parser.push(text);
  parser.end();
  return parser.take();
}
