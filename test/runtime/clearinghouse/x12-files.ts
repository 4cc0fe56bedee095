/**
 * Small X12 files for the clearinghouse tests: a real envelope (fixed-width ISA, GS, ST) around a few
 * segments, with a made-up patient whose name lets a test check that errors never echo contents.
 */
export const MADE_UP_PATIENT = 'ZEBULONTESTPATIENT';

function pad(value: string, width: number): string {
  return value.padEnd(width, ' ').slice(0, width);
}

/** The 106-character ISA segment: its 4th character is the element separator, its last the terminator. */
function isa(e: string, t: string): string {
  const fields = ['00', pad('', 10), '00', pad('', 10), 'ZZ', pad('CLEARINGHOUSE', 15), 'ZZ', pad('TP000123', 15), '260102', '1200', '^', '00501', '000000001', '0', 'P', ':'];
  return `ISA${e}${fields.join(e)}${t}`;
}

export interface X12Options {
  /** GS08 and ST03: the implementation guide. */
  guide?: string;
  element?: string;
  terminator?: string;
  /** Extra bytes in the body, for files large enough to be seen mid-write. */
  filler?: number;
}

export function x12(transactionSet: string, opts: X12Options = {}): string {
  const e = opts.element ?? '*';
  const t = opts.terminator ?? '~\n';
  const guide = opts.guide ?? '005010X221A1';
  const body = [`BHT${e}0019${e}00${e}1${e}20260102${e}1200${e}CH`, `NM1${e}QC${e}1${e}${MADE_UP_PATIENT}${e}JANE`];
  if (opts.filler) body.push(`NTE${e}ADD${e}${'X'.repeat(opts.filler)}`);
  const segments = [
    `GS${e}HP${e}CLEARINGHOUSE${e}TP000123${e}20260102${e}1200${e}1${e}X${e}${guide}`,
    `ST${e}${transactionSet}${e}0001${e}${guide}`,
    ...body,
    `SE${e}${body.length + 2}${e}0001`,
    `GE${e}1${e}1`,
    `IEA${e}1${e}000000001`,
  ];
  return isa(e, t[0]!) + (t.length > 1 ? t.slice(1) : '') + segments.map((s) => s + t).join('');
}
