// `npm run sample-835` also writes the 837P its remittances answer: a valid X222A1 file whose every claim
// matches the remitted claim of the same patient control number by the matching rule.
import { describe, expect, it } from 'vitest';
import { demoClaimFile, demoRemittances } from '../../client/cli/sample-835';
import { read837Text, type SubmittedClaim } from '../../domain/claims';
import { matchSubmittedClaim, remittanceServicePeriod } from '../../domain/claims/matching';
import { submittedClaimFacts } from '../../domain/claims/submitted-facts';
import { validate837 } from '../../domain/claims/validate-837';
import { payerIdOf, readRemittanceText } from '../../domain/remittance';

describe('the demo 837P', () => {
  const file = demoClaimFile();

  it('is valid and read whole: five claims, no findings', () => {
    expect(validate837(file.text, file.name)).toEqual([]);
    const events = read837Text(file.text, file.name);
    expect(events.filter((e) => e.kind === 'finding')).toEqual([]);
    expect(events.at(-1)).toMatchObject({ kind: 'end', verdict: 'accepted', counts: { claims: 5 } });
  });

  it('holds the claim each demo remittance claim answers: same account, payer, dates and charge', () => {
    const claims = read837Text(file.text, file.name).flatMap((e) => (e.kind === 'claim' ? [e.claim] : [])) as SubmittedClaim[];
    const candidates = claims.map((c, i) => ({ claimId: `c${i}`, receivedAt: '2026-01-01T00:00:00.000Z', ...submittedClaimFacts(c) }));
    let remitted = 0;
    for (const r of demoRemittances()) {
      for (const e of readRemittanceText(r.text, r.name)) {
        if (e.kind !== 'claim') continue;
        remitted++;
        const ref = { payerId: payerIdOf(e.context).payerId, patientControlNumber: e.claim.patientControlNumber, ...remittanceServicePeriod(e.claim) };
        const match = matchSubmittedClaim(ref, candidates);
        expect(match.kind, e.claim.patientControlNumber).toBe('matched');
        if (match.kind === 'matched') expect(match.claim.chargeCents).toBe(e.claim.charge.cents);
      }
    }
    expect(remitted).toBe(5);
  });
});
