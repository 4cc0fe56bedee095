/**
 * How much memory a worker gives its running workflows. The SDK's defaults are sized from the V8 heap
 * limit (about 2,300 cached workflows on a 4 GB heap), far more than parked denials are worth keeping: a
 * cached denial holds about 2 MB (its sandbox's copies of the domain modules and schemas), so a worker
 * with thousands of parked denials grew past 2.5 GB. A denial not in the cache costs nothing until its
 * next event (a person's action, a remittance, a timer), which replays its history once.
 *
 * Two levers, both from WORKFLOW_CACHE_MB: how many workflows the SDK caches, and the heap of the thread
 * they run in (the SDK's workflow thread, an isolate of its own), which otherwise may grow to the process's
 * 4 GB before V8 collects the garbage of the replays and tasks in between (RSS swung 0.85–1.7 GB over a
 * run of 2,000 denials with a 250-denial cache; 0.8–0.9 GB with the thread's heap capped).
 *
 * Since the cached workflows share the domain modules (workflows/shared-modules.ts) a cached denial holds
 * about half a megabyte: 402 MB over 750 cached denials (bench lifecycle, 2026-12-06, WORKFLOW_CACHE_MB=4000).
 */
import v8 from 'node:v8';

/** Measured per cached denial (bench lifecycle, 2026-12-06: 402 MB over 750 cached denials); rounded up. */
export const CACHED_DENIAL_MB = 0.6;
/** The workflow thread's heap beyond its cache: the bundle, the tasks in flight, and room for V8 to collect. */
const WORKFLOW_THREAD_HEADROOM_MB = 384;
/** The SDK's default of concurrent workflow tasks, lowered to the cache where the cache is smaller (a task needs its workflow cached). */
const WORKFLOW_TASK_SLOTS = 40;

/** The SDK's maxCachedWorkflows for a budget: 0 turns the cache off, anything else keeps at least 2 (the SDK's minimum). */
export function cachedWorkflowsFor(budgetMb: number): number {
  if (budgetMb <= 0) return 0;
  return Math.max(2, Math.floor(budgetMb / CACHED_DENIAL_MB));
}

export function workflowCacheOptions(budgetMb: number): { maxCachedWorkflows: number; maxConcurrentWorkflowTaskExecutions: number } {
  const maxCachedWorkflows = cachedWorkflowsFor(budgetMb);
  return { maxCachedWorkflows, maxConcurrentWorkflowTaskExecutions: maxCachedWorkflows === 0 ? WORKFLOW_TASK_SLOTS : Math.min(WORKFLOW_TASK_SLOTS, maxCachedWorkflows) };
}

/** The old-space limit the workflow thread gets for a budget, in MB. */
export function workflowThreadHeapMb(budgetMb: number): number {
  return budgetMb + WORKFLOW_THREAD_HEADROOM_MB;
}

/** Whoever started Node chose a heap size (`--max-old-space-size` on its command line or in NODE_OPTIONS): theirs stands. */
function heapSizeChosen(): boolean {
  return [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--max-old-space-size'));
}

/**
 * Caps the old space of isolates created from now on, which is to say the SDK's workflow thread when called
 * just before `Worker.create`; the main thread keeps its own limit (V8 sizes a heap when its isolate starts).
 * Returns the limit set, or null where the operator chose one.
 */
export function capWorkflowThreadHeap(budgetMb: number): number | null {
  if (heapSizeChosen()) return null;
  const mb = workflowThreadHeapMb(budgetMb);
  v8.setFlagsFromString(`--max-old-space-size=${mb}`);
  return mb;
}
