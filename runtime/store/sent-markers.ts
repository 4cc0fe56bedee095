/**
 * Sent-markers: which notifications went out, by the hash of their idempotency key, so a retried or
 * replayed notify call sends nothing. One small owner-only file per key in the data folder (the embedded
 * default), or a row in PostgreSQL when DATABASE_URL is set, so a retry on another worker node finds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makePrivateDir, writePrivateFileSync } from '../at-rest/private-files';
import { openPostgres } from './postgres-database';

export interface SentMarker {
  key: string;
  kind: string;
  workflowId: string;
  messageId: string;
  transport: 'smtp' | 'outbox';
  recipients: number;
  file?: string;
  sentAt: string;
}

export interface SentMarkers {
  get(keyHash: string): Promise<SentMarker | null>;
  /** Called as soon as the mail server accepted the message: the moment a killed worker would send it twice. */
  put(keyHash: string, marker: SentMarker): Promise<void>;
  close(): Promise<void>;
}

export function folderSentMarkers(dir: string): SentMarkers {
  const fileOf = (keyHash: string) => path.join(dir, `${keyHash}.json`);
  return {
    async get(keyHash) {
      try {
        return JSON.parse(await fs.promises.readFile(fileOf(keyHash), 'utf8')) as SentMarker;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    // Written synchronously: no await between the mail server's acceptance and the marker, so a busy thread
    // pool (the document store's fsyncs, other activities' file I/O) cannot widen that moment.
    async put(keyHash, marker) {
      makePrivateDir(dir);
      writePrivateFileSync(fileOf(keyHash), JSON.stringify(marker));
    },
    close: async () => undefined,
  };
}

const migrations = [
  {
    version: 301,
    name: 'notification sent-markers',
    sql: 'CREATE TABLE notification_sent (key_hash TEXT PRIMARY KEY, marker TEXT NOT NULL, sent_at TEXT NOT NULL)',
  },
];

export function postgresSentMarkers(url: string): SentMarkers {
  const db = openPostgres(url, migrations, 'the notification sent-markers');
  return {
    async get(keyHash) {
      const [row] = (await db.query('SELECT marker FROM notification_sent WHERE key_hash = ?', [keyHash])).rows;
      return row ? (JSON.parse(row.marker as string) as SentMarker) : null;
    },
    async put(keyHash, marker) {
      // The first marker stays: two workers that both sent (at least once over SMTP) agree on one record.
      await db.query('INSERT INTO notification_sent (key_hash, marker, sent_at) VALUES (?, ?, ?) ON CONFLICT (key_hash) DO NOTHING', [keyHash, JSON.stringify(marker), marker.sentAt]);
    },
    close: () => db.close(),
  };
}

/** PostgreSQL when the deployment has DATABASE_URL, else the folder. */
export function openSentMarkers(opts: { dir: string; databaseUrl?: string | undefined }): SentMarkers {
  return opts.databaseUrl ? postgresSentMarkers(opts.databaseUrl) : folderSentMarkers(opts.dir);
}
