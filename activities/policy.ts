/**
 * The rule tables, consulted as local activities: what they answer is recorded in the denial's history,
 * so a running denial replays with the decisions it made even after a rule row or a payer window changes.
 * Pure functions of their input and the rules this worker loaded; nothing here has side effects.
 */
import { ApplicationFailure } from '@temporalio/common';
import { assessCase, routeDeadlines, type AssessCaseRequest, type CaseAssessment, type RouteDeadlines } from '../domain/lifecycle/assess';
import { defectReportFor, type ClassifiedDenial } from '../domain/prevention/defect-report';
import type { DefectReport } from '../domain/prevention/prevention-state';
import type { DenialCase } from '../domain/denial-case';
import type { Route } from '../domain/policy';

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

export function createPolicyActivities() {
  return {
    async assessDenialCase(req: AssessCaseRequest): Promise<CaseAssessment> {
      return judged('classify and route this denial', () => assessCase(req));
    },
    async deadlinesOfRoute(req: { denial: DenialCase; route: Route; today: string; submittedOn?: string }): Promise<RouteDeadlines> {
      return judged('compute the deadlines of this route', () => routeDeadlines(req));
    },
    async preventionReport(d: ClassifiedDenial): Promise<DefectReport | null> {
      return judged('find the prevention task of this root cause', () => defectReportFor(d));
    },
  };
}

export type PolicyActivities = ReturnType<typeof createPolicyActivities>;
