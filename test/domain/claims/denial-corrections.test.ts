// A denial's supplied corrections as the corrected-claim writer takes them, and a stored claim rebuilt
// from its original segments.
import { describe, expect, it } from 'vitest';
import { read837Text, type SubmittedClaim } from '../../../domain/claims';
import { claimCorrectionsFrom } from '../../../domain/claims/denial-corrections';
import { claimFromOriginal } from '../../../domain/claims/original-claim';
import { sampleText } from './support';

describe('claimCorrectionsFrom', () => {
  it('maps line, diagnosis and authorization corrections; lists the rest as not applied', () => {
    const mapped = claimCorrectionsFrom([
      { field: 'modifier', line: 1, to: '25, 59' },
      { field: 'units', line: 2, to: '3' },
      { field: 'procedure_code', line: 2, to: '99214' },
      { field: 'diagnosis_pointer', line: 1, to: '1:2' },
      { field: 'diagnosis_code', to: 'E11.9, I10' },
      { field: 'authorization_number', to: 'AUTH123' },
      { field: 'place_of_service', to: '22' },
      { field: 'modifier', to: '25' },
    ]);
    expect(mapped.corrections).toEqual({
      lines: [
        { line: 1, modifiers: ['25', '59'], diagnosisPointers: [1, 2] },
        { line: 2, units: 3, procedureCode: '99214' },
      ],
      diagnoses: [{ code: 'E119' }, { code: 'I10' }],
      identifiers: { priorAuthorization: 'AUTH123' },
    });
    expect(mapped.notApplied.map((c) => c.field)).toEqual(['place_of_service', 'modifier']);
  });
});

describe('claimFromOriginal', () => {
  it.each(['valid-837p.txt', 'two-claims-single-provider.837i', 'demo.example7.837'])('rebuilds %s’s claims as the reader read them', (name) => {
    const claims = read837Text(sampleText(name), name).flatMap((e) => (e.kind === 'claim' ? [e.claim] : [])) as SubmittedClaim[];
    for (const claim of claims) {
      const again = claimFromOriginal(claim.original)!;
      expect(again.patientControlNumber).toBe(claim.patientControlNumber);
      expect(again.original).toEqual(claim.original);
      expect(again.serviceLines.length).toBe(claim.serviceLines.length);
    }
  });
});
