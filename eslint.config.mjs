// Lint rules that keep workflow code replay-safe and async code honest.
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', '.tools/**', 'coverage/**', 'lib/**', 'test-results/**', 'workflows/denial/legacy-rules/frozen.js'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Workflow code runs in the deterministic sandbox: no Node built-ins, no I/O libraries,
    // and activities only by `import type` (proxyActivities gives the callable side).
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'Workflow code must not use Node built-ins; do I/O in an activity.' })),
          patterns: [
            { group: ['@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'], message: 'Workflows may only import @temporalio/workflow and @temporalio/common.' },
            { group: ['nodemailer', 'pdf-lib', 'better-sqlite3', 'pg'], message: 'I/O libraries belong in activities.' },
            // At any depth (workflows/denial/ too).
            { regex: '^(\\.\\./)+activities(/|$)', allowTypeImports: true, message: 'Import activities with `import type` and call them through proxyActivities.' },
            { regex: '^(\\.\\./)+services(/|$)', allowTypeImports: true, message: 'services/ do I/O for activities: workflows may import their types only.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'setTimeout', message: 'Use sleep() from @temporalio/workflow.' },
        { name: 'setInterval', message: 'Use a sleep() loop from @temporalio/workflow.' },
        { name: 'process', message: 'Workflow code has no process environment.' },
      ],
    },
  },
  {
    // Clients (web app, CLI, ingest) talk to Temporal from outside: what they share with activities lives in
    // services/, runtime/ or domain/, never in activities/ or worker/ (not even a type).
    files: ['client/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(activities|worker)(/|$)', message: 'client/ must not import activities/ or worker/: use services/, runtime/ or domain/.' },
          ],
        },
      ],
    },
  },
  {
    // Libraries that activities and clients both call: they depend on domain/ and runtime/, not on the
    // layers that use them.
    files: ['services/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+(activities|worker|client)(/|$)', message: 'services/ are libraries: they must not import activities/, worker/ or client/.' },
          ],
        },
      ],
    },
  },
  {
    // Pure domain logic: importable by workflows, so the same restrictions apply.
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'domain/ is pure: no Node built-ins. Pass data in, return data out.' })),
          patterns: [{ group: ['@temporalio/*'], message: 'domain/ does not depend on Temporal.' }],
        },
      ],
    },
  },
);
