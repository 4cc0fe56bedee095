// The denial's state on its own, without a server: versions, tasks and their claims, duplicate deliveries,
// the ledger entries it numbers and the attributes it publishes.
import { describe, expect, it } from 'vitest';
import { assessCase } from '../../domain/lifecycle/assess';
import type { Actor } from '../../domain/lifecycle/tasks';
import { DenialCaseState, TaskRejection } from '../../workflows/denial/case-state';
import { caseFrom, remittance835 } from '../fixtures/remittances';

const alex: Actor = { id: 'ar.alex', role: 'ar_specialist' };
const blair: Actor = { id: 'ar.blair', role: 'ar_specialist' };
const sam: Actor = { id: 'sup.sam', role: 'supervisor' };
const NOW = '2026-03-10T15:00:00.000Z';

function denialCase(): DenialCaseState {
  const denial = caseFrom(remittance835({ remitDate: '2026-03-02', claims: [{ status: '4', charge: 240, paid: 0, serviceDate: '2026-01-10', adjustments: [['CO', '50', 240]], remarks: ['N115'] }] }));
  const c = new DenialCaseState('denial-abc', denial, 'start-key');
  c.adopt(assessCase({ denial, today: '2026-03-10', appealLevel: 0, atRiskCents: c.atRiskCents }));
  return c;
}

describe('DenialCaseState', () => {
  it('adopts an assessment: classification, route and deadline', () => {
    const c = denialCase();
    expect(c.primary).toMatchObject({ code: 'CO-50', category: 'medical_necessity' });
    expect(c.route).toMatchObject({ kind: 'appeal', appealLevel: 1 });
    expect(c.deadline?.kind).toBe('appeal');
  });

  it('a claimed task refuses every other completion, and is open again when released', () => {
    const c = denialCase();
    const t = c.openTask('prepare_appeal', 'ar_follow_up', NOW);
    const cmd = { taskId: t.id, version: c.version, actor: alex };
    c.claim(['prepare_appeal'], cmd);
    expect(() => c.checkTask(['prepare_appeal'], cmd)).toThrow(/already being completed by ar.alex/);
    expect(() => c.claim(['prepare_appeal'], { ...cmd, actor: blair })).toThrow(TaskRejection);
    c.release(t);
    expect(c.claim(['prepare_appeal'], { ...cmd, actor: blair }).claimedBy).toBe('ar.blair');
  });

  it('finishing a task closes it, bumps the version, and a repeat names what changed', () => {
    const c = denialCase();
    const t = c.openTask('confirm_route', 'ar_follow_up', NOW);
    const seen = c.version;
    c.claim(['confirm_route'], { taskId: t.id, version: seen, actor: alex });
    c.finishTask('Route confirmed: appeal');
    expect(c.isDone(t.id)).toBe(true);
    expect(c.result()).toEqual({ version: seen + 1, stage: 'intake', taskId: null });
    expect(() => c.checkTask(['confirm_route'], { taskId: t.id, version: seen, actor: alex })).toThrow(/Stale: .* Since then: Route confirmed: appeal/);
    expect(() => c.checkTask(['confirm_route'], { taskId: t.id, version: c.version, actor: alex })).toThrow(/There is no open task/);
  });

  it('checks the role a task needs', () => {
    const c = denialCase();
    const t = c.openTask('approve_write_off', 'supervisors', NOW);
    expect(() => c.checkTask(['approve_write_off'], { taskId: t.id, version: c.version, actor: alex })).toThrow(/Role ar_specialist may not complete approve_write_off/);
    expect(c.checkTask(['approve_write_off'], { taskId: t.id, version: c.version, actor: sam }).id).toBe(t.id);
  });

  it('counts a remittance once: the opening event and repeats are duplicates', () => {
    const c = denialCase();
    expect(c.firstDelivery('start-key')).toBe(false);
    expect(c.firstDelivery('payment-1')).toBe(true);
    expect(c.firstDelivery('payment-1')).toBe(false);
    expect({ received: c.eventsReceived, duplicates: c.duplicatesIgnored }).toEqual({ received: 2, duplicates: 2 });
  });

  it('numbers ledger entries and keeps them free of the patient account number', () => {
    const c = denialCase();
    const a = c.ledgerEntry('transition', 'Denial received', { id: 'system', role: 'automation' }, NOW);
    const b = c.ledgerEntry('note', 'called the payer', alex, NOW);
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(b.facts).toMatchObject({ category: 'medical_necessity', route: 'appeal', codes: ['CO-50', 'N115'] });
    expect(JSON.stringify([a, b])).not.toContain(c.denial.claim.patientControlNumber);
    expect(c.view().timeline.map((e) => e.summary)).toEqual(['Denial received', 'called the payer']);
  });

  it('publishes NextDeadline while a filing deadline runs, and none once submitted or closed', () => {
    const c = denialCase();
    const keys = () => c.searchAttributes().map((a) => a.key.name);
    expect(keys()).toContain('NextDeadline');
    c.submission = { date: '2026-03-10', channel: 'portal', reference: 'X', by: 'ar.alex' };
    expect(keys()).not.toContain('NextDeadline');
    expect(c.deadlineRuns).toBe(false);
  });
});
