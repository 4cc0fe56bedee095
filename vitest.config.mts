import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Real Temporal servers start inside the tests; give them room on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Each server-backed file starts its own server; two at a time keeps a 2-core machine responsive.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
