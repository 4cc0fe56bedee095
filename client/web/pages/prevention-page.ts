/**
 * Prevention for the owning teams: the board (what recurs, how often, what it costs, whether a control is
 * in place) and one task's page, where the team records the control it put in place.
 */
import { ControlKindSchema, type PreventionTaskFacts } from '../../../domain/prevention/prevention-entry';
import type { PreventionView } from '../../../workflows/prevention-messages';
import { html, humanize, usd } from './html';
import { layout, type PageViewer } from './layout';
import type { FormProblem } from './task-page';

export function renderPreventionBoard(viewer: PageViewer, tasks: PreventionTaskFacts[], team?: string): string {
  const body = html`
<form class="filters" method="get" action="/prevention"><label>Team <input name="team" value="${team ?? ''}" size="14"></label><button type="submit">Filter</button></form>
${tasks.length
    ? html`<table class="worklist" data-keyboard-rows><thead><tr><th>Root cause</th><th>Team</th><th>Payer</th><th>Control</th><th>Status</th><th class="num">Seen</th><th class="num">Repeats</th><th class="num">Dollars</th><th>Last seen</th></tr></thead><tbody>
  ${tasks.map(
    (t) => html`<tr data-href="/prevention/${t.preventionId}"><td><a href="/prevention/${t.preventionId}">${humanize(t.rootCause)}</a></td><td>${humanize(t.ownerTeam)}</td><td>${t.payerId ?? 'all'}</td><td>${t.control}</td><td class="status-${t.status}">${humanize(t.status)}</td><td class="num">${t.occurrences}</td><td class="num">${t.repeats}</td><td class="num">${usd(t.totalCents)}</td><td>${t.lastOccurrenceAt?.slice(0, 10) ?? ''}</td></tr>`,
  )}</tbody></table>`
    : html`<p class="muted">No prevention tasks: they open when a denial with a preventable root cause arrives.</p>`}`;
  return layout({ title: 'Prevention', viewer, active: '/prevention', body });
}

export function renderPreventionTask(viewer: PageViewer, v: PreventionView, problem?: FormProblem, flash?: { kind: 'error' | 'ok'; text: string }): string {
  const failed = problem?.action === 'record-control';
  const val = (name: string, fallback = '') => (failed ? (problem.values[name] ?? fallback) : fallback);
  const canRecord = v.status !== 'control_in_place' && viewer.role !== 'automation';
  const body = html`
<dl class="summary">
  <dt>Leak point</dt><dd>#${v.control.leakPoint} ${v.control.leakPointName}</dd>
  <dt>Control</dt><dd>${v.control.control} · tracked by ${v.control.kpi}</dd>
  <dt>Owner</dt><dd>${humanize(v.ownerTeam)}${v.payerId ? ` · payer ${v.payerId}` : ''}</dd>
  <dt>Status</dt><dd>${humanize(v.status)} · task ${v.taskId} · version ${v.version}</dd>
  <dt>Seen</dt><dd>${v.occurrences} denials, ${usd(v.totalCents)}; ${v.repeats} repeat defect(s) after a control</dd>
</dl>
${canRecord
    ? html`<form class="action" method="post" action="/prevention/${v.preventionId}/control">
  <h2>Record the control in place</h2>
  ${failed ? html`<p class="error" role="alert">${problem.message}</p>` : ''}
  <input type="hidden" name="_csrf" value="${viewer.csrf}">
  <input type="hidden" name="taskId" value="${v.taskId}">
  <input type="hidden" name="version" value="${v.version}">
  <p class="field"><label for="f-kind">Kind of control</label><select id="f-kind" name="kind">${ControlKindSchema.options.map((k) => html`<option value="${k}"${val('kind') === k ? html` selected` : ''}>${humanize(k)}</option>`)}</select></p>
  <p class="field"><label for="f-what">What was done</label><textarea id="f-what" name="what" rows="3" cols="70" required>${val('what')}</textarea><small>The edit, template, checklist or training; no patient details.</small></p>
  <p class="field"><label for="f-eff">Effective from</label><input id="f-eff" name="effectiveFrom" type="date" value="${val('effectiveFrom')}"><small>Denials of claims serviced before this day are not repeats.</small></p>
  <p><button type="submit">Record control</button></p>
</form>`
    : html`<p class="muted">${v.status === 'control_in_place' ? 'A control is in place; the task reopens if the defect comes back.' : ''}</p>`}
<h2>Controls recorded</h2>
${v.controls.length ? html`<ul>${v.controls.map((c) => html`<li>${c.at.slice(0, 10)} · ${c.by} · ${humanize(c.kind)}, effective ${c.effectiveFrom}: ${c.what}</li>`)}</ul>` : html`<p class="muted">None yet.</p>`}
<h2>Recent denials</h2>
<table><thead><tr><th>Remitted</th><th>Codes</th><th>Payer</th><th class="num">Amount</th><th>Denial</th></tr></thead><tbody>
${v.examples
    .slice()
    .reverse()
    .map((e) => html`<tr><td>${e.remitDate}</td><td>${e.codes.join(' ')}</td><td>${e.payerId}</td><td class="num">${usd(e.amountCents)}</td><td><a href="/denials/${e.denialWorkflowId}">${e.denialWorkflowId.slice(0, 15)}…</a></td></tr>`)}
</tbody></table>`;
  return layout({ title: `Prevention: ${humanize(v.rootCause)}`, viewer, active: '/prevention', body, ...(flash ? { flash } : {}) });
}
