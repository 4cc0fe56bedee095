// The intake journal writes deliveries in batches: lookups must see what is not yet written, and a
// flush (or a full batch) must put it in the database, where another journal on the same data finds it.
// Run on the SQLite file and on a real PostgreSQL server (a throwaway cluster, or DATABASE_URL_TEST),
// where two web nodes share one journal and a report saved on one node is read whole on the other.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createIntake } from '../../client/ingest/intake';
import { IntakeJournal } from '../../client/ingest/journal';
import { summaryOnly } from '../../client/ingest/report-stream';
import { loadConfig } from '../../runtime/config';
import { malformedClaimsRemittance } from '../fixtures/remittances';
import { keyringWith, randomKey } from '../support/codec-keys';
import { describeWithPostgres } from '../support/postgres';

const dirs: string[] = [];
const tempDir = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const delivery = (i: number, newWorkflow = true) => ({
  eventKey: `event-${i}`,
  workflowId: `denial-${i}`,
  kind: 'denial',
  payerId: 'P1',
  reportId: 'rpt-1',
  newWorkflow,
});

/** `fresh` gives empty journal data; `open` a journal on it, as another process would. */
function journalContract(fresh: () => Promise<{ open(): IntakeJournal }>) {
  const journals: IntakeJournal[] = [];
  const pair = async () => {
    const data = await fresh();
    const both = [data.open(), data.open()] as const;
    journals.push(...both);
    return both;
  };
  afterAll(async () => {
    for (const j of journals) await j.close();
  });

  it('answers lookups from deliveries not yet written, and writes them on flush', async () => {
    const [journal, elsewhere] = await pair();
    journal.recordDelivery(delivery(1));
    journal.recordDelivery({ ...delivery(1, false), eventKey: 'event-1b' });

    expect(await journal.knowsWorkflow('denial-1')).toBe(true);
    expect(await journal.hasEvent('event-1')).toBe(true);
    expect(await journal.hasEvent('event-1b')).toBe(true);
    expect(await journal.knowsWorkflow('denial-2')).toBe(false);
    // Not written yet: another process would not see it (and would fall back to a signal).
    expect(await elsewhere.knowsWorkflow('denial-1')).toBe(false);

    await journal.flush();
    expect(await elsewhere.knowsWorkflow('denial-1')).toBe(true);
    expect(await elsewhere.hasEvent('event-1')).toBe(true);
    expect(await elsewhere.hasEvent('event-1b')).toBe(true);
    expect(await journal.knowsWorkflow('denial-1')).toBe(true);
  });

  it('writes a full batch without being asked', async () => {
    const [journal, elsewhere] = await pair();
    for (let i = 0; i < 64; i++) journal.recordDelivery(delivery(i));
    await vi.waitFor(async () => expect(await elsewhere.knowsWorkflow('denial-63')).toBe(true));
    expect(await elsewhere.knowsWorkflow('denial-0')).toBe(true);
    journal.recordDelivery(delivery(64));
    expect(await elsewhere.knowsWorkflow('denial-64')).toBe(false);
    await journal.flush();
    expect(await elsewhere.knowsWorkflow('denial-64')).toBe(true);
  });

  it('records a workflow only with the delivery that proved it exists, and an event once', async () => {
    const [journal] = await pair();
    journal.recordDelivery(delivery(7, false));
    journal.recordDelivery(delivery(7, false));
    await journal.flush();
    expect(await journal.hasEvent('event-7')).toBe(true);
    expect(await journal.knowsWorkflow('denial-7')).toBe(false);
  });
}

describe('intake journal: SQLite', () => {
  journalContract(async () => {
    const dataDir = tempDir();
    const keyring = keyringWith(randomKey('journal'));
    return { open: () => IntakeJournal.open({ dataDir, keyring }) };
  });
});

describeWithPostgres('intake journal: PostgreSQL', (pg) => {
  journalContract(async () => {
    const databaseUrl = await pg().newDatabase();
    const keyring = keyringWith(randomKey('journal'));
    return { open: () => IntakeJournal.open({ dataDir: tempDir(), databaseUrl, keyring }) };
  });

  it('shows a report ingested on one web node, whole, on another with its own data folder', async () => {
    const file = path.join(tempDir(), 'malformed.835');
    fs.writeFileSync(file, malformedClaimsRemittance);
    const env = { DATABASE_URL: await pg().newDatabase(), CODEC_KEYS: `k1=${Buffer.alloc(32, 3).toString('base64')}`, DENIAL_ID_KEY: Buffer.alloc(32, 9).toString('base64') };
    const [a, b] = [tempDir(), tempDir()].map((dir) => createIntake(loadConfig({ ...env, DATA_DIR: dir }), undefined, () => undefined));
    try {
      const summary = await a!.ingest(file, { via: 'http', dryRun: false }, undefined, summaryOnly);
      expect(summary.claims).toHaveLength(2);
      expect(b!.savedReport(summary.reportId)).toBeUndefined();
      const whole = await b!.report(summary.reportId);
      expect(whole?.claims.map((c) => [c.clp01, c.delivery])).toEqual([
        ['ACCT-1001', 'dry-run'],
        ['ACCT-2002', 'quarantined'],
        ['ACCT-3003', 'quarantined'],
      ]);
      expect((await b!.reportSummary(summary.reportId))?.totals).toEqual(summary.totals);
      expect(await b!.forgetReportsBefore('2999-01-01T00:00:00.000Z')).toBe(1);
      expect(await a!.report(summary.reportId)).toBeUndefined();
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });
});
