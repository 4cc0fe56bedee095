/** What a denial's view says about the claim it answers, as the commands that write files for it need it. */
import type { DenialView } from '../../workflows/denial-messages';
import type { StatusInquirySubject } from '../../services/claims/status-inquiry-request';

/** CLP07: the view's claimReference is the payer's claim number when the 835 gave one, else CLP01. */
export function payerClaimControlNumberOf(v: Pick<DenialView, 'claimReference' | 'accountNumber'>): string | undefined {
  return v.claimReference !== v.accountNumber ? v.claimReference : undefined;
}

export function statusInquirySubjectOf(v: DenialView): StatusInquirySubject {
  const pccn = payerClaimControlNumberOf(v);
  const { serviceDateFrom, serviceDateTo } = v.remittance;
  return {
    workflowId: v.workflowId,
    payerId: v.payerId,
    ...(v.payerName ? { payerName: v.payerName } : {}),
    ...(pccn ? { payerClaimControlNumber: pccn } : {}),
    patientControlNumber: v.accountNumber,
    chargeCents: v.amounts.chargeCents,
    ...(serviceDateFrom ? { serviceDateFrom } : {}),
    ...(serviceDateTo ? { serviceDateTo } : {}),
    ...(v.patient ? { patient: v.patient } : {}),
  };
}
