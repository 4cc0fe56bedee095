/**
 * Money an 835 took back or added without a denial showing it, as the ledger keeps it (issue #16, item 4):
 * one entry per reversal, negative payment or PLB adjustment, filed under its payer and remittance week,
 * linked to the denial it takes money from where the 835 names the claim. Idempotent on its key, so the
 * same remittance ingested twice counts once. PHI-free: the claim is named by its workflow id only.
 */
import { z } from 'zod';
import { IsoDateSchema } from '../policy/dates';
import { SILENT_MONEY_KINDS } from '../remittance/silent-money';

export const SilentMoneyEntrySchema = z.object({
  /** The remittance's key (as its volume's) and the item's place among the set's items. */
  entryKey: z.string().min(1).max(300),
  payerId: z.string(),
  /** BPR16, else the day intake read it. */
  remitDate: IsoDateSchema,
  /** The Monday of the remit date's week: what the dashboard and the weekly report sum by. */
  remitWeek: IsoDateSchema,
  kind: z.enum(SILENT_MONEY_KINDS),
  source: z.enum(['CLP', 'PLB']),
  /** PLB03-1, or CLP02-22 / CLP04<0. */
  reason: z.string().max(20),
  /** Taken from the provider; negative when added (interest, a balance applied). */
  cents: z.number().int(),
  /** The workflow id of the claim it concerns, where the 835 names one (its keyed hash, as intake makes it). */
  claimWorkflowId: z.string().optional(),
  recordedAt: z.string(),
});
export type SilentMoneyEntry = z.infer<typeof SilentMoneyEntrySchema>;

/** Dollars taken back and added per payer and week, as the dashboard shows them. */
export interface SilentMoneyWeek {
  week: string;
  payerId: string;
  takenCents: number;
  addedCents: number;
  items: number;
  /** Items that name a claim with a denial in the ledger. */
  linkedToDenials: number;
}
