/**
 * The claim-file activities of a deployment, on the submitted claim store they build corrected claims and
 * status inquiries from (its own connection, closed with the worker).
 */
import { createClaimFileActivities, type ClaimFileDeps } from '../activities/claim-files';
import type { CodecKeyring } from '../runtime/codec';
import { SubmittedClaimStore } from '../runtime/store/submitted-claims';

export interface ClaimFileWiring extends Omit<ClaimFileDeps, 'claims'> {
  dataDir: string;
  databaseUrl?: string | undefined;
  keyring: CodecKeyring;
}

export function claimFileActivities({ dataDir, databaseUrl, keyring, ...deps }: ClaimFileWiring) {
  const claims = SubmittedClaimStore.open({ dataDir, databaseUrl, keyring });
  return { activities: createClaimFileActivities({ claims, ...deps }), claims, close: () => claims.close() };
}
