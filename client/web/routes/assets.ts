/**
 * The pages' stylesheet and script, served by the app itself: the Content-Security-Policy allows scripts
 * and styles from this origin only, and every page (sign-in and status included) links to them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { definePage, fileBody, type RouteDefinition } from '../http/route';
import { PACKAGE_ROOT } from '../../../runtime/package-root';

const ASSETS_DIR = path.join(PACKAGE_ROOT, 'client', 'web', 'assets');

function asset(file: string, contentType: string, summary: string): RouteDefinition {
  return definePage({
    path: `/assets/${file}`,
    summary,
    permission: 'public',
    handler: () => fileBody(fs.readFileSync(path.join(ASSETS_DIR, file)), contentType, { cache: 'public, max-age=300' }),
  });
}

export function assetRoutes(): RouteDefinition[] {
  return [asset('app.css', 'text/css; charset=utf-8', 'Stylesheet'), asset('app.js', 'text/javascript; charset=utf-8', 'Progressive enhancement script')];
}
