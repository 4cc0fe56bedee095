/**
 * The rule tables, consulted as local activities: what they answer is recorded in the denial's history,
 * so a running denial replays with the decisions it made even after a rule row or a payer window changes.
 * Pure functions of their input and the rules this worker loaded; nothing here has side effects.
 */
import { ApplicationFailure } from '@temporalio/common';
import { assessCase, routeDeadlines, type AssessCaseRequest, type CaseAssessment, type RouteDeadlines } from '../domain/lifecycle/assess';
import { defectReportFor, type ClassifiedDenial } from '../domain/prevention/defect-report';
import type { DefectReport } from '../domain/prevention/prevention-state';

/** Input the rules cannot judge is a problem for a person, not something a retry fixes. */
function judged<T>(what: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    const issues = (err as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
    const why = issues ? issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') : (err as Error).message;
    throw ApplicationFailure.nonRetryable(`The rules could not ${what}: ${why}`, 'RulesCannotJudge');
  }
}

/** `practiceState`: the practice's state (USPS code), which picks the state's Medicaid rules. */
export function createPolicyActivities(deps: { practiceState?: string | undefined } = {}) {
  const state = deps.practiceState ? { practiceState: deps.practiceState } : {};
  return {
    async assessDenialCase(req: AssessCaseRequest): Promise<CaseAssessment> {
      return judged('classify and route this denial', () => assessCase({ ...state, ...req }));
    },
    async deadlinesOfRoute(req: Parameters<typeof routeDeadlines>[0]): Promise<RouteDeadlines> {
      return judged('compute the deadlines of this route', () => routeDeadlines({ ...state, ...req }));
    },
    async preventionReport(d: ClassifiedDenial): Promise<DefectReport | null> {
      return judged('find the prevention task of this root cause', () => defectReportFor(d));
    },
  };
}

export type PolicyActivities = ReturnType<typeof createPolicyActivities>;
