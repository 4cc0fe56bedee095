/**
 * The evidence of a payer issue (domain/kpis/payer-issue.ts): the week's denials with the code from the
 * ledger, and a PDF a supervisor can send with a payer escalation: the change test, the dollars, and the
 * example denials by reference (no patient data; the payer looks claims up by its own numbers, which the
 * practice reads off each denial's page).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { PDFDocument, StandardFonts, type PDFPage } from 'pdf-lib';
import { EXAMPLES_SHOWN, evidenceOf, payerIssueId, shareOf, type PayerIssueEvidence, type PayerShiftAlert } from '../../domain/kpis/payer-issue';
import { cellName } from '../../domain/kpis/payer-shift';
import { denialReference } from '../../domain/lifecycle/denial-subject';
import { findCarcRule } from '../../domain/policy/carc-rules';
import { addDays } from '../../domain/policy/dates';
import type { LedgerStore } from '../../runtime/store/ledger-store';
import { makePrivateDirAsync, OWNER_ONLY_FILE } from '../../runtime/at-rest/private-files';
import { bold, text, type Block } from '../packets/blocks';
import { stampFooters } from '../packets/assemble';
import type { PageCanvas } from '../packets/canvas';
import { Flow, LETTER_PAGE, Metrics } from '../packets/layout';
import { count, money, usDate } from './format';

export interface ProducedEvidence {
  evidence: PayerIssueEvidence;
  file: string;
  sha256: string;
  pages: number;
}

/** The week's denials of the payer with the code (and the procedure, for a procedure's alert), from the ledger's first entry of each. */
export async function gatherPayerIssueEvidence(ledger: Pick<LedgerStore, 'denialsReceived'>, alert: PayerShiftAlert): Promise<PayerIssueEvidence> {
  const received = await ledger.denialsReceived({ payerId: alert.payerId, from: alert.week, to: addDays(alert.week, 6) });
  const withCode = received.filter((e) => e.facts.codes.includes(alert.code) && (!alert.procedure || e.subject?.procedures.includes(alert.procedure)));
  return evidenceOf(
    alert,
    withCode.map((e) => ({ reference: denialReference(e.workflowId), workflowId: e.workflowId, remitDate: e.facts.remitDate ?? e.at.slice(0, 10), atRiskCents: e.amounts.atRiskCents })),
  );
}

export function payerIssueBlocks(e: PayerIssueEvidence, organizationName?: string): Block[] {
  const a = e.alert;
  const carc = findCarcRule(a.code.split('-')[1] ?? '');
  return [
    { kind: 'heading', level: 1, runs: text(`Denial pattern: payer ${a.payerId}, ${a.code}${a.procedure ? `, procedure ${a.procedure}` : ''}`) },
    { kind: 'paragraph', runs: text(`${organizationName ? `${organizationName}. ` : ''}Week of ${usDate(a.week)}. Prepared for an escalation to the payer's provider relations.`) },
    {
      kind: 'fields',
      rows: [
        { label: 'Adjustment code', value: [bold(a.code), ...text(carc ? `  ${carc.meaning}` : '')] },
        ...(a.procedure ? [{ label: 'Procedure', value: [bold(a.procedure), ...text('  claims with a service line of this code only')] }] : []),
        { label: 'This week', value: text(`${count(a.denials)} of ${count(a.claims)} claims${a.procedure ? ` with ${a.procedure}` : ''} denied with ${a.code} (${shareOf(a.denials, a.claims)})`) },
        { label: 'Before', value: text(`${count(a.baselineDenials)} of ${count(a.baselineClaims)} claims${a.procedure ? ` with ${a.procedure}` : ''} over the preceding weeks (${shareOf(a.baselineDenials, a.baselineClaims)})`) },
        { label: 'Test', value: text(`Conditional binomial test, p = ${a.pValue.toExponential(2)}, significant after false discovery control`) },
        { label: 'Amount at risk', value: text(`${money(e.atRiskCents)} on ${count(e.denials)} denials in the ledger`) },
      ],
    },
    { kind: 'paragraph', runs: text(a.evidence) },
    { kind: 'heading', level: 2, runs: text(`Example denials (${Math.min(e.examples.length, EXAMPLES_SHOWN)} largest)`) },
    e.examples.length
      ? {
          kind: 'table',
          size: 9,
          columns: [
            { header: 'Denial reference', weight: 200 },
            { header: 'Remittance date', weight: 140 },
            { header: 'At risk', weight: 128, align: 'right' },
          ],
          rows: e.examples.map((x) => [x.reference, usDate(x.remitDate), money(x.atRiskCents)]),
        }
      : { kind: 'paragraph', runs: text('No denial with this code is in the ledger for the week (the counts come from the remittance totals).') },
    { kind: 'paragraph', size: 8, runs: text('Denials are named by the practice\u2019s reference; each denial\u2019s page gives the payer\u2019s claim number. This document holds no patient data.') },
  ];
}

export async function renderPayerIssuePdf(e: PayerIssueEvidence, organizationName?: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const [regular, bold, italic] = await Promise.all([doc.embedFont(StandardFonts.Helvetica), doc.embedFont(StandardFonts.HelveticaBold), doc.embedFont(StandardFonts.HelveticaOblique)]);
  const metrics = new Metrics({ regular, bold, italic });
  const flow = new Flow(doc, metrics, LETTER_PAGE);
  flow.render(payerIssueBlocks(e, organizationName));
  const canvases = new Map<PDFPage, PageCanvas>(flow.drawn.map(({ page, canvas }) => [page, canvas]));
  stampFooters(doc, { reference: `Payer issue ${payerIssueId(e.alert)}  \u00b7  No patient data`, metrics, canvases, attachmentPagesFrom: doc.getPageCount() });
  doc.setTitle(metrics.sanitize(`Denial pattern: ${cellName(e.alert)}, week of ${e.alert.week}`));
  doc.setCreator('denial-orchestrator');
  doc.setProducer('pdf-lib');
  return doc.save({ useObjectStreams: false });
}

/** Gathers the evidence and writes its PDF under the reports folder (owner-only), replacing an earlier one. */
export async function producePayerIssueEvidence(deps: { ledger: Pick<LedgerStore, 'denialsReceived'>; reportsDir: string; organizationName?: string }, alert: PayerShiftAlert): Promise<ProducedEvidence> {
  const evidence = await gatherPayerIssueEvidence(deps.ledger, alert);
  const pdf = await renderPayerIssuePdf(evidence, deps.organizationName);
  const file = path.join(deps.reportsDir, `${payerIssueId(alert)}.pdf`);
  await makePrivateDirAsync(deps.reportsDir);
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, pdf, { mode: OWNER_ONLY_FILE });
  await fs.rename(tmp, file);
  return { evidence, file, sha256: createHash('sha256').update(pdf).digest('hex'), pages: (await PDFDocument.load(pdf)).getPageCount() };
}
