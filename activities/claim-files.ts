/**
 * The claim files a denial sends to its clearinghouse: the corrected (frequency-7) claim of the
 * corrected-claim route, and the 276 status inquiry when the payer's response window passes. Each file's
 * name comes from the workflow, and its control number is recorded before it is sent, so a retried
 * activity writes the same bytes under the same name (which the connector takes as already sent), never a
 * second claim. What cannot be sent for a reason a person must fix (no matched original claim, no payer
 * claim number, a claim that does not validate) comes back as that reason, not as a failure.
 */
import { createHash } from 'node:crypto';
import { correctedClaimFor, CorrectedClaimRefused } from '../services/claims/corrected-claim';
import { interchangeIds } from '../services/claims/interchange-ids';
import { statusInquiryFor, StatusInquiryRefused, type StatusInquirySubject } from '../services/claims/status-inquiry';
import type { Correction } from '../domain/lifecycle/tasks';
import type { ClearinghouseConnector, ClearinghouseSettings, OutboundKind } from '../runtime/clearinghouse';
import type { SubmittedClaimStore } from '../runtime/store/submitted-claims';

export interface ClaimFileDeps {
  claims: SubmittedClaimStore;
  /** Opens the deployment's connector for one send (a folder pair, or an SFTP session). */
  clearinghouse: () => Promise<ClearinghouseConnector>;
  /** Whose interchange ids a 276 carries: the trading partner, and the receiver (unset: the payer's id). */
  settings: Pick<ClearinghouseSettings, 'tradingPartner' | 'receiverId'>;
  /** Who asks when no stored claim names the billing provider (the organization's provider). */
  provider?: { name: string; npi?: string | undefined };
}

export interface CorrectedClaimRequest {
  workflowId: string;
  /** The outbox name, unique per send of this denial; no patient data in it. */
  fileName: string;
  /** CLP07 of the denial's 835: the payer's claim number REF*F8 names. */
  payerClaimControlNumber?: string;
  corrections: Correction[];
  /** The route's claim frequency: 7 replaces the claim, 8 voids it; 1 (a new claim) is the billing system's to send. */
  frequency: '1' | '7' | '8';
  /** The workflow's clock when it asked, so a retry writes the same interchange date and time. */
  asOf: string;
}

export interface StatusInquiryFileRequest {
  workflowId: string;
  fileName: string;
  subject: StatusInquirySubject;
  asOf: string;
}

export type ClaimFileOutcome =
  | { sent: { kind: OutboundKind; fileName: string; controlNumber: number; frequency?: '7' | '8'; notApplied: string[] } }
  | { refused: string };

export function createClaimFileActivities(deps: ClaimFileDeps) {
  /** The number recorded for this file, or a new one recorded now (the first of two racing attempts wins). */
  async function recordedNumber(kind: OutboundKind, workflowId: string, fileName: string, build: (controlNumber?: number) => Promise<{ text: string; controlNumber: number }>) {
    const earlier = await deps.claims.sentFile(fileName);
    if (earlier) return build(earlier.controlNumber);
    const built = await build();
    const sha256 = createHash('sha256').update(built.text).digest('hex');
    const kept = await deps.claims.recordSentFile({ fileName, workflowId, kind, controlNumber: built.controlNumber, sha256, sentAt: new Date().toISOString() });
    return kept.controlNumber === built.controlNumber ? built : build(kept.controlNumber);
  }

  async function send(kind: OutboundKind, fileName: string, text: string): Promise<void> {
    const connector = await deps.clearinghouse();
    try {
      await connector.send({ name: fileName, kind, body: text });
    } finally {
      await connector.close();
    }
  }

  return {
    /** Writes the denial's frequency-7 claim to the clearinghouse outbox and records it; or says why it cannot. */
    async sendCorrectedClaim(req: CorrectedClaimRequest): Promise<ClaimFileOutcome> {
      if (req.frequency === '1') return { refused: 'the route asks for a new claim (frequency 1), which the billing system sends with the corrections, not a replacement of this one.' };
      let written: Awaited<ReturnType<typeof correctedClaimFor>> | undefined;
      try {
        await recordedNumber('837', req.workflowId, req.fileName, async (controlNumber) => {
          written = await correctedClaimFor(
            deps.claims,
            { workflowId: req.workflowId, payerClaimControlNumber: req.payerClaimControlNumber, corrections: req.corrections },
            { void: req.frequency === '8', now: new Date(req.asOf), ...(controlNumber ? { controlNumber } : {}) },
          );
          return written;
        });
      } catch (err) {
        if (err instanceof CorrectedClaimRefused) return { refused: err.message };
        throw err;
      }
      const w = written!;
      await send('837', req.fileName, w.text);
      return { sent: { kind: '837', fileName: req.fileName, controlNumber: w.controlNumber, frequency: w.frequency, notApplied: w.notApplied.map((c) => c.field) } };
    },

    /** Writes the denial's 276 to the clearinghouse outbox and records it; or says why it cannot. */
    async sendStatusInquiry(req: StatusInquiryFileRequest): Promise<ClaimFileOutcome> {
      let written: { text: string; controlNumber: number };
      try {
        const ids = interchangeIds(deps.settings, req.subject.payerId);
        // A setting only a person can change: the case's note says which.
        if ('problem' in ids) return { refused: ids.problem };
        const opts = { now: new Date(req.asOf), ...ids, ...(deps.provider ? { provider: deps.provider } : {}) };
        written = await recordedNumber('276', req.workflowId, req.fileName, (controlNumber) => statusInquiryFor(deps.claims, req.subject, { ...opts, ...(controlNumber ? { controlNumber } : {}) }));
      } catch (err) {
        if (err instanceof StatusInquiryRefused) return { refused: err.message };
        throw err;
      }
      await send('276', req.fileName, written.text);
      return { sent: { kind: '276', fileName: req.fileName, controlNumber: written.controlNumber, notApplied: [] } };
    },
  };
}

export type ClaimFileActivities = ReturnType<typeof createClaimFileActivities>;
