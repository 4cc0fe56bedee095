/**
 * From a DenialCase to what the workflow needs: classification, route, deadlines and reminders. Pure:
 * the workflow passes its own (deterministic) date as `today`.
 */
import type { DenialCase } from '../denial-case';
import {
  computeFilingDeadlines,
  DEFAULT_PAYER_RULES,
  explainDenial,
  selectPayerRule,
  type DenialExplanation,
  type DenialFacts,
  type FilingDeadlineSet,
  type PolicyConfigInput,
  type Route,
} from '../policy';

export interface AssessOptions {
  today: string;
  /** 0 = no appeal decided yet; n = level n was decided and upheld. */
  appealLevel: number;
  /** Amount still at risk (cents); defaults to the case's detection amount. */
  atRiskCents?: number;
  facts?: DenialFacts;
  policy?: PolicyConfigInput;
}

export interface Assessment {
  explanation: DenialExplanation;
  /** Why a date had to be assumed, when the remittance lacked one. */
  assumptions: string[];
}

const dollars = (cents: number) => Math.round(cents) / 100;

export function assessDenial(c: DenialCase, opts: AssessOptions): Assessment {
  const assumptions: string[] = [];
  const remitDate = c.remittance.date ?? opts.today;
  if (!c.remittance.date) assumptions.push(`The remittance has no payment date (BPR16): ${opts.today}, the day it arrived, is used.`);
  const serviceDate = c.claim.serviceDateFrom ?? c.serviceLines.find((l) => l.serviceDateFrom)?.serviceDateFrom ?? remitDate;
  if (!c.claim.serviceDateFrom && !c.serviceLines.some((l) => l.serviceDateFrom)) {
    assumptions.push(`The claim has no service date: the remittance date ${remitDate} is used, which makes filing limits look longer than they are.`);
  }
  // Reversal amounts net out against their originals; only what the payer adjusted counts.
  const adjustments = c.adjustments
    .filter((a) => a.amountCents !== 0)
    .map((a) => ({ group: a.group, carc: a.reason, amount: dollars(a.amountCents), ...(a.line ? { lineId: String(a.line) } : {}) }));
  if (adjustments.length === 0) {
    // A bare CLP02=4 without CAS: the whole charge is at risk under "claim denied".
    adjustments.push({ group: 'CO', carc: '16', amount: dollars(c.detection.amountAtRiskCents || c.claim.chargeCents) });
    assumptions.push('The remittance denied the claim without an adjustment reason: treated as CO-16 (missing information) until a person classifies it.');
  }
  const remarks = c.remarks.map((r) => ({ code: r.code, ...(r.line ? { lineId: String(r.line) } : {}) }));
  // Only a reversal bills a negative charge, and a reversal is never a denial: a negative CLP03 here is
  // damage, so the billed amount is unknown (the policy refuses a negative one: the workflow would fail).
  const billed = c.claim.chargeCents >= 0 ? { billedAmount: dollars(c.claim.chargeCents) } : {};
  if (c.claim.chargeCents < 0) assumptions.push(`The claim's charge (CLP03) is negative, ${(c.claim.chargeCents / 100).toFixed(2)}: the billed amount is taken as unknown.`);
  const explanation = explainDenial(
    {
      adjustments,
      remarks,
      amount: dollars(opts.atRiskCents ?? c.detection.amountAtRiskCents),
      ...billed,
      filingIndicator: c.claim.filingIndicator || 'ZZ',
      payerId: c.payer.id || undefined,
      serviceDate: serviceDate <= remitDate ? serviceDate : remitDate,
      remitDate,
      today: opts.today,
      currentAppealLevel: opts.appealLevel,
      facts: opts.facts ?? {},
    },
    opts.policy ? { policy: opts.policy } : {},
  );
  return { explanation, assumptions };
}

/**
 * Deadlines for a route a person chose (an override), or after a submission (with `submittedOn`, the
 * payer's response window appears among them).
 */
export function deadlinesForRoute(c: DenialCase, route: Route, today: string, submittedOn?: string): FilingDeadlineSet | null {
  const remitDate = c.remittance.date ?? today;
  const serviceDate = c.claim.serviceDateFrom ?? c.serviceLines.find((l) => l.serviceDateFrom)?.serviceDateFrom ?? remitDate;
  const selection = selectPayerRule(DEFAULT_PAYER_RULES, { filingIndicator: c.claim.filingIndicator || 'ZZ', payerId: c.payer.id || undefined }, today);
  if (!selection.ok) return null;
  return computeFilingDeadlines({
    route,
    payerRule: selection.rule,
    rulesetVersion: DEFAULT_PAYER_RULES.version,
    dates: { serviceDate: serviceDate <= remitDate ? serviceDate : remitDate, remitDate, ...(submittedOn ? { submittedOn } : {}) },
    today,
  });
}
