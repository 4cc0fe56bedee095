import { z } from 'zod';

/**
 * What the policy needs to dispute an underpayment: per line, what the contract or fee schedule says the
 * line is worth and what the payer allowed and paid. Built from the detection's `underpaid` reasons.
 */
export const UnderpaidLineSchema = z.object({
  /** Service line number on the remittance (1-based). */
  line: z.number().int().positive(),
  /** Procedure code with its modifiers, e.g. 99214-25. */
  procedure: z.string().min(1).max(40),
  /** Contracted rate or fee-schedule amount for the units paid. */
  expectedCents: z.number().int().nonnegative(),
  allowedCents: z.number().int().nonnegative(),
  paidCents: z.number().int(),
  /** expected − allowed: what the dispute asks for. */
  shortfallCents: z.number().int().positive(),
});
export type UnderpaidLine = z.infer<typeof UnderpaidLineSchema>;

export const UnderpaymentSchema = z.object({
  lines: z.array(UnderpaidLineSchema).min(1).max(999),
});
export type Underpayment = z.infer<typeof UnderpaymentSchema>;

export const totalShortfallCents = (u: Underpayment): number => u.lines.reduce((n, l) => n + l.shortfallCents, 0);
