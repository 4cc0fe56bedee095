import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { PDFDocument, degrees } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFolderDocumentStore, sha256Hex, type DocumentRef, type DocumentStore } from '../../services/documents';
import { LetterTemplateId, createPacketAssembler, type AppealPacketInput, type PacketAssembler } from '../../services/packets';
import type { Logger } from '../../runtime/log';
import { SAMPLE_PHI, baseInput, inputFor, makePdf, storePdf } from './packet-fixtures';
import { pageTexts } from './pdf-text';
import { keyringWith, randomKey } from '../support/codec-keys';

let dir: string;
let documents: DocumentStore;
let packets: PacketAssembler;
const logged: unknown[] = [];
const log: Logger = {
  debug: (msg, meta) => logged.push({ msg, meta }),
  info: (msg, meta) => logged.push({ msg, meta }),
  warn: (msg, meta) => logged.push({ msg, meta }),
  error: (msg, meta) => logged.push({ msg, meta }),
};
let records: DocumentRef;
let xray: DocumentRef;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'packets-'));
  documents = createFolderDocumentStore({ dir, keyring: keyringWith(randomKey('packets')) });
  packets = createPacketAssembler({ documents, clock: () => new Date('2026-04-14T15:00:00Z'), log });
  records = await storePdf(documents, 3, 'visit-note.pdf', 'Office visit note');
  xray = await storePdf(documents, 2, 'xray.pdf', 'Radiology report');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const attachments = () => [
  { ref: records, title: 'Office visit and procedure note, 02/09/2026', description: 'History, examination, procedure note' },
  { ref: xray, title: 'Knee radiograph report, 01/12/2026' },
];

/** The text of the pages as one line: wrapped lines joined by spaces. */
const flat = (texts: string[]) => texts.join(' ').replace(/\s+/g, ' ');

async function failureOf(promise: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(ApplicationFailure);
    return err as ApplicationFailure;
  }
  throw new Error('expected the activity to fail');
}

describe('the packet assembler', () => {
  it.each(LetterTemplateId.options)('renders the %s letter with summary, index, attachments and page footers', async (template) => {
    const input = inputFor(template, attachments());
    const result = await packets.assemble(input);
    const bytes = await documents.get(result.ref);

    expect(result.sha256).toBe(sha256Hex(bytes));
    expect(result.ref.sha256).toBe(result.sha256);
    expect(result.ref.contentType).toBe('application/pdf');
    expect(result.ref.name).not.toContain(SAMPLE_PHI.patientName);

    const texts = await pageTexts(bytes);
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(result.pages);
    expect(texts).toHaveLength(result.pages);
    texts.forEach((t, i) => {
      expect(t).toContain(`Page ${i + 1} of ${result.pages}`);
      expect(t).toContain('Claim 2226030412345');
    });

    // Order: letter, summary, corrections (if any), index, attachments.
    expect(texts[0]!.startsWith('Riverside Orthopedic Associates, PC')).toBe(true);
    const summaryAt = texts.findIndex((t) => t.startsWith('Claim and denial summary'));
    const correctionsAt = texts.findIndex((t) => t.startsWith('Requested corrections'));
    const indexAt = texts.findIndex((t) => t.startsWith('Document index'));
    expect(summaryAt).toBeGreaterThan(0);
    expect(texts.slice(0, summaryAt).every((t) => !t.startsWith('Claim and denial summary'))).toBe(true);
    if (input.corrections?.length) expect(correctionsAt).toBe(summaryAt + 1);
    else expect(correctionsAt).toBe(-1);
    expect(indexAt).toBe(input.corrections?.length ? summaryAt + 2 : summaryAt + 1);
    expect(indexAt).toBe(result.pages - 6);
    expect(texts[indexAt]).toContain(`1\u2013${summaryAt}`);

    const all = texts.join('\n');
    const letter = texts.slice(0, 3).join('\n');
    expect(letter).toContain('Riverside Orthopedic Associates, PC');
    expect(letter).toContain(SAMPLE_PHI.memberId);
    expect(letter).toContain('2226030412345');
    expect(letter).toContain('Enclosures');
    expect(letter).toContain('Knee radiograph report, 01/12/2026 (2 pages)');
    expect(letter).toContain('Dana Whitfield, CPC, CRCR');
    expect(letter).toMatch(/Please .*(reprocess|reverse|overturn)/);
    expect(all).toContain('Claim and denial summary');
    expect(all).toContain('Document index');
    // The attachments come last, in order: 3 + 2 pages.
    expect(texts[result.pages - 5]).toContain('Office visit note, page 1 of 3');
    expect(texts[result.pages - 1]).toContain('Radiology report, page 2 of 2');
    if (input.corrections?.length) expect(all).toContain('Requested corrections');
  });

  it('names the payer’s appeal level and cites the Medicare rules in a redetermination', async () => {
    const result = await packets.assemble(inputFor('medical-necessity'));
    const letter = flat(await pageTexts(await documents.get(result.ref)));
    expect(letter).toContain('Request for Redetermination');
    expect(letter).toContain('Level 1: Redetermination (MAC)');
    expect(letter).toContain('42 CFR 405.940');
    expect(letter).toContain('CO-50 ($1,500.00)');
    expect(letter).toContain('Remark N115');
    expect(letter).toContain('1862(a)(1)(A)');
  });

  it('merges a 3-page attachment: its pages follow the generated ones, and the index gives their range', async () => {
    const withOne = await packets.assemble(baseInput([{ ref: records, title: 'Office visit note' }]));
    const texts = await pageTexts(await documents.get(withOne.ref));
    const n = withOne.pages;
    const indexAt = texts.findIndex((t) => t.startsWith('Document index'));
    // Letter, summary, index (no corrections), then exactly the attachment's 3 pages.
    expect(n).toBe(indexAt + 1 + 3);
    expect((await PDFDocument.load(await documents.get(withOne.ref))).getPageCount()).toBe(n);
    for (let p = 1; p <= 3; p++) expect(texts[n - 4 + p]).toContain(`Office visit note, page ${p} of 3`);
    expect(texts[indexAt]).toContain(`${n - 2}\u2013${n}`);
    expect(flat(texts.slice(0, indexAt))).toContain('Office visit note (3 pages)');
  });

  it('stamps footers on rotated and odd-sized attachment pages', async () => {
    const src = await PDFDocument.load(await makePdf(2, 'Landscape scan', [792, 612]));
    src.getPage(0).setRotation(degrees(90));
    src.getPage(1).setRotation(degrees(270));
    const ref = await documents.put(await src.save(), { name: 'scan.pdf', contentType: 'application/pdf' });
    const small = await documents.put(await makePdf(1, 'Receipt', [300, 400]), { name: 'receipt.pdf', contentType: 'application/pdf' });
    const result = await packets.assemble(baseInput([{ ref, title: 'Scan' }, { ref: small, title: 'Receipt' }]));
    const texts = await pageTexts(await documents.get(result.ref));
    for (const i of [result.pages - 3, result.pages - 2, result.pages - 1]) expect(texts[i]).toContain(`Page ${i + 1} of ${result.pages}`);
  });

  it('fails with InvalidAttachment naming the document when an attachment is not a PDF', async () => {
    const ref = await documents.put(new TextEncoder().encode('Just some notes, not a PDF'), { name: 'DOE_JANE_notes.txt', contentType: 'text/plain' });
    const failure = await failureOf(packets.assemble(baseInput([{ ref: records, title: 'Office visit note' }, { ref, title: 'DOE_JANE_notes.txt' }])));
    expect(failure.type).toBe('InvalidAttachment');
    expect(failure.nonRetryable).toBe(true);
    // By number and document id: a file name or title may carry the patient's name.
    expect(failure.message).toContain(`Attachment 2 (document ${ref.id})`);
    expect(failure.message).not.toMatch(/DOE|JANE/);
    expect(failure.message).toContain(ref.id);
    expect(failure.message).toMatch(/not a PDF/);
  });

  it('fails with InvalidAttachment for a corrupt PDF, a missing document and tampered bytes', async () => {
    const good = await makePdf(2, 'x');
    const truncated = await documents.put(good.slice(0, Math.floor(good.length / 2)), { name: 'cut.pdf', contentType: 'application/pdf' });
    const failure = await failureOf(packets.assemble(baseInput([{ ref: truncated, title: 'Operative report' }])));
    expect(failure.type).toBe('InvalidAttachment');
    expect(failure.message).toContain(`Attachment 1 (document ${truncated.id})`);

    const junk = await documents.put(new TextEncoder().encode('%PDF-1.7\n%%EOF\n'), { name: 'empty.pdf', contentType: 'application/pdf' });
    expect((await failureOf(packets.assemble(baseInput([{ ref: junk, title: 'Empty' }])))).type).toBe('InvalidAttachment');

    const data = new TextEncoder().encode('%PDF-1.4 never stored');
    const missing = { id: sha256Hex(data), sha256: sha256Hex(data), size: data.length, contentType: 'application/pdf', name: 'gone.pdf' };
    const gone = await failureOf(packets.assemble(baseInput([{ ref: missing, title: 'Lab results' }])));
    expect(gone.type).toBe('InvalidAttachment');
    expect(gone.message).toMatch(/Attachment 1 \(document [0-9a-f]+\) is not in the document store/);

    const victim = await documents.put(await makePdf(1, 'victim'), { name: 'v.pdf', contentType: 'application/pdf' });
    fs.writeFileSync(path.join(dir, victim.sha256.slice(0, 2), victim.sha256), await makePdf(1, 'other'));
    const tampered = await failureOf(packets.assemble(baseInput([{ ref: victim, title: 'EOB' }])));
    expect(tampered.type).toBe('InvalidAttachment');
    expect(tampered.message).toMatch(/sha256/);
  });

  it('rejects invalid input with InvalidPacketInput, naming fields but not PHI values', async () => {
    const bad = baseInput();
    const input: AppealPacketInput = { ...bad, provider: { ...bad.provider, npi: '1234567890' }, patient: { ...bad.patient, dateOfBirth: `${SAMPLE_PHI.patientName}` } };
    const failure = await failureOf(packets.assemble(input));
    expect(failure.type).toBe('InvalidPacketInput');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain('provider.npi');
    expect(failure.message).toContain('patient.dateOfBirth');
    expect(failure.message).not.toContain(SAMPLE_PHI.patientName);

    const tf = inputFor('timely-filing');
    const noDate = await failureOf(packets.assemble({ ...tf, facts: {} }));
    expect(noDate.type).toBe('InvalidPacketInput');
    expect(noDate.message).toContain('facts.originalSubmissionDate');

    const unknownField = await failureOf(packets.assemble({ ...baseInput(), ssn: '123-45-6789' } as AppealPacketInput));
    expect(unknownField.type).toBe('InvalidPacketInput');
    expect(unknownField.message).not.toContain('123-45-6789');

    const badLine = await failureOf(packets.assemble({ ...baseInput(), disputedLines: [9] }));
    expect(badLine.message).toContain('disputedLines.0');
  });

  it('renders odd text (emoji, CJK, control and combining characters) without crashing', async () => {
    const base = baseInput();
    const input: AppealPacketInput = {
      ...base,
      patient: { ...base.patient, name: 'Zoë\u0301 Łukasz 王小明 🙂' },
      argument: {
        ...base.argument,
        summary: `Tabs\there, bells\u0007, zero\u200bwidth, arrows \u2192, ${'verylongtoken'.repeat(20)} and Ω ≥ 3.\n\nSecond paragraph.`,
        points: ['✓ documented', '“quoted” — dashes – fine'],
      },
    };
    const result = await packets.assemble(input);
    const text = flat(await pageTexts(await documents.get(result.ref)));
    expect(text).toContain('Zoë Lukasz ??? ?');
    expect(text).toContain('arrows ->');
    expect(text).toContain('? >= 3');
  });

  it('breaks long claims over pages and repeats the table header', async () => {
    const base = baseInput();
    const line = base.serviceLines![1]!;
    const many = Array.from({ length: 70 }, (_, i) => ({ ...line, line: i + 1 }));
    const result = await packets.assemble({ ...base, serviceLines: many });
    const texts = await pageTexts(await documents.get(result.ref));
    const summaryPages = texts.filter((t) => t.includes('Adjustments and'));
    expect(summaryPages.length).toBeGreaterThan(1);
    texts.forEach((t, i) => expect(t).toContain(`Page ${i + 1} of ${result.pages}`));
  });

  it('is deterministic for the same input, so a retry stores the same document', async () => {
    const a = await packets.assemble(inputFor('coding', attachments()));
    const b = await packets.assemble(inputFor('coding', attachments()));
    expect(b.sha256).toBe(a.sha256);
    expect(b.ref).toEqual(a.ref);
    // A retry runs later, often on another worker (the first attempt's worker died after storing its
    // packet): the same letter makes the same bytes, so the store keeps one document, not an orphan.
    const later = createPacketAssembler({ documents, clock: () => new Date('2026-04-14T15:07:31Z'), log });
    expect((await later.assemble(inputFor('coding', attachments()))).ref).toEqual(a.ref);
  });

  it('never logs patient data', async () => {
    logged.length = 0;
    await packets.assemble(inputFor('medical-necessity', attachments()));
    const json = JSON.stringify(logged);
    expect(logged.length).toBeGreaterThan(0);
    for (const value of Object.values(SAMPLE_PHI)) expect(json).not.toContain(value);
    expect(json).not.toContain('RA-2026-004417');
  });
});
