/**
 * POST /api/remittances for automation (permission `remittances:ingest`): a size limit, the body streamed
 * to disk (nothing is lost if processing fails), 202 with a report id; GET /api/remittances/:reportId
 * returns the report.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Intake } from '../ingest/intake';
import { IngestReport } from '../ingest/report';
import { summaryOnly } from '../ingest/report-stream';
import { deliveryCounts } from '../ingest/report';
import { IngestInputError } from '../ingest/pipeline';
import type { Logger } from '../../runtime/log';
import { formatBytes } from './http/body';
import { badRequest, HttpError, notFound, tooLarge } from './http/errors';
import { saveUpload } from './http/save-upload';
import { defineRoute, respond, type RouteDefinition } from './http/route';

export interface RemittancesApiOptions {
  intake: Intake;
  uploadsDir: string;
  /** Legacy intake keys (INTAKE_API_KEYS or DATA_DIR/intake-api-key): accepted as automation API keys. */
  apiKeys?: string[];
  maxBytes: number;
  log: Logger;
  /** A saved report larger than this (sealed bytes) is returned as its summary; 32 MiB unless set. */
  wholeReportMaxBytes?: number;
}

const ReportIdParams = z.object({ reportId: z.string().regex(/^rpt-[0-9a-f-]{36}$/, { error: 'expected a report id such as rpt-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed' }) });
const Processing = z.object({ reportId: z.string(), status: z.literal('processing') });
const Accepted = Processing.extend({ bytes: z.number().int(), report: z.string().describe('where to GET the report') });
const Done = IngestReport.extend({
  status: z.literal('done'),
  claimsListed: z
    .enum(['all', 'quarantined'])
    .optional()
    .describe('"quarantined" when the report is too large to return whole: `claims` then lists only the quarantined claims; the whole report is kept sealed in DATA_DIR/reports/'),
});
/** A report larger than this (its sealed file) is returned as its summary: parsing it whole would hold it all in memory. */
const WHOLE_REPORT_MAX_BYTES = 32 * 1024 * 1024;

export function createRemittancesApi(opts: RemittancesApiOptions) {
  opts.intake.files.folder(opts.uploadsDir);
  const pending = new Set<string>();
  /** Why a run failed; `unreadable` when the file itself could not be read (an input error), not the server. */
  const failed = new Map<string, { message: string; unreadable: boolean }>();
  const overLimit = (size: string) => tooLarge(`The remittance is ${size}over the ${formatBytes(opts.maxBytes)} limit (INTAKE_MAX_BYTES).`, opts.maxBytes);

  const post = defineRoute({
    method: 'POST',
    path: '/api/remittances',
    summary: 'Ingest an 835 remittance, an 837P/837I claim file or a claim status file (277, 277CA, 999); 202 with a report id to poll',
    description:
      'The X12 file is the body (told apart by ST01 of its first set, a 277CA by its 005010X214 guide); `X-File-Name` optionally names it. A claim status file’s report lists each answer with the denial it was signaled to, or why it reached none.',
    tags: ['remittances'],
    permission: 'remittances:ingest',
    rawBody: { mediaType: 'application/edi-x12', description: 'The X12 835, 837, 277, 277CA or 999 file, as is' },
    status: 202,
    response: Accepted,
    otherResponses: { 400: 'empty, or cut short before its end', 413: 'over INTAKE_MAX_BYTES', 507: 'the server’s disk is full: nothing was kept' },
    handler: async ({ req }) => {
      const declared = Number(req.headers['content-length'] ?? NaN);
      if (declared > opts.maxBytes) throw overLimit(`${formatBytes(declared)}, `);
      const reportId = `rpt-${crypto.randomUUID()}`;
      const rawName = (req.headers['x-file-name'] as string | undefined) ?? `${reportId}.835`;
      const name = path.basename(rawName).replace(/[^\w.\-]/g, '_').slice(0, 120) || `${reportId}.835`;
      const file = path.join(opts.uploadsDir, `${reportId}_${name}`);
      const bytes = await saveUpload(req, file, { maxBytes: opts.maxBytes, tooLarge: () => overLimit(''), open: (f) => opts.intake.files.upload(f) });
      if (bytes === 0) {
        fs.rmSync(file, { force: true });
        throw badRequest('The request body is empty: send the 835 file as the body.');
      }
      pending.add(reportId);
      // The report streams to its saved file; only the summary stays in memory.
      void opts.intake
        .ingest(file, { via: 'http', dryRun: false, displayName: name, reportId }, undefined, summaryOnly)
        .then((r) => opts.log.info(`http intake ${reportId}: ${r.verdict}, ${deliveryCounts(r)}`))
        .catch((err: unknown) => {
          failed.set(reportId, { message: (err as Error).message, unreadable: err instanceof IngestInputError });
          opts.log.error(`http intake ${reportId} failed: ${(err as Error).message}`);
        })
        .finally(() => pending.delete(reportId));
      return { reportId, status: 'processing' as const, bytes, report: `/api/remittances/${reportId}` };
    },
  });

  const get = defineRoute({
    method: 'GET',
    path: '/api/remittances/:reportId',
    summary: 'The intake report of a remittance: 202 while processing, then the report',
    tags: ['remittances'],
    permission: 'remittances:ingest',
    params: ReportIdParams,
    response: Done.or(Processing),
    otherResponses: { 202: 'still processing: `{ reportId, status: "processing" }`', 422: 'the file itself could not be read: its reason says why (a file that is none of 835, 837, 277, 277CA, 999 is a rejected report instead)' },
    handler: async ({ params: { reportId } }) => {
      if (pending.has(reportId)) return respond(202, { reportId, status: 'processing' as const });
      const error = failed.get(reportId);
      if (error?.unreadable) throw new HttpError(422, 'unreadable_file', `${error.message}. The file is kept.`, { reportId });
      if (error) throw new HttpError(500, 'ingest_failed', `Processing failed: ${error.message}. The file is kept; send it again once the cause is fixed.`, { reportId });
      const saved = opts.intake.savedReport(reportId);
      if (saved && fs.statSync(saved).size > (opts.wholeReportMaxBytes ?? WHOLE_REPORT_MAX_BYTES)) {
        const summary = await opts.intake.reportSummary(reportId);
        if (summary) return { status: 'done' as const, ...summary, claimsListed: 'quarantined' as const };
      }
      const report = await opts.intake.report(reportId);
      if (!report) throw notFound(`No remittance report ${reportId}.`);
      return { status: 'done' as const, ...report };
    },
  });

  const routes: RouteDefinition[] = [post, get];
  return { routes, legacyIntakeKeys: opts.apiKeys ?? [], pendingCount: () => pending.size };
}
