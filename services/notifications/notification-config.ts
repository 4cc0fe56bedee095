/**
 * Who gets mail: teams, supervisors and people by id, plus the sender and the public URL links point to.
 * Addresses are staff mailboxes; nothing here is patient data.
 */
import { z } from 'zod';

const Slug = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'expected an id in lower case (letters, digits, _ . -)');
const Address = z.email({ error: 'expected an email address' });

export const NotificationConfig = z.strictObject({
  /** Sender, "denials@example.org" or "Denials <denials@example.org>". */
  from: z.string().trim().regex(/^([^<>@]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'expected an address or "Name <address>"'),
  /** Team id (the owner teams: coding, patient_access, …) → its mailboxes. */
  teams: z.record(Slug, z.array(Address).min(1)),
  /** Escalations and breaches go to them. */
  supervisors: z.array(Address).min(1),
  /** Person id (the assignee id the workflow knows) → mailbox. */
  people: z.record(Slug, Address).optional(),
  /** Base URL of the web app, e.g. https://denials.example.org (links: <publicUrl>/denials/<workflowId>). */
  publicUrl: z.url({ error: 'expected the URL people use to reach the web app' }).transform((u) => u.replace(/\/+$/, '')),
});
export type NotificationConfig = z.output<typeof NotificationConfig>;
export type NotificationConfigInput = z.input<typeof NotificationConfig>;
