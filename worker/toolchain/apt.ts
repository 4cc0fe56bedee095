/**
 * Debian packages that only the tests need (PostgreSQL, Chromium): setup installs them with apt-get when
 * it may, as root on a system with apt-get. Otherwise the tests that need them are skipped.
 */
import { spawnSync } from 'node:child_process';
import { run, type Log } from './run';

/** Why setup cannot install a Debian package here, or undefined when it can. */
export function aptUnavailable(): string | undefined {
  if (process.getuid?.() !== 0) return 'setup is not running as root';
  const apt = spawnSync('apt-get', ['--version'], { stdio: 'ignore' });
  if (apt.error || apt.status !== 0) return 'apt-get is not available';
  return undefined;
}

export async function aptInstall(pkg: string, log: Log): Promise<void> {
  // Waits for another apt/dpkg run instead of failing on its lock.
  const install = ['-o', 'DPkg::Lock::Timeout=600', 'install', '-y', '--no-install-recommends', pkg];
  const opts = { cwd: '/', env: { DEBIAN_FRONTEND: 'noninteractive' }, log };
  const label = `apt-get install ${pkg}`;
  try {
    await run('apt-get', install, { ...opts, label });
  } catch {
    // A fresh image has no package lists: fetch them once and try again.
    log(`  ${label} failed; updating the package lists (apt-get update) and trying again…`);
    await run('apt-get', ['-o', 'DPkg::Lock::Timeout=600', 'update'], { ...opts, label: 'apt-get update' });
    await run('apt-get', install, { ...opts, label });
  }
}
