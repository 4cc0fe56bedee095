import { DEFAULT_POLICY_CONFIG } from '../policy/policy-config';
import type { CaseAssessment } from './assess';

/**
 * Stands in when the rules could not judge a case at all (input they refuse): the case is parked for a
 * supervisor with this as its classification, and no deadline is assumed on its behalf.
 */
export function unassessedCase(why: string): CaseAssessment {
  const reminders = DEFAULT_POLICY_CONFIG.reminders;
  return {
    classification: {
      primary: { code: 'unknown', category: 'other', rootCause: 'unknown', ownerTeam: 'ar_follow_up', preventable: false, ruleId: 'UNASSESSED', explanation: why, confidence: 0 },
      needsHumanClassification: true,
      secondary: [],
    },
    decision: { route: { kind: 'await_payer' }, rationale: [why], ruleIds: ['UNASSESSED'], requiresConfirmation: true, expectedRecovery: 0 },
    deadline: null,
    reminders: { offsetsDays: [...reminders.offsetsDays], escalationOffsetDays: reminders.escalationOffsetDays },
    assumptions: ['No deadline could be computed: check the payer’s filing and appeal limits by hand.'],
    versions: { carcRules: 'n/a', rarcRules: 'n/a', payerRules: 'n/a', policy: 'n/a' },
  };
}
