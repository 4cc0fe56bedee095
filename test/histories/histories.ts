/**
 * Where recorded histories live and how they are read: one JSON file per workflow run, under a folder per
 * recording (its tag). They are recorded through the product's own payload codec with a fixed test key, so
 * replay decodes them the way a worker decodes a production history.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DataConverter } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EncryptionCodec, makeKeyring } from '../../runtime/codec';

export const historiesDir = __dirname;
export const HISTORY_TASK_QUEUE = 'denials-histories';

/** A test key, not a secret: it only protects the made-up cases of the recorded scenarios. */
const HISTORIES_KEY = { id: 'histories', key: Buffer.alloc(32, 0x42) };

export function historiesDataConverter(): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(makeKeyring([HISTORIES_KEY]))] };
}

const History = temporal.api.history.v1.History;
/**
 * Histories are kept in protobufjs's plain-object form (64-bit numbers as strings, bytes as base64), which
 * round-trips exactly; the SDK's canonical JSON helpers fail here on a second copy of protobufjs.
 */
const PLAIN = { longs: String, enums: String, bytes: String, defaults: false } as const;

export function historyToPlain(history: temporal.api.history.v1.IHistory): unknown {
  return History.toObject(History.create(history), PLAIN);
}

export function historyFromPlain(plain: unknown): temporal.api.history.v1.History {
  return History.fromObject(plain as Record<string, unknown>);
}

export interface RecordedHistory {
  tag: string;
  file: string;
  workflowType: string;
  workflowId: string;
  history: temporal.api.history.v1.History;
}

export function recordedHistories(): RecordedHistory[] {
  const tags = fs
    .readdirSync(historiesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  return tags.flatMap((tag) =>
    fs
      .readdirSync(path.join(historiesDir, tag))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => {
        const raw = JSON.parse(fs.readFileSync(path.join(historiesDir, tag, file), 'utf8')) as { workflowId: string; history: unknown };
        return { tag, file, workflowType: file.split('--')[0] as string, workflowId: raw.workflowId, history: historyFromPlain(raw.history) };
      }),
  );
}
