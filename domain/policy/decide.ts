import { z } from 'zod';
import type { ClaimClassification, Classification } from './classify';
import type { IsoDate } from './dates';
import { computeFilingDeadlines, type DeadlineDates, type FilingDeadline } from './deadlines';
import { expectedRecovery, type ExpectedRecovery } from './economics';
import { appealLevelRule, type AppealLevelKind, type PayerRule, type RuleMatch } from './payer-rules';
import type { PolicyConfig } from './policy-config';
import { WORK_ROUTES, describeRoute, type Route } from './routes';
import { WAIT_SIGNALS, type ActionTag } from './taxonomy';
import { totalShortfallCents, type Underpayment } from './underpayment';

/** What a person knows about the claim that the remit cannot say. Unknown facts stay undefined. */
export const DenialFactsSchema = z.object({
  /** Proof the claim reached the payer in time (999/277CA acceptance, payer letter). */
  proofOfTimelyFiling: z.boolean().optional(),
  /** The defect is fixable by correcting claim data (e.g. the bundled service was distinct: modifier 59). */
  correctable: z.boolean().optional(),
  /** The patient has other coverage to bill next. */
  hasSecondaryCoverage: z.boolean().optional(),
  /** Good cause for a late filing (42 CFR 405.942(b)) or a contractual exception. */
  goodCause: z.boolean().optional(),
  /** The claim should never have gone to this payer / for this patient: void it. */
  voidOriginal: z.boolean().optional(),
  /** The payer already refused to reopen (or reopened and denied again): no second reopening. */
  reopeningRefused: z.boolean().optional(),
  /** The payer upheld its payment on a payment dispute: the shortfall goes on to the next level. */
  paymentDisputeUpheld: z.boolean().optional(),
});
export type DenialFacts = z.infer<typeof DenialFactsSchema>;

export type ConfirmationCode =
  | 'LOW_CONFIDENCE'
  | 'UNKNOWN_CODE'
  | 'WRITE_OFF_ABOVE_THRESHOLD'
  | 'HIGH_DOLLAR'
  | 'VERIFY_FIRST'
  | 'FACT_NEEDED'
  | 'DEADLINE_PASSED'
  | 'DEADLINE_UNVERIFIED'
  | 'DEADLINE_NOT_EVALUATED'
  | 'NO_PAYER_RULE'
  | 'FALLBACK_PAYER_RULE'
  | 'POLICY_EXCEPTION'
  | 'AGGREGATION_NEEDED'
  | 'APPEALS_EXHAUSTED';

export interface ConfirmationReason {
  code: ConfirmationCode;
  message: string;
}

export interface DecisionInput {
  classification: ClaimClassification;
  /** Amount at risk; defaults to the primary adjustment's amount. */
  amount?: number;
  /** Billed charge of the line/claim, to spot a CO-45 that swallows the whole charge. */
  billedAmount?: number;
  payerId?: string;
  /** The payer rule in force, or null when none could be selected (see `payerRuleProblem`). */
  payerRule: PayerRule | null;
  payerRuleMatch?: RuleMatch;
  payerRuleProblem?: string;
  rulesetVersion: string;
  dates: DeadlineDates;
  /** The decision date. Without it, time left to deadlines cannot be judged. */
  today?: IsoDate;
  /** 0 = no appeal decided yet; n = level n was decided (and upheld). */
  currentAppealLevel: number;
  facts: DenialFacts;
  config: PolicyConfig;
  /** Rule of the payer to bill next, when known. */
  nextPayerRule?: PayerRule;
  /** Lines allowed below the contract or fee schedule (detection's `underpaid` reasons). */
  underpayment?: Underpayment;
}

export interface AppealLevelDecision {
  level: number;
  name: string;
  kind: AppealLevelKind;
  amountInControversyMinimum?: number;
}

export interface Decision {
  route: Route;
  appealLevel: AppealLevelDecision | null;
  expectedRecovery: ExpectedRecovery;
  /** Readable sentences, each naming the rule ids behind it. */
  rationale: string[];
  requiresConfirmation: boolean;
  confirmationReasons: ConfirmationReason[];
  ruleIds: string[];
  /** The deadline the route must meet, if any. */
  deadline: FilingDeadline | null;
  /** Days left are at or below the policy's urgent threshold. */
  urgent: boolean;
  policyVersion: string;
}

class Trail {
  readonly rationale: string[] = [];
  readonly reasons: ConfirmationReason[] = [];
  readonly ruleIds: string[] = [];

  say(ids: string | readonly string[], sentence: string): void {
    const list = typeof ids === 'string' ? [ids] : ids;
    for (const id of list) if (!this.ruleIds.includes(id)) this.ruleIds.push(id);
    this.rationale.push(`${sentence} [${list.join(', ')}]`);
  }

  confirm(code: ConfirmationCode, message: string): void {
    if (!this.reasons.some((r) => r.code === code && r.message === message)) this.reasons.push({ code, message });
  }

  /** Takes over what a tentative evaluation recorded, once it is chosen. */
  absorb(other: Trail): void {
    this.rationale.push(...other.rationale);
    for (const id of other.ruleIds) if (!this.ruleIds.includes(id)) this.ruleIds.push(id);
    for (const r of other.reasons) this.confirm(r.code, r.message);
  }
}

interface Ctx {
  input: DecisionInput;
  c: Classification;
  amount: number;
  rule: PayerRule | null;
  ruleRef: string;
  trail: Trail;
  /** The chosen appeal is below its level's amount in controversy: only aggregated, and only a person writes it off. */
  aggregation?: boolean;
  /** The category the recovery is priced as, when not the primary's (an underpayment is a pricing dispute). */
  pricedAs?: Classification['category'];
}

const money = (n: number): string => `$${n.toFixed(2)}`;

function appealLevelOf(rule: PayerRule | null, route: Route): AppealLevelDecision | null {
  if (route.kind !== 'appeal' && route.kind !== 'reconsideration' && !(route.kind === 'await_payer' && route.appealLevel)) return null;
  const level = route.appealLevel as number;
  const levelRule = rule ? appealLevelRule(rule, level) : undefined;
  if (!levelRule) return { level, name: route.kind === 'await_payer' ? 'forwarded level' : route.levelName, kind: 'appeal' };
  const decision: AppealLevelDecision = { level, name: levelRule.name, kind: levelRule.kind };
  if (levelRule.amountInControversyMinimum !== undefined) decision.amountInControversyMinimum = levelRule.amountInControversyMinimum;
  return decision;
}

/** The next appeal level, or null (with the reason recorded) when none can be filed. */
function appealRoute(ctx: Ctx, why: string): Route | null {
  const { input, c, rule, trail } = ctx;
  let current = input.currentAppealLevel;
  if (c.adjustment.carc === '193' && current === 0) {
    current = 1;
    trail.confirm('FACT_NEEDED', 'CARC 193 says a review upheld the decision but no appeal level was given; level 1 is assumed decided.');
  }
  const next = current + 1;
  if (!rule) {
    trail.say('DEC-APPEAL', `${why}: appeal level ${next}; no payer rule, so its name and limit are unknown.`);
    return { kind: 'appeal', appealLevel: next, levelName: `level ${next}` };
  }
  const level = appealLevelRule(rule, next);
  if (!level) {
    const message = rule.ladderComplete
      ? `All ${rule.appealLadder.length} appeal levels of ${ctx.ruleRef} are used.`
      : `${ctx.ruleRef} configures only ${rule.appealLadder.length} appeal level(s); further levels may exist.`;
    trail.say('DEC-APPEALS-EXHAUSTED', message);
    trail.confirm('APPEALS_EXHAUSTED', message);
    return null;
  }
  if (level.amountInControversyMinimum !== undefined && ctx.amount < level.amountInControversyMinimum) {
    // 42 CFR 405.1006 (https://www.ecfr.gov/current/title-42/section-405.1006): claims may be aggregated to
    // reach the amount in controversy for an ALJ hearing or judicial review, by one appellant or several, when
    // they share common issues of law and fact (or, for several appellants, similar or related services) and
    // each is within its own filing window. Under the minimum alone is therefore not lost.
    const message =
      `Level ${level.level} (${level.name}) needs ${money(level.amountInControversyMinimum)} in controversy and this claim has ` +
      `${money(ctx.amount)}: request it aggregated with other claims of the same issue to reach the minimum (42 CFR 405.1006); ` +
      `only a person may decide to write it off instead.`;
    trail.say('DEC-AIC-AGGREGATE', `${why}: ${message}`);
    trail.confirm('AGGREGATION_NEEDED', message);
    ctx.aggregation = true;
  }
  if (level.kind === 'automatic') {
    trail.say('DEC-APPEAL-AUTO', `${why}: level ${level.level} (${level.name}) is forwarded by the payer; nothing to file under ${ctx.ruleRef}.`);
    return { kind: 'await_payer', appealLevel: level.level };
  }
  const kind = level.kind === 'reconsideration' ? 'reconsideration' : 'appeal';
  trail.say('DEC-APPEAL', `${why}: ${kind} level ${level.level} (${level.name}) under ${ctx.ruleRef}.`);
  return { kind, appealLevel: level.level, levelName: level.name };
}

/**
 * A reopening, unless the payer already refused one for this claim. A refusal to reopen is not itself
 * appealable (42 CFR 405.980(a)(5)); what is left is the first appeal of the original determination,
 * within that determination's window, or a write-off a person confirms when the determination has no
 * appeal rights (`appealable: false`) or no level can be filed.
 */
function reopeningRoute(ctx: Ctx, ruleId: string, why: string, message: string, opts: { appealable?: boolean; confirm?: boolean } = {}): Route {
  const { input, trail } = ctx;
  if (input.facts.reopeningRefused !== true) {
    trail.say(ruleId, message);
    if (opts.confirm) trail.confirm('POLICY_EXCEPTION', message);
    return { kind: 'reopening' };
  }
  if (opts.appealable !== false) {
    trail.say('DEC-REOPENING-REFUSED', `${why}: the payer refused the reopening; a refusal to reopen is not appealable (42 CFR 405.980(a)(5)), so the original determination is appealed.`);
    const appeal = appealRoute(ctx, `${why}, after the refused reopening`);
    if (appeal) return appeal;
  }
  const left = `${why}: the payer refused the reopening and ${opts.appealable === false ? 'the determination has no appeal rights' : 'no appeal level can be filed'}: write off.`;
  trail.say('DEC-REOPENING-REFUSED-WO', left);
  trail.confirm('POLICY_EXCEPTION', left);
  return { kind: 'write_off', approvalRequired: false };
}

/**
 * The payer returned the claim unprocessable (CO-16 + MA130, or a remark asking for a new claim): it was
 * never adjudicated, so there is nothing to reopen, replace or appeal; only a new original claim within the
 * original filing window (42 CFR 405.980 and Claims Processing Manual ch. 34: unprocessable claims are not
 * reopened; ch. 1 §80.3: returned as unprocessable, no appeal rights).
 */
function unprocessable(ctx: Ctx): boolean {
  const { c, rule } = ctx;
  return c.routing.includes('new_claim') || (rule?.payerClass === 'medicare_ffs' && (c.adjustment.carc === '16' || c.adjustment.carc === '125'));
}

function fixRoute(ctx: Ctx, why: string): Route {
  const { c, rule, trail, input } = ctx;
  const alternatives = c.actions.filter((a) => a === 'WO' || a === 'APPEAL');
  if (input.facts.correctable === undefined && alternatives.length > 0) {
    trail.confirm(
      'FACT_NEEDED',
      `${c.code}: a correction assumes the claim data was wrong (e.g. the service was distinct); otherwise ${alternatives.join('/')}.`,
    );
  }
  if (unprocessable(ctx)) {
    trail.say('DEC-FIX-UNPROCESSABLE', `${why}: an unprocessable claim is not reopened or replaced; fix it and send a new claim (frequency 1) within the original filing window.`);
    return { kind: 'corrected_claim', claimFrequency: '1' };
  }
  if (rule?.correctionMethod === 'clerical_reopening') {
    return reopeningRoute(
      ctx,
      'DEC-FIX-REOPENING',
      why,
      `${why}: ${ctx.ruleRef} corrects adjudicated claims by clerical-error reopening (42 CFR 405.980), not a resubmission.`,
    );
  }
  trail.say('DEC-FIX', `${why}: corrected claim, frequency 7 replacement with REF*F8 = the payer claim number and all lines.`);
  return { kind: 'corrected_claim', claimFrequency: '7' };
}

function docsRoute(ctx: Ctx, why: string): Route | null {
  const { rule } = ctx;
  if (rule?.payerClass === 'medicare_ffs' && rule.reopening) {
    return reopeningRoute(ctx, 'DEC-DOCS-REOPENING', why, `${why}: a denial for records not supplied is disputed as a reopening (42 CFR 405.980(a)(2)) with the records.`);
  }
  return appealRoute(ctx, `${why}: send the requested documentation`);
}

function timelyFilingRoute(ctx: Ctx): Route | null {
  const { c, input, rule, trail } = ctx;
  const proof = input.facts.proofOfTimelyFiling;
  if (c.adjustment.carc === '29') {
    if (proof === true) {
      if (rule && !rule.timelyFilingDenialAppealable) {
        const message = `${ctx.ruleRef}: a timely-filing denial has no appeal rights; with proof of timely receipt, ask for a reopening for contractor error.`;
        return reopeningRoute(ctx, 'DEC-TF-PROOF-NO-APPEAL', `CO-29 under ${ctx.ruleRef}`, message, { appealable: false, confirm: true });
      }
      return appealRoute(ctx, 'CO-29 with proof of timely filing (acceptance report)');
    }
    trail.say('DEC-TF-NO-PROOF', 'CO-29 without proof of timely filing: write off as provider liability; a contracted provider may not bill the patient.');
    if (proof === undefined) trail.confirm('FACT_NEEDED', 'No proof of timely filing recorded: if a 999/277CA acceptance exists, appeal instead.');
    return { kind: 'write_off', approvalRequired: false };
  }
  if (c.adjustment.carc === '286' || c.remarks.includes('N921')) {
    if (input.facts.goodCause === true) return appealRoute(ctx, 'Appeal time limit missed but good cause is claimed');
    trail.say('DEC-TF-APPEAL-LATE', 'Appeal time limit not met and no good cause recorded: write off.');
    if (input.facts.goodCause === undefined) trail.confirm('FACT_NEEDED', 'Good cause for the late appeal (42 CFR 405.942(b)) would reopen the appeal path.');
    return { kind: 'write_off', approvalRequired: false };
  }
  return null;
}

/** Walks the classification's actions in order until one yields a route. */
function actionRoute(ctx: Ctx): Route {
  const { c, input, trail } = ctx;
  const noAppeal = c.routing.includes('no_appeal') || c.routing.includes('corrected_claim_only');
  const noResubmit = c.routing.includes('no_resubmit');
  const skipped: string[] = [];
  for (const action of c.actions as readonly ActionTag[]) {
    switch (action) {
      case 'VERIFY':
        trail.confirm('VERIFY_FIRST', `${c.code}: investigate first (eligibility 270/271, claim history or contract) before acting.`);
        continue;
      case 'FIX':
        if (input.facts.correctable === false) {
          skipped.push('FIX (not correctable)');
          continue;
        }
        if (noResubmit) {
          skipped.push('FIX (RARC: do not resubmit)');
          continue;
        }
        return fixRoute(ctx, `${c.code} is a claim-data defect`);
      case 'DOCS': {
        if (noAppeal && ctx.rule?.payerClass !== 'medicare_ffs') {
          skipped.push('DOCS (RARC: no appeal)');
          continue;
        }
        const route = docsRoute(ctx, `${c.code} needs records or attachments`);
        if (route) return route;
        continue;
      }
      case 'APPEAL': {
        if (noAppeal) {
          skipped.push('APPEAL (RARC: no appeal rights)');
          continue;
        }
        const route = appealRoute(ctx, `${c.code} disputes the payer's judgment`);
        if (route) return route;
        continue;
      }
      case 'NEXT':
        if (c.routing.includes('crossover_done')) {
          trail.say('DEC-CROSSOVER', 'The payer already forwarded the claim to the next payer (crossover): post and wait for its remit.');
          return { kind: 'post_only' };
        }
        trail.say('DEC-NEXT', `${c.code}: another payer is liable; bill it (with this payer's remit attached).`);
        return { kind: 'bill_next_payer' };
      case 'PT': {
        // Only OA rows reach here (CO/PI never carry PT; PR was handled before): collect from the patient.
        const message = `${c.code} (${c.adjustment.group}): the patient is to be billed although the group is not PR.`;
        trail.say('DEC-PT-NON-PR', message);
        trail.confirm('POLICY_EXCEPTION', message);
        return { kind: 'bill_patient' };
      }
      case 'WO':
        trail.say('DEC-WO', `${c.code}: provider liability with no better path; write off (never to the patient).`);
        return { kind: 'write_off', approvalRequired: false };
      case 'POST':
        trail.say('DEC-POST', `${c.code}: not a denial; post only.`);
        return { kind: 'post_only' };
      case 'WAIT':
        trail.say('DEC-WAIT', `${c.code}: the adjudication is not final; wait for the payer.`);
        return { kind: 'await_payer' };
    }
  }
  const message = `No action of ${c.code} applies${skipped.length ? ` (skipped ${skipped.join(', ')})` : ''}: write off.`;
  trail.say('DEC-NO-ACTION', message);
  trail.confirm('POLICY_EXCEPTION', message);
  return { kind: 'write_off', approvalRequired: false };
}

/**
 * A claim whose codes only say "post" (CO-45) or "the patient's share" (PR-2) but whose lines were allowed
 * below the contract or fee schedule: the shortfall is the payer's, and disputing it is work of its own.
 */
function underpaymentRoute(ctx: Ctx): Route | null {
  const { c, input, rule, trail } = ctx;
  const u = input.underpayment;
  if (!u || u.lines.length === 0 || !(c.defaultAction === 'POST' || c.liability === 'patient')) return null;
  const what =
    `${u.lines.length === 1 ? 'A line was' : `${u.lines.length} lines were`} allowed below the contracted rate or fee schedule, short ${money(totalShortfallCents(u) / 100)} ` +
    `(${u.lines.map((l) => `line ${l.line} ${l.procedure}: expected ${money(l.expectedCents / 100)}, allowed ${money(l.allowedCents / 100)}`).join('; ')})`;
  if (c.liability === 'patient') trail.say('DEC-UNDERPAID-PR', `${c.code} is the patient's share and is billed as usual; the shortfall below the contract is the payer's.`);
  if (input.facts.paymentDisputeUpheld === true || (rule?.payerClass === 'medicare_ffs' && input.facts.reopeningRefused === true)) {
    if (rule?.payerClass === 'medicare_advantage') {
      trail.confirm('POLICY_EXCEPTION', "The plan upheld its payment: a non-contracted provider may ask CMS's Payment Dispute Resolution contractor to review the plan's dispute decision.");
    }
    const appeal = appealRoute(ctx, `${what}; the payer upheld its payment`);
    if (appeal) return appeal;
    trail.say('DEC-UNDERPAID-EXHAUSTED', `${what}; the payer upheld its payment and no further level can be filed: write off the shortfall.`);
    return { kind: 'write_off', approvalRequired: false };
  }
  switch (rule?.payerClass) {
    case 'medicare_ffs':
      trail.say(
        'DEC-UNDERPAID-MEDICARE',
        `${what}: Medicare corrects a misapplied fee schedule by reopening the claim within one year of the initial determination (42 CFR 405.980(b)(1); CMS Pub. 100-04 Ch. 34).`,
      );
      return { kind: 'payment_dispute', process: 'fee_schedule_reopening' };
    case 'medicare_advantage':
      trail.say(
        'DEC-UNDERPAID-MA',
        `${what}: a non-contracted provider is owed what original Medicare would pay (42 CFR 422.214); dispute through the plan's payment-dispute process, then CMS's Payment Dispute Resolution contractor.`,
      );
      return { kind: 'payment_dispute', process: 'ma_noncontracted_payment_dispute' };
    default:
      trail.say('DEC-UNDERPAID-CONTRACT', `${what}: dispute the payment under the contract (${ctx.ruleRef}) with the rate exhibit and the expected-versus-paid calculation.`);
      return { kind: 'payment_dispute', process: 'contract_payment_dispute' };
  }
}

function proposeRoute(ctx: Ctx): Route {
  const { c, input, trail } = ctx;
  if (input.facts.voidOriginal === true) {
    trail.say('DEC-VOID', 'The claim should not have been billed this way: void it (frequency 8 with REF*F8), then bill correctly.');
    return { kind: 'corrected_claim', claimFrequency: '8' };
  }
  const wait = c.routing.find((s) => WAIT_SIGNALS.includes(s));
  if (wait) {
    trail.say(['DEC-WAIT-RARC', ...c.ruleTrail.filter((id) => id.startsWith('RARC-'))], `A routing remark (${wait}) says to wait for the payer.`);
    return { kind: 'await_payer' };
  }
  if (c.routing.includes('new_claim')) {
    trail.say('DEC-NEW-CLAIM', 'The payer returned the claim as unprocessable: fix it and send a new original claim (frequency 1); no appeal rights.');
    return { kind: 'corrected_claim', claimFrequency: '1' };
  }
  if (c.defaultAction === 'WAIT') {
    trail.say('DEC-WAIT', `${c.code}: the adjudication is not final; wait for the payer.`);
    return { kind: 'await_payer' };
  }
  const underpaid = underpaymentRoute(ctx);
  if (underpaid) {
    ctx.pricedAs = 'pricing';
    return underpaid;
  }
  if (c.defaultAction === 'POST') {
    if (c.adjustment.carc === '45' && input.billedAmount !== undefined && ctx.amount >= input.billedAmount) {
      trail.confirm('POLICY_EXCEPTION', 'CO-45 equals the whole billed charge: suspicious, check for an underpayment or a hidden denial.');
    }
    trail.say('DEC-POST', `${c.code}: contractual or bookkeeping adjustment, not a denial; post only.`);
    return { kind: 'post_only' };
  }
  if (c.liability === 'patient') {
    if (c.routing.includes('crossover_done')) {
      trail.say('DEC-PR-CROSSOVER', 'Patient responsibility, but the claim was forwarded to the supplemental payer: post and wait for it before billing the patient.');
      return { kind: 'post_only' };
    }
    if (input.facts.hasSecondaryCoverage === true) {
      trail.say('DEC-PR-NEXT', `${c.code}: patient responsibility with other coverage: bill the secondary payer first.`);
      return { kind: 'bill_next_payer' };
    }
    if (c.defaultAction !== 'PT') {
      trail.confirm('VERIFY_FIRST', `${c.code}: the payer assigned the amount to the patient, but the code suggests ${c.defaultAction} first.`);
    }
    trail.say('DEC-PR', `${c.code}: group PR, the patient is liable: bill the patient.`);
    return { kind: 'bill_patient' };
  }
  if (c.routing.includes('corrected_claim_only') && input.facts.correctable !== false) {
    return fixRoute(ctx, `${c.code} with a remark allowing only a corrected claim`);
  }
  if (c.category === 'timely_filing' || c.remarks.includes('N921')) {
    const route = timelyFilingRoute(ctx);
    if (route) return route;
  }
  if (c.category === 'duplicate') {
    if (input.facts.correctable === true) return fixRoute(ctx, `${c.code}: the service is distinct from the one paid`);
    trail.say('DEC-DUP', `${c.code}: duplicate of a claim on file; do not rebill: post once the original's payment is confirmed.`);
    trail.confirm('VERIFY_FIRST', 'Confirm the original claim was paid (claim history) before posting the duplicate off.');
    return { kind: 'post_only' };
  }
  return actionRoute(ctx);
}

function deadlineFor(ctx: Ctx, route: Route): FilingDeadline | null {
  if (!ctx.rule) return null;
  const { input } = ctx;
  const request = {
    route,
    payerRule: ctx.rule,
    rulesetVersion: input.rulesetVersion,
    dates: input.dates,
    ...(input.today !== undefined ? { today: input.today } : {}),
    ...(input.nextPayerRule !== undefined ? { nextPayerRule: input.nextPayerRule } : {}),
  };
  return computeFilingDeadlines(request).primary;
}

const passed = (d: FilingDeadline): boolean => d.daysLeft !== undefined && d.daysLeft < 0;

/** A person checks the real window with the payer: the unverified limit decides nothing on its own. */
function verifyWindowRoute(ctx: Ctx, deadline: FilingDeadline): Route {
  const message =
    `The ${deadline.dueDate} deadline (${deadline.limitId}) comes from an unverified limit and has passed by it: confirm the real window with the payer ` +
    `or the contract; if it is open, choose the route it allows with its last day; if it is closed, a person writes the claim off.`;
  ctx.trail.say(['DEC-VERIFY-WINDOW', deadline.limitId], message);
  ctx.trail.confirm('DEADLINE_UNVERIFIED', message);
  const window = deadline.kind === 'payer_response' ? 'appeal' : deadline.kind;
  return { kind: 'verify_window', window, unverifiedDueDate: deadline.dueDate, ...(deadline.appealLevel !== undefined ? { appealLevel: deadline.appealLevel } : {}) };
}

/**
 * When the route's deadline has passed, fall back to the next path whose window is still open. A window
 * that passed by an unverified limit is never lost on its own: a person checks it with the payer.
 */
function applyDeadline(ctx: Ctx, route: Route): { route: Route; deadline: FilingDeadline | null } {
  const { input, trail, c } = ctx;
  const deadline = deadlineFor(ctx, route);
  if (!deadline || !passed(deadline)) return { route, deadline };
  const what = describeRoute(route);
  const unverified = deadline.verify ? ' by an unverified limit' : '';
  trail.say(['DEC-DEADLINE-PASSED', deadline.limitId], `${what.charAt(0).toUpperCase()}${what.slice(1)} was due ${deadline.dueDate} (${-(deadline.daysLeft as number)} days ago${unverified}).`);
  if (input.facts.goodCause === true) {
    trail.confirm('DEADLINE_PASSED', `Deadline ${deadline.dueDate} passed; good cause is claimed, so the ${route.kind} is kept.`);
    return { route, deadline };
  }
  // A new claim (frequency 1) replaces a claim the payer never adjudicated: no reopening, no appeal.
  const adjudicated = !(route.kind === 'corrected_claim' && route.claimFrequency === '1') && !unprocessable(ctx);
  // Candidates are evaluated on a scratch trail so a rejected one leaves no rationale behind.
  const candidates: { route: Route; trail: Trail; aggregation?: boolean }[] = [];
  if (adjudicated && route.kind === 'corrected_claim' && ctx.rule?.reopening) candidates.push({ route: { kind: 'reopening' }, trail: new Trail() });
  if (adjudicated && (route.kind === 'corrected_claim' || route.kind === 'reopening') && !c.routing.includes('no_appeal') && c.actions.includes('APPEAL')) {
    const scratch: Ctx = { ...ctx, trail: new Trail() };
    const appeal = appealRoute(scratch, 'The correction window is closed but the payer judgment can still be disputed');
    if (appeal) candidates.push({ route: appeal, trail: scratch.trail, aggregation: scratch.aggregation === true });
  }
  const unverifiedPassed: FilingDeadline[] = deadline.verify ? [deadline] : [];
  for (const candidate of candidates) {
    const d = deadlineFor(ctx, candidate.route);
    if (d && !passed(d)) {
      trail.absorb(candidate.trail);
      if (candidate.aggregation) ctx.aggregation = true;
      trail.say(['DEC-DEADLINE-FALLBACK', d.limitId], `Its window is still open: ${describeRoute(candidate.route)}, due ${d.dueDate}.`);
      if (deadline.verify) {
        trail.confirm(
          'DEADLINE_UNVERIFIED',
          `${what.charAt(0).toUpperCase()}${what.slice(1)} is out of time only by an unverified limit (${deadline.limitId}, ${deadline.dueDate}): ` +
            `if the payer or the contract allows it still, override to it; otherwise ${describeRoute(candidate.route)}.`,
        );
      }
      return { route: candidate.route, deadline: d };
    }
    if (d?.verify) unverifiedPassed.push(d);
  }
  const check = unverifiedPassed[0];
  if (check) return { route: verifyWindowRoute(ctx, check), deadline: null };
  const message = `Filing deadline ${deadline.dueDate} missed: write off as a timely-filing loss unless good cause applies.`;
  trail.say('DEC-DEADLINE-LOST', message);
  trail.confirm('DEADLINE_PASSED', message);
  return { route: { kind: 'write_off', approvalRequired: false }, deadline: null };
}

export function decideRoute(input: DecisionInput): Decision {
  const c = input.classification.primary;
  const amount = input.amount ?? c.adjustment.amount;
  const rule = input.payerRule;
  const ruleRef = rule ? `${rule.id}@${rule.version}` : 'no payer rule';
  const trail = new Trail();
  const ctx: Ctx = { input, c, amount, rule, ruleRef, trail };
  const config = input.config;

  trail.say(c.ruleTrail, `Primary adjustment ${c.code} for ${money(amount)}: ${c.explanation} (confidence ${c.confidence}).`);
  const secondary = input.classification.secondary;
  if (secondary.length > 0) {
    trail.say(
      'DEC-SECONDARY',
      `Also on the claim: ${secondary.map((s) => `${s.code} ${money(s.adjustment.amount)} (${s.category})`).join(', ')}; kept as secondary classifications.`,
    );
  }
  if (input.classification.needsHumanClassification) {
    trail.confirm('UNKNOWN_CODE', `Codes that need a human to classify: ${input.classification.unknownCodes.join(', ') || 'deactivated code without meaning'}.`);
  }
  if (c.confidence < config.confidenceThreshold) {
    trail.confirm('LOW_CONFIDENCE', `Classification confidence ${c.confidence} is below ${config.confidenceThreshold}.`);
  }
  if (!rule) {
    trail.confirm('NO_PAYER_RULE', input.payerRuleProblem ?? 'No payer rule in force: deadlines are unknown.');
  } else {
    trail.say(`PAYER-${rule.id}@${rule.version}`, `Payer rule ${ruleRef} (${rule.name}) matched by ${input.payerRuleMatch ?? 'caller'}.`);
    if (input.payerRuleMatch === 'fallback') {
      trail.confirm('FALLBACK_PAYER_RULE', `No payer-specific rule: the fallback ${ruleRef} limits are assumptions.`);
    }
  }

  let route = proposeRoute(ctx);
  let deadline: FilingDeadline | null;
  ({ route, deadline } = applyDeadline(ctx, route));

  let recovery = expectedRecovery(route, amount, ctx.pricedAs ?? c.category, { payerId: input.payerId, payerClass: rule?.payerClass ?? 'other' }, config);
  if (WORK_ROUTES.includes(route.kind)) {
    const sentence =
      `Expected recovery ${money(recovery.value)} = ${money(recovery.amount)} × ${recovery.probability} (${recovery.probabilitySource}) ` +
      `− ${money(recovery.cost)} cost of ${describeRoute(route)}`;
    if (recovery.value <= config.minExpectedRecovery && ctx.aggregation) {
      trail.say('DEC-ECONOMICS', `${sentence}: not worth the work alone; aggregated with other claims it may be, so a person decides (no automatic write-off).`);
    } else if (recovery.value <= config.minExpectedRecovery) {
      trail.say('DEC-ECONOMICS', `${sentence}: not worth the work (minimum ${money(config.minExpectedRecovery)}); write off.`);
      route = { kind: 'write_off', approvalRequired: false };
      deadline = null;
      recovery = expectedRecovery(route, amount, ctx.pricedAs ?? c.category, { payerId: input.payerId, payerClass: rule?.payerClass ?? 'other' }, config);
    } else {
      trail.say('DEC-ECONOMICS', `${sentence}.`);
    }
  }

  if (route.kind === 'write_off' && amount > config.writeOffApprovalThreshold) {
    route = { kind: 'write_off', approvalRequired: true };
    trail.say('DEC-WO-APPROVAL', `Write-off of ${money(amount)} is above the ${money(config.writeOffApprovalThreshold)} threshold: a supervisor approves.`);
    trail.confirm('WRITE_OFF_ABOVE_THRESHOLD', `Write-off ${money(amount)} > ${money(config.writeOffApprovalThreshold)}: supervisor approval.`);
  }
  if (amount > config.highDollarReviewThreshold) {
    trail.confirm('HIGH_DOLLAR', `${money(amount)} is above the ${money(config.highDollarReviewThreshold)} review threshold.`);
  }

  let urgent = false;
  if (deadline) {
    const left = deadline.daysLeft;
    trail.say(['DEC-DEADLINE', deadline.limitId], `${deadline.description}${left !== undefined ? `; ${left} days left` : ''}.`);
    if (left !== undefined && left >= 0 && left <= config.urgentDaysLeft) urgent = true;
    // Whenever the chosen route rests on an unverified limit, not only in its last days: the real window
    // may be shorter (the work is late already) or longer (a write-off would give money away).
    if (deadline.verify) {
      trail.say(['DEC-DEADLINE-UNVERIFIED', deadline.limitId], `The ${deadline.dueDate} deadline comes from an unverified limit: a person confirms it.`);
      trail.confirm(
        'DEADLINE_UNVERIFIED',
        `The ${deadline.dueDate} deadline${urgent ? ', near,' : ''} of ${describeRoute(route)} comes from an unverified limit (${deadline.limitId}): confirm the window with the payer or the contract.`,
      );
    }
  }
  if (input.today === undefined && (WORK_ROUTES.includes(route.kind) || route.kind === 'bill_next_payer')) {
    trail.confirm('DEADLINE_NOT_EVALUATED', 'No decision date (today) given: time left to the deadline was not checked.');
  }

  trail.say('DEC-ROUTE', `Route: ${describeRoute(route)}.`);
  return {
    route,
    appealLevel: appealLevelOf(rule, route),
    expectedRecovery: recovery,
    rationale: trail.rationale,
    requiresConfirmation: trail.reasons.length > 0,
    confirmationReasons: trail.reasons,
    ruleIds: trail.ruleIds,
    deadline,
    urgent,
    policyVersion: config.version,
  };
}
