/**
 * Where the clearinghouse connector meets the inbox. The poll itself (clearinghouse-inbound.ts) takes
 * the connector as a parameter; which connector a deployment has comes from its configuration.
 */
import path from 'node:path';
import type { ClearinghouseConnector } from '../../runtime/clearinghouse/connector';
import type { Logger } from '../../runtime/log';
import { ClearinghouseInbound } from './clearinghouse-inbound';
import type { InboxWatcher } from './inbox';
import type { KeptFiles } from './kept-files';

/** Where a file fetched from the clearinghouse waits, sealed, while the intake reads it. */
export const clearinghouseStagingDir = (dataDir: string) => path.join(dataDir, 'clearinghouse-staging');

/**
 * How often the inbound files are listed: a local folder on every scan of the inbox, an SFTP server once a
 * minute (a listing is a round trip to the clearinghouse, which answers files in minutes, not seconds).
 */
export const INBOUND_POLL_MS = { folder: 0, sftp: 60_000 } as const;

/** Polls the connector's inbound files on the inbox's cadence (at most every `everyMs`), into the inbox's intake and folders. */
export function pollClearinghouseOnInbox(inbox: InboxWatcher, connector: ClearinghouseConnector, dataDir: string, files: KeptFiles, log: Logger, everyMs = 0): ClearinghouseInbound {
  const inbound = new ClearinghouseInbound(connector, clearinghouseStagingDir(dataDir), files, inbox, log);
  inbox.addSource(inbound, everyMs);
  return inbound;
}
