// The frozen rules' signatures, as of the freeze (see frozen.js and scripts/freeze-legacy-rules.ts).
import type { DenialCase } from '../../../domain/denial-case';
import type { AssessCaseRequest, CaseAssessment, RouteDeadlines } from '../../../domain/lifecycle/assess';
import type { ClassifiedDenial } from '../../../domain/prevention/defect-report';
import type { DefectReport } from '../../../domain/prevention/prevention-state';
import type { Route } from '../../../domain/policy';

export declare function assessCase(req: AssessCaseRequest): CaseAssessment;
export declare function routeDeadlines(req: { denial: DenialCase; route: Route; today: string; submittedOn?: string }): RouteDeadlines;
export declare function defectReportFor(d: ClassifiedDenial): DefectReport | null;
