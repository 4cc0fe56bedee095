// ClaimPayment (full 835 data, including patient names) → DenialCase / RemittanceEvent (PHI-free).
// Fields are copied by allow-list; names, member ids and addresses are never read here.
import {
  type CaseAdjustment,
  type CaseRemark,
  type CaseServiceLine,
  DenialCase,
  RemittanceEvent,
} from '../denial-case';
import { isoDate } from './dates';
import type { SilentMoneyItem } from './silent-money';
import { type DenialDecision } from './detect';
import { payerIdOf } from './identity';
import { type ClaimPayment, type DateReference, type Procedure, type RemittanceContext } from './model';

/** Claim REF qualifiers that identify the claim or its authorization, none of them a person. */
const CLAIM_REFERENCE_QUALIFIERS = new Set(['F8', '9A', '9C', 'BB', 'G1', 'G3', '0K']);


function period(dates: readonly DateReference[], from: readonly string[], to: readonly string[]): { from?: string; to?: string } {
  let first: string | undefined;
  let last: string | undefined;
  for (const d of dates) {
    if (from.includes(d.qualifier) && (first === undefined || d.date < first)) first = d.date;
    if (to.includes(d.qualifier) && (last === undefined || d.date > last)) last = d.date;
  }
  return { from: isoDate(first), to: isoDate(last ?? first) };
}

function procedure(p: Procedure) {
  return { qualifier: p.qualifier, code: p.code, modifiers: [...p.modifiers] };
}

function adjudication(claim: ClaimPayment, context: RemittanceContext) {
  const adjustments: CaseAdjustment[] = [];
  const remarks: CaseRemark[] = [];
  for (const a of claim.adjustments) {
    adjustments.push({ level: 'claim', group: a.group, reason: a.reason, amountCents: a.amount.cents, quantity: a.quantity });
  }
  for (const code of claim.outpatient?.remarkCodes ?? []) remarks.push({ level: 'claim', source: 'MOA', code });
  for (const code of claim.inpatient?.remarkCodes ?? []) remarks.push({ level: 'claim', source: 'MIA', code });

  const serviceLines: CaseServiceLine[] = claim.serviceLines.map((line) => {
    for (const a of line.adjustments) {
      adjustments.push({ level: 'line', line: line.number, group: a.group, reason: a.reason, amountCents: a.amount.cents, quantity: a.quantity });
    }
    for (const r of line.remarks) if (r.qualifier === 'HE') remarks.push({ level: 'line', line: line.number, source: 'LQ', code: r.code });
    const dates = period(line.dates, ['472', '150'], ['472', '151']);
    return {
      line: line.number,
      procedure: procedure(line.procedure),
      originalProcedure: line.originalProcedure === undefined ? undefined : procedure(line.originalProcedure),
      revenueCode: line.revenueCode,
      chargeCents: line.charge.cents,
      paidCents: line.payment.cents,
      allowedCents: line.amounts.find((x) => x.qualifier === 'B6')?.amount.cents,
      unitsPaid: line.unitsPaid,
      serviceDateFrom: dates.from,
      serviceDateTo: dates.to,
      lineControlNumber: line.references.find((r) => r.qualifier === '6R')?.value,
    };
  });

  // Claim service period: statement dates when sent, else the span of the line dates.
  let dates = period(claim.dates, ['232'], ['233']);
  if (dates.from === undefined) {
    const lineDates = serviceLines.flatMap((l) => [l.serviceDateFrom, l.serviceDateTo]).filter((d): d is string => d !== undefined).sort();
    dates = { from: lineDates[0], to: lineDates[lineDates.length - 1] };
  }

  return {
    ...remitted(context),
    claim: {
      patientControlNumber: claim.patientControlNumber,
      payerClaimControlNumber: claim.payerClaimControlNumber,
      status: claim.status,
      filingIndicator: claim.filingIndicator,
      facilityType: claim.facilityType,
      frequency: claim.frequency,
      chargeCents: claim.charge.cents,
      paidCents: claim.payment.cents,
      patientResponsibilityCents: claim.patientResponsibility?.cents,
      serviceDateFrom: dates.from,
      serviceDateTo: dates.to,
      references: claim.references
        .filter((r) => CLAIM_REFERENCE_QUALIFIERS.has(r.qualifier))
        .map((r) => ({ qualifier: r.qualifier, value: r.value })),
    },
    adjustments,
    remarks,
    serviceLines,
    source: { ...claim.position },
  };
}

/** Who paid whom, when and how: the remittance's part of a case, from its header. */
function remitted(context: RemittanceContext) {
  const { payerId, source } = payerIdOf(context);
  const payee = context.payee;
  return {
    payer: { id: payerId, idSource: source, name: context.payer?.name },
    payee: payee === undefined ? undefined : { name: payee.name, idQualifier: payee.idQualifier, id: payee.id },
    remittance: {
      date: isoDate(context.payment?.date),
      traceNumber: context.trace?.traceNumber || undefined,
      paymentMethod: context.payment?.method,
      paymentCents: context.payment?.amount?.cents,
    },
  };
}

function detection(decision: DenialDecision) {
  return {
    outcome: decision.outcome,
    extent: decision.extent,
    reasons: decision.reasons.map((r) => ({ ...r })),
    amountAtRiskCents: decision.amountAtRiskCents,
  };
}

/** The input of a new denial workflow. Only for a `denial` decision. */
export function toDenialCase(claim: ClaimPayment, context: RemittanceContext, decision: DenialDecision): DenialCase {
  if (decision.outcome !== 'denial') throw new Error(`toDenialCase needs a denial decision, got '${decision.outcome}'.`);
  return DenialCase.parse({ version: 1, ...adjudication(claim, context), detection: detection(decision) });
}

/**
 * The input of a reopened denial's run (domain/lifecycle/reopening.ts): a reversal or negative payment of a
 * claim whose denial had been recovered. What the payer took back is what is at risk again; the charge is
 * the claim's (a reversal states it negated).
 */
export function toRecoupmentCase(claim: ClaimPayment, context: RemittanceContext): DenialCase {
  const recouped = Math.max(0, -claim.payment.cents);
  const a = adjudication(claim, context);
  const how = claim.status === '22' ? 'a reversal (CLP02 22)' : 'a negative payment';
  return DenialCase.parse({
    version: 1,
    ...a,
    claim: { ...a.claim, chargeCents: Math.abs(a.claim.chargeCents) },
    detection: {
      outcome: 'denial',
      reasons: [{ code: 'recoupment', level: 'claim', message: `The payer took back ${(recouped / 100).toFixed(2)} paid on the claim, by ${how}.`, amountCents: recouped }],
      amountAtRiskCents: recouped,
    },
  });
}

/**
 * The input of a reopened denial's run when the payer took the money back at the provider level (a PLB
 * recoupment, e.g. WO, that names the claim): no claim payment comes with it, so the claim is the payer's
 * claim number and the charge the denial had.
 */
export function toPlbRecoupmentCase(item: SilentMoneyItem, chargeCents: number): DenialCase {
  const recouped = Math.max(0, item.cents);
  return DenialCase.parse({
    version: 1,
    ...remitted(item.context),
    claim: { patientControlNumber: '', payerClaimControlNumber: item.claimReference, status: 'PLB', chargeCents, paidCents: -recouped, references: [] },
    adjustments: [],
    remarks: [],
    serviceLines: [],
    source: { ...item.position },
    detection: {
      outcome: 'denial',
      reasons: [{ code: 'recoupment', level: 'claim', message: `The payer took back ${(recouped / 100).toFixed(2)} by a provider-level adjustment (PLB ${item.reason}) naming the claim.`, amountCents: recouped }],
      amountAtRiskCents: recouped,
    },
  });
}

/** A remittance for a claim that already has a workflow (payment, reversal, new denial, not final). */
export function toRemittanceEvent(claim: ClaimPayment, context: RemittanceContext, decision: DenialDecision): RemittanceEvent {
  return RemittanceEvent.parse({ version: 1, kind: decision.outcome, ...adjudication(claim, context), detection: detection(decision) });
}
