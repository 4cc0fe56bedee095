#!/usr/bin/env node
// The `denials` command (package.json `bin`, also `npx denials`). From a clone with the dev dependencies it
// runs the TypeScript CLI through tsx; in a production install (no tsx) it runs the compiled build in lib/.
// Node resolves this file's symlinks, so imports and the CLI are found from the clone, whatever the cwd.
import fs from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const compiled = new URL('../lib/client/cli/index.js', import.meta.url);
let tsx;
try {
  tsx = { cjs: await import('tsx/cjs/api'), esm: await import('tsx/esm/api') };
} catch {
  tsx = undefined;
}
if (tsx) {
  // The CLI is CommonJS TypeScript that loads its commands with import(): both hooks are needed.
  tsx.cjs.register();
  tsx.esm.register();
  require('../client/cli/index.ts').runProcess(process.argv.slice(2));
} else if (fs.existsSync(compiled)) {
  require(compiled.pathname).runProcess(process.argv.slice(2));
} else {
  console.error('denials: neither tsx (dev dependencies) nor the compiled build (lib/) is installed: run `npm ci && npm run build`.');
  process.exit(1);
}
