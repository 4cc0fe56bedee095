import { z } from 'zod';
import { DenialCategorySchema, type DenialCategory } from './taxonomy';

/**
 * Priors for P(money recovered | category) when the category's natural work route is taken
 * (corrected claim for data errors, appeal for judgment disputes). Placeholders to calibrate from the
 * ledger's outcomes: the reference only gives aggregates (54–70% of private-payer denials eventually
 * overturned, Premier 2024/2025; 44% of ACA marketplace appeals won, KFF 2023; 63% of denials
 * recoverable, Change Healthcare 2017).
 */
export const DEFAULT_RECOVERY_PRIORS: Readonly<Record<DenialCategory, number>> = {
  medical_necessity: 0.45,
  coding: 0.8,
  bundling: 0.5,
  eligibility: 0.6,
  authorization: 0.4,
  place_of_service: 0.8,
  duplicate: 0.3,
  timely_filing: 0.35,
  coordination_of_benefits: 0.75,
  missing_information: 0.75,
  credentialing: 0.6,
  non_covered: 0.2,
  contractual: 0.1,
  pricing: 0.4,
  patient_responsibility: 0.5,
  other: 0.3,
};

const Probability = z.number().min(0).max(1);
const Money = z.number().nonnegative();

export const PolicyConfigSchema = z.object({
  version: z.string().min(1).default('policy-2026.05.1'),
  /** Classifications below this confidence need a human before any route is taken. */
  confidenceThreshold: Probability.default(0.75),
  /** Write-offs above this amount need a supervisor's approval. */
  writeOffApprovalThreshold: Money.default(250),
  /** Any route on an amount above this needs a human look. */
  highDollarReviewThreshold: Money.default(10_000),
  /** Work whose expected recovery is at or below this is not worth doing: write off instead. */
  minExpectedRecovery: z.number().default(0),
  /** Days left at or below which a deadline is urgent (and an unverified limit needs checking). */
  urgentDaysLeft: z.number().int().nonnegative().default(7),
  recoveryPriors: z
    .object({
      byCategory: z
        .partialRecord(DenialCategorySchema, Probability)
        .default({})
        .transform((overrides): Record<DenialCategory, number> => ({ ...DEFAULT_RECOVERY_PRIORS, ...overrides })),
      /** Keyed by payer id or payer class (e.g. 'medicare_ffs'); payer id wins. */
      byPayer: z.record(z.string(), z.partialRecord(DenialCategorySchema, Probability)).default({}),
    })
    .prefault({}),
  /** Probability that billing the next payer / the patient collects the amount. */
  collectionRates: z
    .object({
      nextPayer: Probability.default(0.8),
      patient: Probability.default(0.5),
    })
    .prefault({}),
  /**
   * Cost of the work per route, in dollars. Defaults from the reference's benchmarks: ~$25 to rework a
   * claim in a practice (MGMA), $43.84–$57.23 per appealed claim (Premier); later appeal levels cost
   * more (hearings, counsel) and are placeholders.
   */
  workCosts: z
    .object({
      correctedClaim: Money.default(25),
      reopening: Money.default(25),
      reconsideration: Money.default(45),
      /** Index 0 = level 1; levels beyond the list use the last value. */
      appealByLevel: z.array(Money).min(1).default([60, 120, 400, 400, 1500]),
      billNextPayer: Money.default(10),
      billPatient: Money.default(8),
    })
    .prefault({}),
  /**
   * A person's minutes of work per route, for ranking work by expected recovery per hour (the worklist's
   * best next). The keys mirror `workCosts`; `closing` is a route that only needs a confirmation or an
   * approval (write-off, posting, waiting, a window check). The defaults are estimates, not published
   * figures: the published benchmarks price rework in dollars, not minutes. Set them from the practice's
   * own time study.
   */
  workMinutes: z
    .object({
      correctedClaim: z.number().positive().default(20),
      reopening: z.number().positive().default(20),
      reconsideration: z.number().positive().default(40),
      appealByLevel: z.array(z.number().positive()).min(1).default([60, 120, 240, 240, 480]),
      billNextPayer: z.number().positive().default(10),
      billPatient: z.number().positive().default(10),
      closing: z.number().positive().default(5),
    })
    .prefault({}),
  reminders: z
    .object({
      /** Reminders at T-n days before a deadline. */
      offsetsDays: z.array(z.number().int().positive()).min(1).default([30, 14, 7, 2]),
      /** Escalate to a supervisor at T-n when the filing is not submitted. */
      escalationOffsetDays: z.number().int().nonnegative().default(7),
    })
    .prefault({}),
});

export type PolicyConfig = z.output<typeof PolicyConfigSchema>;
export type PolicyConfigInput = z.input<typeof PolicyConfigSchema>;

export function resolvePolicyConfig(overrides: PolicyConfigInput = {}): PolicyConfig {
  return PolicyConfigSchema.parse(overrides);
}

export const DEFAULT_POLICY_CONFIG: PolicyConfig = resolvePolicyConfig();
