/**
 * The AR worklist: my tasks and my team's queue, filtered by category, payer, route, stage and owner,
 * sorted by deadline (default), by dollars, or best next (expected value, the urgent first), each row with its countdown. Supervisors select rows and
 * assign them in bulk. Rows are links; j/k move between them and Enter opens one (assets/app.js).
 */
import { DEFAULT_POLICY_CONFIG } from '../../../domain/policy/policy-config';
import { daysBetween } from '../../../domain/policy/dates';
import { DenialCategorySchema } from '../../../domain/policy/taxonomy';
import { html, humanize, query, usd, type Html } from './html';
import { personLabel, type StaffName } from './people';
import type { WorklistRequest, WorklistRow } from '../work/work-service';
import { layout, type PageViewer } from './layout';

/** What the page was asked for: the worklist request without its page size. */
export type WorklistFilters = Omit<WorklistRequest, 'limit'>;

export interface WorklistPage {
  viewer: PageViewer;
  filters: WorklistFilters;
  rows: WorklistRow[];
  total: number;
  pageSize: number;
  today: string;
  /** The people who work denials: named in the rows, offered to a supervisor assigning. */
  staff: StaffName[];
  canAssign: boolean;
  flash?: { kind: 'error' | 'ok'; text: string };
}

const SORT_NAMES = { deadline: 'deadline', dollars: 'dollars at risk', value: `expected value per hour of work, those due within ${DEFAULT_POLICY_CONFIG.urgentDaysLeft} days first` } as const;

const ROUTES = ['verify_window', 'appeal', 'reconsideration', 'reopening', 'payment_dispute', 'corrected_claim', 'bill_next_payer', 'bill_patient', 'write_off', 'await_payer'];
const STAGES = ['classified', 'routed', 'in_work', 'packet_ready', 'submitted', 'awaiting_payer', 'needs_attention'];

export function countdown(dueDate: string | undefined, today: string): { text: string; tone: 'late' | 'urgent' | 'soon' | 'ok' | 'none' } {
  if (!dueDate) return { text: 'no deadline', tone: 'none' };
  const days = daysBetween(today, dueDate);
  if (days < 0) return { text: `${-days} d overdue`, tone: 'late' };
  if (days === 0) return { text: 'due today', tone: 'urgent' };
  return { text: `${days} d left`, tone: days <= 7 ? 'urgent' : days <= 14 ? 'soon' : 'ok' };
}

function select(name: string, label: string, value: string | undefined, options: string[]): Html {
  return html`<label>${label}
    <select name="${name}">
      <option value="">Any</option>
      ${options.map((o) => html`<option value="${o}"${o === value ? html` selected` : ''}>${humanize(o)}</option>`)}
    </select></label>`;
}

/** Who and what: the patient's name, the account and the dates of service (denials from before subjects were kept show their claim's absence). */
function patientCell(r: WorklistRow): Html {
  const s = r.subject;
  if (!s) return html`<span class="muted">—</span>`;
  const dates = s.serviceDateFrom ? (s.serviceDateTo && s.serviceDateTo !== s.serviceDateFrom ? `${s.serviceDateFrom} – ${s.serviceDateTo}` : s.serviceDateFrom) : '';
  return html`${s.patientName ?? html`<span class="muted">no name on the 835</span>`}<br><span class="muted">acct ${s.accountNumber}${dates ? ` · DOS ${dates}` : ''}${s.procedures.length ? ` · ${s.procedures.slice(0, 3).join(', ')}` : ''}</span>`;
}

export function renderWorklistPage(p: WorklistPage): string {
  const f = p.filters;
  const supervisor = p.viewer.role === 'supervisor' || p.viewer.role === 'admin';
  const linkWith = (over: Partial<WorklistFilters>) => {
    const g = { ...f, ...over };
    return `/worklist${query({ scope: g.scope, team: g.team, category: g.category, payer: g.payerId, route: g.route, stage: g.stage, assignee: g.assignee, remittedFrom: g.remittedFrom, remittedTo: g.remittedTo, state: g.includeClosed ? 'all' : undefined, q: g.q, sort: g.sort, offset: g.offset || undefined })}`;
  };
  const scopes: WorklistFilters['scope'][] = supervisor ? ['mine', 'team', 'all'] : ['mine', 'team'];
  const first = p.total ? f.offset + 1 : 0;
  const last = Math.min(p.total, f.offset + p.rows.length);
  const body = html`
<nav class="tabs" aria-label="Whose work">${scopes.map(
    (s) => html`<a href="${linkWith({ scope: s, offset: 0 })}"${s === f.scope ? html` aria-current="page"` : ''}>${s === 'mine' ? 'My tasks' : s === 'team' ? `Team queue${p.viewer.team ? ` (${humanize(p.viewer.team)})` : ''}` : 'All work'}</a>`,
  )}</nav>
<form class="filters" method="get" action="/worklist" role="search">
  <input type="hidden" name="scope" value="${f.scope}">
  ${f.team ? html`<input type="hidden" name="team" value="${f.team}">` : ''}
  ${f.remittedFrom ? html`<input type="hidden" name="remittedFrom" value="${f.remittedFrom}">` : ''}
  ${f.remittedTo ? html`<input type="hidden" name="remittedTo" value="${f.remittedTo}">` : ''}
  ${f.includeClosed ? html`<input type="hidden" name="state" value="all">` : ''}
  <label>Search <input type="search" name="q" value="${f.q ?? ''}" size="22" maxlength="200" placeholder="patient, account, claim no., D-…"></label>
  ${select('category', 'Category', f.category, DenialCategorySchema.options)}
  <label>Payer <input name="payer" value="${f.payerId ?? ''}" size="10" inputmode="text"></label>
  ${select('route', 'Route', f.route, ROUTES)}
  ${select('stage', 'Stage', f.stage, STAGES)}
  ${supervisor ? html`<label>Owner <input name="assignee" value="${f.assignee ?? ''}" size="10" placeholder="id or unassigned"></label>` : ''}
  <label>Sort <select name="sort"><option value="deadline"${f.sort === 'deadline' ? html` selected` : ''}>Deadline</option><option value="dollars"${f.sort === 'dollars' ? html` selected` : ''}>Dollars at risk</option><option value="value"${f.sort === 'value' ? html` selected` : ''}>Best next (expected value per hour)</option></select></label>
  <button type="submit">Filter</button>
  <a href="${linkWith({ q: undefined, category: undefined, payerId: undefined, route: undefined, stage: undefined, assignee: undefined, offset: 0 })}">Clear</a>
</form>
${f.team || f.remittedFrom || f.remittedTo || f.includeClosed || f.q
    ? html`<p class="muted">Showing ${f.q ? `matches for “${f.q}”, ` : ''}${f.team ? `team ${humanize(f.team)}, ` : ''}${f.remittedFrom || f.remittedTo ? `remitted ${f.remittedFrom ?? 'any time'} to ${f.remittedTo ?? 'today'}, ` : ''}${f.includeClosed ? 'open and closed' : 'open'} denials · <a href="${linkWith({ q: undefined, team: undefined, remittedFrom: undefined, remittedTo: undefined, includeClosed: undefined, offset: 0 })}">show all open work</a></p>`
    : ''}
<p class="count" role="status">${p.total ? `${first}–${last} of ${p.total}` : 'Nothing to work here.'} · sorted by ${SORT_NAMES[f.sort]}</p>
<form method="post" action="/worklist/assign" id="bulk">
<input type="hidden" name="_csrf" value="${p.viewer.csrf}">
<table class="worklist" data-keyboard-rows>
<thead><tr>
  ${supervisor ? html`<th scope="col"><span class="sr-only">Select</span></th>` : ''}
  <th scope="col"><a href="${linkWith({ sort: 'deadline', offset: 0 })}">Due</a></th>
  <th scope="col" class="num"><a href="${linkWith({ sort: 'dollars', offset: 0 })}">At risk</a></th>
  <th scope="col">Patient</th><th scope="col">Category</th><th scope="col">Payer</th><th scope="col">Route</th><th scope="col">Stage</th><th scope="col">Task</th><th scope="col">Owner</th><th scope="col">Denial</th>
</tr></thead>
<tbody>
${p.rows.map((r) => {
    const c = countdown(r.dueDate, p.today);
    return html`<tr data-href="/denials/${r.workflowId}">
  ${supervisor ? html`<td><input type="checkbox" name="workflowId" value="${r.workflowId}" aria-label="Select ${r.workflowId}"></td>` : ''}
  <td><span class="due ${c.tone}" ${r.dueDate ? html`data-due="${r.dueDate}"` : ''} title="${r.dueDate ?? ''}">${c.text}</span></td>
  <td class="num">${usd(r.atRiskCents)}</td>
  <td class="subject">${patientCell(r)}</td>
  <td>${humanize(r.category)}</td>
  <td>${r.subject?.payerName ? html`<span title="${r.payerId}">${r.subject.payerName}</span>` : r.payerId}</td>
  <td>${humanize(r.route)}</td>
  <td>${humanize(r.stage)}</td>
  <td>${r.taskKind ? humanize(r.taskKind) : '—'}</td>
  <td>${r.assignee ? personLabel(r.assignee, p.staff) : html`<span class="muted">team</span>`}</td>
  <td><a href="/denials/${r.workflowId}" title="${r.workflowId}">${r.reference}</a></td>
</tr>`;
  })}
</tbody>
</table>
${supervisor && p.rows.length
    ? html`<p class="bulk"><label>Assign selected to
    <input name="to" list="people" required size="12"></label>
  <datalist id="people">${(p.canAssign ? p.staff : []).map((a) => html`<option value="${a.id}" label="${a.displayName}">`)}</datalist>
  <label>Reason <input name="reason" required size="24" value="Balancing the queue"></label>
  <button type="submit">Assign</button></p>`
    : ''}
</form>
<nav class="pager" aria-label="Pages">
  ${f.offset > 0 ? html`<a href="${linkWith({ offset: Math.max(0, f.offset - p.pageSize) })}" rel="prev">Previous</a>` : ''}
  ${f.offset + p.rows.length < p.total ? html`<a href="${linkWith({ offset: f.offset + p.pageSize })}" rel="next">Next</a>` : ''}
</nav>`;
  return layout({ title: 'Worklist', viewer: p.viewer, active: '/worklist', body, ...(p.flash ? { flash: p.flash } : {}) });
}
