/** Which inbound file this is, from its content: clearinghouses do not name files the same way. */
import type { InboundKind } from './connector';
import { x12EnvelopeOf } from './x12-envelope';

/** The 5010 implementation guide of the Health Care Claim Acknowledgement (277CA). */
const CLAIM_ACKNOWLEDGEMENT_GUIDE = '005010X214';

/** The kind of an inbound X12 file, or undefined when it is none this product reads. */
export function inboundKindOf(text: string): InboundKind | undefined {
  const envelope = x12EnvelopeOf(text);
  switch (envelope?.transactionSet) {
    case '835':
      return '835';
    case '999':
      return '999';
    case '277':
      return envelope.guide === CLAIM_ACKNOWLEDGEMENT_GUIDE ? '277CA' : '277';
    default:
      return undefined;
  }
}
