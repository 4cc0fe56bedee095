/** The report's silent-money section from the file's accounts: totals exact, items listed up to a cap. */
import { formatCents } from '../../domain/remittance/money';
import type { SilentMoneyAccount } from '../../domain/remittance/silent-money';
import type { SilentMoneyReport } from './report';

/** Items listed in a report; the rest are counted in itemsOmitted (totals always count every one). */
const MAX_ITEMS = 1000;

export function silentMoneyReport(accounts: readonly SilentMoneyAccount[]): SilentMoneyReport {
  let taken = 0;
  let added = 0;
  const byKind = new Map<string, number>();
  const items: SilentMoneyReport['items'] = [];
  let itemsOmitted = 0;
  for (const a of accounts) {
    for (const i of a.items) {
      if (i.cents > 0) taken += i.cents;
      else added -= i.cents;
      byKind.set(i.kind, (byKind.get(i.kind) ?? 0) + i.cents);
      if (items.length >= MAX_ITEMS) {
        itemsOmitted++;
        continue;
      }
      items.push({
        set: a.controlNumber,
        kind: i.kind,
        source: i.source,
        reason: i.reason,
        meaning: i.meaning,
        amount: formatCents(i.cents),
        ...(i.claimReference ? { claimReference: i.claimReference } : {}),
        segment: i.position.segment,
      });
    }
  }
  return {
    takenBack: formatCents(taken),
    added: formatCents(added),
    byKind: Object.fromEntries([...byKind].map(([k, c]) => [k, formatCents(c)])),
    items,
    itemsOmitted,
    unexplained: accounts.filter((a) => a.unexplainedCents).map((a) => ({ set: a.controlNumber, amount: formatCents(a.unexplainedCents!) })),
  };
}
