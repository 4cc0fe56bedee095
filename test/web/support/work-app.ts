/**
 * The product's web app with its work surfaces (worklist, denials, documents) on a dev server with the
 * real worker, on loopback; and denials made by ingesting an 835 of the claims a test names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createIntake, type Intake } from '../../../client/ingest/intake';
import type { IngestReport } from '../../../client/ingest/report';
import { createWebApp, type WebApp } from '../../../client/web/app';
import { listen } from '../../../client/web/http/listen';
import { createWorkSurfaces, type WorkSurfaces } from '../../../client/web/work';
import { remittance835, type ClaimSpec } from '../../../domain/remittance/sample-835';
import { createLogger } from '../../../runtime/log';
import { daysFromNow } from '../../fixtures/remittances';
import { startDevEnv, type DevEnv } from '../../support/dev-env';
import { signIn, type SignedIn } from './test-app';

export interface WorkApp {
  dev: DevEnv;
  app: WebApp;
  work: WorkSurfaces;
  intake: Intake;
  base: string;
  /** Stops the server, the app, the work surfaces, the intake and the dev server. */
  close(): Promise<void>;
}

export async function startWorkApp(): Promise<WorkApp> {
  const dev = await startDevEnv();
  const intake = createIntake(dev.config, dev.client, () => undefined);
  const work = createWorkSurfaces(dev.config, dev.client);
  const app = await createWebApp(dev.config, 'http://127.0.0.1', { client: dev.client, log: createLogger({ level: 'error' }), identityRoutes: work.routes });
  const server = await listen(app.router.handle, '127.0.0.1', 0);
  return {
    dev,
    app,
    work,
    intake,
    base: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await server.close();
      await app.close();
      await work.close();
      await intake.close();
      await dev.teardown();
    },
  };
}

/** Ingests an 835 remitted three days ago with these claims (written as `file` in the data folder). */
export async function ingestClaims(w: Pick<WorkApp, 'dev' | 'intake'>, file: string, claims: ClaimSpec[]): Promise<IngestReport> {
  const where = path.join(w.dev.config.dataDir, file);
  fs.writeFileSync(where, remittance835({ remitDate: daysFromNow(-3), claims }));
  return w.intake.ingest(where, { via: 'cli', dryRun: false });
}

/** The work app with an admin (ada) signed in, and the environment a CLI child process needs to reach the same server and data. */
export async function startWorkAppAsAdmin(): Promise<{ w: WorkApp; admin: SignedIn; cliEnv: NodeJS.ProcessEnv }> {
  const w = await startWorkApp();
  await w.app.identity.accounts.add({ id: 'ada', displayName: 'Ada', role: 'admin', password: 'a-long-test-password' });
  const admin = await signIn(w.base, 'ada', 'a-long-test-password');
  const cliEnv = { TEMPORAL_ADDRESS: w.dev.env.address, DATA_DIR: w.dev.config.dataDir, CODEC_KEYS: w.dev.config.CODEC_KEYS, DENIAL_ID_KEY: w.dev.config.DENIAL_ID_KEY };
  return { w, admin, cliEnv };
}
