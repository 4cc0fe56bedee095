/**
 * Activities are built by a factory that takes their dependencies, so the worker wires real ones and a
 * test can wire its own. Workflows see only the type (`import type`) through proxyActivities.
 */
import type { Logger } from '../runtime/log';

export interface ActivityDeps {
  log: Logger;
  dataDir: string;
}

export function createActivities(deps: ActivityDeps) {
  return {
    /** Records that a denial workflow saw an event; the ledger replaces this in the lifecycle issue. */
    async noteDenialEvent(workflowId: string, kind: string): Promise<void> {
      deps.log.debug('denial event', { workflowId, kind });
    },
  };
}

export type DenialActivities = ReturnType<typeof createActivities>;
