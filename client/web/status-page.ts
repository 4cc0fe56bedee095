/** The status page: a person's view of /api/health, and the way in (sign-in, worklist, dashboard). */
import type { HealthReport } from './health';
import { escapeHtml as esc } from './pages/html';

export function renderStatusPage(h: HealthReport): string {
  const ok = h.status === 'ok';
  const rows: [string, string][] = [
    ['Temporal', `${esc(h.temporal.address)} (${h.temporal.embedded ? 'embedded dev server' : 'cluster'})`],
    ['Namespace', esc(h.temporal.namespace)],
    ['Task queue', esc(h.temporal.taskQueue)],
    ['Server version', esc(h.temporal.serverVersion ?? '—')],
    ['Running denial workflows', h.workflows ? String(h.workflows.runningDenials) : '—'],
    ['Checked at', esc(h.checkedAt)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Denials — status</title>
<style>
 body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:46rem;color:#1d2733;padding:0 1rem}
 h1{font-size:1.4rem;margin-bottom:.2rem} .state{display:inline-block;padding:.15rem .6rem;border-radius:1rem;font-weight:600}
 .ok{background:#dff3e4;color:#17652f} .degraded{background:#fde2e1;color:#8a1c17}
 table{border-collapse:collapse;width:100%;margin:1rem 0} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e3e7ec}
 th{width:14rem;font-weight:500;color:#4a5868} code{background:#f2f4f7;padding:.1rem .3rem;border-radius:.2rem}
</style></head>
<body>
<h1>Denial orchestration</h1>
<p><span class="state ${ok ? 'ok' : 'degraded'}" data-testid="status">${ok ? 'Healthy' : 'Degraded'}</span> version ${esc(h.version)}</p>
${h.temporal.error ? `<p>Temporal is not reachable: <code>${esc(h.temporal.error)}</code></p>` : ''}
<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>
<p><a href="/worklist">Worklist</a> · <a href="/dashboard">Dashboard</a> · <a href="/prevention">Prevention</a> (sign-in needed)</p>
<p>${h.webUiUrl ? `<a href="${esc(h.webUiUrl)}">Open the Temporal Web UI</a> · ` : ''}<a href="/api/health">/api/health</a> (JSON) · <a href="/api/openapi.json">OpenAPI</a></p>
</body></html>`;
}
