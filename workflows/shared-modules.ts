/**
 * The libraries every cached workflow shares (worker/workflow-bundle.ts preloads this module). zod declares
 * itself free of side effects, so a bare preload of it is dropped by the bundler; the call below keeps it.
 */
import * as zod from 'zod';

// zod fills in its global config (the default locale and memoizer) when the first schemas are built; built
// here, before the SDK freezes the shared modules and globals.
zod.object({ shared: zod.string() }).keyof();
