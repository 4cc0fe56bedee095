/**
 * A payer issue's page, for supervisors: the alert and its test, the dollars and example denials, the
 * evidence PDF for the payer, and the form that escalates it (with the payer's ticket) or dismisses it.
 */
import { shareOf } from '../../../domain/kpis/payer-issue';
import { cellName } from '../../../domain/kpis/payer-shift';
import type { PayerIssueView } from '../../../workflows/payer-issue-messages';
import { html, humanize, usd } from './html';
import { layout, type PageViewer } from './layout';
import type { FormProblem } from './task-page';

export function renderPayerIssuePage(viewer: PageViewer, v: PayerIssueView, problem?: FormProblem, flash?: { kind: 'error' | 'ok'; text: string }): string {
  const a = v.alert;
  const e = v.evidence;
  const failed = problem?.action === 'resolve-payer-issue';
  const val = (name: string, fallback = '') => (failed ? (problem.values[name] ?? fallback) : fallback);
  const body = html`
<dl class="summary">
  <dt>Payer and code</dt><dd data-testid="issue-code">${a ? cellName(a) : 'unknown'}</dd>
  <dt>Week of</dt><dd>${a?.week ?? ''}</dd>
  ${a ? html`<dt>Change</dt><dd>${a.denials} of ${a.claims} claims (${shareOf(a.denials, a.claims)}) against ${a.baselineDenials} of ${a.baselineClaims} before (${shareOf(a.baselineDenials, a.baselineClaims)}); p = ${a.pValue.toExponential(2)}</dd>` : ''}
  <dt>Status</dt><dd data-testid="issue-status">${humanize(v.status)} · task ${v.taskId} · version ${v.version}</dd>
  ${e ? html`<dt>At risk</dt><dd data-testid="issue-money">${usd(e.atRiskCents)} on ${e.denials} denials</dd>` : ''}
  ${v.evidenceFile ? html`<dt>Evidence</dt><dd><a data-testid="issue-pdf" href="/payer-issues/${v.issueId}/evidence.pdf">Evidence PDF</a> (${v.evidenceFile.pages} page${v.evidenceFile.pages === 1 ? '' : 's'}, for the payer)</dd>` : ''}
  ${v.problem ? html`<dt>Problem</dt><dd class="error">${v.problem}</dd>` : ''}
  ${v.resolution ? html`<dt>Resolved</dt><dd data-testid="issue-resolution">${humanize(v.resolution.action)} by ${v.resolution.by} on ${v.resolution.at.slice(0, 10)}${v.resolution.payerReference ? ` · payer reference ${v.resolution.payerReference}` : ''}: ${v.resolution.reason}</dd>` : ''}
</dl>
${v.status === 'open' && (viewer.role === 'supervisor' || viewer.role === 'admin')
    ? html`<form class="action" method="post" action="/payer-issues/${v.issueId}/resolve">
  <h2>Escalate to the payer, or dismiss</h2>
  ${failed ? html`<p class="error" role="alert">${problem.message}</p>` : ''}
  <input type="hidden" name="_csrf" value="${viewer.csrf}">
  <input type="hidden" name="taskId" value="${v.taskId}">
  <input type="hidden" name="version" value="${v.version}">
  <p class="field"><label for="f-action">Action</label><select id="f-action" name="action"><option value="escalated"${val('action') === 'dismissed' ? '' : html` selected`}>Escalated to the payer</option><option value="dismissed"${val('action') === 'dismissed' ? html` selected` : ''}>Dismissed</option></select></p>
  <p class="field"><label for="f-ref">Payer's ticket or case number</label><input id="f-ref" name="payerReference" value="${val('payerReference')}" size="24"><small>Required for an escalation.</small></p>
  <p class="field"><label for="f-reason">Why</label><textarea id="f-reason" name="reason" rows="3" cols="70" required>${val('reason')}</textarea><small>No patient details.</small></p>
  <p><button type="submit">Resolve</button></p>
</form>`
    : ''}
<h2>Example denials</h2>
${e && e.examples.length
    ? html`<table><thead><tr><th>Denial</th><th>Remitted</th><th class="num">At risk</th></tr></thead><tbody>
${e.examples.map((x) => html`<tr><td><a href="/denials/${x.workflowId}">${x.reference}</a></td><td>${x.remitDate}</td><td class="num">${usd(x.atRiskCents)}</td></tr>`)}
</tbody></table>`
    : html`<p class="muted">None in the ledger for the week.</p>`}`;
  return layout({ title: `Payer issue: ${a ? cellName(a) : v.issueId}`, viewer, active: '/dashboard', body, ...(flash ? { flash } : {}) });
}
