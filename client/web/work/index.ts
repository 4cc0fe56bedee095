/**
 * The work surfaces assembled for the web app: the ledger store, the document store, the work service,
 * and the API and page routes over them. Closed with the web app.
 */
import type { Client } from '@temporalio/client';
import { openDocumentStore } from '../../../services/documents';
import { deploymentKeyring } from '../../../runtime/at-rest/keyring';
import { deploymentSearchIndex } from '../../../runtime/at-rest/search-index';
import type { Config } from '../../../runtime/config';
import { openConfiguredLedger } from '../../../runtime/store/open-ledger-store';
import type { LedgerStore } from '../../../runtime/store/ledger-store';
import type { Identity } from '../auth/identity';
import { webUiUrl } from '../health';
import type { RouteDefinition } from '../http/route';
import { workApiRoutes } from '../routes/work-api';
import { workPages } from '../routes/work-pages';
import { createPreventionGateway } from './prevention-gateway';
import { createPayerIssueGateway } from './payer-issue-gateway';
import { payerIssueRoutes } from '../routes/payer-issue-routes';
import path from 'node:path';
import { createReportRenderer } from './report-renderer';
import { createWorkService } from './work-service';
import { SubmittedClaimStore } from '../../../runtime/store/submitted-claims';

export interface WorkSurfaces {
  routes(identity: Identity): RouteDefinition[];
  close(): Promise<void>;
}

/** `shared`: a ledger store the caller owns (and closes); without one the surfaces open and close their own. */
export function createWorkSurfaces(config: Config, client: Client, shared?: LedgerStore): WorkSurfaces {
  const ledger = shared ?? openConfiguredLedger(config);
  const documents = openDocumentStore({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring: deploymentKeyring(config) });
  const prevention = createPreventionGateway(client);
  const payerIssues = createPayerIssueGateway(client, path.join(config.dataDir, 'reports'));
  const ui = webUiUrl(config);
  const search = deploymentSearchIndex(config, (m) => process.stderr.write(`WARN: ${m}\n`));
  const claims = SubmittedClaimStore.open({ dataDir: config.dataDir, databaseUrl: config.DATABASE_URL, keyring: deploymentKeyring(config) });
  return {
    routes: (identity) => {
      const work = createWorkService({ client, ledger, documents, claims, staff: identity.accounts, ...(search ? { search } : {}) });
      return [
      ...workApiRoutes(work, prevention, createReportRenderer(ledger)),
      ...payerIssueRoutes(payerIssues),
      ...workPages({
        work,
        prevention,
        // The Web UI's workflow list URL ends in /workflows; one workflow is /workflows/<id>.
        webUiLink: (id) => (ui ? `${ui.replace(/\/$/, '')}/${encodeURIComponent(id)}` : undefined),
        staff: async () =>
          (await identity.accounts.list()).filter((u) => !u.disabled && (u.role === 'ar_specialist' || u.role === 'supervisor')).map((u) => ({ id: u.id, displayName: u.displayName })),
      }),
      ];
    },
    close: async () => {
      await claims.close();
      if (!shared) await ledger.close();
    },
  };
}
