/**
 * The payer-behaviour change test of one week over the ledger: that week's denials per payer and code
 * against the payer's earlier weeks (domain/kpis/payer-shift.ts), with the claims each payer adjudicated
 * from the remittance volumes.
 */
import { DEFAULT_SHIFT_TEST, shiftCellsOfWeek, testPayerShifts, type ClaimWeek, type ShiftFinding, type ShiftTestOptions } from '../../domain/kpis/payer-shift';
import { addDays, weekOf } from '../../domain/policy/dates';
import type { LedgerStore } from './ledger-store';

/** Earlier weeks a week is compared with: a quarter, long enough for a stable rate, short enough to follow contract changes. */
export const BASELINE_WEEKS = 12;

export interface PayerShiftWeek {
  /** The Monday of the week tested. */
  week: string;
  baselineWeeks: number;
  /** Every cell tested, most significant first; `alert` marks those that pass the false discovery control. */
  findings: ShiftFinding[];
}

export async function payerShiftsOfWeek(ledger: Pick<LedgerStore, 'deniedCodeWeeks' | 'remittanceVolumes'>, day: string, opts: ShiftTestOptions = DEFAULT_SHIFT_TEST, baselineWeeks = BASELINE_WEEKS): Promise<PayerShiftWeek> {
  const week = weekOf(day);
  const from = addDays(week, -7 * baselineWeeks);
  const [codes, volumes] = await Promise.all([ledger.deniedCodeWeeks({ from, to: week }), ledger.remittanceVolumes({ from, to: addDays(week, 6) })]);
  const claims = new Map<string, ClaimWeek>();
  for (const v of volumes) {
    const w = weekOf(v.remitDate);
    const key = `${w}\0${v.payerId}`;
    const c = claims.get(key) ?? { week: w, payerId: v.payerId, claims: 0 };
    c.claims += v.claims;
    claims.set(key, c);
  }
  return { week, baselineWeeks, findings: testPayerShifts(shiftCellsOfWeek(week, codes, [...claims.values()]), opts) };
}
