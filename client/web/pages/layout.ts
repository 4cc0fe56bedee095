/**
 * The page frame every page shares: navigation by role and who is signed in (with the sign-out form), or
 * the bare frame for the sign-in page. Returns the whole document as a string.
 */
import type { Principal } from '../auth/principal';
import { html, trusted, type Html } from './html';

export { escapeHtml } from './html';

export interface PageViewer {
  id: string;
  name?: string;
  role: 'ar_specialist' | 'supervisor' | 'automation' | 'admin';
  team?: string;
  csrf: string;
}

export function viewerOf(principal: Principal, csrf: string | undefined): PageViewer {
  return { id: principal.id, ...(principal.displayName ? { name: principal.displayName } : {}), role: principal.role, ...(principal.team ? { team: principal.team } : {}), csrf: csrf ?? '' };
}

const NAV: { href: string; label: string; roles: PageViewer['role'][] }[] = [
  { href: '/worklist', label: 'Worklist', roles: ['ar_specialist', 'supervisor', 'admin'] },
  { href: '/dashboard', label: 'Dashboard', roles: ['supervisor', 'admin'] },
  { href: '/prevention', label: 'Prevention', roles: ['ar_specialist', 'supervisor', 'admin'] },
];

export interface LayoutOptions {
  title: string;
  /** Markup: an Html value, or a string the caller already escaped. */
  body: Html | string;
  viewer?: PageViewer;
  active?: string;
  flash?: { kind: 'error' | 'ok'; text: string };
}

function header(viewer: PageViewer, active: string | undefined): Html {
  return html`<header class="top">
  <a class="brand" href="/">Denials</a>
  <nav aria-label="Main">${NAV.filter((n) => n.roles.includes(viewer.role)).map(
    (n) => html`<a href="${n.href}"${active === n.href ? html` aria-current="page"` : ''}>${n.label}</a>`,
  )}</nav>
  <form class="who" method="post" action="/logout">
    <span>${viewer.name ?? viewer.id} · ${viewer.role.replace('_', ' ')}${viewer.team ? html` · ${viewer.team}` : ''}</span>
    <input type="hidden" name="_csrf" value="${viewer.csrf}">
    <button type="submit">Sign out</button>
  </form>
</header>`;
}

export function layout(opts: LayoutOptions): string {
  const { viewer } = opts;
  const body = typeof opts.body === 'string' ? trusted(opts.body) : opts.body;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${viewer ? html`<meta name="csrf-token" content="${viewer.csrf}">` : ''}
<title>${opts.title} · Denials</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
${viewer ? header(viewer, opts.active) : html`<header class="top"><span class="brand">Denials</span></header>`}
<main id="main">
<h1>${opts.title}</h1>
${opts.flash ? html`<p class="flash ${opts.flash.kind}" role="${opts.flash.kind === 'error' ? 'alert' : 'status'}">${opts.flash.text}</p>` : ''}
${body}
</main>
</body>
</html>`.value;
}

const STATUS_TITLES: Record<number, string> = { 400: 'Bad request', 401: 'Sign in needed', 403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 429: 'Too many attempts', 500: 'Something went wrong' };

/** An error as a page: the status's title and the sentence that says what to do. */
export function errorPage(status: number, message: string): string {
  return layout({ title: STATUS_TITLES[status] ?? `Error ${status}`, body: html`<p class="error" role="alert">${message}</p><p><a href="/">Back to the start page</a></p>` });
}
