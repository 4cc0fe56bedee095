// What a denial is found by (#16): the words of its subject, the words of a search, the short reference,
// and a subject that stays valid whatever the 835 held.
import { describe, expect, it } from 'vitest';
import { caseFrom, remittance835 } from '../../fixtures/remittances';
import { DenialSubjectSchema, denialReference, querySearchWords, subjectOfDenial, subjectSearchWords, workflowIdPrefixOfReference } from '../../../domain/lifecycle/denial-subject';
import { DenialSearchIndex } from '../../../runtime/at-rest/search-index';

describe('denial subject and search', () => {
  it('finds a patient by each name word or its beginning, and by account or claim number however they are typed', () => {
    const words = subjectSearchWords({ patientName: "O'BRIEN, JOSÉ", accountNumber: 'W-1/22', payerClaimNumber: 'ICN 77', procedures: [] });
    expect(words).toEqual(expect.arrayContaining(['obrien', 'obr', 'obri', 'obrie', 'jose', 'jos', 'w122', 'icn77']));
    // Single letters (initials) are not words of their own.
    expect(subjectSearchWords({ patientName: 'J SMITH', accountNumber: 'A', procedures: [] })).toEqual(['smith', 'smi', 'smit', 'a']);
    expect(querySearchWords('  Obrien,  jose  w-1/22 J ')).toEqual(['obrien', 'jose', 'w122']);
    expect(querySearchWords('- . ,')).toEqual([]);
  });

  it('turns words into keyed terms: the same word gives the same term, another key another', () => {
    const one = new DenialSearchIndex(Buffer.alloc(32, 1));
    const two = new DenialSearchIndex(Buffer.alloc(32, 2));
    const subject = { patientName: 'DOE, JANE', accountNumber: 'W-1', procedures: [] };
    expect(one.termsOfSubject(subject)).toEqual(expect.arrayContaining(one.termsOfQuery('jane doe')));
    expect(one.termsOfQuery('doe')[0]).toMatch(/^[0-9a-f]{24}$/);
    expect(two.termsOfQuery('doe')).not.toEqual(one.termsOfQuery('doe'));
  });

  it('gives a short reference of the workflow id, and reads one back however it is typed', () => {
    const id = 'denial-3c7b6ed3a1f0000000000000000000000000abcd';
    expect(denialReference(id)).toBe('D-3C7B6-ED3A1');
    expect(workflowIdPrefixOfReference('d-3c7b6-ed3a1')).toBe('denial-3c7b6ed3a1');
    expect(workflowIdPrefixOfReference(' D-3C7B6ED3A1 ')).toBe('denial-3c7b6ed3a1');
    expect(workflowIdPrefixOfReference('DOE')).toBeUndefined();
    expect(id.startsWith(workflowIdPrefixOfReference(denialReference(id))!)).toBe(true);
  });

  it('takes the subject from a denial case, cut to the lengths the ledger accepts', () => {
    const d = caseFrom(remittance835({ remitDate: '2026-11-01', claims: [{ account: 'W-9', icn: 'ICN-9', status: '4', charge: 100, paid: 0, serviceDate: '2026-10-01', adjustments: [['CO', '50', 100]] }] }));
    const subject = subjectOfDenial(d, 'X'.repeat(500));
    expect(DenialSubjectSchema.parse(subject)).toEqual(subject);
    expect(subject).toMatchObject({ accountNumber: 'W-9', payerClaimNumber: 'ICN-9', serviceDateFrom: '2026-10-01' });
    expect(subject.patientName).toHaveLength(200);
    expect(subjectOfDenial(d).patientName).toBeUndefined();
  });
});
