// Which submitted claim a denial answers. The rule, precisely:
//
// 1. Candidates share the denial's payer id and patient control number (835 CLP01 ↔ 837 CLM01), both
//    normalized (trimmed, upper-case, inner whitespace collapsed).
// 2. Dates agree when every date of service the 835 gives lies within the claim's service period (its
//    earliest to latest DTP*472/434). A claim without dates never agrees with a denial that has some; a
//    denial without dates agrees with every candidate (then only steps 3-4 can tell them apart).
// 3. Replacements (frequency 7) and voids (8) supersede the original (1) they share steps 1-2 with: the
//    newest of them (by when it was received) is the claim in force; the original and older
//    replacements are listed as superseded.
// 4. More than one original agreeing, or two replacements received at the same moment, is ambiguous: the
//    candidates are reported and none is chosen.
import { normalize } from '../remittance/identity';
import { type ClaimPayment } from '../remittance/model';

export interface MatchCandidate {
  claimId: string;
  payerId: string;
  patientControlNumber: string;
  frequency: string;
  serviceFrom?: string | undefined;
  serviceTo?: string | undefined;
  receivedAt: string;
}

export interface DenialClaimRef {
  payerId: string;
  patientControlNumber: string;
  serviceFrom?: string | undefined;
  serviceTo?: string | undefined;
}

export type ClaimMatch<C extends MatchCandidate> =
  | { kind: 'none' }
  | { kind: 'matched'; claim: C; superseded: C[] }
  | { kind: 'ambiguous'; candidates: C[]; reason: string };

const SUPERSEDING = new Set(['7', '8']);

function datesAgree(denial: DenialClaimRef, claim: MatchCandidate): boolean {
  const from = denial.serviceFrom ?? denial.serviceTo;
  const to = denial.serviceTo ?? denial.serviceFrom;
  if (!from || !to) return true;
  if (!claim.serviceFrom || !claim.serviceTo) return false;
  return claim.serviceFrom <= from && to <= claim.serviceTo;
}

export function matchSubmittedClaim<C extends MatchCandidate>(denial: DenialClaimRef, candidates: readonly C[]): ClaimMatch<C> {
  const payer = normalize(denial.payerId);
  const pcn = normalize(denial.patientControlNumber);
  const agreeing = candidates.filter((c) => normalize(c.payerId) === payer && normalize(c.patientControlNumber) === pcn && datesAgree(denial, c));
  if (agreeing.length === 0) return { kind: 'none' };
  const originals = agreeing.filter((c) => !SUPERSEDING.has(c.frequency));
  if (originals.length > 1) return { kind: 'ambiguous', candidates: agreeing, reason: `${originals.length} original claims share the payer, patient control number and dates of service` };
  const replacements = agreeing.filter((c) => SUPERSEDING.has(c.frequency)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  if (replacements.length === 0) return { kind: 'matched', claim: originals[0]!, superseded: [] };
  const newest = replacements[replacements.length - 1]!;
  if (replacements.length > 1 && replacements[replacements.length - 2]!.receivedAt === newest.receivedAt) {
    return { kind: 'ambiguous', candidates: agreeing, reason: 'two replacement claims were received at the same moment' };
  }
  return { kind: 'matched', claim: newest, superseded: agreeing.filter((c) => c !== newest) };
}

const SERVICE_DATES = new Set(['232', '233', '472', '150', '151']);

/** The 835 claim's dates of service (statement DTM*232/233, line DTM*472 or DTM*150/151), earliest to latest. */
export function remittanceServicePeriod(claim: ClaimPayment): { serviceFrom?: string; serviceTo?: string } {
  const dates = [...claim.dates, ...claim.serviceLines.flatMap((l) => l.dates)]
    .filter((d) => SERVICE_DATES.has(d.qualifier) && /^\d{8}$/.test(d.date))
    .map((d) => d.date)
    .sort();
  return dates.length ? { serviceFrom: dates[0]!, serviceTo: dates[dates.length - 1]! } : {};
}
