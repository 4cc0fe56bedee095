// Length bounds on what the reader accepts. The longest elements of a real 835 are a few hundred
// characters (communication numbers, procedure descriptions) and its longest segments well under a
// kilobyte, so anything far longer is damage. Rejecting it where it is read, with its position, keeps
// every later step (splitting, number parsing, code lookups, the classifier's regexes, identity keys,
// workflow inputs) working on short strings, so none of them can cost more than linear time in the
// file; and it stops a 100 KB "reason code" from being copied into every finding, report and case.

/** Characters an element may have. */
export const MAX_ELEMENT_LENGTH = 2048;

/**
 * Characters the reader waits for a segment terminator: more than the longest segment the element bound
 * allows (MIA's 24 elements of MAX_ELEMENT_LENGTH, 48 KiB). Past it the file is damaged or ends its
 * segments with another character than its ISA declares. Holding more would also make splitting
 * quadratic: the unterminated tail is joined with each new chunk and scanned again.
 */
export const MAX_SEGMENT_LENGTH = 64 * 1024;

/** The first element of `segment` longer than MAX_ELEMENT_LENGTH: its index (0 is the id) and length. */
export function longElement(segment: string, separator: string): { index: number; length: number } | undefined {
  let index = 0;
  let start = 0;
  for (;;) {
    const cut = segment.indexOf(separator, start);
    const end = cut < 0 ? segment.length : cut;
    if (end - start > MAX_ELEMENT_LENGTH) return { index, length: end - start };
    if (cut < 0) return undefined;
    start = cut + 1;
    index++;
  }
}

/**
 * The implementation guide's repeat limits that bound a claim: service lines per claim (loop 2110), CAS
 * segments per claim or per line, LQ remarks per line. A claim past one is quarantined. Without them one
 * service line could carry tens of thousands of adjustments (the fuzzer's repeated loops): seconds to
 * classify, and a workflow input far past what Temporal accepts.
 */
export const MAX_SERVICE_LINES = 999;
export const MAX_CAS_SEGMENTS = 99;
export const MAX_LINE_REMARKS = 99;
