/**
 * The generated pages of a packet: claim and denial summary, requested corrections, document index.
 */
import { text, type Block, type Run } from './blocks';
import { GROUP_MEANING, amountInDispute, carcMeaning, disputedLines, procedureText, rarcMeaning } from './letter-context';
import type { PacketAdjustment, PacketRemark, ParsedAppealPacketInput } from './packet-input';
import { dateRange, money, usDate } from './text';

const field = (label: string, value: string | undefined): { label: string; value: Run[] } | null => (value ? { label, value: text(value) } : null);
const present = <T>(v: T | null): v is T => v !== null;

export function summaryBlocks(input: ParsedAppealPacketInput): Block[] {
  const { claim, payer, patient } = input;
  const disputed = new Set(disputedLines(input).map((l) => l.line));
  const blocks: Block[] = [
    { kind: 'heading', level: 1, runs: text('Claim and denial summary') },
    {
      kind: 'paragraph',
      runs: text(`As processed by ${payer.name} on the remittance advice dated ${usDate(claim.noticeDate)}. Disputed lines are marked with an asterisk (*).`),
      size: 9.5,
    },
    {
      kind: 'fields',
      rows: [
        field('Payer', payer.payerId ? `${payer.name} (payer id ${payer.payerId})` : payer.name),
        field('Payer claim number', claim.payerClaimControlNumber),
        field('Patient account no.', claim.patientAccountNumber),
        field('Patient', patient.name),
        field('Member ID', patient.memberId),
        field('Date(s) of service', dateRange(claim.serviceDateFrom, claim.serviceDateTo)),
        field('Remittance date', usDate(claim.noticeDate)),
        field('Check / EFT number', claim.checkOrEftNumber),
        field('Billed', money(claim.billedCents)),
        field('Allowed', claim.allowedCents === undefined ? undefined : money(claim.allowedCents)),
        field('Paid', money(claim.paidCents)),
        field('Patient responsibility', claim.patientResponsibilityCents === undefined ? undefined : money(claim.patientResponsibilityCents)),
        field('Amount in dispute', money(amountInDispute(input))),
      ].filter(present),
    },
  ];

  if (input.serviceLines.length) {
    const lines = input.serviceLines;
    const sum = (f: (l: (typeof lines)[number]) => number | undefined) => lines.reduce((n, l) => n + (f(l) ?? 0), 0);
    const anyAllowed = lines.some((l) => l.allowedCents !== undefined);
    blocks.push({ kind: 'heading', level: 2, runs: text('Service lines') });
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Line', weight: 0.5, align: 'center' },
        { header: 'Date(s) of service', weight: 1.25 },
        { header: 'Procedure', weight: 1.2 },
        { header: 'Units', weight: 0.55, align: 'right' },
        { header: 'Billed', weight: 0.95, align: 'right' },
        { header: 'Allowed', weight: 0.95, align: 'right' },
        { header: 'Paid', weight: 0.95, align: 'right' },
        { header: 'Adjustments and remarks', weight: 1.9 },
      ],
      rows: lines.map((l) => [
        `${l.line}${disputed.has(l.line) ? '*' : ''}`,
        dateRange(l.serviceDateFrom, l.serviceDateTo).replace(' \u2013 ', ' \u2013\n'),
        `${procedureText(l)}${l.revenueCode ? `\nrev ${l.revenueCode}` : ''}`,
        String(l.units),
        money(l.billedCents),
        l.allowedCents === undefined ? '' : money(l.allowedCents),
        money(l.paidCents),
        [...l.adjustments.map((a) => `${a.group}-${a.code}  ${money(a.amountCents)}`), ...(l.remarks.length ? [l.remarks.map((r) => r.code).join(', ')] : [])].join('\n'),
      ]),
      footer: ['', 'Total', '', '', money(sum((l) => l.billedCents)), anyAllowed ? money(sum((l) => l.allowedCents)) : '', money(sum((l) => l.paidCents)), ''],
    });
  }

  if (claim.adjustments.length) {
    blocks.push({ kind: 'heading', level: 2, runs: text('Claim-level adjustments') });
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Group', weight: 0.7 },
        { header: 'Reason', weight: 0.7 },
        { header: 'Amount', weight: 1, align: 'right' },
        { header: 'Meaning', weight: 5 },
      ],
      rows: claim.adjustments.map((a) => [a.group, a.code, money(a.amountCents), carcMeaning(a)]),
    });
  }

  const adjustments = new Map<string, PacketAdjustment>();
  const remarks = new Map<string, PacketRemark>();
  for (const a of [...claim.adjustments, ...input.serviceLines.flatMap((l) => l.adjustments)]) if (!adjustments.has(`${a.group}-${a.code}`)) adjustments.set(`${a.group}-${a.code}`, a);
  for (const r of [...claim.remarks, ...input.serviceLines.flatMap((l) => l.remarks)]) if (!remarks.has(r.code)) remarks.set(r.code, r);
  if (adjustments.size || remarks.size) {
    blocks.push({ kind: 'heading', level: 2, runs: text('Reason and remark codes on this claim') });
    blocks.push({
      kind: 'table',
      columns: [
        { header: 'Code', weight: 1 },
        { header: 'Meaning', weight: 6 },
      ],
      rows: [
        ...[...adjustments.values()].map((a) => [`${a.group}-${a.code}`, `${carcMeaning(a)} (group ${a.group}: ${GROUP_MEANING[a.group]})`]),
        ...[...remarks.values()].map((r) => [r.code, rarcMeaning(r)]),
      ],
    });
  }
  return blocks;
}

export function correctionBlocks(input: ParsedAppealPacketInput): Block[] {
  const byLine = new Map(input.serviceLines.map((l) => [l.line, l]));
  return [
    { kind: 'heading', level: 1, runs: text('Requested corrections') },
    {
      kind: 'paragraph',
      runs: text(
        `Please apply these changes to claim ${input.claim.payerClaimControlNumber} when you reprocess it. Values not listed here are unchanged.` +
          (input.attachments.length ? ' The medical record pages that support each change are enclosed.' : ''),
      ),
    },
    {
      kind: 'table',
      columns: [
        { header: 'Line', weight: 0.9 },
        { header: 'Field', weight: 1.3 },
        { header: 'As billed', weight: 1.2 },
        { header: 'Corrected', weight: 1.2 },
        { header: 'Reason', weight: 2.8 },
      ],
      rows: input.corrections.map((c) => {
        const line = c.line === undefined ? undefined : byLine.get(c.line);
        return [line ? `${line.line}\n${procedureText(line)}` : 'Claim', c.field, c.from || '(none)', c.to, c.reason];
      }),
      size: 9,
    },
  ];
}

export interface IndexEntry {
  title: string;
  description?: string;
  firstPage: number;
  pages: number;
}

export function indexBlocks(input: ParsedAppealPacketInput, entries: readonly IndexEntry[], totalPages: number): Block[] {
  return [
    { kind: 'heading', level: 1, runs: text('Document index') },
    {
      kind: 'paragraph',
      runs: text(
        `This packet for claim ${input.claim.payerClaimControlNumber} has ${totalPages} pages. Every page carries the claim number and its page number in the footer.`,
      ),
    },
    {
      kind: 'table',
      columns: [
        { header: '#', weight: 0.4, align: 'center' },
        { header: 'Document', weight: 2.6 },
        { header: 'Description', weight: 3 },
        { header: 'Pages', weight: 0.9, align: 'right' },
        { header: 'Count', weight: 0.6, align: 'right' },
      ],
      rows: entries.map((e, i) => [
        String(i + 1),
        e.title,
        e.description ?? '',
        e.pages > 1 ? `${e.firstPage}\u2013${e.firstPage + e.pages - 1}` : String(e.firstPage),
        String(e.pages),
      ]),
      size: 9,
    },
  ];
}
