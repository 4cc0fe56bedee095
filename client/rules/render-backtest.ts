/** The readable backtest report: totals, per payer and category, the changed denials, then the flags. */
import type { BacktestReport, CaseChange, Flag } from './backtest';

const money = (n: number) => `${n < 0 ? '-' : ''}$${Math.abs(n).toFixed(2)}`;
const cents = (c: number) => money(c / 100);
const signed = (n: number) => `${n > 0 ? '+' : ''}${money(n)}`;
const CASES_SHOWN = 50;

function shift(c: CaseChange): string {
  if (!c.current.deadline && !c.candidate.deadline) return 'no deadline';
  if (!c.current.deadline || !c.candidate.deadline) return `${c.current.deadline?.dueDate ?? 'none'} → ${c.candidate.deadline?.dueDate ?? 'none'}`;
  const d = c.deadlineShiftDays ?? 0;
  const how = d === 0 ? 'same day' : d < 0 ? `${-d} days earlier` : `${d} days later`;
  return `${c.current.deadline.dueDate} → ${c.candidate.deadline.dueDate} (${how})`;
}

export function describeFlag(f: Flag): string {
  return f.code === 'DEADLINE_LATER_THAN_SOURCE'
    ? `DEADLINE_LATER_THAN_SOURCE ${f.limit} due ${f.candidateDue}, ${f.daysLater} days after the verified ${f.source} (${f.currentDue}) for ${f.route}`
    : `MOVED_TO_WRITE_OFF ${f.from} → ${f.to}`;
}

export function renderBacktest(r: BacktestReport): string {
  const t = r.totals;
  const window = r.window.from || r.window.to ? ` remitted ${r.window.from ?? 'any time'} to ${r.window.to ?? 'today'}` : '';
  const lines = [
    `Backtest of ${r.candidate.label} (payer rules ${r.candidate.payerRules}, policy ${r.candidate.policy})`,
    `  against current payer rules ${r.current.payerRules}, policy ${r.current.policy}; ${r.replayed} denials from the ${r.source === 'ledger' ? 'ledger' : '835 files'}${window}`,
    '',
    `Changed         ${t.changed} of ${t.cases} denials: ${t.routeChanged} route, ${t.levelChanged} appeal level, ${t.deadlinesEarlier} deadlines earlier, ${t.deadlinesLater} later`,
    `Dollars affected ${cents(t.dollarsAffectedCents)} at risk; expected recovery ${signed(t.expectedRecoveryDelta)}`,
    `Flags           ${r.flags === 0 ? 'none' : `${r.flags} on ${t.flagged} denials (exit 3)`}`,
  ];
  if (r.summary.length > 0) {
    lines.push('', 'By payer and category');
    lines.push(`  ${'payer'.padEnd(14)} ${'category'.padEnd(24)} ${'changed'.padStart(9)} ${'route'.padStart(5)} ${'earlier'.padStart(7)} ${'later'.padStart(5)} ${'flagged'.padStart(7)} ${'at risk'.padStart(12)} ${'recovery'.padStart(11)}`);
    for (const g of r.summary) {
      lines.push(
        `  ${g.payerId.padEnd(14)} ${g.category.padEnd(24)} ${`${g.changed}/${g.cases}`.padStart(9)} ${String(g.routeChanged).padStart(5)} ${String(g.deadlinesEarlier).padStart(7)} ${String(g.deadlinesLater).padStart(5)} ${String(g.flagged).padStart(7)} ${cents(g.dollarsAffectedCents).padStart(12)} ${signed(g.expectedRecoveryDelta).padStart(11)}`,
      );
    }
  }
  if (r.changes.length > 0) {
    lines.push('', 'Changed denials');
    for (const c of r.changes.slice(0, CASES_SHOWN)) {
      lines.push(`  ${c.id}  ${c.payerId} ${c.category}, ${cents(c.atRiskCents)} at risk`);
      if (c.changed.includes('route') || c.changed.includes('appeal_level')) lines.push(`    route     ${c.current.route} → ${c.candidate.route}`);
      else lines.push(`    route     ${c.current.route}`);
      lines.push(`    deadline  ${shift(c)}`);
      if (c.changed.includes('expected_recovery')) lines.push(`    recovery  ${money(c.current.expectedRecovery)} → ${money(c.candidate.expectedRecovery)}`);
      for (const f of c.flags) lines.push(`    FLAG      ${describeFlag(f)}`);
    }
    if (r.changes.length > CASES_SHOWN) lines.push(`  … and ${r.changes.length - CASES_SHOWN} more (--json lists all)`);
  }
  if (r.failed.length > 0) {
    lines.push('', `Not replayed (${r.failed.length})`);
    for (const f of r.failed.slice(0, 20)) lines.push(`  ${f.id}: ${f.error}`);
  }
  if (r.notes.length > 0) lines.push('', ...r.notes.map((n) => `Note: ${n}`));
  return lines.join('\n');
}
