// Runs on the Temporal CLI dev server (built by the project's setup), started by the test itself.
import crypto from 'node:crypto';
import path from 'node:path';
import { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { temporalCliPath } from '../../worker/toolchain/paths';
import { denialSearchAttributes } from '../../workflows/search-attributes';
import { echoWorkflow, finishSignal, searchAttributeWorkflow } from '../fixtures/workflows';
import { codecWith, randomKey } from '../support/codec-keys';

const workflowsPath = path.join(__dirname, '../fixtures/workflows.ts');

describe('dev server', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    env = await TestWorkflowEnvironment.createLocal({
      server: { executable: { type: 'existing-path', path: temporalCliPath() }, searchAttributes: denialSearchAttributes },
    });
  });

  afterAll(async () => {
    await env?.teardown();
  });

  it('finds a workflow by the search attribute it set, through a List query', async () => {
    const taskQueue = 'search-attributes';
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath });
    const stage = `classified-${crypto.randomUUID().slice(0, 8)}`;
    await worker.runUntil(async () => {
      const handle = await env.client.workflow.start(searchAttributeWorkflow, { args: [stage], taskQueue, workflowId: `sa-${stage}` });
      // Visibility is eventually consistent: poll until the upsert is indexed.
      let found: string[] = [];
      for (let i = 0; i < 80 && found.length === 0; i++) {
        found = [];
        for await (const wf of env.client.workflow.list({ query: `DenialStage = '${stage}' AND AmountAtRisk > 1000` })) found.push(wf.workflowId);
        if (!found.length) await new Promise((r) => setTimeout(r, 250));
      }
      expect(found).toEqual([`sa-${stage}`]);
      const none: string[] = [];
      for await (const wf of env.client.workflow.list({ query: `DenialStage = '${stage}-other'` })) none.push(wf.workflowId);
      expect(none).toEqual([]);
      await handle.signal(finishSignal);
      await handle.result();
    });
  });

  it('keeps payloads encrypted on the server: raw history without the codec does not contain the marker', async () => {
    const taskQueue = 'codec';
    const codec = codecWith(randomKey('test-key'));
    const dataConverter = { payloadCodecs: [codec] };
    const client = new Client({ connection: env.connection, dataConverter });
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowsPath, dataConverter });
    const marker = `PHI-MARKER-${crypto.randomUUID()}`;
    const workflowId = `codec-${crypto.randomUUID()}`; // ids are never encrypted, so the marker stays out of it
    const result = await worker.runUntil(client.workflow.execute(echoWorkflow, { args: [marker], taskQueue, workflowId }));
    expect(result).toBe(`echo:${marker}`);

    // The raw history as the server stores it, fetched with no codec at all.
    const raw = await env.connection.workflowService.getWorkflowExecutionHistory({
      namespace: 'default',
      execution: { workflowId },
    });
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(raw.history!).finish());
    expect(bytes.length).toBeGreaterThan(200);
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    expect(bytes.includes(Buffer.from(marker.slice(12)))).toBe(false);
    expect(bytes.includes(Buffer.from('binary/encrypted'))).toBe(true);

    // The same history read through the codec shows the value: proof the marker did go through it.
    const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
    const started = events.find((e) => e.workflowExecutionStartedEventAttributes)?.workflowExecutionStartedEventAttributes;
    const payload = started?.input?.payloads?.[0];
    const [decoded] = await codec.decode([payload!]);
    expect(Buffer.from(decoded!.data!).toString()).toContain(marker);
  });
});
