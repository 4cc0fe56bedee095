// Shared helpers for the remittance tests: where the samples are, chunked reading, event filters.
import fs from 'node:fs';
import path from 'node:path';
import {
  type ClaimEvent,
  type EndEvent,
  type Finding,
  readRemittance,
  type RemittanceChunk,
  type RemittanceReadEvent,
} from '../../../domain/remittance';

export const repoRoot = path.resolve(__dirname, '../../..');
export const samplesDir = path.join(repoRoot, 'samples');
export const badSamplesDir = path.join(samplesDir, 'bad');
/** The shared corpus sits next to the repository: <repo>/../shared/corpus/835. */
export const corpusDir = path.resolve(repoRoot, '../shared/corpus/835');

export function sample(name: string): Buffer {
  return fs.readFileSync(path.join(samplesDir, name));
}

/** Splits bytes into chunks of `size` (1 and 7 put segment and UTF-8 boundaries inside chunks). */
export function* chunksOf(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Like a file stream: an async source. */
export async function* asyncChunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (const chunk of chunksOf(bytes, size)) yield chunk;
}

export async function readAll(chunks: AsyncIterable<RemittanceChunk> | Iterable<RemittanceChunk>, source: string): Promise<RemittanceReadEvent[]> {
  const events: RemittanceReadEvent[] = [];
  for await (const event of readRemittance(chunks, source)) events.push(event);
  return events;
}

export function readBytes(bytes: Uint8Array, source: string, chunkSize = 65536): Promise<RemittanceReadEvent[]> {
  return readAll(asyncChunksOf(bytes, chunkSize), source);
}

export const claimsOf = (events: RemittanceReadEvent[]): ClaimEvent[] => events.filter((e): e is ClaimEvent => e.kind === 'claim');

export const findingsOf = (events: RemittanceReadEvent[]): Finding[] =>
  events.flatMap((e) => (e.kind === 'finding' ? [e.finding] : []));

export function endOf(events: RemittanceReadEvent[]): EndEvent {
  const last = events[events.length - 1];
  if (last?.kind !== 'end') throw new Error('the last event is not `end`');
  return last;
}

export const findingCodes = (events: RemittanceReadEvent[]): string[] => findingsOf(events).map((f) => f.code);

/** Claim by patient control number (first match). */
export function claimNamed(events: RemittanceReadEvent[], patientControlNumber: string): ClaimEvent {
  const found = claimsOf(events).find((c) => c.claim.patientControlNumber === patientControlNumber);
  if (found === undefined) throw new Error(`no claim ${patientControlNumber}`);
  return found;
}
