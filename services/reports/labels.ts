/**
 * The words a supervisor reads for the ids the ledger stores: categories, teams, root causes, statuses.
 * Taxonomy labels where there is one; otherwise the id itself, made readable.
 */
import { KPI_CATEGORIES } from '../../domain/kpis/kpis';
import { OWNER_TEAM_LABEL, ROOT_CAUSES } from '../../domain/policy/taxonomy';

/** "control_in_place" → "Control in place". */
export function humanize(id: string): string {
  const words = id.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const lookup = (labels: Readonly<Record<string, string>>, id: string): string => (Object.hasOwn(labels, id) ? (labels[id] as string) : humanize(id));

const CATEGORY_LABEL: Readonly<Record<string, string>> = Object.fromEntries(KPI_CATEGORIES.map((c) => [c.key, c.label]));
const ROOT_CAUSE_LABEL: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ROOT_CAUSES).map(([k, v]) => [k, v.label]));

export const categoryLabel = (category: string): string => lookup(CATEGORY_LABEL, category);
export const teamLabel = (team: string): string => lookup(OWNER_TEAM_LABEL, team);
export const rootCauseLabel = (rootCause: string): string => lookup(ROOT_CAUSE_LABEL, rootCause);
