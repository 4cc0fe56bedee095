/**
 * A recovered denial the payer takes money back from (a reversal, CLP02 22, or a negative payment, after its
 * workflow closed) is reopened for review: a new run of the same workflow that continues the closed run's
 * ledger after its last entry and keeps the classification that run recorded. The recoupment's own lines
 * say nothing about why the claim was denied, so the new run does not classify them: a supervisor reviews
 * the recoupment and chooses the route (dispute it, appeal, or accept the loss).
 */
import { z } from 'zod';
import { DenialCategorySchema, OwnerTeamSchema, RootCauseSchema } from '../policy/taxonomy';
import type { DenialFacts } from '../kpis/denial-facts';
import { unassessedCase } from './unassessed';
import type { CaseAssessment } from './assess';

const Cents = z.number().int().nonnegative();

export const ReopeningSchema = z.strictObject({
  /** The closed run's last ledger entry: the new run numbers its entries after it. */
  afterSeq: z.number().int().nonnegative(),
  /** What the closed run had recovered, before the payer took money back. */
  recoveredCents: Cents,
  resolution: z.enum(['recovered', 'partially_recovered']),
  appealLevel: z.number().int().nonnegative(),
  /** The claim's charge, for a recoupment that does not restate it (a PLB); absent in runs reopened before. */
  chargeCents: z.number().int().optional(),
  classification: z.strictObject({
    category: DenialCategorySchema,
    rootCause: RootCauseSchema,
    ownerTeam: OwnerTeamSchema,
    preventable: z.boolean(),
  }),
});
export type Reopening = z.infer<typeof ReopeningSchema>;

/**
 * The reopening of a closed denial, from its ledger facts; null where there is nothing to reopen (the denial
 * is open, or was closed without money recovered: a reversal then takes back nothing the denial won).
 */
export function reopeningOf(facts: DenialFacts | undefined): Reopening | null {
  if (!facts || facts.stage !== 'resolved' || facts.recoveredCents <= 0) return null;
  if (facts.resolution !== 'recovered' && facts.resolution !== 'partially_recovered') return null;
  const category = DenialCategorySchema.safeParse(facts.category);
  const rootCause = RootCauseSchema.safeParse(facts.rootCause);
  const ownerTeam = OwnerTeamSchema.safeParse(facts.ownerTeam);
  return {
    afterSeq: facts.lastSeq,
    recoveredCents: facts.recoveredCents,
    resolution: facts.resolution,
    appealLevel: Math.max(0, facts.appealLevel),
    chargeCents: facts.chargeCents,
    classification: {
      category: category.success ? category.data : 'other',
      rootCause: rootCause.success ? rootCause.data : 'unknown',
      ownerTeam: ownerTeam.success ? ownerTeam.data : 'ar_follow_up',
      preventable: facts.preventable,
    },
  };
}

/** Why a reopened denial waits for a supervisor, in the words its task shows. */
export function reopenedProblem(r: Reopening, recoupedCents: number): string {
  const money = (cents: number) => (cents / 100).toFixed(2);
  return (
    `Reopened: the payer took back ${money(recoupedCents)} of the ${money(r.recoveredCents)} recovered. ` +
    'Review the recoupment, then dispute or appeal it (override with the route) or accept it (override with a write-off).'
  );
}

/**
 * The reopened run's assessment: the classification the closed run recorded, and no route of its own (a
 * supervisor chooses it); no deadline is assumed, as for any case the rules did not judge.
 */
export function reopenedAssessment(r: Reopening, recoupedCents: number): CaseAssessment {
  const why = reopenedProblem(r, recoupedCents);
  const base = unassessedCase(why);
  return {
    ...base,
    classification: {
      primary: { code: 'recoupment', ...r.classification, ruleId: 'REOPENED', explanation: why, confidence: 1 },
      needsHumanClassification: false,
      secondary: [],
    },
    decision: { ...base.decision, ruleIds: ['REOPENED'] },
  };
}
