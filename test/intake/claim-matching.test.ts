// A denial shows the submitted claim it answers, whichever file came first: in `denial show --json`, in
// GET /api/denials/<id> and on the denial's page; a frequency-7 replacement supersedes the original.
// Real dev server with the product's worker, real SQLite file, the CLI as a child process.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmittedClaimMatch } from '../../services/claims/claim-match';
import { validate837 } from '../../domain/claims/validate-837';
import { submitted837, type Submitted837 } from '../fixtures/claims-837';
import { daysFromNow } from '../fixtures/remittances';
import { runCli } from '../support/cli';
import type { SignedIn } from '../web/support/test-app';
import { ingestClaims, startWorkAppAsAdmin, type WorkApp } from '../web/support/work-app';

const serviceDate = daysFromNow(-40);
const denied = (account: string) => ({ account, icn: `ICN-${account}`, status: '4', charge: 240, paid: 0, serviceDate, adjustments: [['CO', '50', 240]] as [string, string, number][] });

describe('a denial matched to its submitted claim', () => {
  let w: WorkApp;
  let admin: SignedIn;
  let env: NodeJS.ProcessEnv;

  const send837 = async (name: string, c: Submitted837) => {
    const file = path.join(w.dev.config.dataDir, name);
    fs.writeFileSync(file, submitted837(c));
    return w.intake.ingest(file, { via: 'cli', dryRun: false });
  };
  const apiMatch = async (workflowId: string) => {
    const res = await fetch(`${w.base}/api/denials/${workflowId}`, { headers: { cookie: admin.cookie } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { submittedClaim: SubmittedClaimMatch | null }).submittedClaim;
  };

  beforeAll(async () => {
    ({ w, admin, cliEnv: env } = await startWorkAppAsAdmin());
  }, 180_000);

  afterAll(async () => {
    await w?.close();
  });

  it('a claim ingested after its denial: shown by the CLI, the API and the page; its replacement supersedes it', async () => {
    const workflowId = (await ingestClaims(w, 'first.835', [denied('M-1')])).claims[0]!.workflowId!;
    expect(await apiMatch(workflowId)).toEqual({ status: 'none' });

    const original = (await send837('m1.837', { account: 'M-1', serviceDate })).claims[0]!;
    expect(original.delivery).toBe('stored');
    const matched = await apiMatch(workflowId);
    expect(matched).toMatchObject({ status: 'matched', claim: { claimId: original.claimId, frequency: '1', serviceFrom: serviceDate.replace(/-/g, ''), charge: '100.00', kind: 'professional' }, supersedes: [] });
    expect(JSON.stringify(matched)).not.toContain('M-1');

    const shown = await runCli('denial.ts', ['show', workflowId, '--json'], env);
    expect(shown.code).toBe(0);
    expect((JSON.parse(shown.stdout) as { submittedClaim: SubmittedClaimMatch }).submittedClaim).toEqual(matched);
    const human = await runCli('denial.ts', ['show', workflowId], env);
    expect(human.stdout).toContain(`Submitted claim: ${original.claimId}, frequency 1`);

    const page = await (await fetch(`${w.base}/denials/${workflowId}`, { headers: { cookie: admin.cookie } })).text();
    expect(page).toMatch(new RegExp(`data-testid="submitted-claim">${original.claimId}, frequency 1, ${serviceDate.replace(/-/g, '')}, charge 100.00`));

    const replacement = (await send837('m1-fix.837', { account: 'M-1', serviceDate, frequency: '7', payerClaimNumber: 'ICN-M-1' })).claims[0]!;
    expect(await apiMatch(workflowId)).toMatchObject({ status: 'matched', claim: { claimId: replacement.claimId, frequency: '7' }, supersedes: [original.claimId] });
  });

  it('a denial ingested after its claim finds it; a claim of another date or payer does not match', async () => {
    await send837('m2-other-date.837', { account: 'M-2', serviceDate: daysFromNow(-90) });
    await send837('m2-other-payer.837', { account: 'M-2', serviceDate, payerId: 'OTHERPAYER' });
    const claim = (await send837('m2.837', { account: 'M-2', serviceDate })).claims[0]!;
    const workflowId = (await ingestClaims(w, 'second.835', [denied('M-2')])).claims[0]!.workflowId!;
    expect(await apiMatch(workflowId)).toMatchObject({ status: 'matched', claim: { claimId: claim.claimId } });
  });

  it('denial claim writes the validated frequency-7 replacement (or --void 8) of the matched claim, owner-only; refuses without one', async () => {
    const claim = (await send837('m4.837', { account: 'M-4', serviceDate })).claims[0]!;
    const workflowId = (await ingestClaims(w, 'fourth.835', [denied('M-4')])).claims[0]!.workflowId!;
    const out = path.join(w.dev.config.dataDir, 'm4-fix.837');
    const r = await runCli('denial.ts', ['claim', workflowId, '--out', out, '--json'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const first = JSON.parse(r.stdout) as { ok: boolean; claimId: string; frequency: string; controlNumber: number; notApplied: unknown[] };
    expect(first).toMatchObject({ ok: true, claimId: claim.claimId, frequency: '7', notApplied: [] });
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(out, 'utf8');
    expect(validate837(text, out).filter((i) => i.severity === 'error')).toEqual([]);
    expect(text).toContain('CLM*M-4*100.00***11:B:7');
    expect(text).toContain('REF*F8*ICN-M-4');

    const voided = await runCli('denial.ts', ['claim', workflowId, '--out', out, '--void'], env);
    expect(voided.code).toBe(0);
    expect(voided.stdout).toMatch(new RegExp(`Wrote the frequency-8 claim for ${claim.claimId} to .* \\(control number ${first.controlNumber + 1}\\)`));
    expect(fs.readFileSync(out, 'utf8')).toContain('CLM*M-4*100.00***11:B:8');

    const lonely = (await ingestClaims(w, 'fifth.835', [denied('M-5')])).claims[0]!.workflowId!;
    const refused = await runCli('denial.ts', ['claim', lonely, '--out', path.join(w.dev.config.dataDir, 'm5.837')], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Not written: No matched original claim: none stored matches');
    expect(fs.existsSync(path.join(w.dev.config.dataDir, 'm5.837'))).toBe(false);
  });

  it('two originals sharing account, payer and dates are reported ambiguous, not guessed', async () => {
    await send837('m3-a.837', { account: 'M-3', serviceDate });
    // Another claim for the same visit (another charge): a different claim the rule cannot tell apart.
    const other = submitted837({ account: 'M-3', serviceDate }).replace('CLM*M-3*100', 'CLM*M-3*90');
    fs.writeFileSync(path.join(w.dev.config.dataDir, 'm3-b.837'), other);
    await w.intake.ingest(path.join(w.dev.config.dataDir, 'm3-b.837'), { via: 'cli', dryRun: false });
    const workflowId = (await ingestClaims(w, 'third.835', [denied('M-3')])).claims[0]!.workflowId!;
    const match = await apiMatch(workflowId);
    expect(match).toMatchObject({ status: 'ambiguous', reason: expect.stringContaining('2 original claims') });
    expect(match?.status === 'ambiguous' && match.candidates).toHaveLength(2);
  });
});
