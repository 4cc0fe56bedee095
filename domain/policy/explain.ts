import { z } from 'zod';
import { AdjustmentSchema, RemarkSchema, classifyClaim, type ClaimClassification } from './classify';
import { IsoDateSchema, daysBetween, isIsoDate } from './dates';
import { DenialFactsSchema, decideRoute, type Decision } from './decide';
import { computeFilingDeadlines, DeadlineDatesSchema, judgedNoticeDate, type DeadlineDates, type FilingDeadlineSet } from './deadlines';
import { DEFAULT_PAYER_RULES } from './default-payer-rules';
import { selectPayerRule, type PayerClass, type PayerRuleSelection, type PayerRuleSet, type RuleMatch } from './payer-rules';
import { PolicyConfigSchema, type PolicyConfigInput } from './policy-config';
import { reminderSchedule, type ReminderSchedule } from './reminders';
import { describeRoute, type Route } from './routes';
import { UnderpaymentSchema } from './underpayment';

const ADJUSTMENT_TEXT = /^(CO|PR|OA|PI|CR)-?([A-Z0-9]{1,5})(?::(-?\d+(?:\.\d+)?))?$/i;
const REMARK_TEXT = /^(M|MA|N)\d{1,4}$/i;

const PartialAdjustmentSchema = AdjustmentSchema.partial({ amount: true });

/** 'CO-50', 'CO50' or 'CO-50:240.00' (group, CARC, optional amount), or an object. */
const AdjustmentArgSchema = z
  .union([
    z
      .string()
      .trim()
      .regex(ADJUSTMENT_TEXT, 'expected GROUP-CARC[:AMOUNT], e.g. CO-50 or CO-45:80.00')
      // A typed adjustment is what a person reads off a denial: an amount the payer kept. Reversals
      // (negative CAS amounts) come from the 835 as objects, never as text.
      .refine((text) => !text.includes(':-'), 'the amount must be 0 or more'),
    PartialAdjustmentSchema,
  ])
  .transform((arg) => {
    if (typeof arg !== 'string') return arg;
    const m = ADJUSTMENT_TEXT.exec(arg) as RegExpExecArray;
    const amount = m[3] === undefined ? undefined : Number(m[3]);
    return { group: (m[1] as string).toUpperCase(), carc: (m[2] as string).toUpperCase(), ...(amount === undefined ? {} : { amount }) };
  })
  .pipe(PartialAdjustmentSchema);

/** 'N115' (claim level) or { code, lineId }. */
const RemarkArgSchema = z
  .union([z.string().trim().regex(REMARK_TEXT, 'expected a RARC such as N115 or MA130'), RemarkSchema])
  .transform((arg) => (typeof arg === 'string' ? { code: arg.toUpperCase() } : arg))
  .pipe(RemarkSchema);

/**
 * A CLI flag given once arrives as a value, given several times as a list. The shape is checked first
 * and the items afterwards, so an item error is reported with its own message and index.
 */
const oneOrMany = <Raw extends z.ZodType, Item extends z.ZodType>(raw: Raw, item: Item) =>
  z
    .union([raw, z.array(raw)])
    .transform((v): unknown[] => (Array.isArray(v) ? v : [v]))
    .pipe(z.array(item));

const PayerKeySchema = z.object({
  filingIndicator: z.string().trim().min(1).max(3).transform((s) => s.toUpperCase()),
  payerId: z.string().trim().min(1).optional(),
});

/**
 * Input of explainDenial, shaped for a CLI:
 * `--adjustment CO-50 --remark N115 --filing-indicator MB --service-date 2026-01-10 --remit-date 2026-03-02 --amount 240`.
 */
export const ExplainDenialInputSchema = z
  .object({
    adjustments: oneOrMany(z.union([z.string(), PartialAdjustmentSchema]), AdjustmentArgSchema).refine(
      (list) => list.length > 0,
      'at least one adjustment',
    ),
    remarks: oneOrMany(z.union([z.string(), RemarkSchema]), RemarkArgSchema).default([]),
    /** Amount at risk; fills in the amount of a single adjustment given without one. A denial never puts less than nothing at risk. */
    amount: z.number().finite().nonnegative('expected an amount of 0 or more').optional(),
    billedAmount: z.number().nonnegative().optional(),
    filingIndicator: PayerKeySchema.shape.filingIndicator,
    payerId: PayerKeySchema.shape.payerId,
    /** Practice state (USPS code): selects the state's Medicaid rule; without it the conservative default applies. */
    practiceState: z.string().trim().regex(/^[A-Za-z]{2}$/, 'expected a two-letter state such as NY').transform((s) => s.toUpperCase()).optional(),
    // serviceDate, serviceThroughDate, remitDate (the notice date), originalRemitDate, primaryPayerNoticeDate, submittedOn
    ...DeadlineDatesSchema.shape,
    /** The decision date, supplied by the caller (domain code has no clock). */
    today: IsoDateSchema.optional(),
    /** 0 = no appeal decided yet; n = level n was decided. */
    currentAppealLevel: z.number().int().min(0).default(0),
    facts: DenialFactsSchema.default({}),
    /** The payer to bill next, when known (COB, crossover, wrong payer). */
    nextPayer: PayerKeySchema.optional(),
    /** Lines allowed below the contract or fee schedule, from detection. */
    underpayment: UnderpaymentSchema.optional(),
  })
  .superRefine((input, ctx) => {
    // Refinements also run when a field failed to parse: compare only real dates.
    const before = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && isIsoDate(a) && isIsoDate(b) && daysBetween(a, b) < 0;
    const adjustments: unknown = input.adjustments;
    const missing = Array.isArray(adjustments) ? input.adjustments.filter((a) => a?.amount === undefined).length : 0;
    if (missing > 1 || (missing === 1 && input.amount === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['adjustments'],
        message: missing > 1 ? 'give each adjustment its amount (e.g. CO-45:80.00) when there are several' : 'the adjustment has no amount: give `amount`',
      });
    }
    if (before(input.serviceDate, input.remitDate)) {
      ctx.addIssue({ code: 'custom', path: ['remitDate'], message: 'the remit date is before the date of service' });
    }
    if (before(input.serviceDate, input.serviceThroughDate)) {
      ctx.addIssue({ code: 'custom', path: ['serviceThroughDate'], message: 'the through date is before the service date' });
    }
    if (before(input.originalRemitDate, input.remitDate)) {
      ctx.addIssue({ code: 'custom', path: ['originalRemitDate'], message: 'the original remit date is after the remit date' });
    }
    if (before(input.serviceDate, input.priorDecisionDate)) {
      ctx.addIssue({ code: 'custom', path: ['priorDecisionDate'], message: 'the prior decision date is before the date of service' });
    }
  })
  .transform((input) => ({
    ...input,
    adjustments: input.adjustments.map((a) => ({ ...a, amount: a.amount ?? (input.amount as number) })),
  }));

function deadlineDatesOf(input: z.output<typeof DeadlineDatesSchema>): DeadlineDates {
  const dates: DeadlineDates = { serviceDate: input.serviceDate, remitDate: input.remitDate };
  for (const key of Object.keys(DeadlineDatesSchema.shape) as (keyof DeadlineDates)[]) {
    const value = input[key];
    if (value !== undefined) dates[key] = value;
  }
  return dates;
}

export type ExplainDenialInput = z.input<typeof ExplainDenialInputSchema>;
export type ParsedExplainDenialInput = z.output<typeof ExplainDenialInputSchema>;

export interface ExplainDenialOptions {
  payerRules?: PayerRuleSet;
  policy?: PolicyConfigInput;
}

export interface PayerRuleRef {
  id: string;
  version: string;
  name: string;
  payerClass: PayerClass;
  matchedBy: RuleMatch;
  asOf: string;
  rulesetVersion: string;
}

export interface DenialExplanation {
  input: ParsedExplainDenialInput;
  classification: ClaimClassification;
  payerRule: PayerRuleRef | null;
  payerRuleProblem: string | null;
  /** The next payer's rule (for bill_next_payer), when a next payer was given. */
  nextPayerRule: PayerRuleRef | null;
  nextPayerRuleProblem: string | null;
  decision: Decision;
  deadlines: FilingDeadlineSet;
  /** Reminder and escalation dates for the route's deadline; null without `today` or a deadline. */
  reminders: ReminderSchedule | null;
  summary: string;
  versions: { carcRules: string; rarcRules: string; payerRules: string; policy: string };
}

/** The payer rules in force for the explained claim (its payer and the next payer) and its deadline dates. */
function rulesFor(input: ParsedExplainDenialInput, ruleSet: PayerRuleSet) {
  // A notice is judged by the rule in force on its date, not on the day it is worked (`today` only counts days left).
  const asOf = judgedNoticeDate(input);
  const selection = selectPayerRule(ruleSet, { filingIndicator: input.filingIndicator, payerId: input.payerId, state: input.practiceState }, asOf);
  const nextSelection = input.nextPayer ? selectPayerRule(ruleSet, { ...input.nextPayer, state: input.practiceState }, asOf) : null;
  return { selection, nextSelection, dates: deadlineDatesOf(input) };
}

/**
 * The deadlines of `route` for an explained claim under a rule set: what explainDenial computes for the
 * route it decides, and what a backtest computes to compare the same limit under two rule sets.
 */
export function deadlinesUnderRules(input: ParsedExplainDenialInput, route: Route, ruleSet: PayerRuleSet): FilingDeadlineSet {
  const { selection, nextSelection, dates } = rulesFor(input, ruleSet);
  if (!selection.ok) return { primary: null, deadlines: [], notes: [selection.reason] };
  return computeFilingDeadlines({
    route,
    payerRule: selection.rule,
    rulesetVersion: ruleSet.version,
    dates,
    ...(input.today !== undefined ? { today: input.today } : {}),
    ...(nextSelection?.ok ? { nextPayerRule: nextSelection.rule } : {}),
  });
}

function ruleRef(selection: PayerRuleSelection): PayerRuleRef | null {
  if (!selection.ok) return null;
  const { rule } = selection;
  return { id: rule.id, version: rule.version, name: rule.name, payerClass: rule.payerClass, matchedBy: selection.matchedBy, asOf: selection.asOf, rulesetVersion: selection.rulesetVersion };
}

/**
 * Classification + decision + deadlines for one denied claim. Pure and deterministic: the same input,
 * rules and policy always give the same explanation. Throws a ZodError on invalid input (use
 * ExplainDenialInputSchema.safeParse to report errors without throwing).
 */
export function explainDenial(raw: ExplainDenialInput, options: ExplainDenialOptions = {}): DenialExplanation {
  const input = ExplainDenialInputSchema.parse(raw);
  const ruleSet = options.payerRules ?? DEFAULT_PAYER_RULES;
  const config = PolicyConfigSchema.parse(options.policy ?? {});
  const classification = classifyClaim({ adjustments: input.adjustments, remarks: input.remarks });

  const { selection, nextSelection, dates } = rulesFor(input, ruleSet);

  const decision = decideRoute({
    classification,
    ...(input.amount !== undefined ? { amount: input.amount } : {}),
    ...(input.billedAmount !== undefined ? { billedAmount: input.billedAmount } : {}),
    ...(input.payerId !== undefined ? { payerId: input.payerId } : {}),
    payerRule: selection.ok ? selection.rule : null,
    ...(selection.ok ? { payerRuleMatch: selection.matchedBy } : { payerRuleProblem: selection.reason }),
    rulesetVersion: ruleSet.version,
    dates,
    ...(input.today !== undefined ? { today: input.today } : {}),
    currentAppealLevel: input.currentAppealLevel,
    facts: input.facts,
    config,
    ...(nextSelection?.ok ? { nextPayerRule: nextSelection.rule } : {}),
    ...(input.underpayment ? { underpayment: input.underpayment } : {}),
  });

  const deadlines = deadlinesUnderRules(input, decision.route, ruleSet);

  const reminders = input.today && deadlines.primary ? reminderSchedule(deadlines.primary.dueDate, input.today, config.reminders) : null;
  const primary = classification.primary;
  const due = deadlines.primary ? `, due ${deadlines.primary.dueDate}` : '';
  const confirm = decision.requiresConfirmation ? ` Needs confirmation: ${decision.confirmationReasons.map((r) => r.code).join(', ')}.` : '';
  const summary =
    `${primary.code} ${primary.category} (${primary.ruleId}, confidence ${primary.confidence}) → ${describeRoute(decision.route)}${due}; ` +
    `expected recovery $${decision.expectedRecovery.value.toFixed(2)}.${confirm}`;

  return {
    input,
    classification,
    payerRule: ruleRef(selection),
    payerRuleProblem: selection.ok ? null : selection.reason,
    nextPayerRule: nextSelection ? ruleRef(nextSelection) : null,
    nextPayerRuleProblem: nextSelection && !nextSelection.ok ? `next payer: ${nextSelection.reason}` : null,
    decision,
    deadlines,
    reminders,
    summary,
    versions: {
      carcRules: classification.rulesVersion.carc,
      rarcRules: classification.rulesVersion.rarc,
      payerRules: ruleSet.version,
      policy: config.version,
    },
  };
}
