/**
 * A use of patient data outside the work surfaces' own pages: today, decoding payloads for the Temporal
 * Web UI. Recorded before the data is handed out, kept with the ledger (beyond workflow retention).
 * PHI-free: who, when, from where, what kind of access, how much.
 */
import { z } from 'zod';
import { ActorSchema } from './tasks';

export const AccessEntrySchema = z.strictObject({
  id: z.string().min(1),
  at: z.string(),
  actor: ActorSchema,
  action: z.enum(['codec_decode']),
  /** Counts and the namespace: never the payloads. */
  detail: z.string().max(500),
  address: z.string().max(100).optional(),
});
export type AccessEntry = z.infer<typeof AccessEntrySchema>;
