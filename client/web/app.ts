/**
 * The web app's composition: identity (opened on DATA_DIR unless given), first-start bootstrap, and the
 * route table every request goes through: status page, health, the pages' assets, sign-in, session,
 * remittances, the Web UI's codec endpoint, whatever else the caller adds, and the OpenAPI document of all of it.
 */
import type { Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import type { Config } from '../../runtime/config';
import type { Logger } from '../../runtime/log';
import { bootstrapIdentity } from './auth/bootstrap';
import { openIdentity, secureCookieFor, type Identity } from './auth/identity';
import type { RouteDefinition } from './http/route';
import { createRouter, type Router } from './http/router';
import type { createRemittancesApi } from './remittances-api';
import { assetRoutes } from './routes/assets';
import { codecCorsOrigin, codecRoutes, type CodecAudit } from './routes/codec';
import { loginRoutes } from './routes/login';
import { sessionRoutes } from './routes/session';
import { openApiRoute, systemRoutes } from './routes/system';

export interface WebDeps {
  client: Client;
  log: Logger;
  remittances?: ReturnType<typeof createRemittancesApi>;
  /** The deployment's payload codecs (the worker's keyring) and where each decode is recorded: when given, the Web UI's codec endpoint is served. */
  payloadCodecs?: readonly PayloadCodec[];
  codecAudit?: CodecAudit;
  /** Users, sessions and API keys; when absent, opened on DATA_DIR and closed with the app. */
  identity?: Identity;
  /** More API and page routes (worklist, dashboard, …). */
  routes?: readonly RouteDefinition[];
  /** Routes that need the app's identity (the worklist's people to assign to). */
  identityRoutes?: (identity: Identity) => readonly RouteDefinition[];
  /** Check each JSON response against its schema (tests). */
  validateResponses?: boolean;
}

export interface WebApp {
  router: Router;
  identity: Identity;
  close(): Promise<void>;
}

export async function createWebApp(config: Config, publicUrl: string, deps: WebDeps): Promise<WebApp> {
  const secureCookie = secureCookieFor(config);
  const loginLimits = { perUser: config.LOGIN_FAILURES_PER_USER, perAddress: config.LOGIN_FAILURES_PER_ADDRESS, total: config.LOGIN_FAILURES_TOTAL };
  const identity = deps.identity ?? openIdentity(config, { secureCookie, loginLimits });
  await bootstrapIdentity(identity, { dataDir: config.dataDir, legacyIntakeKeys: deps.remittances?.legacyIntakeKeys ?? [], warn: (m) => deps.log.warn(m) });
  const routes: RouteDefinition[] = [
    ...systemRoutes(deps.client, config),
    ...assetRoutes(),
    ...loginRoutes(identity, { secureCookie, trustedProxyHops: config.TRUSTED_PROXY_HOPS }),
    ...sessionRoutes(),
    ...(deps.remittances?.routes ?? []),
    ...(deps.payloadCodecs && deps.codecAudit ? codecRoutes(deps.payloadCodecs, codecCorsOrigin(config), deps.codecAudit, config.TRUSTED_PROXY_HOPS) : []),
    ...(deps.routes ?? []),
    ...(deps.identityRoutes?.(identity) ?? []),
  ];
  routes.push(openApiRoute(() => routes, publicUrl));
  const router = createRouter({ routes, authenticate: (req) => identity.authenticate(req), log: deps.log, validateResponses: deps.validateResponses });
  return { router, identity, close: async () => (deps.identity ? undefined : identity.close()) };
}
