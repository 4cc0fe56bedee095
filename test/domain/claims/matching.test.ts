// The rule that matches a denial to the submitted claim it answers, and the facts a claim is stored by.
import { describe, expect, it } from 'vitest';
import { read837Text, type SubmittedClaim } from '../../../domain/claims';
import { matchSubmittedClaim, type MatchCandidate } from '../../../domain/claims/matching';
import { claimMatchCanonical, submittedClaimCanonical, submittedClaimFacts } from '../../../domain/claims/submitted-facts';
import { sampleText } from './support';

const claim = (over: Partial<MatchCandidate> & { claimId: string }): MatchCandidate => ({
  payerId: 'ACME01',
  patientControlNumber: 'ACCT-1',
  frequency: '1',
  serviceFrom: '20260105',
  serviceTo: '20260110',
  receivedAt: '2026-02-01T00:00:00.000Z',
  ...over,
});
const denial = { payerId: 'acme01 ', patientControlNumber: ' acct-1', serviceFrom: '20260106', serviceTo: '20260106' };

describe('matchSubmittedClaim', () => {
  it('matches on payer, patient control number (normalized) and a denial whose dates lie within the claim’s', () => {
    const original = claim({ claimId: 'a' });
    expect(matchSubmittedClaim(denial, [original])).toEqual({ kind: 'matched', claim: original, superseded: [] });
  });

  it('does not match another payer, another account, dates outside the claim, or a claim without dates', () => {
    const others = [
      claim({ claimId: 'p', payerId: 'OTHER' }),
      claim({ claimId: 'n', patientControlNumber: 'ACCT-2' }),
      claim({ claimId: 'd', serviceFrom: '20260107', serviceTo: '20260110' }),
      claim({ claimId: 'x', serviceFrom: undefined, serviceTo: undefined }),
    ];
    expect(matchSubmittedClaim(denial, others)).toEqual({ kind: 'none' });
  });

  it('a denial without dates agrees with every candidate of its payer and account', () => {
    const original = claim({ claimId: 'a' });
    expect(matchSubmittedClaim({ payerId: 'ACME01', patientControlNumber: 'ACCT-1' }, [original])).toMatchObject({ kind: 'matched', claim: { claimId: 'a' } });
  });

  it('a frequency-7 replacement supersedes the original, the newest replacement the older ones', () => {
    const original = claim({ claimId: 'a' });
    const first = claim({ claimId: 'r1', frequency: '7', receivedAt: '2026-02-02T00:00:00.000Z' });
    const second = claim({ claimId: 'r2', frequency: '7', receivedAt: '2026-02-03T00:00:00.000Z' });
    const match = matchSubmittedClaim(denial, [second, original, first]);
    expect(match).toMatchObject({ kind: 'matched', claim: { claimId: 'r2' } });
    expect(match.kind === 'matched' && match.superseded.map((c) => c.claimId).sort()).toEqual(['a', 'r1']);
  });

  it('reports two originals sharing payer, account and dates as ambiguous instead of guessing', () => {
    const match = matchSubmittedClaim(denial, [claim({ claimId: 'a' }), claim({ claimId: 'b', serviceFrom: '20260101' })]);
    expect(match).toMatchObject({ kind: 'ambiguous', reason: expect.stringContaining('2 original claims') });
    expect(match.kind === 'ambiguous' && match.candidates.map((c) => c.claimId)).toEqual(['a', 'b']);
  });

  it('reports two replacements received at the same moment as ambiguous', () => {
    const r = (id: string) => claim({ claimId: id, frequency: '7', receivedAt: '2026-02-02T00:00:00.000Z' });
    expect(matchSubmittedClaim(denial, [r('r1'), r('r2')])).toMatchObject({ kind: 'ambiguous' });
  });
});

describe('submittedClaimFacts', () => {
  const claims = read837Text(sampleText('valid-837p.txt'), 'valid-837p.txt').flatMap((e) => (e.kind === 'claim' ? [e.claim] : [])) as SubmittedClaim[];

  it('takes payer (NM109), CLM01, frequency, the service period and charge from the claim', () => {
    expect(submittedClaimFacts(claims[0]!)).toEqual({
      kind: 'professional',
      payerId: '999996666',
      patientControlNumber: '26463774',
      frequency: '1',
      serviceFrom: '20240110',
      serviceTo: '20240110',
      chargeCents: 10000,
    });
  });

  it('gives the same claim the same identity, and its replacement another; the match key ignores case and frequency', () => {
    const facts = submittedClaimFacts(claims[0]!);
    expect(submittedClaimCanonical(facts)).toBe(submittedClaimCanonical({ ...facts }));
    expect(submittedClaimCanonical({ ...facts, frequency: '7' })).not.toBe(submittedClaimCanonical(facts));
    expect(claimMatchCanonical(' 999996666', '26463774')).toBe(claimMatchCanonical(facts.payerId, facts.patientControlNumber));
  });
});
