/**
 * The status page: a person's view of /api/health, and the way in (sign-in, worklist, dashboard). Without
 * the details (anyone but an admin) it says healthy or degraded and nothing about the deployment.
 */
import type { HealthReport, PublicHealth } from './health';
import { html } from './pages/html';
import { layout, type PageViewer } from './pages/layout';

function details(h: HealthReport) {
  const rows: [string, string][] = [
    ['Temporal', `${h.temporal.address} (${h.temporal.embedded ? 'embedded dev server' : 'cluster'})`],
    ['Namespace', h.temporal.namespace],
    ['Task queue', h.temporal.taskQueue],
    ['Server version', h.temporal.serverVersion ?? '—'],
    ['Running denial workflows', h.workflows ? String(h.workflows.runningDenials) : '—'],
    ['App version', h.version],
    ['Checked at', h.checkedAt],
  ];
  return html`${h.temporal.error ? html`<p>Temporal is not reachable: <code>${h.temporal.error}</code></p>` : ''}
<table class="status">${rows.map(([k, v]) => html`<tr><th scope="row">${k}</th><td>${v}</td></tr>`)}</table>
<p>${h.webUiUrl ? html`<a href="${h.webUiUrl}">Open the Temporal Web UI</a> · ` : ''}<a href="/api/health">/api/health</a> (JSON)</p>`;
}

export function renderStatusPage(h: HealthReport | PublicHealth, viewer?: PageViewer): string {
  const ok = h.status === 'ok';
  const body = html`<p><span class="state ${ok ? 'ok' : 'degraded'}" data-testid="status">${ok ? 'Healthy' : 'Degraded'}</span></p>
${'temporal' in h ? details(h) : ''}
<p>${viewer ? '' : html`<a href="/login">Sign in</a> · `}<a href="/worklist">Worklist</a> · <a href="/dashboard">Dashboard</a> · <a href="/prevention">Prevention</a> · <a href="/api/openapi.json">OpenAPI</a></p>`;
  return layout({ title: 'Denial orchestration', body, ...(viewer ? { viewer } : {}) });
}
