// The underpayment letter, from an 835 with a line paid below the contract to the words in the PDF.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderDocumentStore, type DocumentStore } from '../../services/documents';
import { createPacketAssembler, type PacketAssembler } from '../../services/packets';
import { packetInputFrom } from '../../services/packets/from-denial';
import { loadOrganization } from '../../services/packets/organization';
import type { AppealPacketRequest } from '../../domain/lifecycle/activity-contracts';
import type { Route } from '../../domain/policy';
import { UNDERPAID_CLAIM, UNDERPAID_FEES, caseWithFeeSchedule, fixturePatient, remittance835 } from '../fixtures/remittances';
import { keyringWith, randomKey } from '../support/codec-keys';
import { pageTexts } from './pdf-text';

let dir: string;
let documents: DocumentStore;
let packets: PacketAssembler;
const logged: unknown[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'underpayment-packet-'));
  documents = createFolderDocumentStore({ dir, keyring: keyringWith(randomKey('underpayment')) });
  const log = { debug: (m: string, x?: object) => logged.push([m, x]), info: (m: string, x?: object) => logged.push([m, x]), warn: (m: string, x?: object) => logged.push([m, x]), error: (m: string, x?: object) => logged.push([m, x]) };
  packets = createPacketAssembler({ documents, log });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const org = loadOrganization(path.join(__dirname, '../../config/organization.json'));
const flat = (texts: string[]) => texts.join(' ').replace(/\s+/g, ' ');

function request(route: Route, filing = '12'): AppealPacketRequest {
  const text = remittance835({ remitDate: '2026-11-20', claims: [{ ...UNDERPAID_CLAIM, filing, serviceDate: '2026-11-01', adjustments: [...UNDERPAID_CLAIM.adjustments] }] });
  return {
    workflowId: 'denial-underpaid-test',
    denial: caseWithFeeSchedule(text, UNDERPAID_FEES),
    patient: { name: `${fixturePatient.lastName}, ${fixturePatient.firstName}`, memberId: fixturePatient.memberId },
    appealLevel: 1,
    route,
    category: 'contractual',
    documents: [],
    corrections: [],
    letterDate: '2026-11-25',
  };
}

/** The packet's text for a payment dispute on the fixture claim, as the payer would read it. */
async function letterText(process: Extract<Route, { kind: 'payment_dispute' }>['process'], filing: string): Promise<string> {
  const result = await packets.assemble(packetInputFrom(request({ kind: 'payment_dispute', process }, filing), org));
  return flat(await pageTexts(await documents.get(result.ref)));
}

describe('underpayment letter', () => {
  it('lists per line the contracted rate, allowed, paid and variance, and the total variance (commercial)', async () => {
    const text = await letterText('contract_payment_dispute', '12');
    expect(text).toContain('RE: Underpayment: Request for Payment Dispute Review');
    expect(text).toContain('allowed 1 service line below the contracted rate');
    expect(text).toContain('Line 1, 99214: contracted rate $300.00; allowed $120.00; paid $96.00; variance $180.00');
    expect(text).toMatch(/Total variance\s*\$180\.00/);
    expect(text).toContain('below the rates of our provider agreement');
    expect(text).toContain('pay the variance of $180.00');
  });

  it('asks Medicare for a reopening of the misapplied fee schedule (42 CFR 405.980)', async () => {
    const text = await letterText('fee_schedule_reopening', 'MB');
    expect(text).toContain('RE: Underpayment: Request for Reopening');
    expect(text).toContain('I request a reopening under 42 CFR 405.980');
    expect(text).toContain('Line 1, 99214: fee schedule amount $300.00; allowed $120.00; paid $96.00; variance $180.00');
    expect(text).toContain('405.980(b)(1)');
  });

  it('cites 42 CFR 422.214 and the PDR contractor for a non-contracted Medicare Advantage provider', async () => {
    const text = await letterText('ma_noncontracted_payment_dispute', '16');
    expect(text).toContain('422.214');
    expect(text).toContain('Payment Dispute Resolution contractor');
  });

  it('keeps PHI out of the stored name and the logs', async () => {
    const result = await packets.assemble(packetInputFrom(request({ kind: 'payment_dispute', process: 'contract_payment_dispute' }), org));
    expect(result.ref.name).not.toMatch(/DOE|JANE|1EG4TE5MK72/);
    expect(JSON.stringify(logged)).not.toMatch(/DOE|JANE|1EG4TE5MK72|ACCT-1001/);
  });

  it('refuses a payment dispute without underpaid lines, naming no values', () => {
    const req = request({ kind: 'payment_dispute', process: 'contract_payment_dispute' });
    req.denial = { ...req.denial, detection: { ...req.denial.detection, reasons: req.denial.detection.reasons.filter((r) => r.code !== 'underpaid') } };
    expect(() => packetInputFrom(req, org)).toThrow(/needs the underpaid lines/);
  });
});
