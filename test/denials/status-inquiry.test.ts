// statusInquiryFor against the real SQLite store: a 276 from the stored original (a real X222A1 claim for a
// dependent, the X223A2 institutional sample), from the denial's own fields when no claim matches, and the
// refusals, which name what is missing and never a patient's name, member id or account number.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statusInquiryFor, StatusInquiryRefused, type StatusInquirySubject } from '../../services/claims/status-inquiry';
import { storedClaimOf } from '../../client/ingest/submitted-claim-record';
import { claimMatchKey } from '../../client/ingest/claim-keys';
import { read837Text, type SubmittedClaim } from '../../domain/claims';
import { claimMatchCanonical } from '../../domain/claims/submitted-facts';
import { validate276 } from '../../domain/claim-status';
import { SubmittedClaimStore, type StoredClaimWithSegments } from '../../runtime/store/submitted-claims';
import { loadOrganization } from '../../services/packets/organization';
import { submitted837 } from '../fixtures/claims-837';
import { keyringWith, randomKey } from '../support/codec-keys';
import { sampleText } from '../domain/claims/support';

const idKey = crypto.randomBytes(32);
const source = { sourceFile: 'b'.repeat(64), reportId: 'rpt-276', receivedAt: '2026-03-01T10:00:00.000Z' };
const organization = loadOrganization(path.join(__dirname, '../../config/organization.json'));
const now = new Date('2026-03-05T14:07:00Z');
const opts = { now, senderId: 'TP000123', receiverId: 'CLEARHOUSE01', provider: organization.provider };
const denialId = () => `denial-${crypto.randomBytes(20).toString('hex')}`;
const segments = (text: string) => text.split('~\n').filter(Boolean);

function claimsOf(text: string): StoredClaimWithSegments[] {
  return read837Text(text, 'sample.837').flatMap((e) => (e.kind === 'claim' ? [storedClaimOf(e.claim as SubmittedClaim, idKey, source)] : []));
}

describe('statusInquiryFor', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'status-inquiry-'));
  let store: SubmittedClaimStore;

  /** Stores the claim and a denial that answers it; returns the denial's subject. */
  async function denialOf(claim: StoredClaimWithSegments, icn?: string): Promise<StatusInquirySubject> {
    await store.add([claim]);
    const workflowId = denialId();
    await store.recordDenialRefs([
      { workflowId, matchKey: claimMatchKey(claimMatchCanonical(claim.payerId, claim.patientControlNumber), idKey), payerId: claim.payerId, ...(claim.serviceFrom ? { serviceFrom: claim.serviceFrom } : {}), ...(claim.serviceTo ? { serviceTo: claim.serviceTo } : {}), patientControlNumber: claim.patientControlNumber },
    ]);
    return { workflowId, payerId: claim.payerId, patientControlNumber: claim.patientControlNumber, chargeCents: claim.chargeCents, ...(icn ? { payerClaimControlNumber: icn } : {}) };
  }

  beforeAll(() => {
    store = SubmittedClaimStore.open({ dataDir, keyring: keyringWith(randomKey('status-inquiry')) });
  });
  afterAll(async () => {
    await store?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('asks about the matched 837P from its own segments: provider, subscriber, the dependent patient, CLM01, charge, dates', async () => {
    const [claim] = claimsOf(submitted837({ account: 'ACCT-P1', serviceDate: '2024-01-10' }));
    const subject = await denialOf(claim!, 'ICN-P1');
    const inquiry = await statusInquiryFor(store, subject, opts);
    expect(inquiry).toMatchObject({ traceNumber: subject.workflowId, claimId: claim!.claimId });
    expect(validate276(inquiry.text, 'p.276')).toEqual([]);
    const lines = segments(inquiry.text);
    expect(lines[0]).toMatch(new RegExp(`^ISA\\*.*\\*ZZ\\*TP000123 {7}\\*ZZ\\*CLEARHOUSE01 {3}\\*.*\\*${String(inquiry.controlNumber).padStart(9, '0')}\\*0\\*P\\*:$`));
    expect(lines.slice(lines.indexOf('HL*1**20*1'), lines.findIndex((s) => s.startsWith('SE*')))).toEqual([
      'HL*1**20*1',
      'NM1*PR*2*KEY INSURANCE COMPANY*****PI*04412',
      'HL*2*1*21*1',
      'NM1*41*2*PREMIER BILLING SERVICE*****46*TGJ23',
      'HL*3*2*19*1',
      'NM1*1P*2*BEN KILDARE SERVICE*****XX*1234567893',
      'HL*4*3*22*1',
      'NM1*IL*1*SMITH*JANE****MI*JS00111223333',
      'HL*5*4*23',
      'NM1*QC*1*SMITH*TED',
      `TRN*1*${subject.workflowId}`,
      'REF*1K*ICN-P1',
      'REF*EJ*ACCT-P1',
      'AMT*T1*100.00',
      'DTP*472*RD8*20240110-20240110',
    ]);
    const again = await statusInquiryFor(store, subject, opts);
    expect(again.controlNumber).toBe(inquiry.controlNumber + 1);
  });

  it('sends the bill type of an institutional claim (facility type and frequency of CLM05)', async () => {
    const [claim] = claimsOf(sampleText('valid-837i.txt'));
    const subject = await denialOf(claim!);
    const inquiry = await statusInquiryFor(store, { ...subject, payerClaimControlNumber: undefined }, { ...opts, usage: 'T' });
    expect(validate276(inquiry.text, 'i.276')).toEqual([]);
    const lines = segments(inquiry.text);
    expect(lines).toEqual(expect.arrayContaining(['NM1*1P*2*JONES HOSPITAL*****XX*1987654328', 'HL*4*3*22*0', 'NM1*IL*1*DOE*JOHN****MI*030005074A', 'REF*BLT*141', 'REF*EJ*756048Q', 'AMT*T1*89.93']));
    expect(lines.some((s) => s.startsWith('REF*1K'))).toBe(false);
    expect(lines.some((s) => s.startsWith('HL*5'))).toBe(false);
    expect(lines).toContain(`DTP*472*RD8*${claim!.serviceFrom}-${claim!.serviceTo ?? claim!.serviceFrom}`);
    expect(lines[0]).toMatch(/\*0\*T\*:$/);
  });

  describe('without a matched claim', () => {
    const subject = (): StatusInquirySubject => ({
      workflowId: denialId(),
      payerId: '04412',
      payerName: 'MEDICARE PART B',
      payerClaimControlNumber: 'ICN-N1',
      patientControlNumber: 'ACCT-N1',
      chargeCents: 24000,
      serviceDateFrom: '2026-01-05',
      serviceDateTo: '2026-01-06',
      patient: { name: 'ROE, ANN', memberId: 'MBR778899' },
    });

    it("builds it from the denial's fields, the patient as the 835 names them and the organization's provider", async () => {
      const s = subject();
      const inquiry = await statusInquiryFor(store, s, opts);
      expect(inquiry.claimId).toBeUndefined();
      expect(validate276(inquiry.text, 'n.276')).toEqual([]);
      const { name, npi } = organization.provider;
      expect(segments(inquiry.text)).toEqual(
        expect.arrayContaining([
          'NM1*PR*2*MEDICARE PART B*****PI*04412',
          `NM1*41*2*${name}*****46*TP000123`,
          `NM1*1P*2*${name}*****XX*${npi}`,
          'HL*4*3*22*0',
          'NM1*IL*1*ROE*ANN****MI*MBR778899',
          `TRN*1*${s.workflowId}`,
          'REF*1K*ICN-N1',
          'REF*EJ*ACCT-N1',
          'AMT*T1*240.00',
          'DTP*472*RD8*20260105-20260106',
        ]),
      );
    });

    const refusal = async (s: StatusInquirySubject, o: Parameters<typeof statusInquiryFor>[2] = opts) => {
      const err = await statusInquiryFor(store, s, o).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(StatusInquiryRefused);
      const message = (err as Error).message;
      for (const phi of ['ROE', 'ANN', 'MBR778899', 'ACCT-N1', 'O*NEIL']) expect(message).not.toContain(phi);
      return message;
    };

    it('refuses, naming each missing field and never a value', async () => {
      const { payerName: _p, patient: _pt, serviceDateFrom: _f, ...bare } = subject();
      const message = await refusal(bare);
      expect(message).toMatch(/^A 276 needs the payer's name \(N1\*PR of the 835\), the patient's name \(NM1\*QC of the 835\), the patient's member id .*, service dates .*; the denial \(no matched original claim: not looked for/);
    });

    it("refuses without the organization's provider NPI", async () => {
      expect(await refusal(subject(), { ...opts, provider: { name: organization.provider.name } })).toMatch(/the organization's provider NPI \(ORGANIZATION_CONFIG provider\.npi\)/);
      expect(await refusal(subject(), { now, senderId: 'TP000123', receiverId: 'X' })).toMatch(/the organization's provider \(ORGANIZATION_CONFIG provider\)/);
    });

    it('refuses a value an X12 element cannot carry, naming the field', async () => {
      expect(await refusal({ ...subject(), patient: { name: 'O*NEIL, PAT', memberId: 'MBR778899' } })).toMatch(/is not valid: subscriber\.lastName: holds an X12 delimiter/);
    });

    it("refuses a denial whose fields do not have the subject's form, naming the field", async () => {
      expect(await refusal({ ...subject(), chargeCents: -5 })).toMatch(/^The denial's fields are not what a status inquiry takes: chargeCents: /);
    });

    it('refuses a trace number that is not a denial workflow id', async () => {
      expect(await refusal({ ...subject(), workflowId: 'ACCT-N1-2026' })).toMatch(/denial workflow id \(denial- and 40 hex digits\)/);
    });
  });
});
