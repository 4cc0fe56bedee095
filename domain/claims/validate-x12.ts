// Whole-text X12 tokenizer for the validators: the same delimiter detection and segment splitting as the
// 835 reader (domain/remittance), but keeping every segment, since validation needs to look back and ahead.
import { detectDelimiters } from '../remittance/delimiters';
import { MAX_SEGMENT_LENGTH } from '../remittance/bounds';
import { type Delimiters } from '../remittance/model';
import { SegmentSplitter } from '../remittance/segments';

export interface X12Segment {
  id: string;
  /** elements[0] is the segment id, so elements[n] is element n of the guide. */
  elements: string[];
  /** 1-based position in the file. */
  index: number;
  /** Length of the segment text without its terminator (the ISA fixed-width check needs it). */
  length: number;
}

export type Tokenized =
  | { ok: true; delimiters: Delimiters; segments: X12Segment[]; unterminated: boolean }
  | { ok: false; message: string };

export function tokenize(text: string): Tokenized {
  const found = detectDelimiters(text, true);
  if (found.status !== 'found') {
    return { ok: false, message: found.status === 'invalid' ? found.message.replace('an X12 835', 'X12') : 'The file ends before its first segment.' };
  }
  const { delimiters } = found;
  const segments: X12Segment[] = [];
  let overlong = false;
  const add = (segmentText: string) => {
    const elements = segmentText.split(delimiters.element);
    segments.push({ id: elements[0] ?? '', elements, index: segments.length + 1, length: segmentText.length });
  };
  const splitter = new SegmentSplitter(
    delimiters.segment,
    {
      segment: (s) => (add(s), true),
      overlong: () => {
        overlong = true;
      },
    },
    MAX_SEGMENT_LENGTH,
  );
  splitter.push(text.slice(found.start));
  if (overlong) return { ok: false, message: `A segment runs past ${MAX_SEGMENT_LENGTH} characters without a terminator.` };
  const tail = splitter.finish();
  if (tail.length > 0) add(tail);
  return { ok: true, delimiters, segments, unterminated: tail.length > 0 };
}

/** Element i, or undefined when absent or empty. */
export function el(segment: X12Segment, i: number): string | undefined {
  const v = segment.elements[i];
  return v === undefined || v.length === 0 ? undefined : v;
}

/** Component i (1-based) of a composite element, or undefined when absent or empty. */
export function component(value: string | undefined, separator: string, i: number): string | undefined {
  if (value === undefined) return undefined;
  const v = value.split(separator)[i - 1];
  return v === undefined || v.length === 0 ? undefined : v;
}

/** "CLM", 5 → "CLM05"; with a component, "CLM05-3". */
export function elementName(id: string, index: number, componentIndex?: number): string {
  const name = `${id}${index < 10 ? '0' : ''}${index}`;
  return componentIndex === undefined ? name : `${name}-${componentIndex}`;
}

/** True for segment `id` whose first element is one of `codes` (NM1*85, REF*F8). */
export function isSegment(segment: X12Segment, id: string, ...codes: string[]): boolean {
  return segment.id === id && (codes.length === 0 || codes.includes(segment.elements[1] ?? ''));
}
