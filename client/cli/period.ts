/** The period and scope flags every KPI-reading command shares: --from, --to, --payer, --team, --category. */
import { KpiFilterSchema, type KpiFilter } from '../../domain/kpis/kpis';
import { addDays } from '../../domain/policy/dates';
import { UsageError } from './output';

export const PERIOD_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  payer: { type: 'string' },
  team: { type: 'string' },
  category: { type: 'string' },
} as const;

export const PERIOD_USAGE = `  --from, --to     the period (YYYY-MM-DD, both inclusive; anchored on the remittance date)
  --payer          only this payer id
  --team           only this owning team (patient_access, cdi_providers, coding, billing_edits, ...)
  --category       only this category (medical_necessity, modifier, eligibility, authorization,
                   coverage, place_of_service, duplicate, timely_filing, or any denial category)`;

export function periodFilter(values: { from?: string; to?: string; payer?: string; team?: string; category?: string }, today: string, defaultDays: number): KpiFilter {
  const to = values.to ?? today;
  const parsed = KpiFilterSchema.safeParse({
    from: values.from ?? addDays(to, -(defaultDays - 1)),
    to,
    ...(values.payer ? { payerId: values.payer } : {}),
    ...(values.team ? { ownerTeam: values.team } : {}),
    ...(values.category ? { category: values.category } : {}),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0] ?? 'from').replace('payerId', 'payer').replace('ownerTeam', 'team')}: ${i.message}`).join('\n'));
  return parsed.data;
}
