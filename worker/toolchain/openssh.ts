/**
 * OpenSSH's server for the clearinghouse SFTP tests: Debian's `openssh-server` package, whose `sshd` the
 * tests run as a throwaway child on a loopback port (never as the system service). Setup installs it when
 * it may (root, apt-get); otherwise the SFTP tests are skipped, and setup says so in one line without failing.
 */
import fs from 'node:fs';
import { aptInstall, aptUnavailable } from './apt';
import type { Log } from './run';

/** sshd re-executes itself, so it must be started by its absolute path. */
export const SSHD_PATH = '/usr/sbin/sshd';
export const SSH_KEYGEN_PATH = '/usr/bin/ssh-keygen';

/** sshd (as root) refuses to start without its privilege-separation folder; /run is emptied at boot. */
const PRIVSEP_DIR = '/run/sshd';

function installed(): boolean {
  return fs.existsSync(SSHD_PATH) && fs.existsSync(SSH_KEYGEN_PATH);
}

/** Creates /run/sshd when running as root and it is missing (the system service would have made it). */
export function ensurePrivsepDir(): void {
  if (process.getuid?.() !== 0 || fs.existsSync(PRIVSEP_DIR)) return;
  fs.mkdirSync(PRIVSEP_DIR, { recursive: true, mode: 0o755 });
}

/** Why the SFTP tests cannot run here, or undefined when sshd and ssh-keygen are installed. */
export function openSshMissing(): string | undefined {
  if (installed()) return undefined;
  const why = aptUnavailable();
  const fix = why ? `${why}; install it with \`sudo apt-get install openssh-server\`` : 'run `npm run setup -- --openssh` to install it';
  return `OpenSSH's server is not installed (no ${SSHD_PATH} or ${SSH_KEYGEN_PATH}): ${fix}`;
}

/** sshd's path, or undefined when the SFTP tests will be skipped (the log says why). */
export async function ensureOpenSsh(log: Log): Promise<string | undefined> {
  if (installed()) {
    ensurePrivsepDir();
    return SSHD_PATH;
  }
  const why = aptUnavailable();
  if (why) {
    log(`SFTP tests will be skipped: OpenSSH's server is not installed and ${why} (install it with \`sudo apt-get install openssh-server\`).`);
    return undefined;
  }
  log('Installing OpenSSH for the clearinghouse SFTP tests (apt-get install openssh-server)…');
  const started = Date.now();
  try {
    // The tests never use the system service (they start their own sshd with their own config). In a
    // container policy-rc.d keeps that service stopped; on a machine run by systemd Debian starts it, as
    // it starts the cluster of its postgresql package.
    await aptInstall('openssh-server', log);
  } catch (err) {
    log(`SFTP tests will be skipped: ${(err as Error).message}`);
    return undefined;
  }
  if (!installed()) {
    log(`SFTP tests will be skipped: the install left no ${SSHD_PATH} or ${SSH_KEYGEN_PATH}.`);
    return undefined;
  }
  ensurePrivsepDir();
  log(`  OpenSSH ready in ${Math.round((Date.now() - started) / 1000)}s: ${SSHD_PATH}`);
  return SSHD_PATH;
}
