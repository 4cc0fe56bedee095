/**
 * The denial's page: what the payer said (the remittance, every code explained), how the system read it
 * (classification, rule and rationale), what it recommends and why, the current task's form with its
 * validation messages inline, documents, the appeal packet, and the timeline from the ledger.
 */
import type { RecoveryEstimate } from '../../../domain/policy/recovery-likelihood';
import type { LedgerEntry } from '../../../domain/lifecycle/ledger-entry';
import { denialReference } from '../../../domain/lifecycle/denial-subject';
import { TASK_ROLES, type TaskKind } from '../../../domain/lifecycle/tasks';
import { findCarcRule, findRarcRule, PaymentDisputeProcessSchema, RouteSchema } from '../../../domain/policy';
import type { DenialView } from '../../../workflows/denial-messages';
import { submittedClaimText, type SubmittedClaimMatch } from '../../../services/claims/claim-match';
import type { ClaimUnderCorrectionOnFile } from '../../denials/claim-under-correction';
import { claimSection } from './claim-section';
import { html, humanize, usd, type Html } from './html';
import { layout, type PageViewer } from './layout';
import { personLabel, type StaffName } from './people';
import { countdown } from './worklist-page';

export interface FormProblem {
  /** The action the person tried. */
  action: string;
  message: string;
  /** What they typed, so nothing is lost. */
  values: Record<string, string>;
}

/** The dates of service, a span when the claim has one. */
function serviceDates(r: DenialView['remittance']): string {
  if (!r.serviceDateFrom) return 'dates of service not given';
  return r.serviceDateTo && r.serviceDateTo !== r.serviceDateFrom ? `${r.serviceDateFrom} to ${r.serviceDateTo}` : r.serviceDateFrom;
}

export interface TaskPage {
  viewer: PageViewer;
  view: DenialView;
  history: LedgerEntry[];
  /** The learned recovery likelihood of the denial's route (absent off a recovery route). */
  recovery?: RecoveryEstimate;
  /** The submitted claim (837) the denial answers; absent when the server keeps no claims. */
  submittedClaim?: SubmittedClaimMatch;
  /** The matched claim with the corrections supplied on the denial; absent without a matched claim. */
  claimUnderCorrection?: ClaimUnderCorrectionOnFile;
  /** Names for the staff ids the page shows. */
  staff?: StaffName[];
  today: string;
  /** Link to this workflow in the Temporal Web UI, when there is one. */
  webUiLink?: string;
  problem?: FormProblem;
  flash?: { kind: 'error' | 'ok'; text: string };
}

const CHANNELS = ['edi', 'portal', 'fax', 'mail', 'phone'];
const CORRECTION_FIELDS = ['modifier', 'authorization_number', 'diagnosis_pointer', 'diagnosis_code', 'procedure_code', 'units', 'place_of_service', 'rendering_provider', 'payer', 'member_data', 'other'];
// "Check the window" is the policy's question to a person, never an answer a person gives; a payment
// dispute is picked with its process: each payer class disputes an underpayment its own way.
const ROUTE_KINDS = RouteSchema.options
  .map((o) => o.shape.kind.value)
  .filter((k) => k !== 'verify_window')
  .flatMap((k): string[] => (k === 'payment_dispute' ? PaymentDisputeProcessSchema.options.map((p) => `${k}:${p}`) : [k]));

function field(name: string, label: string, input: Html, problem?: FormProblem, hint?: string): Html {
  return html`<p class="field"><label for="f-${name}">${label}</label>${input}${hint ? html`<small>${hint}</small>` : ''}</p>`;
}

function valueOf(p: FormProblem | undefined, action: string, name: string, fallback = ''): string {
  return p && p.action === action ? (p.values[name] ?? fallback) : fallback;
}

function actionForm(view: DenialView, viewer: PageViewer, action: string, title: string, inner: Html, problem?: FormProblem, submit = 'Save'): Html {
  const failed = problem && problem.action === action;
  return html`<form class="action" method="post" action="/denials/${view.workflowId}/act/${action}" ${failed ? html`aria-describedby="problem-${action}"` : ''}>
  <h3>${title}</h3>
  ${failed ? html`<p class="error" role="alert" id="problem-${action}">${problem.message}</p>` : ''}
  <input type="hidden" name="_csrf" value="${viewer.csrf}">
  <input type="hidden" name="version" value="${view.version}">
  ${view.task ? html`<input type="hidden" name="taskId" value="${view.task.id}">` : ''}
  ${inner}
  <p><button type="submit">${submit}</button></p>
</form>`;
}

/**
 * The window a route needed passed by an unverified limit: the person asks the payer (or reads the
 * contract), then picks the route the real window allows with its last day, or a write-off if it is closed.
 */
function windowCheckForm(view: DenialView, viewer: PageViewer, today: string, p?: FormProblem): Html {
  const v = (name: string, fallback = '') => valueOf(p, 'confirm-route', name, fallback);
  return actionForm(
    view,
    viewer,
    'confirm-route',
    `Check the window with the payer: ${view.routeDescription}`,
    html`<input type="hidden" name="decision" value="override">
      <p>The rules' limit for this window is unverified. Confirm the real window with the payer or the contract, then choose what it allows.</p>
      ${field('route', 'Route the confirmed window allows', html`<select id="f-route" name="route" required><option value="">—</option>${ROUTE_KINDS.map((k) => html`<option value="${k}"${v('route') === k ? html` selected` : ''}>${humanize(k)}</option>`)}</select>`, p, 'Write off only if the payer confirms the window is closed.')}
      ${field('windowDueDate', 'Last day of the window, as confirmed', html`<input id="f-windowDueDate" name="windowDueDate" type="date" min="${today}" value="${v('windowDueDate')}">`, p, 'Needed for any route but a write-off.')}
      ${field('reason', 'Who confirmed it, and how', html`<input id="f-reason" name="reason" value="${v('reason')}" size="60" required>`, p, 'e.g. payer representative, call reference, contract section.')}`,
    p,
    'Record the window and the route',
  );
}

/** One claim status answer in a line: where it came from, what it comes to, and what its codes mean. */
function claimStatusText(s: DenialView['claimStatuses'][number]): string {
  return `${humanize(s.classification)} (${s.source} ${s.categoryCode}${s.statusCode ? `:${s.statusCode}` : ''}, received ${s.receivedOn}${s.effectiveDate ? `, effective ${s.effectiveDate}` : ''}): ${s.explanation}`;
}

/** What the payer last said of the claim, where it decides the task: following up, or fixing a rejected claim. */
function latestClaimStatus(view: DenialView): Html {
  const s = (view.claimStatuses ?? []).at(-1);
  if (!s || (view.task?.kind !== 'follow_up' && view.task?.kind !== 'supply_corrections')) return html``;
  return html`<p class="claim-status" data-testid="latest-claim-status"><strong>Latest claim status:</strong> ${claimStatusText(s)}</p>`;
}

/** The files sent to the clearinghouse for the denial and the answers about its claim. */
function clearinghouseSection(v: DenialView): Html {
  const files = v.claimFiles ?? [];
  const statuses = v.claimStatuses ?? [];
  if (!files.length && !statuses.length) return html``;
  return html`<section aria-labelledby="ch-h"><h2 id="ch-h">With the clearinghouse</h2>
  ${files.length ? html`<ul data-testid="claim-files">${files.map((f) => html`<li>${f.kind === '837' ? `Corrected claim (837, frequency ${f.frequency ?? '7'})` : 'Status inquiry (276)'} ${f.fileName} · control number ${f.controlNumber} · sent ${f.sentOn}</li>`)}</ul>` : ''}
  ${statuses.length ? html`<ul data-testid="claim-statuses">${statuses.map((s) => html`<li>${claimStatusText(s)}</li>`)}</ul>` : ''}
</section>`;
}

function taskForm(view: DenialView, viewer: PageViewer, today: string, staff: readonly StaffName[], p?: FormProblem): Html {
  const t = view.task;
  if (!t) return html`<p class="muted">No open task: ${view.stage === 'awaiting_payer' ? "waiting for the payer's answer" : humanize(view.stage)}.</p>`;
  const allowed = TASK_ROLES[t.kind as TaskKind].includes(viewer.role as never);
  const header = html`<p><strong>${t.title}</strong> · task ${t.id} · ${t.assignee ? `assigned to ${personLabel(t.assignee, staff)}` : `team ${humanize(t.team)}`}${t.dueDate ? ` · due ${t.dueDate}` : ''}</p>${latestClaimStatus(view)}`;
  if (!allowed) return html`${header}<p class="muted">This task needs the role ${TASK_ROLES[t.kind as TaskKind].join(' or ')}.</p>`;
  const v = (action: string, name: string, fallback = '') => valueOf(p, action, name, fallback);
  switch (t.kind) {
    case 'confirm_route':
      if (view.route.kind === 'verify_window') return html`${header}${windowCheckForm(view, viewer, today, p)}`;
      return html`${header}${actionForm(
        view,
        viewer,
        'confirm-route',
        'Confirm or override the route',
        html`<fieldset><legend>Decision</legend>
          <label><input type="radio" name="decision" value="confirm"${v('confirm-route', 'decision', 'confirm') === 'confirm' ? html` checked` : ''}> Confirm: ${view.routeDescription}</label>
          <label><input type="radio" name="decision" value="override"${v('confirm-route', 'decision') === 'override' ? html` checked` : ''}> Override</label></fieldset>
          ${field('route', 'Route (for an override)', html`<select id="f-route" name="route"><option value="">—</option>${ROUTE_KINDS.map((k) => html`<option value="${k}"${v('confirm-route', 'route') === k ? html` selected` : ''}>${humanize(k)}</option>`)}</select>`, p)}
          ${field('reason', 'Reason', html`<input id="f-reason" name="reason" value="${v('confirm-route', 'reason')}" size="60">`, p, 'Needed for an override.')}`,
        p,
      )}`;
    case 'supply_corrections':
      return html`${header}${actionForm(
        view,
        viewer,
        'supply-corrections',
        'Corrections for the corrected claim',
        html`<table class="corrections"><thead><tr><th>Field</th><th>Line</th><th>From</th><th>To</th></tr></thead><tbody>
          ${[1, 2, 3].map(
            (i) => html`<tr>
            <td><select name="field_${i}" aria-label="Field ${i}"><option value="">—</option>${CORRECTION_FIELDS.map((f) => html`<option value="${f}"${v('supply-corrections', `field_${i}`) === f ? html` selected` : ''}>${humanize(f)}</option>`)}</select></td>
            <td><input name="line_${i}" value="${v('supply-corrections', `line_${i}`)}" size="3" inputmode="numeric" aria-label="Line ${i}"></td>
            <td><input name="from_${i}" value="${v('supply-corrections', `from_${i}`)}" size="12" aria-label="From ${i}"></td>
            <td><input name="to_${i}" value="${v('supply-corrections', `to_${i}`)}" size="12" aria-label="To ${i}"></td></tr>`,
          )}</tbody></table>`,
        p,
        'Submit corrections',
      )}`;
    case 'prepare_appeal':
      return html`${header}${actionForm(
        view,
        viewer,
        'approve-packet',
        'Approve the appeal packet',
        html`${field('argument', 'Argument for the letter', html`<textarea id="f-argument" name="argument" rows="6" cols="70">${v('approve-packet', 'argument')}</textarea>`, p, `Attach the supporting documents first (${view.documents.length} attached).`)}`,
        p,
        'Build and approve the packet',
      )}`;
    case 'record_submission':
    case 'follow_up':
      return html`${header}${actionForm(
        view,
        viewer,
        'record-submission',
        t.kind === 'follow_up' ? 'Record the follow-up submission' : 'Record the submission',
        html`${field('date', 'Date submitted', html`<input id="f-date" name="date" type="date" max="${today}" value="${v('record-submission', 'date', today)}" required>`, p)}
          ${field('channel', 'Channel', html`<select id="f-channel" name="channel">${CHANNELS.map((c) => html`<option value="${c}"${v('record-submission', 'channel') === c ? html` selected` : ''}>${humanize(c)}</option>`)}</select>`, p)}
          ${field('reference', 'Confirmation or tracking number', html`<input id="f-reference" name="reference" value="${v('record-submission', 'reference')}" required size="30">`, p)}`,
        p,
        'Record submission',
      )}`;
    case 'resolve_problem':
      return html`${header}<p class="late" role="note">Why it stopped: ${view.problem ?? 'see the timeline'}</p>${actionForm(
        view,
        viewer,
        'resolve-problem',
        'Resolve the problem',
        html`<fieldset><legend>Then</legend>
          <label><input type="radio" name="action" value="retry"${v('resolve-problem', 'action', 'retry') === 'retry' ? html` checked` : ''}> Retry: the cause is fixed</label>
          <label><input type="radio" name="action" value="override"${v('resolve-problem', 'action') === 'override' ? html` checked` : ''}> Take another route</label></fieldset>
          ${field('route', 'Route (to take another)', html`<select id="f-route" name="route"><option value="">—</option>${ROUTE_KINDS.map((k) => html`<option value="${k}"${v('resolve-problem', 'route') === k ? html` selected` : ''}>${humanize(k)}</option>`)}</select>`, p)}
          ${field('reason', 'What was done', html`<input id="f-reason" name="reason" value="${v('resolve-problem', 'reason')}" required size="60">`, p)}`,
        p,
        'Resolve',
      )}`;
    case 'approve_write_off':
      return html`${header}${actionForm(
        view,
        viewer,
        'approve-write-off',
        `Approve the write-off of ${usd(view.amounts.atRiskCents)}?`,
        html`<fieldset><legend>Decision</legend>
          <label><input type="radio" name="approve" value="true"${v('approve-write-off', 'approve', 'true') === 'true' ? html` checked` : ''}> Approve</label>
          <label><input type="radio" name="approve" value="false"${v('approve-write-off', 'approve') === 'false' ? html` checked` : ''}> Refuse (back to the specialist)</label></fieldset>
          ${field('reason', 'Reason', html`<input id="f-reason" name="reason" value="${v('approve-write-off', 'reason')}" required size="60">`, p)}`,
        p,
      )}`;
  }
}

function explainCode(group: string | undefined, code: string): string {
  const rule = group ? findCarcRule(code) : findRarcRule(code);
  return rule ? rule.meaning : 'Not in our code tables: ask a person to classify it.';
}

const TASK_ACTION: Record<TaskKind, string> = {
  resolve_problem: 'resolve-problem',
  confirm_route: 'confirm-route',
  supply_corrections: 'supply-corrections',
  prepare_appeal: 'approve-packet',
  record_submission: 'record-submission',
  follow_up: 'record-submission',
  approve_write_off: 'approve-write-off',
};

/** The forms this page shows: a rejection of any other action (the task moved on) is said at the top. */
function formsShown(v: DenialView): string[] {
  return [...(v.task ? [TASK_ACTION[v.task.kind as TaskKind]] : []), 'reassign', 'note', ...(v.submission || v.stage === 'awaiting_payer' ? ['record-payer-decision'] : [])];
}

export function renderTaskPage(p: TaskPage): string {
  const { view: v, viewer } = p;
  const orphan = p.problem && !formsShown(v).includes(p.problem.action) ? { kind: 'error' as const, text: `Not done (${p.problem.action.replace(/-/g, ' ')}): ${p.problem.message}` } : undefined;
  const due = countdown(v.deadline?.dueDate, p.today);
  const c = v.classification;
  const r = v.remittance;
  // On the corrected-claim route the claim is always shown: right under the task while corrections are asked for.
  const claim = v.route.kind === 'corrected_claim' ? claimSection(p.claimUnderCorrection, v.route.claimFrequency) : html``;
  const correcting = v.task?.kind === 'supply_corrections';
  const body = html`
<section class="summary" aria-label="Summary">
  <dl>
    <dt>Reference</dt><dd data-testid="reference">${denialReference(v.workflowId)} <span class="muted">(${v.workflowId})</span></dd>
    <dt>Patient</dt><dd data-testid="patient">${v.patient?.name ?? 'not named on the remittance'} · account ${v.accountNumber}${v.patient?.memberId ? ` · member ${v.patient.memberId}` : ''}</dd>
    <dt>Service</dt><dd>${serviceDates(v.remittance)}${r.lines.length ? ` · ${r.lines.map((l) => `${l.procedure}${l.modifiers.length ? `-${l.modifiers.join('-')}` : ''}`).join(', ')}` : ''}</dd>
    <dt>Claim</dt><dd>${v.claimReference} · ${v.payerName ? `${v.payerName} (payer ${v.payerId})` : `payer ${v.payerId}`}</dd>
    ${p.submittedClaim ? html`<dt>Submitted claim</dt><dd data-testid="submitted-claim">${submittedClaimText(p.submittedClaim)}</dd>` : ''}
    <dt>Stage</dt><dd>${humanize(v.stage)}${v.resolution ? ` (${humanize(v.resolution)})` : ''} · version ${v.version}</dd>
    <dt>At risk</dt><dd>${usd(v.amounts.atRiskCents)} of ${usd(v.amounts.chargeCents)} billed${v.amounts.recoveredCents ? html` · recovered ${usd(v.amounts.recoveredCents)}` : ''}${v.amounts.lostCents ? html` · lost ${usd(v.amounts.lostCents)}` : ''}</dd>
    <dt>Deadline</dt><dd>${v.deadline ? html`<span class="due ${due.tone}" data-due="${v.deadline.dueDate}">${due.text}</span> · ${v.deadline.dueDate}: ${v.deadline.description}` : 'none running'}${v.escalated ? html` <strong class="late">escalated</strong>` : ''}</dd>
  </dl>
  ${p.webUiLink ? html`<p><a href="${p.webUiLink}" rel="noopener">Open the workflow in the Temporal Web UI</a></p>` : ''}
</section>

<section class="task" aria-labelledby="task-h"><h2 id="task-h">Current task</h2>${taskForm(v, viewer, p.today, p.staff ?? [], p.problem)}</section>

${correcting ? claim : ''}

<section aria-labelledby="rem-h"><h2 id="rem-h">What the payer said</h2>
  <p>Claim status ${r.claimStatus} · billed ${usd(r.chargeCents)} · paid ${usd(r.paidCents)}${r.serviceDateFrom ? ` · service ${r.serviceDateFrom}` : ''}${r.remitDate ? ` · remitted ${r.remitDate}` : ''}${r.traceNumber ? ` · trace ${r.traceNumber}` : ''}</p>
  <table class="codes"><thead><tr><th>Code</th><th>Level</th><th class="num">Amount</th><th>Meaning</th></tr></thead><tbody>
  ${r.adjustments.map((a) => html`<tr><td>${a.group}-${a.reason}</td><td>${a.level === 'line' ? `line ${a.line}` : 'claim'}</td><td class="num">${usd(a.amountCents)}</td><td>${explainCode(a.group, a.reason)}</td></tr>`)}
  ${r.remarks.map((m) => html`<tr><td>${m.code}</td><td>${m.level === 'line' ? `line ${m.line}` : 'claim'}</td><td></td><td>${explainCode(undefined, m.code)}</td></tr>`)}
  </tbody></table>
  ${r.lines.length ? html`<table class="lines"><thead><tr><th>Line</th><th>Procedure</th><th class="num">Billed</th><th class="num">Paid</th></tr></thead><tbody>${r.lines.map((l) => html`<tr><td>${l.line}</td><td>${l.procedure}${l.modifiers.length ? `-${l.modifiers.join('-')}` : ''}</td><td class="num">${usd(l.chargeCents)}</td><td class="num">${usd(l.paidCents)}</td></tr>`)}</tbody></table>` : ''}
</section>

${correcting ? '' : claim}

${clearinghouseSection(v)}

<section aria-labelledby="why-h"><h2 id="why-h">How it was read, and what we recommend</h2>
  <p><strong>${c.code}: ${humanize(c.category)}</strong> · root cause ${humanize(c.rootCause)} · owned by ${humanize(c.ownerTeam)}${c.preventable ? ' · preventable' : ''} · rule ${c.ruleId} (confidence ${c.confidence})</p>
  <p>${c.explanation}</p>
  ${c.needsHumanClassification ? html`<p class="late">The codes are not in our tables: confirm the classification.</p>` : ''}
  <p><strong>Recommended:</strong> ${v.routeDescription} · expected recovery ${usd(Math.round(v.expectedRecovery * 100))}${v.requiresConfirmation ? ' · policy asks a person to confirm' : ''}</p>
  ${p.recovery ? html`<p class="recovery"><strong>Learned likelihood ${Math.round(p.recovery.probability * 100)}%</strong> · expected recovery with it ${usd(Math.round(p.recovery.value * 100))}, ${usd(Math.round(p.recovery.perHour * 100))} per hour of work (${p.recovery.minutes} min) · ${p.recovery.basis}</p>` : ''}
  <ul class="rationale">${v.rationale.map((line) => html`<li>${line}</li>`)}${v.assumptions.map((a) => html`<li class="muted">Assumed: ${a}</li>`)}</ul>
</section>

<section aria-labelledby="docs-h"><h2 id="docs-h">Documents and packet</h2>
  ${v.documents.length ? html`<ul>${v.documents.map((d) => html`<li>${d.name} (${Math.round(d.size / 1024)} KiB)${d.description ? ` · ${d.description}` : ''}</li>`)}</ul>` : html`<p class="muted">No documents attached.</p>`}
  <form class="upload" data-upload="/api/denials/${v.workflowId}/documents" data-version="${v.version}">
    <label for="f-file">Attach a PDF</label> <input id="f-file" name="file" type="file" accept="application/pdf">
    <label for="f-desc">Description</label> <input id="f-desc" name="description" size="30">
    <button type="submit">Upload</button> <output role="status"></output>
  </form>
  ${v.packet ? html`<p>Appeal packet: ${v.packet.pages} pages · <a href="/api/denials/${v.workflowId}/packet.pdf" target="_blank">preview</a> · <a href="/api/denials/${v.workflowId}/packet.pdf?download=1">download</a></p><object class="packet" data="/api/denials/${v.workflowId}/packet.pdf" type="application/pdf" aria-label="Appeal packet preview"></object>` : ''}
</section>

<section aria-labelledby="more-h"><h2 id="more-h">Other actions</h2>
  ${actionForm(v, viewer, 'reassign', 'Assign', html`${field('to', 'To (staff id)', html`<input id="f-to" name="to" value="${valueOf(p.problem, 'reassign', 'to', viewer.id)}" size="16" required>`, p.problem)}${field('reason', 'Reason', html`<input id="f-reassign-reason" name="reason" value="${valueOf(p.problem, 'reassign', 'reason', 'Taking it')}" size="40" required>`, p.problem)}`, p.problem, 'Assign')}
  ${v.submission || v.stage === 'awaiting_payer'
    ? actionForm(
        v,
        viewer,
        'record-payer-decision',
        "Record the payer's answer",
        html`${field('outcome', 'Outcome', html`<select id="f-outcome" name="outcome"><option value="paid">Paid</option><option value="partially_paid">Partially paid</option><option value="denied">Denied</option></select>`, p.problem)}
        ${field('paidAmount', 'Amount paid ($)', html`<input id="f-paid" name="paidAmount" inputmode="decimal" value="${valueOf(p.problem, 'record-payer-decision', 'paidAmount', '0')}" size="10">`, p.problem)}
        ${field('date', 'Date', html`<input id="f-decision-date" name="date" type="date" value="${valueOf(p.problem, 'record-payer-decision', 'date', p.today)}">`, p.problem)}`,
        p.problem,
      )
    : ''}
  ${actionForm(v, viewer, 'note', 'Add a note', html`${field('text', 'Note', html`<textarea id="f-note" name="text" rows="2" cols="70">${valueOf(p.problem, 'note', 'text')}</textarea>`, p.problem, 'No patient names or member ids.')}`, p.problem, 'Add note')}
</section>

<section aria-labelledby="tl-h"><h2 id="tl-h">Timeline</h2>
  <ol class="timeline">${p.history.map(
    (e) => html`<li><time datetime="${e.at}">${e.at.slice(0, 16).replace('T', ' ')}</time> <span class="stage">${humanize(e.stage)}</span> <span class="actor">${e.actor.id}</span> ${e.summary}</li>`,
  )}</ol>
</section>`;
  const flash = orphan ?? p.flash;
  return layout({ title: `Denial ${denialReference(v.workflowId)}`, viewer, active: '/worklist', body, ...(flash ? { flash } : {}) });
}
