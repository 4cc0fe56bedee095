/**
 * The clearinghouse over SFTP: outbound files go to its outbox folder, inbound files are read from its
 * inbox folder and moved to an archive folder there once taken. One connection is kept and reopened
 * when it drops between calls.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { OWNER_ONLY_DIR, OWNER_ONLY_FILE } from '../at-rest/private-files';
import { duplicateArchiveName } from './archive-name';
import type { ClearinghouseConnector, InboundFile, OutboundFile, SentFile } from './connector';
import { ClearinghouseError } from './errors';
import { alreadySentOrRefuse, checkFileName, prepareOutbound, sentFile, temporaryName } from './outbound-file';
import type { SftpClearinghouseSettings } from './settings';
import { SETTING_NAMES as S } from './setting-names';
import { SFTP_NO_SUCH_FILE, SFTP_PERMISSION_DENIED, SftpSession, sftpStatus, type SftpTarget } from './sftp-session';

const remote = path.posix;

type Folder = 'inbox' | 'outbox' | 'archive';
const FOLDER_SETTING = { inbox: S.remoteInbox, outbox: S.remoteOutbox, archive: S.remoteArchive } as const;

export class SftpConnector implements ClearinghouseConnector {
  private session: SftpSession | undefined;
  private opening: Promise<SftpSession> | undefined;
  readonly folders: Record<Folder, string>;

  constructor(private readonly settings: SftpClearinghouseSettings) {
    this.folders = {
      inbox: settings.remoteInbox,
      outbox: settings.remoteOutbox,
      archive: settings.remoteArchive ?? remote.join(settings.remoteInbox, 'archive'),
    };
  }

  /** Connects and checks the folders, so a wrong setting shows at start-up rather than at the first file. */
  async open(): Promise<void> {
    const session = await this.live();
    for (const folder of ['inbox', 'outbox'] as const) {
      const stat = await session.stat(this.folders[folder]).catch((err: unknown) => this.fail(err, `checking the ${folder} folder`, folder));
      if (!stat?.isDirectory()) throw this.folderMissing(folder);
    }
    const archive = await session.stat(this.folders.archive).catch((err: unknown) => this.fail(err, 'checking the archive folder', 'archive'));
    if (archive?.isDirectory()) return;
    if (archive) throw this.folderMissing('archive');
    // The archive is ours to keep: made when missing, where the server allows it.
    await session.mkdir(this.folders.archive, OWNER_ONLY_DIR).catch((err: unknown) => this.fail(err, 'creating the archive folder', 'archive'));
  }

  async send(file: OutboundFile): Promise<SentFile> {
    const prepared = prepareOutbound(file);
    const session = await this.live();
    const final = remote.join(this.folders.outbox, prepared.name);
    const location = this.location(final);
    const doing = `sending ${prepared.name}`;
    const existing = await this.readIfExists(session, final, doing, 'outbox');
    if (existing) return alreadySentOrRefuse(prepared, existing, location);
    const temporary = remote.join(this.folders.outbox, temporaryName(prepared.name));
    try {
      await session.writeNewFile(temporary, prepared.bytes, OWNER_ONLY_FILE);
      await session.rename(temporary, final);
      return sentFile(prepared, location);
    } catch (err) {
      await session.unlink(temporary).catch(() => undefined);
      // A rename refused because the name is taken: another sender got there first (on a server whose
      // rename replaces files instead, the check above is what keeps a different file from being lost).
      const now = await this.readIfExists(session, final, doing, 'outbox');
      if (now) return alreadySentOrRefuse(prepared, now, location);
      throw this.fail(err, doing, 'outbox');
    }
  }

  async listInbound(): Promise<InboundFile[]> {
    const session = await this.live();
    const entries = await session.readdir(this.folders.inbox).catch((err: unknown) => this.fail(err, 'listing the inbox', 'inbox'));
    return entries
      .filter((e) => !e.filename.startsWith('.') && e.attrs.isFile())
      .map((e) => ({ name: e.filename, bytes: e.attrs.size, mtime: new Date(e.attrs.mtime * 1000) }))
      .sort((a, b) => a.mtime.getTime() - b.mtime.getTime() || a.name.localeCompare(b.name));
  }

  async fetchInbound(name: string): Promise<Buffer> {
    checkFileName(name);
    const session = await this.live();
    const body = await this.readIfExists(session, remote.join(this.folders.inbox, name), `reading ${name}`, 'inbox');
    if (!body) throw new ClearinghouseError('file-missing', `${name} is not in the inbox ${this.location(this.folders.inbox)}`);
    return body;
  }

  async acknowledgeInbound(name: string): Promise<void> {
    checkFileName(name);
    const session = await this.live();
    const source = remote.join(this.folders.inbox, name);
    const target = remote.join(this.folders.archive, name);
    const doing = `archiving ${name}`;
    try {
      await session.rename(source, target);
      return;
    } catch (err) {
      const [inInbox, inArchive] = await Promise.all([session.stat(source), session.stat(target)]).catch((e: unknown) => this.fail(e, doing, 'inbox'));
      if (!inInbox && inArchive) return; // acknowledged before: a retry
      if (!inInbox) throw new ClearinghouseError('file-missing', `${name} is neither in the inbox nor in the archive on ${this.where()}`);
      if (!inArchive) throw this.fail(err, doing, 'archive');
    }
    // The archive holds a file of that name already: the same one is dropped, a different one kept beside it.
    const [incoming, archived] = await Promise.all([session.readFile(source), session.readFile(target)]).catch((err: unknown) => this.fail(err, doing, 'archive'));
    if (incoming.equals(archived)) await session.unlink(source).catch((err: unknown) => this.fail(err, doing, 'inbox'));
    else await session.rename(source, remote.join(this.folders.archive, duplicateArchiveName(name))).catch((err: unknown) => this.fail(err, doing, 'archive'));
  }

  async close(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    await session?.close();
  }

  /** The open session, or a new one when there is none or it dropped. */
  private async live(): Promise<SftpSession> {
    if (this.session?.isOpen) return this.session;
    this.opening ??= this.connect().finally(() => {
      this.opening = undefined;
    });
    this.session = await this.opening;
    return this.session;
  }

  private async connect(): Promise<SftpSession> {
    const s = this.settings;
    const target: SftpTarget = {
      host: s.host,
      port: s.port,
      user: s.user,
      password: s.password,
      passphrase: s.keyPassphrase,
      hostKeyFingerprints: s.hostKeyFingerprint,
      timeoutMs: s.connectTimeoutSeconds * 1000,
    };
    if (s.keyFile) {
      target.privateKey = await fs.readFile(s.keyFile).catch((err: unknown) => {
        const code = (err as NodeJS.ErrnoException).code;
        throw new ClearinghouseError('key-unreadable', `cannot read the private key file named by ${S.keyFile} (${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code})`);
      });
    }
    return SftpSession.open(target);
  }

  private async readIfExists(session: SftpSession, file: string, doing: string, folder: Folder): Promise<Buffer | undefined> {
    try {
      return await session.readFile(file);
    } catch (err) {
      if (sftpStatus(err) === SFTP_NO_SUCH_FILE) return undefined;
      throw this.fail(err, doing, folder);
    }
  }

  private where(): string {
    return `${this.settings.host}:${this.settings.port}`;
  }

  private location(remotePath: string): string {
    return `sftp://${this.where()}/${remotePath.replace(/^\//, '')}`;
  }

  private folderMissing(folder: Folder): ClearinghouseError {
    return new ClearinghouseError('folder-missing', `the ${folder} folder "${this.folders[folder]}" does not exist on ${this.where()}: check ${FOLDER_SETTING[folder]}`);
  }

  /** An SFTP failure as an error that says what to fix; never with file contents. */
  private fail(err: unknown, doing: string, folder: Folder): never {
    if (err instanceof ClearinghouseError) throw err;
    const status = sftpStatus(err);
    if (status === SFTP_NO_SUCH_FILE) throw this.folderMissing(folder);
    if (status === SFTP_PERMISSION_DENIED) {
      throw new ClearinghouseError('permission-denied', `${doing}: ${this.where()} does not let ${this.settings.user} do that in "${this.folders[folder]}": check ${FOLDER_SETTING[folder]} with the clearinghouse`);
    }
    if (!this.session?.isOpen) throw new ClearinghouseError('unreachable', `${doing}: the connection to ${this.where()} dropped; nothing is lost, try again`);
    throw new ClearinghouseError('transfer-failed', `${doing} on ${this.where()} failed: ${(err as Error).message}`);
  }
}
