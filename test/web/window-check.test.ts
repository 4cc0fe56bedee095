// The task a person gets when a window passed by an unverified limit: the page asks for the route the real
// window allows and its last day, and the form becomes the override the workflow's validator expects.
import { describe, expect, it } from 'vitest';
import { assessCase } from '../../domain/lifecycle/assess';
import { ConfirmRouteCommand } from '../../domain/lifecycle/tasks';
import { renderTaskPage } from '../../client/web/pages/task-page';
import { formToActionData } from '../../client/web/work/forms';
import { DenialCaseState } from '../../workflows/denial/case-state';
import { caseFrom, remittance835 } from '../fixtures/remittances';

const TODAY = '2026-03-10';

function windowCheck(): DenialCaseState {
  // Commercial, returned unprocessable (N517): the 90-day filing limit (unverified) ended 2026-01-08.
  const denial = caseFrom(remittance835({ remitDate: '2026-02-01', claims: [{ status: '4', charge: 300, paid: 0, filing: '12', serviceDate: '2025-10-10', adjustments: [['CO', '16', 300]], remarks: ['N517'] }] }));
  const c = new DenialCaseState('denial-window', denial, 'start-key');
  c.adopt(assessCase({ denial, today: TODAY, appealLevel: 0, atRiskCents: c.atRiskCents }));
  c.openTask('confirm_route', 'ar_follow_up', `${TODAY}T15:00:00.000Z`);
  return c;
}

describe('the window check task', () => {
  it('asks for the route the confirmed window allows and its last day, with no plain "confirm"', () => {
    const c = windowCheck();
    expect(c.route).toEqual({ kind: 'verify_window', window: 'timely_filing', unverifiedDueDate: '2026-01-08' });
    const page = renderTaskPage({ viewer: { id: 'ar.alex', role: 'ar_specialist', csrf: 'tok' }, view: c.view(), history: [], today: TODAY });
    expect(page).toContain('Check the window with the payer: check the claim filing window with the payer (by an unverified limit it ended 2026-01-08)');
    expect(page).toMatch(/<input type="hidden" name="decision" value="override">/);
    expect(page).not.toMatch(/name="decision" value="confirm"/);
    expect(page).toMatch(/name="windowDueDate" type="date" min="2026-03-10"/);
    expect(page).not.toMatch(/<option value="verify_window"/);
  });

  it('the form becomes an override with the confirmed last day that the command schema accepts', () => {
    const c = windowCheck();
    const data = formToActionData('confirm-route', { decision: 'override', route: 'corrected_claim', windowDueDate: '2026-04-08', reason: 'payer rep, call 4471: 180 days' }, c.view());
    // The window in question was the original filing window: the claim goes again as a new claim (frequency 1).
    expect(data).toEqual({ decision: 'override', route: { kind: 'corrected_claim', claimFrequency: '1' }, reason: 'payer rep, call 4471: 180 days', windowDueDate: '2026-04-08' });
    const cmd = ConfirmRouteCommand.parse({ ...data, taskId: c.task!.id, version: c.version, actor: { id: 'ar.alex', role: 'ar_specialist' } });
    expect(cmd.windowDueDate).toBe('2026-04-08');
  });
});
