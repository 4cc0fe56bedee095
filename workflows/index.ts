// Everything the worker registers; the bundler starts here.
export { denialWorkflow } from './denial';
export { preventionWorkflow } from './prevention';
export { leakageReportWorkflow } from './leakage-report';
export { payerIssueWorkflow } from './payer-issue';
