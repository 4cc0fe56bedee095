import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { workflowCacheOptions, workflowThreadHeapMb } from '../../worker/workflow-cache';

/** In a Node process of its own: caps the heap for a 100 MB budget, then reports the main thread's and a new thread's heap limits. */
function heapLimitsAfterCap(nodeOptions?: string): { capped: number | null; main: number; thread: number } {
  const script = `
    const v8 = require('node:v8');
    const { Worker } = require('node:worker_threads');
    const { capWorkflowThreadHeap } = require(${JSON.stringify(path.resolve('worker/workflow-cache.ts'))});
    const capped = capWorkflowThreadHeap(100);
    const main = v8.getHeapStatistics().heap_size_limit / 1048576;
    // The thread ends and the process exits by itself once stdout is written: process.exit could cut a piped write short.
    const worker = new Worker("require('node:worker_threads').parentPort.postMessage(require('node:v8').getHeapStatistics().heap_size_limit / 1048576)", { eval: true });
    worker.once('message', (thread) => { console.log(JSON.stringify({ capped, main, thread })); void worker.terminate(); });`;
  const env = { ...process.env, NODE_OPTIONS: nodeOptions ?? '' };
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim()) as { capped: number | null; main: number; thread: number };
}

describe('the worker workflow cache, sized from WORKFLOW_CACHE_MB', () => {
  it('keeps 666 denials by default, far under the SDK default of about 2,300 on a 4 GB heap', () => {
    const { WORKFLOW_CACHE_MB } = loadConfig({}, '/srv/app');
    expect(WORKFLOW_CACHE_MB).toBe(400);
    expect(workflowCacheOptions(WORKFLOW_CACHE_MB)).toEqual({ maxCachedWorkflows: 666, maxConcurrentWorkflowTaskExecutions: 40 });
  });

  it('turns the cache off at 0, and never goes under the SDK minimum of 2 cached or lets task slots exceed the cache', () => {
    expect(workflowCacheOptions(0)).toEqual({ maxCachedWorkflows: 0, maxConcurrentWorkflowTaskExecutions: 40 });
    expect(workflowCacheOptions(1)).toEqual({ maxCachedWorkflows: 2, maxConcurrentWorkflowTaskExecutions: 2 });
    expect(workflowCacheOptions(12)).toEqual({ maxCachedWorkflows: 20, maxConcurrentWorkflowTaskExecutions: 20 });
    expect(workflowCacheOptions(30)).toEqual({ maxCachedWorkflows: 50, maxConcurrentWorkflowTaskExecutions: 40 });
  });

  it('refuses a budget that is not a whole number of megabytes, naming the setting', () => {
    expect(() => loadConfig({ WORKFLOW_CACHE_MB: '1.5GB' }, '/srv/app')).toThrow(/WORKFLOW_CACHE_MB="1.5GB": expected megabytes as a whole number, 0 or more/);
    expect(() => loadConfig({ WORKFLOW_CACHE_MB: '-1' }, '/srv/app')).toThrow(/WORKFLOW_CACHE_MB="-1": expected megabytes/);
  });

  it('caps the heap of the workflow thread created after it, not the main thread, unless the operator chose a heap size', () => {
    const { capped, main, thread } = heapLimitsAfterCap();
    expect(capped).toBe(workflowThreadHeapMb(100));
    // V8 adds its young generation to the old-space limit it was given.
    expect(thread).toBeGreaterThanOrEqual(workflowThreadHeapMb(100));
    expect(thread).toBeLessThan(workflowThreadHeapMb(100) + 128);
    expect(main).toBeGreaterThan(thread);

    const chosen = heapLimitsAfterCap('--max-old-space-size=1536');
    expect(chosen.capped).toBeNull();
    expect(chosen.thread).toBeGreaterThanOrEqual(1536);
  });
});
