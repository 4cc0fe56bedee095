/** The clearinghouse connector: one interface for the files exchanged with it, over a local folder pair or SFTP. */
export type { ClearinghouseConnector, InboundFile, InboundKind, OutboundFile, OutboundKind, SentFile } from './connector';
export { ClearinghouseError, type ClearinghouseProblem } from './errors';
export { inboundKindOf } from './inbound-kind';
export { ClearinghouseSettings, type FolderClearinghouseSettings, type SftpClearinghouseSettings } from './settings';
export { SETTING_NAMES as CLEARINGHOUSE_SETTING_NAMES } from './setting-names';
export { clearinghouseFolders, FolderConnector, type ClearinghouseFolders } from './folder-connector';
export { SftpConnector } from './sftp-connector';
export { connectClearinghouse } from './connect';
export { openClearinghouse } from './from-config';
export { clearinghouseSettingsFrom, LOCAL_TRADING_PARTNER } from './config-settings';
