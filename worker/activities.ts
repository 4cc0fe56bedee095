/**
 * The real activities of a deployment: the ledger (SQLite or PostgreSQL), mail, the packet builder, the
 * prevention loop (which reaches other workflows through a Temporal client) and the leakage report. Each
 * activity is one function of activities/ calling the services built here.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import { createLeakageReportActivities } from '../activities/leakage-report';
import { createPayerIssueActivities } from '../activities/payer-issues';
import { createPreventionActivities } from '../activities/prevention';
import { openDocumentStore } from '../services/documents';
import { deploymentNotifier } from '../services/notifications/deployment';
import { createAppealPacketBuilder } from '../services/packets';
import { loadConfiguredOrganization } from '../services/packets/organization';
import { deploymentKeyring } from '../runtime/at-rest/keyring';
import { deploymentSearchIndex } from '../runtime/at-rest/search-index';
import type { Config } from '../runtime/config';
import type { Logger } from '../runtime/log';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { openConfiguredLedger } from '../runtime/store/open-ledger-store';
import { PACKAGE_ROOT } from '../runtime/package-root';
import { openClearinghouse } from '../runtime/clearinghouse/from-config';
import { claimFileActivities } from './claim-files';

export const REPO_ROOT = PACKAGE_ROOT;

/** `shared`: a ledger store the caller owns (and closes); without one the activities open and close their own. */
export function realActivities(config: Config, log: Logger, client: Pick<Client, 'workflow'>, shared?: LedgerStore) {
  const ledger = shared ?? openConfiguredLedger(config);
  const keyring = deploymentKeyring(config, (m) => log.warn(m));
  const documents = openDocumentStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring });
  const organization = loadConfiguredOrganization(config);
  const activities = createActivities({
    log,
    ledger,
    practiceState: organization.provider.address.state,
    notifier: deploymentNotifier(config, log),
    packets: createAppealPacketBuilder({ documents, organization, templatesDir: path.join(REPO_ROOT, 'templates'), log }),
    search: deploymentSearchIndex(config, (m) => log.warn(m)),
  });
  const claimFiles = claimFileActivities({
    dataDir: config.dataDir,
    databaseUrl: config.DATABASE_URL,
    keyring,
    clearinghouse: () => openClearinghouse(config),
    settings: config.clearinghouse,
    provider: organization.provider,
  });
  return {
    activities: {
      ...activities,
      ...createPreventionActivities({ ledger, client }),
      ...createLeakageReportActivities({ ledger, reportsDir: path.join(config.dataDir, 'reports'), organizationName: organization.provider.name }),
      ...createPayerIssueActivities({ ledger, reportsDir: path.join(config.dataDir, 'reports'), organizationName: organization.provider.name }),
      ...claimFiles.activities,
    },
    close: async () => {
      await claimFiles.close();
      if (!shared) await ledger.close();
    },
  };
}
