import { describe, expect, it } from 'vitest';
import { DenialCase, RemittanceEvent } from '../../../domain/denial-case';
import { assessDenial } from '../../../domain/lifecycle/assess';
import { detectDenial, readRemittanceText, toDenialCase, toRemittanceEvent } from '../../../domain/remittance';
import { claimNamed, claimsOf, sample } from './support';

const events = readRemittanceText(sample('denials-5010.835').toString('utf8'), 'denials-5010.835');
const denialCaseOf = (pcn: string) => {
  const { claim, context } = claimNamed(events, pcn);
  return toDenialCase(claim, context, detectDenial(claim, context));
};

/** Everything in the sample that identifies a patient: NM1 names and member ids. */
const PHI = ['DOE', 'JANE', 'ROE', 'RICHARD', 'POE', 'PAT', 'CARE', 'CASEY', 'XJ0000000'];

describe('toDenialCase', () => {
  it('carries the claim, payer, amounts, adjustments, remarks, lines, detection and source', () => {
    expect(denialCaseOf('PCN-A1001')).toEqual({
      version: 1,
      payer: { id: 'ACME01', idSource: 'N1-PR-N104', name: 'ACME HEALTH PLAN' },
      payee: { name: 'SUNRISE FAMILY CLINIC', idQualifier: 'XX', id: '1234567893' },
      claim: {
        patientControlNumber: 'PCN-A1001',
        payerClaimControlNumber: 'ICN2026000001',
        status: '4',
        filingIndicator: '12',
        facilityType: '11',
        frequency: '1',
        chargeCents: 25000,
        paidCents: 0,
        patientResponsibilityCents: undefined,
        serviceDateFrom: '2026-02-10',
        serviceDateTo: '2026-02-10',
        references: [],
      },
      adjustments: [{ level: 'line', line: 1, group: 'CO', reason: '50', amountCents: 25000, quantity: undefined }],
      remarks: [
        { level: 'claim', source: 'MOA', code: 'N115' },
        { level: 'line', line: 1, source: 'LQ', code: 'N115' },
      ],
      serviceLines: [
        {
          line: 1,
          procedure: { qualifier: 'HC', code: '97110', modifiers: ['GP'] },
          originalProcedure: undefined,
          revenueCode: undefined,
          chargeCents: 25000,
          paidCents: 0,
          allowedCents: undefined,
          unitsPaid: 2,
          serviceDateFrom: '2026-02-10',
          serviceDateTo: '2026-02-10',
          lineControlNumber: 'A1001-1',
        },
      ],
      remittance: { date: '2026-03-02', traceNumber: 'EFT20260302001', paymentMethod: 'ACH', paymentCents: 46350 },
      detection: expect.objectContaining({ outcome: 'denial', extent: 'full', amountAtRiskCents: 25000 }) as unknown,
      source: { file: 'denials-5010.835', interchange: '000012345', group: '12345', set: '0001', segment: 19, segmentInSet: 17, segmentId: 'CLP' },
    });
  });

  it('holds no patient names or member ids', () => {
    for (const pcn of ['PCN-A1001', 'PCN-B2002', 'PCN-C3003']) {
      const json = JSON.stringify(denialCaseOf(pcn));
      for (const word of PHI) expect(json, `${pcn} leaks ${word}`).not.toContain(word);
    }
  });

  it('is strict: a field that is not in the schema (a name slipping in) fails validation', () => {
    const good = denialCaseOf('PCN-B2002');
    expect(DenialCase.safeParse(good).success).toBe(true);
    expect(DenialCase.safeParse({ ...good, patientName: 'DOE JANE' }).success).toBe(false);
    expect(DenialCase.safeParse({ ...good, claim: { ...good.claim, memberId: 'XJ00000002' } }).success).toBe(false);
    expect(DenialCase.safeParse({ ...good, detection: { ...good.detection, reasons: [] } }).success).toBe(false);
  });

  it('survives a JSON round trip (workflow input)', () => {
    const denial = denialCaseOf('PCN-C3003');
    expect(DenialCase.parse(JSON.parse(JSON.stringify(denial)))).toEqual(JSON.parse(JSON.stringify(denial)));
    expect(denial.adjustments.map((a) => `${a.level}${a.line ?? ''}:${a.group}-${a.reason}`)).toEqual(['line1:CO-45', 'line1:PR-2', 'line2:CO-97']);
    expect(denial.serviceLines.map((l) => l.allowedCents)).toEqual([12000, undefined]);
  });

  it('only accepts a denial decision', () => {
    const { claim, context } = claimNamed(events, 'PCN-D4004');
    expect(() => toDenialCase(claim, context, detectDenial(claim, context))).toThrow(/denial decision/);
  });
});

describe('damaged fields: the case still builds, and assesses', () => {
  const damaged = (from: string, to: string) => {
    const text = sample('denials-5010.835').toString('utf8');
    expect(text).toContain(from);
    const read = readRemittanceText(text.replace(from, to), 'damaged.835');
    const { claim, context } = claimNamed(read, 'PCN-A1001');
    return { claim, denial: toDenialCase(claim, context, detectDenial(claim, context)) };
  };

  it('a quantity too large to be a finite number (a 400-digit SVC05)', () => {
    const { claim, denial } = damaged('SVC*HC:97110:GP*250*0**2~', `SVC*HC:97110:GP*250*0**${'9'.repeat(400)}~`);
    expect(claim.serviceLines[0]?.unitsPaid).toBeUndefined();
    expect(claim.findings.map((f) => [f.code, f.message])).toContainEqual(['invalid-number', `SVC05 '${'9'.repeat(24)}…' (400 characters) is too large to read.`]);
    expect(denial.serviceLines[0]?.unitsPaid).toBeUndefined();
  });

  it('a date that is not on the calendar is reported and treated as absent: the case assesses', () => {
    const { claim, denial } = damaged('DTM*232*20260210~', 'DTM*232*20261345~');
    expect(claim.findings.map((f) => [f.code, f.position.segmentId, f.message])).toContainEqual([
      'invalid-date',
      'DTM',
      "DTM02 '20261345' is not a calendar date (CCYYMMDD); it is treated as absent.",
    ]);
    // The statement date is gone, so the line's date of service stands in (it used to be '2026-13-45').
    expect(denial.claim.serviceDateFrom).toBe('2026-02-10');
    expect(() => assessDenial(denial, { today: '2026-06-01', appealLevel: 0 })).not.toThrow();
  });

  it('a negative charge on a denied claim: the billed amount is unknown, and the case assesses', () => {
    const { denial } = damaged('CLP*PCN-A1001*4*250*', 'CLP*PCN-A1001*4*-250*');
    expect(denial.claim.chargeCents).toBe(-25000);
    const { assumptions, explanation } = assessDenial(denial, { today: '2026-06-01', appealLevel: 0 });
    expect(explanation.input.billedAmount).toBeUndefined();
    expect(assumptions).toContain("The claim's charge (CLP03) is negative, -250.00: the billed amount is taken as unknown.");
  });

  it('a payment date (BPR16) that is not on the calendar: the case has none, and assesses', () => {
    const text = sample('denials-5010.835').toString('utf8');
    const bpr16 = /^BPR\*.*\*(\d{8})~/m.exec(text)?.[1] as string;
    const read = readRemittanceText(text.replace(`*${bpr16}~`, '*20260230~'), 'damaged.835');
    const finding = read.find((e) => e.kind === 'finding' && e.finding.code === 'invalid-date');
    expect(finding?.kind === 'finding' && [finding.finding.position.segmentId, finding.finding.message.slice(0, 16)]).toEqual(['BPR', "BPR16 '20260230'"]);
    const { claim, context } = claimNamed(read, 'PCN-A1001');
    const denial = toDenialCase(claim, context, detectDenial(claim, context));
    expect(denial.remittance.date).toBeUndefined();
    expect(assessDenial(denial, { today: '2026-06-01', appealLevel: 0 }).assumptions.join(' ')).toMatch(/no payment date/);
  });
});

describe('toRemittanceEvent', () => {
  it('describes a later reversal or payment for the same claim', () => {
    const reversal = claimsOf(readRemittanceText(sample('reversal-correction.835').toString('utf8'), 'r.835'));
    const [first, second] = reversal.map((c) => toRemittanceEvent(c.claim, c.context, detectDenial(c.claim, c.context)));
    expect(first).toMatchObject({ kind: 'reversal', claim: { status: '22', chargeCents: -20000, paidCents: -15000, payerClaimControlNumber: 'ICN2026000007' } });
    expect(second).toMatchObject({ kind: 'payment', claim: { status: '1', paidCents: 12000, frequency: '7' }, remittance: { paymentMethod: 'NON', paymentCents: 0 } });
    expect(RemittanceEvent.safeParse(first).success).toBe(true);
    for (const word of PHI) expect(JSON.stringify([first, second])).not.toContain(word);
  });
});
