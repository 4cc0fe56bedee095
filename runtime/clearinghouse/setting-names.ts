/**
 * The configuration variables of the clearinghouse settings, as runtime/config.ts reads them into
 * `config.clearinghouse`. Errors name these, so that the message says what to change.
 */
export const SETTING_NAMES = {
  kind: 'CLEARINGHOUSE_KIND',
  tradingPartner: 'CLEARINGHOUSE_TRADING_PARTNER',
  receiverId: 'CLEARINGHOUSE_RECEIVER_ID',
  host: 'CLEARINGHOUSE_SFTP_HOST',
  port: 'CLEARINGHOUSE_SFTP_PORT',
  user: 'CLEARINGHOUSE_SFTP_USER',
  keyFile: 'CLEARINGHOUSE_SFTP_KEY_FILE',
  keyPassphrase: 'CLEARINGHOUSE_SFTP_KEY_PASSPHRASE',
  password: 'CLEARINGHOUSE_SFTP_PASSWORD',
  hostKeyFingerprint: 'CLEARINGHOUSE_SFTP_HOST_KEY',
  remoteInbox: 'CLEARINGHOUSE_SFTP_INBOX',
  remoteOutbox: 'CLEARINGHOUSE_SFTP_OUTBOX',
  remoteArchive: 'CLEARINGHOUSE_SFTP_ARCHIVE',
  connectTimeoutSeconds: 'CLEARINGHOUSE_SFTP_TIMEOUT_SECONDS',
} as const;
