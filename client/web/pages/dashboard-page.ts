/**
 * The supervisor dashboard: the leakage KPIs with their charts, money at risk by aging bucket, deadlines in
 * the next 14 days, team workload and the prevention board. Every chart links to the list behind it.
 */
import { kpiGroups } from '../../../services/reports/kpi-rows';
import { compareWithBenchmarks } from '../../../domain/kpis/benchmarks';
import type { ValueBand } from '../../../runtime/store/ledger-store';
import { AGING_BUCKETS, KPI_CATEGORIES, type KpiReport } from '../../../domain/kpis/kpis';
import { addDays } from '../../../domain/policy/dates';
import type { TrendPoint } from '../../../domain/kpis/leakage-report';
import type { PreventionTaskFacts } from '../../../domain/prevention/prevention-entry';
import { html, humanize, percent, query, usd, type Html } from './html';
import { layout, type PageViewer } from './layout';
import { barChart, lineChart } from './svg-charts';
import { denialReference } from '../../../domain/lifecycle/denial-subject';
import type { SilentMoneyWeek } from '../../../domain/kpis/silent-money-entry';
import { cellName, DEFAULT_SHIFT_TEST } from '../../../domain/kpis/payer-shift';
import { alertOf, payerIssueId } from '../../../domain/kpis/payer-issue';
import type { PayerShiftWeek } from '../../../runtime/store/payer-shift-inputs';

export interface DashboardPage {
  viewer: PageViewer;
  kpis: KpiReport;
  trend: TrendPoint[];
  /** Open denials per assignee ("unassigned" for the team queue). */
  workload: { assignee: string; count: number; atRiskCents: number }[];
  /** Open work by expected-value band (#16): where working it pays. */
  valueBands: ValueBand[];
  /** Per week and payer, money the remittances took back or added without a denial (newest week first). */
  silentMoney: SilentMoneyWeek[];
  /** The payer-behaviour test of the period's last week (#16). */
  payerShifts: PayerShiftWeek;
  prevention: PreventionTaskFacts[];
}

/** The week's alerts with their evidence, or that there was none; with the method and how many were tested. */
function payerShiftList(r: PayerShiftWeek): Html {
  const alerts = r.findings.filter((f) => f.alert);
  const basis = `Each payer's denials per adjustment code, and per procedure where the volume allows, against its ${r.baselineWeeks} weeks before (conditional binomial test, false discovery rate ${DEFAULT_SHIFT_TEST.fdr * 100}%); ${r.findings.length} tested. npm run payer-shifts lists them all.`;
  return alerts.length
    ? html`<ul>${alerts.map((a) => {
        const alert = alertOf(r.week, a);
        return html`<li data-payer="${alert.payerId}" data-code="${alert.code}"${alert.procedure ? html` data-procedure="${alert.procedure}"` : ''}><strong>${cellName(alert)}</strong>: ${a.evidence} <a href="/payer-issues/${payerIssueId(alert)}">Payer issue</a></li>`;
      })}</ul><p class="muted">${basis}</p>`
    : html`<p class="muted">No payer denied a code significantly more often than before. ${basis}</p>`;
}

export function renderDashboardPage(p: DashboardPage): string {
  const k = p.kpis;
  const f = k.filter;
  const scope = { payer: f.payerId, team: f.ownerTeam };
  const body = html`
<form class="filters" method="get" action="/dashboard">
  <label>From <input type="date" name="from" value="${f.from}"></label>
  <label>To <input type="date" name="to" value="${f.to}"></label>
  <label>Payer <input name="payer" value="${f.payerId ?? ''}" size="10"></label>
  <label>Team <input name="team" value="${f.ownerTeam ?? ''}" size="14"></label>
  <label>Category <input name="category" value="${f.category ?? ''}" size="14"></label>
  <button type="submit">Show</button>
  <a href="/api/reports/leakage.pdf${query({ from: f.from, to: f.to, payer: f.payerId, team: f.ownerTeam, category: f.category })}">Report PDF</a>
</form>

<section class="kpis" aria-label="Key figures">
${kpiGroups(k).map(
    (g) => html`<div class="kpi-group"><h2>${g.title}</h2><table><tbody>${g.rows.map((r) => html`<tr><th scope="row">${r.measure}</th><td class="num">${r.value}</td><td class="muted">${r.basis}</td></tr>`)}</tbody></table></div>`,
  )}
</section>

<section class="benchmarks" aria-labelledby="bm-h"><h2 id="bm-h">How this practice compares</h2>
  <table><thead><tr><th scope="col">Measure</th><th scope="col" class="num">This period</th><th scope="col" class="num">Reference</th><th scope="col">Standing</th><th scope="col">Source</th></tr></thead><tbody>
  ${compareWithBenchmarks(k).map(
    ({ benchmark: b, ours, standing }) =>
      html`<tr data-benchmark="${b.id}"><th scope="row">${b.measure}<br><span class="muted">${b.standard}</span></th><td class="num">${percent(ours.value)}${b.oursNote ? html`<br><span class="muted">${b.oursNote}</span>` : ''}</td><td class="num">${b.reference === null ? '—' : percent(b.reference)}<br><span class="muted">${b.referenceText}</span></td><td>${standing ?? 'n/a'}</td><td>${b.url ? html`<a href="${b.url}" rel="noopener noreferrer">${b.source}</a>` : b.source}</td></tr>`,
  )}
  </tbody></table>
  <p class="muted">Published figures are mostly of hospital claims and define a denial their own way; read them as a range to be in, not a score.</p>
</section>

<section class="charts" aria-label="Charts">
  ${lineChart(
    'Weekly trend: denial rate, preventable denial rate, repeat defect rate',
    p.trend.map((t) => ({ text: t.to.slice(5), href: `/worklist${query({ scope: 'all', state: 'all', remittedFrom: t.from, remittedTo: t.to, ...scope })}` })),
    [
      { name: 'Denial rate', values: p.trend.map((t) => t.denialRateByCount) },
      { name: 'Preventable', values: p.trend.map((t) => t.preventableDenialRate) },
      { name: 'Repeat defects', values: p.trend.map((t) => t.repeatDefectRate) },
    ],
  )}
  ${barChart(
    'Denial rate by category',
    KPI_CATEGORIES.map((c) => ({ label: c.label, value: k.denialRateByCategory[c.key].value, text: percent(k.denialRateByCategory[c.key].value), href: `/worklist${query({ scope: 'all', category: c.key === 'modifier' ? 'coding' : c.key === 'coverage' ? 'non_covered' : c.key, ...scope })}` })),
  )}
  ${barChart(
    'Open dollars at risk by age',
    k.openAtRisk.buckets.map((b, i) => ({
      label: b.label,
      value: b.cents,
      text: usd(b.cents),
      href: `/worklist${query({ scope: 'all', sort: 'dollars', remittedTo: addDays(k.asOf, -AGING_BUCKETS[i]!.min), remittedFrom: Number.isFinite(AGING_BUCKETS[i]!.max) ? addDays(k.asOf, -AGING_BUCKETS[i]!.max) : undefined, ...scope })}`,
    })),
    { minStep: 1 },
  )}
  ${barChart(
    'Team workload: open denials by owner',
    p.workload.slice(0, 10).map((w) => ({ label: w.assignee, value: w.count, text: String(w.count), href: `/worklist${query({ scope: 'all', assignee: w.assignee })}` })),
    { minStep: 1 },
  )}
</section>

<section class="value-bands" aria-labelledby="vb-h"><h2 id="vb-h"><a href="/worklist${query({ scope: 'all', sort: 'value' })}">Open work by expected value</a></h2>
  <table><thead><tr><th scope="col">Expected recovery</th><th scope="col" class="num">Denials</th><th scope="col" class="num">At risk</th><th scope="col" class="num">Expected</th></tr></thead><tbody>
  ${p.valueBands.map((b) => html`<tr data-band="${b.band}"><th scope="row">${b.band}</th><td class="num">${b.count}</td><td class="num">${usd(b.atRiskCents)}</td><td class="num">${usd(b.expectedCents)}</td></tr>`)}
  </tbody></table>
  <p class="muted">At risk × the learned likelihood of each denial's payer, category and route, less the route's cost; the worklist's best-next order.</p>
</section>

<section class="silent-money" aria-labelledby="sm-h"><h2 id="sm-h">Money taken back without a denial</h2>
${p.silentMoney.length
    ? html`<table><thead><tr><th scope="col">Week of</th><th scope="col">Payer</th><th scope="col" class="num">Taken back</th><th scope="col" class="num">Added</th><th scope="col" class="num">Items</th><th scope="col" class="num">On denied claims</th></tr></thead><tbody>
  ${p.silentMoney.slice(0, 20).map((w) => html`<tr data-week="${w.week}"><td>${w.week}</td><td>${w.payerId}</td><td class="num">${usd(w.takenCents)}</td><td class="num">${usd(w.addedCents)}</td><td class="num">${w.items}</td><td class="num">${w.linkedToDenials}</td></tr>`)}
  </tbody></table>
  <p class="muted">Reversals (CLP02 22), negative payments and provider-level adjustments (PLB: recoupments, forwarding balances, withholdings; interest is money added), by remittance week. <em>On denied claims</em>: items naming a claim this practice is working as a denial.</p>`
    : html`<p class="muted">No reversal, recoupment or provider-level adjustment in these weeks.</p>`}
</section>

<section class="payer-shifts" aria-labelledby="ps-h"><h2 id="ps-h">Payer behaviour, week of ${p.payerShifts.week}</h2>
${payerShiftList(p.payerShifts)}
</section>

<section aria-labelledby="dl-h"><h2 id="dl-h">Deadlines in the next 14 days (${k.deadlinesNext14Days.count}, ${usd(k.deadlinesNext14Days.atRiskCents)})</h2>
${k.deadlinesNext14Days.items.length
    ? html`<table class="worklist"><thead><tr><th>Due</th><th>Days left</th><th class="num">At risk</th><th>Category</th><th>Payer</th><th>Denial</th></tr></thead><tbody>
  ${k.deadlinesNext14Days.items.slice(0, 25).map((d) => html`<tr data-href="/denials/${d.workflowId}"><td>${d.dueDate}</td><td>${d.daysLeft}</td><td class="num">${usd(d.atRiskCents)}</td><td>${humanize(d.category)}</td><td>${d.payerId}</td><td><a href="/denials/${d.workflowId}" title="${d.workflowId}">${denialReference(d.workflowId)}</a></td></tr>`)}
  </tbody></table>`
    : html`<p class="muted">No deadline falls in the next 14 days.</p>`}
</section>

<section aria-labelledby="pv-h"><h2 id="pv-h"><a href="/prevention">Prevention board</a></h2>
${p.prevention.length
    ? html`<table><thead><tr><th>Root cause</th><th>Team</th><th>Control</th><th>Status</th><th class="num">Seen</th><th class="num">Repeats</th><th class="num">Dollars</th></tr></thead><tbody>
  ${p.prevention.slice(0, 10).map((t) => html`<tr data-href="/prevention/${t.preventionId}"><td><a href="/prevention/${t.preventionId}">${humanize(t.rootCause)}</a></td><td>${humanize(t.ownerTeam)}</td><td>${t.control}</td><td>${humanize(t.status)}</td><td class="num">${t.occurrences}</td><td class="num">${t.repeats}</td><td class="num">${usd(t.totalCents)}</td></tr>`)}
  </tbody></table>`
    : html`<p class="muted">No prevention tasks yet.</p>`}
</section>`;
  return layout({ title: 'Dashboard', viewer: p.viewer, active: '/dashboard', body });
}
