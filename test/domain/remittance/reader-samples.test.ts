// The reader against the shipped synthetic samples (samples/ and samples/bad/): works without ../shared.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RemittanceReadEvent } from '../../../domain/remittance';
import { badSamplesDir, claimNamed, claimsOf, endOf, findingCodes, findingsOf, readBytes, sample, samplesDir } from './support';

const cas = (list: { group: string; reason: string; amount: { text: string } }[]) => list.map((a) => `${a.group}-${a.reason}-${a.amount.text}`);

describe('denials-5010.835', () => {
  it('reads every claim with its context and no findings', async () => {
    const events = await readBytes(sample('denials-5010.835'), 'denials-5010.835');
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 6, sets835: 1, envelopeErrors: 0, warnings: 0 } });
    expect(findingsOf(events)).toEqual([]);
    expect(claimsOf(events).map((c) => c.claim.patientControlNumber)).toEqual([
      'PCN-A1001',
      'PCN-B2002',
      'PCN-C3003',
      'PCN-D4004',
      'PCN-E5005',
      'PCN-F6006',
    ]);
    const { claim, context, header } = claimNamed(events, 'PCN-A1001');
    expect(context.interchange).toMatchObject({ controlNumber: '000012345', senderId: 'ACMEHEALTH', version: '00501' });
    expect(context.group).toMatchObject({ functionalId: 'HP', controlNumber: '12345', version: '005010X221A1' });
    expect(context.transaction).toEqual({ controlNumber: '0001', implementationReference: '005010X221A1' });
    expect(context.payment).toMatchObject({ handling: 'I', amount: { text: '463.5', cents: 46350 }, method: 'ACH', date: '20260302' });
    expect(context.trace).toEqual({ type: '1', traceNumber: 'EFT20260302001', originatorId: '1512345678', supplemental: undefined });
    expect(context.payer).toMatchObject({
      entityCode: 'PR',
      name: 'ACME HEALTH PLAN',
      idQualifier: 'XV',
      id: 'ACME01',
      address: { lines: ['PO BOX 1000'], city: 'SPRINGFIELD', state: 'IL', postalCode: '62701' },
      references: [{ qualifier: '2U', value: 'ACME01' }],
    });
    expect(context.payer?.contacts.map((c) => c.function)).toEqual(['CX', 'BL']);
    expect(context.payee).toMatchObject({ entityCode: 'PE', idQualifier: 'XX', id: '1234567893', references: [{ qualifier: 'TJ', value: '371234567' }] });
    expect(context.productionDate).toBe('20260228');
    expect(header?.number).toBe('1');

    expect(claim).toMatchObject({
      status: '4',
      charge: { text: '250', cents: 25000 },
      payment: { text: '0', cents: 0 },
      filingIndicator: '12',
      payerClaimControlNumber: 'ICN2026000001',
      facilityType: '11',
      frequency: '1',
      outpatient: { remarkCodes: ['N115'] },
      position: { file: 'denials-5010.835', interchange: '000012345', set: '0001', segmentId: 'CLP', segmentInSet: 17 },
    });
    expect(Object.keys(claim.parties).sort()).toEqual(['82', 'QC']);
    expect(claim.dates).toEqual([
      { qualifier: '232', date: '20260210', time: undefined },
      { qualifier: '233', date: '20260210', time: undefined },
    ]);
    const line = claim.serviceLines[0];
    expect(line).toMatchObject({
      number: 1,
      procedure: { qualifier: 'HC', code: '97110', modifiers: ['GP'] },
      charge: { cents: 25000 },
      payment: { cents: 0 },
      unitsPaid: 2,
      remarks: [{ qualifier: 'HE', code: 'N115' }],
      references: [{ qualifier: '6R', value: 'A1001-1' }],
    });
    expect(cas(line?.adjustments ?? [])).toEqual(['CO-50-250']);
  });

  it('splits a CAS with several triples into one adjustment per triple', async () => {
    const events = await readBytes(sample('denials-5010.835'), 'denials-5010.835');
    const { claim } = claimNamed(events, 'PCN-D4004');
    expect(cas(claim.serviceLines[0]?.adjustments ?? [])).toEqual(['CO-45-120', 'PR-1-100', 'PR-2-20']);
    expect(claim.serviceLines[0]?.amounts).toEqual([{ qualifier: 'B6', amount: { text: '280', cents: 28000 } }]);
    expect(claim.patientResponsibility).toEqual({ text: '120', cents: 12000 });
  });

  it('reads the PLB and balances BPR02 = Σ CLP04 − Σ PLB', async () => {
    const events = await readBytes(sample('denials-5010.835'), 'denials-5010.835');
    const plb = events.find((e) => e.kind === 'provider-adjustment');
    expect(plb?.kind === 'provider-adjustment' && plb.adjustment).toMatchObject({
      providerId: '1234567893',
      fiscalPeriodDate: '20261231',
      adjustments: [
        { reason: 'L6', reference: 'INTEREST', amount: { text: '-2.5', cents: -250 } },
        { reason: 'WO', reference: 'ICN2025009999', amount: { text: '40', cents: 4000 } },
      ],
    });
    const setEnd = events.find((e) => e.kind === 'set-end');
    expect(setEnd?.kind === 'set-end' && setEnd.summary).toEqual({
      claims: 6,
      quarantined: 0,
      providerAdjustments: 1,
      paymentCents: 46350,
      claimPaymentsCents: 50100,
      providerAdjustmentsCents: 3750,
      balanced: true,
    });
  });

  it('emits events in file order, boundaries around claims', async () => {
    const events = await readBytes(sample('denials-5010.835'), 'denials-5010.835');
    expect(events.map((e) => e.kind)).toEqual([
      'interchange-start',
      'set-start',
      ...Array<string>(6).fill('claim'),
      'provider-adjustment',
      'set-end',
      'interchange-end',
      'end',
    ]);
  });

  it('every emitted event matches the zod schema', async () => {
    for (const name of ['denials-5010.835', 'reversal-correction.835', 'multi-set.835', 'legacy-4010.835', 'malformed-claims.835']) {
      for (const event of await readBytes(sample(name), name)) {
        const parsed = RemittanceReadEvent.safeParse(event);
        expect(parsed.success, `${name} ${event.kind}: ${parsed.error?.message ?? ''}`).toBe(true);
      }
    }
  });
});

describe('reversal-correction.835', () => {
  it('keeps reversal and correction as separate claims with the same CLP07', async () => {
    const events = await readBytes(sample('reversal-correction.835'), 'reversal-correction.835');
    expect(endOf(events).verdict).toBe('accepted');
    const claims = claimsOf(events).map((c) => [c.claim.patientControlNumber, c.claim.status, c.claim.charge.text, c.claim.payment.text, c.claim.payerClaimControlNumber]);
    expect(claims).toEqual([
      ['PCN-G7007', '22', '-200', '-150', 'ICN2026000007'],
      ['PCN-G7007', '1', '200', '120', 'ICN2026000007'],
      ['PCN-H8008', '22', '-90', '-72', 'ICN2025123456'],
    ]);
    // A negative balance is carried forward with PLB FB; the set balances at BPR02 = 0.
    expect(findingsOf(events)).toEqual([]);
  });
});

describe('multi-set.835', () => {
  it('reads several ST in one group and skips a non-835 set with a report', async () => {
    const events = await readBytes(sample('multi-set.835'), 'multi-set.835');
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { sets835: 2, setsSkipped: 1, claims: 4 } });
    expect(events.filter((e) => e.kind === 'set-skipped')).toMatchObject([{ setType: '999', controlNumber: '0001' }]);
    expect(claimsOf(events).map((c) => [c.context.transaction.controlNumber, c.claim.patientControlNumber])).toEqual([
      ['1001', 'PCN-J1010'],
      ['1001', 'PCN-K1111'],
      ['1002', 'PCN-L1212'],
      ['1002', 'PCN-M1313'],
    ]);
    // Claims of one set share one context object (memory: one per set, not per claim).
    const [a, b] = claimsOf(events);
    expect(a?.context).toBe(b?.context);
    expect(findingsOf(events)).toEqual([]);
  });
});

describe('legacy-4010.835', () => {
  it('reads a 4010 file with BOM, CRLF and indentation', async () => {
    const bytes = sample('legacy-4010.835');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const events = await readBytes(bytes, 'legacy-4010.835');
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 4, warnings: 0 } });
    const first = claimsOf(events)[0];
    expect(first?.context.interchange).toMatchObject({ version: '00401', delimiters: { repetition: undefined, segment: '~' } });
    expect(first?.context.group?.version).toBe('004010X091A1');
    expect(first?.claim.serviceLines[0]?.procedure).toEqual({ qualifier: 'HC', code: 'H0004', modifiers: ['HF'], description: undefined });
    expect(claimsOf(events)[2]?.claim.serviceLines[0]?.adjustments).toEqual([{ group: 'CR', reason: '45', amount: { text: '0', cents: 0 }, quantity: undefined }]);
  });
});

describe('malformed-claims.835 (claim-level errors)', () => {
  it('quarantines the bad records with their reasons and reads the rest', async () => {
    const events = await readBytes(sample('malformed-claims.835'), 'malformed-claims.835');
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 1, quarantined: 3, claimErrors: 3, envelopeErrors: 0 } });
    const quarantined = events.filter((e) => e.kind === 'quarantined');
    // The charge as given: CLP03 'ONE HUNDRED' cannot be read, PCN-Q1616's 80 can (its CAS is the problem).
    expect(quarantined.map((q) => [q.record, q.patientControlNumber, q.charge, q.findings.map((f) => f.code)])).toEqual([
      ['service-line', undefined, undefined, ['segment-out-of-order']],
      ['claim', 'PCN-P1515', '', ['invalid-amount']],
      ['claim', 'PCN-Q1616', '80', ['invalid-amount']],
    ]);
    const [orphan, badCharge] = quarantined;
    expect(orphan?.segments).toEqual(['SVC*HC:99213*100*100**1', 'DTM*472*20260301']);
    expect(badCharge?.kind === 'quarantined' && badCharge.findings[0]?.message).toContain("'ONE HUNDRED'");
    expect(badCharge?.kind === 'quarantined' && badCharge.segments[0]).toMatch(/^CLP\*PCN-P1515\*/);
    expect(claimsOf(events).map((c) => c.claim.patientControlNumber)).toEqual(['PCN-N1414']);
    expect(findingCodes(events)).toContain('balancing-not-checked');
  });
});

describe('bad inputs (samples/bad)', () => {
  const read = (name: string) => readBytes(fs.readFileSync(path.join(badSamplesDir, name)), name);

  it('rejects an empty file', async () => {
    const end = endOf(await read('empty.835'));
    expect(end).toMatchObject({ verdict: 'rejected', rejection: [{ code: 'empty-input', severity: 'envelope' }] });
  });

  it('rejects binary garbage', async () => {
    const end = endOf(await read('binary-garbage.835'));
    expect(end).toMatchObject({ verdict: 'rejected', rejection: [{ code: 'binary-content', severity: 'envelope' }], counts: { claims: 0 } });
  });

  it('rejects an 837 sent instead of an 835', async () => {
    const events = await read('claim-837.837');
    expect(events.filter((e) => e.kind === 'set-skipped')).toMatchObject([{ setType: '837' }]);
    const end = endOf(events);
    expect(end).toMatchObject({ verdict: 'rejected', rejection: [{ code: 'no-835-set', severity: 'envelope' }] });
    expect(end.rejection[0]?.message).toContain('837');
  });

  it('reports a file cut mid-segment clearly and quarantines the claim it cut', async () => {
    const events = await read('truncated.835');
    const end = endOf(events);
    expect(end.verdict).toBe('rejected');
    expect(end.rejection).toHaveLength(1);
    const [truncated] = end.rejection;
    expect(truncated).toMatchObject({ code: 'truncated', severity: 'envelope', position: { segmentId: 'SVC', set: '0001' } });
    expect(truncated?.message).toBe(
      'The file is truncated: it ends in the middle of segment 42 (SVC); transaction set 0001 has no SE; group 12345 has no GE; interchange 000012345 has no IEA.',
    );
    expect(claimsOf(events).map((c) => c.claim.patientControlNumber)).toEqual(['PCN-A1001', 'PCN-B2002']);
    expect(events.filter((e) => e.kind === 'quarantined')).toMatchObject([{ record: 'claim', patientControlNumber: 'PCN-C3003' }]);
  });

  it('every sample file and bad input reads without throwing', async () => {
    for (const dir of [samplesDir, badSamplesDir]) {
      for (const name of fs.readdirSync(dir)) {
        const file = path.join(dir, name);
        if (!fs.statSync(file).isFile()) continue;
        await expect(readBytes(fs.readFileSync(file), name)).resolves.toBeDefined();
      }
    }
  });
});
