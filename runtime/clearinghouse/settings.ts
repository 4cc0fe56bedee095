/**
 * How this deployment reaches its clearinghouse. Field names are the schema's; SETTING_NAMES holds the
 * configuration variables runtime/config.ts reads them from, and every message names the variable. The
 * folder pair under DATA_DIR is the default, so nothing leaves the machine until SFTP is set up on purpose.
 */
import { z } from 'zod';
import { FINGERPRINT_FORM } from './host-key';
import { SETTING_NAMES as S } from './setting-names';

const tradingPartner = z
  .string({ error: `expected ${S.tradingPartner}, the trading partner id the clearinghouse gave this practice` })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: `expected ${S.tradingPartner} as letters, digits, ".", "_" or "-" (64 at most), e.g. TP000123` });

/** ISA08/GS03 of what we send: an X12 interchange id is 15 characters at most. */
const receiverId = z
  .string({ error: `expected ${S.receiverId}, the clearinghouse's or payer's interchange id` })
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,14}$/, { error: `expected ${S.receiverId} as letters, digits, ".", "_" or "-" (15 at most, as ISA08 takes it)` })
  .optional();

const remoteFolder = (name: string) =>
  z
    .string({ error: `expected ${name} as a folder path on the SFTP server` })
    .min(1, { error: `expected ${name} as a folder path on the SFTP server` })
    .regex(/^[^\0\r\n]+$/, { error: `expected ${name} as a folder path on one line` });

const fingerprints = z
  .string({ error: `expected ${S.hostKeyFingerprint}: the server's host key fingerprint, SHA256:… as \`ssh-keygen -lf\` prints it` })
  .transform((v) => v.split(',').map((f) => f.trim()).filter(Boolean))
  .refine((list) => list.length > 0 && list.every((f) => FINGERPRINT_FORM.test(f)), {
    error: `expected ${S.hostKeyFingerprint} as SHA256:<43 base64 characters> (as \`ssh-keygen -lf\` prints it), several separated by commas while a key is rotated`,
  });

const FolderSettings = z.object({
  kind: z.literal('folder'),
  tradingPartner,
  /** Unset: each file's payer id. */
  receiverId,
});

const SftpSettings = z
  .object({
    kind: z.literal('sftp'),
    tradingPartner,
    receiverId,
    host: z.string({ error: `expected ${S.host}, the SFTP server's host name` }).regex(/^[A-Za-z0-9.\-_[\]:]+$/, { error: `expected ${S.host} as a host name or address, without port or scheme` }),
    port: z.coerce
      .number({ error: `expected ${S.port} as a whole number from 1 to 65535` })
      .int({ error: `expected ${S.port} as a whole number from 1 to 65535` })
      .min(1, { error: `expected ${S.port} as a whole number from 1 to 65535` })
      .max(65535, { error: `expected ${S.port} as a whole number from 1 to 65535` })
      .default(22),
    user: z.string({ error: `expected ${S.user}, the SFTP login` }).min(1, { error: `expected ${S.user}, the SFTP login` }),
    keyFile: z.string().min(1, { error: `expected ${S.keyFile} as the path of a private key file` }).optional(),
    keyPassphrase: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    hostKeyFingerprint: fingerprints,
    remoteInbox: remoteFolder(S.remoteInbox).default('inbox'),
    remoteOutbox: remoteFolder(S.remoteOutbox).default('outbox'),
    /** Unset: an `archive` folder inside the inbox. */
    remoteArchive: remoteFolder(S.remoteArchive).optional(),
    connectTimeoutSeconds: z.coerce
      .number({ error: `expected ${S.connectTimeoutSeconds} as a number of seconds` })
      .positive({ error: `expected ${S.connectTimeoutSeconds} as a number of seconds` })
      .default(20),
  })
  .superRefine((s, ctx) => {
    if (!s.keyFile && !s.password) {
      ctx.addIssue({ code: 'custom', path: ['keyFile'], message: `SFTP needs ${S.keyFile} (a private key, preferred) or ${S.password}` });
    }
    if (s.keyPassphrase && !s.keyFile) {
      ctx.addIssue({ code: 'custom', path: ['keyPassphrase'], message: `${S.keyPassphrase} is set without ${S.keyFile}` });
    }
  });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export const ClearinghouseSettings = z.preprocess(
  // The kind may be left out: the local folder pair is the default.
  (v) => (isRecord(v) && v.kind === undefined ? { ...v, kind: 'folder' } : v),
  z.discriminatedUnion('kind', [FolderSettings, SftpSettings], { error: `expected ${S.kind} as folder or sftp` }),
);

export type ClearinghouseSettings = z.infer<typeof ClearinghouseSettings>;
export type FolderClearinghouseSettings = z.infer<typeof FolderSettings>;
export type SftpClearinghouseSettings = z.infer<typeof SftpSettings>;
