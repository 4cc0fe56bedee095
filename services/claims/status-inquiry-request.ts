/**
 * What a 276 says about the claim a denial answers, before the envelope: from the stored original claim
 * when the denial is matched to one (its segments name the provider, the subscriber and patient, the payer,
 * the bill type and CLM01), else from the denial's own fields and the organization's provider. Each builder
 * returns the request or the fields it lacks, named, never their values.
 */
import { z } from 'zod';
import { originalParties } from '../../domain/claims/original-parties';
import type { SubmittedClaim } from '../../domain/claims/model';
import type { StatusInquiryRequest } from '../../domain/claim-status';
import type { StoredClaimWithSegments } from '../../runtime/store/submitted-claims';

export const StatusInquirySubject = z.object({
  /** denial- and 40 hex digits: PHI-free, so it can be the trace number the 277 echoes. */
  workflowId: z.string(),
  payerId: z.string(),
  /** N1*PR of the 835. */
  payerName: z.string().optional(),
  /** CLP07. */
  payerClaimControlNumber: z.string().optional(),
  /** CLP01. PHI. */
  patientControlNumber: z.string(),
  chargeCents: z.number().int().nonnegative(),
  /** ISO dates. */
  serviceDateFrom: z.string().optional(),
  serviceDateTo: z.string().optional(),
  /** PHI: the name as the 835 gives it ("LAST, FIRST") and the member id. */
  patient: z.object({ name: z.string().optional(), memberId: z.string().optional() }).optional(),
});
export type StatusInquirySubject = z.infer<typeof StatusInquirySubject>;

/** Who sends the inquiry and to whom: the envelope's ids, which no claim or denial says. */
export interface Asker {
  /** ISA06/GS02, and 2100B's id when no stored claim names its submitter. */
  senderId: string;
  receiverId: string;
  usage: 'P' | 'T';
}

/** The request as far as the sources give it (checked by StatusInquiryRequest after), and what they lack. */
export interface Draft {
  request: Omit<StatusInquiryRequest, 'serviceDates'> & { serviceDates?: StatusInquiryRequest['serviceDates'] };
  missing: string[];
}

const iso = (d8: string | undefined) => (d8 && /^\d{8}$/.test(d8) ? `${d8.slice(0, 4)}-${d8.slice(4, 6)}-${d8.slice(6)}` : undefined);

function splitName(name: string | undefined): { lastName: string; firstName?: string } | undefined {
  const [last, first] = (name ?? '').split(',').map((p) => p.trim());
  return last ? { lastName: last, ...(first ? { firstName: first } : {}) } : undefined;
}

function serviceDates(from: string | undefined, to: string | undefined) {
  return from ? { from, to: to ?? from } : undefined;
}

/** What every inquiry carries whatever it is built from: the envelope ids, the trace number, CLP07. */
function envelope(subject: StatusInquirySubject, asker: Asker) {
  return {
    ...asker,
    traceNumber: subject.workflowId,
    ...(subject.payerClaimControlNumber ? { payerClaimControlNumber: subject.payerClaimControlNumber } : {}),
  };
}

/** From the matched original: `claim` is `stored.original` read back. */
export function requestFromClaim(subject: StatusInquirySubject, stored: StoredClaimWithSegments, claim: SubmittedClaim, asker: Asker): Draft {
  const parties = originalParties(stored.original);
  const dates = serviceDates(iso(stored.serviceFrom), iso(stored.serviceTo)) ?? serviceDates(subject.serviceDateFrom, subject.serviceDateTo);
  const missing = [
    ...(claim.billingProvider.npi ? [] : ["the billing provider's NPI (2010AA NM109 with NM108 XX)"]),
    ...(parties.subscriber ? [] : ["the subscriber's name (2010BA NM1*IL)"]),
    ...(claim.subscriber.memberId ? [] : ["the subscriber's member id (2010BA NM109)"]),
    ...(claim.patientIsDependent && !parties.patient ? ["the patient's name (2010CA NM1*QC)"] : []),
    ...(dates ? [] : ['service dates (DTP*472 of the claim or its lines, or the 835)']),
  ];
  return {
    request: {
      ...envelope(subject, asker),
      payer: { name: claim.payer.name, id: claim.payer.id ?? subject.payerId },
      receiver: parties.submitter?.id ? { name: parties.submitter.name, id: parties.submitter.id } : { name: claim.billingProvider.name, id: asker.senderId },
      provider: { name: claim.billingProvider.name, npi: claim.billingProvider.npi ?? '' },
      subscriber: { ...(parties.subscriber ?? { lastName: '' }), memberId: claim.subscriber.memberId ?? '' },
      ...(claim.patientIsDependent && parties.patient ? { dependent: parties.patient } : {}),
      patientControlNumber: claim.patientControlNumber,
      ...(claim.kind === 'institutional' ? { billType: `${claim.facility.code}${claim.facility.frequency}` } : {}),
      chargeCents: stored.chargeCents,
      ...(dates ? { serviceDates: dates } : {}),
    },
    missing,
  };
}

/**
 * Without a matched claim: the denial's fields, the patient as the 835 names them, the organization's
 * provider. The patient goes in 2100D with the member id the 835 gave: the denial keeps no subscriber name,
 * so a dependent cannot be put under 2000E here as it is from a stored claim.
 */
export function requestFromDenial(subject: StatusInquirySubject, provider: { name: string; npi?: string | undefined } | undefined, asker: Asker): Draft {
  const patient = splitName(subject.patient?.name);
  const dates = serviceDates(subject.serviceDateFrom, subject.serviceDateTo);
  const missing = [
    ...(subject.payerName ? [] : ["the payer's name (N1*PR of the 835)"]),
    ...(provider ? [] : ["the organization's provider (ORGANIZATION_CONFIG provider)"]),
    ...(provider && !provider.npi ? ["the organization's provider NPI (ORGANIZATION_CONFIG provider.npi)"] : []),
    ...(patient ? [] : ["the patient's name (NM1*QC of the 835)"]),
    ...(subject.patient?.memberId ? [] : ["the patient's member id (NM1*QC or NM1*IL of the 835)"]),
    ...(dates ? [] : ["service dates (the 835's claim or service line dates)"]),
  ];
  return {
    request: {
      ...envelope(subject, asker),
      payer: { name: subject.payerName ?? '', id: subject.payerId },
      receiver: { name: provider?.name ?? '', id: asker.senderId },
      provider: { name: provider?.name ?? '', npi: provider?.npi ?? '' },
      subscriber: { ...(patient ?? { lastName: '' }), memberId: subject.patient?.memberId ?? '' },
      patientControlNumber: subject.patientControlNumber,
      chargeCents: subject.chargeCents,
      ...(dates ? { serviceDates: dates } : {}),
    },
    missing,
  };
}
