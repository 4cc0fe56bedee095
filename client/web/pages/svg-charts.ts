/**
 * Charts as inline SVG, drawn on the same geometry as the PDF report's, where every bar (and the chart's
 * title) is a link to the list behind it. Accessible: each chart has a title and each bar a text label.
 */
import { barHeights, slots, valueAxis } from '../../../services/reports/chart-geometry';
import { html, type Html } from './html';

export interface Bar {
  label: string;
  value: number | null;
  /** What the bar shows, as people read it ("12.5%", "$1,200.00"). */
  text: string;
  href: string;
}

const W = 520;
const H = 220;
const PAD = { left: 8, right: 8, top: 22, bottom: 46 };

export function barChart(title: string, bars: Bar[], opts: { minStep?: number } = {}): Html {
  const axis = valueAxis(bars.map((b) => b.value), opts.minStep ?? 0);
  const plotH = H - PAD.top - PAD.bottom;
  const heights = barHeights(bars.map((b) => b.value), axis, plotH);
  const at = slots(bars.length, PAD.left, W - PAD.left - PAD.right);
  const base = H - PAD.bottom;
  return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="t-${slug(title)}">
  <title id="t-${slug(title)}">${title}</title>
  <line x1="${PAD.left}" y1="${base}" x2="${W - PAD.right}" y2="${base}" class="axis"/>
  ${axis ? '' : html`<text x="${W / 2}" y="${base - plotH / 2}" text-anchor="middle" class="muted">No data for this period</text>`}
  ${bars.map((b, i) => {
    const s = at[i]!;
    const h = heights[i] ?? 0;
    const w = s.width * 0.7;
    return html`<a href="${b.href}"><g class="bar"><title>${b.label}: ${b.text}</title>
    <rect x="${(s.center - w / 2).toFixed(1)}" y="${(base - h).toFixed(1)}" width="${w.toFixed(1)}" height="${h.toFixed(1)}"/>
    <text x="${s.center.toFixed(1)}" y="${(base - h - 4).toFixed(1)}" text-anchor="middle" class="value">${b.text}</text>
    <text x="${s.center.toFixed(1)}" y="${base + 14}" text-anchor="middle" class="label">${b.label.length > 14 ? `${b.label.slice(0, 13)}…` : b.label}</text></g></a>`;
  })}
</svg><figcaption>${title}</figcaption></figure>`;
}

export interface Series {
  name: string;
  values: (number | null)[];
}

/** Lines over periods (weeks), percentages; a null breaks the line rather than dropping to zero. Each period's label links to its list. */
export function lineChart(title: string, labels: { text: string; href: string }[], series: Series[]): Html {
  const axis = valueAxis(series.flatMap((s) => s.values));
  const plotH = H - PAD.top - PAD.bottom;
  const at = slots(labels.length, PAD.left + 30, W - PAD.left - PAD.right - 30);
  const base = H - PAD.bottom;
  const y = (v: number) => base - (axis ? (v / axis.max) * plotH : 0);
  return html`<figure class="chart"><svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="t-${slug(title)}">
  <title id="t-${slug(title)}">${title}</title>
  ${(axis?.ticks ?? [0]).map((t) => html`<line x1="${PAD.left + 30}" y1="${y(t).toFixed(1)}" x2="${W - PAD.right}" y2="${y(t).toFixed(1)}" class="grid"/><text x="${PAD.left + 26}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" class="label">${Number((t * 100).toFixed(1))}%</text>`)}
  ${series.map((s, k) => {
    const runs: string[] = [];
    let run: string[] = [];
    s.values.forEach((v, i) => {
      if (v === null) {
        if (run.length) runs.push(run.join(' '));
        run = [];
      } else run.push(`${at[i]!.center.toFixed(1)},${y(v).toFixed(1)}`);
    });
    if (run.length) runs.push(run.join(' '));
    return html`<g class="series s${k}"><title>${s.name}</title>${runs.map((pts) => html`<polyline points="${pts}" fill="none"/>`)}${s.values.map((v, i) => (v === null ? '' : html`<circle cx="${at[i]!.center.toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5"/>`))}</g>`;
  })}
  ${labels.map((l, i) => html`<a href="${l.href}"><rect x="${at[i]!.left.toFixed(1)}" y="${PAD.top}" width="${at[i]!.width.toFixed(1)}" height="${plotH + 20}" class="hit"><title>Denials remitted in the week to ${l.text}</title></rect><text x="${at[i]!.center.toFixed(1)}" y="${base + 14}" text-anchor="middle" class="label link">${l.text}</text></a>`)}
  ${series.map((s, k) => html`<text x="${PAD.left + 34 + k * 160}" y="${H - 8}" class="legend s${k}">■ ${s.name}</text>`)}
</svg><figcaption>${title} · click a week for its denials</figcaption></figure>`;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}
