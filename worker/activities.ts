/**
 * The real activities of a deployment: the ledger (SQLite or PostgreSQL), mail, the packet builder, the
 * prevention loop (which reaches other workflows through a Temporal client) and the leakage report.
 */
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { createActivities } from '../activities';
import { createLeakageReportActivities } from '../activities/leakage-report';
import { createPreventionActivities } from '../activities/prevention';
import { createFolderDocumentStore } from '../services/documents';
import { createNotificationActivities } from '../services/notifications';
import { NotificationConfig } from '../services/notifications/notification-config';
import { createPacketActivities } from '../services/packets';
import { packetInputFrom } from '../services/packets/from-denial';
import { loadOrganization } from '../services/packets/organization';
import { deploymentKeyring } from '../runtime/at-rest/keyring';
import type { Config } from '../runtime/config';
import type { Logger } from '../runtime/log';
import { readJsonFile } from '../runtime/json-file';
import type { LedgerStore } from '../runtime/store/ledger-store';
import { openConfiguredLedger } from '../runtime/store/open-ledger-store';
import { PACKAGE_ROOT } from '../runtime/package-root';

export const REPO_ROOT = PACKAGE_ROOT;

/** Embedded default: mail to local mailboxes, written to the outbox folder. */
function notificationConfig(config: Config, webUrl: string) {
  if (config.NOTIFICATIONS_CONFIG) return readJsonFile('NOTIFICATIONS_CONFIG', config.NOTIFICATIONS_CONFIG, NotificationConfig);
  return NotificationConfig.parse({
    from: 'Denials <denials@denials.localhost>',
    teams: { ar_follow_up: ['ar-team@denials.localhost'], contracting: ['contracting@denials.localhost'] },
    supervisors: ['supervisors@denials.localhost'],
    publicUrl: config.PUBLIC_URL ?? webUrl,
  });
}

/** Mail as the deployment sends it: SMTP_URL, else .eml files in the outbox folder. */
export function notificationActivities(config: Config, log: Logger) {
  return createNotificationActivities({
    config: notificationConfig(config, `http://${config.WEB_HOST}:${config.WEB_PORT}`),
    smtpUrl: config.SMTP_URL,
    outboxDir: path.join(config.dataDir, 'outbox'),
    sentDir: path.join(config.dataDir, 'notifications', 'sent'),
    templatesDir: path.join(REPO_ROOT, 'templates'),
    log,
  });
}

/** `shared`: a ledger store the caller owns (and closes); without one the activities open and close their own. */
export function realActivities(config: Config, log: Logger, client: Pick<Client, 'workflow'>, shared?: LedgerStore) {
  const ledger = shared ?? openConfiguredLedger(config);
  const documents = createFolderDocumentStore({ dir: path.join(config.dataDir, 'documents'), keyring: deploymentKeyring(config, (m) => log.warn(m)) });
  const organization = loadOrganization(config.ORGANIZATION_CONFIG ?? path.join(REPO_ROOT, 'config', 'organization.json'));
  const packets = createPacketActivities({ documents, templatesDir: path.join(REPO_ROOT, 'templates'), log });
  const notifications = notificationActivities(config, log);
  const activities = createActivities({
    log,
    ledger,
    practiceState: organization.provider.address.state,
    notifier: { notify: (n) => notifications.notify(n) },
    packets: {
      async build(req) {
        const out = await packets.assembleAppealPacket(packetInputFrom(req, organization));
        return { ref: out.ref, pages: out.pages };
      },
    },
  });
  return {
    activities: {
      ...activities,
      ...createPreventionActivities({ ledger, client }),
      ...createLeakageReportActivities({ ledger, reportsDir: path.join(config.dataDir, 'reports'), organizationName: organization.provider.name }),
    },
    close: async () => (shared ? undefined : ledger.close()),
  };
}
