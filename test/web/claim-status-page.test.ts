// What a denial's page shows of its clearinghouse traffic: the files it sent, the payer's claim status
// answers, and on the follow-up (or a rejected claim's corrections) task the latest answer, explained.
// The case state keeps an answer once however often it is delivered, and tells a rejection of the claim
// it sent from other news.
import { describe, expect, it } from 'vitest';
import { assessCase } from '../../domain/lifecycle/assess';
import { renderTaskPage } from '../../client/web/pages/task-page';
import type { ClaimStatusReport } from '../../domain/lifecycle/claim-status-report';
import { DenialCaseState } from '../../workflows/denial/case-state';
import { caseFrom, remittance835 } from '../fixtures/remittances';

const TODAY = '2026-03-10';
const viewer = { id: 'ar.alex', role: 'ar_specialist' as const, csrf: 'tok' };

function correctedClaimOut(): DenialCaseState {
  const denial = caseFrom(remittance835({ remitDate: '2026-02-01', claims: [{ status: '4', charge: 300, paid: 0, filing: '12', serviceDate: '2026-01-10', adjustments: [['CO', '4', 300]], remarks: ['N519'] }] }));
  const c = new DenialCaseState('denial-page', denial, 'start-key');
  c.adopt(assessCase({ denial, today: TODAY, appealLevel: 0, atRiskCents: c.atRiskCents }));
  expect(c.route.kind).toBe('corrected_claim');
  c.claimFiles.push({ kind: '837', fileName: c.nextClaimFileName('837'), controlNumber: 12, sentOn: TODAY, frequency: '7' });
  c.moveTo('awaiting_payer');
  return c;
}

const pended: ClaimStatusReport = { eventKey: 'k1', source: '277', classification: 'pended', categoryCode: 'P1', statusCode: '20', explanation: 'Pending/In Process: Claim is being processed', effectiveDate: TODAY };
const rejected: ClaimStatusReport = { eventKey: 'k2', source: '277CA', classification: 'rejected', categoryCode: 'A7', statusCode: '21', explanation: 'Acknowledgement/Rejected for Invalid Information: missing or invalid information' };

describe('claim status on the denial', () => {
  it('keeps an answer once, and tells a rejection of the claim it sent from other news', () => {
    const c = correctedClaimOut();
    expect(c.nextClaimFileName('837')).toBe('denial-page-corrected-claim-2.837');
    const seen = c.takeStatus(pended, TODAY)!;
    expect(seen).toMatchObject({ classification: 'pended', receivedOn: TODAY });
    expect(c.takeStatus(pended, TODAY)).toBeNull();
    expect(c.rejectsSentClaim(seen)).toBe(false);
    const no = c.takeStatus(rejected, TODAY)!;
    expect(c.rejectsSentClaim(no)).toBe(true);
    // A 999 or 277CA naming another file is not about the claim out now.
    expect(c.rejectsSentClaim({ ...no, answersFile: 'denial-page-corrected-claim-0.837' })).toBe(false);
    expect(c.view().claimStatuses.map((s) => s.classification)).toEqual(['pended', 'rejected']);
  });

  it('the page lists the files sent and the answers; the follow-up task shows the latest, explained', () => {
    const c = correctedClaimOut();
    c.takeStatus(pended, TODAY);
    c.openTask('follow_up', 'ar_follow_up', `${TODAY}T15:00:00.000Z`);
    const page = renderTaskPage({ viewer, view: c.view(), history: [], today: TODAY });
    expect(page).toMatch(/data-testid="claim-files"><li>Corrected claim \(837, frequency 7\) denial-page-corrected-claim-1\.837 · control number 12 · sent 2026-03-10/);
    expect(page).toContain('data-testid="latest-claim-status"><strong>Latest claim status:</strong> Pended (277 P1:20, received 2026-03-10, effective 2026-03-10): Pending/In Process: Claim is being processed');
  });

  it('no traffic, no section', () => {
    const c = correctedClaimOut();
    c.claimFiles.splice(0);
    const page = renderTaskPage({ viewer, view: c.view(), history: [], today: TODAY });
    expect(page).not.toContain('With the clearinghouse');
    expect(page).not.toContain('latest-claim-status');
  });
});
