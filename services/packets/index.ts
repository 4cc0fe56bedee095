/**
 * Appeal packets: the letter from its template, the claim summary, corrections, the attachments, as one
 * PDF stored in the DocumentStore; the workflow gets its reference and sha256, never the bytes.
 *
 *   const packets = createPacketAssembler({ documents, templatesDir: 'templates', clock: () => new Date() });
 *   const { ref, sha256, pages } = await packets.assemble(input);
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { AppealPacketRequest, AppealPacketResult as StoredPacket } from '../../domain/lifecycle/activity-contracts';
import type { Logger } from '../../runtime/log';
import type { DocumentStore } from '../documents/document-store';
import { assemblePacketPdf } from './assemble';
import { packetInputFrom } from './from-denial';
import type { OrganizationConfig } from './organization';
import { AppealPacketInput, type AppealPacketResult } from './packet-input';
import { TemplateError } from './template';
import { isoDay } from './text';
import { PACKAGE_ROOT } from '../../runtime/package-root';

export * from './packet-input';
export { TemplateError } from './template';

/** The project's templates folder (letters in `letters/`, mail in `email/`). */
export const DEFAULT_TEMPLATES_DIR = path.join(PACKAGE_ROOT, 'templates');

export interface PacketAssemblerDeps {
  documents: DocumentStore;
  /** The templates root; letters are read from `<templatesDir>/letters/<name>.md`. */
  templatesDir?: string;
  clock?: () => Date;
  /** Receives ids, counts and hashes only: never names, member ids or letter text. */
  log?: Logger;
  /** Re-read templates on every packet (for editing templates while the worker runs). Default false. */
  reloadTemplates?: boolean;
}

/** "field.path: message; …" without the offending values (they may be PHI). */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 12).map((i) => `${i.path.map(String).join('.') || '(input)'}: ${i.message}`);
  return shown.join('; ') + (issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '');
}

export function createPacketAssembler(deps: PacketAssemblerDeps) {
  const lettersDir = path.join(deps.templatesDir ?? DEFAULT_TEMPLATES_DIR, 'letters');
  const clock = deps.clock ?? (() => new Date());
  const cache = new Map<string, string>();

  const template = (name: string): string => {
    if (!/^[\w-]+$/.test(name)) throw new TemplateError(`bad template name ${JSON.stringify(name)}`);
    const hit = deps.reloadTemplates ? undefined : cache.get(name);
    if (hit !== undefined) return hit;
    const file = path.join(lettersDir, `${name}.md`);
    let source: string;
    try {
      source = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new TemplateError(`letter template ${name} cannot be read from ${file}: ${(err as Error).message}`);
    }
    cache.set(name, source);
    return source;
  };

  return {
    /** Builds the appeal packet PDF for a denied claim, stores it, and returns its reference. */
    async assemble(raw: AppealPacketInput): Promise<AppealPacketResult> {
      const parsed = AppealPacketInput.safeParse(raw);
      if (!parsed.success) {
        throw ApplicationFailure.nonRetryable(`Appeal packet input is not valid: ${describeIssues(parsed.error.issues)}`, 'InvalidPacketInput');
      }
      const input = parsed.data;
      const letterDate = input.letterDate ?? isoDay(clock());
      const started = Date.now();
      let assembled;
      try {
        // Dated by its letter, not by the clock: a build retried after its worker died (maybe after storing
        // the first packet) makes the same bytes, and the content-addressed store keeps one document.
        assembled = await assemblePacketPdf(input, { documents: deps.documents, template, letterDate, createdAt: new Date(`${letterDate}T00:00:00Z`) });
      } catch (err) {
        // A broken template is a deployment problem: retrying will not fix it, a new worker build will.
        if (err instanceof TemplateError) throw ApplicationFailure.nonRetryable(`Letter template problem: ${err.message}`, 'PacketTemplateError');
        throw err;
      }
      const ref = await deps.documents.put(assembled.bytes, {
        name: `appeal-packet-${input.workflowId.replace(/[^A-Za-z0-9._-]/g, '_')}-level-${input.appeal.level}.pdf`,
        contentType: 'application/pdf',
      });
      deps.log?.info('appeal packet assembled', {
        workflowId: input.workflowId,
        template: assembled.template,
        pages: assembled.pages,
        attachments: input.attachments.length,
        bytes: ref.size,
        sha256: ref.sha256,
        ms: Date.now() - started,
      });
      return { ref, sha256: ref.sha256, pages: assembled.pages };
    },
  };
}

export type PacketAssembler = ReturnType<typeof createPacketAssembler>;

/**
 * What the assembleAppealPacket activity calls: the denial's request, completed with the practice's
 * organization (signer, payer appeal addresses), assembled and stored. The workflow keeps the reference and
 * the page count.
 */
export function createAppealPacketBuilder(deps: PacketAssemblerDeps & { organization: OrganizationConfig }) {
  const assembler = createPacketAssembler(deps);
  return {
    async build(request: AppealPacketRequest): Promise<StoredPacket> {
      const out = await assembler.assemble(packetInputFrom(request, deps.organization));
      return { ref: out.ref, pages: out.pages };
    },
  };
}
