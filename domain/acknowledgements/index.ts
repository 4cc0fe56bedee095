// Public surface of acknowledgements: the 999 (005010X231A1) and the 277CA (005010X214).
export * from './model';
export { read999, IMPLEMENTATION_ACK_VERSION } from './read-999';
export { read277CA, CLAIM_ACK_VERSION } from './read-277ca';
export { rejectedClaims, rejectedSets, rejectedClaimAcks } from './rejected';
export { ACK_RESULTS, SET_ERRORS, GROUP_ERRORS, SEGMENT_ERRORS, ELEMENT_ERRORS } from './codes-999';
export { ACK_FINDING_SEVERITY, type AckFindingCode } from './findings';
