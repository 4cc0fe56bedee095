/**
 * Where the clearinghouse connector meets the inbox. The poll itself (clearinghouse-inbound.ts) takes
 * the connector as a parameter; which connector a deployment has comes from its configuration.
 */
import path from 'node:path';
import type { Config } from '../../runtime/config';
import type { ClearinghouseConnector } from '../../runtime/clearinghouse/connector';
import type { Logger } from '../../runtime/log';
import { ClearinghouseInbound } from './clearinghouse-inbound';
import type { InboxWatcher } from './inbox';
import type { KeptFiles } from './kept-files';

/**
 * HOOK (#17): the deployment's clearinghouse connector, for the inbox's poll of its inbound files.
 * `config.clearinghouse` and `openClearinghouse(config)` (runtime/clearinghouse/from-config.ts) are being
 * added on another branch; until they land there is no configured connector and this returns undefined,
 * so no poll starts. Once they land, the body becomes:
 *   return config.clearinghouse ? openClearinghouse(config) : undefined;
 */
export function configuredClearinghouse(_config: Config): ClearinghouseConnector | undefined {
  return undefined;
}

/** Where a file fetched from the clearinghouse waits, sealed, while the intake reads it. */
export const clearinghouseStagingDir = (dataDir: string) => path.join(dataDir, 'clearinghouse-staging');

/** Polls the connector's inbound files on the inbox's cadence, into the inbox's intake and folders. */
export function pollClearinghouseOnInbox(inbox: InboxWatcher, connector: ClearinghouseConnector, dataDir: string, files: KeptFiles, log: Logger): ClearinghouseInbound {
  const inbound = new ClearinghouseInbound(connector, clearinghouseStagingDir(dataDir), files, inbox, log);
  inbox.addSource(inbound);
  return inbound;
}
