// The corrected/void claim writer, on claims read from the real samples: its output is read back by the
// 837 reader, is balanced, and passes the implementation-guide validator.
import { describe, expect, it } from 'vitest';
import { ClaimCorrectionError, read837Text, type SubmittedClaim, writeCorrectedClaim, type CorrectedClaimOptions } from '../../../domain/claims';
import { validate837 } from '../../../domain/claims/validate-837';
import { claimsOf, endOf, findingsOf, readSample, SAMPLES } from './support';

const now = new Date('2026-03-05T14:07:00Z');
const controlNumbers = { interchange: 42, group: 7, transaction: 1 };

function claimOf(name: string, index = 0): SubmittedClaim {
  const claim = claimsOf(readSample(name))[index];
  if (claim === undefined) throw new Error(`no claim ${index} in ${name}`);
  return claim;
}

function write(claim: SubmittedClaim, options: Partial<CorrectedClaimOptions> = {}): string {
  return writeCorrectedClaim(claim, { frequency: '7', payerClaimControlNumber: 'ICN2026000123', controlNumbers, now, ...options });
}

function segments(text: string): string[][] {
  return text.split('~').filter((s) => s.trim()).map((s) => s.trim().split('*'));
}

/** The one rule the samples' own data break, not the writer: the guide examples' NPIs fail the check digit. */
function writerIssues(text: string): string[] {
  return validate837(text, 'out.837')
    .filter((i) => i.rule !== 'npi-check-digit')
    .map((i) => `${i.rule} ${i.segmentId} ${i.message}`);
}

describe.each(SAMPLES)('%s', (name) => {
  it.each(['7', '8'] as const)('frequency %s: re-read, REF*F8 placed, counts balanced, valid', (frequency) => {
    for (const claim of claimsOf(readSample(name))) {
      const text = write(claim, { frequency });
      const events = read837Text(text, 'out.837');
      expect(endOf(events)).toMatchObject({ verdict: 'accepted', counts: { claims: 1, quarantined: 0, warnings: 0, interchanges: 1, sets837: 1 } });
      expect(findingsOf(events)).toEqual([]);
      const [again] = claimsOf(events);
      expect(again).toMatchObject({
        patientControlNumber: claim.patientControlNumber,
        facility: { code: claim.facility.code, frequency },
        payerClaimControlNumber: 'ICN2026000123',
        charge: { cents: claim.charge.cents },
        diagnoses: claim.diagnoses,
        implementationGuide: claim.kind === 'professional' ? '005010X222A1' : '005010X223A2',
      });
      expect(again?.serviceLines.map((l) => [l.procedure, l.charge.cents, l.units])).toEqual(claim.serviceLines.map((l) => [l.procedure, l.charge.cents, l.units]));
      // Everything but the corrected elements goes out as sent.
      const out = segments(text);
      expect(text.indexOf('~')).toBe(105);
      expect(out[0]?.[13]).toBe('000000042');
      expect(out.find((s) => s[0] === 'BHT')).toEqual(['BHT', '0019', '00', '000000042', '20260305', '1407', 'CH']);
      expect(out.at(-1)).toEqual(['IEA', '1', '000000042']);
      expect(out.at(-2)).toEqual(['GE', '1', '7']);
      expect(out.at(-3)).toEqual(['SE', String(out.length - 4), '0001']);
      expect(again?.original.claim.filter((s) => !s.startsWith('CLM') && !s.startsWith('REF*F8'))).toEqual(claim.original.claim.filter((s) => !s.startsWith('CLM')));
      expect(writerIssues(text)).toEqual([]);
    }
  });
});

describe('corrections', () => {
  it('line, diagnosis and prior authorization corrections, with CLM02 recomputed', () => {
    const claim = claimOf('demo.example1.837');
    const text = write(claim, {
      corrections: {
        lines: [
          { line: 1, procedureCode: '99214', modifiers: ['25'], chargeCents: 12500 },
          { line: 2, units: 2, chargeCents: 3000, diagnosisPointers: [2, 1] },
        ],
        diagnoses: [{ code: 'J029' }, { code: 'Z0000' }],
        identifiers: { priorAuthorization: 'PA55501' },
      },
    });
    const [again] = claimsOf(read837Text(text, 'c.837'));
    expect(again?.charge.cents).toBe(12500 + 3000 + 3500 + 1000);
    expect(again?.diagnoses).toEqual([
      { qualifier: 'ABK', code: 'J029', presentOnAdmission: undefined },
      { qualifier: 'ABF', code: 'Z0000', presentOnAdmission: undefined },
    ]);
    expect(again?.serviceLines.slice(0, 2).map((l) => [l.procedure?.code, l.procedure?.modifiers, l.charge.text, l.units, l.diagnosisPointers])).toEqual([
      ['99214', ['25'], '125.00', 1, [1]],
      ['87070', [], '30.00', 2, [2, 1]],
    ]);
    expect(again?.priorAuthorization).toBe('PA55501');
    // Guide order in 2300: G1 before F8 before D9.
    expect(again?.references.map((r) => r.qualifier)).toEqual(['G1', 'F8', 'D9']);
    expect(writerIssues(text)).toEqual([]);
  });

  it('removes a line and renumbers the rest; institutional revenue code and diagnoses', () => {
    const claim = claimOf('two-claims-single-provider.837i');
    const text = write(claim, {
      corrections: { lines: [{ line: 1, remove: true }, { line: 2, revenueCode: '0731', units: 2 }], diagnoses: [{ code: 'I10' }, { code: 'R55' }, { code: 'E119', qualifier: 'ABJ' }] },
    });
    const [again] = claimsOf(read837Text(text, 'c.837i'));
    expect(again?.serviceLines.map((l) => [l.number, l.assignedNumber, l.revenueCode, l.units, l.charge.cents])).toEqual([[1, '1', '0731', 2, 7656]]);
    expect(again?.charge.cents).toBe(7656);
    expect(segments(text).filter((s) => s[0] === 'HI').map((s) => s.slice(1).join('*'))).toEqual(['ABK:I10', 'ABJ:E119', 'ABF:R55']);
    expect(writerIssues(text)).toEqual([]);
  });

  it('with no corrections a replacement is the claim unchanged but for CLM05-3 and REF*F8', () => {
    const claim = claimOf('demo.example12.837');
    const [again] = claimsOf(read837Text(write(claim), 'same.837'));
    expect(again?.original.claim[0]).toBe('CLM*TS234H3*252.71***23>B>7*Y*A*Y*Y*P');
    expect(again?.original.claim.slice(1)).toEqual([...claim.original.claim.slice(1, 1), 'REF*F8*ICN2026000123', ...claim.original.claim.slice(1)]);
  });

  it('replaces an existing REF*F8 instead of adding a second', () => {
    const first = claimsOf(read837Text(write(claimOf('demo.example1.837')), 'a.837'))[0] as SubmittedClaim;
    const second = claimsOf(read837Text(write(first, { payerClaimControlNumber: 'ICN-2' }), 'b.837'))[0];
    expect(second?.references.filter((r) => r.qualifier === 'F8')).toEqual([{ qualifier: 'F8', value: 'ICN-2' }]);
  });

  it('refuses corrections that do not fit the claim, without PHI in the message', () => {
    const claim = claimOf('demo.example1.837');
    const fails = (corrections: CorrectedClaimOptions['corrections'], frequency: '7' | '8' = '7') => () => write(claim, { corrections, frequency });
    expect(fails({ lines: [{ line: 9, units: 1 }] })).toThrow(new ClaimCorrectionError('Line 9 does not exist: the claim has 4 service lines.'));
    expect(fails({ lines: [{ line: 1, diagnosisPointers: [3] }] })).toThrow(/Line 1: diagnosis pointer 3 points past the claim's 2 diagnoses/);
    expect(fails({ lines: [{ line: 1, revenueCode: '0450' }] })).toThrow(ClaimCorrectionError);
    expect(fails({ identifiers: { priorAuthorization: 'X' } }, '8')).toThrow(/void/);
    expect(fails({ lines: [1, 2, 3, 4].map((line) => ({ line, remove: true as const })) })).toThrow(/void the claim instead/);
    expect(fails({ lines: [{ line: 1, modifiers: ['1', '2'] }] })).toThrow();
    expect(() => writeCorrectedClaim(claim, { frequency: '7', payerClaimControlNumber: 'X', controlNumbers: { ...controlNumbers, interchange: 1e9 }, now })).toThrow();
  });
});
