/**
 * The claim-file activities of a deployment: the submitted claim store they build corrected claims and
 * status inquiries from, and the clearinghouse connector they send through (opened for each send).
 */
import { createClaimFileActivities } from '../activities/claim-files';
import { interchangeIds } from '../client/denials/interchange-ids';
import { StatusInquiryRefused, statusInquiryFor } from '../client/denials/status-inquiry';
import type { ClearinghouseConnector, ClearinghouseSettings } from '../runtime/clearinghouse';
import type { CodecKeyring } from '../runtime/codec';
import { SubmittedClaimStore } from '../runtime/store/submitted-claims';

export interface ClaimFileWiring {
  dataDir: string;
  databaseUrl?: string | undefined;
  keyring: CodecKeyring;
  clearinghouse: () => Promise<ClearinghouseConnector>;
  /** Whose interchange ids a 276 carries: the trading partner, and the receiver (unset: the payer's id). */
  settings: Pick<ClearinghouseSettings, 'tradingPartner' | 'receiverId'>;
  /** Who asks when no stored claim names the billing provider (the organization's provider). */
  provider?: { name: string; npi?: string | undefined };
}

export function claimFileActivities(w: ClaimFileWiring) {
  const claims = SubmittedClaimStore.open({ dataDir: w.dataDir, databaseUrl: w.databaseUrl, keyring: w.keyring });
  const activities = createClaimFileActivities({
    claims,
    clearinghouse: w.clearinghouse,
    statusInquiry: (subject, opts) => {
      const ids = interchangeIds(w.settings, subject.payerId);
      // A setting only a person can change: the case's note says which.
      if ('problem' in ids) throw new StatusInquiryRefused(ids.problem);
      return statusInquiryFor(claims, subject, { ...opts, ...ids, ...(w.provider ? { provider: w.provider } : {}) });
    },
    statusInquiryRefusal: StatusInquiryRefused,
  });
  return { activities, claims, close: () => claims.close() };
}
