/**
 * The denials a backtest replays, each able to decide itself under any rule source: from 835 files,
 * read with the product's reader and built into DenialCases the way the intake builds them, or from the
 * ledger, rebuilt from what its entries keep (see ledgerInput for what is assumed).
 */
import fs from 'node:fs';
import path from 'node:path';
import { assessDenial } from '../../domain/lifecycle/assess';
import type { LedgerEntry } from '../../domain/lifecycle/ledger-entry';
import type { DenialFacts as LedgerDenialFacts } from '../../domain/kpis/denial-facts';
import type { DenialCase } from '../../domain/denial-case';
import { explainDenial, type DenialExplanation, type ExplainDenialInput, type PayerRuleSet } from '../../domain/policy';
import { detectDenial, readRemittance, toDenialCase } from '../../domain/remittance';
import type { RuleSource } from './candidate';

export interface ReplayCase {
  /** The denial's workflow id (ledger) or file and claim (835). */
  id: string;
  source: 'ledger' | '835';
  payerId: string;
  remitDate: string;
  atRiskCents: number;
  /** What had to be assumed to rebuild the case. */
  assumptions: string[];
  decide(rules: RuleSource): DenialExplanation;
}

export interface Window {
  from?: string;
  to?: string;
}

const inWindow = (date: string, w: Window) => (w.from === undefined || date >= w.from) && (w.to === undefined || date <= w.to);

export type Progress = (message: string) => void;

/** A denial from an 835, decided the way the workflow decides it (assessDenial), as of its remit date. */
function caseFrom835(id: string, c: DenialCase, asOf: string | undefined, fallbackToday: string): ReplayCase {
  const remitDate = c.remittance.date ?? asOf ?? fallbackToday;
  const today = asOf ?? remitDate;
  return {
    id,
    source: '835',
    payerId: c.payer.id || '(none)',
    remitDate,
    atRiskCents: c.detection.amountAtRiskCents,
    assumptions: c.remittance.date ? [] : [`no remittance date (BPR16): decided as of ${today}`],
    decide: (rules) => assessDenial(c, { today, appealLevel: 0, policy: rules.policy, payerRules: rules.payerRules }).explanation,
  };
}

/**
 * Denials of the given 835 files (plain text, as dropped in the inbox). A rejected file is skipped, as the
 * intake rejects it; a claim seen again (same payer and payer claim number) is the same denial, replayed once.
 */
export async function casesFrom835(files: string[], opts: { window: Window; asOf?: string; today: string; progress: Progress }): Promise<{ cases: ReplayCase[]; skipped: string[] }> {
  const cases: ReplayCase[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const name = path.basename(file);
    const found: ReplayCase[] = [];
    let claims = 0;
    for await (const event of readRemittance(fs.createReadStream(file), name)) {
      if (event.kind === 'claim') {
        claims++;
        const decision = detectDenial(event.claim, event.context);
        if (decision.outcome !== 'denial') continue;
        const c = toDenialCase(event.claim, event.context, decision);
        const key = `${c.payer.id}|${c.claim.payerClaimControlNumber ?? c.claim.patientControlNumber}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const replay = caseFrom835(`${name}:${c.claim.patientControlNumber}`, c, opts.asOf, opts.today);
        if (inWindow(replay.remitDate, opts.window)) found.push(replay);
      } else if (event.kind === 'end' && event.verdict === 'rejected') {
        skipped.push(`${name}: rejected by the reader (${event.rejection.map((f) => f.message).join('; ') || 'envelope error'})`);
        found.length = 0;
      }
    }
    opts.progress(`read ${name}: ${claims} claims, ${found.length} denials to replay`);
    cases.push(...found);
  }
  return { cases, skipped };
}

const ADJUSTMENT_CODE = /^(CO|PR|OA|PI|CR)-(.+)$/;

/**
 * The explain input of a denial rebuilt from its ledger entries. The ledger keeps, PHI-free, the codes
 * (group-CARC and RARC, without their amounts), the payer id, remit date, charge and amount at risk, and
 * the deadline the workflow computed (rule id@version#limit and its anchor "kind date"). It does not keep
 * the filing indicator, the service dates or the amount of each adjustment, so:
 * - the filing indicator is the first one the deadline's payer rule matches (ZZ without one);
 * - the service date is the deadline's anchor when it is a service-date anchor, else the remit date;
 * - the amount at risk is split evenly over the adjustments.
 * Each assumption made is listed with the case.
 */
export function ledgerInput(facts: LedgerDenialFacts, history: LedgerEntry[], currentRules: PayerRuleSet, asOf?: string): { input: ExplainDenialInput; assumptions: string[] } {
  const assumptions: string[] = [];
  const first = history[0];
  const codes = first?.facts.codes ?? [];
  const adjustmentCodes = codes.filter((c) => ADJUSTMENT_CODE.test(c));
  const remarks = codes.filter((c) => !ADJUSTMENT_CODE.test(c));
  const atRisk = facts.initialAtRiskCents / 100;
  if (adjustmentCodes.length === 0) {
    adjustmentCodes.push('CO-16');
    assumptions.push('no adjustment codes in the ledger: treated as CO-16, as the workflow does');
  } else if (adjustmentCodes.length > 1) assumptions.push('adjustment amounts are not in the ledger: the amount at risk is split evenly');
  const share = Math.round((atRisk / adjustmentCodes.length) * 100) / 100;
  const adjustments = adjustmentCodes.map((code) => `${code}:${share.toFixed(2)}`);

  const deadline = history.find((e) => e.deadline)?.deadline;
  const ruleId = deadline?.limitId.split('@')[0];
  const rule = currentRules.rules.find((r) => r.id === ruleId);
  let filingIndicator = rule?.match.filingIndicators[0];
  if (!filingIndicator) {
    filingIndicator = 'ZZ';
    assumptions.push(rule ? `payer rule ${rule.id} matches no filing indicator: ZZ is used` : 'no deadline recorded names a known payer rule: filing indicator ZZ is used');
  }
  const [anchorKind, anchorDate] = (deadline?.anchor ?? '').split(' ');
  const remitDate = facts.remitDate;
  let serviceDate = remitDate;
  if ((anchorKind === 'service_date' || anchorKind === 'service_through_date') && anchorDate && anchorDate <= remitDate) serviceDate = anchorDate;
  else assumptions.push(`no service date in the ledger: the remit date ${remitDate} is used, which makes filing limits look longer`);

  const today = asOf ?? first?.at.slice(0, 10) ?? remitDate;
  return {
    input: {
      adjustments,
      remarks,
      amount: atRisk,
      ...(facts.chargeCents >= 0 ? { billedAmount: facts.chargeCents / 100 } : {}),
      filingIndicator,
      ...(facts.payerId ? { payerId: facts.payerId } : {}),
      serviceDate,
      remitDate,
      today: today < remitDate ? remitDate : today,
      currentAppealLevel: 0,
    },
    assumptions,
  };
}

export interface LedgerReader {
  denialFacts(query: { from?: string; to?: string }): Promise<LedgerDenialFacts[]>;
  history(workflowId: string): Promise<LedgerEntry[]>;
}

/** Every denial in the ledger whose remit date is in the window, decided as of the day the workflow first assessed it. */
export async function casesFromLedger(store: LedgerReader, opts: { window: Window; asOf?: string; currentRules: PayerRuleSet; progress: Progress }): Promise<ReplayCase[]> {
  const denials = await store.denialFacts({ ...(opts.window.from ? { from: opts.window.from } : {}), ...(opts.window.to ? { to: opts.window.to } : {}) });
  const cases: ReplayCase[] = [];
  for (const [i, facts] of denials.entries()) {
    const history = (await store.history(facts.workflowId)).sort((a, b) => a.seq - b.seq);
    const { input, assumptions } = ledgerInput(facts, history, opts.currentRules, opts.asOf);
    cases.push({
      id: facts.workflowId,
      source: 'ledger',
      payerId: facts.payerId,
      remitDate: facts.remitDate,
      atRiskCents: facts.initialAtRiskCents,
      assumptions,
      decide: (rules) => explainDenial(input, { payerRules: rules.payerRules, policy: rules.policy }),
    });
    if ((i + 1) % 500 === 0) opts.progress(`read ${i + 1} of ${denials.length} ledger denials`);
  }
  opts.progress(`read ${denials.length} ledger denials`);
  return cases;
}
