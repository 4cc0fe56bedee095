// The clearinghouse's inbound files reach the intake on the inbox's cadence: a file dropped in the folder
// connector's inbound folder is ingested (835, 277, ...), kept with its report, and only then archived;
// a rejected file is archived once quarantined; one that cannot be fetched stays for the next poll.
// Real dev server and worker, the real folder connector and SQLite store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INBOUND_POLL_MS, pollClearinghouseOnInbox } from '../../client/ingest/clearinghouse-wiring';
import { InboxWatcher } from '../../client/ingest/inbox';
import type { ClearinghouseInbound } from '../../client/ingest/clearinghouse-inbound';
import { clearinghouseFolders, FolderConnector, type ClearinghouseFolders } from '../../runtime/clearinghouse';
import { createLogger } from '../../runtime/log';
import { status277 } from '../fixtures/claim-status-files';
import { deniedRemittance } from '../fixtures/remittances';
import { claimStatusSignals } from '../support/claim-status-signals';
import { startDevEnv, type DevEnv } from '../support/dev-env';
import { inboxDeployment, type InboxDeployment } from '../support/intake-deployments';

/** The folder connector, with a fetch that fails while `failing` names the file (an SFTP hiccup). */
class FlakyFolderConnector extends FolderConnector {
  failing = new Set<string>();
  override async fetchInbound(name: string): Promise<Buffer> {
    if (this.failing.has(name)) throw new Error(`connection reset while reading ${name}`);
    return super.fetchInbound(name);
  }
}

describe('clearinghouse inbound files through the intake', () => {
  let dev: DevEnv;
  let deployment: InboxDeployment;
  let folders: ClearinghouseFolders;
  let connector: FlakyFolderConnector;
  let inbound: ClearinghouseInbound;
  let workflowId: string;
  const drop = (name: string, text: string) => fs.writeFileSync(path.join(folders.inbox, name), text);
  const waiting = () => fs.readdirSync(folders.inbox).filter((n) => n !== 'archive').sort();
  const archived = () => fs.readdirSync(folders.archive).sort();

  beforeAll(async () => {
    dev = await startDevEnv();
    const env = { TEMPORAL_ADDRESS: dev.env.address, CODEC_KEYS: dev.config.CODEC_KEYS, DENIAL_ID_KEY: dev.config.DENIAL_ID_KEY };
    deployment = inboxDeployment(dev, env, 'web-node');
    const dataDir = path.join(dev.config.dataDir, 'web-node');
    folders = clearinghouseFolders(dataDir, 'acme');
    fs.mkdirSync(folders.inbox, { recursive: true });
    connector = new FlakyFolderConnector(folders);
    inbound = pollClearinghouseOnInbox(deployment.watcher, connector, dataDir, deployment.intake.files, createLogger({ level: 'error' }));
  });

  afterAll(async () => {
    await deployment?.watcher.stop();
    await deployment?.intake.close();
    await dev?.teardown();
  });

  it('an 835 and a 277 dropped by the clearinghouse are ingested, kept with their reports, then archived', async () => {
    drop('remit-0001.835', deniedRemittance);
    const [remit] = await inbound.poll();
    expect(remit).toMatchObject({ file: 'remit-0001.835', via: 'clearinghouse', verdict: 'accepted', totals: { started: 1 } });
    workflowId = (await deployment.intake.report(remit!.reportId))!.claims[0]!.workflowId!;
    expect(waiting()).toEqual([]);
    expect(archived()).toEqual(['remit-0001.835']);

    drop('status-0001.277', status277('04412', [{ trace: workflowId, stc: 'F2:88', account: 'ACCT-1001' }]));
    const [status] = await inbound.poll();
    expect(status).toMatchObject({ transaction: '277', via: 'clearinghouse', totals: { answers: 1, signaled: 1 } });
    expect(archived()).toEqual(['remit-0001.835', 'status-0001.277']);
    const processed = fs.readdirSync(deployment.folders.processed);
    expect(processed.some((n) => n.endsWith('_status-0001.277'))).toBe(true);
    expect(processed.some((n) => n.endsWith('_status-0001.277.report.json'))).toBe(true);
    expect(await claimStatusSignals(dev.client, workflowId)).toEqual([expect.objectContaining({ source: '277', classification: 'denied', categoryCode: 'F2' })]);
    // Nothing is left in staging: the kept copy is the sealed one in processed/.
    expect(fs.readdirSync(path.join(dev.config.dataDir, 'web-node', 'clearinghouse-staging'))).toEqual([]);
  });

  it('a file that cannot be fetched stays for the next poll; a garbled one is rejected, kept and archived', async () => {
    connector.failing.add('ack-0002.999');
    drop('ack-0002.999', 'ISA*00*garbled');
    const whole = status277('04412', [{ trace: workflowId, stc: 'P1' }], 903);
    drop('status-0003.277', whole.slice(0, whole.indexOf('STC*') + 6));
    const reports = await inbound.poll();
    expect(reports.map((r) => [r.file, r.verdict])).toEqual([['status-0003.277', 'rejected']]);
    expect(reports[0]!.findings[0]!.position).toMatchObject({ file: 'status-0003.277', segment: expect.any(Number) });
    expect(waiting()).toEqual(['ack-0002.999']);
    expect(archived()).toContain('status-0003.277');
    expect(fs.readdirSync(deployment.folders.rejected).some((n) => n.endsWith('_status-0003.277.error.txt'))).toBe(true);

    connector.failing.clear();
    const [retried] = await inbound.poll();
    expect(retried).toMatchObject({ file: 'ack-0002.999', verdict: 'rejected' });
    expect(waiting()).toEqual([]);
  });

  it('on the inbox cadence: the same 277 delivered again is archived and signals nothing new', async () => {
    deployment.watcher.start();
    drop('status-0001.277', status277('04412', [{ trace: workflowId, stc: 'F2:88', account: 'ACCT-1001' }]));
    await expect.poll(() => waiting(), { timeout: 20_000 }).toEqual([]);
    await deployment.watcher.stop();
    const saved = fs.readdirSync(deployment.folders.processed).filter((n) => n.endsWith('_status-0001.277'));
    expect(saved).toHaveLength(2);
    expect(await claimStatusSignals(dev.client, workflowId)).toHaveLength(1);
  });

  it('a source polled every minute (SFTP) is listed once across many scans of the inbox; one polled every scan, each time', async () => {
    const folders = { inbox: fs.mkdtempSync(path.join(os.tmpdir(), 'inbox-')), processed: fs.mkdtempSync(path.join(os.tmpdir(), 'processed-')), rejected: fs.mkdtempSync(path.join(os.tmpdir(), 'rejected-')) };
    const watcher = new InboxWatcher(folders, deployment.intake, createLogger({ level: 'error' }), 20);
    const polls = { remote: 0, local: 0 };
    watcher.addSource({ poll: async () => void polls.remote++ }, INBOUND_POLL_MS.sftp);
    watcher.addSource({ poll: async () => void polls.local++ }, INBOUND_POLL_MS.folder);
    watcher.start();
    await expect.poll(() => polls.local, { timeout: 5_000 }).toBeGreaterThanOrEqual(5);
    await watcher.stop();
    expect(polls.remote).toBe(1);
  });
});
