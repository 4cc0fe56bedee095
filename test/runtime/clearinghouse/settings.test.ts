import { describe, expect, it } from 'vitest';
import { ClearinghouseSettings } from '../../../runtime/clearinghouse/settings';

const FINGERPRINT = `SHA256:${'A'.repeat(43)}`;
const sftp = { kind: 'sftp', tradingPartner: 'TP000123', host: 'sftp.clearinghouse.example', user: 'tp000123', keyFile: '/etc/denials/clearinghouse_ed25519', hostKeyFingerprint: FINGERPRINT };

function problems(input: unknown): string {
  const r = ClearinghouseSettings.safeParse(input);
  return r.success ? '' : r.error.issues.map((i) => i.message).join('\n');
}

describe('ClearinghouseSettings', () => {
  it('defaults to the local folder pair', () => {
    expect(ClearinghouseSettings.parse({ tradingPartner: 'TP000123' })).toEqual({ kind: 'folder', tradingPartner: 'TP000123' });
  });

  it('fills in the SFTP defaults: port 22, inbox and outbox folders, a 20 s timeout', () => {
    expect(ClearinghouseSettings.parse({ ...sftp, port: '2222' })).toEqual({
      ...sftp,
      port: 2222,
      hostKeyFingerprint: [FINGERPRINT],
      remoteInbox: 'inbox',
      remoteOutbox: 'outbox',
      connectTimeoutSeconds: 20,
    });
  });

  it('takes several fingerprints separated by commas, for a key rotation', () => {
    const next = `SHA256:${'b'.repeat(42)}+`;
    const parsed = ClearinghouseSettings.parse({ ...sftp, hostKeyFingerprint: `${FINGERPRINT}, ${next}` });
    expect(parsed.kind === 'sftp' && parsed.hostKeyFingerprint).toEqual([FINGERPRINT, next]);
  });

  it('names the setting to fix', () => {
    expect(problems({ ...sftp, hostKeyFingerprint: undefined })).toContain('CLEARINGHOUSE_SFTP_HOST_KEY');
    expect(problems({ ...sftp, hostKeyFingerprint: 'MD5:aa:bb' })).toContain('CLEARINGHOUSE_SFTP_HOST_KEY');
    expect(problems({ ...sftp, keyFile: undefined })).toMatch(/CLEARINGHOUSE_SFTP_KEY_FILE.*CLEARINGHOUSE_SFTP_PASSWORD/);
    expect(problems({ ...sftp, keyFile: undefined, password: 'p', keyPassphrase: 'x' })).toContain('CLEARINGHOUSE_SFTP_KEY_PASSPHRASE');
    expect(problems({ ...sftp, port: 70000 })).toContain('CLEARINGHOUSE_SFTP_PORT');
    expect(problems({ ...sftp, host: 'sftp://x' })).toContain('CLEARINGHOUSE_SFTP_HOST');
    expect(problems({ ...sftp, tradingPartner: '../etc' })).toContain('CLEARINGHOUSE_TRADING_PARTNER');
    expect(problems({ ...sftp, kind: 'ftp' })).toContain('CLEARINGHOUSE_KIND');
  });
});
