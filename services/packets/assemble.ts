/**
 * Builds an appeal packet PDF: cover letter (template per category), claim and denial summary, requested
 * corrections, document index, the attached PDFs, and a footer with the claim reference and "Page n of N"
 * on every page.
 */
import { ApplicationFailure } from '@temporalio/common';
import { EncryptedPDFError, PDFDocument, ParseSpeeds, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { DocumentIntegrityError, DocumentNotFoundError, type DocumentStore } from '../documents/document-store';
import { ATTACHMENT_LIMITS, attachmentLimitProblem, pageLimitReason, type AttachmentLimits } from './attachment-limits';
import { SealedDataError } from '../../runtime/at-rest/sealed-format';
import type { Block } from './blocks';
import { PageCanvas } from './canvas';
import { Flow, LETTER_PAGE, Metrics, type Fonts } from './layout';
import { letterContext, type EnclosureLine } from './letter-context';
import { letterTemplateFor, type PacketAttachment, type ParsedAppealPacketInput } from './packet-input';
import { correctionBlocks, indexBlocks, summaryBlocks, type IndexEntry } from './sections';
import { renderTemplate, type PartialLoader } from './template';
import { plural } from './text';

export interface LoadedAttachment {
  attachment: PacketAttachment;
  pdf: PDFDocument;
  pages: number;
}

/**
 * The message names the attachment by number and document id only: its title defaults to the upload's
 * file name, and a file name or a description may carry a patient's name. Both go only into the details,
 * which the payload codec encrypts (failure messages too, through the encoded failure converter).
 */
function invalidAttachment(index: number, a: PacketAttachment, reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(
    `Attachment ${index + 1} (document ${a.ref.id}) ${reason}`,
    'InvalidAttachment',
    { attachment: index + 1, documentId: a.ref.id, title: a.title, name: a.ref.name, reason },
  );
}

/** Names the attachment by number and document id only: this message is shown and kept in history in clear. */
function overLimit(index: number, a: PacketAttachment, reason: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`Attachment ${index + 1} (document ${a.ref.id}) ${reason}`, 'InvalidAttachment', { attachment: index + 1, documentId: a.ref.id, reason });
}

/**
 * Reads each attachment through the store, checks its size limits before pdf-lib parses it (see
 * attachment-limits.ts), and that it is a PDF pdf-lib can copy pages from.
 */
export async function loadAttachments(documents: DocumentStore, attachments: readonly PacketAttachment[], limits: AttachmentLimits = ATTACHMENT_LIMITS): Promise<LoadedAttachment[]> {
  const loaded: LoadedAttachment[] = [];
  for (const [i, a] of attachments.entries()) {
    let bytes: Uint8Array;
    try {
      bytes = await documents.get(a.ref);
    } catch (err) {
      if (err instanceof DocumentNotFoundError) throw invalidAttachment(i, a, 'is not in the document store');
      if (err instanceof DocumentIntegrityError) throw invalidAttachment(i, a, `does not match its sha256: ${err.message}`);
      // A key missing from CODEC_KEYS, or a damaged file: a retry cannot fix either.
      if (err instanceof SealedDataError) throw invalidAttachment(i, a, `cannot be decrypted: ${err.message}`);
      throw err;
    }
    const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
    if (!head.includes('%PDF-')) {
      throw invalidAttachment(i, a, `is not a PDF (declared as ${a.ref.contentType}; only PDF documents can be merged into a packet)`);
    }
    const problem = await attachmentLimitProblem(bytes, limits);
    if (problem) throw overLimit(i, a, problem);
    let pdf: PDFDocument;
    try {
      // parseSpeed/objectsPerTick: pdf-lib otherwise pauses on a 1 ms timer every 100 objects it parses (50 it writes).
      pdf = await PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
    } catch (err) {
      if (err instanceof EncryptedPDFError) throw invalidAttachment(i, a, 'is an encrypted (password-protected) PDF; attach an unprotected copy');
      throw invalidAttachment(i, a, `is a damaged PDF that cannot be read (${(err as Error).message.slice(0, 160)})`);
    }
    let pages = 0;
    try {
      pages = pdf.getPageCount();
    } catch (err) {
      throw invalidAttachment(i, a, `is a damaged PDF: its page tree cannot be read (${(err as Error).message.slice(0, 160)})`);
    }
    if (pages === 0) throw invalidAttachment(i, a, 'is a PDF without pages');
    if (pages > limits.maxPages) throw overLimit(i, a, pageLimitReason(limits));
    loaded.push({ attachment: a, pdf, pages });
  }
  return loaded;
}

async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  const [regular, bold, italic] = await Promise.all([
    doc.embedFont(StandardFonts.Helvetica),
    doc.embedFont(StandardFonts.HelveticaBold),
    doc.embedFont(StandardFonts.HelveticaOblique),
  ]);
  return { regular, bold, italic };
}

/** Pages a list of blocks takes, without drawing them. */
function countPages(doc: PDFDocument, metrics: Metrics, blocks: readonly Block[]): number {
  const flow = new Flow(doc, metrics, LETTER_PAGE, true);
  flow.render(blocks);
  return flow.pages;
}

/** Draws blocks on new pages; their drawing is kept in `canvases` for the footer pass. */
function render(doc: PDFDocument, metrics: Metrics, blocks: readonly Block[], canvases: Map<PDFPage, PageCanvas>): number {
  const flow = new Flow(doc, metrics, LETTER_PAGE);
  flow.render(blocks);
  for (const { page, canvas } of flow.drawn) canvases.set(page, canvas);
  return flow.pages;
}

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const FOOTER_INK = rgb(0.3, 0.3, 0.35);
const WHITE = rgb(1, 1, 1);

function rot(dx: number, dy: number, rotation: number): { dx: number; dy: number } {
  const r = (rotation * Math.PI) / 180;
  return { dx: dx * Math.cos(r) - dy * Math.sin(r), dy: dx * Math.sin(r) + dy * Math.cos(r) };
}

/**
 * Draws text at a position given in the page's *visible* orientation (what a reader sees after /Rotate
 * and the crop box), so the footer of a scanned landscape page still sits at its visual bottom.
 */
function drawVisual(canvas: PageCanvas, crop: Box, rotation: number, s: string, textWidth: number, vx: number, vy: number, font: PDFFont, size: number, background: boolean): void {
  const W = crop.width;
  const H = crop.height;
  let x: number;
  let y: number;
  switch (rotation) {
    case 90:
      [x, y] = [W - vy, vx];
      break;
    case 180:
      [x, y] = [W - vx, H - vy];
      break;
    case 270:
      [x, y] = [vy, H - vx];
      break;
    default:
      [x, y] = [vx, vy];
  }
  x += crop.x;
  y += crop.y;
  if (background) {
    // A white patch behind the text run (rotated like it), so the footer stays legible on a scan.
    const pad = 2;
    const corner = rot(-pad, -pad - size * 0.22, rotation);
    canvas.rect(x + corner.dx, y + corner.dy, textWidth + 2 * pad, size + 2 * pad, WHITE, rotation);
  }
  canvas.text(s, x, y, font, size, FOOTER_INK, rotation);
}

export interface FooterOptions {
  reference: string;
  metrics: Metrics;
  /** Drawings of the generated pages, not yet written: the footer joins them (one content stream per page). */
  canvases?: ReadonlyMap<PDFPage, PageCanvas>;
  /** Pages that came from attachments get a white patch behind the footer so it stays legible on scans. */
  attachmentPagesFrom: number;
}

/** "Claim … · Patient account …" on the left, "Page n of N" on the right, on every page. */
export function stampFooters(doc: PDFDocument, opts: FooterOptions): void {
  const pages = doc.getPages();
  const total = pages.length;
  const { regular, bold, italic } = opts.metrics.fonts;
  const width = (text: string, font: PDFFont, size: number) => opts.metrics.width(text, font, size);
  const reference = opts.metrics.sanitize(opts.reference).replace(/\n/g, ' ');
  pages.forEach((page, i) => {
    const canvas = opts.canvases?.get(page) ?? new PageCanvas(doc, page, [regular, bold, italic]);
    const crop = page.getCropBox();
    const rotation = (((page.getRotation().angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
    const vw = rotation === 90 || rotation === 270 ? crop.height : crop.width;
    const attached = i >= opts.attachmentPagesFrom;
    const margin = attached ? Math.min(36, vw * 0.06) : LETTER_PAGE.left;
    const pageLabel = `Page ${i + 1} of ${total}`;
    // 8 pt, smaller on a narrow page so that both parts fit.
    const room = vw - 2 * margin;
    const size = Math.max(5, Math.min(8, (8 * room) / (width(`${reference}    `, regular, 8) + width(pageLabel, bold, 8))));
    const y = attached ? 14 : 30;
    const right = vw - margin - width(pageLabel, bold, size);
    if (!attached) canvas.line(margin, y + 12, vw - margin, y + 12, 0.5, rgb(0.75, 0.75, 0.78));
    drawVisual(canvas, crop, rotation, reference, width(reference, regular, size), margin, y, regular, size, attached);
    drawVisual(canvas, crop, rotation, pageLabel, width(pageLabel, bold, size), right, y, bold, size, attached);
    canvas.flush();
  });
}

export interface AssembleOptions {
  documents: DocumentStore;
  /** Source of a letter template or partial by name (`medical-necessity`, `_header`). */
  template: PartialLoader;
  letterDate: string;
  /** The PDF's creation and modification date. */
  createdAt: Date;
}

export interface AssembledPacket {
  bytes: Uint8Array;
  pages: number;
  template: string;
}

export async function assemblePacketPdf(input: ParsedAppealPacketInput, opts: AssembleOptions): Promise<AssembledPacket> {
  // Attachments first: a bad one fails the activity before any work is done.
  const attachments = await loadAttachments(opts.documents, input.attachments);

  const doc = await PDFDocument.create({ updateMetadata: false });
  const fonts = await embedFonts(doc);
  const metrics = new Metrics(fonts);

  // The summary and corrections are drawn first: the letter's enclosure list gives their page counts.
  // The letter's pages, drawn next, are then moved to the front.
  const canvases = new Map<PDFPage, PageCanvas>();
  const summaryPages = render(doc, metrics, summaryBlocks(input), canvases);
  const corrections = input.corrections.length ? correctionBlocks(input) : null;
  const correctionPages = corrections ? render(doc, metrics, corrections, canvases) : 0;

  const enclosures: EnclosureLine[] = [
    { title: 'Claim and denial summary', pages: summaryPages },
    ...(corrections ? [{ title: 'Requested corrections', pages: correctionPages }] : []),
    ...attachments.map((a) => ({ title: a.attachment.title, pages: a.pages })),
  ];
  const templateId = input.template ?? letterTemplateFor(input.category);
  const letter = renderTemplate(opts.template(templateId), letterContext(input, opts.letterDate, enclosures), opts.template, templateId);
  const letterPages = render(doc, metrics, letter, canvases);
  const before = summaryPages + correctionPages;
  for (let i = 0; i < letterPages; i++) {
    const page = doc.getPage(before + i);
    doc.removePage(before + i);
    doc.insertPage(i, page);
  }

  // The index lists page numbers, so its own length is measured first (numbers do not change its layout).
  const entriesFrom = (indexStart: number, indexPages: number): IndexEntry[] => {
    const entries: IndexEntry[] = [];
    let page = 1;
    const add = (title: string, pages: number, description?: string) => {
      entries.push({ title, pages, firstPage: page, ...(description ? { description } : {}) });
      page += pages;
    };
    add('Cover letter', letterPages, `${input.appeal.name}, signed by ${input.signer.name}`);
    add('Claim and denial summary', summaryPages, 'Service lines, adjustments and remark codes as processed');
    if (corrections) add('Requested corrections', correctionPages, `${plural(input.corrections.length, 'correction')} to apply when reprocessing`);
    if (page !== indexStart) throw new Error(`index starts on page ${indexStart}, expected ${page}`);
    add('Document index', indexPages);
    for (const a of attachments) add(a.attachment.title, a.pages, a.attachment.description);
    return entries;
  };
  const indexStart = doc.getPageCount() + 1;
  const attachmentPages = attachments.reduce((n, a) => n + a.pages, 0);
  const draftIndexPages = countPages(doc, metrics, indexBlocks(input, entriesFrom(indexStart, 1), indexStart + attachmentPages));
  const total = indexStart - 1 + draftIndexPages + attachmentPages;
  const indexPages = render(doc, metrics, indexBlocks(input, entriesFrom(indexStart, draftIndexPages), total), canvases);
  if (indexPages !== draftIndexPages) throw new Error(`document index took ${indexPages} pages after measuring ${draftIndexPages}`);

  const firstAttachmentPage = doc.getPageCount();
  for (const [i, a] of attachments.entries()) {
    let copied: PDFPage[];
    try {
      copied = await doc.copyPages(a.pdf, a.pdf.getPageIndices());
    } catch (err) {
      throw invalidAttachment(i, a.attachment, `is a damaged PDF whose pages cannot be copied (${(err as Error).message.slice(0, 160)})`);
    }
    for (const page of copied) doc.addPage(page);
  }

  const { claim } = input;
  stampFooters(doc, {
    reference: `Claim ${claim.payerClaimControlNumber}  \u00b7  Patient account ${claim.patientAccountNumber}`,
    metrics,
    canvases,
    attachmentPagesFrom: firstAttachmentPage,
  });

  // Metadata names the claim, never the patient.
  doc.setTitle(`${input.appeal.name}: claim ${claim.payerClaimControlNumber}`.replace(/[^\x20-\x7e]/g, '?'));
  doc.setSubject(`Appeal packet (${templateId})`);
  doc.setAuthor(input.provider.name);
  doc.setCreator('denial-orchestrator');
  doc.setProducer('pdf-lib');
  doc.setCreationDate(opts.createdAt);
  doc.setModificationDate(opts.createdAt);

  const bytes = await doc.save({ useObjectStreams: false, objectsPerTick: Infinity, updateFieldAppearances: false });
  return { bytes, pages: doc.getPageCount(), template: templateId };
}
