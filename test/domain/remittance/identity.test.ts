import { describe, expect, it } from 'vitest';
import { claimIdentityInput, firstServiceDate, readRemittanceText } from '../../../domain/remittance';
import { claimNamed, claimsOf, sample } from './support';

const text = sample('denials-5010.835').toString('utf8');
const identity = (source: string, pcn: string) => {
  const { claim, context } = claimNamed(readRemittanceText(source, 'x.835'), pcn);
  return claimIdentityInput(claim, context);
};

describe('claimIdentityInput', () => {
  it('uses the payer id (N1*PR N104) and the payer claim control number (CLP07)', () => {
    expect(identity(text, 'PCN-A1001')).toEqual({
      canonical: '["claim/v1","ACME01","CLP07","ICN2026000001"]',
      payerId: 'ACME01',
      payerIdSource: 'N1-PR-N104',
      basis: 'payer-claim-control-number',
    });
  });

  it('gives a reversal and its correction the same identity', () => {
    const claims = claimsOf(readRemittanceText(sample('reversal-correction.835').toString('utf8'), 'r.835'));
    const [reversal, correction] = claims.map((c) => claimIdentityInput(c.claim, c.context).canonical);
    expect(reversal).toBe(correction);
  });

  it('falls back for the payer id: REF*2U, then TRN03, then the payer name', () => {
    const noN104 = text.replace('N1*PR*ACME HEALTH PLAN*XV*ACME01', 'N1*PR*ACME HEALTH PLAN');
    expect(identity(noN104, 'PCN-A1001')).toMatchObject({ payerId: 'ACME01', payerIdSource: 'REF-2U' });
    const noRef = noN104.replace('REF*2U*ACME01~\n', '');
    expect(identity(noRef, 'PCN-A1001')).toMatchObject({ payerId: '1512345678', payerIdSource: 'TRN03' });
    const noTrace = noRef.replace('TRN*1*EFT20260302001*1512345678', 'TRN*1*EFT20260302001');
    expect(identity(noTrace, 'PCN-A1001')).toMatchObject({ payerId: 'ACME HEALTH PLAN', payerIdSource: 'N1-PR-name' });
  });

  it('without CLP07 falls back to CLP01 + payer + first service date', () => {
    const noIcn = text.replace('*12*ICN2026000003*11*1', '*12**11*1');
    const result = identity(noIcn, 'PCN-C3003');
    expect(result).toEqual({
      canonical: '["claim/v1","ACME01","CLP01","PCN-C3003","20260212"]',
      payerId: 'ACME01',
      payerIdSource: 'N1-PR-N104',
      basis: 'patient-control-number',
    });
  });

  it('normalises case and whitespace so the same claim always gives the same text', () => {
    const messy = text.replace('*12*ICN2026000001*', '*12* icn2026000001 *').replace('N1*PR*ACME HEALTH PLAN*XV*ACME01', 'N1*PR*ACME HEALTH PLAN*XV*acme01');
    expect(identity(messy, 'PCN-A1001').canonical).toBe(identity(text, 'PCN-A1001').canonical);
  });

  it('first service date is the earliest of DTM*232, line DTM*472 and DTM*150', () => {
    const { claim } = claimNamed(readRemittanceText(text.replace('DTM*472*20260212', 'DTM*472*20260201'), 'x.835'), 'PCN-C3003');
    expect(firstServiceDate(claim)).toBe('20260201');
  });
});
