/**
 * Denial policy: classification (CARC/RARC/group → category, root cause, owner), decision policy
 * (route, appeal level, expected recovery, confirmation), payer deadlines and reminders.
 * Pure and deterministic: safe to import from workflows.
 */
export * from './dates';
export * from './taxonomy';
export { CARC_RULES, CARC_RULES_VERSION, DEACTIVATED_WITHOUT_MEANING, findCarcRule, normalizeCarc, type CarcRule, type CarcGroupVariant } from './carc-rules';
export { RARC_RULES, RARC_RULES_VERSION, findRarcRule, normalizeRarc, type RarcRule } from './rarc-rules';
export * from './classify';
export * from './payer-rules';
export { DEFAULT_PAYER_RULES } from './default-payer-rules';
export * from './routes';
export * from './deadlines';
export * from './reminders';
export * from './policy-config';
export * from './economics';
export * from './underpayment';
export * from './decide';
export * from './explain';
