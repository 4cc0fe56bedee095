// The 837 reader against real public sample files (test/fixtures/837/SOURCES.md).
import { describe, expect, it } from 'vitest';
import { ClaimReadEvent, SubmittedClaim } from '../../../domain/claims';
import { claimsOf, endOf, findingsOf, readSample, SAMPLES } from './support';

describe('837P samples', () => {
  it('demo.example1: a dependent patient, four lines, two diagnoses', () => {
    const events = readSample('demo.example1.837');
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 1, quarantined: 0, sets837: 1, envelopeErrors: 0, warnings: 0 } });
    const [claim] = claimsOf(events);
    expect(claim).toMatchObject({
      kind: 'professional',
      implementationGuide: '005010X222A2',
      patientControlNumber: '26463774',
      charge: { text: '100.00', cents: 10000 },
      facility: { code: '11', qualifier: 'B', frequency: '1' },
      payer: { name: 'KEY INSURANCE COMPANY', idQualifier: 'PI', id: '999996666' },
      billingProvider: { name: 'BEN KILDARE SERVICE', npi: '1912301953', taxId: '587654321' },
      subscriber: { payerResponsibility: 'P', filingIndicator: 'CI', memberId: 'JS00111223333' },
      patientIsDependent: true,
      payerClaimControlNumber: undefined,
      references: [{ qualifier: 'D9', value: '17312345600006351' }],
      diagnoses: [
        { qualifier: 'BK', code: '0340' },
        { qualifier: 'BF', code: 'V7389' },
      ],
      position: { segmentId: 'CLM', segment: 27, segmentInSet: 25 },
    });
    expect(claim?.serviceLines.map((l) => [l.number, l.procedure?.code, l.charge.cents, l.units, l.unitBasis, l.diagnosisPointers, l.serviceDate?.from])).toEqual([
      [1, '99213', 4000, 1, 'UN', [1], '20061003'],
      [2, '87070', 1500, 1, 'UN', [1], '20061003'],
      [3, '99214', 3500, 1, 'UN', [2], '20061010'],
      [4, '86663', 1000, 1, 'UN', [2], '20061010'],
    ]);
    expect(claim?.original).toMatchObject({ header: { length: 4 }, billingProvider: { length: 9 }, subscriber: { length: 4 }, patient: { length: 6 }, claim: { length: 15 } });
    expect(claim?.original.claim[0]).toBe('CLM*26463774*100.00***11:B:1*Y*A*Y*I');
  });

  it('demo.example7: DME rental lines with modifiers, line loops kept raw', () => {
    const [claim] = claimsOf(readSample('demo.example7.837'));
    expect(claim).toMatchObject({ patientControlNumber: 'R03996273 #01', charge: { cents: 52024 }, patientIsDependent: false, subscriber: { relationship: '18', filingIndicator: 'MB' } });
    expect(claim?.diagnoses.map((d) => d.code)).toEqual(['496', '51881', '2859']);
    expect(claim?.serviceLines.map((l) => [l.procedure?.code, l.procedure?.modifiers, l.diagnosisPointers, l.serviceDate?.format])).toEqual([
      ['E1390', ['RR'], [1, 2], 'RD8'],
      ['E0431', ['RR'], [1, 2], 'RD8'],
    ]);
    // REF*1G of the 2420E ordering provider is not a line reference.
    expect(claim?.serviceLines[0]?.references).toEqual([]);
    expect(claim?.serviceLines[0]?.dates.map((d) => d.qualifier)).toEqual(['472', '607', '463', '461']);
  });

  it('demo.example12: composites with another separator than ISA16 are read with a warning', () => {
    const events = readSample('demo.example12.837');
    expect(findingsOf(events).map((f) => f.code)).toEqual(['component-separator-mismatch']);
    const [claim] = claimsOf(events);
    expect(claim).toMatchObject({ facility: { code: '23', qualifier: 'B', frequency: '1' }, diagnoses: [{ qualifier: 'BK', code: '9951' }] });
    expect(claim?.original.delimiters.component).toBe('>');
    expect(claim?.references.map((r) => r.qualifier)).toEqual(['9A', 'D9']);
    expect(claim?.serviceLines[0]?.procedure).toEqual({ qualifier: 'HC', code: '99284', modifiers: [], description: undefined });
  });
});

describe('837I samples', () => {
  it('two-claims-single-provider: two claims under one billing provider, statement dates, revenue codes', () => {
    const events = readSample('two-claims-single-provider.837i');
    expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 2, quarantined: 0, warnings: 0 } });
    const claims = claimsOf(events);
    expect(claims.map((c) => [c.kind, c.patientControlNumber, c.charge.cents, c.facility.code, c.facility.qualifier, c.statementDates?.from, c.statementDates?.to])).toEqual([
      ['institutional', '756048Q', 8995, '13', 'A', '20050315', '20050315'],
      ['institutional', '756049Q', 5000, '13', 'A', '20050401', '20050401'],
    ]);
    expect(claims[0]?.serviceLines.map((l) => [l.revenueCode, l.procedure?.code, l.charge.cents, l.units])).toEqual([
      ['0305', '85025', 1339, 1],
      ['0730', '93005', 7656, 3],
    ]);
    expect(claims[0]?.diagnoses.map((d) => `${d.qualifier}:${d.code}`)).toEqual(['BK:3669', 'BF:4019', 'BF:79431']);
    // Each claim keeps its own subscriber loop; both share the billing provider loop.
    expect(claims[0]?.original.billingProvider).toBe(claims[1]?.original.billingProvider);
    expect(claims[0]?.subscriber.memberId).not.toBe(claims[1]?.subscriber.memberId);
  });

  it('ppo-repriced-claim: admission date/hour, other health codes and a dependent patient', () => {
    const [claim] = claimsOf(readSample('ppo-repriced-claim.837i'));
    expect(claim).toMatchObject({ implementationGuide: '005010X223A3', patientIsDependent: true, charge: { cents: 23750 }, statementDates: { format: 'RD8', from: '20050706' } });
    expect(claim?.otherHealthCodes).toEqual([{ qualifier: 'BH', code: '11', presentOnAdmission: undefined }]);
    expect(claim?.dates.map((d) => d.qualifier)).toEqual(['434', '435']);
  });
});

describe('every sample', () => {
  it.each(SAMPLES)('%s: events match the zod schemas', (name) => {
    const events = readSample(name);
    for (const event of events) ClaimReadEvent.parse(event);
    for (const claim of claimsOf(events)) SubmittedClaim.parse(claim);
    expect(endOf(events).verdict).toBe('accepted');
  });
});
