/**
 * The worklist bench's HTTP surface: the product's web app (router, API-key auth, work service) on
 * loopback over the seeded ledger, called the way a page or a script calls the API. The Temporal client
 * is never used by these two endpoints, so it points nowhere and never connects.
 */
import { Client, Connection } from '@temporalio/client';
import { createWebApp } from '../client/web/app';
import { listen } from '../client/web/http/listen';
import { createWorkSurfaces } from '../client/web/work';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/log';
import type { SeededLedger, WorkSurface } from './worklist';

export async function httpSurface(seeded: SeededLedger): Promise<WorkSurface & { close(): Promise<void> }> {
  const config = loadConfig({ DATA_DIR: seeded.dataDir, TEMPORAL_ADDRESS: '127.0.0.1:1', DENIAL_ID_KEY: seeded.denialIdKey.toString('base64'), CODEC_KEYS: `bench=${Buffer.alloc(32, 2).toString('base64')}`, LOG_LEVEL: 'error' });
  const client = new Client({ connection: Connection.lazy({ address: config.temporalAddress }) });
  const work = createWorkSurfaces(config, client, seeded.store);
  const app = await createWebApp(config, 'http://127.0.0.1', { client, log: createLogger({ level: 'error' }), identityRoutes: work.routes });
  const { key } = await app.identity.apiKeys.create({ label: 'bench', role: 'supervisor' });
  const server = await listen(app.router.handle, '127.0.0.1', 0);
  const base = `http://127.0.0.1:${server.port}`;
  const get = async (path: string) => {
    const res = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${key}` } });
    const body = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  };
  const qs = (o: Record<string, string | number | undefined>) => new URLSearchParams(Object.entries(o).filter(([, v]) => v !== undefined) as [string, string][]).toString();
  return {
    describe: 'HTTP API on loopback (GET /api/tasks, GET /api/kpis with a supervisor API key): router, auth, zod, work service, store, formulas',
    async worklist(q) {
      const body = await get(`/api/tasks?${qs({ scope: 'all', team: q.workTeam, assignee: q.assignee, category: q.category, payer: q.payerId, sort: q.sort, limit: q.limit, q: q.q, state: q.openOnly === false ? 'all' : undefined })}`);
      return { rows: (body.rows as unknown[]).length, total: body.total as number };
    },
    async dashboard(filter) {
      return get(`/api/kpis?${qs({ from: filter.from, to: filter.to, payer: filter.payerId, team: filter.ownerTeam, category: filter.category })}`);
    },
    async close() {
      await server.close();
      await app.close();
    },
  };
}
