// JSON logs written by an activity carry the workflow id (a keyed hash) and the activity, so one denial's
// lines can be found; lines written outside an activity are left as they were.
import { Writable } from 'node:stream';
import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../runtime/log';
import { activityLogger } from '../../worker/activity-log';

describe('activity logger', () => {
  it('adds workflow id, activity type and attempt inside an activity, nothing outside', async () => {
    const lines: string[] = [];
    const stream = new Writable({ write: (chunk, _e, done) => done(void lines.push(String(chunk))) });
    const log = activityLogger(createLogger({ level: 'info', json: true, stream }));
    const env = new MockActivityEnvironment({ activityType: 'notify', attempt: 2, workflowExecution: { workflowId: 'denial-6f1c2a9e0b7d', runId: 'r1' } });
    await env.run(async () => log.info('notification sent', { kind: 'reminder' }));
    log.warn('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ level: 'info', msg: 'notification sent', workflowId: 'denial-6f1c2a9e0b7d', activityType: 'notify', attempt: 2, kind: 'reminder' });
    expect(outside).toEqual({ time: expect.any(String), level: 'warn', msg: 'outside' });
  });
});
