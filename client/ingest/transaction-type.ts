/**
 * Which reader a file goes to: ST01 of its first transaction set, read from the start of its plaintext.
 * 837 goes to the claims reader; 277 and 999 to the claim status intake (a 277 under the 277CA guide,
 * 005010X214 in GS08 or ST03, is a claim acknowledgement, told as the clearinghouse connector tells it);
 * everything else to the remittance reader, which rejects what is not an 835 (a damaged ST01, text that
 * is not X12) with a positioned finding in its report, as every rejection is (the 835 fuzzer holds the
 * intake to that).
 */
import path from 'node:path';
import type { CodecKeyring } from '../../runtime/codec';
import { openedChunks } from '../../runtime/at-rest/sealed-stream';
import { detectDelimiters } from '../../domain/remittance/delimiters';
import { inboundKindOf } from '../../runtime/clearinghouse/inbound-kind';

export type TransactionType = { kind: 'remittance' } | { kind: 'claims' } | { kind: 'claim-status'; source: '277' | '277CA' | '999' };

/** An ISA, GS and ST fit in far less; a file whose first ST is not within this is left to the 835 reader. */
const HEAD_BYTES = 64 * 1024;

async function headOf(file: string, keyring: CodecKeyring | undefined): Promise<{ text: string; whole: boolean }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of openedChunks(file, keyring, path.basename(file))) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= HEAD_BYTES) return { text: new TextDecoder().decode(Buffer.concat(parts).subarray(0, HEAD_BYTES)), whole: false };
  }
  return { text: new TextDecoder().decode(Buffer.concat(parts)), whole: true };
}

/** The first ST's ST01 and its 1-based segment number in `text`, when the head is X12. */
export function firstSetType(text: string, final: boolean): { setType: string; segment: number } | undefined {
  const found = detectDelimiters(text, final);
  if (found.status !== 'found') return undefined;
  const { element, segment: terminator } = found.delimiters;
  const segments = text.slice(found.start).split(terminator);
  for (let i = 0; i < segments.length; i++) {
    const elements = segments[i]!.trim().split(element);
    if (elements[0] === 'ST') return { setType: (elements[1] ?? '').trim(), segment: i + 1 };
  }
  return undefined;
}

export async function transactionTypeOf(file: string, keyring: CodecKeyring | undefined): Promise<TransactionType> {
  const head = await headOf(file, keyring);
  const first = firstSetType(head.text, head.whole);
  if (first?.setType === '837') return { kind: 'claims' };
  if (first?.setType === '999') return { kind: 'claim-status', source: '999' };
  if (first?.setType === '277') return { kind: 'claim-status', source: inboundKindOf(head.text) === '277CA' ? '277CA' : '277' };
  return { kind: 'remittance' };
}
