/**
 * The payer-behaviour change test of one week over the ledger: that week's denials per payer and code
 * against the payer's earlier weeks (domain/kpis/payer-shift.ts), with the claims each payer adjudicated
 * from the remittance volumes; payer-wide, and per procedure where both sides were counted by procedure.
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
  const add = (week: string, payerId: string, procedure: string | undefined, n: number) => {
    const key = `${week}\0${payerId}\0${procedure ?? ''}`;
    const c = claims.get(key) ?? { week, payerId, ...(procedure === undefined ? {} : { procedure }), claims: 0 };
    c.claims += n;
    claims.set(key, c);
  };
  for (const v of volumes) {
    const w = weekOf(v.remitDate);
    add(w, v.payerId, undefined, v.claims);
    for (const [procedure, n] of Object.entries(v.procedureClaims ?? {})) add(w, v.payerId, procedure, n);
  }
  return { week, baselineWeeks, findings: testPayerShifts(shiftCellsOfWeek(week, codes, [...claims.values()]), opts) };
}
