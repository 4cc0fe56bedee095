// Shared helpers for the 837 tests: the real sample files, chunked reading, event filters.
import fs from 'node:fs';
import path from 'node:path';
import { type ClaimChunk, type ClaimEndEvent, type ClaimReadEvent, read837, read837Text, type SubmittedClaim } from '../../../domain/claims';
import { type Finding } from '../../../domain/remittance';

export const fixturesDir = path.resolve(__dirname, '../../fixtures/837');

/** The real samples (see test/fixtures/837/SOURCES.md). */
export const PROFESSIONAL_SAMPLES = ['demo.example1.837', 'demo.example7.837', 'demo.example12.837'] as const;
export const INSTITUTIONAL_SAMPLES = ['two-claims-single-provider.837i', 'ppo-repriced-claim.837i'] as const;
export const SAMPLES = [...PROFESSIONAL_SAMPLES, ...INSTITUTIONAL_SAMPLES] as const;

export function sampleText(name: string): string {
  return fs.readFileSync(path.join(fixturesDir, name), 'utf8');
}

export function* chunksOf(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export async function* asyncChunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (const chunk of chunksOf(bytes, size)) yield chunk;
}

export async function readAll(chunks: AsyncIterable<ClaimChunk> | Iterable<ClaimChunk>, source: string): Promise<ClaimReadEvent[]> {
  const events: ClaimReadEvent[] = [];
  for await (const event of read837(chunks, source)) events.push(event);
  return events;
}

export function claimsOf(events: readonly ClaimReadEvent[]): SubmittedClaim[] {
  return events.flatMap((e) => (e.kind === 'claim' ? [e.claim] : []));
}

export function findingsOf(events: readonly ClaimReadEvent[]): Finding[] {
  return events.flatMap((e) => (e.kind === 'finding' ? [e.finding] : []));
}

export function quarantinedOf(events: readonly ClaimReadEvent[]): Extract<ClaimReadEvent, { kind: 'quarantined' }>[] {
  return events.flatMap((e) => (e.kind === 'quarantined' ? [e] : []));
}

export function endOf(events: readonly ClaimReadEvent[]): ClaimEndEvent {
  const last = events[events.length - 1];
  if (last?.kind !== 'end') throw new Error('the last event is not end');
  return last;
}

export function readSample(name: string): ClaimReadEvent[] {
  return read837Text(sampleText(name), name);
}

/**
 * Values that are PHI in a sample: names, member ids and birth dates of subscribers and patients (NM1*IL,
 * NM1*QC, DMG). No finding message may contain one.
 */
export function phiOf(text: string): string[] {
  const values = new Set<string>();
  for (const segment of text.split('~')) {
    const e = segment.trim().split('*');
    if (e[0] === 'NM1' && (e[1] === 'IL' || e[1] === 'QC')) [e[3], e[4], e[9]].forEach((v) => v && v.length > 2 && values.add(v));
    if (e[0] === 'DMG' && e[2]) values.add(e[2]);
  }
  return [...values];
}
