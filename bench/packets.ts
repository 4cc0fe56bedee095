/**
 * Appeal packet throughput, relative to pdf-lib itself.
 *
 * Runs the packet assembler (assembleAppealPacket's) on a 10-page packet (cover letter, claim summary, corrections,
 * document index and two merged attachments: input validated, attachments read through the DocumentStore
 * and parsed, PDF built, saved and stored) for a few seconds, and in the same rounds builds a minimal pdf-lib
 * document of 10 pages with one line of text each. Each round runs every series for a short slice, back to
 * back, in alternating order, so all see the same machine load; a score is the median over the rounds of
 * packets per second / minimal documents per second (target >= 0.5). The machine is shared and noisy: the
 * per-round ratio cancels slow load changes and the median discards the rounds a burst hit.
 *
 * Two packet series:
 * - the headline uses an in-memory DocumentStore, like the minimal document that is never written: it
 *   measures building packets;
 * - the second uses the folder DocumentStore exactly as the worker does (sha256, fsync, atomic rename), to
 *   show what durable storage on this disk adds.
 *
 *   npx tsx bench/packets.ts
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { createFolderDocumentStore, sha256Hex, type DocumentRef, type DocumentStore } from '../services/documents';
import { createPacketAssembler, type AppealPacketInput } from '../services/packets';
import { makeKeyring } from '../runtime/codec';
import { inputFor, storePdf } from '../test/services/packet-fixtures';

const ROUNDS = 11;
const ROUND_MS = 150;
const TARGET_PAGES = 10;

async function minimalDocument(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= TARGET_PAGES; i++) doc.addPage().drawText(`Page ${i} of ${TARGET_PAGES}`, { x: 72, y: 720, size: 12, font });
  return doc.save();
}

/** Documents in a Map: the activity without disk I/O. */
function memoryStore(): DocumentStore {
  const docs = new Map<string, Uint8Array>();
  return {
    async put(bytes, meta) {
      const sha256 = sha256Hex(bytes);
      docs.set(sha256, bytes);
      return { id: sha256, sha256, size: bytes.byteLength, contentType: meta.contentType, name: meta.name };
    },
    async get(ref: DocumentRef) {
      const bytes = docs.get(ref.id);
      if (!bytes) throw new Error(`no document ${ref.id}`);
      return bytes;
    },
    async exists(ref: DocumentRef) {
      return docs.has(ref.id);
    },
  };
}

/** Runs `fn` repeatedly for about `ms` milliseconds; returns runs per second. */
async function rate(fn: () => Promise<unknown>, ms: number): Promise<number> {
  const start = process.hrtime.bigint();
  const end = start + BigInt(ms) * 1_000_000n;
  let n = 0;
  let now = start;
  while (now < end || n < 2) {
    await fn();
    n += 1;
    now = process.hrtime.bigint();
  }
  return n / (Number(now - start) / 1e9);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

/** A coding appeal with corrections and two attachments sized so that the packet has exactly 10 pages. */
async function tenPageInput(documents: DocumentStore, assemble: (i: AppealPacketInput) => Promise<{ pages: number }>): Promise<AppealPacketInput> {
  const generated = (await assemble(inputFor('coding'))).pages;
  for (let extra = TARGET_PAGES - generated; extra >= 2; extra--) {
    const first = Math.ceil(extra / 2);
    const input = inputFor('coding', [
      { ref: await storePdf(documents, first, 'notes.pdf', 'Progress notes'), title: 'Progress notes, 02/09/2026', description: 'Shoulder and knee evaluation' },
      { ref: await storePdf(documents, extra - first, 'eob.pdf', 'Remittance advice'), title: 'Remittance advice, 03/02/2026' },
    ]);
    if ((await assemble(input)).pages === TARGET_PAGES) return input;
  }
  throw new Error(`cannot size a ${TARGET_PAGES}-page packet (generated pages alone: ${generated})`);
}

async function packetBuilder(documents: DocumentStore): Promise<{ build: () => Promise<void>; input: AppealPacketInput; sample: () => Promise<DocumentRef> }> {
  // Each packet gets a new creation time, so each one is new content that is really stored.
  let tick = Date.parse('2026-04-14T15:00:00Z');
  const packets = createPacketAssembler({ documents, clock: () => new Date((tick += 1000)) });
  const input = await tenPageInput(documents, (i) => packets.assemble(i));
  return {
    input,
    build: async () => {
      const r = await packets.assemble(input);
      if (r.pages !== TARGET_PAGES) throw new Error(`packet has ${r.pages} pages`);
    },
    sample: async () => (await packets.assemble(input)).ref,
  };
}

export async function runPacketsBench(): Promise<{ lines: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-packets-'));
  try {
    // As deployed: each document sealed with the codec key ring.
    const onDisk = await packetBuilder(createFolderDocumentStore({ dir, keyring: makeKeyring([{ id: 'bench', key: crypto.randomBytes(32) }]) }));
    const inMemory = await packetBuilder(memoryStore());

    // Warm up every path (JIT, template cache, font metrics).
    for (const fn of [onDisk.build, inMemory.build, minimalDocument]) await rate(fn, 250);

    const series = { disk: [] as number[], memory: [] as number[], minimal: [] as number[] };
    const ratios = { disk: [] as number[], memory: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      const order: (keyof typeof series)[] = round % 2 === 0 ? ['disk', 'minimal', 'memory'] : ['memory', 'minimal', 'disk'];
      const r: Record<string, number> = {};
      for (const k of order) r[k] = await rate(k === 'disk' ? onDisk.build : k === 'memory' ? inMemory.build : minimalDocument, ROUND_MS);
      for (const k of order) series[k].push(r[k] as number);
      ratios.disk.push((r.disk as number) / (r.minimal as number));
      ratios.memory.push((r.memory as number) / (r.minimal as number));
    }
    const ref = await onDisk.sample();
    const fmt = (xs: number[], digits = 1) => xs.map((x) => x.toFixed(digits)).join(', ');
    const lines = [
      `packets: ${median(ratios.memory).toFixed(2)} (target \u2265 0.5)`,
      `packets with the folder DocumentStore (sha256 + fsync + rename on this disk): ${median(ratios.disk).toFixed(2)}`,
      `packets per second, in-memory store (median of ${ROUNDS} rounds of ${ROUND_MS} ms): ${median(series.memory).toFixed(1)} [${fmt(series.memory)}]`,
      `packets per second, folder store: ${median(series.disk).toFixed(1)} [${fmt(series.disk)}]`,
      `minimal 10-page pdf-lib documents per second: ${median(series.minimal).toFixed(1)} [${fmt(series.minimal)}]`,
      `per-round ratios, in-memory: [${fmt(ratios.memory, 2)}]; folder: [${fmt(ratios.disk, 2)}]`,
      `packet: ${TARGET_PAGES} pages (letter, summary, corrections, index, ${onDisk.input.attachments?.length ?? 0} attachments), ${(ref.size / 1024).toFixed(1)} KiB`,
    ];
    return { lines };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runPacketsBench()
    .then(({ lines }) => {
      for (const line of lines) console.log(line);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
