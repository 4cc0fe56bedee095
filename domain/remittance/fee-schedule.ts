// Expected allowed amounts per payer × procedure × modifier, supplied by the caller (contract data).
// Used to find underpayments: a line paid without any denial code, but for less than the contract says.
import { z } from 'zod';

export const FeeScheduleEntry = z.object({
  payerId: z.string().min(1),
  procedureCode: z.string().min(1),
  /** Pricing modifier (26, TC, ...); absent = the price when no listed modifier applies. */
  modifier: z.string().min(1).optional(),
  /** Expected allowed amount per unit, in cents. */
  expectedAllowedCents: z.number().int().nonnegative(),
});
export type FeeScheduleEntry = z.infer<typeof FeeScheduleEntry>;

export interface FeeSchedule {
  /** The entry for the first of the line's modifiers that has a price, else the no-modifier price. */
  find(payerId: string, procedureCode: string, modifiers: readonly string[]): FeeScheduleEntry | undefined;
}

function key(payerId: string, procedureCode: string, modifier: string | undefined): string {
  return JSON.stringify([payerId.trim().toUpperCase(), procedureCode.trim().toUpperCase(), (modifier ?? '').trim().toUpperCase()]);
}

export function createFeeSchedule(entries: readonly FeeScheduleEntry[]): FeeSchedule {
  const byKey = new Map<string, FeeScheduleEntry>();
  for (const entry of z.array(FeeScheduleEntry).parse(entries)) {
    byKey.set(key(entry.payerId, entry.procedureCode, entry.modifier), entry);
  }
  return {
    find(payerId, procedureCode, modifiers) {
      for (const modifier of modifiers) {
        const entry = byKey.get(key(payerId, procedureCode, modifier));
        if (entry !== undefined) return entry;
      }
      return byKey.get(key(payerId, procedureCode, undefined));
    },
  };
}
