/**
 * Mail as the deployment sends it, for the worker's notify activity and the CLI alike: SMTP_URL, else .eml
 * files in the outbox folder; recipients from NOTIFICATIONS_CONFIG, else local mailboxes; sent-markers in
 * PostgreSQL with DATABASE_URL, else in the data folder.
 */
import path from 'node:path';
import type { Config } from '../../runtime/config';
import { readJsonFile } from '../../runtime/json-file';
import type { Logger } from '../../runtime/log';
import { PACKAGE_ROOT } from '../../runtime/package-root';
import { openSentMarkers } from '../../runtime/store/sent-markers';
import { createMailNotifier } from '.';
import { NotificationConfig } from './notification-config';

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

export function deploymentNotifier(config: Config, log: Logger) {
  return createMailNotifier({
    config: notificationConfig(config, `http://${config.WEB_HOST}:${config.WEB_PORT}`),
    smtpUrl: config.SMTP_URL,
    outboxDir: path.join(config.dataDir, 'outbox'),
    sentMarkers: openSentMarkers({ dir: path.join(config.dataDir, 'notifications', 'sent'), databaseUrl: config.DATABASE_URL }),
    templatesDir: path.join(PACKAGE_ROOT, 'templates'),
    log,
  });
}
