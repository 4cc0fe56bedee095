// The denial page on the corrected-claim route shows the claim as sent with the specialist's corrections
// (the real X222A1 sample, read back as the store gives it): under the task while corrections are asked
// for, further down once they are in; corrected values struck through and replaced, every value escaped,
// and a line instead of the table when no submitted claim is on file.
import { describe, expect, it } from 'vitest';
import { read837Text } from '../../domain/claims';
import { claimUnderCorrection } from '../../domain/claims/claim-under-correction';
import { claimFromOriginal } from '../../domain/claims/original-claim';
import { assessCase } from '../../domain/lifecycle/assess';
import type { Correction } from '../../domain/lifecycle/tasks';
import type { ClaimUnderCorrectionOnFile } from '../../client/denials/claim-under-correction';
import { renderTaskPage } from '../../client/web/pages/task-page';
import { DenialCaseState } from '../../workflows/denial/case-state';
import { submitted837 } from '../fixtures/claims-837';
import { caseFrom, remittance835 } from '../fixtures/remittances';

const TODAY = '2026-03-10';
const viewer = { id: 'ar.alex', role: 'ar_specialist' as const, csrf: 'tok' };

function denialOn(adjustment: [string, string, number], remarks = ['N519']): DenialCaseState {
  const denial = caseFrom(remittance835({ remitDate: '2026-02-01', claims: [{ status: '4', charge: 100, paid: 0, filing: '12', serviceDate: '2026-01-10', adjustments: [adjustment], remarks }] }));
  const c = new DenialCaseState('claim-page', denial, 'start-key');
  c.adopt(assessCase({ denial, today: TODAY, appealLevel: 0, atRiskCents: c.atRiskCents }));
  return c;
}

function onFile(corrections: Correction[]): ClaimUnderCorrectionOnFile {
  const read = read837Text(submitted837({ account: 'PCN<1>', serviceDate: '2026-01-10' }), 'sent.837').flatMap((e) => (e.kind === 'claim' ? [e.claim] : []))[0]!;
  return { status: 'read', claimId: 'claim-abc', claim: claimUnderCorrection(claimFromOriginal(read.original)!, corrections) };
}

const corrections: Correction[] = [
  { field: 'modifier', line: 1, to: '25' },
  { field: 'units', line: 2, to: '2' },
  { field: 'authorization_number', to: 'AUTH-77' },
  { field: 'other', to: 'call <b>payer</b>' },
];

describe('the claim under correction on the denial page', () => {
  it('under the supply-corrections task: the claim as sent, corrected values marked, what cannot be applied listed', () => {
    const c = denialOn(['CO', '4', 100]);
    expect(c.route).toMatchObject({ kind: 'corrected_claim', claimFrequency: '7' });
    c.openTask('supply_corrections', 'ar_coding', `${TODAY}T15:00:00.000Z`);
    const page = renderTaskPage({ viewer, view: c.view(), history: [], today: TODAY, claimUnderCorrection: onFile(corrections) });
    const section = /<section aria-labelledby="claim-h" data-testid="claim-under-correction">[\s\S]*?<\/section>/.exec(page)![0];
    expect(section).toContain('<h2 id="claim-h">The claim as sent, with your corrections</h2>');
    expect(section).toContain("Claim claim-abc. A corrected value shows as <del>sent</del> <ins>corrected</ins>. The workflow sends it as a replacement (frequency 7) naming the payer&#39;s claim.");
    // CLM01 is on the page (staff only, like the account number), escaped.
    expect(section).toContain('<tr><th scope="row">Patient control number (CLM01)</th><td>PCN&lt;1&gt;</td></tr>');
    expect(section).toContain('<tr><th scope="row">Place of service (CLM05-1)</th><td>11</td></tr>');
    expect(section).toContain('<tr><th scope="row">Prior authorization (REF*G1)</th><td><del>none</del> <ins>AUTH-77</ins></td></tr>');
    expect(section).toContain('<tr><th scope="row">Rendering provider NPI (NM1*82)</th><td>1987654328</td></tr>');
    expect(section).toContain('<td>1: J029, 2: Z1159</td>');
    expect(section).toContain('<tr><td>1</td><td>99213</td><td><del>none</del> <ins>25</ins></td><td class="num">1</td><td class="num">40.00</td><td>1</td></tr>');
    expect(section).toContain('<tr><td>2</td><td>87070</td><td>none</td><td class="num"><del>1</del> <ins>2</ins></td><td class="num">15.00</td><td>1</td></tr>');
    expect(section).toContain('<ul data-testid="not-applied"><li>other → call &lt;b&gt;payer&lt;/b&gt;</li></ul>');
    expect(section).not.toContain('<b>payer');
    // Right under the task, above what the payer said.
    expect(page.indexOf('id="task-h"')).toBeLessThan(page.indexOf('id="claim-h"'));
    expect(page.indexOf('id="claim-h"')).toBeLessThan(page.indexOf('id="rem-h"'));
  });

  it('once the corrections are in it stays on the page, below what the payer said; a refused correction says why', () => {
    const c = denialOn(['CO', '4', 100]);
    c.moveTo('awaiting_payer');
    const page = renderTaskPage({ viewer, view: c.view(), history: [], today: TODAY, claimUnderCorrection: onFile([{ field: 'diagnosis_pointer', line: 1, to: '3' }]) });
    expect(page.indexOf('id="rem-h"')).toBeLessThan(page.indexOf('id="claim-h"'));
    expect(page).toContain("<p class=\"error\" role=\"alert\">These corrections cannot be put into the claim: Line 1: diagnosis pointer 3 points past the claim&#39;s 2 diagnoses.</p>");
    // Only the legend marks anything.
    expect(page.match(/<ins>/g)).toHaveLength(1);
  });

  it('no submitted claim on file: a line saying the corrected claim is built in the billing system', () => {
    const c = denialOn(['CO', '4', 100]);
    const page = renderTaskPage({ viewer, view: c.view(), history: [], today: TODAY, submittedClaim: { status: 'none' } });
    expect(page).toContain('<p class="muted">No submitted claim on file for this denial: build the corrected claim in the billing system.</p>');
    expect(page).not.toContain('class="claim-lines"');
  });

  it('another route: no claim section', () => {
    const c = denialOn(['CO', '50', 100], []);
    expect(c.route.kind).not.toBe('corrected_claim');
    const page = renderTaskPage({ viewer, view: c.view(), history: [], today: TODAY, claimUnderCorrection: onFile(corrections) });
    expect(page).not.toContain('claim-under-correction');
  });
});
