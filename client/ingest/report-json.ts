/**
 * A streamed report as JSON, indented like JSON.stringify(report, null, 2) at the depth it is nested in:
 * the head, the claims array a line at a time, then the totals. A JSON reader sees the same report as
 * before; only the key order differs (totals, alreadyIngested and finishedAt now come after the claims,
 * as they are known only then).
 */
import type { ReportHead, ReportSink, ReportTail } from './report-stream';
import type { TextOut } from './text-out';

const pad = (depth: number) => '  '.repeat(depth);
const nested = (value: unknown, depth: number) => JSON.stringify(value, null, 2).replaceAll('\n', `\n${pad(depth)}`);

export interface ReportJson extends ReportSink {
  /** Closes a report whose run failed after it began, with the reason, so the document stays valid JSON. */
  abort(reason: string): Promise<void>;
  readonly state: 'new' | 'open' | 'closed';
}

/** Writes one report object to `out`, starting at the current position, nested `depth` levels deep. */
export function reportJson(out: TextOut, depth = 0): ReportJson {
  const key = (name: string, value: unknown) => `${pad(depth + 1)}${JSON.stringify(name)}: ${nested(value, depth + 1)}`;
  let claims = 0;
  let state: ReportJson['state'] = 'new';
  const closeClaims = () => (claims ? `\n${pad(depth + 1)}]` : ']');
  const close = async (fields: [string, unknown][]) => {
    state = 'closed';
    await out.write(`${closeClaims()},\n${fields.map(([k, v]) => key(k, v)).join(',\n')}\n${pad(depth)}}`);
  };
  return {
    get state() {
      return state;
    },
    async begin(head: ReportHead) {
      state = 'open';
      const fields = Object.entries(head).filter(([, v]) => v !== undefined);
      await out.write(`{\n${fields.map(([k, v]) => key(k, v)).join(',\n')},\n${pad(depth + 1)}"claims": [`);
    },
    async claim(line) {
      await out.write(`${claims++ ? ',' : ''}\n${pad(depth + 2)}${nested(line, depth + 2)}`);
    },
    async end(tail: ReportTail) {
      await close([
        ...(tail.answers ? [['answers', tail.answers] as [string, unknown]] : []),
        ['totals', tail.totals],
        ['alreadyIngested', tail.alreadyIngested],
        ['finishedAt', tail.finishedAt],
      ]);
    },
    async abort(reason) {
      if (state === 'open') await close([['error', reason]]);
    },
  };
}
