// What the frozen legacy rules bundle exports (scripts/freeze-legacy-rules.ts bundles this file).
export { assessCase, routeDeadlines } from '../../../domain/lifecycle/assess';
export { defectReportFor } from '../../../domain/prevention/defect-report';
