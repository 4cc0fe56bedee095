// The page renderers on their own: values are escaped, the worklist counts down and offers bulk assign only
// to supervisors, the task page shows the current task's form with the person's input and the rejection.
import { describe, expect, it } from 'vitest';
import { html, query } from '../../client/web/pages/html';
import type { PageViewer } from '../../client/web/pages/layout';
import { countdown, renderWorklistPage } from '../../client/web/pages/worklist-page';
import { renderDashboardPage } from '../../client/web/pages/dashboard-page';
import { computeKpis } from '../../domain/kpis/kpis';
import { testPayerShifts } from '../../domain/kpis/payer-shift';
import type { WorklistRow } from '../../client/web/work/work-service';

const specialist: PageViewer = { id: 'ar.alex', role: 'ar_specialist', team: 'ar_follow_up', csrf: 'tok-1' };
const supervisor: PageViewer = { id: 'sam', role: 'supervisor', csrf: 'tok-2' };

const row = (over: Partial<WorklistRow> = {}): WorklistRow => ({
  workflowId: 'denial-0123456789abcdef0123',
  reference: 'D-01234-56789',
  payerId: '04412',
  category: 'medical_necessity',
  rootCause: 'missing_medical_necessity',
  ownerTeam: 'cdi_providers',
  preventable: false,
  route: 'appeal',
  stage: 'in_work',
  appealLevel: 0,
  chargeCents: 24_000,
  initialAtRiskCents: 24_000,
  atRiskCents: 24_000,
  recoveredCents: 0,
  lostCents: 0,
  underpaidCents: 0,
  remitDate: '2026-11-01',
  openedAt: '2026-11-01T10:00:00.000Z',
  appealed: false,
  touches: 0,
  lastSeq: 4,
  updatedAt: '2026-11-01T10:00:00.000Z',
  dueDate: '2026-11-30',
  taskKind: 'prepare_appeal',
  ...over,
});

describe('page rendering', () => {
  it('escapes every interpolated value', () => {
    const evil = '<script>alert(1)</script>"';
    expect(html`<p title="${evil}">${evil}</p>`.value).toBe('<p title="&lt;script&gt;alert(1)&lt;/script&gt;&quot;">&lt;script&gt;alert(1)&lt;/script&gt;&quot;</p>');
    expect(query({ a: 'x y', b: '', c: undefined, d: 2 })).toBe('?a=x+y&d=2');
  });

  it('counts deadlines down in days', () => {
    expect(countdown('2026-11-30', '2026-11-26')).toEqual({ text: '4 d left', tone: 'urgent' });
    expect(countdown('2026-11-20', '2026-11-26')).toEqual({ text: '6 d overdue', tone: 'late' });
    expect(countdown(undefined, '2026-11-26').tone).toBe('none');
  });

  it('the worklist shows rows with countdowns and people by name; bulk assign only for supervisors', () => {
    const base = { rows: [row({ payerId: '<b>P</b>' }), row({ workflowId: 'denial-held', assignee: 'ar.alex' })], total: 2, pageSize: 50, today: '2026-11-26', staff: [{ id: 'ar.alex', displayName: 'Alex Rivera' }], canAssign: true };
    const mine = renderWorklistPage({ ...base, viewer: specialist, filters: { scope: 'mine', sort: 'deadline', offset: 0 } });
    expect(mine).toContain('4 d left');
    expect(mine).toContain('&lt;b&gt;P&lt;/b&gt;');
    expect(mine).not.toContain('Assign selected');
    expect(mine).toContain('Team queue (AR follow up)');
    expect(mine).toContain('<td>Alex Rivera (ar.alex)</td>');
    expect(mine).not.toContain('<datalist id="people"><option');
    const all = renderWorklistPage({ ...base, viewer: supervisor, filters: { scope: 'all', sort: 'dollars', offset: 0 } });
    expect(all).toContain('Assign selected to');
    expect(all).toContain('name="_csrf" value="tok-2"');
    expect(all).toMatch(/1–2 of 2 · sorted by dollars at risk/);
    expect(all).toContain('<option value="ar.alex" label="Alex Rivera">');
  });

  it('a worklist row names the patient, account, dates of service and payer, and links the denial by its short reference', () => {
    const subject = { patientName: '<i>DOE, JANE</i>', accountNumber: 'W-1', serviceDateFrom: '2026-10-01', serviceDateTo: '2026-10-03', procedures: ['99214', '97110'], payerName: 'ACME HEALTH' };
    const page = renderWorklistPage({
      rows: [row({ subject }), row({ workflowId: 'denial-ffff', reference: 'D-FFFF0-00000' })],
      total: 2,
      pageSize: 50,
      today: '2026-11-26',
      staff: [],
      canAssign: false,
      viewer: specialist,
      filters: { scope: 'team', sort: 'value', offset: 0, q: 'doe' },
    });
    expect(page).toContain('&lt;i&gt;DOE, JANE&lt;/i&gt;<br><span class="muted">acct W-1 · DOS 2026-10-01 – 2026-10-03 · 99214, 97110</span>');
    expect(page).toContain('<span title="04412">ACME HEALTH</span>');
    expect(page).toContain('>D-01234-56789</a>');
    // A denial from before subjects were kept shows a dash, not a made-up name.
    expect(page).toMatch(/<td class="subject"><span class="muted">—<\/span><\/td>/);
    expect(page).toContain('name="q" value="doe"');
    expect(page).toContain('Showing matches for “doe”');
  });

  it('the dashboard shows the money taken back without a denial, per week and payer, or says there was none (#16)', () => {
    const payerShifts = { week: '2026-03-30', baselineWeeks: 12, findings: testPayerShifts([{ payerId: 'AETNA', carc: 'CO-197', denials: 24, claims: 400, baselineDenials: 48, baselineClaims: 4800 }]) };
    const base = { viewer: supervisor, kpis: computeKpis({ facts: [], volumes: [], prevention: [] }, { from: '2026-03-01', to: '2026-03-31' }), trend: [], workload: [], valueBands: [], prevention: [], payerShifts };
    const page = renderDashboardPage({ ...base, silentMoney: [{ week: '2026-03-02', payerId: 'AETNA', takenCents: 4000, addedCents: 250, items: 2, linkedToDenials: 1 }] });
    expect(page).toContain('Money taken back without a denial');
    expect(page).toMatch(/<tr data-week="2026-03-02"><td>2026-03-02<\/td><td>AETNA<\/td><td class="num">\$40\.00<\/td><td class="num">\$2\.50<\/td><td class="num">2<\/td><td class="num">1<\/td><\/tr>/);
    const quiet = renderDashboardPage({ ...base, silentMoney: [], payerShifts: { ...payerShifts, findings: [] } });
    expect(quiet).toContain('No reversal, recoupment or provider-level adjustment in these weeks.');
    // The payer-behaviour test of the week: the alert with its evidence, or that there was none.
    expect(page).toMatch(/<li data-payer="AETNA" data-code="CO-197"><strong>AETNA CO-197<\/strong>: 24 of 400 claims \(6\.0%\) denied CO-197 this week/);
    expect(quiet).toContain('No payer denied a code significantly more often than before.');
    // A shift confined to one procedure is named with it, and links to its own issue.
    const confined = renderDashboardPage({ ...base, silentMoney: [], payerShifts: { ...payerShifts, findings: testPayerShifts([{ payerId: 'CIGNA', carc: 'CO-50', procedure: '97110', denials: 12, claims: 60, baselineDenials: 12, baselineClaims: 720 }]) } });
    expect(confined).toMatch(/<li data-payer="CIGNA" data-code="CO-50" data-procedure="97110"><strong>CIGNA CO-50 on 97110<\/strong>: 12 of 60 claims with 97110 \(20\.0%\)/);
    expect(confined).toContain('href="/payer-issues/payer-issue-CIGNA-CO-50-97110-2026-03-30"');
  });
});
