// The intake journal writes deliveries in batches: lookups must see what is not yet written, and a
// flush (or a full batch) must put it in the database, where another journal on the same file finds it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IntakeJournal } from '../../client/ingest/journal';
import { openDenialsStore } from '../../runtime/store/schema';
import type { Sqlite } from '../../runtime/store/sqlite';
import { keyringWith, randomKey } from '../support/codec-keys';

describe('intake journal', () => {
  let dir: string;
  let db: Sqlite;
  let other: Sqlite;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journal-'));
    db = openDenialsStore(dir);
    other = openDenialsStore(dir);
  });
  afterEach(() => {
    db.close();
    other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const delivery = (i: number, newWorkflow = true) => ({
    eventKey: `event-${i}`,
    workflowId: `denial-${i}`,
    kind: 'denial',
    payerId: 'P1',
    reportId: 'rpt-1',
    newWorkflow,
  });

  it('answers lookups from deliveries not yet written, and writes them on flush', () => {
    const journal = new IntakeJournal(db, keyringWith(randomKey('journal')));
    const elsewhere = new IntakeJournal(other, keyringWith(randomKey('journal')));
    journal.recordDelivery(delivery(1));
    journal.recordDelivery({ ...delivery(1, false), eventKey: 'event-1b' });

    expect(journal.knowsWorkflow('denial-1')).toBe(true);
    expect(journal.hasEvent('event-1')).toBe(true);
    expect(journal.hasEvent('event-1b')).toBe(true);
    expect(journal.knowsWorkflow('denial-2')).toBe(false);
    // Not written yet: another process would not see it (and would fall back to a signal).
    expect(elsewhere.knowsWorkflow('denial-1')).toBe(false);

    journal.flush();
    expect(elsewhere.knowsWorkflow('denial-1')).toBe(true);
    expect(elsewhere.hasEvent('event-1')).toBe(true);
    expect(elsewhere.hasEvent('event-1b')).toBe(true);
    expect(journal.knowsWorkflow('denial-1')).toBe(true);
  });

  it('writes a full batch without being asked', () => {
    const journal = new IntakeJournal(db, keyringWith(randomKey('journal')));
    const elsewhere = new IntakeJournal(other, keyringWith(randomKey('journal')));
    for (let i = 0; i < 64; i++) journal.recordDelivery(delivery(i));
    expect(elsewhere.knowsWorkflow('denial-0')).toBe(true);
    expect(elsewhere.knowsWorkflow('denial-63')).toBe(true);
    journal.recordDelivery(delivery(64));
    expect(elsewhere.knowsWorkflow('denial-64')).toBe(false);
    journal.flush();
    expect(elsewhere.knowsWorkflow('denial-64')).toBe(true);
  });

  it('records a workflow only with the delivery that proved it exists', () => {
    const journal = new IntakeJournal(db, keyringWith(randomKey('journal')));
    journal.recordDelivery(delivery(7, false));
    journal.flush();
    expect(journal.hasEvent('event-7')).toBe(true);
    expect(journal.knowsWorkflow('denial-7')).toBe(false);
  });
});
