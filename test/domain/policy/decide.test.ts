import { describe, expect, it } from 'vitest';
import type { ConfirmationCode } from '../../../domain/policy/decide';
import { explainDenial, type ExplainDenialInput, type ExplainDenialOptions } from '../../../domain/policy/explain';

const BASE = {
  filingIndicator: '12',
  serviceDate: '2026-01-10',
  remitDate: '2026-03-02',
  today: '2026-03-05',
} as const;

function decide(input: Partial<ExplainDenialInput> & Pick<ExplainDenialInput, 'adjustments'>, options?: ExplainDenialOptions) {
  return explainDenial({ ...BASE, ...input }, options).decision;
}

const codes = (d: { confirmationReasons: { code: ConfirmationCode }[] }) => d.confirmationReasons.map((r) => r.code);

describe('decision table', () => {
  it('CO-50 Medicare Part B → redetermination (appeal level 1), due 120 days after presumed receipt', () => {
    const d = decide({ adjustments: 'CO-50', remarks: 'N115', filingIndicator: 'MB', amount: 240 });
    expect(d.route).toEqual({ kind: 'appeal', appealLevel: 1, levelName: 'Redetermination (MAC)' });
    expect(d.appealLevel).toEqual({ level: 1, name: 'Redetermination (MAC)', kind: 'appeal' });
    expect(d.deadline?.dueDate).toBe('2026-07-05');
    expect(d.expectedRecovery).toMatchObject({ amount: 240, probability: 0.45, cost: 60, value: 48 });
    expect(d.requiresConfirmation).toBe(false);
    expect(d.ruleIds).toEqual(expect.arrayContaining(['CARC-50', 'RARC-N115', 'DEC-APPEAL', 'PAYER-medicare-ffs-part-b@2026.1']));
  });

  it('PR-1 → bill the patient; the secondary first when there is one; post when the payer crossed it over', () => {
    expect(decide({ adjustments: 'PR-1', amount: 50 })).toMatchObject({ route: { kind: 'bill_patient' }, requiresConfirmation: false });
    expect(decide({ adjustments: 'PR-1', amount: 50, facts: { hasSecondaryCoverage: true } }).route).toEqual({ kind: 'bill_next_payer' });
    expect(decide({ adjustments: 'PR-1', remarks: 'MA18', filingIndicator: 'MB', amount: 50 }).route).toEqual({ kind: 'post_only' });
  });

  it('PR-50 (patient signed an ABN) → bill the patient; CO-50 never does', () => {
    expect(decide({ adjustments: 'PR-50', amount: 240, filingIndicator: 'MB' }).route).toEqual({ kind: 'bill_patient' });
    expect(decide({ adjustments: 'CO-50', amount: 240, filingIndicator: 'MB' }).route.kind).toBe('appeal');
  });

  it('CO-45 → post only, no recovery expected; a CO-45 that takes the whole charge is flagged', () => {
    const d = decide({ adjustments: 'CO-45', amount: 60 });
    expect(d.route).toEqual({ kind: 'post_only' });
    expect(d.expectedRecovery.value).toBe(0);
    expect(d.requiresConfirmation).toBe(false);
    expect(codes(decide({ adjustments: 'CO-45', amount: 100, billedAmount: 100 }))).toEqual(['POLICY_EXCEPTION']);
  });

  it('CO-97 fixable with a modifier → corrected claim (frequency 7); unknown → asks; not fixable → write off', () => {
    const fixable = decide({ adjustments: 'CO-97', amount: 300, facts: { correctable: true } });
    expect(fixable.route).toEqual({ kind: 'corrected_claim', claimFrequency: '7' });
    expect(fixable.deadline).toMatchObject({ kind: 'corrected_claim', dueDate: '2026-04-10', verify: true, daysLeft: 36 });
    // The commercial corrected-claim window is unverified: a person confirms it, 36 days out as on the last day.
    expect(codes(fixable)).toEqual(['DEADLINE_UNVERIFIED']);
    const unknown = decide({ adjustments: 'CO-97', amount: 300 });
    expect(unknown.route.kind).toBe('corrected_claim');
    expect(codes(unknown)).toEqual(['FACT_NEEDED', 'DEADLINE_UNVERIFIED']);
    expect(decide({ adjustments: 'CO-97', amount: 300, facts: { correctable: false } }).route).toEqual({ kind: 'write_off', approvalRequired: true });
  });

  it('a data fix with Medicare Part B is a clerical reopening, not a resubmission', () => {
    const d = decide({ adjustments: 'CO-4', amount: 300, filingIndicator: 'MB' });
    expect(d.route).toEqual({ kind: 'reopening' });
    expect(d.deadline).toMatchObject({ kind: 'reopening', dueDate: '2027-03-02' });
    expect(d.ruleIds).toContain('DEC-FIX-REOPENING');
    // …except unprocessable CARC 16 claims, which Medicare wants back as new claims.
    const npi = decide({ adjustments: 'CO-16', remarks: 'N290', amount: 300, filingIndicator: 'MB' });
    expect(npi.route).toEqual({ kind: 'corrected_claim', claimFrequency: '1' });
    expect(npi.deadline).toMatchObject({ kind: 'timely_filing', dueDate: '2027-01-10' });
  });

  it('CO-29 timely filing: with proof → appeal (reconsideration); without → write off', () => {
    const proof = decide({ adjustments: 'CO-29', amount: 400, facts: { proofOfTimelyFiling: true } });
    expect(proof.route).toEqual({ kind: 'reconsideration', appealLevel: 1, levelName: 'Claim reconsideration' });
    expect(proof.expectedRecovery.value).toBe(95);
    const none = decide({ adjustments: 'CO-29', amount: 400, facts: { proofOfTimelyFiling: false } });
    expect(none.route).toEqual({ kind: 'write_off', approvalRequired: true });
    expect(codes(none)).toEqual(['WRITE_OFF_ABOVE_THRESHOLD']);
    const unknown = decide({ adjustments: 'CO-29', amount: 100 });
    expect(unknown.route).toEqual({ kind: 'write_off', approvalRequired: false });
    expect(codes(unknown)).toEqual(['FACT_NEEDED']);
  });

  it('CO-29 with proof at a payer whose first level is a formal appeal → appeal level 1', () => {
    const d = decide({ adjustments: 'CO-29', amount: 400, payerId: '62308', facts: { proofOfTimelyFiling: true } });
    expect(d.route).toEqual({ kind: 'appeal', appealLevel: 1, levelName: 'Provider appeal' });
    expect(d.deadline).toMatchObject({ dueDate: '2026-08-29', payerRuleId: 'cigna-commercial' });
  });

  it('CO-29 with Medicare has no appeal rights: proof of timely receipt goes to a reopening, confirmed by a person', () => {
    const d = decide({ adjustments: 'CO-29', amount: 400, filingIndicator: 'MB', facts: { proofOfTimelyFiling: true } });
    expect(d.route).toEqual({ kind: 'reopening' });
    expect(codes(d)).toContain('POLICY_EXCEPTION');
  });

  it('a refused reopening is not reopened again: the original determination is appealed, or written off when it cannot be', () => {
    const clerical = decide({ adjustments: 'CO-4', amount: 300, filingIndicator: 'MB', facts: { reopeningRefused: true } });
    expect(clerical.route).toEqual({ kind: 'appeal', appealLevel: 1, levelName: 'Redetermination (MAC)' });
    expect(clerical.ruleIds).toEqual(expect.arrayContaining(['DEC-REOPENING-REFUSED', 'DEC-APPEAL']));
    expect(clerical.ruleIds).not.toContain('DEC-FIX-REOPENING');
    // The redetermination's window runs from the original determination (the remit date), not the refusal.
    expect(clerical.deadline).toMatchObject({ kind: 'appeal', dueDate: '2026-07-05' });
    const records = decide({ adjustments: 'CO-252', remarks: 'N706', amount: 300, filingIndicator: 'MB', facts: { reopeningRefused: true } });
    expect(records.route).toMatchObject({ kind: 'appeal', appealLevel: 1 });
    // CO-29 has no appeal rights with Medicare: after a refused reopening nothing is left but a write-off a person confirms.
    const late = decide({ adjustments: 'CO-29', amount: 400, filingIndicator: 'MB', facts: { proofOfTimelyFiling: true, reopeningRefused: true } });
    expect(late.route).toMatchObject({ kind: 'write_off' });
    expect(codes(late)).toContain('POLICY_EXCEPTION');
    expect(late.ruleIds).toContain('DEC-REOPENING-REFUSED-WO');
    expect(late.ruleIds).not.toContain('DEC-APPEAL');
  });

  it('CO-22 coordination of benefits → bill the next payer (after verifying COB)', () => {
    const d = decide({ adjustments: 'CO-22', amount: 500 });
    expect(d.route).toEqual({ kind: 'bill_next_payer' });
    expect(codes(d)).toEqual(['VERIFY_FIRST']);
  });

  it('expected recovery below cost → write off; approval only above the configurable threshold', () => {
    const small = decide({ adjustments: 'CO-50', amount: 40 });
    expect(small.route).toEqual({ kind: 'write_off', approvalRequired: false });
    expect(small.rationale.join(' ')).toMatch(/Expected recovery \$-27\.00 = \$40\.00 × 0\.45 .* − \$45\.00/);
    expect(small.requiresConfirmation).toBe(false);
    const strict = decide({ adjustments: 'CO-50', amount: 40 }, { policy: { writeOffApprovalThreshold: 25 } });
    expect(strict.route).toEqual({ kind: 'write_off', approvalRequired: true });
    expect(codes(strict)).toEqual(['WRITE_OFF_ABOVE_THRESHOLD']);
  });

  it('priors are configurable per payer: the same denial is worth appealing at a payer that overturns more', () => {
    const input = { adjustments: 'CO-50', amount: 100, payerId: '87726' } as const;
    expect(decide(input).route.kind).toBe('write_off');
    const d = decide(input, { policy: { recoveryPriors: { byPayer: { '87726': { medical_necessity: 0.9 } } } } });
    expect(d.route).toEqual({ kind: 'reconsideration', appealLevel: 1, levelName: 'Claim reconsideration' });
    expect(d.expectedRecovery).toMatchObject({ probability: 0.9, probabilitySource: 'recoveryPriors.byPayer[87726].medical_necessity', value: 45 });
  });

  it('low confidence → requires confirmation; a RARC that explains it removes the doubt', () => {
    const generic = decide({ adjustments: 'CO-A1', amount: 500 });
    expect(generic.requiresConfirmation).toBe(true);
    expect(codes(generic)).toContain('LOW_CONFIDENCE');
    const explained = decide({ adjustments: 'CO-A1', remarks: 'N661', amount: 500 });
    expect(codes(explained)).not.toContain('LOW_CONFIDENCE');
    expect(explained.route.kind).toBe('reconsideration');
  });

  it('unknown codes → requires confirmation, never silently routed', () => {
    const d = decide({ adjustments: 'CO-999', amount: 500 });
    expect(codes(d)).toEqual(expect.arrayContaining(['UNKNOWN_CODE', 'LOW_CONFIDENCE', 'VERIFY_FIRST']));
  });

  it('routing remarks: MA130 → new claim on the original clock; N938 → wait; N211 → no appeal; N704 → corrected claim', () => {
    const newClaim = decide({ adjustments: 'CO-16', remarks: 'MA130', amount: 300, filingIndicator: 'MB' });
    expect(newClaim.route).toEqual({ kind: 'corrected_claim', claimFrequency: '1' });
    expect(newClaim.deadline).toMatchObject({ kind: 'timely_filing', dueDate: '2027-01-10' });
    expect(decide({ adjustments: 'CO-50', remarks: 'N938', amount: 300 }).route).toEqual({ kind: 'await_payer' });
    const noAppeal = decide({ adjustments: 'CO-50', remarks: 'N211', amount: 300 });
    expect(noAppeal.route.kind).toBe('write_off');
    expect(codes(noAppeal)).toContain('POLICY_EXCEPTION');
    expect(decide({ adjustments: 'CO-50', remarks: 'N704', amount: 300 }).route).toEqual({ kind: 'corrected_claim', claimFrequency: '7' });
  });

  it('an upheld decision (CO-193) escalates to the next Medicare level, within the amount in controversy', () => {
    const qic = decide({ adjustments: 'CO-193', amount: 500, filingIndicator: 'MB', currentAppealLevel: 1 });
    expect(qic.route).toEqual({ kind: 'appeal', appealLevel: 2, levelName: 'Reconsideration (QIC)' });
    expect(qic.deadline?.dueDate).toBe('2026-09-03');
    const alj = decide({ adjustments: 'CO-193', amount: 5000, filingIndicator: 'MB', currentAppealLevel: 2 });
    expect(alj.appealLevel).toEqual({ level: 3, name: 'ALJ hearing (OMHA)', kind: 'appeal', amountInControversyMinimum: 200 });
  });

  it('under the amount in controversy the ALJ is offered aggregated with other claims (42 CFR 405.1006), never written off by itself', () => {
    const small = decide({ adjustments: 'CO-193', amount: 150, filingIndicator: 'MB', currentAppealLevel: 2 });
    expect(small.route).toEqual({ kind: 'appeal', appealLevel: 3, levelName: 'ALJ hearing (OMHA)' });
    expect(small.appealLevel).toMatchObject({ level: 3, amountInControversyMinimum: 200 });
    expect(codes(small)).toEqual(['AGGREGATION_NEEDED']);
    expect(small.confirmationReasons[0]?.message).toMatch(/needs \$200\.00 in controversy.*aggregated.*405\.1006\b.*only a person may decide to write it off/);
    // Alone it is not worth an ALJ request ($150 × p − $400): the economics say so but do not write it off.
    expect(small.expectedRecovery.value).toBeLessThan(0);
    expect(small.ruleIds).toEqual(expect.arrayContaining(['DEC-AIC-AGGREGATE', 'DEC-ECONOMICS']));
    expect(small.ruleIds).not.toContain('DEC-WO');
    expect(small.deadline).toMatchObject({ kind: 'appeal', appealLevel: 3, verify: false });
    // Judicial review has its own minimum ($1,960 in 2026): the same offer.
    const court = decide({ adjustments: 'CO-193', amount: 1200, filingIndicator: 'MB', currentAppealLevel: 4 });
    expect(court.route).toMatchObject({ kind: 'appeal', appealLevel: 5 });
    expect(codes(court)).toContain('AGGREGATION_NEEDED');
    // At or above the minimum nothing is asked.
    expect(codes(decide({ adjustments: 'CO-193', amount: 200, filingIndicator: 'MB', currentAppealLevel: 2 }))).not.toContain('AGGREGATION_NEEDED');
  });

  it('appeals exhausted → write off with confirmation; a Medicare Advantage IRE level is automatic', () => {
    const done = decide({ adjustments: 'CO-50', amount: 5000, filingIndicator: 'MB', currentAppealLevel: 5 });
    expect(done.route).toEqual({ kind: 'write_off', approvalRequired: true });
    expect(codes(done)).toContain('APPEALS_EXHAUSTED');
    const ma = decide({ adjustments: 'CO-50', amount: 500, filingIndicator: '16', currentAppealLevel: 1 });
    expect(ma.route).toEqual({ kind: 'await_payer', appealLevel: 2 });
    expect(ma.appealLevel?.kind).toBe('automatic');
  });

  it('a missed deadline writes off unless good cause; a closed correction window falls back to an open appeal', () => {
    const late = { adjustments: 'CO-50', amount: 300, serviceDate: '2024-12-01', remitDate: '2025-01-01', today: '2026-03-01' } as const;
    const lost = decide(late);
    expect(lost.route).toEqual({ kind: 'write_off', approvalRequired: true });
    expect(codes(lost)).toContain('DEADLINE_PASSED');
    const goodCause = decide({ ...late, facts: { goodCause: true } });
    expect(goodCause.route.kind).toBe('reconsideration');
    expect(codes(goodCause)).toContain('DEADLINE_PASSED');

    const fallback = decide({
      adjustments: 'CO-11',
      amount: 300,
      serviceDate: '2025-10-01',
      remitDate: '2025-12-01',
      today: '2026-01-15',
      facts: { correctable: true },
    });
    expect(fallback.route).toEqual({ kind: 'reconsideration', appealLevel: 1, levelName: 'Claim reconsideration' });
    expect(fallback.deadline?.dueDate).toBe('2026-05-30');
    expect(fallback.ruleIds).toEqual(expect.arrayContaining(['DEC-DEADLINE-PASSED', 'DEC-DEADLINE-FALLBACK', 'DEC-APPEAL']));
    // The correction window closed only by an unverified limit: the person is told it may still be open.
    expect(fallback.confirmationReasons.find((r) => r.code === 'DEADLINE_UNVERIFIED')?.message).toMatch(/corrected claim .* unverified limit .* override to it/i);
    // A rejected fallback leaves no trace: the late appeal above never mentions one.
    expect(lost.ruleIds).not.toContain('DEC-DEADLINE-FALLBACK');
  });

  it('an urgent deadline from an unverified limit needs a person to check the contract', () => {
    const d = decide({ adjustments: 'CO-4', amount: 300, today: '2026-04-07' });
    expect(d.urgent).toBe(true);
    expect(d.deadline?.daysLeft).toBe(3);
    expect(codes(d)).toEqual(['DEADLINE_UNVERIFIED']);
  });

  it('a verified window that passed stays a timely-filing loss, with no reopening or appeal of a new claim', () => {
    // UnitedHealthcare's 90 days from the date of service is verified (participation agreement).
    const uhc = decide({ adjustments: 'CO-16', remarks: 'MA130', amount: 300, payerId: '87726', serviceDate: '2025-10-01', remitDate: '2025-11-01', today: '2026-01-15' });
    expect(uhc.route.kind).toBe('write_off');
    expect(uhc.ruleIds).toEqual(expect.arrayContaining(['DEC-NEW-CLAIM', 'DEC-DEADLINE-LOST']));
    expect(uhc.ruleIds).not.toContain('DEC-DEADLINE-FALLBACK');
  });

  describe('unverified windows are never silent', () => {
    // commercial-default: corrected claims 90 days from the date of service, unverified ([verify] in the reference).
    const late = { adjustments: 'CO-97', amount: 300, serviceDate: '2025-10-01', remitDate: '2025-12-01', today: '2026-01-15', facts: { correctable: true } } as const;

    it('a passed unverified window with nothing else open → check the window with the payer, not a write-off', () => {
      const d = decide(late);
      expect(d.route).toEqual({ kind: 'verify_window', window: 'corrected_claim', unverifiedDueDate: '2025-12-30' });
      expect(d.deadline).toBeNull();
      expect(d.requiresConfirmation).toBe(true);
      expect(codes(d)).toEqual(['DEADLINE_UNVERIFIED']);
      expect(d.ruleIds).toEqual(expect.arrayContaining(['DEC-DEADLINE-PASSED', 'DEC-VERIFY-WINDOW', 'commercial-default@2026.1#correctedClaim']));
      expect(d.ruleIds).not.toContain('DEC-DEADLINE-LOST');
      expect(d.rationale.at(-1)).toMatch(/Route: check the corrected-claim window with the payer \(by an unverified limit it ended 2025-12-30\)/);
      // Nothing is counted as lost while a person checks: no expected work cost, no write-off approval.
      expect(d.expectedRecovery.cost).toBe(0);
    });

    it('the same claim under a payer whose window is verified is a timely-filing loss', () => {
      const d = decide({ ...late, payerId: '87726' });
      expect(d.route.kind).toBe('write_off');
      expect(codes(d)).toContain('DEADLINE_PASSED');
    });

    it('when the fallback appeal has passed too, the unverified correction window is still checked, not lost', () => {
      const d = decide({ adjustments: 'CO-11', amount: 300, serviceDate: '2025-01-10', remitDate: '2025-02-01', today: '2026-01-15', facts: { correctable: true } });
      expect(d.route).toMatchObject({ kind: 'verify_window', window: 'corrected_claim' });
      expect(d.ruleIds).not.toContain('DEC-DEADLINE-LOST');
    });
  });

  describe('an unprocessable claim is never reopened: it needs a new claim (frequency 1)', () => {
    const lateDates = { serviceDate: '2025-01-10', remitDate: '2025-02-01', today: '2026-01-20' } as const;

    it('Medicare Part B, CO-16 + MA130 past the 12-month filing limit: a timely-filing loss, not a reopening', () => {
      const d = decide({ adjustments: 'CO-16', remarks: 'MA130', amount: 300, filingIndicator: 'MB', ...lateDates });
      expect(d.route.kind).toBe('write_off');
      expect(d.ruleIds).toEqual(expect.arrayContaining(['DEC-NEW-CLAIM', 'DEC-DEADLINE-LOST']));
      expect(d.rationale.join(' ')).not.toMatch(/reopening/);
      // Within the window it is the new claim, whose window is the original filing limit.
      const inTime = decide({ adjustments: 'CO-16', remarks: 'MA130', amount: 300, filingIndicator: 'MB', ...lateDates, today: '2025-12-01' });
      expect(inTime.route).toEqual({ kind: 'corrected_claim', claimFrequency: '1' });
      expect(inTime.deadline).toMatchObject({ kind: 'timely_filing', dueDate: '2026-01-10' });
    });

    it('Medicare Part B, CO-16 with another remark (N290) is unprocessable too: no clerical reopening, before or after the window', () => {
      expect(decide({ adjustments: 'CO-16', remarks: 'N290', amount: 300, filingIndicator: 'MB', ...lateDates, today: '2025-12-01' }).route).toEqual({ kind: 'corrected_claim', claimFrequency: '1' });
      const late = decide({ adjustments: 'CO-16', remarks: 'N290', amount: 300, filingIndicator: 'MB', ...lateDates });
      expect(late.route.kind).toBe('write_off');
      expect(late.ruleIds).not.toContain('DEC-DEADLINE-FALLBACK');
    });

    it('Medicare Part A, CO-16 + MA130: new claim in time, timely-filing loss after, never a reopening (TOB xxQ is for adjudicated claims)', () => {
      const inTime = decide({ adjustments: 'CO-16', remarks: 'MA130', amount: 900, filingIndicator: 'MA', ...lateDates, today: '2025-12-01' });
      expect(inTime.route).toEqual({ kind: 'corrected_claim', claimFrequency: '1' });
      const late = decide({ adjustments: 'CO-16', remarks: 'MA130', amount: 900, filingIndicator: 'MA', ...lateDates });
      expect(late.route).toMatchObject({ kind: 'write_off' });
      expect(late.ruleIds).not.toContain('DEC-DEADLINE-FALLBACK');
    });

    it('a commercial payer returning the claim (N517) with an unverified filing limit: check the window, not a reopening or a loss', () => {
      const d = decide({ adjustments: 'CO-16', remarks: 'N517', amount: 300, ...lateDates });
      expect(d.route).toEqual({ kind: 'verify_window', window: 'timely_filing', unverifiedDueDate: '2025-04-10' });
      expect(d.ruleIds).not.toContain('DEC-DEADLINE-FALLBACK');
    });
  });

  it('documentation denials: Medicare → reopening with the records; commercial → reconsideration', () => {
    expect(decide({ adjustments: 'CO-252', remarks: 'N706', amount: 300, filingIndicator: 'MB' }).route).toEqual({ kind: 'reopening' });
    expect(decide({ adjustments: 'CO-252', remarks: 'N706', amount: 300 }).route.kind).toBe('reconsideration');
  });

  it('duplicates are posted, not rebilled, unless the service was distinct', () => {
    const dup = decide({ adjustments: 'OA-18', amount: 300 });
    expect(dup.route).toEqual({ kind: 'post_only' });
    expect(codes(dup)).toEqual(['VERIFY_FIRST']);
    expect(decide({ adjustments: 'OA-18', amount: 300, facts: { correctable: true } }).route).toEqual({ kind: 'corrected_claim', claimFrequency: '7' });
  });

  it('void, high dollar, fallback payer rule and a missing decision date are all flagged', () => {
    expect(decide({ adjustments: 'CO-109', amount: 300, facts: { voidOriginal: true } }).route).toEqual({ kind: 'corrected_claim', claimFrequency: '8' });
    expect(codes(decide({ adjustments: 'CO-50', amount: 20000, filingIndicator: 'MB' }))).toEqual(['HIGH_DOLLAR']);
    // ZZ (mutually defined): no rule names it. WC has a rule of its own since payer-rules-2026.12.1.
    expect(codes(decide({ adjustments: 'CO-50', amount: 300, filingIndicator: 'ZZ' }))).toContain('FALLBACK_PAYER_RULE');
    const { today: _today, ...undated } = BASE;
    const d = explainDenial({ ...undated, adjustments: 'CO-50', amount: 300, filingIndicator: 'MB' }).decision;
    expect(codes(d)).toEqual(['DEADLINE_NOT_EVALUATED']);
  });

  it('every rationale sentence names the rules behind it', () => {
    const d = decide({ adjustments: ['CO-50:240', 'PR-2:20'], remarks: 'N115', filingIndicator: 'MB' });
    for (const sentence of d.rationale) {
      const ids = /\[([^\]]+)\]$/.exec(sentence)?.[1]?.split(', ') ?? [];
      expect(ids.length, sentence).toBeGreaterThan(0);
      for (const id of ids) expect(d.ruleIds).toContain(id);
    }
    expect(d.rationale.join('\n')).toMatch(/PR-2 \$20\.00 \(patient_responsibility\)/);
  });
});
