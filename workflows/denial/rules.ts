/**
 * How the denial consults the rule tables. Since `pinned-rules`, through local activities: their answers
 * are recorded in history, so a running denial replays with the decisions it made, whatever the rule
 * files say today. Denials started before computed in the workflow, and still do, with the rules frozen
 * as they were (`legacy-rules/frozen.js`): callers branch on `rulesPinned()` and call those synchronously
 * on the old path, as it always ran.
 */
import { patched, proxyLocalActivities } from '@temporalio/workflow';
import type { PolicyActivities } from '../../activities/policy';
import * as frozen from './legacy-rules/frozen';

/** The rules of denials started before pinned-rules: frozen, never the live ones. */
export const legacyRules = frozen;

export const policy = proxyLocalActivities<PolicyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export const rulesPinned = (): boolean => patched('pinned-rules');
