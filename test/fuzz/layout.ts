/**
 * A file as the segment mutators see it: its delimiters (found the way the reader finds them) and its
 * segments. Text is latin1, one character per byte, so cutting and joining never changes a byte that was
 * not meant to change, whatever the file's encoding.
 */
import { detectDelimiters } from '../../domain/remittance/delimiters';

export interface Layout {
  element: string;
  component: string;
  terminator: string;
  /** The text split at the terminator; joined with it again gives the file back. */
  segments: string[];
}

export function layoutOf(text: string): Layout | undefined {
  const found = detectDelimiters(text, true);
  if (found.status !== 'found') return undefined;
  const { element, component, segment } = found.delimiters;
  return { element, component, terminator: segment, segments: text.split(segment) };
}

export function joinLayout(layout: Layout, segments: readonly string[]): string {
  return segments.join(layout.terminator);
}

/** The segment id ('CLP'), ignoring the line break that may precede it. */
export function idOf(layout: Layout, segment: string): string {
  const text = segment.trimStart();
  const cut = text.indexOf(layout.element);
  return cut < 0 ? text : text.slice(0, cut);
}

/** Indexes of the segments with one of these ids. */
export function indexesOf(layout: Layout, ids: ReadonlySet<string>): number[] {
  const out: number[] = [];
  layout.segments.forEach((s, i) => {
    if (ids.has(idOf(layout, s))) out.push(i);
  });
  return out;
}

/** [from, to) of the loop that starts at segment `from` and runs until one of `enders` (or the end). */
export function loopAt(layout: Layout, from: number, enders: ReadonlySet<string>): [number, number] {
  let to = from + 1;
  while (to < layout.segments.length && !enders.has(idOf(layout, layout.segments[to] as string))) to++;
  return [from, to];
}
