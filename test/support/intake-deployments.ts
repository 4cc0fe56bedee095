/**
 * The inbox and HTTP entry points of the intake, each on its own data folder beside a test's dev server,
 * as a deployment runs them: for tests that compare what the three entry points make of one file.
 */
import path from 'node:path';
import { createIntake, type Intake } from '../../client/ingest/intake';
import { InboxWatcher, inboxFolders, type InboxFolders } from '../../client/ingest/inbox';
import { createRemittancesApi } from '../../client/web/remittances-api';
import { startWebServer, type WebServer } from '../../client/web/server';
import { loadConfig } from '../../runtime/config';
import { createLogger } from '../../runtime/log';
import type { DevEnv } from './dev-env';
import { freePort } from './ports';

const log = createLogger({ level: 'error' });

export interface InboxDeployment {
  intake: Intake;
  folders: InboxFolders;
  watcher: InboxWatcher;
}

export function inboxDeployment(dev: DevEnv, env: NodeJS.ProcessEnv, folder: string): InboxDeployment {
  const config = loadConfig({ ...env, DATA_DIR: path.join(dev.config.dataDir, folder) });
  const intake = createIntake(config, dev.client, () => undefined);
  const folders = inboxFolders(config.dataDir);
  return { intake, folders, watcher: new InboxWatcher(folders, intake, log) };
}

export interface HttpDeployment {
  intake: Intake;
  web: WebServer;
  base: string;
}

export async function httpDeployment(dev: DevEnv, env: NodeJS.ProcessEnv, folder: string, apiKey: string, maxBytes: number): Promise<HttpDeployment> {
  const config = loadConfig({ ...env, DATA_DIR: path.join(dev.config.dataDir, folder), WEB_PORT: String(await freePort()) });
  const intake = createIntake(config, dev.client, () => undefined);
  const remittances = createRemittancesApi({ intake, uploadsDir: path.join(config.dataDir, 'uploads'), apiKeys: [apiKey], maxBytes, log });
  const web = await startWebServer(config, { client: dev.client, log, remittances });
  return { intake, web, base: `http://127.0.0.1:${config.WEB_PORT}` };
}
