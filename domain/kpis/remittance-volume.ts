/**
 * What a remittance brought in total, per payer: the denominator of the denial rates. Intake records one
 * row per 835 transaction (idempotent on its key), whether or not any claim in it was denied.
 */
import { z } from 'zod';

export const RemittanceVolumeSchema = z.object({
  /** Payer id + TRN02 trace number (or the file's sha256 and set position when there is none). */
  remittanceKey: z.string().min(1),
  payerId: z.string(),
  /** BPR16, else the day intake read it. */
  remitDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** Claims adjudicated in it, reversals and predeterminations excluded. */
  claims: z.number().int().nonnegative(),
  /** Their gross charges. */
  chargeCents: z.number().int().nonnegative(),
  /** Of which intake found denied or underpaid. */
  deniedClaims: z.number().int().nonnegative(),
  deniedChargeCents: z.number().int().nonnegative(),
  /** Of the claims adjudicated, how many had a service line of each procedure code (the per-procedure denominator). */
  procedureClaims: z.record(z.string().min(1).max(20), z.number().int().positive()).optional(),
  recordedAt: z.string(),
});
export type RemittanceVolume = z.infer<typeof RemittanceVolumeSchema>;
