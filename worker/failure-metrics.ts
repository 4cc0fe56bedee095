/**
 * Counts each failed activity attempt in `denials_activity_failures_total` (and a failed notification in
 * `denials_notification_failures_total`, by the kind it was asked to send) as the worker runs it.
 */
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { countActivityFailure, countNotificationFailure } from '../runtime/metrics/product-metrics';

/** A kind is a label only when it looks like one: anything else could carry what the caller put there. */
const KIND = /^[a-z_]{1,40}$/;

export const countActivityFailures: ActivityInterceptorsFactory = (ctx) => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        const type = ctx.info.activityType;
        countActivityFailure(type, err);
        if (type === 'notify') {
          const kind = (input.args[0] as { kind?: unknown } | undefined)?.kind;
          countNotificationFailure(typeof kind === 'string' && KIND.test(kind) ? kind : 'unknown');
        }
        throw err;
      }
    },
  },
});
