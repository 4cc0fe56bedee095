/**
 * How the denial consults the rule tables. Since `pinned-rules`, through local activities: their answers
 * are recorded in history, so a running denial replays with the decisions it made, whatever the rule
 * files say today. Denials started before computed in the workflow, and still do, with the rules frozen
 * as they were (`legacy-rules/frozen.js`): callers branch on `rulesPinned()` and call those synchronously
 * on the old path, as it always ran.
 */
import { proxyLocalActivities } from '@temporalio/workflow';
import { hasPatch } from './patches';
import type { PolicyActivities } from '../../activities/policy';
import type * as Frozen from './legacy-rules/frozen';

let frozen: typeof Frozen | undefined;
/**
 * The rules of denials started before pinned-rules: frozen, never the live ones. Loaded on first use: every
 * cached workflow evaluates its own copy of the modules it loads, and the frozen tables weigh on each.
 */
export function legacyRules(): typeof Frozen {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; an import would load it for every denial
  frozen ??= require('./legacy-rules/frozen') as typeof Frozen;
  return frozen;
}

export const policy = proxyLocalActivities<PolicyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export const rulesPinned = (): boolean => hasPatch('pinned-rules');
