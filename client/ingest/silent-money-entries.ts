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
import type { SilentMoneyAccount } from '../../domain/remittance/silent-money';
import { denialWorkflowId } from './claim-keys';

/** One remittance among all files: its payer and trace number (or, without a trace, the file and the set). */
export function remittanceKeyOf(payerId: string, context: RemittanceContext, fileSha: string): string {
  return `${payerId}:${context.trace?.traceNumber || `${fileSha.slice(0, 16)}:${context.transaction.controlNumber}`}`;
}

export function silentMoneyEntries(accounts: readonly SilentMoneyAccount[], fileSha: string, claimIdKey: Buffer, recordedAt: string): SilentMoneyEntry[] {
  const entries: SilentMoneyEntry[] = [];
  for (const account of accounts) {
    account.items.forEach((item, n) => {
      const { payerId } = payerIdOf(item.context);
      const remitDate = isoDate(item.context.payment?.date) ?? recordedAt.slice(0, 10);
      const claim = item.claimReference ? claimIdentityOfPayerNumber(item.claimReference, item.context) : undefined;
      entries.push({
        entryKey: `${remittanceKeyOf(payerId, item.context, fileSha)}#${n + 1}`,
        payerId,
        remitDate,
        remitWeek: weekOf(remitDate),
        kind: item.kind,
        source: item.source,
        reason: item.reason.slice(0, 20),
        cents: item.cents,
        ...(claim ? { claimWorkflowId: denialWorkflowId(claim, claimIdKey) } : {}),
        recordedAt,
      });
    });
  }
  return entries;
}
