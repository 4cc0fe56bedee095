import { z } from 'zod';
import { IsoDateSchema, daysBetween, type IsoDate } from './dates';
import type { FilingDeadline } from './deadlines';

/**
 * Where a denial goes next. A discriminated union, so a workflow (or a person overriding the
 * policy) can only state a route with the data it needs.
 */
export const ClaimFrequencySchema = z.enum([
  /** New original claim: the payer returned the claim as unprocessable, so there is no ICN to replace. */
  '1',
  /** Replacement of the prior claim (REF*F8 = payer claim control number, all lines resent). */
  '7',
  /** Void/cancel of the prior claim. */
  '8',
]);
export type ClaimFrequency = z.infer<typeof ClaimFrequencySchema>;

/** The filing windows a route depends on: the deadline kinds (DeadlineKind) a person can check with the payer. */
export const VerifiableWindowSchema = z.enum(['timely_filing', 'corrected_claim', 'reopening', 'appeal', 'secondary_claim', 'payment_dispute']);
export type VerifiableWindow = z.infer<typeof VerifiableWindowSchema>;

const WINDOW_LABEL: Readonly<Record<VerifiableWindow, string>> = {
  timely_filing: 'claim filing',
  corrected_claim: 'corrected-claim',
  reopening: 'reopening',
  appeal: 'appeal',
  secondary_claim: 'next-payer filing',
  payment_dispute: 'payment-dispute',
};
/**
 * How an underpayment (a line allowed below the contract or fee schedule) is disputed, by payer class:
 * the contract's payment-dispute process (commercial, Medicaid plans, contracted MA), a reopening of the
 * misapplied fee schedule (Medicare FFS: 42 CFR 405.980), or the plan's payment-dispute process for a
 * non-contracted provider (Medicare Advantage: 42 CFR 422.214, then CMS's Payment Dispute Resolution
 * contractor).
 */
export const PaymentDisputeProcessSchema = z.enum(['contract_payment_dispute', 'fee_schedule_reopening', 'ma_noncontracted_payment_dispute']);
export type PaymentDisputeProcess = z.infer<typeof PaymentDisputeProcessSchema>;

const AppealLevelRef = {
  appealLevel: z.number().int().min(1),
  levelName: z.string().min(1),
};

export const RouteSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('corrected_claim'), claimFrequency: ClaimFrequencySchema }),
  z.object({ kind: z.literal('reopening') }),
  z.object({ kind: z.literal('reconsideration'), ...AppealLevelRef }),
  z.object({ kind: z.literal('appeal'), ...AppealLevelRef }),
  z.object({ kind: z.literal('bill_next_payer') }),
  z.object({ kind: z.literal('bill_patient') }),
  z.object({ kind: z.literal('write_off'), approvalRequired: z.boolean() }),
  z.object({ kind: z.literal('post_only') }),
  /** Recover a shortfall against the contracted rate or fee schedule. */
  z.object({ kind: z.literal('payment_dispute'), process: PaymentDisputeProcessSchema }),
  /** Nothing to file: pending line, automatic reprocessing, or a level the payer forwards itself. */
  z.object({ kind: z.literal('await_payer'), appealLevel: z.number().int().min(1).optional() }),
  /**
   * The window the route needs comes from an unverified limit and has passed by the rules: a person
   * confirms the real window with the payer or the contract, then chooses the route it allows (or a
   * write-off when it is really closed). Never decided automatically.
   */
  z.object({
    kind: z.literal('verify_window'),
    window: VerifiableWindowSchema,
    /** The last day by the unverified limit. */
    unverifiedDueDate: IsoDateSchema,
    appealLevel: z.number().int().min(1).optional(),
  }),
]);
export type Route = z.infer<typeof RouteSchema>;
export type RouteKind = Route['kind'];

/** Routes that cost work and are only worth doing when the expected recovery covers the cost. */
export const WORK_ROUTES: readonly RouteKind[] = ['corrected_claim', 'reopening', 'reconsideration', 'appeal', 'payment_dispute'];

export const PAYMENT_DISPUTE_PROCESS_LABEL: Readonly<Record<PaymentDisputeProcess, string>> = {
  contract_payment_dispute: 'payment dispute under the contract',
  fee_schedule_reopening: 'reopening of a misapplied fee schedule',
  ma_noncontracted_payment_dispute: "the plan's payment dispute process (non-contracted provider)",
};

export function describeRoute(route: Route): string {
  switch (route.kind) {
    case 'corrected_claim':
      return route.claimFrequency === '1'
        ? 'new original claim (frequency 1)'
        : route.claimFrequency === '7'
          ? 'corrected claim (frequency 7 replacement)'
          : 'void of the prior claim (frequency 8)';
    case 'reopening':
      return 'reopening';
    case 'reconsideration':
    case 'appeal':
      return `${route.kind} level ${route.appealLevel} (${route.levelName})`;
    case 'bill_next_payer':
      return 'bill the next payer';
    case 'bill_patient':
      return 'bill the patient';
    case 'write_off':
      return route.approvalRequired ? 'write off (supervisor approval required)' : 'write off';
    case 'post_only':
      return 'post only';
    case 'payment_dispute':
      return `underpayment: ${PAYMENT_DISPUTE_PROCESS_LABEL[route.process]}`;
    case 'await_payer':
      return route.appealLevel ? `await the payer (level ${route.appealLevel} is forwarded automatically)` : 'await the payer';
    case 'verify_window':
      return (
        `check the ${WINDOW_LABEL[route.window]}${route.appealLevel ? ` (level ${route.appealLevel})` : ''} window with the payer ` +
        `(by an unverified limit it ended ${route.unverifiedDueDate})`
      );
  }
}

/** What a person found when checking a window with the payer: its real last day, and who said so. */
export interface WindowConfirmation {
  dueDate: IsoDate;
  by: string;
  reason: string;
}

/**
 * The deadline of the route a person chose after checking a window (`verify_window`): the confirmed last
 * day replaces an unverified limit's, so the deadline cascade runs against what the payer said and not
 * against the limit that was in doubt. A verified limit stands: a phone call does not move a regulation.
 */
export function withConfirmedWindow(deadline: FilingDeadline | null, confirmed: WindowConfirmation): FilingDeadline | null {
  if (!deadline || !deadline.verify) return deadline;
  const moved = daysBetween(deadline.dueDate, confirmed.dueDate);
  return {
    ...deadline,
    dueDate: confirmed.dueDate,
    verify: false,
    source: `confirmed with the payer by ${confirmed.by}: ${confirmed.reason}`,
    ...(deadline.daysLeft !== undefined ? { daysLeft: deadline.daysLeft + moved } : {}),
    description: `${deadline.description.replace(/ \(unverified limit\)$/, '')}; window confirmed with the payer by ${confirmed.by}: last day ${confirmed.dueDate}`,
  };
}
