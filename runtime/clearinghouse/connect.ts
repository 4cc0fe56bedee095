/** The connector the settings ask for: the local folder pair under DATA_DIR, or the clearinghouse's SFTP server. */
import type { ClearinghouseConnector } from './connector';
import { clearinghouseFolders, FolderConnector } from './folder-connector';
import type { ClearinghouseSettings } from './settings';
import { SftpConnector } from './sftp-connector';

/** For SFTP this connects and checks the folders, so a wrong setting fails here with what to fix. */
export async function connectClearinghouse(settings: ClearinghouseSettings, dataDir: string): Promise<ClearinghouseConnector> {
  if (settings.kind === 'folder') return new FolderConnector(clearinghouseFolders(dataDir, settings.tradingPartner));
  const connector = new SftpConnector(settings);
  try {
    await connector.open();
  } catch (err) {
    await connector.close();
    throw err;
  }
  return connector;
}
