/**
 * One SSH connection with its SFTP channel, as promises. Opening it checks the pinned host key before any
 * credential is sent, and turns ssh2's connection errors into ones that say which setting to fix.
 */
import { Client, type ConnectConfig, type FileEntryWithStats, type SFTPWrapper, type Stats } from 'ssh2';
import { ClearinghouseError } from './errors';
import { fingerprintOf } from './host-key';
import { SETTING_NAMES as S } from './setting-names';

export interface SftpTarget {
  host: string;
  port: number;
  user: string;
  privateKey?: Buffer;
  passphrase?: string;
  password?: string;
  /** Fingerprints (SHA256:…) the server's host key may have: more than one while the clearinghouse rotates it. */
  hostKeyFingerprints: string[];
  timeoutMs: number;
}

/** SFTP status codes (draft-ietf-secsh-filexfer-02) that callers tell apart. */
export const SFTP_NO_SUCH_FILE = 2;
export const SFTP_PERMISSION_DENIED = 3;

export function sftpStatus(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

type SshError = Error & { level?: string; code?: string };

function connectionError(target: SftpTarget, err: SshError, presentedKey: string | undefined): ClearinghouseError {
  const where = `the clearinghouse SFTP server ${target.host}:${target.port}`;
  if (presentedKey) {
    return new ClearinghouseError(
      'host-key-mismatch',
      `${where} presented host key ${presentedKey}, which is not the one pinned in ${S.hostKeyFingerprint}; nothing was sent. ` +
        `If the clearinghouse has changed its key, confirm the new fingerprint with them (not from this message) and set ${S.hostKeyFingerprint} to it`,
    );
  }
  if (err.level === 'client-authentication') {
    const credential = target.privateKey ? `the key in ${S.keyFile}` : `the password in ${S.password}`;
    return new ClearinghouseError('auth-refused', `${where} refused user "${target.user}" with ${credential}: check ${S.user} and ${target.privateKey ? S.keyFile : S.password}`);
  }
  if (err.level === 'client-timeout' || err.code === 'ETIMEDOUT') {
    return new ClearinghouseError('unreachable', `${where} did not answer within ${Math.round(target.timeoutMs / 1000)}s: check ${S.host} and ${S.port}, and that a firewall lets this machine through`);
  }
  if (err.level === 'client-dns' || err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN') {
    return new ClearinghouseError('unreachable', `cannot find the host ${target.host} (DNS lookup failed): check ${S.host}`);
  }
  if (err.level === 'client-socket') {
    const why = err.code === 'ECONNREFUSED' ? 'connection refused' : (err.code ?? 'connection failed');
    return new ClearinghouseError('unreachable', `cannot reach ${where} (${why}): check ${S.host} and ${S.port}, and that the server is up`);
  }
  // A handshake failure (no common algorithm, a server that is not SSH): ssh2's message names no file content.
  return new ClearinghouseError('unreachable', `cannot open an SSH connection to ${where}: ${err.message}`);
}

function privateKeyError(err: Error): ClearinghouseError {
  // ssh2 says why it cannot parse a key ("Encrypted private OpenSSH key detected, but no passphrase given"), never the key.
  return new ClearinghouseError('key-unreadable', `the private key in ${S.keyFile} cannot be used: ${err.message.replace(/^Cannot parse privateKey: /, '')} (check ${S.keyFile} and ${S.keyPassphrase})`);
}

export class SftpSession {
  private closed = false;

  private constructor(
    private readonly client: Client,
    private readonly sftp: SFTPWrapper,
  ) {
    client.on('close', () => {
      this.closed = true;
    });
    // After the handshake a dropped connection only marks the session closed: the next call reconnects.
    client.on('error', () => {
      this.closed = true;
    });
  }

  static open(target: SftpTarget): Promise<SftpSession> {
    return new Promise((resolve, reject) => {
      const client = new Client();
      let presentedKey: string | undefined;
      let settled = false;
      const fail = (err: ClearinghouseError) => {
        if (settled) return;
        settled = true;
        client.end();
        reject(err);
      };
      const config: ConnectConfig = {
        host: target.host,
        port: target.port,
        username: target.user,
        privateKey: target.privateKey,
        passphrase: target.passphrase,
        password: target.password,
        readyTimeout: target.timeoutMs,
        keepaliveInterval: 15_000,
        tryKeyboard: false,
        hostVerifier: (key: Buffer) => {
          const fingerprint = fingerprintOf(key);
          if (target.hostKeyFingerprints.includes(fingerprint)) return true;
          presentedKey = fingerprint;
          return false;
        },
      };
      client.on('error', (err: SshError) => fail(connectionError(target, err, presentedKey)));
      client.on('close', () => fail(connectionError(target, Object.assign(new Error('the server closed the connection'), { level: 'client-ssh' }), presentedKey)));
      client.on('ready', () => {
        client.sftp((err, sftp) => {
          if (err) return fail(new ClearinghouseError('unreachable', `${target.host}:${target.port} accepted the login but offers no SFTP: ask the clearinghouse to enable the sftp subsystem for ${target.user}`));
          settled = true;
          client.removeAllListeners('error').removeAllListeners('close');
          resolve(new SftpSession(client, sftp));
        });
      });
      try {
        client.connect(config);
      } catch (err) {
        // ssh2 parses the private key synchronously, before connecting.
        settled = true;
        reject(privateKeyError(err as Error));
      }
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** The entry's attributes, or undefined when there is nothing under that path. */
  stat(remotePath: string): Promise<Stats | undefined> {
    return new Promise((resolve, reject) => {
      this.sftp.stat(remotePath, (err, stats) => {
        if (!err) resolve(stats);
        else if (sftpStatus(err) === SFTP_NO_SUCH_FILE) resolve(undefined);
        else reject(err);
      });
    });
  }

  readdir(remotePath: string): Promise<FileEntryWithStats[]> {
    return new Promise((resolve, reject) => this.sftp.readdir(remotePath, (err, list) => (err ? reject(err) : resolve(list))));
  }

  readFile(remotePath: string): Promise<Buffer> {
    return new Promise((resolve, reject) => this.sftp.readFile(remotePath, (err, data) => (err ? reject(err) : resolve(data))));
  }

  /** Creates the file (failing if the name is taken) with this mode, and writes all of `data`. */
  writeNewFile(remotePath: string, data: Buffer, mode: number): Promise<void> {
    return new Promise((resolve, reject) => this.sftp.writeFile(remotePath, data, { flag: 'wx', mode }, (err) => (err ? reject(err) : resolve())));
  }

  /**
   * SFTP v3 rename, not the posix-rename extension: OpenSSH's server does it with link() and unlink(), so
   * it fails rather than replace a file already under the new name.
   */
  rename(from: string, to: string): Promise<void> {
    return new Promise((resolve, reject) => this.sftp.rename(from, to, (err) => (err ? reject(err) : resolve())));
  }

  unlink(remotePath: string): Promise<void> {
    return new Promise((resolve, reject) => this.sftp.unlink(remotePath, (err) => (err ? reject(err) : resolve())));
  }

  mkdir(remotePath: string, mode: number): Promise<void> {
    return new Promise((resolve, reject) => this.sftp.mkdir(remotePath, { mode }, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.client.once('close', () => resolve());
      this.client.end();
    });
  }
}
