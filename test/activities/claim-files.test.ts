// The claim-file activities on a real SQLite store and the folder clearinghouse: a retried send writes the
// same bytes under the same name (recorded before it is sent), the next send takes the next control
// number, and what a person must fix comes back as a reason, with nothing written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { denialClaimRefOf, storedClaimOf } from '../../client/ingest/submitted-claim-record';
import { read837Text, type SubmittedClaim } from '../../domain/claims';
import { claimIdentityInput } from '../../domain/remittance';
import { clearinghouseFolders, FolderConnector } from '../../runtime/clearinghouse';
import { claimFileActivities } from '../../worker/claim-files';
import { submitted837 } from '../fixtures/claims-837';
import { firstClaim, remittance835 } from '../fixtures/remittances';
import { keyringWith, randomKey } from '../support/codec-keys';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'claim-files-'));
const folders = clearinghouseFolders(dataDir, 'TP1');
const wiring = claimFileActivities({
  dataDir,
  keyring: keyringWith(randomKey('claim-files-test')),
  clearinghouse: async () => new FolderConnector(folders),
  settings: { tradingPartner: 'TP1' },
  provider: { name: 'SAMPLE CLINIC', npi: '1234567893' },
});
const { sendCorrectedClaim, sendStatusInquiry } = wiring.activities;
const idKey = crypto.randomBytes(32);
const workflowId = `denial-${'a'.repeat(40)}`;
const serviceDate = '2026-10-01';

async function claimOnFile(): Promise<void> {
  const remittance = remittance835({ remitDate: '2026-11-01', claims: [{ account: 'ACT-9', icn: 'ICN-9', status: '4', charge: 100, paid: 0, filing: '12', serviceDate, adjustments: [['CO', '4', 100]] }] });
  const { claim, context } = firstClaim(remittance, 'test.835');
  const [submitted] = read837Text(submitted837({ account: 'ACT-9', serviceDate }), 'test.837').flatMap((e) => (e.kind === 'claim' ? [e.claim] : [])) as SubmittedClaim[];
  await wiring.claims.add([storedClaimOf(submitted!, idKey, { sourceFile: 'e'.repeat(64), reportId: 'test', receivedAt: '2026-10-02T00:00:00.000Z' })]);
  await wiring.claims.recordDenialRefs([denialClaimRefOf(workflowId, claimIdentityInput(claim, context).payerId, claim, idKey)]);
}

const request = (fileName: string) => ({
  workflowId,
  fileName,
  payerClaimControlNumber: 'ICN-9',
  corrections: [{ field: 'modifier' as const, line: 1, to: '25' }],
  frequency: '7' as const,
  asOf: '2026-11-20T15:04:00.000Z',
});

afterAll(async () => {
  await wiring.close();
});

describe('claim-file activities', () => {
  it('refuses, writing nothing, when no submitted claim matches or the route asks a new claim', async () => {
    expect(await sendCorrectedClaim(request(`${workflowId}-corrected-claim-1.837`))).toEqual({ refused: expect.stringMatching(/^No matched original claim/) });
    expect(await sendCorrectedClaim({ ...request('x.837'), frequency: '1' })).toEqual({ refused: expect.stringContaining('new claim (frequency 1)') });
    expect(fs.existsSync(folders.outbox) ? fs.readdirSync(folders.outbox) : []).toEqual([]);
  });

  it('a retried send is the same file; the next send the next control number', async () => {
    await claimOnFile();
    const name = `${workflowId}-corrected-claim-1.837`;
    const first = await sendCorrectedClaim(request(name));
    expect(first).toMatchObject({ sent: { kind: '837', fileName: name, frequency: '7', notApplied: [] } });
    const bytes = fs.readFileSync(path.join(folders.outbox, name));
    // The activity retried after it had sent (its completion lost): the same number, the same bytes.
    expect(await sendCorrectedClaim(request(name))).toEqual(first);
    expect(fs.readFileSync(path.join(folders.outbox, name))).toEqual(bytes);
    const second = await sendCorrectedClaim(request(`${workflowId}-corrected-claim-2.837`));
    if (!('sent' in first) || !('sent' in second)) throw new Error(`not sent: ${JSON.stringify([first, second])}`);
    expect(second.sent.controlNumber).toBe(first.sent.controlNumber + 1);
    const recorded = await wiring.claims.sentFiles(workflowId);
    expect(recorded.map((f) => [f.kind, f.fileName])).toEqual([
      ['837', name],
      ['837', `${workflowId}-corrected-claim-2.837`],
    ]);
    expect(fs.readdirSync(folders.outbox).sort()).toEqual([name, `${workflowId}-corrected-claim-2.837`].sort());
    // A second attempt that raced the first to record the name gets the first one's record back.
    const raced = await wiring.claims.recordSentFile({ ...recorded[0]!, controlNumber: 999, sha256: 'f'.repeat(64) });
    expect(raced).toEqual(recorded[0]);
  });

  it('sends the 276 under its own name, the trace number the denial id', async () => {
    const name = `${workflowId}-status-inquiry-1.276`;
    const subject = { workflowId, payerId: '04412', patientControlNumber: 'ACT-9', chargeCents: 10000, serviceDateFrom: serviceDate, serviceDateTo: serviceDate };
    const sent = await sendStatusInquiry({ workflowId, fileName: name, subject, asOf: '2026-12-20T15:04:00.000Z' });
    expect(sent).toMatchObject({ sent: { kind: '276', fileName: name } });
    expect(fs.readFileSync(path.join(folders.outbox, name), 'utf8')).toContain(`TRN*1*${workflowId}`);
    expect(await sendStatusInquiry({ workflowId: 'denial-not-ours', fileName: 'y.276', subject: { ...subject, workflowId: 'denial-not-ours' }, asOf: '2026-12-20T15:04:00.000Z' })).toEqual({ refused: expect.stringContaining('trace number') });
  });
});
