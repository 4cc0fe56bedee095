// Public surface of the remittance domain: the streaming 835 reader, its model, denial detection,
// claim identity inputs and the PHI-free case builders.
export { readRemittance, readRemittanceText, type RemittanceChunk } from './reader';
export { RemittanceParser } from './parser';
export * from './model';
export { FINDING_SEVERITY, type FindingCode } from './findings';
export { parseCents, formatCents } from './money';
export { detectDenial, DenialDecision, DetectionReason, DetectionReasonCode, ClaimOutcome, type DetectOptions } from './detect';
export { BOOKKEEPING_ADJUSTMENTS, bookkeepingFor, type BookkeepingEntry, type BookkeepingKind } from './bookkeeping';
export { createFeeSchedule, FeeScheduleEntry, type FeeSchedule } from './fee-schedule';
export { claimIdentityInput, payerIdOf, firstServiceDate, type ClaimIdentityInput, type PayerIdSource } from './identity';
export { toDenialCase, toPlbRecoupmentCase, toRecoupmentCase, toRemittanceEvent } from './case-builder';
export { isoDate } from './dates';
