/**
 * The worklist query: the open denials a person works through, filtered the way AR specialists and
 * supervisors slice their queues, sorted by deadline (soonest first, no deadline last, then the most
 * dollars), by dollars at risk, or by value (best next: what each denial is expected to bring back per hour of a person's work, those
 * due by `urgentBy` first), one page at a time. An HTTP API can validate its query with this schema.
 */
import { z } from 'zod';
import type { DenialFacts } from '../../domain/kpis/denial-facts';
import { SearchTermSchema } from '../../domain/lifecycle/denial-subject';
import { StageSchema } from '../../domain/lifecycle/ledger-entry';

export const WORKLIST_MAX_LIMIT = 500;
/** The deadline sort puts denials without a deadline (submitted, awaiting the payer) after every date. */
export const NO_DEADLINE = '9999-12-31';
/** `assignee: 'unassigned'` asks for the denials nobody holds. */
export const UNASSIGNED = 'unassigned';

const Filter = z.string().min(1).optional();

export const WorklistQuerySchema = z
  .strictObject({
    /** The queue working the denial: an AR team's worklist. */
    workTeam: Filter,
    /** The team owning the root cause (its prevention), a supervisor's slice. */
    ownerTeam: Filter,
    assignee: Filter,
    category: Filter,
    payerId: Filter,
    route: Filter,
    // Any text is a stage for the type (query strings are), but only a real one passes.
    stage: z.string().pipe(StageSchema).optional(),
    taskKind: Filter,
    /** Remitted on or after / on or before (YYYY-MM-DD): the denials behind a dashboard week or aging bucket. */
    remittedFrom: Filter,
    remittedTo: Filter,
    /** A search: the keyed terms of its words (runtime/at-rest/search-index.ts), every one on the denial. */
    matchTerms: z.array(SearchTermSchema).min(1).max(8).optional(),
    /** A search by short reference: the workflow ids that start so (domain/lifecycle/denial-subject.ts). */
    workflowIdPrefix: z.string().regex(/^denial-[0-9a-f]{10}$/).optional(),
    openOnly: z.boolean().default(true),
    sort: z.enum(['deadline', 'dollars', 'value']).default('deadline'),
    /** The value sort's floor: denials due on or before this day (YYYY-MM-DD) come first, whatever their value. */
    urgentBy: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    limit: z.number().int().min(1).max(WORKLIST_MAX_LIMIT).default(50),
    /** From the previous page's `nextCursor`: the rows after its last one, stable while rows are added. */
    cursor: z.string().min(1).optional(),
    /** Rows to skip instead, for jumping to a page. */
    offset: z.number().int().nonnegative().optional(),
  })
  .refine((q) => q.cursor === undefined || q.offset === undefined, { message: 'give `cursor` or `offset`, not both', path: ['offset'] })
  // A denial's value moves when others are decided, so no position in it stays put: the value sort pages by offset.
  .refine((q) => q.cursor === undefined || q.sort !== 'value', { message: 'the value sort pages by `offset`, not `cursor`', path: ['cursor'] });

export type WorklistQuery = z.input<typeof WorklistQuerySchema>;
export type ParsedWorklistQuery = z.output<typeof WorklistQuerySchema>;
export type WorklistSort = ParsedWorklistQuery['sort'];

export interface WorklistPage {
  rows: DenialFacts[];
  /** Every row the filters match, whatever the page. */
  total: number;
  /** Present when more rows follow this page. */
  nextCursor?: string;
}

/** Where a page ended, in sort order: the deadline sort's key is (due date or none, cents, id), the dollars sort's (cents, id). */
export type WorklistPosition = { sort: 'deadline'; dueKey: string; atRiskCents: number; workflowId: string } | { sort: 'dollars'; atRiskCents: number; workflowId: string };

const PositionSchema = z.discriminatedUnion('sort', [
  z.strictObject({ sort: z.literal('deadline'), dueKey: z.string(), atRiskCents: z.number().int(), workflowId: z.string() }),
  z.strictObject({ sort: z.literal('dollars'), atRiskCents: z.number().int(), workflowId: z.string() }),
]);

function positionOf(f: DenialFacts, sort: Exclude<WorklistSort, 'value'>): WorklistPosition {
  const { atRiskCents, workflowId } = f;
  return sort === 'dollars' ? { sort, atRiskCents, workflowId } : { sort, dueKey: f.dueDate ?? NO_DEADLINE, atRiskCents, workflowId };
}

/** The page from up to `limit + 1` rows in sort order: the extra row only says that another page follows. */
export function worklistPage(rows: DenialFacts[], total: number, q: ParsedWorklistQuery): WorklistPage {
  const page = rows.slice(0, q.limit);
  const last = page[page.length - 1];
  return rows.length > q.limit && last && q.sort !== 'value' ? { rows: page, total, nextCursor: encodeCursor(positionOf(last, q.sort)) } : { rows: page, total };
}

/** Opaque to clients: base64url JSON, so its shape can change without breaking their code. */
export function encodeCursor(p: WorklistPosition): string {
  return Buffer.from(JSON.stringify(p)).toString('base64url');
}

export function decodeCursor(cursor: string, sort: WorklistSort): WorklistPosition {
  let position: WorklistPosition;
  try {
    position = PositionSchema.parse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    throw new WorklistCursorError('the cursor is not one this worklist returned');
  }
  if (position.sort !== sort) throw new WorklistCursorError(`the cursor belongs to the ${position.sort} sort, not ${sort}`);
  return position;
}

/** A client error (HTTP 400): the cursor was altered or belongs to another sort. */
export class WorklistCursorError extends Error {
  override readonly name = 'WorklistCursorError';
}
