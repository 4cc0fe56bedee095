// The envelope of a written 837: ISA (fixed width), GS, ST, BHT and their trailers, from the original
// interchange's parties with new control numbers and the caller's clock. Dates and times are UTC: the
// domain has no time zone.
import { type Segment } from './claim-editor';

/** ISA01..ISA16 widths: the ISA is fixed length (106 characters with its terminator). */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1] as const;

export interface Clock {
  /** CCYYMMDD */
  date: string;
  /** HHMM */
  time: string;
}

export function clockOf(now: Date): Clock {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return {
    date: `${pad(now.getUTCFullYear(), 4)}${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())}`,
    time: `${pad(now.getUTCHours())}${pad(now.getUTCMinutes())}`,
  };
}

export interface EnvelopeParts {
  /** Original ISA elements (ISA01..ISA16 at 1..16), or undefined when the file had none. */
  isa: readonly string[] | undefined;
  /** Original GS elements, or undefined. */
  gs: readonly string[] | undefined;
  guide: string;
  interchangeControl: string;
  groupControl: string;
  repetition: string;
  component: string;
  clock: Clock;
}

export function interchangeHeader(p: EnvelopeParts): Segment {
  const original = p.isa ?? [];
  const gs = p.gs ?? [];
  const field = (i: number, fallback: string) => (original[i] ?? '').trim() || fallback;
  const values = [
    field(1, '00'),
    original[2] ?? '',
    field(3, '00'),
    original[4] ?? '',
    field(5, 'ZZ'),
    field(6, gs[2] ?? ''),
    field(7, 'ZZ'),
    field(8, gs[3] ?? ''),
    p.clock.date.slice(2),
    p.clock.time,
    p.repetition,
    '00501',
    p.interchangeControl,
    field(14, '0'),
    field(15, 'P'),
    p.component,
  ];
  return ['ISA', ...values.map((v, i) => v.trim().padEnd(ISA_WIDTHS[i] as number, ' ').slice(0, ISA_WIDTHS[i]))];
}

export function groupHeader(p: EnvelopeParts): Segment {
  const gs = p.gs ?? [];
  const isa = p.isa ?? [];
  return ['GS', 'HC', gs[2] || (isa[6] ?? '').trim(), gs[3] || (isa[8] ?? '').trim(), p.clock.date, p.clock.time, p.groupControl, 'X', p.guide];
}

/** BHT: hierarchical structure 0019, purpose 00 (original), the caller's reference, now, claim type as sent. */
export function beginning(original: readonly string[] | undefined, reference: string, clock: Clock): Segment {
  const type = original?.[0] === 'BHT' && original[6] ? original[6] : 'CH';
  return ['BHT', '0019', '00', reference, clock.date, clock.time, type];
}
