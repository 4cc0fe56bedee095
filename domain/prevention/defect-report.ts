/**
 * From a classified denial to the report its prevention task receives: which task (root cause x owning
 * team, x payer where the control is payer-specific), which control closes the leak, and the occurrence.
 * Null when the root cause is not a defect anyone upstream can prevent.
 */
import type { DenialCategory, OwnerTeam, RootCause } from '../policy/taxonomy';
import { controlForRootCause } from './controls';
import type { DefectReport, PreventionKey } from './prevention-state';

export interface ClassifiedDenial {
  workflowId: string;
  rootCause: RootCause;
  ownerTeam: OwnerTeam;
  category: DenialCategory;
  payerId: string;
  amountCents: number;
  remitDate: string;
  serviceDate?: string;
  codes: string[];
  /** Detection found a line paid below the fee schedule. */
  underpaid?: boolean;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9_.-]+/g, '_').replace(/^_+|_+$/g, '') || 'unknown';

export function preventionKeyFor(rootCause: RootCause, ownerTeam: OwnerTeam, payerId: string | undefined): PreventionKey {
  const perPayer = controlForRootCause(rootCause)?.perPayer && payerId;
  return {
    id: `prevention-${slug(rootCause)}-${slug(ownerTeam)}${perPayer ? `-${slug(payerId)}` : ''}`,
    rootCause,
    ownerTeam,
    ...(perPayer ? { payerId } : {}),
  };
}

/**
 * An underpayment classifies as a contractual adjustment (CO-45 that does not match the contract), which
 * is no defect by its codes; the shortfall itself is the leak "incorrect fee schedule expectations".
 */
function defectOf(d: ClassifiedDenial): { rootCause: RootCause; ownerTeam: OwnerTeam } | null {
  if (controlForRootCause(d.rootCause)) return { rootCause: d.rootCause, ownerTeam: d.ownerTeam };
  if (d.underpaid) return { rootCause: 'fee_schedule_mismatch', ownerTeam: 'contracting' };
  return null;
}

export function defectReportFor(d: ClassifiedDenial): DefectReport | null {
  const defect = defectOf(d);
  const control = defect && controlForRootCause(defect.rootCause);
  if (!defect || !control) return null;
  return {
    key: preventionKeyFor(defect.rootCause, defect.ownerTeam, d.payerId),
    control: { leakPoint: control.leakPoint, leakPointName: control.leakPointName, control: control.control, kpi: control.kpi },
    escalation: control.escalation,
    occurrence: {
      denialWorkflowId: d.workflowId,
      payerId: d.payerId,
      category: d.category,
      amountCents: Math.max(0, d.amountCents),
      remitDate: d.remitDate,
      ...(d.serviceDate ? { serviceDate: d.serviceDate } : {}),
      codes: d.codes.slice(0, 50),
    },
  };
}
