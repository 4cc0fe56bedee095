/**
 * The clearinghouse as a local folder pair under DATA_DIR, the default: outbound files wait in
 * clearinghouse/outbox/<trading partner>/ for whatever carries them (a clearinghouse's own client, a
 * sync job), and inbound files are dropped into clearinghouse/inbox/<trading partner>/. The folders sit
 * under clearinghouse/ because DATA_DIR's own inbox/ is the 835 drop folder and outbox/ holds mail.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { makePrivateDirAsync, OWNER_ONLY_FILE } from '../at-rest/private-files';
import { duplicateArchiveName } from './archive-name';
import type { ClearinghouseConnector, InboundFile, OutboundFile, SentFile } from './connector';
import { ClearinghouseError } from './errors';
import { alreadySentOrRefuse, checkFileName, prepareOutbound, sentFile, temporaryName } from './outbound-file';

export interface ClearinghouseFolders {
  outbox: string;
  inbox: string;
  /** Inbound files already taken, so they are not read twice. */
  archive: string;
}

export function clearinghouseFolders(dataDir: string, tradingPartner: string): ClearinghouseFolders {
  const root = path.join(dataDir, 'clearinghouse');
  const inbox = path.join(root, 'inbox', tradingPartner);
  return { outbox: path.join(root, 'outbox', tradingPartner), inbox, archive: path.join(inbox, 'archive') };
}

const errno = (err: unknown) => (err as NodeJS.ErrnoException).code;

async function readIfExists(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (err) {
    if (errno(err) === 'ENOENT') return undefined;
    throw err;
  }
}

function localError(err: unknown, doing: string): ClearinghouseError {
  if (err instanceof ClearinghouseError) return err;
  const code = errno(err);
  if (code === 'EACCES' || code === 'EPERM') return new ClearinghouseError('permission-denied', `${doing}: permission denied; this process's user must own the clearinghouse folders under DATA_DIR`);
  if (code === 'ENOSPC') return new ClearinghouseError('transfer-failed', `${doing}: the disk is full`);
  return new ClearinghouseError('transfer-failed', `${doing}: ${code ?? (err as Error).message}`);
}

export class FolderConnector implements ClearinghouseConnector {
  constructor(readonly folders: ClearinghouseFolders) {}

  async send(file: OutboundFile): Promise<SentFile> {
    const prepared = prepareOutbound(file);
    const final = path.join(this.folders.outbox, prepared.name);
    try {
      await makePrivateDirAsync(this.folders.outbox);
      const existing = await readIfExists(final);
      if (existing) return alreadySentOrRefuse(prepared, existing, final);
      const temporary = path.join(this.folders.outbox, temporaryName(prepared.name));
      try {
        const handle = await fs.open(temporary, 'wx', OWNER_ONLY_FILE);
        try {
          await handle.writeFile(prepared.bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // link() and not rename(): it fails when the name was taken meanwhile, where rename would replace it.
        await fs.link(temporary, final);
      } catch (err) {
        if (errno(err) !== 'EEXIST') throw err;
        return alreadySentOrRefuse(prepared, (await readIfExists(final)) ?? Buffer.alloc(0), final);
      } finally {
        await fs.rm(temporary, { force: true });
      }
      return sentFile(prepared, final);
    } catch (err) {
      throw localError(err, `sending ${prepared.name} to ${this.folders.outbox}`);
    }
  }

  async listInbound(): Promise<InboundFile[]> {
    let entries: string[];
    try {
      entries = await fs.readdir(this.folders.inbox);
    } catch (err) {
      if (errno(err) === 'ENOENT') return []; // nothing has arrived yet
      throw localError(err, `listing ${this.folders.inbox}`);
    }
    const files: InboundFile[] = [];
    for (const name of entries) {
      if (name.startsWith('.')) continue; // still being written by whoever drops it
      const stat = await fs.stat(path.join(this.folders.inbox, name)).catch(() => undefined);
      if (stat?.isFile()) files.push({ name, bytes: stat.size, mtime: stat.mtime });
    }
    return files.sort((a, b) => a.mtime.getTime() - b.mtime.getTime() || a.name.localeCompare(b.name));
  }

  async fetchInbound(name: string): Promise<Buffer> {
    checkFileName(name);
    const body = await readIfExists(path.join(this.folders.inbox, name)).catch((err: unknown) => {
      throw localError(err, `reading ${name} from ${this.folders.inbox}`);
    });
    if (!body) throw new ClearinghouseError('file-missing', `${name} is not in ${this.folders.inbox}`);
    return body;
  }

  async acknowledgeInbound(name: string): Promise<void> {
    checkFileName(name);
    const source = path.join(this.folders.inbox, name);
    const target = path.join(this.folders.archive, name);
    try {
      await makePrivateDirAsync(this.folders.archive);
      await this.archive(source, target);
    } catch (err) {
      throw localError(err, `archiving ${name} from ${this.folders.inbox}`);
    }
  }

  private async archive(source: string, target: string): Promise<void> {
    try {
      // link() then unlink(): an archived file of the same name is never replaced.
      await fs.link(source, target);
    } catch (err) {
      if (errno(err) === 'ENOENT') {
        if (await readIfExists(target)) return; // acknowledged before: a retry
        throw new ClearinghouseError('file-missing', `${path.basename(source)} is neither in ${path.dirname(source)} nor in its archive`);
      }
      if (errno(err) !== 'EEXIST') throw err;
      const [incoming, archived] = await Promise.all([fs.readFile(source), fs.readFile(target)]);
      // The clearinghouse reused a name for a new file: keep both.
      if (!incoming.equals(archived)) await fs.link(source, path.join(path.dirname(target), duplicateArchiveName(path.basename(target))));
    }
    await fs.unlink(source);
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}
