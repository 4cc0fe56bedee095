// The inbox, the HTTP API and a live CLI run all call ingestFile with a deliverer and the journal (see
// client/ingest/intake.ts): through it, a quarantined claim is listed in the report the journal keeps (what
// GET /api/remittances/:id returns) and in the inbox's error file, and only the good denial is delivered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { errorReportText } from '../../client/ingest/inbox';
import { IntakeJournal } from '../../client/ingest/journal';
import { sqliteDatabase } from '../../runtime/store/sql-database';
import { ingestFile, type Deliverer } from '../../client/ingest/pipeline';
import { openDenialsStore } from '../../runtime/store/schema';
import type { Sqlite } from '../../runtime/store/sqlite';
import { fixturePatient, malformedClaimsRemittance, segmentNumber } from '../fixtures/remittances';
import { keyringWith, randomKey } from '../support/codec-keys';

describe('quarantined claims through the intake pipeline', () => {
  let dir: string;
  let db: Sqlite;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'quarantined-'));
    db = openDenialsStore(dir);
    file = path.join(dir, 'malformed.835');
    fs.writeFileSync(file, malformedClaimsRemittance);
  });
  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('lists them in the saved report and the error file, and delivers only the good denial', async () => {
    const started: string[] = [];
    const deliverer: Deliverer = {
      start: async (_workflowId, denial) => {
        started.push(denial.claim.patientControlNumber);
        return 'started';
      },
      signal: async () => 'delivered',
      reopen: async () => 'reopened',
    };
    const journal = new IntakeJournal(sqliteDatabase(db), keyringWith(randomKey('journal')));
    const report = await ingestFile(file, { via: 'inbox', dryRun: false }, { claimIdKey: Buffer.alloc(32, 7), deliverer, journal });
    await journal.saveReport(report);
    const saved = (await journal.getReport(report.reportId))!;

    expect(started).toEqual(['ACCT-1001']);
    expect(saved.totals).toMatchObject({ claims: 1, denials: 1, started: 1, quarantined: 2, errors: 2 });
    // Each reason once, where it was found: at the CAS and at the CLP.
    expect(saved.findings.map((f) => [f.code, f.position.segmentId])).toEqual([
      ['invalid-amount', 'CAS'],
      ['invalid-amount', 'CLP'],
    ]);
    const at = (account: string) => segmentNumber(malformedClaimsRemittance, `CLP*${account}`);
    expect(saved.claims.map((c) => [c.clp01, c.delivery, c.charge, c.position])).toEqual([
      ['ACCT-1001', 'started', '240', { set: '0003', segment: at('ACCT-1001') }],
      ['ACCT-2002', 'quarantined', '80', { set: '0003', segment: at('ACCT-2002') }],
      ['ACCT-3003', 'quarantined', '', { set: '0003', segment: at('ACCT-3003') }],
    ]);
    expect(saved.claims.slice(1).map((c) => c.why)).toEqual([
      [{ code: 'invalid-amount', message: "CAS03 amount '8O' is not a number." }],
      [{ code: 'invalid-amount', message: "CLP03 amount 'EIGHTY' is not a number." }],
    ]);

    const errorFile = errorReportText(saved, 'malformed.835');
    expect(errorFile).toContain('\nQuarantined claims (not delivered):\n');
    expect(errorFile).toContain(`\n  ACCT-2002, charge 80, set 0003, segment ${at('ACCT-2002')}: invalid-amount: CAS03 amount '8O' is not a number.\n`);
    expect(errorFile).toContain(`\n  ACCT-3003, charge unreadable, set 0003, segment ${at('ACCT-3003')}: invalid-amount: CLP03 amount 'EIGHTY' is not a number.\n`);
    for (const phi of Object.values(fixturePatient)) expect(`${JSON.stringify(saved)}${errorFile}`).not.toContain(phi);
  });
});
