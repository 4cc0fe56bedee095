/** What one ingestion run reports: the same shape from the CLI, the inbox folder and the HTTP API. */
import { z } from 'zod';

/**
 * What happened to one claim: started a denial workflow, signaled an existing one, was a duplicate of
 * an event already delivered, was a payment for a claim with no denial workflow (not tracked), was
 * quarantined as malformed, or found its workflow already closed (reported, not delivered). A submitted
 * claim of an 837 was stored, or was already known (the same claim stored before).
 */
export const Delivery = z.enum(['started', 'signaled', 'duplicate', 'not-tracked', 'quarantined', 'dry-run', 'not-a-denial', 'closed', 'reopened', 'stored', 'already-known']);
export type Delivery = z.infer<typeof Delivery>;

/**
 * One claim of the file. For an 837 (outcome `submitted`): `clp01` holds CLM01, `status` the claim
 * frequency (CLM05-3), `claimId` the stored claim's id.
 */
export const ClaimLine = z.object({
  clp01: z.string(),
  payerClaimControlNumber: z.string().optional(),
  status: z.string(),
  charge: z.string(),
  paid: z.string(),
  outcome: z.enum(['denial', 'reversal', 'payment', 'not-final', 'submitted']),
  denial: z.boolean(),
  why: z.array(z.object({ code: z.string(), message: z.string() })),
  amountAtRisk: z.string(),
  adjustments: z.array(
    z.object({ level: z.enum(['claim', 'line']), line: z.number().optional(), group: z.string(), reason: z.string(), amount: z.string() }),
  ),
  workflowId: z.string().optional(),
  claimId: z.string().optional(),
  delivery: Delivery,
  position: z.object({ set: z.string().optional(), segment: z.number() }),
});
export type ClaimLine = z.infer<typeof ClaimLine>;

/**
 * One answer of a claim status file (277, 277CA, 999) and what became of it: signaled to its denial (or a
 * duplicate of an answer delivered before, or its denial closed), or why it reached none. Codes, their
 * meanings, workflow ids and positions only: never a patient control number, member id or name.
 */
export const StatusAnswerLine = z.object({
  source: z.enum(['277', '277CA', '999']),
  classification: z.string(),
  categoryCode: z.string(),
  statusCode: z.string().optional(),
  explanation: z.string(),
  /** `refused`: its denial was found, but the answer does not make a valid ClaimStatusReport (counted as an error). */
  delivery: z.enum(['signaled', 'duplicate', 'closed', 'unmatched', 'ambiguous', 'refused', 'dry-run']),
  workflowId: z.string().optional(),
  /** How the denial was found: the 276's trace number, payer + patient control number, or the sent file's control number. */
  matchedBy: z.enum(['trace-number', 'patient-control-number', 'control-number']).optional(),
  /** Why no denial got it (unmatched, ambiguous or refused), without the identifiers it was looked up by. */
  reason: z.string().optional(),
  /** Denials that share the answer's match key, when more than one (ambiguous). */
  candidates: z.number().optional(),
  position: z.object({ set: z.string().optional(), segment: z.number() }),
});
export type StatusAnswerLine = z.infer<typeof StatusAnswerLine>;

export const ReportFinding = z.object({
  severity: z.string(),
  code: z.string(),
  message: z.string(),
  position: z.object({
    file: z.string(),
    interchange: z.string().optional(),
    set: z.string().optional(),
    segment: z.number(),
    segmentId: z.string(),
  }),
});
export type ReportFinding = z.infer<typeof ReportFinding>;

export const Totals = z.object({
  claims: z.number(),
  denials: z.number(),
  started: z.number(),
  signaled: z.number(),
  duplicates: z.number(),
  notTracked: z.number(),
  closed: z.number(),
  /** Recovered denials reopened for review because the payer took money back (absent in reports saved before). */
  reopened: z.number().default(0),
  /** 837: claims stored, and claims the store already had (absent in reports saved before). */
  stored: z.number().default(0),
  alreadyKnown: z.number().default(0),
  /** 277/277CA/999: answers read, and those that reached no denial or more than one (absent in reports saved before). */
  answers: z.number().default(0),
  unmatched: z.number().default(0),
  ambiguous: z.number().default(0),
  quarantined: z.number(),
  skippedSets: z.number(),
  warnings: z.number(),
  errors: z.number(),
  claimsTotalCharge: z.string(),
  deniedAmountAtRisk: z.string(),
});
export type Totals = z.infer<typeof Totals>;

/**
 * Money the file takes back or adds without a denial showing it (domain/remittance/silent-money.ts):
 * reversals, negative payments and PLB adjustments, with the claim each names where the 835 says so.
 * Amounts are what was taken from the provider; negative ones were added (interest, a balance applied).
 */
export const SilentMoneyReport = z.object({
  takenBack: z.string(),
  added: z.string(),
  byKind: z.record(z.string(), z.string()),
  items: z.array(
    z.object({
      set: z.string(),
      kind: z.string(),
      source: z.enum(['CLP', 'PLB']),
      reason: z.string(),
      meaning: z.string(),
      amount: z.string(),
      claimReference: z.string().optional(),
      segment: z.number(),
    }),
  ),
  itemsOmitted: z.number(),
  /** Sets whose BPR02 is not Σ CLP04 − Σ PLB04: money the 835 does not explain. */
  unexplained: z.array(z.object({ set: z.string(), amount: z.string() })),
});
export type SilentMoneyReport = z.infer<typeof SilentMoneyReport>;

export const IngestReport = z.object({
  reportId: z.string(),
  file: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  receivedAt: z.string(),
  finishedAt: z.string(),
  /** `clearinghouse`: fetched from the clearinghouse connector's inbound files by the inbox's poll. */
  via: z.enum(['cli', 'inbox', 'http', 'clearinghouse']),
  /**
   * What the file held: 835 remittances, the practice's own 837 claims, or claim status answers (277,
   * 277CA, 999) for the denials (absent in reports saved before: 835).
   */
  transaction: z.enum(['835', '837', '277', '277CA', '999']).optional(),
  dryRun: z.boolean(),
  verdict: z.enum(['accepted', 'rejected']),
  /** true when every claim event of this file had been delivered before: the run changed nothing */
  alreadyIngested: z.boolean(),
  totals: Totals,
  findings: z.array(ReportFinding),
  findingsOmitted: z.number(),
  /** Absent in reports saved before it existed. */
  silentMoney: SilentMoneyReport.optional(),
  claims: z.array(ClaimLine),
  /** The answers of a claim status file, in file order (absent for 835s and 837s). */
  answers: z.array(StatusAnswerLine).optional(),
});
export type IngestReport = z.infer<typeof IngestReport>;

export function emptyTotals(): Totals {
  return {
    claims: 0,
    denials: 0,
    started: 0,
    signaled: 0,
    duplicates: 0,
    notTracked: 0,
    closed: 0,
    reopened: 0,
    stored: 0,
    alreadyKnown: 0,
    answers: 0,
    unmatched: 0,
    ambiguous: 0,
    quarantined: 0,
    skippedSets: 0,
    warnings: 0,
    errors: 0,
    claimsTotalCharge: '0.00',
    deniedAmountAtRisk: '0.00',
  };
}

/** A claim status file: 277, 277CA or 999. */
export const isStatusReport = (r: Pick<IngestReport, 'transaction'>) => r.transaction === '277' || r.transaction === '277CA' || r.transaction === '999';

/** What a run did, for a log line: denials delivered for an 835, claims stored for an 837, answers signaled for a status file (ids and counts only). */
export function deliveryCounts(r: Pick<IngestReport, 'transaction' | 'totals'>): string {
  const t = r.totals;
  if (r.transaction === '837') return `${t.stored} claims stored, ${t.alreadyKnown} already known`;
  if (isStatusReport(r)) return `${t.answers} answers: ${t.signaled} signaled, ${t.duplicates} duplicates, ${t.closed} closed, ${t.unmatched} unmatched, ${t.ambiguous} ambiguous`;
  return `${t.started} started, ${t.signaled} signaled, ${t.duplicates} duplicates`;
}
