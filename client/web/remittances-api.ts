/**
 * POST /api/remittances for automation: an API key, a size limit, the body streamed to disk (nothing is
 * lost if processing fails), 202 with a report id; GET /api/remittances/:id returns the report.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type http from 'node:http';
import type { Intake } from '../ingest/intake';
import type { Logger } from '../../runtime/log';

export interface RemittancesApiOptions {
  intake: Intake;
  uploadsDir: string;
  apiKeys: string[];
  maxBytes: number;
  log: Logger;
}

type Reply = (status: number, body: unknown) => void;

const digest = (s: string) => crypto.createHash('sha256').update(s).digest();

export function createRemittancesApi(opts: RemittancesApiOptions) {
  fs.mkdirSync(opts.uploadsDir, { recursive: true });
  const keyDigests = opts.apiKeys.map(digest);
  const pending = new Set<string>();
  const failed = new Map<string, string>();

  function authorized(req: http.IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : (req.headers['x-api-key'] as string | undefined) ?? '';
    if (!presented) return false;
    const d = digest(presented);
    return keyDigests.some((k) => crypto.timingSafeEqual(k, d));
  }

  async function post(req: http.IncomingMessage, reply: Reply): Promise<void> {
    if (!authorized(req)) return reply(401, { code: 'unauthorized', message: 'Send an intake API key as "Authorization: Bearer <key>".', details: {} });
    const declared = Number(req.headers['content-length'] ?? NaN);
    const mb = (n: number) => `${Math.round(n / 1_000_000)} MB`;
    if (declared > opts.maxBytes) {
      req.resume();
      return reply(413, { code: 'payload_too_large', message: `The remittance is ${mb(declared)}, over the ${mb(opts.maxBytes)} limit (INTAKE_MAX_BYTES).`, details: { limit: opts.maxBytes } });
    }
    const reportId = `rpt-${crypto.randomUUID()}`;
    const rawName = (req.headers['x-file-name'] as string | undefined) ?? `${reportId}.835`;
    const name = path.basename(rawName).replace(/[^\w.\-]/g, '_').slice(0, 120) || `${reportId}.835`;
    const file = path.join(opts.uploadsDir, `${reportId}_${name}`);
    const out = fs.createWriteStream(file, { flags: 'wx' });
    let bytes = 0;
    const tooBig = await new Promise<boolean>((resolve, reject) => {
      req.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (bytes > opts.maxBytes) {
          req.pause();
          resolve(true);
          return;
        }
        if (!out.write(chunk)) {
          req.pause();
          out.once('drain', () => req.resume());
        }
      });
      req.on('end', () => resolve(false));
      req.on('error', reject);
    });
    await new Promise<void>((resolve) => out.end(resolve));
    if (tooBig) {
      fs.rmSync(file, { force: true });
      return reply(413, { code: 'payload_too_large', message: `The remittance is over the ${mb(opts.maxBytes)} limit (INTAKE_MAX_BYTES).`, details: { limit: opts.maxBytes } });
    }
    if (bytes === 0) {
      fs.rmSync(file, { force: true });
      return reply(400, { code: 'empty_body', message: 'The request body is empty: send the 835 file as the body.', details: {} });
    }
    pending.add(reportId);
    void opts.intake
      .ingest(file, { via: 'http', dryRun: false, displayName: name, reportId })
      .then((r) => opts.log.info(`http intake ${reportId}: ${r.verdict}, ${r.totals.started} started, ${r.totals.signaled} signaled, ${r.totals.duplicates} duplicates`))
      .catch((err: unknown) => {
        failed.set(reportId, (err as Error).message);
        opts.log.error(`http intake ${reportId} failed: ${(err as Error).message}`);
      })
      .finally(() => pending.delete(reportId));
    reply(202, { reportId, status: 'processing', bytes, report: `/api/remittances/${reportId}` });
  }

  function get(req: http.IncomingMessage, reportId: string, reply: Reply): void {
    if (!authorized(req)) return reply(401, { code: 'unauthorized', message: 'Send an intake API key as "Authorization: Bearer <key>".', details: {} });
    if (pending.has(reportId)) return reply(202, { reportId, status: 'processing' });
    const error = failed.get(reportId);
    if (error) return reply(500, { code: 'ingest_failed', message: `Processing failed: ${error}. The file is kept; send it again once the cause is fixed.`, details: { reportId } });
    const report = opts.intake.report(reportId);
    if (!report) return reply(404, { code: 'not_found', message: `No remittance report ${reportId}.`, details: {} });
    reply(200, { status: 'done', ...report });
  }

  return { post, get, pendingCount: () => pending.size };
}
