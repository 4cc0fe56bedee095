/**
 * The activities' logger: each line written while an activity runs carries its workflow id, activity type
 * and attempt (ids only: the workflow id is a keyed hash, never a patient's), so a JSON log can be
 * filtered to one denial.
 */
import { Context } from '@temporalio/activity';
import type { Logger } from '../runtime/log';

function activityMeta(meta?: Record<string, unknown>): Record<string, unknown> | undefined {
  let info;
  try {
    info = Context.current().info;
  } catch {
    return meta; // not inside an activity (start-up, a client-side caller)
  }
  return { workflowId: info.workflowExecution?.workflowId, activityType: info.activityType, attempt: info.attempt, ...meta };
}

export function activityLogger(base: Logger): Logger {
  return {
    debug: (m, meta) => base.debug(m, activityMeta(meta)),
    info: (m, meta) => base.info(m, activityMeta(meta)),
    warn: (m, meta) => base.warn(m, activityMeta(meta)),
    error: (m, meta) => base.error(m, activityMeta(meta)),
  };
}
