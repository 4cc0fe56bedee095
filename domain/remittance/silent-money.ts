/**
 * Money an 835 takes back or adds without a denial showing it (issue #16, item 4): reversals (CLP02 22),
 * claims paid a negative amount, and provider-level adjustments (PLB: recoupments, forwarded balances,
 * interest, withholdings). Each becomes an item with its reason and, where the 835 says so, the claim it
 * concerns (PLB03-2, or the claim's own CLP07); each transaction set is then reconciled, so that every
 * dollar of its payment is explained: BPR02 = Σ CLP04 − Σ PLB04 (denials-domain.md §1.9).
 *
 * Sign: `cents` is what the item takes from the provider; negative when it adds (interest owed, a
 * balance applied from an earlier remit).
 */
import type { RemittanceContext, RemittanceReadEvent, SegmentPosition } from './model';

export const SILENT_MONEY_KINDS = ['reversal', 'negative_payment', 'recoupment', 'forwarding_balance', 'interest', 'withholding', 'refund', 'settlement', 'other_adjustment'] as const;
export type SilentMoneyKind = (typeof SILENT_MONEY_KINDS)[number];

/** PLB03-1 reason codes (X12 element 426), grouped by what they do to the provider's money. */
const PLB_REASONS: Readonly<Record<string, { kind: SilentMoneyKind; meaning: string }>> = {
  WO: { kind: 'recoupment', meaning: 'overpayment recovery' },
  WU: { kind: 'recoupment', meaning: 'unspecified recovery' },
  B3: { kind: 'recoupment', meaning: 'recovery allowance' },
  OB: { kind: 'recoupment', meaning: 'offset for affiliated providers' },
  FB: { kind: 'forwarding_balance', meaning: 'forwarding balance' },
  L6: { kind: 'interest', meaning: 'interest owed' },
  '50': { kind: 'interest', meaning: 'late charge' },
  '51': { kind: 'interest', meaning: 'interest penalty charge' },
  L3: { kind: 'interest', meaning: 'penalty' },
  IR: { kind: 'withholding', meaning: 'IRS withholding' },
  LE: { kind: 'withholding', meaning: 'levy' },
  E3: { kind: 'withholding', meaning: 'withholding' },
  SL: { kind: 'withholding', meaning: 'student loan repayment' },
  '72': { kind: 'refund', meaning: 'authorized return' },
  PI: { kind: 'settlement', meaning: 'periodic interim payment' },
  IS: { kind: 'settlement', meaning: 'interim settlement' },
  LS: { kind: 'settlement', meaning: 'lump sum' },
  PL: { kind: 'settlement', meaning: 'payment final' },
  AP: { kind: 'settlement', meaning: 'acceleration of benefits' },
  C5: { kind: 'settlement', meaning: 'temporary allowance' },
  RA: { kind: 'other_adjustment', meaning: 'retro-activity adjustment' },
  CS: { kind: 'other_adjustment', meaning: 'adjustment (payer-specific: read the reference)' },
  J1: { kind: 'other_adjustment', meaning: 'nonreimbursable' },
  TL: { kind: 'other_adjustment', meaning: 'third-party liability' },
  BD: { kind: 'other_adjustment', meaning: 'bad debt adjustment' },
  B2: { kind: 'other_adjustment', meaning: 'rebate' },
  CV: { kind: 'settlement', meaning: 'capital pass-through' },
  CW: { kind: 'settlement', meaning: 'certified registered nurse anesthetist pass-through' },
  DM: { kind: 'settlement', meaning: 'direct medical education pass-through' },
  GO: { kind: 'settlement', meaning: 'graduate medical education pass-through' },
  OA: { kind: 'settlement', meaning: 'organ acquisition pass-through' },
  RE: { kind: 'settlement', meaning: 'return on equity' },
  AM: { kind: 'settlement', meaning: 'capitation: applied to borrower’s account' },
  BN: { kind: 'settlement', meaning: 'capitation: bonus' },
  CR: { kind: 'settlement', meaning: 'capitation interest' },
  CT: { kind: 'settlement', meaning: 'capitation payment' },
  IP: { kind: 'settlement', meaning: 'incentive premium payment' },
  HM: { kind: 'settlement', meaning: 'hemophilia clotting factor supplement' },
  FC: { kind: 'settlement', meaning: 'fund allocation' },
  '90': { kind: 'settlement', meaning: 'early payment allowance' },
  AH: { kind: 'settlement', meaning: 'origination fee' },
};

export function plbReason(code: string): { kind: SilentMoneyKind; meaning: string } {
  return PLB_REASONS[code] ?? { kind: 'other_adjustment', meaning: `reason ${code || '(none)'} not in the code list` };
}

export interface SilentMoneyItem {
  kind: SilentMoneyKind;
  source: 'CLP' | 'PLB';
  /** PLB03-1, or 'CLP02-22' / 'CLP04<0' for a claim. */
  reason: string;
  meaning: string;
  /** Taken from the provider (negative: added). */
  cents: number;
  /** The payer's claim number it concerns (CLP07, or PLB03-2 where a payer puts the ICN there). */
  claimReference?: string;
  position: SegmentPosition;
  /** The remittance it came in (payer, payment date, trace): what the ledger files it under. */
  context: RemittanceContext;
}

export interface SilentMoneyAccount {
  /** ST02 of the transaction set. */
  controlNumber: string;
  /** BPR02, when the set has a readable one. */
  paymentCents?: number;
  claimPaymentsCents: number;
  providerAdjustmentsCents: number;
  items: SilentMoneyItem[];
  /** Σ items by kind (what each kind took; negative: added). */
  byKind: Partial<Record<SilentMoneyKind, number>>;
  /** BPR02 − (Σ CLP04 − Σ PLB04): 0 when the payment is fully explained; undefined where the reader could not check the balance. */
  unexplainedCents?: number;
}

/**
 * Accounts built one reader event at a time, so a file of any size is accounted for in one pass. The
 * set's sums and whether they could be checked are the reader's own (its set summary), so the accounting
 * and the reader's balance verdict never disagree.
 */
export class SilentMoneyAccounting {
  readonly accounts: SilentMoneyAccount[] = [];
  private items: SilentMoneyItem[] = [];

  observe(e: RemittanceReadEvent): void {
    if (e.kind === 'set-start') {
      this.items = [];
    } else if (e.kind === 'claim') {
      const c = e.claim;
      const reversal = c.status === '22';
      if (reversal || c.payment.cents < 0) {
        this.items.push({
          kind: reversal ? 'reversal' : 'negative_payment',
          source: 'CLP',
          reason: reversal ? 'CLP02-22' : 'CLP04<0',
          meaning: reversal ? 'the payer reversed an earlier adjudication of the claim' : 'the claim was paid a negative amount',
          cents: -c.payment.cents,
          ...(c.payerClaimControlNumber ? { claimReference: c.payerClaimControlNumber } : {}),
          position: c.position,
          context: e.context,
        });
      }
    } else if (e.kind === 'provider-adjustment') {
      for (const a of e.adjustment.adjustments) {
        const { kind, meaning } = plbReason(a.reason);
        this.items.push({ kind, source: 'PLB', reason: a.reason, meaning, cents: a.amount.cents, ...(a.reference ? { claimReference: a.reference } : {}), position: e.adjustment.position, context: e.context });
      }
    } else if (e.kind === 'set-end') {
      const byKind: Partial<Record<SilentMoneyKind, number>> = {};
      for (const i of this.items) byKind[i.kind] = (byKind[i.kind] ?? 0) + i.cents;
      const s = e.summary;
      this.accounts.push({
        controlNumber: e.controlNumber,
        ...(s.paymentCents !== undefined ? { paymentCents: s.paymentCents } : {}),
        claimPaymentsCents: s.claimPaymentsCents,
        providerAdjustmentsCents: s.providerAdjustmentsCents,
        items: this.items,
        byKind,
        ...(s.balanced !== undefined && s.paymentCents !== undefined ? { unexplainedCents: s.paymentCents - (s.claimPaymentsCents - s.providerAdjustmentsCents) } : {}),
      });
    }
  }
}

/** One account per transaction set, in file order, from the reader's events. */
export function accountSilentMoney(events: Iterable<RemittanceReadEvent>): SilentMoneyAccount[] {
  const accounting = new SilentMoneyAccounting();
  for (const e of events) accounting.observe(e);
  return accounting.accounts;
}
