#!/usr/bin/env node
// The `denials` command (package.json `bin`, also `npx denials`): runs the TypeScript CLI through tsx.
// Node resolves this file's symlinks, so imports and the CLI are found from the clone, whatever the cwd.
import { createRequire } from 'node:module';
import { register as registerCjs } from 'tsx/cjs/api';
import { register as registerEsm } from 'tsx/esm/api';

// The CLI is CommonJS TypeScript that loads its commands with import(): both hooks are needed.
registerCjs();
registerEsm();
const require = createRequire(import.meta.url);
require('../client/cli/index.ts').runProcess(process.argv.slice(2));
