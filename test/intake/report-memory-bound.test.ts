// Issue #15: a report's claim lines are handed on as they are produced, so what the intake holds does not
// grow with the file. Shown structurally, not by timing: while one delivery is held, the reader stops
// within a fixed number of lines of it, whatever the file's size, and nothing is kept for the report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateRemittance } from '../../bench/remittance-generator';
import { CLAIM_ORDER_WINDOW, ClaimOrder } from '../../client/ingest/claim-order';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { ingestFile, type Deliverer } from '../../client/ingest/pipeline';
import type { ClaimLine } from '../../client/ingest/report';
import { openDenialsStore } from '../../runtime/store/schema';
import type { Sqlite } from '../../runtime/store/sqlite';
import { keyringWith, randomKey } from '../support/codec-keys';

const CONCURRENCY = 32;
/** Several windows' worth of claims: a reader that did not wait would run far past the bound. */
const CLAIMS = 4 * CLAIM_ORDER_WINDOW;

const line = (n: number): ClaimLine => ({
  clp01: `C${n}`,
  status: '1',
  charge: '1',
  paid: '1',
  outcome: 'payment',
  denial: false,
  why: [],
  amountAtRisk: '0.00',
  adjustments: [],
  delivery: 'not-tracked',
  position: { segment: n },
});

describe('ClaimOrder', () => {
  it('hands lines on in file order once settled, and makes add() wait once the window is full', async () => {
    const emitted: string[] = [];
    const order = new ClaimOrder((l) => void emitted.push(l.clp01), 3);
    let releaseFirst!: () => void;
    await order.add(line(0), new Promise<void>((r) => (releaseFirst = r)));
    for (let n = 1; n <= 2; n++) await order.add(line(n));
    expect(order.held).toBe(3);
    expect(emitted).toEqual([]);
    let fourthAdded = false;
    const fourth = order.add(line(3)).then(() => (fourthAdded = true));
    await new Promise((r) => setImmediate(r));
    expect(fourthAdded).toBe(false);
    releaseFirst();
    await fourth;
    await order.add(line(4));
    await order.finish();
    expect(emitted).toEqual(['C0', 'C1', 'C2', 'C3', 'C4']);
    expect(order.held).toBe(0);
  });
});

describe('ingestFile with a report sink', () => {
  let dir: string;
  let db: Sqlite;
  let file: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-bound-'));
    db = openDenialsStore(dir);
    file = path.join(dir, 'generated.835');
    await generateRemittance(file, { claims: CLAIMS, linesPerClaim: 2, claimsPerSet: 500, seed: 15 });
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads at most a window of lines past a delivery that has not settled, and keeps none for the report', async () => {
    const journal = new IntakeJournal(sqliteDatabase(db), keyringWith(randomKey('k')));
    // Every line with a workflow id asks the journal about it first: that counts the lines read so far.
    let linesDelivering = 0;
    const knowsWorkflow = journal.knowsWorkflow.bind(journal);
    journal.knowsWorkflow = (id) => (linesDelivering++, knowsWorkflow(id));
    let releaseFirst!: () => void;
    const firstHeld = new Promise<void>((r) => (releaseFirst = r));
    let starts = 0;
    const deliverer: Deliverer = {
      start: async () => {
        if (starts++ === 0) await firstHeld;
        return 'started';
      },
      signal: async () => 'delivered',
      reopen: async () => 'reopened',
    };
    const emitted: ClaimLine[] = [];
    let mostAhead = 0;
    const run = ingestFile(
      file,
      { via: 'cli', dryRun: false },
      {
        claimIdKey: Buffer.alloc(32, 7),
        deliverer,
        journal,
        concurrency: CONCURRENCY,
        report: { begin: () => undefined, claim: (l) => void emitted.push(l), end: () => undefined },
      },
    );
    // Wait until the reader has stopped behind the held start: the count stays put for many turns.
    let last = -1;
    for (let still = 0; still < 50; still = linesDelivering === last ? still + 1 : 0) {
      last = linesDelivering;
      await new Promise((r) => setTimeout(r, 5));
      mostAhead = Math.max(mostAhead, linesDelivering - emitted.length);
    }
    expect(starts).toBeGreaterThan(0);
    // The claims before the held one went out; nothing after it, and the reader stopped within the window.
    expect(linesDelivering).toBeLessThan(CLAIMS / 2);
    expect(mostAhead).toBeLessThanOrEqual(CLAIM_ORDER_WINDOW + CONCURRENCY + 1);
    releaseFirst();
    const report = await run;
    expect(report.totals.claims).toBe(CLAIMS);
    expect(emitted.map((l) => l.position.segment)).toEqual([...emitted].map((l) => l.position.segment).sort((a, b) => a - b));
    expect(emitted).toHaveLength(CLAIMS);
    expect(report.claims).toEqual([]);
  });
});
