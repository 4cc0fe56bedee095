/** What a claim status answer (277, 277CA, 999) comes to, whatever codes carried it. Shared by the readers and the denial workflow. */
import { z } from 'zod';

export const StatusClassification = z.enum(['accepted', 'pended', 'denied', 'finalized-paid', 'not-found', 'rejected', 'other']);
export type StatusClassification = z.infer<typeof StatusClassification>;
