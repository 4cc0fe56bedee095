/**
 * Documents (appeal packets, attachments) live outside workflow history: an activity stores the bytes and
 * hands the workflow a DocumentRef, which carries the sha256 so whoever reads the bytes back can prove they
 * are the ones that were stored.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'expected a lower-case hex sha256');

/** What the caller says about the bytes it stores. */
export const DocumentMeta = z.strictObject({
  /** A display/file name such as `appeal-packet.pdf`; path separators and control characters are not allowed. */
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((n) => !/[/\\\u0000-\u001f\u007f]/.test(n), 'a file name without path separators or control characters'),
  contentType: z
    .string()
    .trim()
    .regex(/^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i, 'expected a media type such as application/pdf')
    .transform((t) => t.toLowerCase()),
});
export type DocumentMeta = z.input<typeof DocumentMeta>;

/** A stored document, safe to keep in workflow history (no bytes, no PHI beyond the name given). */
export const DocumentRef = z.strictObject({
  /** Store-specific key; the folder store uses the sha256 (content addressing). */
  id: z.string().min(1).max(200),
  sha256: Sha256Hex,
  size: z.number().int().nonnegative(),
  contentType: z.string().min(1),
  name: z.string().min(1),
});
export type DocumentRef = z.infer<typeof DocumentRef>;

export interface DocumentStore {
  /** Stores the bytes (idempotent: the same bytes give the same id) and returns their reference. */
  put(bytes: Uint8Array, meta: DocumentMeta): Promise<DocumentRef>;
  /** The stored bytes; throws DocumentNotFoundError or DocumentIntegrityError (sha256 or size mismatch). */
  get(ref: DocumentRef): Promise<Uint8Array>;
  /** Whether bytes for this reference are stored (their content is checked by `get`, not here). */
  exists(ref: DocumentRef): Promise<boolean>;
}

export class DocumentNotFoundError extends Error {
  override readonly name = 'DocumentNotFoundError';
  constructor(readonly documentId: string) {
    super(`Document ${documentId} is not in the document store`);
  }
}

export class DocumentIntegrityError extends Error {
  override readonly name = 'DocumentIntegrityError';
  constructor(
    readonly documentId: string,
    detail: string,
  ) {
    super(`Document ${documentId} failed its integrity check: ${detail}`);
  }
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The stored plaintext as the reference describes it, or DocumentIntegrityError (size or sha256 differ). */
export function verifiedDocument(ref: DocumentRef, bytes: Buffer): Uint8Array {
  if (bytes.byteLength !== ref.size) throw new DocumentIntegrityError(ref.id, `size ${bytes.byteLength} where the reference says ${ref.size}`);
  const actual = sha256Hex(bytes);
  if (actual !== ref.sha256) throw new DocumentIntegrityError(ref.id, `sha256 ${actual} where the reference says ${ref.sha256}`);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
