// Everything the worker registers; the bundler starts here.
export { denialWorkflow } from './denial';
