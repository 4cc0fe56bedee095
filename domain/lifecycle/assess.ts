/**
 * From a DenialCase to what the workflow needs: classification, route, deadlines and reminders. Pure:
 * the workflow passes its own (deterministic) date as `today`.
 */
import type { DenialCase } from '../denial-case';
import {
  AdjustmentSchema,
  computeFilingDeadlines,
  DEFAULT_PAYER_RULES,
  DEFAULT_POLICY_CONFIG,
  explainDenial,
  judgedNoticeDate,
  selectPayerRule,
  type DeadlineDates,
  type DenialCategory,
  type DenialExplanation,
  type DenialFacts,
  type FilingDeadline,
  type FilingDeadlineSet,
  type OwnerTeam,
  type PayerRuleSet,
  type PolicyConfigInput,
  type RootCause,
  type Route,
  type Underpayment,
} from '../policy';

/**
 * Notice dates the case keeps because its remittance no longer shows them: the original EOB (replaced by
 * later remittances) and the prior level's decision (a decision recorded by hand has no remittance).
 */
export type CaseNoticeDates = Pick<DeadlineDates, 'originalRemitDate' | 'priorDecisionDate'>;

export interface AssessOptions {
  today: string;
  notices?: CaseNoticeDates;
  /** Practice state (USPS code): selects a state's Medicaid rule. */
  practiceState?: string;
  /** 0 = no appeal decided yet; n = level n was decided and upheld. */
  appealLevel: number;
  /** Amount still at risk (cents); defaults to the case's detection amount. */
  atRiskCents?: number;
  facts?: DenialFacts;
  policy?: PolicyConfigInput;
  /** The payer rules to decide with; DEFAULT_PAYER_RULES unless a backtest replays candidate rules. */
  payerRules?: PayerRuleSet;
}

export interface Assessment {
  explanation: DenialExplanation;
  /** Why a date had to be assumed, when the remittance lacked one. */
  assumptions: string[];
}

const dollars = (cents: number) => Math.round(cents) / 100;

/**
 * The lines detection found allowed below the fee schedule, with what the dispute letter and the policy
 * need: expected (contract or fee schedule) = allowed + shortfall, allowed as detection computed it.
 */
export function underpaymentOf(c: DenialCase): Underpayment | undefined {
  const lines = c.detection.reasons
    .filter((r) => r.code === 'underpaid' && r.line !== undefined && (r.amountCents ?? 0) > 0)
    .map((r) => {
      const line = c.serviceLines.find((l) => l.line === r.line);
      // Detection's allowed: AMT*B6 when sent, else paid plus the patient's share on the line.
      const patientShare = c.adjustments.filter((a) => a.level === 'line' && a.line === r.line && a.group === 'PR').reduce((n, a) => n + a.amountCents, 0);
      const allowedCents = Math.max(0, line?.allowedCents ?? (line ? line.paidCents + patientShare : 0));
      const shortfallCents = r.amountCents as number;
      return {
        line: r.line as number,
        procedure: line ? [line.procedure.code, ...line.procedure.modifiers].join('-') : `line ${r.line}`,
        expectedCents: allowedCents + shortfallCents,
        allowedCents,
        paidCents: line?.paidCents ?? 0,
        shortfallCents,
      };
    });
  return lines.length ? { lines } : undefined;
}

interface CaseDates {
  dates: DeadlineDates;
  assumptions: string[];
}

const latest = (dates: (string | undefined)[]): string | undefined => dates.filter((d): d is string => !!d).sort().at(-1);

/**
 * The dates the deadlines of a case run from. The through date is the claim's statement "to" date, else
 * the latest line date: institutional (Part A) timely filing runs from it, not from the admission.
 */
export function caseDeadlineDates(c: DenialCase, today: string, notices: CaseNoticeDates = {}): CaseDates {
  const assumptions: string[] = [];
  const remitDate = c.remittance.date ?? today;
  if (!c.remittance.date) assumptions.push(`The remittance has no payment date (BPR16): ${today}, the day it arrived, is used.`);
  const lineFrom = c.serviceLines.find((l) => l.serviceDateFrom)?.serviceDateFrom;
  const found = c.claim.serviceDateFrom ?? lineFrom;
  if (!found) assumptions.push(`The claim has no service date: the remittance date ${remitDate} is used, which makes filing limits look longer than they are.`);
  const serviceDate = found && found <= remitDate ? found : remitDate;
  const through = latest([c.claim.serviceDateTo, ...c.serviceLines.flatMap((l) => [l.serviceDateTo, l.serviceDateFrom])]);
  const dates: DeadlineDates = { serviceDate, remitDate };
  if (through && through > serviceDate && through <= remitDate) dates.serviceThroughDate = through;
  if (notices.originalRemitDate && notices.originalRemitDate <= remitDate) dates.originalRemitDate = notices.originalRemitDate;
  if (notices.priorDecisionDate && notices.priorDecisionDate >= serviceDate) dates.priorDecisionDate = notices.priorDecisionDate;
  return { dates, assumptions };
}

export function assessDenial(c: DenialCase, opts: AssessOptions): Assessment {
  const { dates, assumptions } = caseDeadlineDates(c, opts.today, opts.notices);
  // Reversal amounts net out against their originals; only what the payer adjusted counts.
  const adjustments = c.adjustments
    .filter((a) => a.amountCents !== 0)
    .map((a) => ({ group: a.group, carc: a.reason, amount: dollars(a.amountCents), ...(a.line ? { lineId: String(a.line) } : {}) }));
  if (adjustments.length === 0) {
    // A bare CLP02=4 without CAS: the whole charge is at risk under "claim denied".
    adjustments.push({ group: 'CO', carc: '16', amount: dollars(c.detection.amountAtRiskCents || c.claim.chargeCents) });
    assumptions.push('The remittance denied the claim without an adjustment reason: treated as CO-16 (missing information) until a person classifies it.');
  }
  // Checked one by one so a refusal names the adjustment and what is wrong with it.
  adjustments.forEach((a, i) => {
    const ok = AdjustmentSchema.safeParse(a);
    if (!ok.success) throw new RangeError(`adjustment ${i + 1} (${a.group}-${a.carc.slice(0, 8)}): ${ok.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
  });
  const remarks = c.remarks.map((r) => ({ code: r.code, ...(r.line ? { lineId: String(r.line) } : {}) }));
  // Only a reversal bills a negative charge, and a reversal is never a denial: a negative CLP03 here is
  // damage, so the billed amount is unknown (the policy refuses a negative one: the workflow would fail).
  const billed = c.claim.chargeCents >= 0 ? { billedAmount: dollars(c.claim.chargeCents) } : {};
  if (c.claim.chargeCents < 0) assumptions.push(`The claim's charge (CLP03) is negative, ${(c.claim.chargeCents / 100).toFixed(2)}: the billed amount is taken as unknown.`);
  const underpayment = underpaymentOf(c);
  const explanation = explainDenial(
    {
      adjustments,
      remarks,
      amount: dollars(opts.atRiskCents ?? c.detection.amountAtRiskCents),
      ...billed,
      filingIndicator: c.claim.filingIndicator || 'ZZ',
      payerId: c.payer.id || undefined,
      ...(opts.practiceState ? { practiceState: opts.practiceState } : {}),
      ...dates,
      today: opts.today,
      currentAppealLevel: opts.appealLevel,
      facts: opts.facts ?? {},
      ...(underpayment ? { underpayment } : {}),
    },
    { ...(opts.policy ? { policy: opts.policy } : {}), ...(opts.payerRules ? { payerRules: opts.payerRules } : {}) },
  );
  return { explanation, assumptions };
}

/**
 * Deadlines for a route a person chose (an override), or after a submission (with `submittedOn`, the
 * payer's response window appears among them).
 */
export function deadlinesForRoute(c: DenialCase, route: Route, today: string, submittedOn?: string, notices?: CaseNoticeDates, practiceState?: string): FilingDeadlineSet | null {
  const { dates } = caseDeadlineDates(c, today, notices);
  const key = { filingIndicator: c.claim.filingIndicator || 'ZZ', payerId: c.payer.id || undefined, state: practiceState };
  // The rule in force on the date of the notice being judged; `today` only counts the days left.
  const selection = selectPayerRule(DEFAULT_PAYER_RULES, key, judgedNoticeDate(dates));
  if (!selection.ok) return null;
  return computeFilingDeadlines({
    route,
    payerRule: selection.rule,
    rulesetVersion: DEFAULT_PAYER_RULES.version,
    dates: { ...dates, ...(submittedOn ? { submittedOn } : {}) },
    today,
  });
}

/**
 * What the denial workflow decides with, and all it keeps of the rules: the classification, the decision,
 * the deadline and the reminder offsets. It is small because it is recorded in the workflow's history (a
 * local activity's result), which is how a running denial keeps the decisions it made when the rule
 * tables change under it.
 */
export interface CaseAssessment {
  classification: {
    primary: { code: string; category: DenialCategory; rootCause: RootCause; ownerTeam: OwnerTeam; preventable: boolean; ruleId: string; explanation: string; confidence: number };
    needsHumanClassification: boolean;
    secondary: { code: string; category: string; ruleId: string }[];
  };
  decision: { route: Route; rationale: string[]; ruleIds: string[]; requiresConfirmation: boolean; expectedRecovery: number };
  deadline: FilingDeadline | null;
  reminders: { offsetsDays: number[]; escalationOffsetDays: number };
  assumptions: string[];
  versions: DenialExplanation['versions'];
}

export interface AssessCaseRequest {
  denial: DenialCase;
  today: string;
  appealLevel: number;
  atRiskCents: number;
  facts?: DenialFacts;
  notices?: CaseNoticeDates;
  practiceState?: string;
}

export function assessCase(req: AssessCaseRequest): CaseAssessment {
  const { explanation: e, assumptions } = assessDenial(req.denial, {
    today: req.today,
    appealLevel: req.appealLevel,
    atRiskCents: req.atRiskCents,
    ...(req.facts ? { facts: req.facts } : {}),
    ...(req.notices ? { notices: req.notices } : {}),
    ...(req.practiceState ? { practiceState: req.practiceState } : {}),
  });
  const p = e.classification.primary;
  const reminders = DEFAULT_POLICY_CONFIG.reminders;
  return {
    classification: {
      primary: { code: p.code, category: p.category, rootCause: p.rootCause, ownerTeam: p.ownerTeam, preventable: p.preventable, ruleId: p.ruleId, explanation: p.explanation, confidence: p.confidence },
      needsHumanClassification: e.classification.needsHumanClassification,
      secondary: e.classification.secondary.map((s) => ({ code: s.code, category: s.category, ruleId: s.ruleId })),
    },
    decision: {
      route: e.decision.route,
      rationale: e.decision.rationale,
      ruleIds: e.decision.ruleIds,
      requiresConfirmation: e.decision.requiresConfirmation,
      expectedRecovery: e.decision.expectedRecovery.value,
    },
    deadline: e.deadlines.primary,
    reminders: { offsetsDays: [...reminders.offsetsDays], escalationOffsetDays: reminders.escalationOffsetDays },
    assumptions,
    versions: e.versions,
  };
}

/** The deadline of a route a person chose, and once submitted the payer's response window. */
export interface RouteDeadlines {
  primary: FilingDeadline | null;
  responseDue: string | null;
}

export function routeDeadlines(req: { denial: DenialCase; route: Route; today: string; submittedOn?: string; notices?: CaseNoticeDates; practiceState?: string }): RouteDeadlines {
  const set = deadlinesForRoute(req.denial, req.route, req.today, req.submittedOn, req.notices, req.practiceState);
  return { primary: set?.primary ?? null, responseDue: set?.deadlines.find((d) => d.kind === 'payer_response')?.dueDate ?? null };
}

export { unassessedCase } from './unassessed';
