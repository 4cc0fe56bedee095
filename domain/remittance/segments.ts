// Segment splitter: turns decoded text chunks into trimmed segment strings. It keeps only the
// unterminated tail of the previous chunk, so a segment split across chunks is rejoined and memory stays
// bounded by the longest segment, which is itself bounded (see bounds.ts). Scanning uses indexOf (native)
// rather than a per-character loop.

export interface SegmentSink {
  /** Receives one non-empty segment without its terminator; returns false to stop splitting. */
  segment(text: string): boolean;
  /** Receives the unterminated tail once it is longer than the splitter's bound; splitting stops. */
  overlong(text: string): void;
}

/** Space, tab, CR, LF, VT, FF and BOM. Other control characters are content (and make the segment unreadable). */
function isPadding(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xfeff;
}

export class SegmentSplitter {
  private rest = '';

  constructor(
    private readonly terminator: string,
    private readonly sink: SegmentSink,
    /** Longest unterminated tail kept (see MAX_SEGMENT_LENGTH): it bounds memory and keeps splitting linear. */
    private readonly maxTail: number,
  ) {}

  /** Splits `text`; returns false when the sink asked to stop. */
  push(text: string): boolean {
    const rest = this.rest;
    const buf = rest.length === 0 ? text : rest + text;
    const term = this.terminator;
    const sink = this.sink;
    let start = 0;
    let end = buf.indexOf(term, rest.length);
    while (end >= 0) {
      // Indentation, CR of CRLF, blank lines, a newline before the terminator, a BOM between
      // concatenated interchanges: whitespace around a segment is skipped by moving the bounds, so
      // the segment is sliced once.
      let from = start;
      let to = end;
      while (from < to && isPadding(buf.charCodeAt(from))) from++;
      while (to > from && isPadding(buf.charCodeAt(to - 1))) to--;
      start = end + 1;
      if (to > from && !sink.segment(buf.slice(from, to))) {
        this.rest = '';
        return false;
      }
      end = buf.indexOf(term, start);
    }
    const tail = start === 0 ? buf : buf.slice(start);
    if (tail.length > this.maxTail) {
      this.rest = '';
      sink.overlong(tail.trimStart());
      return false;
    }
    this.rest = tail;
    return true;
  }

  /** The unterminated tail at the end of input, trimmed; '' when the input ended on a terminator. */
  finish(): string {
    const tail = this.rest.trim();
    this.rest = '';
    return tail;
  }
}
