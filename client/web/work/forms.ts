/**
 * From a submitted HTML form (strings) to the data of a denial action, so the page and the JSON API end
 * in the same zod-validated Update. The workflow's validator has the last word; this only shapes types.
 */
import { PaymentDisputeProcessSchema, type Route, type RouteKind } from '../../../domain/policy/routes';
import type { DenialView } from '../../../workflows/denial-messages';
import type { DenialActionName } from '../../denials/actions';

export type FormValues = Record<string, string>;

/** The route a person picks when overriding, with what the route needs filled from the case. */
export function routeOfKind(kind: string, view: Pick<DenialView, 'appealLevel'> & Partial<Pick<DenialView, 'route'>>): Route | undefined {
  const next = view.appealLevel + 1;
  if (kind.startsWith('payment_dispute:')) {
    const process = PaymentDisputeProcessSchema.safeParse(kind.slice('payment_dispute:'.length));
    return process.success ? { kind: 'payment_dispute', process: process.data } : undefined;
  }
  switch (kind as RouteKind) {
    case 'corrected_claim':
      // A claim whose original filing window was in question was never adjudicated: it goes again as a new claim.
      return { kind: 'corrected_claim', claimFrequency: view.route?.kind === 'verify_window' && view.route.window === 'timely_filing' ? '1' : '7' };
    case 'appeal':
      return { kind: 'appeal', appealLevel: next, levelName: `Appeal level ${next}` };
    case 'reconsideration':
      return { kind: 'reconsideration', appealLevel: next, levelName: `Reconsideration level ${next}` };
    case 'write_off':
      return { kind: 'write_off', approvalRequired: true };
    case 'reopening':
    case 'bill_next_payer':
    case 'bill_patient':
    case 'post_only':
    case 'await_payer':
      return { kind } as Route;
    // Not a route a person chooses: it is the question the policy asks them.
    case 'verify_window':
      return undefined;
    default:
      return undefined;
  }
}

const text = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
const num = (v: string | undefined) => (text(v) === undefined ? undefined : Number(v));

export function formToActionData(action: DenialActionName, f: FormValues, view: DenialView): Record<string, unknown> {
  switch (action) {
    case 'confirm-route':
      return {
        decision: f.decision ?? 'confirm',
        ...(f.decision === 'override' && f.route ? { route: routeOfKind(f.route, view) } : {}),
        ...(text(f.reason) ? { reason: text(f.reason) } : {}),
        ...(f.decision === 'override' && text(f.windowDueDate) ? { windowDueDate: text(f.windowDueDate) } : {}),
      };
    case 'supply-corrections':
      return {
        corrections: [1, 2, 3]
          .filter((i) => text(f[`field_${i}`]) || text(f[`to_${i}`]))
          .map((i) => ({
            field: f[`field_${i}`] || 'other',
            ...(num(f[`line_${i}`]) !== undefined ? { line: num(f[`line_${i}`]) } : {}),
            ...(text(f[`from_${i}`]) ? { from: text(f[`from_${i}`]) } : {}),
            to: f[`to_${i}`] ?? '',
          })),
      };
    case 'approve-packet':
      return text(f.argument) ? { argument: text(f.argument) } : {};
    case 'record-submission':
      return { date: f.date ?? '', channel: f.channel ?? '', reference: f.reference ?? '' };
    case 'record-payer-decision':
      return { outcome: f.outcome ?? '', paidAmount: num(f.paidAmount) ?? 0, date: f.date ?? '', ...(text(f.reference) ? { reference: text(f.reference) } : {}) };
    case 'approve-write-off':
      return { approve: f.approve !== 'false', reason: f.reason ?? '' };
    case 'resolve-problem':
      return { action: f.action === 'override' ? 'override' : 'retry', ...(f.action === 'override' && f.route ? { route: routeOfKind(f.route, view) } : {}), reason: f.reason ?? '' };
    case 'reassign':
      return { to: f.to ?? '', reason: f.reason ?? '', ...(text(f.team) ? { team: text(f.team) } : {}) };
    case 'note':
      return { text: f.text ?? '' };
    case 'attach-documents':
      return {};
  }
}
