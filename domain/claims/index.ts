// Public surface of the claims domain: the practice's own submitted 837P/837I claims, their streaming
// reader, and the corrected/void claim writer.
export { read837, read837Text, type ClaimChunk } from './reader';
export { ClaimFileParser } from './parser';
export * from './model';
export { CLAIM_FINDING_SEVERITY, type ClaimFindingCode } from './findings';
export { CURRENT_GUIDE, kindOfGuide, REF_ORDER } from './guide';
export {
  ClaimCorrections,
  ClaimCorrectionError,
  ClaimIdentifiers,
  DiagnosisEntry,
  DiagnosisQualifier,
  LineCorrection,
} from './corrections';
export { writeCorrectedClaim, ControlNumbers, CorrectedClaimOptions } from './writer';
