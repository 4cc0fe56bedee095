/**
 * How the denial consults the rule tables. Since `pinned-rules`, through local activities: their answers
 * are recorded in history, so a running denial replays with the decisions it made, whatever the rule
 * files say today. Histories from before computed in the workflow, and still replay that way: callers
 * branch on `rulesPinned()` and call the pure function synchronously on the old path, as it always ran.
 */
import { patched, proxyLocalActivities } from '@temporalio/workflow';
import type { PolicyActivities } from '../../activities/policy';

export const policy = proxyLocalActivities<PolicyActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { maximumAttempts: 3 },
});

export const rulesPinned = (): boolean => patched('pinned-rules');
