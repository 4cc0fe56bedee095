/**
 * The workflows pre-bundled at build time (`npm run build` → lib/workflow-bundle.js), as Temporal's
 * production sample does: a compiled worker loads the bundle instead of running webpack at every start.
 * Under tsx and in tests, the worker bundles from source (`workflowsPath`), as before.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundleWorkflowCode, type WorkerOptions } from '@temporalio/worker';

const WORKFLOWS = path.join(__dirname, '..', 'workflows');
/** The failure converter must be inside the bundle: a worker given a bundle cannot add it later. */
const FAILURE_CONVERTER = path.join(__dirname, '..', 'runtime', 'failure-converter.js');
/** Beside the compiled worker/ folder: lib/workflow-bundle.js. */
export const WORKFLOW_BUNDLE = path.join(__dirname, '..', 'workflow-bundle.js');

/**
 * Modules every cached workflow shares instead of evaluating its own copy. With the reused V8 context the
 * SDK evaluates the bundle's modules once per workflow; zod alone is most of a cached denial's weight.
 * Only stateless libraries belong here (the SDK deep-freezes them): not our schemas, whose lazy fields
 * zod fills in on first use.
 */
const SHARED_MODULES = [path.join(WORKFLOWS, 'shared-modules')];

export async function writeWorkflowBundle(file = WORKFLOW_BUNDLE): Promise<number> {
  const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS, failureConverterPath: FAILURE_CONVERTER, preloadModules: SHARED_MODULES });
  fs.writeFileSync(file, code);
  return code.length;
}

/** The bundle when this is the compiled worker and the build wrote one; the workflows' source otherwise. */
export function workflowCode(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> {
  const compiled = __filename.endsWith('.js');
  return compiled && fs.existsSync(WORKFLOW_BUNDLE) ? { workflowBundle: { codePath: WORKFLOW_BUNDLE } } : { workflowsPath: WORKFLOWS, bundlerOptions: { preloadModules: SHARED_MODULES } };
}

if (require.main === module) {
  writeWorkflowBundle().then(
    (bytes) => console.log(`Wrote ${path.relative(process.cwd(), WORKFLOW_BUNDLE)} (${(bytes / 1024).toFixed(0)} KiB)`),
    (err: unknown) => {
      console.error(`Bundling the workflows failed: ${(err as Error).message}`);
      process.exit(1);
    },
  );
}
