/**
 * The saved copy of a report, streamed into a sealed, owner-only file under DATA_DIR/reports/ as the claim
 * lines are produced: a 200 MB remittance's report is larger than the intake may hold in memory. It is
 * written under a temporary name and renamed once complete, so a crash leaves no half report under the
 * name the journal points to.
 */
import { finished } from 'node:stream/promises';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { CodecKeyring } from '../../runtime/codec';
import { makePrivateDir, tempFileBeside } from '../../runtime/at-rest/private-files';
import { createSealedWriteStream } from '../../runtime/at-rest/sealed-stream';
import { reportJson } from './report-json';
import type { ReportSink } from './report-stream';
import { textOut } from './text-out';

export const reportsFolder = (dataDir: string) => path.join(dataDir, 'reports');
export const savedReportName = (reportId: string) => `${reportId}.report.json`;

export interface SavedReportWriter extends ReportSink {
  /** Removes what was written when the run failed before the report ended. */
  discard(): Promise<void>;
}

export function savedReportWriter(dir: string, reportId: string, keyring: CodecKeyring): SavedReportWriter {
  makePrivateDir(dir);
  const file = path.join(dir, savedReportName(reportId));
  const tmp = tempFileBeside(file);
  const stream = createSealedWriteStream(tmp, keyring);
  const out = textOut(stream);
  const json = reportJson(out, 0);
  return {
    begin: (head) => json.begin(head),
    claim: (line) => json.claim(line),
    async end(tail) {
      await json.end(tail);
      await out.write('\n');
      await out.flush();
      stream.end();
      await finished(stream);
      await fsp.rename(tmp, file);
    },
    async discard() {
      stream.destroy();
      await finished(stream).catch(() => undefined);
      await fsp.rm(tmp, { force: true });
    },
  };
}
