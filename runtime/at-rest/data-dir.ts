/**
 * The data folder at start: created owner-only when missing; when group or others can read it (a 0755
 * data/ from a release before owner-only modes), a warning names it and the chmod that fixes it. The
 * folder itself is left as it is, as it may be a mount point or shared on purpose; what the app owns in
 * it (the names below, when this user owns them) is made owner-only, so files written by an older
 * release do not stay readable by others.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isShared, makePrivateDir, OWNER_ONLY_DIR, OWNER_ONLY_FILE } from './private-files';

/** Files and folders the app writes directly under DATA_DIR. */
const OWNED_FILES = [
  'denials.sqlite',
  'denials.sqlite-wal',
  'denials.sqlite-shm',
  'temporal.db',
  'temporal.db-wal',
  'temporal.db-shm',
  'temporal-server.log',
  'temporal-server.pid',
  'codec-keys.json',
  'denial-id-key',
  'intake-api-key',
  'admin-password',
];
const OWNED_FOLDERS = ['documents', 'inbox', 'processed', 'rejected', 'uploads', 'reports', 'outbox', 'notifications', 'clearinghouse'];

const mine = (st: fs.Stats) => typeof process.getuid !== 'function' || st.uid === process.getuid();

/** Makes `p` owner-only if it is ours and shared; a shared folder's contents too. Counts what changed. */
function tighten(p: string): number {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(p);
  } catch {
    return 0;
  }
  if (st.isSymbolicLink() || !mine(st) || !isShared(st.mode)) return 0;
  if (st.isDirectory()) {
    fs.chmodSync(p, OWNER_ONLY_DIR);
    // A folder an older release made 0755 holds files it made 0644 or 0640; an owner-only one was
    // written by this release, so the walk stops there.
    let changed = 1;
    for (const entry of fs.readdirSync(p)) changed += tightenInside(path.join(p, entry));
    return changed;
  }
  if (!st.isFile()) return 0;
  fs.chmodSync(p, OWNER_ONLY_FILE);
  return 1;
}

function tightenInside(p: string): number {
  const st = fs.lstatSync(p);
  // Below a shared folder even an owner-only subfolder may hold shared files (a copy made with cp -p).
  if (st.isDirectory() && !isShared(st.mode) && mine(st)) {
    return fs.readdirSync(p).reduce((n, entry) => n + tightenInside(path.join(p, entry)), 0);
  }
  return tighten(p);
}

export function secureDataDir(dataDir: string, warn: (message: string) => void): { tightened: number } {
  if (!fs.existsSync(dataDir)) {
    makePrivateDir(dataDir);
    return { tightened: 0 };
  }
  const mode = fs.statSync(dataDir).mode & 0o777;
  if (isShared(mode)) {
    warn(`The data folder ${dataDir} can be read by other users of this machine (mode ${mode.toString(8)}), and it holds patient data: run \`chmod 700 ${dataDir}\`.`);
  }
  let tightened = 0;
  for (const name of [...OWNED_FILES, ...OWNED_FOLDERS]) tightened += tighten(path.join(dataDir, name));
  return { tightened };
}
