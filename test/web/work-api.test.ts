/**
 * The work API and pages on the dev server with the product's worker: every route with every role
 * (anonymous, AR specialist of the denial's team and of another team, supervisor, automation key, admin),
 * the worklist scoped to the person's team, acting through the workflow with a stale view refused, and
 * every action attributed to the person or key in the ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebApp } from '../../client/web/app';
import type { RouteDefinition } from '../../client/web/http/route';
import { can, type Permission } from '../../client/web/auth/permissions';
import type { Role } from '../../domain/lifecycle/tasks';
import { openConfiguredLedger } from '../../runtime/store/open-ledger-store';
import { denialEntry } from '../fixtures/ledger';
import { daysFromNow } from '../fixtures/remittances';
import type { DevEnv } from '../support/dev-env';
import { eventually } from '../support/eventually';
import { signIn, type SignedIn } from './support/test-app';
import { ingestClaims, startWorkApp } from './support/work-app';

type Who = { name: string; role?: Role; team?: string; auth?: SignedIn; key?: string };

describe('work API and pages: roles, scope, actions, attribution', () => {
  let dev: DevEnv;
  let app: WebApp;
  let base: string;
  let close: () => Promise<void>;
  let workflowId: string;
  let preventionId: string;
  const people: Who[] = [
    { name: 'anonymous' },
    { name: 'ar.alex', role: 'ar_specialist', team: 'ar_follow_up' },
    { name: 'ar.other', role: 'ar_specialist', team: 'patient_access' },
    { name: 'sam', role: 'supervisor', team: 'ar_follow_up' },
    { name: 'automation', role: 'automation' },
    { name: 'ada', role: 'admin' },
  ];
  const who = (name: string) => people.find((p) => p.name === name)!;

  function headersOf(p: Who, method: string): Record<string, string> {
    if (p.key) return { authorization: `Bearer ${p.key}` };
    if (p.auth) return { cookie: p.auth.cookie, ...(method === 'GET' ? {} : { 'x-csrf-token': p.auth.csrfToken }) };
    return {};
  }

  async function call(p: Who, method: string, url: string, body?: unknown): Promise<Response> {
    return fetch(`${base}${url}`, {
      method,
      redirect: 'manual',
      headers: { ...headersOf(p, method), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
  }

  beforeAll(async () => {
    const w = await startWorkApp();
    ({ dev, app, base, close } = w);
    for (const p of people.filter((x) => x.role)) {
      if (p.role === 'automation') {
        p.key = (await app.identity.apiKeys.create({ label: 'feed', role: 'automation' })).key;
        continue;
      }
      await app.identity.accounts.add({ id: p.name, displayName: p.name, role: p.role!, ...(p.team ? { team: p.team as 'ar_follow_up' } : {}), password: 'a-long-test-password' });
      p.auth = await signIn(base, p.name, 'a-long-test-password');
    }
    const report = await ingestClaims(w, 'denied.835', [
      { account: 'W-1', icn: 'ICN-W-1', status: '4', charge: 240, paid: 0, serviceDate: daysFromNow(-40), adjustments: [['CO', '50', 240]], remarks: ['N115'] },
      { account: 'W-2', icn: 'ICN-W-2', status: '4', charge: 900, paid: 0, serviceDate: daysFromNow(-40), adjustments: [['CO', '4', 900]] },
    ]);
    workflowId = report.claims[0]!.workflowId!;
    await eventually('both denials in the ledger with a task', async () => {
      const rows = (await (await call(who('sam'), 'GET', '/api/tasks?scope=all')).json()) as { total: number; rows: { taskKind?: string }[] };
      return rows.total === 2 && rows.rows.every((r) => r.taskKind) ? true : undefined;
    });
    // The prevention workflows write their board rows in their own time.
    preventionId = await eventually('a prevention task on the board', async () => {
      const board = (await (await call(who('sam'), 'GET', '/api/prevention')).json()) as { preventionId: string }[];
      return board[0]?.preventionId;
    });
  }, 180_000);

  afterAll(async () => {
    await close?.();
  });

  it('every route answers each role by the permission matrix: 401/redirect without sign-in, 403 without the permission', async () => {
    const routes: RouteDefinition[] = app.router.routes.filter((r) => r.permission !== 'public');
    expect(routes.length).toBeGreaterThan(15);
    const problems: string[] = [];
    for (const r of routes) {
      const url = r.path.replace(':workflowId', workflowId).replace(':preventionId', preventionId).replace(':action', 'note').replace(':reportId', 'rpt-00000000-0000-0000-0000-000000000000');
      const query = r.path === '/api/kpis' || r.path === '/api/reports/leakage.pdf' ? `?from=${daysFromNow(-30)}&to=${daysFromNow(0)}` : '';
      for (const p of people) {
        // POSTs with an empty body: permission is checked before the body, so nothing changes.
        const res = await call(p, r.method, `${url}${query}`, r.method === 'GET' || r.rawBody ? undefined : {});
        await res.arrayBuffer();
        const allowed = p.role !== undefined && (r.permission === 'signed_in' || can({ role: p.role }, r.permission as Permission));
        const denied = res.status === 401 || res.status === 403 || (res.status === 303 && (res.headers.get('location') ?? '').startsWith('/login'));
        if (!p.role && !denied) problems.push(`${r.method} ${r.path} let ${p.name} in (${res.status})`);
        if (p.role && !allowed && res.status !== 403) problems.push(`${r.method} ${r.path} gave ${p.name} ${res.status}, expected 403`);
        // Allowed by permission, refused by team scope: another team's denial, or a prevention task that
        // belongs to an owning team (CDI, coding) neither specialist works for.
        const outOfScope = (p.name === 'ar.other' && /denials|packet/.test(r.path)) || (p.role === 'ar_specialist' && r.path.includes('/prevention/:preventionId'));
        if (allowed && denied && !outOfScope) problems.push(`${r.method} ${r.path} refused ${p.name} (${res.status})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('the OpenAPI document lists the work API with each route’s permission and schemas', async () => {
    const doc = (await (await fetch(`${base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { description?: string; parameters?: unknown[] }>> };
    for (const p of ['/api/tasks', '/api/tasks/assign', '/api/denials/{workflowId}', '/api/denials/{workflowId}/actions/{action}', '/api/kpis', '/api/prevention/{preventionId}/control', '/api/reports/leakage.pdf']) {
      expect(Object.keys(doc.paths), p).toContain(p);
    }
    expect(JSON.stringify(doc.paths['/api/tasks']!.get)).toMatch(/tasks:read/);
    expect(JSON.stringify(doc.paths['/api/tasks']!.get)).toMatch(/remittedFrom/);
  });

  it('an AR specialist sees their team’s queue only; another team’s specialist is refused the denial', async () => {
    const mine = (await (await call(who('ar.alex'), 'GET', '/api/tasks?scope=team&sort=dollars')).json()) as { total: number; rows: { atRiskCents: number }[] };
    expect(mine.total).toBe(2);
    expect(mine.rows.map((r) => r.atRiskCents)).toEqual([90_000, 24_000]);
    const week = (from: string, to: string) => call(who('sam'), 'GET', `/api/tasks?scope=all&state=all&remittedFrom=${from}&remittedTo=${to}`).then((r) => r.json() as Promise<{ total: number }>);
    expect((await week(daysFromNow(-6), daysFromNow(0))).total).toBe(2);
    expect((await week(daysFromNow(-20), daysFromNow(-7))).total).toBe(0);
    const other = (await (await call(who('ar.other'), 'GET', '/api/tasks?scope=all')).json()) as { total: number };
    expect(other.total).toBe(0);
    const refused = await call(who('ar.other'), 'GET', `/api/denials/${workflowId}`);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { message: string }).message).toMatch(/worked by team ar_follow_up/);
  });

  it('shows the people working a denial whom and what it is for (#16): patient, account, service, procedures, payer', async () => {
    const d = (await (await call(who('ar.alex'), 'GET', `/api/denials/${workflowId}`)).json()) as { view: { patient?: { name?: string; memberId?: string }; accountNumber: string; remittance: { serviceDateFrom?: string } } };
    expect(d.view.patient?.name).toMatch(/DOE/);
    expect(d.view.patient?.memberId).toBe('1EG4TE5MK72');
    expect(d.view.accountNumber).toBe('W-1');
    const page = await (await call(who('ar.alex'), 'GET', `/denials/${workflowId}`)).text();
    const patientLine = /data-testid="patient">([^<]*)</.exec(page)?.[1] ?? '';
    expect(patientLine).toMatch(/DOE.* · account W-1 · member 1EG4TE5MK72/);
    expect(page).toContain(d.view.remittance.serviceDateFrom!);
    // The worklist rows carry the subject from the ledger's sealed fields (no member id: the ledger keeps none).
    type Rows = { total: number; rows: { workflowId: string; reference: string; subject?: { patientName?: string; accountNumber: string; serviceDateFrom?: string } }[] };
    const list = (await (await call(who('ar.alex'), 'GET', '/api/tasks?scope=team')).json()) as Rows;
    const mine = list.rows.find((r) => r.workflowId === workflowId)!;
    expect(mine.subject).toMatchObject({ patientName: d.view.patient!.name, accountNumber: 'W-1', serviceDateFrom: d.view.remittance.serviceDateFrom });
    expect(mine.reference).toMatch(/^D-[0-9A-F]{5}-[0-9A-F]{5}$/);
    expect(JSON.stringify(list)).not.toContain('1EG4TE5MK72');
    // Searched by a name word, its beginning, the account or the reference; every word must match.
    const search = async (q: string) => (await (await call(who('ar.alex'), 'GET', `/api/tasks?scope=team&q=${encodeURIComponent(q)}`)).json()) as Rows;
    const lastName = d.view.patient!.name!.split(/[\s,]+/)[0]!;
    // Both claims of the fixture are the same patient's: her name finds both, with the account only one.
    expect((await search(lastName.toLowerCase())).total).toBe(2);
    expect((await search(lastName.slice(0, 3))).total).toBe(2);
    expect((await search(`${lastName} w-1`)).rows.map((r) => r.workflowId)).toEqual([workflowId]);
    expect((await search('w-1')).rows.map((r) => r.workflowId)).toEqual([workflowId]);
    expect((await search(mine.reference.toLowerCase())).rows.map((r) => r.workflowId)).toEqual([workflowId]);
    expect((await search("smith w-1")).total).toBe(0);
    const nothing = await call(who('ar.alex'), 'GET', '/api/tasks?q=-');
    expect(nothing.status).toBe(400);
    expect(((await nothing.json()) as { message: string }).message).toMatch(/at least two letters or digits/);
  });

  it('shows the route’s learned recovery likelihood: the prior before any outcome, then this payer’s own record', async () => {
    type Denial = { view: { payerId: string; classification: { category: string }; route: { kind: string; appealLevel?: number } }; recoveryLikelihood: { probability: number; prior: number; won: number; decided: number; basis: string; value: number } | null };
    const before = (await (await call(who('ar.alex'), 'GET', `/api/denials/${workflowId}`)).json()) as Denial;
    const { payerId, classification, route } = before.view;
    expect(route.kind).toBe('appeal');
    expect(before.recoveryLikelihood).toMatchObject({ decided: 0, won: 0 });
    expect(before.recoveryLikelihood!.probability).toBe(before.recoveryLikelihood!.prior);

    // 18 of 20 earlier appeals at the same level with this payer and category were won.
    const ledger = openConfiguredLedger(dev.config);
    try {
      for (let i = 0; i < 20; i++) {
        const id = `denial-decided-${i}`;
        const stages = [['routed', undefined], ['submitted', undefined], ['resolved', i < 18 ? 'recovered' : 'upheld']] as const;
        for (const [seq, [stage, resolution]] of stages.entries()) {
          await ledger.append(
            denialEntry(id, seq + 1, {
              at: new Date(Date.now() - (60 - seq) * 86_400_000).toISOString(),
              stage,
              facts: { payerId, category: classification.category, route: 'appeal', appealLevel: route.appealLevel ?? 1, workTeam: 'ar_follow_up', ...(resolution ? { resolution } : {}) },
              amounts: { atRiskCents: resolution ? 0 : 10_000, recoveredCents: resolution === 'recovered' ? 10_000 : 0 },
            }),
          );
        }
      }
    } finally {
      await ledger.close();
    }
    const after = (await (await call(who('ar.alex'), 'GET', `/api/denials/${workflowId}`)).json()) as Denial;
    const p = after.recoveryLikelihood!;
    expect(p).toMatchObject({ won: 18, decided: 20 });
    expect(p.probability).toBeCloseTo((18 + 10 * p.prior) / 30, 3);
    expect(p.probability).toBeGreaterThan(before.recoveryLikelihood!.probability);
    expect(p.value).toBeGreaterThan(before.recoveryLikelihood!.value);
    expect(p.basis).toMatch(/^won 18 of 20 with this payer, category and route, prior /);
    const page = await (await call(who('ar.alex'), 'GET', `/denials/${workflowId}`)).text();
    expect(page).toContain(`Learned likelihood ${Math.round(p.probability * 100)}%`);
    expect(page).toContain('won 18 of 20 with this payer');
    // The worklist's best-next sort reads the same outcomes (their order is the ledger store's test).
    const byValue = (await (await call(who('ar.alex'), 'GET', '/api/tasks?scope=team&sort=value')).json()) as { total: number; rows: { workflowId: string }[] };
    expect(byValue.total).toBe(2);
    expect(byValue.rows.map((r) => r.workflowId)).toContain(workflowId);
  });

  it('acts through the workflow: a stale version is refused with what changed; every action is attributed', async () => {
    const d = (await (await call(who('ar.alex'), 'GET', `/api/denials/${workflowId}`)).json()) as { view: { version: number; task: { id: string } } };
    const stale = await call(who('ar.alex'), 'POST', `/api/denials/${workflowId}/actions/reassign`, { version: d.view.version - 1, to: 'ar.alex', reason: 'Taking it' });
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { code: string; message: string };
    expect(body.code).toBe('conflict');
    expect(body.message).toMatch(/^Stale: the denial is at version \d+, your page showed version \d+/);
    const ok = await call(who('ar.alex'), 'POST', `/api/denials/${workflowId}/actions/reassign`, { version: d.view.version, to: 'ar.alex', reason: 'Taking it' });
    expect(ok.status).toBe(200);
    const noted = await call(who('sam'), 'POST', `/api/denials/${workflowId}/actions/note`, { text: 'Called the payer: appeal by portal.' });
    expect(noted.status).toBe(200);
    const writeOff = await call(who('ar.alex'), 'POST', `/api/denials/${workflowId}/actions/approve-write-off`, { approve: true, reason: 'not worth it' });
    expect(writeOff.status).toBe(403);

    const ledger = openConfiguredLedger(dev.config);
    try {
      const history = await eventually('the note in the ledger', async () => {
        const h = await ledger.history(workflowId);
        return h.some((e) => e.type === 'note' && e.summary.startsWith('Called the payer')) ? h : undefined;
      });
      expect(history.find((e) => e.type === 'command' && e.summary.startsWith('Reassigned'))?.actor).toEqual({ id: 'ar.alex', role: 'ar_specialist' });
      expect(history.find((e) => e.type === 'note' && e.summary.startsWith('Called the payer'))?.actor).toEqual({ id: 'sam', role: 'supervisor' });
    } finally {
      await ledger.close();
    }
  });

  it('refuses an assignment to anyone not in the directory, or to a made-up team, before any Update', async () => {
    const d = (await (await call(who('sam'), 'GET', `/api/denials/${workflowId}`)).json()) as { view: { version: number } };
    const attempt = async (fields: Record<string, unknown>) => {
      const res = await call(who('sam'), 'POST', `/api/denials/${workflowId}/actions/reassign`, { version: d.view.version, reason: 'Balancing the queue', ...fields });
      return { status: res.status, message: ((await res.json()) as { message: string }).message };
    };
    expect(await attempt({ to: 'Ghost Person' })).toEqual({ status: 409, message: expect.stringMatching(/^"Ghost Person" is not a staff id/) });
    expect(await attempt({ to: 'ar.nobody' })).toEqual({ status: 409, message: 'No staff member has the id ar.nobody: see `npm run users -- list`.' });
    expect(await attempt({ to: 'ar.alex', team: 'made_up' })).toEqual({ status: 409, message: expect.stringMatching(/^unknown team "made_up": one of patient_access, .*supervisors$/) });
    const bulk = await call(who('sam'), 'POST', '/api/tasks/assign', { workflowIds: [workflowId], to: 'Sam Lee', reason: 'Balancing the queue' });
    expect(await bulk.json()).toEqual({ assigned: [], rejected: [{ workflowId, reason: expect.stringMatching(/^"Sam Lee" is not a staff id/) }] });
    // None of it reached the workflow: its version is where it was.
    const after = (await (await call(who('sam'), 'GET', `/api/denials/${workflowId}`)).json()) as { view: { version: number } };
    expect(after.view.version).toBe(d.view.version);
  });

  it('prevention tasks follow the team rules: a specialist reaches only their own team’s', async () => {
    const board = (await (await call(who('sam'), 'GET', '/api/prevention')).json()) as { preventionId: string; ownerTeam: string }[];
    expect(board.map((t) => t.ownerTeam).sort()).toEqual(['cdi_providers', 'coding']);
    const other = who('ar.other'); // patient_access: neither task is theirs
    expect(await (await call(other, 'GET', '/api/prevention')).json()).toEqual([]);
    expect((await call(other, 'GET', '/api/prevention?team=coding')).status).toBe(403);
    for (const t of board) {
      const read = await call(other, 'GET', `/api/prevention/${t.preventionId}`);
      expect(read.status).toBe(403);
      expect(((await read.json()) as { message: string }).message).toMatch(new RegExp(`belongs to team ${t.ownerTeam}; ar.other works for patient_access`));
      const control = await call(other, 'POST', `/api/prevention/${t.preventionId}/control`, { taskId: 't', version: 0, kind: 'checklist', what: 'A control from another team' });
      expect(control.status).toBe(403);
      expect((await call(other, 'GET', `/prevention/${t.preventionId}`)).status).toBe(403);
    }
  });

  it('bulk assigns through each workflow; a missing prevention task is a 404, not a failure', async () => {
    const all = (await (await call(who('sam'), 'GET', '/api/tasks?scope=all')).json()) as { rows: { workflowId: string }[] };
    const res = await call(who('sam'), 'POST', '/api/tasks/assign', { workflowIds: all.rows.map((r) => r.workflowId), to: 'ar.alex', reason: 'Balancing the queue' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ assigned: all.rows.map((r) => r.workflowId), rejected: [] });
    // The worklist reads the ledger, which the workflows append to after the Update returns.
    await eventually('both in ar.alex’s own tasks', async () => {
      const mine = (await (await call(who('ar.alex'), 'GET', '/api/tasks?scope=mine')).json()) as { total: number };
      return mine.total === 2 ? true : undefined;
    });
    const missing = await call(who('sam'), 'POST', '/api/prevention/prevention-nothing_here/control', { taskId: 't', version: 0, kind: 'checklist', what: 'A control that has no task' });
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { message: string }).message).toBe('No prevention task prevention-nothing_here.');
  });

  it('the pages render for a signed-in specialist and supervisor; a form without its CSRF token is refused', async () => {
    for (const [p, url, text] of [
      [who('ar.alex'), '/worklist?scope=team', 'Team queue'],
      [who('ar.alex'), `/denials/${workflowId}`, 'What the payer said'],
      [who('sam'), '/dashboard', 'Denial rate by category'],
      [who('sam'), '/prevention', 'Prevention'],
      [who('sam'), `/prevention/${preventionId}`, 'Record the control in place'],
    ] as const) {
      const res = await call(p, 'GET', url);
      expect(res.status, url).toBe(200);
      expect(await res.text()).toContain(text);
    }
    const noToken = await fetch(`${base}/denials/${workflowId}/act/note`, { method: 'POST', redirect: 'manual', headers: { cookie: who('ar.alex').auth!.cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hello' });
    expect(noToken.status).toBe(403);
  });
});
