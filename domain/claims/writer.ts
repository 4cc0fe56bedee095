// Writes one corrected (frequency 7, replacement) or voided (8) claim as a complete 837 interchange:
// the original submitter, receiver, billing provider, subscriber and patient loops as sent, the claim
// with its corrections applied, REF*F8 naming the payer's claim, new control numbers and balanced counts.
import { z } from 'zod';
import { editClaim, type Segment } from './claim-editor';
import { ClaimCorrectionError, ClaimCorrections, isEmptyCorrection } from './corrections';
import { beginning, clockOf, groupHeader, interchangeHeader } from './envelope-writer';
import { CURRENT_GUIDE } from './guide';
import { type SubmittedClaim } from './model';

const ControlNumber = z.number().int().min(1).max(999_999_999);

export const ControlNumbers = z.object({
  /** ISA13/IEA02, written as 9 digits. */
  interchange: ControlNumber,
  /** GS06/GE02. */
  group: ControlNumber,
  /** ST02/SE02, written with at least 4 digits. */
  transaction: ControlNumber,
  /** BHT03; defaults to the interchange control number. */
  reference: z.string().regex(/^[!-~]{1,50}$/).optional(),
});
export type ControlNumbers = z.infer<typeof ControlNumbers>;

export const CorrectedClaimOptions = z.object({
  /** 7 replaces the payer's claim, 8 voids it. */
  frequency: z.enum(['7', '8']),
  /** The payer's claim control number (835 CLP07) of the claim being replaced or voided. */
  payerClaimControlNumber: z.string().regex(/^[!-~](?:[ -~]{0,48}[!-~])?$/),
  corrections: ClaimCorrections.optional(),
  controlNumbers: ControlNumbers,
  now: z.date(),
  /** GS08/ST03; defaults to the current guide of the claim's kind (005010X222A1, 005010X223A2). */
  implementationGuide: z.string().regex(/^005010X22[23]/).optional(),
  /** Adds a line break after each terminator (easier to read; some receivers refuse it). */
  lineBreaks: z.boolean().optional(),
});
export type CorrectedClaimOptions = z.input<typeof CorrectedClaimOptions>;

/** Loop segments with their HL rewritten for the single-claim hierarchy. */
function loop(segments: readonly string[], element: string, hl: Segment): Segment[] {
  return [hl, ...segments.slice(1).map((s) => s.split(element))];
}

/**
 * The corrected or voided claim as X12 text. Throws ClaimCorrectionError when a correction does not fit
 * the claim (unknown line, pointer past the diagnoses, corrections on a void), and a zod error when the
 * options are malformed.
 */
export function writeCorrectedClaim(original: SubmittedClaim, options: CorrectedClaimOptions): string {
  const o = CorrectedClaimOptions.parse(options);
  if (o.frequency === '8' && !isEmptyCorrection(o.corrections)) {
    throw new ClaimCorrectionError('A void (frequency 8) cancels the claim as sent: corrections belong in a replacement (7).');
  }
  const source = original.original;
  const { element, segment: terminator } = source.delimiters;
  const component = source.delimiters.component;
  const split = (s: string | undefined) => (s === undefined ? undefined : s.split(element));
  const guide = o.implementationGuide ?? CURRENT_GUIDE[original.kind];
  const interchangeControl = String(o.controlNumbers.interchange).padStart(9, '0');
  const groupControl = String(o.controlNumbers.group);
  const transactionControl = String(o.controlNumbers.transaction).padStart(4, '0');
  const clock = clockOf(o.now);
  const parts = {
    isa: split(source.interchange),
    gs: split(source.group),
    guide,
    interchangeControl,
    groupControl,
    repetition: source.delimiters.repetition ?? '^',
    component,
    clock,
  };

  const claim = editClaim(
    source.claim.map((s) => s.split(element)),
    original.kind,
    { frequency: o.frequency, payerClaimControlNumber: o.payerClaimControlNumber, corrections: o.corrections, component },
  );
  const [bht, ...header] = source.header.map((s) => s.split(element));
  const dependent = source.patient !== undefined;
  const body: Segment[] = [
    ['ST', '837', transactionControl, guide],
    beginning(bht, o.controlNumbers.reference ?? interchangeControl, clock),
    ...(bht?.[0] === 'BHT' ? header : [bht as Segment, ...header].filter((s) => s !== undefined)),
    ...loop(source.billingProvider, element, ['HL', '1', '', '20', '1']),
    ...loop(source.subscriber, element, ['HL', '2', '1', '22', dependent ? '1' : '0']),
    ...(source.patient === undefined ? [] : loop(source.patient, element, ['HL', '3', '2', '23', '0'])),
    ...claim.segments,
  ];
  body.push(['SE', String(body.length + 1), transactionControl]);
  const all: Segment[] = [interchangeHeader(parts), groupHeader(parts), ...body, ['GE', '1', groupControl], ['IEA', '1', interchangeControl]];
  const end = o.lineBreaks === true && terminator !== '\n' ? `${terminator}\n` : terminator;
  return all.map((s) => s.join(element) + end).join('');
}
