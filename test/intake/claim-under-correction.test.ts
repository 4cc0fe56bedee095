// A corrected-claim denial shows the claim it answers as sent with the specialist's corrections marked, in
// GET /api/denials/<id>, `denial show` (readable and --json) and on its page; the corrected 837 the
// workflow then sends says what they show. Without a matched claim: nothing in the API, and a line saying
// the billing system builds the corrected claim. Real dev server with the product's worker, real SQLite
// file, the CLI as a child process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimUnderCorrectionOnFile } from '../../client/denials/claim-under-correction';
import { read837Text } from '../../domain/claims';
import { clearinghouseFolders } from '../../runtime/clearinghouse';
import { submitted837 } from '../fixtures/claims-837';
import { daysFromNow } from '../fixtures/remittances';
import { runCli } from '../support/cli';
import { eventually } from '../support/eventually';
import type { SignedIn } from '../web/support/test-app';
import { ingestClaims, startWorkAppAsAdmin, type WorkApp } from '../web/support/work-app';

const serviceDate = daysFromNow(-40);
// CO-4 with N519 (modifier) on a Medicare claim: a replacement claim, corrections first.
const denied = (account: string) => ({ account, icn: `ICN-${account}`, status: '4', charge: 100, paid: 0, filing: '12', serviceDate, adjustments: [['CO', '4', 100]] as [string, string, number][], remarks: ['N519'] });

interface Detail {
  view: { version: number; task: { id: string; kind: string } | null; route: { kind: string }; claimFiles: { fileName: string }[] };
  claimUnderCorrection: ClaimUnderCorrectionOnFile | null;
}

describe('the claim under correction, through the API, the CLI and the page', () => {
  let w: WorkApp;
  let admin: SignedIn;
  let env: NodeJS.ProcessEnv;

  const api = async (method: string, url: string, body?: unknown) =>
    fetch(`${w.base}${url}`, {
      method,
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  const detail = async (workflowId: string) => (await (await api('GET', `/api/denials/${workflowId}`)).json()) as Detail;
  /** The denial once it asks for corrections (its route confirmed if the policy asks a person to). */
  const correcting = async (workflowId: string) =>
    eventually('the corrections task', async () => {
      const d = await detail(workflowId);
      if (d.view.task?.kind === 'confirm_route') await api('POST', `/api/denials/${workflowId}/actions/confirm-route`, { taskId: d.view.task.id, version: d.view.version, decision: 'confirm' });
      return d.view.task?.kind === 'supply_corrections' ? d : undefined;
    }, 120_000);

  beforeAll(async () => {
    ({ w, admin, cliEnv: env } = await startWorkAppAsAdmin());
  }, 180_000);

  afterAll(async () => {
    await w?.close();
  });

  it('shows the claim as sent, then with the corrections marked; the 837 sent carries them', async () => {
    const file = path.join(w.dev.config.dataDir, 'cu1.837');
    fs.writeFileSync(file, submitted837({ account: 'CU-1', serviceDate }));
    const stored = (await w.intake.ingest(file, { via: 'cli', dryRun: false })).claims[0]!;
    const workflowId = (await ingestClaims(w, 'cu1.835', [denied('CU-1')])).claims[0]!.workflowId!;

    const before = await correcting(workflowId);
    expect(before.view.route.kind).toBe('corrected_claim');
    expect(before.claimUnderCorrection).toMatchObject({ status: 'read', claimId: stored.claimId, claim: { header: { patientControlNumber: { sent: 'CU-1' } }, notApplied: [] } });
    const page = await (await api('GET', `/denials/${workflowId}`)).text();
    expect(page).toContain('<h2 id="claim-h">The claim as sent, with your corrections</h2>');
    expect(page.indexOf('id="claim-h"')).toBeLessThan(page.indexOf('id="rem-h"'));
    expect(page).not.toMatch(/<td>[^<]*<del>/);

    const corrections = [
      { field: 'modifier', line: 1, to: '25' },
      { field: 'units', line: 2, to: '2' },
      { field: 'diagnosis_pointer', line: 3, to: '1' },
      { field: 'authorization_number', to: 'AUTH-77' },
      { field: 'place_of_service', to: '22' },
    ];
    const supplied = await api('POST', `/api/denials/${workflowId}/actions/supply-corrections`, { taskId: before.view.task!.id, version: before.view.version, corrections });
    expect(supplied.status, await supplied.clone().text()).toBe(200);

    const after = await detail(workflowId);
    expect(after.claimUnderCorrection?.status).toBe('read');
    const claim = after.claimUnderCorrection!.status === 'read' ? after.claimUnderCorrection!.claim : undefined;
    expect(claim?.lines.map((l) => [l.modifiers, l.units, l.diagnosisPointers])).toEqual([
      [{ sent: '', corrected: '25' }, { sent: '1' }, { sent: '1' }],
      [{ sent: '' }, { sent: '1', corrected: '2' }, { sent: '1' }],
      [{ sent: '' }, { sent: '1' }, { sent: '2', corrected: '1' }],
      [{ sent: '' }, { sent: '1' }, { sent: '1, 2' }],
    ]);
    expect(claim?.identifiers[0]).toEqual({ name: 'prior_authorization', value: { sent: '', corrected: 'AUTH-77' } });
    expect(claim?.notApplied).toEqual([{ field: 'place_of_service', to: '22' }]);

    const shown = await runCli('denial.ts', ['show', workflowId, '--json'], env);
    expect(shown.stderr).toBe('');
    expect((JSON.parse(shown.stdout) as { claimUnderCorrection: unknown }).claimUnderCorrection).toEqual(after.claimUnderCorrection);
    const human = await runCli('denial.ts', ['show', workflowId], env);
    expect(human.stdout).toContain(`The claim as sent, with the corrections (sent → corrected), ${stored.claimId}:`);
    expect(human.stdout).toContain('  Prior authorization (REF*G1): none → AUTH-77');
    expect(human.stdout).toContain('  Line 1: procedure 99213, modifiers none → 25, units 1, charge 40.00, diagnosis pointers 1');
    expect(human.stdout).toContain('  Not applied (the claim cannot carry it): place of service → 22');

    // What the workflow sends says what the denial showed.
    const sent = await eventually('the corrected claim sent', async () => (await detail(workflowId)).view.claimFiles[0], 120_000);
    const outbox = clearinghouseFolders(w.dev.config.dataDir, w.dev.config.clearinghouse.tradingPartner).outbox;
    const replacement = read837Text(fs.readFileSync(path.join(outbox, sent.fileName), 'utf8'), sent.fileName).flatMap((e) => (e.kind === 'claim' ? [e.claim] : []))[0]!;
    expect(replacement.serviceLines.map((l) => [l.procedure!.modifiers.join(' '), String(l.units), l.diagnosisPointers.join(', ')])).toEqual(
      claim!.lines.map((l) => [l.modifiers.corrected ?? l.modifiers.sent, l.units.corrected ?? l.units.sent, l.diagnosisPointers.corrected ?? l.diagnosisPointers.sent]),
    );
    expect(replacement.priorAuthorization).toBe('AUTH-77');
  });

  it('no submitted claim on file: nothing in the API, a line on the page and in denial show', async () => {
    const workflowId = (await ingestClaims(w, 'cu2.835', [denied('CU-2')])).claims[0]!.workflowId!;
    const d = await correcting(workflowId);
    expect(d.claimUnderCorrection).toBeNull();
    const page = await (await api('GET', `/denials/${workflowId}`)).text();
    expect(page).toContain('No submitted claim on file for this denial: build the corrected claim in the billing system.');
    const human = await runCli('denial.ts', ['show', workflowId], env);
    expect(human.stdout).toContain('Claim under correction: No submitted claim on file for this denial');
    const json = JSON.parse((await runCli('denial.ts', ['show', workflowId, '--json'], env)).stdout) as { claimUnderCorrection: unknown };
    expect(json.claimUnderCorrection).toBeNull();
  });
});
