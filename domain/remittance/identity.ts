// Claim identity inputs: the canonical string that is keyed-hashed (elsewhere, outside domain/) into the
// denial workflow id, so every remittance for the same claim reaches the same workflow.
//
// Preferred key: payer + CLP07 (payer claim control number). A reversal and its correction repeat CLP07,
// so they land on the same workflow. Fallback when CLP07 is missing: payer + CLP01 + first service date
// (CLP01 alone is not unique: the corpus has three claims sharing one CLP01).
import { type ClaimPayment, type RemittanceContext } from './model';

export type PayerIdSource = 'N1-PR-N104' | 'REF-2U' | 'TRN03' | 'N1-PR-name' | 'none';

export interface ClaimIdentityInput {
  /** Canonical text to hash. JSON array, so no separator can be forged by a value. */
  canonical: string;
  payerId: string;
  payerIdSource: PayerIdSource;
  basis: 'payer-claim-control-number' | 'patient-control-number';
}

/** Upper-case, trimmed, inner whitespace collapsed: the same value always gives the same key. */
export function normalize(value: string | undefined): string {
  return (value ?? '').trim().replace(/\s+/g, ' ').toUpperCase();
}

export function payerIdOf(context: RemittanceContext): { payerId: string; source: PayerIdSource } {
  const payer = context.payer;
  const n104 = normalize(payer?.id);
  if (n104) return { payerId: n104, source: 'N1-PR-N104' };
  const ref2u = normalize(payer?.references.find((r) => r.qualifier === '2U')?.value);
  if (ref2u) return { payerId: ref2u, source: 'REF-2U' };
  const trn03 = normalize(context.trace?.originatorId);
  if (trn03) return { payerId: trn03, source: 'TRN03' };
  const name = normalize(payer?.name);
  if (name) return { payerId: name, source: 'N1-PR-name' };
  return { payerId: '', source: 'none' };
}

/** Earliest service date on the claim: statement from (DTM*232), line DTM*472 or DTM*150. */
export function firstServiceDate(claim: ClaimPayment): string | undefined {
  let first: string | undefined;
  const consider = (qualifier: string, date: string) => {
    if ((qualifier === '232' || qualifier === '472' || qualifier === '150') && date && (first === undefined || date < first)) {
      first = date;
    }
  };
  for (const d of claim.dates) consider(d.qualifier, d.date);
  for (const line of claim.serviceLines) for (const d of line.dates) consider(d.qualifier, d.date);
  return first;
}

/** The identity of the claim a payer names by its claim number (CLP07, or a PLB reference that carries one). */
export function claimIdentityOfPayerNumber(payerClaimControlNumber: string, context: RemittanceContext): ClaimIdentityInput | undefined {
  const { payerId, source } = payerIdOf(context);
  const pccn = normalize(payerClaimControlNumber);
  return pccn ? { canonical: JSON.stringify(['claim/v1', payerId, 'CLP07', pccn]), payerId, payerIdSource: source, basis: 'payer-claim-control-number' } : undefined;
}

export function claimIdentityInput(claim: ClaimPayment, context: RemittanceContext): ClaimIdentityInput {
  const { payerId, source } = payerIdOf(context);
  const byNumber = claimIdentityOfPayerNumber(claim.payerClaimControlNumber ?? '', context);
  if (byNumber) return byNumber;
  return {
    canonical: JSON.stringify(['claim/v1', payerId, 'CLP01', normalize(claim.patientControlNumber), firstServiceDate(claim) ?? '']),
    payerId,
    payerIdSource: source,
    basis: 'patient-control-number',
  };
}
