/** The real activity dependencies of a deployment: the ledger, mail and the packet builder. */
import path from 'node:path';
import { createActivities } from '../activities';
import { createFolderDocumentStore } from '../activities/documents';
import { Ledger } from '../activities/ledger/ledger';
import { createNotificationActivities } from '../activities/notifications';
import { NotificationConfig } from '../activities/notifications/notification-config';
import { createPacketActivities } from '../activities/packets';
import { packetInputFrom } from '../activities/packets/from-denial';
import { loadOrganization } from '../activities/packets/organization';
import type { Config } from '../runtime/config';
import type { Logger } from '../runtime/log';
import { readJsonFile } from '../runtime/json-file';
import { openDenialsStore } from '../runtime/store/schema';

export const REPO_ROOT = path.resolve(__dirname, '..');

/** Embedded default: mail to local mailboxes, written to the outbox folder. */
function notificationConfig(config: Config, webUrl: string) {
  if (config.NOTIFICATIONS_CONFIG) return readJsonFile('NOTIFICATIONS_CONFIG', config.NOTIFICATIONS_CONFIG, NotificationConfig);
  return NotificationConfig.parse({
    from: 'Denials <denials@denials.localhost>',
    teams: { ar_follow_up: ['ar-team@denials.localhost'] },
    supervisors: ['supervisors@denials.localhost'],
    publicUrl: config.PUBLIC_URL ?? webUrl,
  });
}

export function realActivities(config: Config, log: Logger) {
  const db = openDenialsStore(config.dataDir);
  const documents = createFolderDocumentStore({ dir: path.join(config.dataDir, 'documents') });
  const organization = loadOrganization(config.ORGANIZATION_CONFIG ?? path.join(REPO_ROOT, 'config', 'organization.json'));
  const packets = createPacketActivities({ documents, templatesDir: path.join(REPO_ROOT, 'templates'), log });
  const notifications = createNotificationActivities({
    config: notificationConfig(config, `http://${config.WEB_HOST}:${config.WEB_PORT}`),
    smtpUrl: config.SMTP_URL,
    outboxDir: path.join(config.dataDir, 'outbox'),
    sentDir: path.join(config.dataDir, 'notifications', 'sent'),
    templatesDir: path.join(REPO_ROOT, 'templates'),
    log,
  });
  const activities = createActivities({
    log,
    ledger: new Ledger(db),
    notifier: { notify: (n) => notifications.notify(n) },
    packets: {
      async build(req) {
        const out = await packets.assembleAppealPacket(packetInputFrom(req, organization));
        return { ref: out.ref, pages: out.pages };
      },
    },
  });
  return { activities, close: () => db.close() };
}
