// The claim a denial answers as sent, with the specialist's corrections marked, from the real X222A1
// sample (test/fixtures/837/valid-837p.txt) as the store keeps it; and the same corrections through the
// writer give the same claim, so the page cannot show what the 837 does not say.
import { describe, expect, it } from 'vitest';
import { read837Text, type SubmittedClaim } from '../../../domain/claims';
import { claimUnderCorrection, ClaimUnderCorrection } from '../../../domain/claims/claim-under-correction';
import { claimCorrectionsFrom } from '../../../domain/claims/denial-corrections';
import { claimFromOriginal } from '../../../domain/claims/original-claim';
import { writeCorrectedClaim } from '../../../domain/claims/writer';
import type { Correction } from '../../../domain/lifecycle/tasks';
import { submitted837 } from '../../fixtures/claims-837';
import { sampleText } from './support';

function storedClaim(text: string): SubmittedClaim {
  const claim = read837Text(text, 'sample').flatMap((e) => (e.kind === 'claim' ? [e.claim] : []))[0]!;
  // As the store gives it back: from the original segments only.
  return claimFromOriginal(claim.original)!;
}

const corrections: Correction[] = [
  { field: 'modifier', line: 1, to: '25' },
  { field: 'units', line: 2, to: '2' },
  { field: 'diagnosis_pointer', line: 3, to: '1' },
  { field: 'authorization_number', to: 'AUTH-77' },
  { field: 'place_of_service', to: '22' },
];

describe('claimUnderCorrection', () => {
  it('shows the sample claim as sent, each corrected value marked, and lists what cannot be applied', () => {
    const view = claimUnderCorrection(storedClaim(sampleText('valid-837p.txt')), corrections);
    expect(ClaimUnderCorrection.parse(view)).toEqual(view);
    expect(view.problem).toBeUndefined();
    expect(view.header).toEqual({
      patientControlNumber: { sent: '26463774' },
      frequency: { sent: '1' },
      facility: { sent: '11' },
      charge: { sent: '100.00' },
    });
    expect(view.diagnoses).toEqual([
      { pointer: 1, code: { sent: 'J029' } },
      { pointer: 2, code: { sent: 'Z1159' } },
    ]);
    expect(view.identifiers).toEqual([
      { name: 'prior_authorization', value: { sent: '', corrected: 'AUTH-77' } },
      { name: 'rendering_provider_npi', value: { sent: '1987654328' } },
    ]);
    expect(view.lines).toEqual([
      { number: 1, procedure: { sent: '99213' }, modifiers: { sent: '', corrected: '25' }, units: { sent: '1' }, charge: { sent: '40.00' }, diagnosisPointers: { sent: '1' } },
      { number: 2, procedure: { sent: '87070' }, modifiers: { sent: '' }, units: { sent: '1', corrected: '2' }, charge: { sent: '15.00' }, diagnosisPointers: { sent: '1' } },
      { number: 3, procedure: { sent: '99214' }, modifiers: { sent: '' }, units: { sent: '1' }, charge: { sent: '35.00' }, diagnosisPointers: { sent: '2', corrected: '1' } },
      { number: 4, procedure: { sent: '86663' }, modifiers: { sent: '' }, units: { sent: '1' }, charge: { sent: '10.00' }, diagnosisPointers: { sent: '1, 2' } },
    ]);
    expect(view.notApplied).toEqual([{ field: 'place_of_service', to: '22' }]);
  });

  it('agrees with the 837 the writer sends for the same corrections', () => {
    const original = storedClaim(submitted837({ account: 'AGREE-1', serviceDate: '2026-01-10' }));
    const view = claimUnderCorrection(original, corrections);
    const text = writeCorrectedClaim(original, {
      frequency: '7',
      payerClaimControlNumber: 'ICN-1',
      corrections: claimCorrectionsFrom(corrections).corrections,
      controlNumbers: { interchange: 5, group: 5, transaction: 5 },
      now: new Date('2026-02-01T10:00:00Z'),
    });
    const sent = read837Text(text, 'written').flatMap((e) => (e.kind === 'claim' ? [e.claim] : []))[0]!;
    view.lines.forEach((l, i) => {
      const line = sent.serviceLines[i]!;
      expect(l.modifiers.corrected ?? l.modifiers.sent).toBe(line.procedure!.modifiers.join(' '));
      expect(l.units.corrected ?? l.units.sent).toBe(String(line.units));
      expect(l.diagnosisPointers.corrected ?? l.diagnosisPointers.sent).toBe(line.diagnosisPointers.join(', '));
    });
    expect(sent.priorAuthorization).toBe(view.identifiers[0]!.value.corrected);
  });

  it('a void goes out as sent: nothing marked, every supplied correction listed as not applied', () => {
    const view = claimUnderCorrection(storedClaim(sampleText('valid-837p.txt')), corrections, { void: true });
    expect(JSON.stringify(view)).not.toContain('corrected');
    expect(view.notApplied).toEqual(corrections);
  });

  it('a diagnosis code correction replaces the list; a correction the writer refuses is a problem, with nothing marked', () => {
    const original = storedClaim(sampleText('valid-837p.txt'));
    const replaced = claimUnderCorrection(original, [{ field: 'diagnosis_code', to: 'E11.9, I10, R05' }]);
    expect(replaced.diagnoses).toEqual([
      { pointer: 1, code: { sent: 'J029', corrected: 'E119' } },
      { pointer: 2, code: { sent: 'Z1159', corrected: 'I10' } },
      { pointer: 3, code: { sent: '', corrected: 'R05' } },
    ]);

    const pastTheEnd = claimUnderCorrection(original, [{ field: 'diagnosis_pointer', line: 1, to: '3' }, { field: 'rendering_provider', to: '1234567893' }]);
    expect(pastTheEnd.problem).toBe("Line 1: diagnosis pointer 3 points past the claim's 2 diagnoses.");
    expect(pastTheEnd.lines[0]!.diagnosisPointers).toEqual({ sent: '1' });
    expect(pastTheEnd.notApplied).toEqual([{ field: 'rendering_provider', to: '1234567893' }]);

    const malformed = claimUnderCorrection(original, [{ field: 'modifier', line: 2, to: 'X' }]);
    expect(malformed.problem).toBe('The corrections do not fit an 837 (line 2 modifiers): the corrected claim cannot be written with them.');
    expect(malformed.lines.every((l) => l.modifiers.corrected === undefined)).toBe(true);
  });
});
