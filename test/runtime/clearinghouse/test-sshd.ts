/**
 * A real OpenSSH server for the SFTP tests: Debian's sshd (installed by the toolchain setup), run in the
 * foreground on a free loopback port with a config, host key and authorized key generated in a temp
 * folder, and stopped afterwards. It serves SFTP only (internal-sftp) and only to the user running the
 * tests, with the key made here; as root that user is root, allowed by this config alone.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensurePrivsepDir, openSshMissing, SSH_KEYGEN_PATH, SSHD_PATH } from '../../../worker/toolchain/openssh';
import { freePort } from '../../support/ports';

export interface TestSshd {
  port: number;
  user: string;
  /** The server's host key fingerprint, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** A private key the server accepts. */
  userKeyFile: string;
  /** A private key the server does not know, with its fingerprint (not the host's). */
  strangerKeyFile: string;
  strangerKeyFingerprint: string;
  /** A folder for the remote inbox and outbox: the server runs on this machine, so tests look inside. */
  root: string;
  stop(): Promise<void>;
}

/** Why the SFTP tests must be skipped here, or undefined when they can run. */
export function sshdUnavailable(): string | undefined {
  return openSshMissing();
}

function keygen(args: string[]): string {
  const r = spawnSync(SSH_KEYGEN_PATH, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`ssh-keygen ${args.join(' ')} failed: ${r.error?.message ?? ''}${r.stderr}`);
  return r.stdout;
}

function newKey(file: string): string {
  keygen(['-q', '-t', 'ed25519', '-N', '', '-C', path.basename(file), '-f', file]);
  // "256 SHA256:… comment (ED25519)"
  return keygen(['-l', '-f', `${file}.pub`]).split(' ')[1]!;
}

/** OpenSSH 9.8 added per-source penalties, which would lock out the auth-refused tests' address. */
function hasPenalties(): boolean {
  const version = /OpenSSH_(\d+)\.(\d+)/.exec(spawnSync(SSHD_PATH, ['-V'], { encoding: 'utf8' }).stderr ?? '');
  return !!version && Number(version[1]) * 100 + Number(version[2]) >= 908;
}


/** Resolves once the server sends its SSH banner. */
function banner(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('data', (d) => done(d.toString().startsWith('SSH-2.0-')));
    socket.once('error', () => done(false));
  });
}

function config(dir: string, port: number): string {
  const lines = [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${path.join(dir, 'host_ed25519')}`,
    'PidFile none',
    `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
    // The keys live under /tmp, which is not root-owned 0755 as StrictModes wants of every parent folder.
    'StrictModes no',
    'UsePAM no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding no',
    'X11Forwarding no',
    'PrintMotd no',
    'Subsystem sftp internal-sftp',
    'LogLevel INFO',
    ...(hasPenalties() ? ['PerSourcePenalties no'] : []),
  ];
  return `${lines.join('\n')}\n`;
}

async function launch(dir: string): Promise<{ child: ChildProcess; port: number }> {
  // A free port can be taken between the probe and the start: try a few.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const configFile = path.join(dir, 'sshd_config');
    fs.writeFileSync(configFile, config(dir, port), { mode: 0o600 });
    const child = spawn(SSHD_PATH, ['-D', '-e', '-f', configFile], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
    });
    const deadline = Date.now() + 15_000;
    while (child.exitCode === null && Date.now() < deadline) {
      if (await banner(port)) return { child, port };
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    if (attempt < 3 && /Address already in use/.test(log)) continue;
    throw new Error(`sshd did not start (exit ${child.exitCode}): ${log.trim()}`);
  }
}

export async function startTestSshd(): Promise<TestSshd> {
  ensurePrivsepDir();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-sshd-'));
  try {
    const hostKeyFingerprint = newKey(path.join(dir, 'host_ed25519'));
    newKey(path.join(dir, 'user_ed25519'));
    const strangerKeyFingerprint = newKey(path.join(dir, 'stranger_ed25519'));
    fs.copyFileSync(path.join(dir, 'user_ed25519.pub'), path.join(dir, 'authorized_keys'));
    const root = path.join(dir, 'remote');
    fs.mkdirSync(root, { mode: 0o700 });
    const { child, port } = await launch(dir);
    return {
      port,
      user: os.userInfo().username,
      hostKeyFingerprint,
      userKeyFile: path.join(dir, 'user_ed25519'),
      strangerKeyFile: path.join(dir, 'stranger_ed25519'),
      strangerKeyFingerprint,
      root,
      stop: async () => {
        if (child.exitCode === null) {
          const exited = new Promise((r) => child.once('exit', r));
          child.kill('SIGTERM');
          await exited;
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
