// Issue #12, PHI at rest: a data folder left group/world-readable by an older release is named at start,
// with the chmod that fixes it, and the files the app owns inside it are made owner-only.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { secureDataDir } from '../../runtime/at-rest/data-dir';

const mode = (p: string) => (fs.statSync(p).mode & 0o777).toString(8);

describe('data folder check at start', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'data-dir-check-'));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('warns about a 0755 data folder, naming it and the chmod, and makes the files it owns owner-only', () => {
    const dataDir = path.join(root, 'old-release');
    fs.mkdirSync(path.join(dataDir, 'documents', 'ab'), { recursive: true, mode: 0o755 });
    fs.chmodSync(dataDir, 0o755);
    fs.writeFileSync(path.join(dataDir, 'denials.sqlite'), '', { mode: 0o644 });
    fs.writeFileSync(path.join(dataDir, 'documents', 'ab', 'ab12'), 'x', { mode: 0o640 });
    fs.writeFileSync(path.join(dataDir, 'someone-elses.txt'), 'x', { mode: 0o644 });
    const warnings: string[] = [];

    secureDataDir(dataDir, (m) => warnings.push(m));

    expect(warnings.join('\n')).toContain(dataDir);
    expect(warnings.join('\n')).toContain(`chmod 700 ${dataDir}`);
    expect(mode(path.join(dataDir, 'denials.sqlite'))).toBe('600');
    expect(mode(path.join(dataDir, 'documents'))).toBe('700');
    expect(mode(path.join(dataDir, 'documents', 'ab'))).toBe('700');
    expect(mode(path.join(dataDir, 'documents', 'ab', 'ab12'))).toBe('600');
    // Not the app's: left as it is.
    expect(mode(path.join(dataDir, 'someone-elses.txt'))).toBe('644');
  });

  it('creates a missing data folder 0700 and says nothing about one that is already owner-only', () => {
    const dataDir = path.join(root, 'fresh', 'data');
    const warnings: string[] = [];
    secureDataDir(dataDir, (m) => warnings.push(m));
    expect(mode(dataDir)).toBe('700');
    secureDataDir(dataDir, (m) => warnings.push(m));
    expect(warnings).toEqual([]);
  });
});
