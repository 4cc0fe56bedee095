import fs from 'node:fs';
import path from 'node:path';

/**
 * The folder of package.json: where templates/, config/ and the web assets live, whether this module runs
 * as TypeScript from the clone (tsx, tests) or compiled under lib/ (`npm start`).
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(__dirname);

/** The product's version, from its package.json (read, not imported: a compiled build must not copy it). */
export const PACKAGE_VERSION: string = (JSON.parse(fs.readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
