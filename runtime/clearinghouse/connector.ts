/**
 * One adapter for every file exchanged with the clearinghouse: claims (837) and status inquiries (276)
 * go out; remittances (835), claim status (277) and acknowledgements (999, 277CA) come in. The
 * implementations (a local folder pair, SFTP) differ only in where the files live.
 */

/** X12 transaction sets this product sends. */
export type OutboundKind = '837' | '276';

/** X12 transaction sets the clearinghouse sends back; 277CA is a 277 under the claim-acknowledgement guide. */
export type InboundKind = '835' | '277' | '277CA' | '999';

export interface OutboundFile {
  name: string;
  kind: OutboundKind;
  body: Buffer | string;
}

export interface SentFile {
  name: string;
  kind: OutboundKind;
  bytes: number;
  /** Hex SHA-256 of the body: what a later re-send is compared with. */
  sha256: string;
  /** Where it now is: a local path, or `sftp://host:port/remote/path`. */
  location: string;
  /** True when the same content was already there (a retried send): nothing was written. */
  alreadySent: boolean;
}

export interface InboundFile {
  name: string;
  bytes: number;
  mtime: Date;
}

export interface ClearinghouseConnector {
  /**
   * Puts the file in the outbox atomically (a temporary hidden name, then a rename), so the clearinghouse
   * never picks up half a file. Re-sending the same content is a no-op; a different file under a name
   * already there is refused, never overwritten.
   */
  send(file: OutboundFile): Promise<SentFile>;
  /** Files waiting in the inbox, oldest first; hidden (in-flight) files and folders are left out. */
  listInbound(): Promise<InboundFile[]>;
  fetchInbound(name: string): Promise<Buffer>;
  /**
   * Moves the file to the archive folder so it is not read twice. Acknowledging a file already archived
   * is a no-op, so a retried activity does not fail.
   */
  acknowledgeInbound(name: string): Promise<void>;
  close(): Promise<void>;
}
