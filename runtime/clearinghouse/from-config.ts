/** The clearinghouse connector of this deployment, from its configuration: what the worker and the intake open. */
import type { Config } from '../config';
import { connectClearinghouse } from './connect';
import type { ClearinghouseConnector } from './connector';

/** For SFTP this connects and checks the folders, so a wrong setting fails here naming the variable. */
export function openClearinghouse(config: Pick<Config, 'clearinghouse' | 'dataDir'>): Promise<ClearinghouseConnector> {
  return connectClearinghouse(config.clearinghouse, config.dataDir);
}
