// What the practice's store keeps of a submitted claim outside its sealed body, and the canonical texts
// its keys are hashed from (the hashing is keyed, outside domain/, like the denial workflow id). Payer
// and patient control number are normalized as the 835 identity normalizes them, so CLM01 and CLP01 of
// the same claim give the same match key.
import { normalize } from '../remittance/identity';
import { type SubmittedClaim } from './model';

export interface SubmittedClaimFacts {
  kind: SubmittedClaim['kind'];
  /** NM1*PR NM109 of loop 2010BB (its name when it has no id), normalized. */
  payerId: string;
  /** CLM01, normalized. PHI: sealed or keyed-hashed wherever it is stored. */
  patientControlNumber: string;
  /** CLM05-3: 1 original, 7 replacement, 8 void. */
  frequency: string;
  /** Earliest and latest date of service (CCYYMMDD): claim and line DTP*472, 837I statement dates DTP*434. */
  serviceFrom?: string;
  serviceTo?: string;
  chargeCents: number;
}

function serviceDates(claim: SubmittedClaim): { serviceFrom?: string; serviceTo?: string } {
  const dates: string[] = [];
  const add = (d: { qualifier: string; from?: string; to?: string } | undefined) => {
    if (!d || (d.qualifier !== '472' && d.qualifier !== '434')) return;
    for (const v of [d.from, d.to]) if (v && /^\d{8}$/.test(v)) dates.push(v);
  };
  for (const d of claim.dates) add(d);
  add(claim.statementDates);
  for (const line of claim.serviceLines) {
    add(line.serviceDate);
    for (const d of line.dates) add(d);
  }
  dates.sort();
  return dates.length ? { serviceFrom: dates[0]!, serviceTo: dates[dates.length - 1]! } : {};
}

export function submittedClaimFacts(claim: SubmittedClaim): SubmittedClaimFacts {
  return {
    kind: claim.kind,
    payerId: normalize(claim.payer.id) || normalize(claim.payer.name),
    patientControlNumber: normalize(claim.patientControlNumber),
    frequency: claim.facility.frequency.trim(),
    ...serviceDates(claim),
    chargeCents: claim.charge.cents,
  };
}

/**
 * The claim's identity: the same claim sent twice (the same file again, or resent unchanged) has the same
 * one; its replacement or void (another frequency) and a different claim do not.
 */
export function submittedClaimCanonical(f: SubmittedClaimFacts): string {
  return JSON.stringify(['submitted-claim/v1', f.payerId, f.patientControlNumber, f.frequency, f.serviceFrom ?? '', f.serviceTo ?? '', f.chargeCents]);
}

/** What a claim and a denial must share to be compared at all: payer and patient control number. */
export function claimMatchCanonical(payerId: string, patientControlNumber: string): string {
  return JSON.stringify(['claim-match/v1', normalize(payerId), normalize(patientControlNumber)]);
}
