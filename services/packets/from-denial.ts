/**
 * Maps what the denial workflow knows (its DenialCase, the patient identity from the encrypted input,
 * attached documents, corrections, the specialist's argument) into the packet's input.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { AppealPacketRequest } from '../../domain/lifecycle/activity-contracts';
import { underpaymentOf } from '../../domain/lifecycle/assess';
import { DEFAULT_PAYER_RULES, selectPayerRule, type DenialCategory } from '../../domain/policy';
import type { OrganizationConfig } from './organization';
import type { AppealPacketInput } from './packet-input';

const PDF = 'application/pdf';

export function packetInputFrom(req: AppealPacketRequest, org: OrganizationConfig): AppealPacketInput {
  const c = req.denial;
  const payer = org.payers[c.payer.id] ?? org.payers['*'];
  if (!payer) {
    throw ApplicationFailure.nonRetryable(`No appeal address for payer ${c.payer.id}: add it (or "*") under payers in the organization configuration.`, 'InvalidPacketInput');
  }
  if (!req.patient.name || !req.patient.memberId) {
    throw ApplicationFailure.nonRetryable('The appeal letter needs the patient name and member id, which this denial did not carry from its remittance.', 'InvalidPacketInput');
  }
  const remitDate = c.remittance.date ?? req.letterDate;
  const serviceDate = c.claim.serviceDateFrom ?? c.serviceLines.find((l) => l.serviceDateFrom)?.serviceDateFrom ?? remitDate;
  const selection = selectPayerRule(DEFAULT_PAYER_RULES, { filingIndicator: c.claim.filingIndicator || 'ZZ', payerId: c.payer.id || undefined }, req.letterDate);
  const payerClass = selection.ok ? selection.rule.payerClass : 'commercial';
  const level = req.route.kind === 'appeal' || req.route.kind === 'reconsideration' ? req.route.appealLevel : req.route.kind === 'reopening' ? 0 : req.appealLevel;
  const levelName = req.route.kind === 'appeal' || req.route.kind === 'reconsideration' ? req.route.levelName : req.route.kind === 'reopening' ? 'Reopening' : 'Appeal';
  const lineCodes = (line: number) => c.adjustments.filter((a) => a.level === 'line' && a.line === line);
  const underpaid = req.route.kind === 'payment_dispute' ? underpaymentOf(c) : undefined;
  if (req.route.kind === 'payment_dispute' && !underpaid) {
    throw ApplicationFailure.nonRetryable('The underpayment letter needs the underpaid lines, and this denial has none from detection.', 'InvalidPacketInput');
  }
  const dispute =
    req.route.kind === 'payment_dispute'
      ? req.route.process === 'fee_schedule_reopening'
        ? ({ level: 0, name: 'Reopening', kind: 'reopening' } as const)
        : ({ level: 1, name: 'Payment dispute review', kind: 'reconsideration' } as const)
      : undefined;
  return {
    workflowId: req.workflowId,
    category: req.category as DenialCategory,
    letterDate: req.letterDate,
    payer: { ...payer, payerClass, ...(c.payer.id ? { payerId: c.payer.id } : {}), ...(c.payer.name && !org.payers[c.payer.id] ? { name: c.payer.name } : {}) },
    provider: org.provider,
    signer: org.signer,
    patient: { name: req.patient.name, memberId: req.patient.memberId },
    claim: {
      patientAccountNumber: c.claim.patientControlNumber,
      payerClaimControlNumber: c.claim.payerClaimControlNumber ?? c.claim.patientControlNumber,
      serviceDateFrom: serviceDate,
      ...(c.claim.serviceDateTo ? { serviceDateTo: c.claim.serviceDateTo } : {}),
      billedCents: Math.max(0, c.claim.chargeCents),
      paidCents: c.claim.paidCents,
      ...(c.claim.patientResponsibilityCents !== undefined ? { patientResponsibilityCents: Math.max(0, c.claim.patientResponsibilityCents) } : {}),
      amountInDisputeCents: underpaid ? underpaid.lines.reduce((n, l) => n + l.shortfallCents, 0) : c.detection.amountAtRiskCents,
      noticeDate: remitDate < serviceDate ? serviceDate : remitDate,
      ...(c.remittance.traceNumber ? { checkOrEftNumber: c.remittance.traceNumber } : {}),
      adjustments: c.adjustments.filter((a) => a.level === 'claim').map((a) => ({ group: a.group as 'CO', code: a.reason, amountCents: a.amountCents })),
      remarks: c.remarks.filter((r) => r.level === 'claim').map((r) => ({ code: r.code })),
    },
    serviceLines: c.serviceLines.map((l) => ({
      line: l.line,
      serviceDateFrom: l.serviceDateFrom ?? serviceDate,
      ...(l.serviceDateTo ? { serviceDateTo: l.serviceDateTo } : {}),
      procedureCode: l.procedure.code,
      modifiers: l.procedure.modifiers,
      ...(l.revenueCode ? { revenueCode: l.revenueCode } : {}),
      units: l.unitsPaid ?? 1,
      billedCents: Math.max(0, l.chargeCents),
      ...(l.allowedCents !== undefined ? { allowedCents: Math.max(0, l.allowedCents) } : {}),
      paidCents: l.paidCents,
      adjustments: lineCodes(l.line).map((a) => ({ group: a.group as 'CO', code: a.reason, amountCents: a.amountCents })),
      remarks: c.remarks.filter((r) => r.level === 'line' && r.line === l.line).map((r) => ({ code: r.code })),
    })),
    appeal: dispute ?? { level: Math.max(0, level), name: levelName, kind: req.route.kind === 'reopening' ? 'reopening' : req.route.kind === 'reconsideration' ? 'reconsideration' : 'appeal' },
    ...(underpaid
      ? {
          template: 'underpayment',
          disputedLines: underpaid.lines.map((l) => l.line),
          underpayment: {
            basis: payerClass === 'medicare_ffs' || payerClass === 'medicare_advantage' ? 'fee_schedule' : 'contract',
            lines: underpaid.lines.map((l) => ({ line: l.line, procedure: l.procedure, expectedCents: l.expectedCents, allowedCents: l.allowedCents, paidCents: l.paidCents, varianceCents: l.shortfallCents })),
          },
        }
      : {}),
    argument: {
      ...(req.argument ? { summary: req.argument } : {}),
      // The classification's evidence hints are advice to the specialist, not sentences for the payer.
      points: [],
      references: [],
    },
    facts: { diagnoses: [] },
    corrections: req.corrections.map((k) => ({
      ...(k.line ? { line: k.line } : {}),
      field: k.field.replaceAll('_', ' '),
      from: k.from ?? '',
      to: k.to,
      reason: k.note ?? 'Corrected to match the medical record.',
    })),
    attachments: req.documents
      .filter((d) => d.contentType === PDF)
      .map((d) => ({ ref: { id: d.id, sha256: d.sha256, size: d.size, contentType: d.contentType, name: d.name }, title: d.description ?? d.name })),
  } as AppealPacketInput;
}
