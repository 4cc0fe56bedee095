import { z } from 'zod';
import { IsoDateSchema, PeriodSchema, daysBetween, type IsoDate } from './dates';

/**
 * Payer filing and appeal rules (config/payer-rules.json). Contracts and state law override the
 * published defaults, so every limit is data with a version, effective dates and its source, and
 * limits the reference marks [verify] carry `verify: true` so decisions built on them ask a human.
 */

export const AnchorKindSchema = z.enum([
  /** Line "from" date of service. */
  'service_date',
  /** Statement "through" / discharge date (falls back to the service date when absent). */
  'service_through_date',
  /**
   * Notice date of the determination being acted on (835 BPR16 / EOB date). For an appeal level above the
   * first, that determination is the prior level's decision (its notice date when one was recorded).
   */
  'notice_date',
  /** Receipt of that notice: notice date + the rule's receipt presumption (Medicare: 5 days). */
  'notice_receipt',
  /** Notice date of the prior appeal level's decision (recorded by hand, or the remittance that carried it). */
  'prior_decision_notice',
  /** Receipt of the prior level's decision: its notice date + the receipt presumption (42 CFR 405.962(a)(1)). */
  'prior_decision_receipt',
  /** Notice date of the first (initial) determination of the claim. */
  'original_notice_date',
  /** The primary payer's EOB/remit date, for secondary claims. */
  'primary_notice_date',
  /** The date our filing was received by the payer, for response windows. */
  'submission_date',
]);
export type AnchorKind = z.infer<typeof AnchorKindSchema>;

export const FilingLimitSchema = z.object({
  period: PeriodSchema,
  anchor: AnchorKindSchema,
  /** The reference could not confirm this limit: decisions that depend on it need a human. */
  verify: z.boolean().default(false),
  /**
   * What happens when the last day is not a federal workday. 'next_business_day' only where the source
   * says so (Medicare timely filing: Pub. 100-04 ch. 1 §70.7); otherwise the calendar date stands.
   */
  rollover: z.enum(['none', 'next_business_day']).default('none'),
  source: z.string().optional(),
  note: z.string().optional(),
});
export type FilingLimit = z.infer<typeof FilingLimitSchema>;

export const AppealLevelKindSchema = z.enum([
  /** Administrative, payer-internal review (commercial "claim reconsideration"). */
  'reconsideration',
  /** A formal appeal level (Medicare redetermination, QIC, ALJ …; commercial formal appeal). */
  'appeal',
  /** Review outside the payer (ACA external review, arbitration). */
  'external_review',
  /** Forwarded by the payer itself (MA plan reconsideration upheld → IRE): nothing to file. */
  'automatic',
]);
export type AppealLevelKind = z.infer<typeof AppealLevelKindSchema>;

export const AppealLevelRuleSchema = z.object({
  level: z.number().int().min(1),
  name: z.string().min(1),
  kind: AppealLevelKindSchema,
  /** Null for automatic levels: the payer forwards the case. */
  filing: FilingLimitSchema.nullable(),
  /** Typical decision time after the payer receives the request. */
  responseWindowDays: z.number().int().positive().nullable().default(null),
  /** Minimum amount in controversy (Medicare ALJ and court); claims may be aggregated to reach it. */
  amountInControversyMinimum: z.number().nonnegative().optional(),
});
export type AppealLevelRule = z.infer<typeof AppealLevelRuleSchema>;

export const PayerClassSchema = z.enum(['medicare_ffs', 'medicare_advantage', 'medicaid', 'tricare', 'workers_comp', 'commercial', 'other']);
export type PayerClass = z.infer<typeof PayerClassSchema>;

export const PayerRuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'rule ids are lower-case slugs'),
    version: z.string().min(1),
    name: z.string().min(1),
    payerClass: PayerClassSchema,
    effectiveFrom: IsoDateSchema,
    effectiveTo: IsoDateSchema.nullable().default(null),
    match: z.object({
      /** Payer ids (clearinghouse/EDI payer id); empty = any payer. */
      payerIds: z.array(z.string().min(1)).default([]),
      /** CLP06 / SBR09 claim filing indicator codes; empty = any. */
      filingIndicators: z.array(z.string().min(1).max(3)).default([]),
      /**
       * Two-letter states (USPS) the rule is for: it matches only when the caller names the state (the
       * practice state for Medicaid, or the state of the workers' compensation claim); empty = any state.
       */
      states: z.array(z.string().regex(/^[A-Z]{2}$/, 'states are two capital letters (USPS)')).default([]),
      /** The rule used when nothing more specific matches. */
      fallback: z.boolean().default(false),
    }),
    /** Days added to a notice date to presume its receipt (42 CFR 405.942(a)(1): 5 days). */
    receiptPresumptionDays: z.number().int().nonnegative().default(0),
    timelyFiling: FilingLimitSchema,
    correctedClaim: FilingLimitSchema,
    /** How an adjudicated claim's data errors are corrected with this payer. */
    correctionMethod: z.enum(['replacement_claim', 'clerical_reopening']).default('replacement_claim'),
    reopening: FilingLimitSchema.nullable().default(null),
    secondaryClaim: FilingLimitSchema.nullable().default(null),
    /**
     * Disputing an underpayment (a line allowed below the contract or fee schedule): Medicare FFS reopens
     * the misapplied fee schedule (42 CFR 405.980(b)), MA plans run a payment-dispute process, commercial
     * payers the contract's. Null = not configured: the first appeal level's window stands in, unverified.
     */
    paymentDispute: FilingLimitSchema.nullable().default(null),
    /** Whether a timely-filing denial can be appealed (Medicare: no, it is not an initial determination). */
    timelyFilingDenialAppealable: z.boolean().default(true),
    /** Typical days for the payer to process a (corrected) claim. */
    claimResponseDays: z.number().int().positive().nullable().default(null),
    appealLadder: z.array(AppealLevelRuleSchema).min(1),
    /** False when more levels exist than are configured (so "exhausted" is not final). */
    ladderComplete: z.boolean().default(true),
    source: z.string().optional(),
    notes: z.array(z.string()).default([]),
  })
  .superRefine((rule, ctx) => {
    rule.appealLadder.forEach((level, i) => {
      if (level.level !== i + 1) {
        ctx.addIssue({ code: 'custom', path: ['appealLadder', i, 'level'], message: `levels must run 1, 2, 3 … (got ${level.level} at position ${i + 1})` });
      }
      if ((level.kind === 'automatic') !== (level.filing === null)) {
        ctx.addIssue({ code: 'custom', path: ['appealLadder', i, 'filing'], message: 'automatic levels, and only they, have no filing limit' });
      }
    });
    if (rule.effectiveTo !== null && daysBetween(rule.effectiveFrom, rule.effectiveTo) < 0) {
      ctx.addIssue({ code: 'custom', path: ['effectiveTo'], message: 'effectiveTo is before effectiveFrom' });
    }
    if (rule.match.states.length > 0 && rule.match.filingIndicators.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['match', 'states'], message: 'a state rule also names the filing indicators it is for' });
    }
    if (!rule.match.fallback && rule.match.payerIds.length === 0 && rule.match.filingIndicators.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['match'], message: 'a non-fallback rule must match payer ids or filing indicators' });
    }
  });
export type PayerRule = z.infer<typeof PayerRuleSchema>;

export const PayerRuleSetSchema = z
  .object({
    version: z.string().min(1),
    description: z.string().optional(),
    rules: z.array(PayerRuleSchema).min(1),
  })
  .superRefine((set, ctx) => {
    const seen = new Set<string>();
    set.rules.forEach((rule, i) => {
      const key = `${rule.id}@${rule.version}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', i], message: `duplicate rule ${key}` });
      seen.add(key);
    });
    // Versions of one rule must not overlap in time, or the rule in force on a date is ambiguous.
    const byId = new Map<string, PayerRule[]>();
    for (const rule of set.rules) byId.set(rule.id, [...(byId.get(rule.id) ?? []), rule]);
    for (const [id, versions] of byId) {
      for (let a = 0; a < versions.length; a++) {
        for (let b = a + 1; b < versions.length; b++) {
          const x = versions[a] as PayerRule;
          const y = versions[b] as PayerRule;
          if (overlaps(x, y)) {
            ctx.addIssue({ code: 'custom', path: ['rules'], message: `rule ${id}: versions ${x.version} and ${y.version} overlap in time` });
          }
        }
      }
    }
    if (!set.rules.some((r) => r.match.fallback)) {
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'one rule must be the fallback' });
    }
  });
export type PayerRuleSet = z.infer<typeof PayerRuleSetSchema>;
export type PayerRuleSetInput = z.input<typeof PayerRuleSetSchema>;

function overlaps(x: PayerRule, y: PayerRule): boolean {
  const xEndsBeforeY = x.effectiveTo !== null && daysBetween(x.effectiveTo, y.effectiveFrom) > 0;
  const yEndsBeforeX = y.effectiveTo !== null && daysBetween(y.effectiveTo, x.effectiveFrom) > 0;
  return !xEndsBeforeY && !yEndsBeforeX;
}

export function parsePayerRuleSet(raw: unknown): PayerRuleSet {
  return PayerRuleSetSchema.parse(raw);
}

export function isEffectiveOn(rule: PayerRule, date: IsoDate): boolean {
  return daysBetween(rule.effectiveFrom, date) >= 0 && (rule.effectiveTo === null || daysBetween(date, rule.effectiveTo) >= 0);
}

export interface PayerKey {
  filingIndicator: string;
  payerId?: string | undefined;
  /** The state whose program rules apply (practice state for Medicaid), when known. */
  state?: string | undefined;
}

export type RuleMatch = 'payer_id_and_filing_indicator' | 'payer_id' | 'state_and_filing_indicator' | 'filing_indicator' | 'fallback';

export type PayerRuleSelection =
  | { ok: true; rule: PayerRule; matchedBy: RuleMatch; rulesetVersion: string; asOf: IsoDate }
  | { ok: false; reason: string; rulesetVersion: string; asOf: IsoDate };

function matchOf(rule: PayerRule, key: PayerKey): RuleMatch | null {
  const indicator = key.filingIndicator.trim().toUpperCase();
  const byPayer = rule.match.payerIds.length > 0;
  const byIndicator = rule.match.filingIndicators.length > 0;
  if (byPayer && (key.payerId === undefined || !rule.match.payerIds.includes(key.payerId.trim()))) return null;
  if (byIndicator && !rule.match.filingIndicators.map((f) => f.toUpperCase()).includes(indicator)) return null;
  const byState = rule.match.states.length > 0;
  if (byState && (key.state === undefined || !rule.match.states.includes(key.state.trim().toUpperCase()))) return null;
  if (byPayer && byIndicator) return 'payer_id_and_filing_indicator';
  if (byPayer) return 'payer_id';
  if (byState && byIndicator) return 'state_and_filing_indicator';
  if (byIndicator) return 'filing_indicator';
  return rule.match.fallback ? 'fallback' : null;
}

const SPECIFICITY: Readonly<Record<RuleMatch, number>> = {
  payer_id_and_filing_indicator: 4,
  payer_id: 3,
  state_and_filing_indicator: 2,
  filing_indicator: 1,
  fallback: 0,
};

/**
 * The rule in force on `asOf` for this payer: payer id beats state + filing indicator beats filing
 * indicator beats the fallback. A state's Medicaid rule applies when the caller names the state (the
 * practice state) or lists the state agency's payer ids in the rule; otherwise the conservative
 * `medicaid-default` does.
 * When the most specific matching rule has no version in force on that date, the selection fails
 * rather than silently using a less specific rule.
 */
export function selectPayerRule(set: PayerRuleSet, key: PayerKey, asOf: IsoDate): PayerRuleSelection {
  const candidates = set.rules
    .map((rule) => ({ rule, matchedBy: matchOf(rule, key) }))
    .filter((c): c is { rule: PayerRule; matchedBy: RuleMatch } => c.matchedBy !== null);
  if (candidates.length === 0) {
    return { ok: false, reason: `no payer rule matches filing indicator ${key.filingIndicator}`, rulesetVersion: set.version, asOf };
  }
  const best = Math.max(...candidates.map((c) => SPECIFICITY[c.matchedBy]));
  const top = candidates.filter((c) => SPECIFICITY[c.matchedBy] === best);
  const inForce = top.filter((c) => isEffectiveOn(c.rule, asOf)).sort((a, b) => a.rule.id.localeCompare(b.rule.id));
  const chosen = inForce[0];
  if (!chosen) {
    const ids = unique(top.map((c) => c.rule.id)).join(', ');
    return { ok: false, reason: `payer rule ${ids} has no version in force on ${asOf}`, rulesetVersion: set.version, asOf };
  }
  return { ok: true, rule: chosen.rule, matchedBy: chosen.matchedBy, rulesetVersion: set.version, asOf };
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

export function appealLevelRule(rule: PayerRule, level: number): AppealLevelRule | undefined {
  return rule.appealLadder.find((l) => l.level === level);
}
