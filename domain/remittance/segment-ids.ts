// Segment ids as small integers, so the reader dispatches with number compares instead of string
// compares on every segment.

function isIdChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/** 2–3 upper-case letters/digits starting with a letter → a positive integer; anything else → -1. */
export function segmentKey(id: string): number {
  const n = id.length;
  if (n < 2 || n > 3) return -1;
  const c0 = id.charCodeAt(0);
  const c1 = id.charCodeAt(1);
  const c2 = n === 3 ? id.charCodeAt(2) : 0;
  if (c0 < 65 || c0 > 90 || !isIdChar(c1) || (n === 3 && !isIdChar(c2))) return -1;
  return (c0 << 16) | (c1 << 8) | c2;
}
