/**
 * A file's silent money as ledger entries: each item filed under its payer, remittance and week, keyed by
 * its place in its remittance (so the same remittance ingested again adds nothing), and linked by workflow
 * id to the claim it names.
 */
import type { SilentMoneyEntry } from '../../domain/kpis/silent-money-entry';
import { weekOf } from '../../domain/policy/dates';
import { isoDate } from '../../domain/remittance/dates';
import { claimIdentityOfPayerNumber, payerIdOf } from '../../domain/remittance/identity';
import type { RemittanceContext } from '../../domain/remittance/model';
import type { SilentMoneyAccount, SilentMoneyItem } from '../../domain/remittance/silent-money';
import { createHash } from 'node:crypto';
import { denialWorkflowId } from './claim-keys';

/** One remittance among all files: its payer and trace number (or, without a trace, the file and the set). */
export function remittanceKeyOf(payerId: string, context: RemittanceContext, fileSha: string): string {
  return `${payerId}:${context.trace?.traceNumber || `${fileSha.slice(0, 16)}:${context.transaction.controlNumber}`}`;
}

/** Each item with its key among all files and the workflow id of the claim it names, if it names one. */
function* keyedItems(accounts: readonly SilentMoneyAccount[], fileSha: string, claimIdKey: Buffer) {
  for (const account of accounts) {
    for (const [n, item] of account.items.entries()) {
      const { payerId } = payerIdOf(item.context);
      const claim = item.claimReference ? claimIdentityOfPayerNumber(item.claimReference, item.context) : undefined;
      yield { item, payerId, entryKey: `${remittanceKeyOf(payerId, item.context, fileSha)}#${n + 1}`, claimWorkflowId: claim ? denialWorkflowId(claim, claimIdKey) : undefined };
    }
  }
}

export function silentMoneyEntries(accounts: readonly SilentMoneyAccount[], fileSha: string, claimIdKey: Buffer, recordedAt: string): SilentMoneyEntry[] {
  const entries: SilentMoneyEntry[] = [];
  for (const { item, payerId, entryKey, claimWorkflowId } of keyedItems(accounts, fileSha, claimIdKey)) {
    const remitDate = isoDate(item.context.payment?.date) ?? recordedAt.slice(0, 10);
    entries.push({
      entryKey,
      payerId,
      remitDate,
      remitWeek: weekOf(remitDate),
      kind: item.kind,
      source: item.source,
      reason: item.reason.slice(0, 20),
      cents: item.cents,
      ...(claimWorkflowId ? { claimWorkflowId } : {}),
      recordedAt,
    });
  }
  return entries;
}

/**
 * Provider-level recoupments (PLB) that name a claim: money taken back from it without a claim line, which
 * reopens the claim's denial if it had been recovered. Claim-level ones (CLP) reach the claim's workflow as
 * its remittance. The event key is the item's, so the same remittance again reopens nothing.
 */
export function claimRecoupments(accounts: readonly SilentMoneyAccount[], fileSha: string, claimIdKey: Buffer): { item: SilentMoneyItem; payerId: string; workflowId: string; eventKey: string }[] {
  const found = [];
  for (const { item, payerId, entryKey, claimWorkflowId } of keyedItems(accounts, fileSha, claimIdKey)) {
    if (item.source === 'PLB' && item.kind === 'recoupment' && item.cents > 0 && claimWorkflowId) {
      found.push({ item, payerId, workflowId: claimWorkflowId, eventKey: createHash('sha256').update(`plb\0${entryKey}`).digest('hex') });
    }
  }
  return found;
}
