// Delimiter detection from the start of a file.
//
// With an ISA we count element separators instead of trusting the fixed offsets 3/104/105: real files
// strip the ISA padding (corpus: Nevada Medicaid). Without an ISA the file must start at ST; the element
// separator is the character after "ST" and the terminator is the first character after it that cannot
// be part of ST01..ST03. The component separator then defaults to ':' and is confirmed later from the
// first composite seen (SVC01 or PLB03), see `inferComponentSeparator`.
import { type Delimiters } from './model';

export type DelimiterDetection =
  | { status: 'found'; delimiters: Delimiters; start: number; envelope: 'ISA' | 'ST'; componentKnown: boolean }
  | { status: 'need-more' }
  | { status: 'invalid'; code: 'empty-input' | 'not-x12' | 'binary-content' | 'isa-malformed'; message: string };

/** Longest prefix we look at before giving up: a padded ISA is 106 characters. */
const MAX_HEAD = 1024;

function isAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isSkippable(c: number): boolean {
  return c === 0xfeff || c === 32 || c === 9 || c === 10 || c === 13;
}

/** Control characters other than tab/CR/LF, or U+FFFD from undecodable bytes, mean binary content. */
export function looksBinary(text: string): boolean {
  const end = Math.min(text.length, MAX_HEAD);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd || c === 0x7f) return true;
  }
  return false;
}

/** A CR terminator followed by LF is treated as an LF terminator (the CR is trimmed like any CRLF). */
function terminatorAt(head: string, index: number, final: boolean): string | 'need-more' {
  const t = head[index];
  if (t === undefined) return 'need-more';
  if (t !== '\r') return t;
  const next = head[index + 1];
  if (next === undefined) return final ? '\r' : 'need-more';
  return next === '\n' ? '\n' : '\r';
}

export function detectDelimiters(head: string, final: boolean): DelimiterDetection {
  let start = 0;
  while (start < head.length && isSkippable(head.charCodeAt(start))) start++;
  if (start >= head.length) {
    return final ? { status: 'invalid', code: 'empty-input', message: 'The file is empty (no segments).' } : { status: 'need-more' };
  }
  if (head.length - start < 4) return final ? notX12(head, start) : { status: 'need-more' };
  if (head.startsWith('ISA', start)) return detectFromIsa(head, start, final);
  if (head.startsWith('ST', start) && !isAlphanumeric(head.charCodeAt(start + 2))) return detectFromSt(head, start, final);
  return notX12(head, start);
}

function notX12(head: string, start: number): DelimiterDetection {
  if (looksBinary(head.slice(start))) {
    return { status: 'invalid', code: 'binary-content', message: 'The file holds binary content, not X12 text.' };
  }
  return { status: 'invalid', code: 'not-x12', message: 'No ISA or ST segment at the start of the file: not an X12 835.' };
}

function detectFromIsa(head: string, start: number, final: boolean): DelimiterDetection {
  const element = head.charAt(start + 3);
  if (isAlphanumeric(element.charCodeAt(0)) || element === ' ') {
    return { status: 'invalid', code: 'isa-malformed', message: `ISA element separator '${element}' is not a delimiter.` };
  }
  let at = start + 3;
  for (let n = 1; n < 16; n++) {
    at = head.indexOf(element, at + 1);
    if (at < 0 || at - start > MAX_HEAD) {
      if (!final && head.length - start <= MAX_HEAD) return { status: 'need-more' };
      return { status: 'invalid', code: 'isa-malformed', message: 'ISA does not have 16 elements.' };
    }
  }
  const component = head[at + 1];
  // Some writers put a newline before the terminator ("...*:\n~GS"): past the whitespace, punctuation
  // is the real terminator; a letter (the next segment id) means the newline itself terminates.
  let end = at + 2;
  while (end < head.length && (head[end] === '\r' || head[end] === '\n')) end++;
  if (end >= head.length && !final) return { status: 'need-more' };
  const afterBreak = head.charCodeAt(end);
  const segment =
    end > at + 2 && end < head.length && !isAlphanumeric(afterBreak) && head[end] !== element && head[end] !== component
      ? (head[end] as string)
      : terminatorAt(head, at + 2, final);
  if (component === undefined || segment === 'need-more') {
    return final
      ? { status: 'invalid', code: 'isa-malformed', message: 'The file ends inside the ISA segment.' }
      : { status: 'need-more' };
  }
  const bad = (ch: string) => isAlphanumeric(ch.charCodeAt(0)) || ch === ' ';
  if (bad(component) || component === element || bad(segment) || segment === element || segment === component) {
    return { status: 'invalid', code: 'isa-malformed', message: 'ISA16 component separator or segment terminator missing or invalid.' };
  }
  const elements = head.slice(start, at + 1).split(element);
  const version = elements[12] ?? '';
  const repetitionCandidate = elements[11] ?? '';
  // ISA11 is the repetition separator only from 00501 on; in 4010 it held the standards id 'U'.
  const repetition =
    version >= '00501' && repetitionCandidate.length === 1 && !bad(repetitionCandidate) ? repetitionCandidate : undefined;
  return {
    status: 'found',
    delimiters: { element, component, repetition, segment },
    start,
    envelope: 'ISA',
    componentKnown: true,
  };
}

function detectFromSt(head: string, start: number, final: boolean): DelimiterDetection {
  const element = head.charAt(start + 2);
  if (element === ' ' || element === '\r' || element === '\n') return notX12(head, start);
  const limit = Math.min(head.length, start + 64);
  for (let i = start + 3; i < limit; i++) {
    const c = head.charCodeAt(i);
    if (isAlphanumeric(c) || head[i] === element) continue;
    const segment = terminatorAt(head, i, final);
    if (segment === 'need-more') return { status: 'need-more' };
    return { status: 'found', delimiters: { element, component: ':', segment }, start, envelope: 'ST', componentKnown: false };
  }
  if (!final && head.length < start + 64) return { status: 'need-more' };
  return { status: 'invalid', code: 'not-x12', message: 'The ST segment at the start of the file has no terminator.' };
}

/**
 * Component separator from a composite whose first component is a two-character code (SVC01 "HC:99213",
 * PLB03 "WO:12345"): the third character, when it is punctuation.
 */
export function inferComponentSeparator(composite: string, element: string): string | undefined {
  if (composite.length < 4) return undefined;
  const c = composite.charCodeAt(2);
  if (isAlphanumeric(c) || c === 32 || composite[2] === element) return undefined;
  if (!isAlphanumeric(composite.charCodeAt(0)) || !isAlphanumeric(composite.charCodeAt(1))) return undefined;
  return composite[2];
}
