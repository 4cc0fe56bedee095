import { z } from 'zod';
import { nextBusinessDay } from './business-days';
import { IsoDateSchema, addDays, addPeriod, daysBetween, describePeriod, type IsoDate, type Period } from './dates';
import { appealLevelRule, type AnchorKind, type FilingLimit, type PayerRule } from './payer-rules';
import type { PaymentDisputeProcess, Route, VerifiableWindow } from './routes';

export const DeadlineDatesSchema = z.object({
  /** Line "from" date of service. */
  serviceDate: IsoDateSchema,
  /** Statement "through" / discharge date, for span and institutional claims. */
  serviceThroughDate: IsoDateSchema.optional(),
  /** Notice date of the determination being acted on (835 BPR16 / EOB date), not the posting date. */
  remitDate: IsoDateSchema,
  /** Notice date of the claim's initial determination (the original EOB); defaults to remitDate. */
  originalRemitDate: IsoDateSchema.optional(),
  /**
   * Notice date of the prior appeal level's decision, when it did not come as the remittance in
   * `remitDate` (a decision letter recorded by hand). Appeal levels above the first count from it.
   */
  priorDecisionDate: IsoDateSchema.optional(),
  /** The primary payer's notice date, for a secondary claim; defaults to remitDate. */
  primaryPayerNoticeDate: IsoDateSchema.optional(),
  /** When the payer received our filing, to compute its response window. */
  submittedOn: IsoDateSchema.optional(),
});
export type DeadlineDates = z.infer<typeof DeadlineDatesSchema>;

/** A filing window a route depends on, or the payer's own response window. */
export type DeadlineKind = VerifiableWindow | 'payer_response';

export interface DeadlineAnchor {
  kind: AnchorKind;
  /** The date the period runs from. */
  date: IsoDate;
  /** The input date it was derived from (differs from `date` by the receipt presumption). */
  derivedFrom: IsoDate;
  presumedReceiptDays: number;
}

/** One deadline, with everything a workflow must record about which rule produced it. */
export interface FilingDeadline {
  kind: DeadlineKind;
  /** Last day the payer must have received the filing. */
  dueDate: IsoDate;
  payerRuleId: string;
  payerRuleVersion: string;
  rulesetVersion: string;
  /** Which limit of the rule, e.g. 'medicare-ffs-part-b@2026.1#appealLadder.1'. */
  limitId: string;
  appealLevel?: number;
  levelName?: string;
  period: Period;
  anchor: DeadlineAnchor;
  /** The limit is not confirmed by the reference. */
  verify: boolean;
  source?: string;
  /** When the last day fell on a weekend or federal holiday and the limit rolls over: the calendar date and why it moved. */
  rolledOver?: { unrolledDueDate: IsoDate; reason: string };
  /** Days from `today` to the due date (0 = due today, negative = missed); absent without `today`. */
  daysLeft?: number;
  description: string;
}

export interface FilingDeadlineSet {
  /** The deadline the route must meet; null when the route has none (post, bill patient, await …). */
  primary: FilingDeadline | null;
  /** Primary first, then context: the claim's timely-filing window, the reopening window, the payer's response. */
  deadlines: FilingDeadline[];
  notes: string[];
}

export interface FilingDeadlineRequest {
  route: Route;
  payerRule: PayerRule;
  rulesetVersion: string;
  dates: DeadlineDates;
  today?: IsoDate;
  /** Rule of the payer to bill next, for `bill_next_payer`. */
  nextPayerRule?: PayerRule;
}

const ANCHOR_LABEL: Readonly<Record<AnchorKind, string>> = {
  service_date: 'date of service',
  service_through_date: 'through/discharge date',
  notice_date: 'notice date',
  notice_receipt: 'presumed receipt of the notice',
  original_notice_date: 'initial determination notice date',
  prior_decision_notice: "prior level's decision notice date",
  prior_decision_receipt: "presumed receipt of the prior level's decision",
  primary_notice_date: 'primary payer notice date',
  submission_date: 'payer receipt of our filing',
};

/**
 * The notice of the determination a limit acts on: for an appeal level above the first, the prior level's
 * decision (its recorded notice date, else the remittance that carried it); otherwise the remittance.
 */
function noticeActedOn(ref: Pick<LimitRef, 'appealLevel'>, dates: DeadlineDates): IsoDate {
  return ref.appealLevel !== undefined && ref.appealLevel > 1 ? priorDecisionNotice(dates) : dates.remitDate;
}

function priorDecisionNotice(dates: DeadlineDates): IsoDate {
  return dates.priorDecisionDate ?? dates.remitDate;
}

/**
 * The date of the notice being judged, which chooses the payer rule in force: the latest determination
 * known (a prior level's decision recorded after the remittance, or the remittance itself).
 */
export function judgedNoticeDate(dates: Pick<DeadlineDates, 'remitDate' | 'priorDecisionDate'>): IsoDate {
  const prior = dates.priorDecisionDate;
  return prior !== undefined && daysBetween(dates.remitDate, prior) > 0 ? prior : dates.remitDate;
}

function resolveAnchor(kind: AnchorKind, ref: Pick<LimitRef, 'appealLevel'>, rule: PayerRule, dates: DeadlineDates): DeadlineAnchor | null {
  const plain = (date: IsoDate): DeadlineAnchor => ({ kind, date, derivedFrom: date, presumedReceiptDays: 0 });
  const received = (notice: IsoDate): DeadlineAnchor => ({
    kind,
    date: addDays(notice, rule.receiptPresumptionDays),
    derivedFrom: notice,
    presumedReceiptDays: rule.receiptPresumptionDays,
  });
  switch (kind) {
    case 'service_date':
      return plain(dates.serviceDate);
    case 'service_through_date':
      return plain(dates.serviceThroughDate ?? dates.serviceDate);
    case 'notice_date':
      return plain(noticeActedOn(ref, dates));
    case 'notice_receipt':
      return received(noticeActedOn(ref, dates));
    case 'prior_decision_notice':
      return plain(priorDecisionNotice(dates));
    case 'prior_decision_receipt':
      return received(priorDecisionNotice(dates));
    case 'original_notice_date':
      return plain(dates.originalRemitDate ?? dates.remitDate);
    case 'primary_notice_date':
      return plain(dates.primaryPayerNoticeDate ?? dates.remitDate);
    case 'submission_date':
      return dates.submittedOn ? plain(dates.submittedOn) : null;
  }
}

interface LimitRef {
  kind: DeadlineKind;
  limit: FilingLimit;
  path: string;
  label: string;
  appealLevel?: number;
  levelName?: string;
}

function build(ref: LimitRef, rule: PayerRule, request: FilingDeadlineRequest): FilingDeadline | null {
  const anchor = resolveAnchor(ref.limit.anchor, ref, rule, request.dates);
  if (!anchor) return null;
  const calendarDue = addPeriod(anchor.date, ref.limit.period);
  const rolled = ref.limit.rollover === 'next_business_day' ? nextBusinessDay(calendarDue) : null;
  const dueDate = rolled?.date ?? calendarDue;
  const moved = rolled && rolled.skipped.length > 0 ? `, moved from ${calendarDue} (${rolled.skipped.map((d) => `${d.date} is ${d.reason}`).join('; ')})` : '';
  const receipt = anchor.presumedReceiptDays > 0 ? ` (${anchor.derivedFrom} + ${anchor.presumedReceiptDays} days)` : '';
  const deadline: FilingDeadline = {
    kind: ref.kind,
    dueDate,
    payerRuleId: rule.id,
    payerRuleVersion: rule.version,
    rulesetVersion: request.rulesetVersion,
    limitId: `${rule.id}@${rule.version}#${ref.path}`,
    period: ref.limit.period,
    anchor,
    verify: ref.limit.verify,
    description:
      `${ref.label}: ${describePeriod(ref.limit.period)} from the ${ANCHOR_LABEL[anchor.kind]} ${anchor.date}${receipt} ` +
      `→ ${dueDate}${moved} [${rule.id}@${rule.version}]${ref.limit.verify ? ' (unverified limit)' : ''}`,
  };
  if (rolled && rolled.skipped.length > 0) {
    deadline.rolledOver = {
      unrolledDueDate: calendarDue,
      reason: `the last day ${rolled.skipped.map((d) => `${d.date} is ${d.reason}`).join(', and ')}: a filing on the next federal workday is timely`,
    };
  }
  if (ref.appealLevel !== undefined) deadline.appealLevel = ref.appealLevel;
  if (ref.levelName !== undefined) deadline.levelName = ref.levelName;
  if (ref.limit.source !== undefined) deadline.source = ref.limit.source;
  if (request.today !== undefined) deadline.daysLeft = daysBetween(request.today, dueDate);
  return deadline;
}

function primaryLimit(request: FilingDeadlineRequest, notes: string[]): { ref: LimitRef; rule: PayerRule } | null {
  const { route, payerRule: rule } = request;
  switch (route.kind) {
    case 'corrected_claim':
      // A claim returned as unprocessable was never filed: the original timely-filing clock still runs.
      if (route.claimFrequency === '1') {
        return { rule, ref: { kind: 'timely_filing', limit: rule.timelyFiling, path: 'timelyFiling', label: 'New claim (original filing window)' } };
      }
      return { rule, ref: { kind: 'corrected_claim', limit: rule.correctedClaim, path: 'correctedClaim', label: 'Corrected claim' } };
    case 'reopening':
      if (!rule.reopening) {
        notes.push(`${rule.id}@${rule.version} has no reopening window configured.`);
        return null;
      }
      return { rule, ref: { kind: 'reopening', limit: rule.reopening, path: 'reopening', label: 'Reopening' } };
    case 'reconsideration':
    case 'appeal': {
      const level = appealLevelRule(rule, route.appealLevel);
      if (!level) {
        notes.push(`${rule.id}@${rule.version} has no appeal level ${route.appealLevel}.`);
        return null;
      }
      if (!level.filing) {
        notes.push(`Level ${level.level} (${level.name}) is forwarded by the payer: nothing to file.`);
        return null;
      }
      return {
        rule,
        ref: {
          kind: 'appeal',
          limit: level.filing,
          path: `appealLadder.${level.level}`,
          label: `Level ${level.level} ${level.name}`,
          appealLevel: level.level,
          levelName: level.name,
        },
      };
    }
    case 'bill_next_payer': {
      const next = request.nextPayerRule;
      if (!next) {
        notes.push('The next payer is not known: its filing limit cannot be computed.');
        return null;
      }
      const limit = next.secondaryClaim ?? next.timelyFiling;
      const path = next.secondaryClaim ? 'secondaryClaim' : 'timelyFiling';
      return { rule: next, ref: { kind: 'secondary_claim', limit, path, label: 'Claim to the next payer' } };
    }
    case 'payment_dispute':
      return paymentDisputeLimit(rule, route.process, notes);
    case 'bill_patient':
    case 'write_off':
    case 'post_only':
    case 'await_payer':
    // Its window is the question: the route a person chooses once it is confirmed has the deadline.
    case 'verify_window':
      return null;
  }
}

/**
 * The rule's payment-dispute window. Without one: a fee-schedule reopening has the rule's reopening window;
 * anything else its first appeal level's, marked unverified.
 */
function paymentDisputeLimit(rule: PayerRule, process: PaymentDisputeProcess, notes: string[]): { ref: LimitRef; rule: PayerRule } | null {
  if (rule.paymentDispute) {
    return { rule, ref: { kind: 'payment_dispute', limit: rule.paymentDispute, path: 'paymentDispute', label: 'Underpayment dispute' } };
  }
  if (process === 'fee_schedule_reopening' && rule.reopening) {
    return { rule, ref: { kind: 'payment_dispute', limit: rule.reopening, path: 'reopening', label: 'Underpayment dispute (reopening of the fee schedule)' } };
  }
  const first = appealLevelRule(rule, 1);
  if (!first?.filing) {
    notes.push(`${rule.id}@${rule.version} has no payment-dispute window configured.`);
    return null;
  }
  notes.push(`${rule.id}@${rule.version} has no payment-dispute window: level 1 (${first.name})'s window is used until one is configured.`);
  return {
    rule,
    ref: { kind: 'payment_dispute', limit: { ...first.filing, verify: true }, path: 'appealLadder.1', label: `Underpayment dispute (${first.name} window, assumed)` },
  };
}

function responseWindow(request: FilingDeadlineRequest): { days: number; label: string; path: string } | null {
  const { route, payerRule: rule } = request;
  if (route.kind === 'reconsideration' || route.kind === 'appeal') {
    const level = appealLevelRule(rule, route.appealLevel);
    return level?.responseWindowDays
      ? { days: level.responseWindowDays, label: `Payer decision on level ${level.level}`, path: `appealLadder.${level.level}.responseWindowDays` }
      : null;
  }
  if (route.kind === 'payment_dispute') {
    const level = appealLevelRule(rule, 1);
    return level?.responseWindowDays ? { days: level.responseWindowDays, label: 'Payer decision on the payment dispute', path: 'appealLadder.1.responseWindowDays' } : null;
  }
  if (route.kind === 'corrected_claim' && rule.claimResponseDays) {
    return { days: rule.claimResponseDays, label: 'Payer processing of the claim', path: 'claimResponseDays' };
  }
  return null;
}

/**
 * Deadlines for a route under a payer rule. Pure: the same request always gives the same dates, and
 * each deadline names the rule, version, limit and anchor dates that produced it.
 */
export function computeFilingDeadlines(request: FilingDeadlineRequest): FilingDeadlineSet {
  const notes: string[] = [];
  const { payerRule: rule } = request;
  const picked = primaryLimit(request, notes);
  const primary = picked ? build(picked.ref, picked.rule, request) : null;
  const deadlines: FilingDeadline[] = primary ? [primary] : [];

  if (primary?.kind !== 'timely_filing') {
    const tf = build({ kind: 'timely_filing', limit: rule.timelyFiling, path: 'timelyFiling', label: 'Initial claim timely filing' }, rule, request);
    if (tf) deadlines.push(tf);
  }
  if (rule.reopening && primary?.kind !== 'reopening') {
    const reopening = build({ kind: 'reopening', limit: rule.reopening, path: 'reopening', label: 'Reopening window' }, rule, request);
    if (reopening) deadlines.push(reopening);
  }
  const window = responseWindow(request);
  if (window && request.dates.submittedOn) {
    const response = build(
      {
        kind: 'payer_response',
        limit: { period: { amount: window.days, unit: 'days' }, anchor: 'submission_date', verify: false, rollover: 'none' },
        path: window.path,
        label: window.label,
      },
      rule,
      request,
    );
    if (response) deadlines.push(response);
  } else if (window) {
    notes.push(`${window.label} is expected within ${window.days} days of the payer's receipt; give submittedOn to date it.`);
  }
  return { primary, deadlines, notes };
}
